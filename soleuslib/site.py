"""The static site's build helpers: light figure HTML, per-page assets, a light theme, the TOC.

* ``make site`` renders the notebooks' committed, nbval-verified outputs; it runs no kernel
  (``execute_notebooks: "off"``). Stored plotly JSON and saved widgets become light HTML through
  the MyST-NB mime renderer plugin in :mod:`soleuslib.site_outputs` (:func:`figure_html` here).
* Per-page assets: :data:`PAGE_ASSETS` lists the scripts and stylesheets that a page loads only
  when its HTML contains a marker; :func:`page_assets` decides, the Sphinx extension applies it.
* Light theme: the theme's 1.5 MB Font Awesome script and the search index on every page are
  dropped (``site/_templates/layout.html``), the few icons the pages use become a small generated
  SVG stylesheet (``_static/soleus-icons.css``), and the theme's stylesheets keep only the rules
  whose classes occur in the built pages or the site's scripts (:func:`light_css`).
* ``python -m soleuslib toc`` prints the table of contents from ``data/lessons.csv``.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soleuslib import launch, paths, review

SITE_DIR = paths.REPO_ROOT / "site"
NODE_MODULES = SITE_DIR / "node_modules"
# The site's own plotly.js bundle: only the trace types and components that the figures use
# (site/plotly/bundle.json), built from the npm plotly.js package (the version the plotly Python
# package bundles) by site/plotly/build.mjs with esbuild at `make site` / `make test` time, into
# node_modules' cache (never committed). tests/test_site.py checks every stored figure against it.
PLOTLY_BUILD = SITE_DIR / "plotly" / "build.mjs"
PLOTLY_BUNDLE_CONFIG = SITE_DIR / "plotly" / "bundle.json"
PLOTLY_BUNDLE = ".cache/soleus/plotly.min.js"


def plotly_bundle_config() -> dict[str, list[str]]:
    """The trace types and components the site's plotly.js bundle holds (bundle.json)."""
    import json

    config = json.loads(PLOTLY_BUNDLE_CONFIG.read_text(encoding="utf-8"))
    return {"traces": list(config["traces"]), "components": list(config["components"])}


BUNDLE_TRACE_TYPES = frozenset(plotly_bundle_config()["traces"])
BUNDLE_COMPONENTS = frozenset(plotly_bundle_config()["components"])
# Files copied from site/node_modules into the site's _static (destination -> source).
VENDORED_FILES = {
    "plotly.min.js": PLOTLY_BUNDLE,
    "mathjax/tex-chtml.js": "mathjax/es5/tex-chtml.js",
}
# Whole folders: MathJax's fonts and on-demand components (loaded only on pages with math).
VENDORED_DIRS = {
    "mathjax/input": ("mathjax/es5/input", (".js",)),
    "mathjax/output": ("mathjax/es5/output", (".js", ".woff")),
    "mathjax/ui": ("mathjax/es5/ui", (".js",)),
    "mathjax/a11y": ("mathjax/es5/a11y", (".js",)),
    "mathjax/adaptors": ("mathjax/es5/adaptors", (".js",)),
}
# Font Awesome (the theme's icon set, same version) as SVG files: the icons a page shows are built
# from them into one small stylesheet instead of the theme's 1.5 MB script and 156 KB font.
ICON_SVGS = "@fortawesome/fontawesome-free/svgs"
LIVE_NOTE = (
    "This is a still copy of an interactive demo. To use it live, open the notebook in "
    "JupyterLab (make lab) or with the launch button at the top of the page, if there is one."
)


# --- the plotly renderer -------------------------------------------------------------------------


def figure_json(fig_dict: dict[str, Any]) -> str:
    """The figure as compact, deterministic JSON, safe inside a ``<script>`` element."""
    from plotly.io.json import to_json_plotly

    spec = {
        "data": fig_dict.get("data", []),
        "layout": _trim_template(fig_dict),
        "frames": fig_dict.get("frames", []),
    }
    text = to_json_plotly(spec, pretty=False)
    return text.replace("</", "<\\/")


