"""The patient handout: parameters are checked before anything runs; the rendered page is clean."""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path

import pytest

from soleuslib import exercises, handout, paths
from soleuslib.__main__ import main

GOOD = {
    "display_name": "J.D.",
    "side": "left",
    "pain_site": "inner calf",
    "stage": "building",
    "exercise_ids": ["short_foot_flat", "hinge_pallof"],
    "sessions_per_week": 3,
    "reading_level": "plain",
}


def _with(**changes):
    params = dict(GOOD)
    params.update(changes)
    return {k: v for k, v in params.items() if v is not ...}


@pytest.fixture
def no_notebook_run(monkeypatch):
    """Fail the test if papermill would be started."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the notebook ran although the parameters were bad")

    monkeypatch.setattr(handout, "_execute", refuse)


def test_good_parameters_validate_into_a_handout_params():
    params = handout.validate_params(GOOD)
    assert params.exercise_ids == ("short_foot_flat", "hinge_pallof")
    assert params.notebook_parameters()["exercise_ids"] == ["short_foot_flat", "hinge_pallof"]


@pytest.mark.parametrize(
    ("changes", "parameter", "message"),
    [
        (
            {"exercise_ids": ["short_foot_flat", "calf_raise"]},
            "exercise_ids",
            "unknown exercise id 'calf_raise'",
        ),
        ({"exercise_ids": "short_foot_flat"}, "exercise_ids", "must be a list"),
        ({"exercise_ids": []}, "exercise_ids", "must list 1 to 9"),
        ({"exercise_ids": ["hinge_pallof", "hinge_pallof"]}, "exercise_ids", "more than once"),
        ({"side": "up"}, "side", "side must be one of 'left', 'right', 'both' (got 'up')"),
        ({"stage": "done"}, "stage", "stage must be one of"),
        ({"reading_level": "expert"}, "reading_level", "reading_level must be one of"),
        ({"sessions_per_week": -2}, "sessions_per_week", "between 1 and 7 (got -2)"),
        ({"sessions_per_week": 0}, "sessions_per_week", "between 1 and 7 (got 0)"),
        ({"sessions_per_week": "3"}, "sessions_per_week", "must be a whole number"),
        ({"sessions_per_week": True}, "sessions_per_week", "must be a whole number"),
        ({"display_name": "A.B.\n<h1>"}, "display_name", "control characters"),
        ({"display_name": "A\x07B"}, "display_name", "control characters"),
        ({"display_name": "   "}, "display_name", "must not be empty"),
        ({"display_name": "x" * 61}, "display_name", "at most 60 characters (got 61)"),
        ({"pain_site": " \t "}, "pain_site", "pain_site must not be empty"),
        ({"pain_site": "calf\nshin"}, "pain_site", "control characters"),
        ({"pain_site": "calf\x00"}, "pain_site", "control characters"),
        ({"clinician_name": "Dr\tX"}, "clinician_name", "control characters"),
        ({"clinician_name": "y" * 61}, "clinician_name", "at most 60 characters"),
        ({"clinician_contact": "0123\r\n"[:5] + "4"}, "clinician_contact", "control characters"),
        ({"clinician_contact": 12345}, "clinician_contact", "must be text"),
        ({"side": ...}, "side", "side is required"),
        ({"nmae": "A.B."}, "nmae", "unknown parameter 'nmae'"),
    ],
)
def test_each_bad_parameter_gets_a_clear_error_naming_it(changes, parameter, message):
    with pytest.raises(handout.HandoutParamsError) as err:
        handout.validate_params(_with(**changes))
    assert err.value.parameter == parameter
    assert message in str(err.value)
    assert parameter in str(err.value)


@pytest.mark.parametrize(
    "changes",
    [
        {"exercise_ids": ["nope"]},
        {"side": "up"},
        {"sessions_per_week": -1},
        {"display_name": "A\x1bB"},
    ],
)
def test_bad_parameters_leave_no_file_and_never_start_the_notebook(
    changes, tmp_path, no_notebook_run
):
    out = tmp_path / "handouts"
    with pytest.raises(handout.HandoutParamsError):
        handout.render(_with(**changes), out_dir=out)
    assert not out.exists()


def test_a_failure_while_rendering_leaves_no_partial_file(tmp_path, monkeypatch):
    def broken(_params, folder: Path):
        (folder / "handout.ipynb").write_text("half written", encoding="utf-8")
        raise RuntimeError("kernel died")

    monkeypatch.setattr(handout, "_execute", broken)
    out = tmp_path / "handouts"
    with pytest.raises(RuntimeError, match="kernel died"):
        handout.render(GOOD, out_dir=out)
    assert not out.exists() or list(out.iterdir()) == []


def test_an_unsafe_file_name_is_refused_before_anything_runs(tmp_path, no_notebook_run):
    with pytest.raises(handout.HandoutParamsError, match="filename"):
        handout.render(GOOD, out_dir=tmp_path, filename="../escape.html")


def test_blocks_escape_text_from_parameters():
    params = handout.validate_params(_with(pain_site="<b>calf</b> & shin"))
    page = handout.header(params).html
    assert "&lt;b&gt;calf&lt;/b&gt; &amp; shin" in page
    assert "<b>calf</b>" not in page


def test_clinical_reading_level_adds_targets_and_evidence_but_plain_does_not():
    plain = handout.exercise_card(handout.validate_params(GOOD), "short_foot_flat", 1).html
    clinical = handout.exercise_card(
        handout.validate_params(_with(reading_level="clinical")), "short_foot_flat", 1
    ).html
    assert "Evidence" not in plain and "Targets" not in plain
    assert "Evidence" in clinical and "Barramuño-Medina" in clinical


def test_safety_box_lists_the_whole_warning_list_most_urgent_first():
    box = handout.safety_box(handout.validate_params(GOOD)).html
    levels = re.findall(r'class="safety-group safety-(\w+)"', box)
    assert levels == ["emergency", "same_day", "urgent", "routine"]
    for text in exercises.safety_signs()["plain"]:
        assert html.escape(text) in box


NAMES = ["Siobhán O'Brien", "Zoë Smith-Jones", "李小龍", "Ngũgĩ wa Thiong'o", "<script>x</script>"]


@pytest.mark.parametrize("name", NAMES)
def test_names_in_any_script_are_accepted_and_shown_as_text(name):
    params = handout.validate_params(_with(display_name=name))
    assert params.display_name == name
    page = handout.header(params).html
    assert f"Exercise plan for {html.escape(name, quote=False).replace(chr(39), '&#39;')}" in page
    assert "<script>" not in page


def test_a_name_is_stored_in_its_composed_unicode_form():
    decomposed = "Zoe\u0308 Smith-Jones"
    assert handout.validate_params(_with(display_name=decomposed)).display_name == "Zoë Smith-Jones"


@pytest.mark.parametrize(
    "field", ["display_name", "pain_site", "clinician_name", "clinician_contact"]
)
@pytest.mark.parametrize("bad", ["\n", "\t", "\x00", "\x1b[31m", "\u202e", "\u2028"])
def test_control_characters_are_refused_naming_the_field_and_the_character(field, bad):
    with pytest.raises(handout.HandoutParamsError) as err:
        handout.validate_params(_with(**{field: f"A{bad}B"}))
    assert err.value.parameter == field
    assert f"{field} must be text without control characters" in str(err.value)
    assert f"U+{ord(bad[0]):04X}" in str(err.value)


def test_clinician_fields_are_optional_and_shown_when_given():
    without = handout.header(handout.validate_params(GOOD)).html
    assert "<dt>Your clinician</dt>" not in without and "<dt>Contact</dt>" not in without
    given = _with(clinician_name="Dr Ana Núñez", clinician_contact="01234 567890 <clinic>")
    page = handout.header(handout.validate_params(given)).html
    assert "<dt>Your clinician</dt><dd>Dr Ana Núñez</dd>" in page
    assert "<dd>01234 567890 &lt;clinic&gt;</dd>" in page


def test_the_sheet_says_it_is_not_a_diagnosis():
    block = handout.notice(handout.validate_params(GOOD))
    assert "not a diagnosis" in block.html and "not a diagnosis" in repr(block)


def _stage_page(stage: str) -> str:
    params = handout.validate_params(
        _with(
            stage=stage, exercise_ids=["short_foot_flat", "short_foot_noodle", "overstriding_cue"]
        )
    )
    return handout.header(params).html + "".join(c.html for c in handout.exercise_cards(params))


def _focused(page: str) -> set[str]:
    """Ids of the cards marked as this stage's focus."""
    cards = page.split("<section")[1:]
    return {re.search(r'id="exercise-(\w+)"', c).group(1) for c in cards if 'class="focus"' in c}


