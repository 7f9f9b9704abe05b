"""The static site's triage form: the JavaScript engine gives exactly what assess() gives, and the
form works with no kernel, in both modes, from the keyboard."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest

from soleuslib import data, paths, triage
from soleuslib.triage import compiled
from soleuslib.widgets.triage import triage_form

from .conftest import block_external, open_harness, parity_mismatches, write_harness

FORM_JS = paths.REPO_ROOT / "site" / "static" / "triage-form.js"
GENERATED_SETS = 1200
BATCH = 200


def _harness(folder: Path) -> Path:
    compiled.write(folder)
    body = (
        "<div class='soleus-static-triage' data-mode='clinician' id='clinician'></div>"
        "<div class='soleus-static-triage' data-mode='patient' id='patient'></div>"
        "<div class='soleus-static-triage' data-mode='student' id='student'></div>"
    )
    return write_harness(folder, "triage harness", [compiled.FILE_NAME, FORM_JS.as_uri()], body)


@pytest.fixture(scope="module")
def harness(browser, tmp_path_factory):
    page_file = _harness(tmp_path_factory.mktemp("triage"))
    ready = "() => window.SoleusTriage && window.SOLEUS_TRIAGE_RULEBOOK"
    context, page, errors = open_harness(browser, page_file, ready)
    yield page, errors
    context.close()


def _generated(count: int, seed: int = 20261125) -> list[dict]:
    """Finding sets: each question asked or not; numbers at, around and between thresholds."""
    rng = random.Random(seed)
    specs = triage.rule_book().findings
    sets = []
    for _ in range(count):
        findings: dict = {}
        for fid, spec in specs.items():
            if rng.random() < 0.55:
                continue
            if spec.type == "bool":
                findings[fid] = rng.random() < 0.5
            elif spec.type == "choice":
                findings[fid] = rng.choice(spec.choices)
            else:
                special = [spec.min, spec.max, 0.5, 2.9, 2.99, 3.0, 4.9, 5.0, 5.1]
                pool = [v for v in special if spec.min <= v <= spec.max]
                findings[fid] = (rng.choice(pool) if rng.random() < 0.6
                                 else round(rng.uniform(spec.min, spec.max), 3))  # fmt: skip
        sets.append(findings)
    return sets


def _cases() -> list[dict]:
    return [triage.parse_findings(text) for text in data.load("triage_cases")["findings"]]


def _python(findings: dict) -> dict:
    result = json.loads(json.dumps(dataclasses.asdict(triage.assess(findings))))
    return result


def test_javascript_engine_matches_python_on_every_case_and_generated_finding_sets(harness):
    page, errors = harness
    sets = _cases() + _generated(GENERATED_SETS)
    assert len(sets) >= 1000 + len(data.load("triage_cases"))
    js = "(sets) => sets.map((f) => SoleusTriage.assess(f))"
    mismatches = parity_mismatches(page, sets, js, _python, BATCH)
    assert not errors
    assert not mismatches, f"{len(mismatches)} differ; first: {mismatches[0]}"


def _commitments() -> list[dict]:
    """Every case of data/triage_cases.csv, committed right and committed wrong."""
    names = list(triage.condition_names())
    items = []
    for findings in _cases():
        a = triage.assess(findings)
        lead = a.ranked[0] if a.ranked else names[0]
        wrong_lead = next(c for c in names if c != lead)
        lower = "routine" if a.urgency != "routine" else "same_day"
        for urgency, leading in ((a.urgency, lead), (lower, wrong_lead), ("emergency", names[-1])):
            items.append({"findings": findings, "urgency": urgency, "leading": leading})
    return items


def _python_commitment(item: dict) -> dict:
    a = triage.assess(item["findings"])
    c = triage.compare_commitment(a, item["urgency"], item["leading"])
    return json.loads(json.dumps(dataclasses.asdict(c)))


def test_javascript_commitment_sentences_match_compare_commitment(harness):
    page, errors = harness
    items = _commitments()
    assert len(items) >= 3 * 5
    assert any(i["urgency"] != triage.assess(i["findings"]).urgency for i in items)
    js = (
        "(items) => items.map((i) => SoleusTriage.compareCommitment("
        "SoleusTriage.assess(i.findings), i.urgency, i.leading))"
    )
    mismatches = parity_mismatches(page, items, js, _python_commitment, BATCH)
    assert not errors
    assert not mismatches, f"{len(mismatches)} differ; first: {mismatches[0]}"


def test_static_student_mode_hides_the_answer_until_committed_and_after_a_change(harness):
    page, errors = harness
    form = page.locator("#student")
    result = form.locator(".triage-result[role=status][aria-live=polite]")
    assert "Answer hidden" in result.inner_text()
    assert form.locator("[data-finding=positive_thompson_test]").count() == 1  # clinician questions
    form.locator("[data-finding=active_cancer] input[value=yes]").check()
    assert _banner(page, "student") == "none" and form.locator(".triage-ranked").count() == 0
    widget = triage_form(mode="student")
    for select, dropdown in (
        ("urgency", widget.commit_urgency),
        ("leading", widget.commit_leading),
    ):
        values = form.locator(f".triage-commit-{select} option").evaluate_all(
            "(os) => os.map((o) => [o.textContent, o.value])"
        )
        assert values == [list(o) for o in dropdown.options]  # the widget's choices, in its order
    button = form.get_by_role("button", name="Show the answer")
    assert button.is_disabled()
    form.get_by_label("Your urgency").select_option("same_day")
    leading = triage.assess({"active_cancer": True}).ranked[0]
    form.get_by_label("Your leading condition").select_option(leading)
    button.focus()
    page.keyboard.press("Enter")
    assert _banner(page, "student") == "same_day"
    expected = triage.compare_commitment(
        triage.assess({"active_cancer": True}), "same_day", leading
    )
    shown = form.locator(".triage-commitment-why li").all_inner_texts()
    assert shown == list(expected.explanation)
    assert "You matched the triage." in result.inner_text()
    form.locator("[data-finding=pitting_oedema] input[value=no]").check()  # any change hides it
    assert "Answer hidden" in result.inner_text() and _banner(page, "student") == "none"
    assert form.locator(".triage-commitment").count() == 0
    assert not errors


def test_python_g_format_is_reproduced(harness):
    page, _ = harness
    values = [0.0, 3.0, 2.9, 2.99, 20.0, 0.5, 3.33333333, 1e-05, 1234567.0, 0.0001]
    got = page.evaluate("(vs) => vs.map((v) => SoleusTriage.fmtG(v))", values)
    assert got == [f"{v:g}" for v in values]


def _banner(page, holder: str) -> str:
    classes = page.locator(f"#{holder} .triage-urgency").get_attribute("class").split()
    return next(c.removeprefix("triage-urgency-") for c in classes if c != "triage-urgency")


def test_static_form_starts_neutral_and_follows_the_answers_within_100_ms(harness):
    page, _ = harness
    assert _banner(page, "clinician") == "none"
    page.locator("#clinician [data-finding=active_cancer] input[value=yes]").check()
    assert _banner(page, "clinician") == "same_day"
    assert "D-dimer" in page.locator("#clinician .triage-action").inner_text()
    page.locator(
        "#clinician [data-finding=breathless_chest_pain_or_coughing_blood] input[value=yes]"
    ).check()
    assert _banner(page, "clinician") == "emergency"
    timings = page.evaluate("() => window.soleusTriageTimings")
    assert max(timings) < 100, timings
    page.locator("#clinician .triage-reset").click()
    assert _banner(page, "clinician") == "none"


def test_static_form_result_matches_python_for_a_case_typed_in(harness):
    page, _ = harness
    page.locator("#clinician .triage-reset").click()
    page.locator("#clinician select#st1-pain_site").select_option("achilles")
    page.locator("#clinician select#st1-onset").select_option("sudden")
    page.locator("#clinician [data-finding=felt_pop] input[value=yes]").check()
    page.locator("#clinician input#st1-calf_swelling_difference_cm").fill("2,5")
    shown = page.evaluate("() => document.getElementById('clinician').soleusAssessment")
    expected = _python({"pain_site": "achilles", "onset": "sudden", "felt_pop": True,
                        "calf_swelling_difference_cm": 2.5})  # fmt: skip
    assert shown == expected
    page.locator("#clinician input#st1-calf_swelling_difference_cm").fill("35")
    assert (
        "between 0 and 20 cm" in page.locator("#st1-calf_swelling_difference_cm-error").inner_text()
    )


def test_static_patient_mode_asks_only_patient_questions_in_plain_words(harness):
    page, _ = harness
    form = page.locator("#patient")
    asked = {f for f, s in triage.rule_book().findings.items() if s.for_patient}
    shown = set(
        form.locator("[data-finding]").evaluate_all("(ns) => ns.map((n) => n.dataset.finding)")
    )
    assert shown == asked
    text = form.inner_text()
    for word in ("Thompson", "examiner", "oedema", "Wells", "Matles"):
        assert word not in text
    assert "Not checked yet" in form.locator(".triage-result").inner_text()
    form.locator("[data-finding=breathless_chest_pain_or_coughing_blood] input[value=yes]").check()
    result = form.locator(".triage-result[role=status][aria-live=polite]").inner_text()
    assert "Call an ambulance" in result and "blood clot in the lungs" in result


def test_static_form_can_switch_mode_and_be_used_from_the_keyboard(harness):
    page, _ = harness
    page.locator("#clinician input[value=patient]").check()
    assert page.locator("#clinician [data-finding=positive_thompson_test]").count() == 0
    page.locator("#clinician input[value=clinician]").check()
    first = page.locator(
        "#clinician [data-finding=breathless_chest_pain_or_coughing_blood] input"
    ).first
    first.focus()
    page.keyboard.press("ArrowRight")  # radio group: Not asked -> Yes
    assert _banner(page, "clinician") == "emergency"
    focus = page.evaluate(
        "() => getComputedStyle(document.activeElement).outlineStyle !== 'none' "
        "|| getComputedStyle(document.activeElement).boxShadow !== 'none'"
    )
    assert focus


def test_lesson_03_page_of_the_site_runs_the_triage_form_without_a_kernel(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    block_external(context)
    page = context.new_page()
    page.goto(f"{site_url}/notebooks/03_triage.html", wait_until="load")
    holder = page.locator(".soleus-static-triage.soleus-static-triage-ready")
    holder.wait_for(timeout=15_000)
    assert holder.count() == 1
    # Lesson 03 embeds the student mode: switch to the clinician's form, which shows as you answer.
    holder.locator("input[value=clinician]").check()
    assert "triage-urgency-none" in holder.locator(".triage-urgency").get_attribute("class")
    holder.locator("[data-finding=active_cancer] input[value=yes]").check()
    holder.locator(".triage-urgency-same_day").wait_for(timeout=5_000)
    assert "D-dimer" in holder.locator(".triage-action").inner_text()
    holder.locator("input[value=patient]").check()
    assert holder.locator("[data-finding=positive_thompson_test]").count() == 0
    assert page.locator(".soleus-static-widget .triage-form").count() == 0  # no dead still copy
    context.close()
