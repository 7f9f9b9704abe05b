"""The patient view in Voilà: no code, plain notice, and the triage banner follows the answers."""

from __future__ import annotations

import pytest

from soleuslib import exercises, triage

from .conftest import PHONE, SCREENSHOTS, block_external, watch

DVT_CASE = {  # what a patient can report: a swollen leg after an operation
    "one_leg_swollen": True,
    "bedridden_3_days_or_major_surgery_12_weeks": True,
}
SOLEUS_CASE = {
    "breathless_chest_pain_or_coughing_blood": False,
    "pain_out_of_proportion": False,
    "tense_swollen_compartment": False,
    "cold_pale_foot_or_absent_pulse": False,
    "pop_or_kick_at_heel": False,
    "cannot_rise_on_tiptoe": False,
    "pain_site": "inner_calf",
    "onset": "gradual",
    "tightness_not_relieved_by_stretching": True,
}
CLINICIAN_ONLY_WORDS = ("Thompson", "examiner", "pitting oedema", "ankle (Achilles) reflex",
                        "Hop test", "Matles", "collateral superficial")  # fmt: skip


def label_xpath(finding_id: str) -> str:
    """XPath of the question's label, found by the question's own words (any form layout): an
    HTML line above the buttons, or the dropdown's own <label>."""
    text = triage.findings_spec()[finding_id].patient_question
    match = f"contains(normalize-space(.), {text!r})"
    holder = "contains(@class,'widget-html') or contains(@class,'widget-label')"
    return f"xpath=(//*[{holder}][{match}])[last()]"


def answer(page, finding_id: str, value) -> None:
    """Answer one question the way a clinician would: click, choose or type."""
    spec = triage.findings_spec()[finding_id]
    label = label_xpath(finding_id)
    if spec.type == "bool":
        word = "Yes" if value else "No"
        page.locator(f"{label}/following::button[normalize-space()='{word}'][1]").click()
    elif spec.type == "choice":
        choice = spec.choice_labels[spec.choices.index(value)]
        page.locator(f"{label}/following::select[1]").select_option(label=choice)
    else:
        field = page.locator(f"{label}/following::input[1]")
        field.fill(str(value))
        field.press("Tab")


def banner_level(page) -> str:
    classes = page.locator(".triage-urgency").get_attribute("class").split()
    return next(c.removeprefix("triage-urgency-") for c in classes if c != "triage-urgency")


@pytest.fixture(scope="module")
def patient_page(browser, voila_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_external(context)
    page = context.new_page()
    visit = watch(page, voila_url)
    page.goto(voila_url, wait_until="load", timeout=120_000)
    page.locator(".triage-urgency").wait_for(timeout=120_000)
    yield page, visit
    context.close()


def test_patient_view_shows_no_code_and_says_it_is_not_a_diagnosis(patient_page):
    page, _ = patient_page
    assert page.locator(".jp-CodeCell .jp-InputArea-editor, .cm-editor, .CodeMirror").count() == 0
    notice = page.locator(".patient-notice").inner_text()
    assert "not a diagnosis" in notice
    assert page.locator(".patient-exercise").count() >= 3
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Error" not in body
    assert "import " not in body and "site.patient_header" not in body


def test_patient_view_shows_the_warning_signs_above_the_first_question(patient_page):
    page, _ = patient_page
    notice = page.locator(".patient-notice").bounding_box()
    signs = page.locator(".patient-safety").bounding_box()
    questions = page.locator(".triage-form").first.bounding_box()
    assert notice["y"] + notice["height"] <= signs["y"]
    assert signs["y"] + signs["height"] <= questions["y"]
    text = page.locator(".patient-safety").inner_text()
    assert text.startswith("Get help now if")
    for sign in exercises.safety_signs()["plain"]:
        assert sign in text


def test_patient_view_uses_large_type(patient_page):
    page, _ = patient_page
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.patient-exercise p')).fontSize)"
    )
    assert size >= 20


def test_patient_view_starts_neutral_not_routine(patient_page):
    page, _ = patient_page
    assert banner_level(page) == "none"
    assert "Not checked yet" in page.locator(".triage-urgency").inner_text()
    assert page.locator(".triage-urgency-routine").count() == 0


def test_patient_view_has_no_clinician_only_question(patient_page):
    page, _ = patient_page
    form = page.locator(".triage-form").inner_text()
    for word in CLINICIAN_ONLY_WORDS:
        assert word not in form
    assert "Your clinician checks these" in form
    asked = {f for f, s in triage.findings_spec().items() if s.for_patient}
    assert page.locator(".triage-form .widget-toggle-buttons").count() == sum(
        triage.findings_spec()[f].type == "bool" for f in asked
    )


def test_result_panel_is_a_polite_live_region(patient_page):
    page, _ = patient_page
    region = page.locator(".triage-result[role=status][aria-live=polite]")
    assert region.count() == 1
    assert "Not checked yet" in region.inner_text()


def test_swelling_after_an_operation_raises_the_same_day_banner(patient_page):
    page, _ = patient_page
    for finding_id, value in DVT_CASE.items():
        answer(page, finding_id, value)
    page.locator(".triage-urgency-same_day").wait_for(timeout=15_000)
    assert "See a doctor today" in page.locator(".triage-result").inner_text()
    assert "blood clot in a leg vein" in page.locator(".triage-ask").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "patient_view_dvt.png"), full_page=True)


def test_breathless_with_a_swollen_calf_shows_the_emergency_words(patient_page):
    page, _ = patient_page
    answer(page, "breathless_chest_pain_or_coughing_blood", True)
    page.locator(".triage-urgency-emergency").wait_for(timeout=15_000)
    text = page.locator(".triage-result").inner_text()
    assert "Call an ambulance" in text and "blood clot in the lungs" in text
    assert "Wells" not in text


def test_soleus_answers_give_a_routine_banner(patient_page):
    page, _ = patient_page
    page.get_by_role("button", name="Start again").click()
    page.locator(".triage-urgency-none").wait_for(timeout=15_000)
    for finding_id, value in SOLEUS_CASE.items():
        answer(page, finding_id, value)
    page.locator(".triage-urgency-routine").wait_for(timeout=15_000)
    assert "physio" in page.locator(".triage-action").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "patient_view_soleus.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "patient_view.phone.png"), full_page=True)


def test_patient_view_raised_no_page_errors(patient_page):
    _, visit = patient_page
    assert visit.page_errors == []
    assert visit.console_errors == []
    assert visit.external_requests == []
    assert visit.failed_requests == []