def test_the_stage_changes_the_paragraph_the_dose_and_the_focus_not_only_the_label():
    early, building, running = (_stage_page(s) for s in ("early", "building", "return to running"))
    assert "Start easy" in early and "Build up slowly" in building
    assert "Go back to running a little at a time" in running
    # early prints the low end of each dose range; building prints the whole range
    assert "2 sets of 8 repetitions" in early and "8–12 repetitions" not in early
    assert "2 sets of 8–12 repetitions" in building
    # early warns before a harder version; the focus follows the stage's goals
    assert "This is a harder version" in early and "This is a harder version" not in building
    assert _focused(early) == {"short_foot_flat", "short_foot_noodle"}  # foot strength
    assert _focused(running) == {"short_foot_noodle", "overstriding_cue"}  # soleus, running form


def test_stage_claims_are_labelled_as_the_projects_teaching_plan():
    assert "the project&#39;s teaching plan, not a study finding" in _stage_page("early")


def _parameters_cell_defaults() -> dict:
    nb = json.loads(handout.HANDOUT_NOTEBOOK.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    tree = ast.parse("".join(cell["source"]))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body}


def test_handout_notebook_defaults_are_a_valid_fictional_example():
    defaults = _parameters_cell_defaults()
    assert tuple(defaults) == handout.PARAMETER_NAMES
    handout.validate_params(defaults)


