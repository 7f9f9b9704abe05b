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

from soleuslib import paths

from .conftest import DESKTOP, WAIT_FOR_FIGURES, block_external, build_site, watch

AXE_JS = paths.REPO_ROOT / "site" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("critical", "serious")
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


def test_static_triage_student_mode_revealed_has_no_serious_accessibility_violations(
    browser, site_url
):
    context, page = open_site_page(browser, site_url + "notebooks/03_triage.html")
    try:
        holder = page.locator(".soleus-static-triage.soleus-static-triage-ready")
        holder.get_by_label("Student (commit first)").check()
        holder.locator("[data-finding=active_cancer] input[value=yes]").check()
        holder.get_by_label("Your urgency").select_option("routine")
        holder.get_by_label("Your leading condition").select_option("soleus_strain")
        holder.get_by_role("button", name="Show the answer").click()
        holder.locator(".triage-commitment").wait_for(timeout=5_000)
        violations = axe_violations(page)
    finally:
        context.close()
    assert_no_serious(violations, "lesson 03, student mode with the answer shown")


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


# --- keyboard: every control is reached with Tab, operated with keys, and shows its focus -------

MAX_TABS = 600
FOCUSED = """(selector) => {
  const el = document.activeElement;
  if (!el || !el.matches(selector)) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), focusVisible: el.matches(':focus-visible'),
    outline: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor,
    name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 80),
  };
}"""
FIGURE_MARKUP = "(id) => document.querySelector('#' + id + ' svg.main-svg').innerHTML"