def _trim_template(fig_dict: dict[str, Any]) -> dict[str, Any]:
    """The layout with template defaults kept only for the trace types the figure uses."""
    layout = dict(fig_dict.get("layout", {}))
    template = layout.get("template")
    if not isinstance(template, dict) or not isinstance(template.get("data"), dict):
        return layout
    traces = list(fig_dict.get("data", []))
    for frame in fig_dict.get("frames", []):
        traces += frame.get("data", [])
    used = {trace.get("type", "scatter") for trace in traces}
    data = {kind: specs for kind, specs in template["data"].items() if kind in used}
    layout["template"] = {**template, "data": data}
    return layout


def figure_id(json_text: str) -> str:
    """A div id derived from the figure's content (same figure, same id)."""
    return "fig-" + hashlib.sha256(json_text.encode()).hexdigest()[:12]


def figure_alt(fig_dict: dict[str, Any]) -> str | None:
    """The text alternative stored by ``soleuslib.figures.finish`` or None."""
    meta = fig_dict.get("layout", {}).get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("alt"), str) and meta["alt"].strip():
        return meta["alt"].strip()
    return None


def figure_html(
    fig_dict: dict[str, Any], div_id: str | None = None, figure_ids: Counter | None = None
) -> str:
    """A figure as light HTML: a ``<figure>`` named by the text alternative, holding a sized div
    and its JSON; plotly.js is loaded by the page.

    ``figure_ids`` (one per page) numbers repeated figures so that ids stay unique on a page.
    """
    json_text = figure_json(fig_dict)
    if div_id is None:
        div_id = figure_id(json_text)
        if figure_ids is not None:
            figure_ids[div_id] += 1
            if figure_ids[div_id] > 1:
                div_id = f"{div_id}-{figure_ids[div_id]}"
    height = fig_dict.get("layout", {}).get("height") or 450
    alt = figure_alt(fig_dict)
    label = f' aria-label="{html.escape(alt, quote=True)}"' if alt else ""
    traces = len(fig_dict.get("data", []))
    # A <figure> named by the text alternative, not role="img" on the plot's div: plotly draws its
    # buttons, sliders and toolbar inside that div, and an image may hold no focusable controls
    # (axe: nested-interactive). soleus-figures.js hides the drawing itself from screen readers.
    return (
        f'<figure class="soleus-figure" data-traces="{traces}"{label}>'
        f'<div id="{div_id}" class="soleus-plotly" '
        f'style="width:100%;height:{int(height)}px"></div>'
        f'<script type="application/json" class="soleus-plotly-data">{json_text}</script>'
        "<noscript>This interactive figure needs JavaScript; its description follows.</noscript>"
        "</figure>"
    )


# --- table of contents ---------------------------------------------------------------------------


def toc_yaml() -> str:
    """The site's table of contents: every lesson of data/lessons.csv, in its order.

    ``make site`` writes it to ``_build/_toc.yml`` at build time, so it never drifts from the data.
    """
    from soleuslib import catalog

    stems = [Path(name).stem for name in catalog.lessons()["notebook"]]
    lines = [
        "# Written by `make site` from data/lessons.csv (python -m soleuslib toc).",
        "format: jb-book",
        f"root: notebooks/{stems[0]}",
        "chapters:",
    ]
    lines += [f"  - file: notebooks/{stem}" for stem in stems[1:]]
    return "\n".join(lines) + "\n"


# --- Sphinx extension ----------------------------------------------------------------------------


def copy_assets(target: Path, node_modules: Path = NODE_MODULES) -> list[Path]:
    """Copy the npm-vendored scripts (plotly.js among them) into ``target``; returns the files."""
    missing = [src for src in VENDORED_FILES.values() if not (node_modules / src).is_file()]
    if missing:
        raise FileNotFoundError(
            f"site assets missing under {node_modules}: {', '.join(missing)}; "
            "run `npm ci --prefix site` and `node site/plotly/build.mjs` (make site does both)"
        )
    written: list[Path] = []
    target.mkdir(parents=True, exist_ok=True)
    for dest, src in VENDORED_FILES.items():
        out = target / dest
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(node_modules / src, out)
        written.append(out)
    for dest, (src, suffixes) in VENDORED_DIRS.items():
        for path in sorted((node_modules / src).rglob("*")):
            if path.is_file() and path.suffix in suffixes:
                out = target / dest / path.relative_to(node_modules / src)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out)
                written.append(out)
    return written