def test_example_parameter_file_is_valid():
    values = handout.load_params_file(paths.REPO_ROOT / "examples" / "handout_params.yaml")
    assert re.fullmatch(r"([A-Z]\.){1,3}", values["display_name"])  # fictional initials only
    handout.validate_params(values)


def test_cli_reports_a_bad_parameter_in_one_line_and_writes_nothing(
    tmp_path, capsys, no_notebook_run
):
    example = paths.REPO_ROOT / "examples" / "handout_params.yaml"
    status = main(
        [
            "handout",
            "--params",
            str(example),
            "--sessions-per-week",
            "-1",
            "--out-dir",
            str(tmp_path / "h"),
        ]
    )
    assert status == 2
    assert capsys.readouterr().err.strip() == (
        "error: sessions_per_week must be between 1 and 7 (got -1)"
    )
    assert not (tmp_path / "h").exists()


def test_cli_flags_override_the_parameter_file(tmp_path, monkeypatch, capsys):
    seen = {}

    def fake_render(params, out_dir, filename=None, pdf=False, paper="a4"):
        seen["params"], seen["out_dir"] = params, out_dir
        return out_dir / "x.html"

    monkeypatch.setattr(handout, "render", fake_render)
    example = paths.REPO_ROOT / "examples" / "handout_params.yaml"
    status = main(
        [
            "handout",
            "--params",
            str(example),
            "--side",
            "both",
            "--exercise",
            "runners_lunge_noodle",
            "--exercise",
            "short_foot_flat",
            "--out-dir",
            str(tmp_path),
        ]
    )
    assert status == 0
    assert seen["params"].side == "both"
    assert seen["params"].exercise_ids == ("runners_lunge_noodle", "short_foot_flat")
    assert seen["params"].display_name == "K.M."  # from the file
    assert "handout written" in capsys.readouterr().out


MAX_HTML_BYTES = 200_000