def _luminance(css_colour: str) -> float:
    channels = [int(float(c)) for c in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]]
    linear = [
        (c / 255 / 12.92) if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(css_colour: str) -> float:
    return 1.05 / (_luminance(css_colour) + 0.05)


def tab_to(page, selector: str) -> dict:
    """Press Tab (keyboard only) until an element matching ``selector`` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED, selector)
        if focused:
            return focused
    raise AssertionError(f"Tab never reached {selector!r} in {MAX_TABS} presses")


def assert_visible_focus(page, focused: dict, what: str) -> None:
    """The focused element shows a ring: a real outline, 2 px or more, at least 3:1 against the
    white page, and the pixels around the element change when it has the focus."""
    assert focused["focusVisible"], f"{what}: :focus-visible does not match after Tab"
    assert focused["outline"] not in ("none", "hidden") and focused["width"] >= 2, (
        f"{what}: no focus outline ({focused['outline']} {focused['width']}px)"
    )
    assert contrast_on_white(focused["color"]) >= 3, (
        f"{what}: focus ring colour {focused['color']} has too little contrast on white"
    )
    box = page.evaluate(
        """() => { const r = document.activeElement.getBoundingClientRect();
                   return {x: r.left, y: r.top, width: r.width, height: r.height}; }"""
    )
    pad = 8
    clip = {
        "x": max(0, box["x"] - pad),
        "y": max(0, box["y"] - pad),
        "width": box["width"] + 2 * pad,
        "height": box["height"] + 2 * pad,
    }
    with_ring = page.screenshot(clip=clip)
    page.evaluate("() => document.activeElement.blur()")
    without = page.screenshot(clip=clip)
    assert with_ring != without, f"{what}: the focus ring does not show on screen"


@pytest.fixture
def site_page_at(browser, site_url):
    """Open a page of the site (figures drawn) in a fresh desktop context."""
    contexts = []

    def open_(path: str):
        context, page = open_site_page(browser, site_url + path)
        contexts.append(context)
        return page

    yield open_
    for context in contexts:
        context.close()


def test_tab_reaches_a_triage_radio_and_shows_its_focus(site_page_at):
    page = site_page_at("notebooks/03_triage.html")
    page.locator(".soleus-static-triage input[type=radio]").first.wait_for()
    focused = tab_to(page, ".soleus-static-triage input[type=radio]")
    assert_visible_focus(page, focused, "triage radio")
    # the result panel announces each new result politely
    assert page.locator(
        ".soleus-static-triage .triage-result[role=status][aria-live=polite]"
    ).count()


def test_tab_reaches_a_self_check_option_and_shows_its_focus(site_page_at):
    page = site_page_at("notebooks/01_soleus_anatomy.html")
    focused = tab_to(page, "fieldset.soleus-check summary")
    assert_visible_focus(page, focused, "self-check option")


def _figure_with(page, selector: str) -> str:
    ids = page.evaluate(
        "(sel) => [...document.querySelectorAll('div.soleus-plotly')]"
        ".filter(d => d.querySelector(sel)).map(d => d.id)",
        selector,
    )
    assert ids, f"no drawn figure has {selector!r}"
    return ids[0]


def test_a_figure_dropdown_is_named_reached_and_operated_with_the_keyboard(site_page_at):
    page = site_page_at("notebooks/01_soleus_anatomy.html")
    header = "g.updatemenu-header[role=button][tabindex='0']"
    div_id = _figure_with(page, header)
    focused = tab_to(page, f"#{div_id} {header}")
    before_name, before = focused["name"], page.evaluate(FIGURE_MARKUP, div_id)
    assert before_name and page.evaluate("() => document.activeElement.textContent.trim()") in (
        before_name
    )
    assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "false"
    assert_visible_focus(page, focused, "figure dropdown")
    page.locator(f"#{div_id} {header}").focus()
    page.keyboard.press("Enter")
    option = f"#{div_id} g.updatemenu-dropdown-button[role=button]"
    page.wait_for_function("(sel) => document.activeElement.matches(sel)", arg=option)
    assert page.locator(f"#{div_id} {header}").get_attribute("aria-expanded") == "true"
    assert page.locator(option).count() >= 2
    assert all(name for name in page.locator(option).evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"))  # fmt: skip
    # the open menu passes axe too (names, roles, states of the options)
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        "async ([id, tags]) => (await axe.run(document.getElementById(id), "
        "{runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,"
        " nodes: v.nodes.map(n => ({target: n.target.join(' ')}))}))",
        [div_id, WCAG_TAGS],
    )
    assert_no_serious(violations, f"open dropdown of {div_id}")
    chosen = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("ArrowDown")
    target = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert target != chosen
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([id, old]) => document.querySelector('#' + id + ' svg.main-svg').innerHTML !== old",
        arg=[div_id, before],
        timeout=10_000,
    )
    page.wait_for_function(
        "(sel) => document.activeElement.matches(sel)", arg=f"#{div_id} {header}"
    )
    assert page.locator(f"#{div_id} {header}").get_attribute("aria-label") == target


def test_a_figure_slider_is_named_reached_and_operated_with_the_keyboard(site_page_at):
    page = site_page_at("notebooks/02_kinetic_chain.html")
    slider = "[role=slider][tabindex='0']"
    div_id = _figure_with(page, slider)
    focused = tab_to(page, f"#{div_id} {slider}")
    control = page.locator(f"#{div_id} {slider}")
    assert focused["name"], "the figure's slider has no name"
    assert control.get_attribute("aria-valuenow") == "1"
    assert control.get_attribute("aria-valuetext")
    assert_visible_focus(page, focused, "figure slider")
    before = page.evaluate(FIGURE_MARKUP, div_id)
    control.focus()
    page.keyboard.press("End")
    last = control.get_attribute("aria-valuemax")
    page.wait_for_function(
        "([id, sel, last]) => document.querySelector('#' + id + ' ' + sel)"
        ".getAttribute('aria-valuenow') === last",
        arg=[div_id, slider, last],
        timeout=10_000,
    )
    page.wait_for_timeout(800)  # let an animated step finish
    assert page.evaluate(FIGURE_MARKUP, div_id) != before
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "([id, sel, want]) => document.querySelector('#' + id + ' ' + sel)"
        ".getAttribute('aria-valuenow') === want",
        arg=[div_id, slider, str(int(last) - 1)],
        timeout=10_000,
    )
    assert page.evaluate("(sel) => document.activeElement.matches(sel)", f"#{div_id} {slider}")