def _add_vendor_static(app) -> None:
    from soleuslib import practice_compiled
    from soleuslib.triage import compiled

    target = Path(app.outdir).parent / "site_vendor"
    copy_assets(target)
    compiled.write(target)  # the rule book for the static triage form, from the validated data
    practice_compiled.write(target)  # the practice cases and grading constants, likewise
    app.config.html_static_path.append(str(target))
    templates = app.builder.templates
    if hasattr(templates, "environment"):
        templates.environment.filters["soleus_light_head"] = light_head


# --- per-page assets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageAsset:
    """Scripts and stylesheets (paths under ``_static``) that a page loads only when its HTML body
    contains ``marker``. Add one to :data:`PAGE_ASSETS` for a new kind of interactive output."""

    marker: str
    js: tuple[str, ...] = ()
    css: tuple[str, ...] = ()


PAGE_ASSETS: list[PageAsset] = [
    # Figures: soleus-figures.js fetches _static/plotly.min.js (the site's own bundle, ~0.9 MB)
    # once, on these pages only; soleus-responsive.js switches each figure to its narrow layout on
    # a phone (layout.meta).
    PageAsset('class="soleus-plotly"', js=("soleus-figures.js", "soleus-responsive.js")),
    # The triage form without a kernel: the compiled rule book (~55 KB) and its evaluator (~20 KB).
    PageAsset('class="soleus-static-triage"', js=("triage-rulebook.js", "triage-form.js")),
    # The practice cases without a kernel: the same engine plus the compiled cases and grader.
    PageAsset(
        'class="soleus-static-practice"',
        js=("triage-rulebook.js", "triage-form.js", "practice-cases.js", "practice.js"),
    ),
    # sphinx-design components (tabs, cards, dropdowns), should a page ever use one.
    PageAsset('class="sd-', js=("design-tabs.js",), css=("sphinx-design.min.css",)),
]
# Added to every page by other extensions; kept only where a PageAsset above asks for them.
ON_DEMAND_FILES = frozenset(f for a in PAGE_ASSETS for f in a.js + a.css)
# Scripts no page needs: Thebe (live code on Binder; unused, and it declares a global twice) and
# the saved widget state (widgets are rendered as still copies; see soleuslib.site_outputs).
DROPPED_SCRIPTS = ("sphinx-thebe.js", "THEBE_JS_URL", "application/vnd.jupyter.widget-state+json")


def page_assets(body: str) -> tuple[list[str], list[str]]:
    """The on-demand (scripts, stylesheets) a page needs, from the markers in its HTML body."""
    js: list[str] = []
    css: list[str] = []
    for asset in PAGE_ASSETS:
        if asset.marker in body:
            js += [f for f in asset.js if f not in js]
            css += [f for f in asset.css if f not in css]
    return js, css


def _asset_name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "").split("?")[0].removeprefix("_static/")


def _choose_assets(app, pagename, templatename, context, doctree) -> None:
    """html-page-context: keep each page's scripts and stylesheets to what its body needs."""
    js, css = page_assets(context.get("body", ""))
    for key, wanted in (("script_files", js), ("css_files", css)):
        files = context.get(key, [])
        kept = []
        for asset in files:
            text = _asset_name(asset) + str(getattr(asset, "attributes", {}))
            if any(mark in text for mark in DROPPED_SCRIPTS):
                continue
            name = _asset_name(asset)
            if name in ON_DEMAND_FILES and name not in wanted:
                continue
            kept.append(asset)
        files[:] = kept
        present = {_asset_name(a) for a in files}
        for name in wanted:
            if name not in present:
                (app.add_js_file if key == "script_files" else app.add_css_file)(name)


# --- light theme ---------------------------------------------------------------------------------

