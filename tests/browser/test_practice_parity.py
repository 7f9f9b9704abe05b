"""The static site's practice cases: the JavaScript ask and grade give exactly what
soleuslib.practice gives, and a case can be worked to a grade with the keyboard, with no kernel."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest

from soleuslib import paths, practice, practice_compiled, triage
from soleuslib.triage import compiled

from .conftest import block_external, open_harness, parity_mismatches, write_harness

STATIC = paths.REPO_ROOT / "site" / "static"
GENERATED_ATTEMPTS = 360
BATCH = 120


def _harness(folder: Path) -> Path:
    compiled.write(folder)
    practice_compiled.write(folder)
    scripts = [compiled.FILE_NAME, (STATIC / "triage-form.js").as_uri(),
               practice_compiled.FILE_NAME, (STATIC / "practice.js").as_uri()]  # fmt: skip
    body = "<div class='soleus-static-practice' id='practice'></div>"
    return write_harness(folder, "practice harness", scripts, body)


@pytest.fixture(scope="module")
def harness(browser, tmp_path_factory):
    page_file = _harness(tmp_path_factory.mktemp("practice"))
    ready = "() => window.SoleusPractice && window.SOLEUS_PRACTICE"
    context, page, errors = open_harness(browser, page_file, ready, accept_downloads=True)
    yield page, errors
    context.close()


def _scripted(case: practice.Case) -> list[tuple]:
    """A careless, a slow-but-safe, a good and an under-triaging attempt at one case."""
    red = list(practice.red_flag_questions())
    need = [f for f in practice.needed(case) if f not in red]
    everything = list(triage.rule_book().findings)
    wrong = "routine" if case.expected_urgency != "routine" else "urgent"
    return [
        (case.id, ["pain_site", "onset", "felt_pop"], wrong, "soleus_strain"),
        (case.id, list(reversed(everything)), case.expected_urgency, case.expected_leading),
        (case.id, red + need, case.expected_urgency, case.expected_leading),
        (case.id, need[:2] + red[:4], wrong, None),
    ]


def _generated(count: int, seed: int = 20251125) -> list[tuple]:
    rng = random.Random(seed)
    cases = list(practice.cases())
    findings = list(triage.rule_book().findings)
    conditions = list(triage.rule_book().conditions)
    attempts = []
    for _ in range(count):
        questions = rng.sample(findings, rng.randint(0, len(findings)))
        if rng.random() < 0.2:
            questions += rng.sample(findings, 3)  # repeats count once
        leading = rng.choice(conditions + [None])
        attempts.append((rng.choice(cases), questions, rng.choice(triage.URGENCY_ORDER), leading))
    return attempts


def _python(attempt: tuple) -> dict:
    return json.loads(json.dumps(dataclasses.asdict(practice.grade(*attempt))))


def test_javascript_grade_matches_python_on_scripted_and_generated_attempts(harness):
    page, errors = harness
    attempts = [a for case in practice.cases().values() for a in _scripted(case)]
    attempts += _generated(GENERATED_ATTEMPTS)
    assert len(attempts) >= 300 + 4 * len(practice.cases())
    js = "(xs) => xs.map((a) => SoleusPractice.grade(a[0], a[1], a[2], a[3]))"
    mismatches = parity_mismatches(page, [list(a) for a in attempts], js, _python, BATCH)
    assert not errors
    assert not mismatches, f"{len(mismatches)} differ; first: {mismatches[0]}"


def test_javascript_ask_matches_python_for_every_case_and_question(harness):
    page, _ = harness
    pairs = [(c, f) for c in practice.cases() for f in triage.rule_book().findings]
    got = page.evaluate("(ps) => ps.map((p) => SoleusPractice.ask(p[0], p[1]))", pairs)
    assert got == [practice.ask(c, f) for c, f in pairs]


def test_javascript_attempt_rows_make_the_same_csv_as_python(harness):
    page, _ = harness
    attempts = _scripted(practice.cases()["tennis_leg"])
    rows = [practice.attempt_row(practice.grade(*a), "2025-11-25") for a in attempts]
    js = page.evaluate(
        "(xs) => SoleusPractice.attemptsCsv(xs.map((a) => "
        "SoleusPractice.attemptRow(SoleusPractice.grade(a[0], a[1], a[2], a[3]), '2025-11-25')))",
        [list(a) for a in attempts],
    )
    assert js == practice.attempts_csv(rows)


def test_a_case_is_worked_to_a_grade_with_the_keyboard_and_downloaded(harness, tmp_path):
    page, errors = harness
    form = page.locator("#practice")
    case = practice.cases()["numb_saddle"]
    form.locator("select.practice-case").select_option(case.id)
    questions = form.locator("select.practice-question")
    wanted = list(practice.red_flag_questions()) + ["back_pain_radiating_below_knee"]
    questions.focus()  # the list opens on the first red-flag question; Enter asks the selected one
    for _ in practice.red_flag_questions():
        page.keyboard.press("Enter")
    questions.select_option("back_pain_radiating_below_knee")
    page.keyboard.press("Enter")
    log = form.locator("ol.practice-log li")
    assert log.count() == len(wanted)
    assert (
        "Yes." in form.locator("li[data-finding=saddle_anaesthesia_or_bladder_change]").inner_text()
    )
    assert questions.locator("option[value=saddle_anaesthesia_or_bladder_change]").count() == 0
    # the decision, by keyboard: focus the first urgency radio (emergency), Space to pick it
    form.locator("input[value=emergency]").focus()
    page.keyboard.press("Space")
    form.locator("select.practice-leading").focus()
    form.locator("select.practice-leading").select_option("cauda_equina")
    form.locator("button.practice-grade").focus()
    page.keyboard.press("Enter")
    shown = page.evaluate("() => document.getElementById('practice').soleusGrade")
    assert shown == _python((case.id, wanted, "emergency", "cauda_equina"))
    assert shown["passed"]
    status = form.locator(".practice-feedback[role=status][aria-live=polite]").inner_text()
    assert "Pass:" in status and "cauda_equina__saddle_anaesthesia_or_bladder_change" in status
    with page.expect_download() as info:
        form.locator("a.practice-download").click()
    saved = tmp_path / "attempts.csv"
    info.value.save_as(saved)
    assert practice.read_attempts(saved)["case"].tolist() == [case.id]
    assert not errors


def test_lesson_06_page_of_the_site_runs_the_practice_form_without_a_kernel(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_external(context)
    page = context.new_page()
    page.goto(f"{site_url}/notebooks/06_practice_cases.html", wait_until="load")
    holder = page.locator(".soleus-static-practice.soleus-static-practice-ready")
    holder.wait_for(timeout=15_000)
    assert holder.count() == 1
    assert page.locator(".soleus-static-widget .practice-form").count() == 0
    context.close()
