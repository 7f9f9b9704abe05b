"""Self-checks in Chromium: on the built site with JavaScript switched off (no kernel, no script),
and in Voilà. A learner reaches the options with Tab, opens one with Enter or Space, and reads its
feedback.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from soleuslib import catalog, paths, selfcheck
from soleuslib.patient import view

from .conftest import DESKTOP, block_external, free_port, lesson_pages

LESSONS = lesson_pages()
ANATOMY_PAGE = "notebooks/01_soleus_anatomy.html"
MAX_TABS = 600

FOCUSED_SUMMARY = """() => {
  const el = document.activeElement;
  if (!el || el.tagName !== 'SUMMARY') return null;
  const box = el.closest('fieldset.soleus-check');
  const style = getComputedStyle(el);
  return {check: box && box.dataset.check, text: el.textContent,
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth)};
}"""


def _lesson_of(notebook: Path) -> str:
    lessons = catalog.lessons()
    return lessons.loc[lessons["notebook"] == notebook.name, "id"].iloc[0]


@pytest.fixture
def no_script_page(browser, site_url):
    """A page in a context with JavaScript disabled and the internet blocked."""
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    block_external(context)
    page = context.new_page()
    yield page
    context.close()


def _tab_to(page, check_id: str, option: str) -> dict:
    """Press Tab until the summary of ``option`` in check ``check_id`` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_SUMMARY)
        if focused and focused["check"] == check_id and focused["text"] == option:
            return focused
    raise AssertionError(f"Tab never reached option {option!r} of check {check_id}")


def test_keyboard_only_a_wrong_option_shows_its_feedback_and_the_right_one_correct(
    no_script_page, site_url
):
    page = no_script_page
    page.goto(site_url + ANATOMY_PAGE, wait_until="load")
    check = selfcheck.select("knee_changes_which")[0]
    wrong, right = check.options[0], check.correct[0]
    assert wrong not in check.correct and check.options.index(right) == 1
    box = page.locator('fieldset.soleus-check[data-check="knee_changes_which"]')
    wrong_option = box.locator("details", has=page.locator("summary", has_text=wrong))
    right_option = box.locator("details", has=page.locator("summary", has_text=right))
    assert not wrong_option.locator(".soleus-check-feedback").is_visible()
    assert not right_option.locator(".soleus-check-feedback").is_visible()

    focused = _tab_to(page, check.id, wrong)
    assert focused["outline"] != "none" and focused["outlineWidth"] > 0, "focus is not visible"
    page.keyboard.press("Enter")
    feedback = wrong_option.locator(".soleus-check-feedback")
    assert feedback.is_visible()
    assert feedback.inner_text() == check.feedback_for(wrong)
    assert "Not quite." in feedback.inner_text()
    assert not right_option.locator(".soleus-check-feedback").is_visible()

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_SUMMARY)["text"] == right
    page.keyboard.press("Space")
    answer = right_option.locator(".soleus-check-feedback")
    assert answer.is_visible()
    assert answer.inner_text().startswith(f"Correct. {check.explanation}")
    assert "Suzuki" in answer.inner_text()  # the source, as an author-year link
    assert answer.locator("a", has_text="Suzuki").count() == 1


@pytest.mark.parametrize("path,notebook", LESSONS, ids=[Path(p).stem for p, _ in LESSONS])
def test_each_lesson_page_shows_every_one_of_its_checks_without_script(
    no_script_page, site_url, path, notebook
):
    expected = [c.id for c in selfcheck.checks(_lesson_of(notebook))]
    page = no_script_page
    page.goto(site_url + path, wait_until="load")
    shown = page.locator("fieldset.soleus-check").evaluate_all(
        "els => els.map(e => e.dataset.check)"
    )
    assert shown == expected
    assert page.locator("fieldset.soleus-check summary").count() >= len(expected)


@pytest.fixture(scope="module")
def voila_lesson_url():
    """Lesson 00 served by Voilà (the patient view's template) on a free 127.0.0.1 port."""
    port = free_port()
    log = paths.REPO_ROOT / "_build" / "voila-selfcheck-test.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = view.voila_command(port, python=sys.executable)[:-1]
    command.append(str(paths.NOTEBOOKS_DIR / "00_start_here.ipynb"))
    with open(log, "w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=view.voila_env())
        try:
            deadline = time.monotonic() + 60
            while view.port_free(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Voilà did not start:\n" + log.read_text()[-3000:])
                time.sleep(0.3)
            yield f"http://127.0.0.1:{port}/"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_in_voila_the_keyboard_opens_the_same_feedback(browser, voila_lesson_url):
    context = browser.new_context(viewport=DESKTOP)
    block_external(context)
    page = context.new_page()
    try:
        page.goto(voila_lesson_url, wait_until="load")
        page.wait_for_selector("fieldset.soleus-check", timeout=60_000)
        check = selfcheck.select("start_short_foot_injury_risk")[0]
        wrong = next(o for o in check.options if o not in check.correct)
        box = page.locator(f'fieldset.soleus-check[data-check="{check.id}"]')
        _tab_to(page, check.id, wrong)
        page.keyboard.press("Enter")
        opened = box.locator("details[open] .soleus-check-feedback")
        assert opened.inner_text() == check.feedback_for(wrong)
        _tab_to(page, check.id, check.correct[0])
        page.keyboard.press("Enter")
        assert opened.nth(1).inner_text().startswith(f"{selfcheck.CORRECT} It measured")
    finally:
        context.close()