HEAVY_HEAD = re.compile(
    r'\s*<script[^>]*src="[^"]*(?:scripts/fontawesome\.js|searchtools\.js|language_data\.js|'
    r'searchindex\.js)[^"]*"[^>]*></script>'
)


def light_head(markup: str) -> str:
    """Template filter: the theme's <head> without its Font Awesome script (1.5 MB; icons come
    from soleus-icons.css) and without the search scripts and index (only search.html needs them:
    the theme's search-as-you-type is off)."""
    return HEAVY_HEAD.sub("", str(markup))


ICON_CLASS = re.compile(r'class="([^"]*\bfa-[^"]*)"')
ICON_STYLES = {
    "fa-solid": "solid",
    "fa-regular": "regular",
    "fa-brands": "brands",
    "fas": "solid",
    "far": "regular",
    "fab": "brands",
}
ICON_MODIFIERS = frozenset(
    {"fa-lg", "fa-xs", "fa-sm", "fa-xl", "fa-2x", "fa-fw", "fa-spin", "fa-pulse", "fa-border"}
    | set(ICON_STYLES)
)
ICON_CSS_HEAD = """/* Written by soleuslib.site at build time: the Font Awesome icons the pages use,
   as SVG masks (no icon font, no icon script). */
/* No element may ask for the icon font (an empty inline box with that font still loads it). */
:root { --fa-font-solid: normal 900 1em/1 sans-serif;
  --fa-font-regular: normal 400 1em/1 sans-serif; --fa-font-brands: normal 400 1em/1 sans-serif; }
.fa, .fa-solid, .fa-regular, .fa-brands, .fas, .far, .fab { font-family: inherit !important; }
.fa::before, .fa-solid::before, .fa-regular::before, .fa-brands::before,
.fas::before, .far::before, .fab::before {
  content: "" !important; display: inline-block; width: 1em; height: 1em; vertical-align: -0.125em;
  background-color: currentColor;
  -webkit-mask: var(--soleus-icon) center / contain no-repeat;
  mask: var(--soleus-icon) center / contain no-repeat;
}
"""


def icons_used(pages: list[str]) -> set[tuple[str, str]]:
    """(style, icon name) of every Font Awesome icon in the given HTML pages."""
    found = set()
    for markup in pages:
        for classes in ICON_CLASS.findall(markup):
            names = classes.split()
            style = next((ICON_STYLES[n] for n in names if n in ICON_STYLES), "solid")
            found |= {
                (style, n.removeprefix("fa-"))
                for n in names
                if n.startswith("fa-") and n not in ICON_MODIFIERS
            }
    return found


def icon_css(icons: set[tuple[str, str]], node_modules: Path = NODE_MODULES) -> str:
    """A stylesheet drawing each icon from its Font Awesome SVG (raises if one is missing)."""
    from urllib.parse import quote

    rules = [ICON_CSS_HEAD]
    for style, name in sorted(icons):
        svg_file = node_modules / ICON_SVGS / style / f"{name}.svg"
        if not svg_file.is_file():
            raise FileNotFoundError(f"no Font Awesome icon {style}/{name} under {svg_file.parent}")
        svg = re.sub(r"<!--.*?-->", "", svg_file.read_text(encoding="utf-8"), flags=re.S).strip()
        rules.append(f'.fa-{name} {{ --soleus-icon: url("data:image/svg+xml,{quote(svg)}"); }}\n')
    return "".join(rules)


THEME_ICON_VAR = re.compile(r'--pst-icon-([a-z-]+):"(\\[0-9a-f]+|[^"])"')
FA_GLYPH_RULE = re.compile(r'([^{}]+)\{content:"(\\[0-9a-f]+|[^"])"\}')
THEME_GLYPH_COLOUR = "#646464"


def _codepoint(text: str) -> int:
    return int(text[1:], 16) if text.startswith("\\") else ord(text)


