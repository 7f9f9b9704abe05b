"""Figures read on a phone: at 360, 390, 768 and 1280 px, no text of a figure leaves its box, no two
labels overlap and none is under 11 px; on every lesson page of the site and in the handout's SVGs.

One browser context per width visits every lesson page once (the built site is reused: set
SOLEUS_SITE_DIR=_build/html to skip the build). The measuring script is ``figure_text.js``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from soleuslib.figures import MIN_TEXT_PX
from soleuslib.figures.anatomy import Y_RANGE_CM

from .conftest import (
    SCREENSHOTS,
    WAIT_FOR_FIGURES,
    WAIT_FOR_LAYOUT,
    block_external,
    lesson_pages,
    watch,
)
from .test_site_pages import EXTRA_PAGES

WIDTHS = (360, 390, 768, 1280)
HEIGHT = 900
SLACK_PX = 1  # anti-aliasing: a text box may reach this far past an edge
OVERLAP_PX = 2  # two text boxes overlap when they share more than this in both directions
MEASURE = (Path(__file__).with_name("figure_text.js")).read_text(encoding="utf-8")
LESSONS = [(path, nb) for path, nb in lesson_pages() if nb.exists()]
ALL_PAGES = EXTRA_PAGES + [path for path, _ in LESSONS]


def _describe(page: str, width: int, figure: dict) -> list[str]:
    lines = []
    for p in figure["problems"]:
        where = f"{page} at {width} px, figure {figure['title']!r}: {p['kind']} {p['what']}"
        other = f" and {p['otherWhat']} {p['other']!r}" if p.get("other") else ""
        lines.append(f"{where} {p['label']!r}{other} ({p['detail']})")
    return lines


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def measured(request, browser, site_url):
    """{page: [figure records]} for every lesson page at one width, in one browser context."""
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    block_external(context)
    page = context.new_page()
    results, errors = {}, {}
    for path, _ in LESSONS:
        visit = watch(page, site_url + path)
        page.goto(site_url + path, wait_until="load")
        page.wait_for_function(WAIT_FOR_FIGURES, timeout=30_000)
        page.wait_for_function(WAIT_FOR_LAYOUT, timeout=30_000)
        results[path] = page.evaluate(
            MEASURE, {"minPx": MIN_TEXT_PX, "slackPx": SLACK_PX, "overlapPx": OVERLAP_PX}
        )
        errors[path] = visit.page_errors + visit.console_errors  # a copy: later pages add on
    context.close()
    return width, results, errors


@pytest.mark.parametrize("path", [p for p, _ in LESSONS], ids=[Path(p).stem for p, _ in LESSONS])
def test_every_figure_keeps_its_text_legible_inside_its_box(measured, path):
    width, results, errors = measured
    assert errors[path] == [], f"{path} at {width} px: script errors {errors[path]}"
    figures = results[path]
    problems = [line for fig in figures for line in _describe(path, width, fig)]
    assert problems == [], "\n".join(problems)


def test_the_schematic_switches_to_numbered_callouts_on_a_phone(measured):
    width, results, _ = measured
    path = next(p for p, nb in LESSONS if nb.stem == "01_soleus_anatomy")
    schematics = [f for f in results[path] if f["title"].startswith("The soleus")]
    assert schematics, "lesson 01 shows no schematic"
    for fig in schematics:
        assert fig["layout"] == ("narrow" if width < 560 else "wide"), (width, fig["layout"])
        # The whole leg, floor to knee, and no more: the drawing is not shrunk to a sliver.
        assert fig["yRange"] == pytest.approx(list(Y_RANGE_CM), abs=0.5), fig["yRange"]
        if fig["layout"] == "narrow":
            assert fig["callouts"] >= 10 and fig["callouts"] == fig["numberedLabels"]
        else:
            assert fig["callouts"] == 0 and fig["numberedLabels"] == 0


@pytest.mark.parametrize("path", ALL_PAGES, ids=[Path(p).stem for p in ALL_PAGES])
def test_every_page_is_kept_as_a_phone_and_a_desktop_screenshot(page_reports, path):
    shot = page_reports(path).screenshot
    assert shot.is_file() and shot.with_suffix(".phone.png").is_file()
    assert shot.parent == SCREENSHOTS


# --- the handout's SVG poses ----------------------------------------------------------------------

SVG_TEXT = """(minPx) => [...document.querySelectorAll('svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
  const problems = [];
  if (box.left < -1 || box.right > window.innerWidth + 1) problems.push('past the page edge');
  if (box.width < 80) problems.push('drawing narrower than 80 px');
  const rects = texts.map(t => [t.textContent.trim(), t.getBoundingClientRect(),
                                parseFloat(getComputedStyle(t).fontSize)]);
  for (const [label, r, size] of rects) {
    if (size < minPx) problems.push(`${label}: ${size} px text`);
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 ||
        r.bottom > box.bottom + 1) problems.push(`${label}: outside the drawing`);
  }
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const a = rects[i][1], b = rects[j][1];
    if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 &&
        Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2)
      problems.push(`${rects[i][0]} overlaps ${rects[j][0]}`);
  }
  return {label: svg.getAttribute('aria-label') || '(svg)', problems};
})"""


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_the_handouts_svg_poses_fit_the_page_with_legible_text(browser, handout_file, width):
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    block_external(context)
    page = context.new_page()
    page.goto(handout_file.as_uri(), wait_until="load")
    drawings = page.evaluate(SVG_TEXT, MIN_TEXT_PX)
    context.close()
    assert drawings, "the handout has no SVG poses"
    problems = [f"{width} px, {d['label']}: {p}" for d in drawings for p in d["problems"]]
    assert problems == [], "\n".join(problems)
