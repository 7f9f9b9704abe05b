"""Self-checks: the data, the kernel-free HTML and its place in every lesson."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from soleuslib import catalog, data, paths, selfcheck
from soleuslib.selfcheck import Check

SELF_CHECK_CALL = re.compile(r"""self_check\(([^)]*)\)""")
SANITIZER = paths.REPO_ROOT / "site" / "node_modules" / "@jupyterlab" / "apputils" / "lib"


def _notebook_cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _selectors(notebook: Path) -> list[str]:
    """The selectors passed to self_check() in a notebook's code cells."""
    found = []
    for cell in _notebook_cells(notebook):
        if cell["cell_type"] == "code":
            for args in SELF_CHECK_CALL.findall("".join(cell["source"])):
                found += re.findall(r"""["']([^"']+)["']""", args)
    return found


class _Options(HTMLParser):
    """Each option disclosure of the HTML: (its class, summary text, revealed text)."""

    def __init__(self) -> None:
        super().__init__()
        self.options: list[dict] = []
        self.tags: list[str] = []
        self._where: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "details":
            self.options.append({"class": attrs.get("class", ""), "summary": "", "revealed": ""})
            self._where = "revealed"
        elif tag == "summary":
            self._where = "summary"

    def handle_endtag(self, tag):
        if tag == "summary":
            self._where = "revealed"
        elif tag == "details":
            self._where = None

    def handle_data(self, text):
        if self._where and self.options:
            self.options[-1][self._where] += text


def _parse(html_text: str) -> _Options:
    parser = _Options()
    parser.feed(html_text)
    return parser


def _check(**changes) -> Check:
    base = {
        "id": "demo",
        "lesson": "anatomy",
        "section": "1",
        "kind": "single choice",
        "question": "Which one?",
        "options": ("Right", "Wrong"),
        "correct": ("Right",),
        "explanation": "Because it is right.",
        "feedback": ("", "Wrong is wrong."),
        "refs": (),
    }
    return Check(**{**base, **changes})


# ----------------------------------------------------------------------------- the data


def test_the_self_checks_load_and_every_lesson_with_objectives_has_one():
    checks = selfcheck.checks()
    assert len(checks) >= 10
    for _, lesson in catalog.lessons().iterrows():
        notebook = paths.NOTEBOOKS_DIR / lesson["notebook"]
        text = "".join("".join(c["source"]) for c in _notebook_cells(notebook))
        if "## Learning objectives" in text:
            assert selfcheck.checks(lesson["id"]), f"lesson {lesson['id']} has no self-check"


@pytest.mark.parametrize("check", selfcheck.checks(), ids=lambda c: c.id)
def test_each_check_has_exactly_the_right_number_of_correct_answers(check):
    if check.kind == "single choice":
        assert len(check.correct) == 1 and check.correct[0] in check.options
    elif check.kind == "multiple choice":
        assert 2 <= len(check.correct) < len(check.options)
        assert set(check.correct) <= set(check.options)
    else:
        assert check.options == () and len(check.correct) == 1 and len(check.correct[0]) >= 10
    assert not check.feedback or len(check.feedback) == len(check.options)


@pytest.mark.parametrize("check", selfcheck.checks(), ids=lambda c: c.id)
def test_each_check_names_a_section_heading_of_its_lesson(check):
    lessons = catalog.lessons().set_index("id")
    notebook = paths.NOTEBOOKS_DIR / lessons.loc[check.lesson, "notebook"]
    headings = [
        line[3:].strip()
        for cell in _notebook_cells(notebook)
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("## ")
    ]
    assert any(h == check.section or h.startswith(f"{check.section}. ") for h in headings), (
        f"{check.id}: section '{check.section}' is not a '##' heading of {notebook.name}"
    )


def test_every_check_is_shown_once_by_a_cell_of_its_own_lesson():
    shown: list[str] = []
    for _, lesson in catalog.lessons().iterrows():
        for selector in _selectors(paths.NOTEBOOKS_DIR / lesson["notebook"]):
            found = selfcheck.select(selector)
            assert {c.lesson for c in found} == {lesson["id"]}, selector
            shown += [c.id for c in found]
    assert sorted(shown) == sorted(c.id for c in selfcheck.checks())


def test_a_lessons_reference_list_includes_the_sources_of_its_checks():
    assert "Winters2017MtssDiagnosis" in catalog.lesson_keys("triage")
    assert "Lai2015SoleusFascicles" in catalog.lesson_keys("anatomy")


@pytest.mark.parametrize(
    "old,new,column",
    [
        (",The tendon,", ",The ligament,", "correct"),
        ("Yes;No,No,", "Yes;No,Yes;No,", "correct"),
        (",start,", ",startt,", "lesson"),
        (";The demand index rises", ";;The demand index rises", "feedback"),
        (
            "single choice,A colleague says the short-foot",
            "multiple choice,A colleague says the short-foot",
            "correct",
        ),
        (",BarramunoMedina2024ShortFoot,check,", ",,check,", "refs"),
        (",BarramunoMedina2024ShortFoot,check,", ",BarramunoMedina2024ShortFoot,guess,", "purpose"),
        (
            ",BarramunoMedina2024ShortFoot,check,evaluate",
            ",BarramunoMedina2024ShortFoot,check,know",
            "level",
        ),
        ("{cite:p}`Winters", "{cite:t}`Winters", "correct"),
    ],
)
def test_a_malformed_check_is_refused_naming_file_line_and_column(data_copy, old, new, column):
    path = data_copy / "self_checks.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in self_checks.csv"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(data.DataFileError) as error:
        data.load("self_checks", data_dir=data_copy)
    assert str(error.value).startswith(f"self_checks.csv, line {line}, column '{column}'")