def theme_glyph_css(theme_css: str, node_modules: Path = NODE_MODULES) -> str:
    """The theme's own icon glyphs (admonition titles, download links: ``--pst-icon-*``
    variables drawn with the Font Awesome font) redefined as small SVG images, so that no page
    needs the 156 KB icon font."""
    from urllib.parse import quote

    names: dict[int, list[str]] = {}
    for selectors, glyph in FA_GLYPH_RULE.findall(theme_css):
        found = re.findall(r"\.fa-([a-z0-9-]+):before", selectors)
        names.setdefault(_codepoint(glyph), []).extend(found)
    rules = []
    for var, glyph in THEME_ICON_VAR.findall(theme_css):
        for name in names.get(_codepoint(glyph), []):
            svg_file = next(
                (
                    node_modules / ICON_SVGS / style / f"{name}.svg"
                    for style in ("solid", "brands", "regular")
                    if (node_modules / ICON_SVGS / style / f"{name}.svg").is_file()
                ),
                None,
            )
            if svg_file:
                svg = re.sub(r"<!--.*?-->", "", svg_file.read_text(encoding="utf-8"), flags=re.S)
                svg = svg.strip().replace(
                    "<svg ", f'<svg width="16" height="16" fill="{THEME_GLYPH_COLOUR}" ', 1
                )
                rules.append(f'--pst-icon-{var}: url("data:image/svg+xml,{quote(svg)}");')
                break
    return ":root {\n  " + "\n  ".join(rules) + "\n}\n" if rules else ""


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside brackets and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote and text[i - 1] != "\\" else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _css_blocks(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs of a stylesheet; ``body`` is None-free, nested text kept."""
    blocks, i, n = [], 0, len(css)
    while i < n:
        open_at = css.find("{", i)
        semi = css.find(";", i)
        if open_at == -1:
            break
        if css[i:].lstrip().startswith("@") and semi != -1 and semi < open_at:
            blocks.append((css[i : semi + 1].strip(), ""))  # @import / @charset
            i = semi + 1
            continue
        depth, j, quote = 0, open_at, ""
        while j < n:
            ch = css[j]
            if quote:
                quote = "" if ch == quote and css[j - 1] != "\\" else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        prelude = re.sub(r"/\*.*?\*/", "", css[i:open_at], flags=re.S).strip()
        blocks.append((prelude, css[open_at + 1 : j]))
        i = j + 1
    return blocks


FUNCTIONAL_PSEUDO = re.compile(r":(?:not|is|where|has)\((?:[^()]|\([^()]*\))*\)")
CLASS_NAME = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
# Classes that scripts build from pieces (bootstrap's popper placements and so on): always kept.
KEPT_CLASS_PREFIXES = ("bs-", "tooltip", "popover", "dropdown", "collaps", "show", "fade", "modal")


def _selector_used(selector: str, used: set[str]) -> bool:
    classes = CLASS_NAME.findall(FUNCTIONAL_PSEUDO.sub("", selector))
    return all(c in used or c.startswith(KEPT_CLASS_PREFIXES) for c in classes)


def light_css(css: str, used: set[str]) -> str:
    """The stylesheet without rules that no page can match: a rule stays if one of its selectors
    names only classes in ``used`` (words of the built pages and the site's scripts)."""
    out = []
    for prelude, body in _css_blocks(css):
        if prelude.startswith("@"):
            if not body:
                out.append(prelude)
            elif re.match(r"@(media|supports|layer|container)\b", prelude):
                inner = light_css(body, used)
                if inner:
                    out.append(f"{prelude}{{{inner}}}")
            else:
                out.append(f"{prelude}{{{body}}}")
        elif any(_selector_used(s, used) for s in _split_top(prelude, ",")):
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


# Theme stylesheets trimmed by light_css (the theme's Bootstrap and Font Awesome rules are most of
# their weight; only rules for classes that occur nowhere on the site are removed).
LIGHT_CSS_FILES = (
    "styles/pydata-sphinx-theme.css",
    "mystnb.*.css",
    "styles/sphinx-book-theme.css",
    "basic.css",
    "pygments.css",
    "togglebutton.css",
    "copybutton.css",
    "sphinx-thebe.css",
)
WORD = re.compile(r"[A-Za-z0-9_-]+")


def _lighten_site(app, exception) -> None:
    """build-finished: write soleus-icons.css and trim the theme's stylesheets."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    static = out / "_static"
    theme_css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    icons = icon_css(icons_used(pages)) + theme_glyph_css(theme_css)
    (static / "soleus-icons.css").write_text(icons, encoding="utf-8")
    used: set[str] = set()
    scripts = [
        p for p in static.rglob("*.js") if p.name != "plotly.min.js" and "mathjax" not in p.parts
    ]
    for text in pages + [p.read_text(encoding="utf-8") for p in scripts]:
        used |= set(WORD.findall(text))
    for pattern in LIGHT_CSS_FILES:
        for sheet in static.glob(pattern):
            sheet.write_text(light_css(sheet.read_text(encoding="utf-8"), used), encoding="utf-8")


# --- bibliography markup -------------------------------------------------------------------------


def visit_citation(self, node) -> None:
    """HTML of a bibliography entry: docutils' markup with ``role="listitem"`` instead of the
    deprecated ``doc-biblioentry`` (DPUB-ARIA 1.1). The entries sit in docutils'
    ``<div role="list" class="citation-list">``; a list may only own list items, and axe reports
    the deprecated role (aria-deprecated-role) and the list's children (aria-required-children)."""
    from docutils import nodes

    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node) -> None:
    from docutils import nodes

    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def visit_hidden_input(self, node) -> None:
    """MyST-NB's "Show code cell source" disclosure without ``aria-label="Toggle hidden
    content"``: that label replaced the visible words as the summary's name (axe:
    label-content-name-mismatch, WCAG 2.5.3). The name is now the visible prompt."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(
        f'<p class="collapsed admonition-title">{html.escape(node["prompt_show"])}</p>\n'
    )
    self.body.append(
        f'<p class="expanded admonition-title">{html.escape(node["prompt_hide"])}</p>\n'
    )
    self.body.append("</summary>\n")


def depart_hidden_input(self, node) -> None:
    self.body.append("</details>\n")


BIB_STYLE = "soleus"


def _register_bib_style() -> None:
    """A pybtex style for the site: plain, minus the .bib's ``note`` (verification notes)."""
    from pybtex.database import Entry
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style

    class SiteStyle(Style):
        def format_entry(self, label, entry, bib_data=None):
            fields = {k: v for k, v in entry.fields.items() if k.lower() != "note"}
            clean = Entry(entry.type, fields=fields, persons=entry.persons)
            clean.key = entry.key
            return super().format_entry(label, clean, bib_data=bib_data)

    register_plugin("pybtex.style.formatting", BIB_STYLE, SiteStyle, force=True)


def setup(app) -> dict[str, Any]:
    """Sphinx entry point (``sphinx: extra_extensions: [soleuslib.site]``)."""
    _register_bib_style()
    app.setup_extension("soleuslib.glossary")  # hover definitions of data/glossary.csv
    app.connect("builder-inited", _add_vendor_static)
    # Authors, clinical reviewer and review dates under each lesson's title (data/lessons.csv);
    # before _choose_assets, which reads the final body.
    app.connect("html-page-context", review.add_responsibility, priority=400)
    app.connect("html-page-context", _choose_assets)
    app.connect("build-finished", _lighten_site)
    app.add_css_file("soleus-icons.css")
    # Binder / course-hub buttons from [tool.soleus.launch] (after the theme's prep_header_buttons).
    app.connect("html-page-context", launch.add_launch_buttons, priority=501)
    from docutils import nodes
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.setup_extension("myst_nb")  # registers HideCodeCellNode first; this overrides its HTML
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_input, depart_hidden_input))
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# The patient view and `make present` live in soleuslib.patient.view.


def main(argv: list[str]) -> int:
    if argv == ["toc"]:
        sys.stdout.write(toc_yaml())
        return 0
    if argv[:1] == ["present"] and len(argv) <= 2:
        from soleuslib.patient import view

        return view.main(argv[1:])
    sys.stderr.write("usage: python -m soleuslib.site toc | present [port]\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