@pytest.mark.slow
def test_handout_renders_end_to_end_into_a_small_clean_printable_page(tmp_path, capfd):
    chosen = ["short_foot_noodle", "runners_lunge_noodle", "glute_med_focus"]
    path = handout.render(
        _with(display_name="Siobhán O'Brien", pain_site="<b>calf</b> & shin", exercise_ids=chosen),
        out_dir=tmp_path / "handouts",
    )
    assert path == tmp_path / "handouts" / "handout_Siobhan-O-Brien.html"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left
    assert path.stat().st_size <= MAX_HTML_BYTES
    page = path.read_text(encoding="utf-8")
    body = page[page.index("<body>") :]
    # each chosen exercise with its inline SVG pose, the notice and the whole warning list
    for exercise_id in chosen:
        assert f'id="exercise-{exercise_id}"' in body
        assert re.search(rf'id="pose-{exercise_id}"><svg [^>]*role="img"', body)
    assert "3. Glute med strength (to limit pelvic drop)</h2>" in body
    assert "not a diagnosis" in body
    for text in exercises.safety_signs()["plain"]:
        assert html.escape(text) in body
    # no code, no prompts, no scripts at all (no plotly.js), a print stylesheet
    assert "validate_params" not in body and "import" not in body
    assert not re.search(r"In\s*(&nbsp;)?\[", body)
    assert "input_prompt" not in body and "jp-InputPrompt" not in body
    assert "<script" not in page and "plotly" not in page.lower()
    assert "@media print" in page and "break-inside: avoid" in page
    # parameter text escaped, the name in its own script
    assert re.search(r"<h1>Exercise plan for Siobhán O('|&#39;|&#x27;)Brien</h1>", body)
    assert "&lt;b&gt;calf&lt;/b&gt; &amp; shin" in body and "<b>calf</b>" not in body
    # the kernel's transport warnings stay off the terminal
    assert "WARNING" not in capfd.readouterr().err


@pytest.mark.slow
def test_cli_prints_one_result_line_and_nothing_else(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "soleuslib",
            "handout",
            "--params",
            "examples/handout_params.yaml",
            "--display-name",
            "李小龍",
            "--out-dir",
            str(tmp_path),
        ],
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == f"handout written: {tmp_path / 'handout_patient.html'}\n"
    assert result.stderr == ""


@pytest.mark.slow
def test_a_failure_while_printing_the_pdf_leaves_nothing_behind(tmp_path, monkeypatch):
    def broken(_page, target: Path, _paper):
        target.write_bytes(b"%PDF-half")
        raise RuntimeError("chromium crashed")

    monkeypatch.setattr(handout, "print_pdf", broken)
    out = tmp_path / "handouts"
    with pytest.raises(RuntimeError, match="chromium crashed"):
        handout.render(GOOD, out_dir=out, pdf=True)
    assert not out.exists() or list(out.iterdir()) == []


def test_a_pdf_file_name_must_end_in_pdf(tmp_path, no_notebook_run):
    with pytest.raises(handout.HandoutParamsError, match="filename must look like 'plan_AB.pdf'"):
        handout.render(GOOD, out_dir=tmp_path, filename="plan.html", pdf=True)


@pytest.mark.parametrize("stage", ["early", "building", "return to running"])
def test_the_stage_selects_its_rung_of_the_loading_ladder_with_the_pain_rule(stage):
    from soleuslib import loading

    params = handout.validate_params(_with(stage=stage))
    block = handout.stage_plan(params)
    plan = loading.stage_plan(stage)
    for step in plan["exercises"]:
        assert step["name"] in block.html
    assert "Pain up to 3 is fine" in block.html
    returning = stage == "return to running"
    assert ('class="checklist"' in block.html) is returning
    assert ("Your first week of running" in block.html) is returning


def test_stage_plans_differ_between_stages():
    html = {s: handout.stage_plan(handout.validate_params(_with(stage=s))).html
            for s in ("early", "building", "return to running")}  # fmt: skip
    assert len(set(html.values())) == 3