def test_an_unknown_selector_says_what_to_give_instead():
    with pytest.raises(KeyError, match="triage/1"):
        selfcheck.self_check("no_such_check")
    with pytest.raises(KeyError, match="known: .*triage/1"):
        selfcheck.self_check("triage/99")


# ----------------------------------------------------------------------------- the HTML


def test_the_right_option_reveals_correct_and_the_explanation():
    html_text = selfcheck.self_check("fibular_origin")._repr_html_()
    check = selfcheck.select("fibular_origin")[0]
    options = _parse(html_text).options
    assert [o["summary"] for o in options] == list(check.options)
    right = [o for o in options if o["summary"] == check.correct[0]]
    assert len(right) == 1 and "soleus-check-right" in right[0]["class"]
    assert right[0]["revealed"].startswith("Correct. The fibular origin is on the back")
    assert "(Wikipedia contributors, 2024; DocCheck Flexikon, 2020)" in right[0]["revealed"]


def test_a_wrong_option_reveals_not_quite_and_its_own_feedback():
    options = _parse(selfcheck.self_check("fibular_origin")._repr_html_()).options
    condyle = next(o for o in options if o["summary"] == "The lateral femoral condyle")
    assert "soleus-check-wrong" in condyle["class"]
    assert (
        condyle["revealed"] == "Not quite. The femoral condyle is where the gastrocnemius starts."
    )
    assert "Correct" not in condyle["revealed"]


def test_a_wrong_option_without_feedback_asks_to_try_again():
    options = _parse(selfcheck.check_html(_check(feedback=()))).options
    assert options[1]["revealed"] == "Not quite. Try another answer."
    assert _check().feedback_for("Wrong") == "Not quite. Wrong is wrong."
    assert _check().feedback_for("Right") == "Correct. Because it is right."


def test_a_free_text_check_folds_its_model_answer():
    html_text = selfcheck.self_check("triage_mtss_or_stress_fracture")._repr_html_()
    (model,) = _parse(html_text).options
    assert model["summary"] == "Compare with the model answer"
    assert model["revealed"].startswith("Model answer. Medial tibial stress syndrome")
    assert "(Winters et al., 2017)" in model["revealed"]
    assert "<code>stress_fracture</code>" in html_text


def test_the_html_escapes_every_text_from_the_data():
    nasty = _check(
        question="Is <b>bold</b> & safe?",
        options=("<script>alert(1)</script>", "a \"quoted\" 'one'"),
        correct=("<script>alert(1)</script>",),
        explanation="x < y & z > w, always.",
        feedback=("", "<img src=x onerror=alert(1)>"),
    )
    html_text = selfcheck.check_html(nasty)
    assert "<script" not in html_text and "<img" not in html_text and "<b>" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    assert "x &lt; y &amp; z &gt; w" in html_text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html_text


def test_the_html_needs_no_script_no_ids_and_no_form_inputs():
    html_text = selfcheck.self_check(*[c.id for c in selfcheck.checks()])._repr_html_()
    parser = _parse(html_text)
    assert not {"script", "input", "button", "iframe"} & set(parser.tags)
    assert not re.search(r"\s(id|name|for|on\w+)=", html_text)


def test_the_question_is_the_legend_of_a_fieldset():
    html_text = selfcheck.check_html(_check(), number=2)
    assert html_text.startswith('<fieldset class="soleus-check" data-check="demo"><legend>2. Which')


def test_the_output_is_a_mimebundle_with_plain_text_too():
    bundle = selfcheck.self_check("anatomy/1")._repr_mimebundle_()
    assert bundle["text/html"].startswith('<div class="soleus-checks"><style>')
    assert bundle["text/plain"].startswith("1. Before you lift the gastrocnemius away")
    assert "\n2. Where is the fibular (peroneal) origin" in bundle["text/plain"]
    assert "Answer: The back of the fibular head" in bundle["text/plain"]


@pytest.mark.skipif(
    shutil.which("node") is None or not (SANITIZER / "sanitizer.js").exists(),
    reason="needs node and site/node_modules (make site/node_modules/.package-lock.json)",
)
def test_jupyterlabs_sanitizer_keeps_every_option_working_in_an_untrusted_notebook(tmp_path):
    html_text = selfcheck.self_check("anatomy/1", "triage/3")._repr_html_()
    script = tmp_path / "sanitize.mjs"
    script.write_text(
        f"import {{ Sanitizer }} from '{SANITIZER / 'sanitizer.js'}';\n"
        "let input = '';\n"
        "process.stdin.on('data', d => input += d);\n"
        "process.stdin.on('end', () => process.stdout.write(new Sanitizer().sanitize(input)));\n"
    )
    result = subprocess.run(
        ["node", str(script)], input=html_text, capture_output=True, text=True, check=True
    )
    sanitized = result.stdout
    assert "<style>" not in sanitized  # JupyterLab drops it: the checks must work without it
    before, after = _parse(html_text).options, _parse(sanitized).options
    assert after == before
    for tag in ("fieldset", "legend", "details", "summary"):
        assert sanitized.count(f"<{tag}") == html_text.count(f"<{tag}"), tag
