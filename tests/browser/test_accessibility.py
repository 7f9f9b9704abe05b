"""Accessibility in Chromium: axe-core (WCAG 2.1 A and AA) on every page of the built site, the
patient view in Voilà and a rendered handout, plus keyboard focus that can be seen.

axe-core comes from npm (``site/package.json``, pinned) and is injected from
``site/node_modules`` with Playwright's ``add_script_tag(path=...)``: nothing is fetched from the
internet. The site's pages are taken from the build (every ``*.html`` outside ``_static``), so a
new page is checked as soon as the site has it. A page fails on any *critical* or *serious*
violation; each is printed with its rule id, impact, targets and help.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from soleuslib import exercises, handout, paths

from .conftest import DESKTOP, WAIT_FOR_FIGURES, block_external, build_site, watch

AXE_JS = paths.REPO_ROOT / "site" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("critical", "serious")
HANDOUT_PARAMS = {
    "display_name": "Siobhán O'Brien",
    "side": "left",
    "pain_site": "inner calf",
    "stage": "building",
    "exercise_ids": exercises.exercise_ids(),
    "sessions_per_week": 3,
    "reading_level": "plain",
    "clinician_name": "Dr Zoë Smith-Jones",
    "clinician_contact": "01234 567890",
}
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), impact: n.impact,
                              summary: n.failureSummary})),
  }));
}"""


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the built site (paths relative to its root), sorted."""
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*.html")
        if not p.relative_to(site_dir).parts[0].startswith("_")
    )


def pytest_generate_tests(metafunc):
    if "site_page" in metafunc.fixturenames:
        pages = site_pages(build_site())
        metafunc.parametrize("site_page", pages, ids=[p.removesuffix(".html") for p in pages])


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of the page as it is now (every impact)."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:10]:
            lines.append(f"    {node['target']}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def assert_no_serious(violations: list[dict], where: str) -> None:
    bad = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not bad, (
        f"{where}: {len(bad)} critical/serious accessibility violation(s):\n{describe(bad)}"
    )


# --- every page of the site ----------------------------------------------------------------------


def open_site_page(browser, url: str):
    context = browser.new_context(viewport=DESKTOP)
    block_external(context)
    page = context.new_page()
    watch(page, url)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")  # index.html redirects to the first lesson
    page.wait_for_function(WAIT_FOR_FIGURES, timeout=30_000)
    return context, page


def test_site_page_has_no_serious_accessibility_violations(browser, site_url, site_page):
    context, page = open_site_page(browser, site_url + site_page)
    try:
        violations = axe_violations(page)
    finally:
        context.close()
    assert_no_serious(violations, site_page)


# --- the patient view (Voilà) and a handout ------------------------------------------------------


def test_patient_view_has_no_serious_accessibility_violations(browser, voila_url):
    context = browser.new_context(viewport=DESKTOP)
    block_external(context)
    page = context.new_page()
    try:
        page.goto(voila_url, wait_until="load", timeout=120_000)
        page.locator(".triage-urgency").wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
    finally:
        context.close()
    assert_no_serious(violations, "patient view")


@pytest.fixture(scope="module")
def handout_file(tmp_path_factory) -> Path:
    return handout.render(HANDOUT_PARAMS, out_dir=tmp_path_factory.mktemp("handout-a11y"))


def test_handout_has_no_serious_accessibility_violations(browser, handout_file):
    context = browser.new_context(viewport=DESKTOP)
    block_external(context)
    page = context.new_page()
    try:
        page.goto(handout_file.as_uri(), wait_until="load")
        violations = axe_violations(page)
    finally:
        context.close()
    assert_no_serious(violations, handout_file.name)
