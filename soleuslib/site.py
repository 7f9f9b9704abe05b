"""The static site's build helpers: a light plotly renderer, local assets and the table of contents.

* ``soleus_site`` plotly renderer (``PLOTLY_RENDERER=soleus_site`` in ``make site``): each figure
  becomes a ``<div>`` plus its JSON, with a deterministic id, ``role="img"`` and the figure's text
  alternative as ``aria-label``. No plotly.js, no MathJax tag: ``site/static/soleus-figures.js``
  loads ``_static/plotly.min.js`` once, only on pages that have a figure.
* Sphinx extension (listed in ``site/_config.yml``): serves plotly.js, require.js, the ipywidgets
  HTML manager and MathJax from the site itself, and puts a one-line "run it live" note under every
  widget, which renders on the site as its saved, static state.
* ``python -m soleuslib.site toc`` prints the table of contents from ``data/lessons.csv``.
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from soleuslib import launch, paths

SITE_RENDERER = "soleus_site"
SITE_DIR = paths.REPO_ROOT / "site"
NODE_MODULES = SITE_DIR / "node_modules"
# Files copied from site/node_modules into the site's _static (destination -> source).
# plotly.js "basic" bundle (scatter, bar and pie traces only: 1.2 MB instead of 4.8 MB), the same
# plotly.js version that the plotly Python package bundles; tests/test_site.py checks both facts.
PLOTLY_BUNDLE = "plotly.js-basic-dist-min/plotly-basic.min.js"
BASIC_TRACE_TYPES = frozenset({"scatter", "bar", "pie"})
VENDORED_FILES = {
    "plotly.min.js": PLOTLY_BUNDLE,
    "require.js": "requirejs/require.js",
    "hm/embed-amd.js": "@jupyter-widgets/html-manager/dist/embed-amd.js",
    "hm/libembed-amd.js": "@jupyter-widgets/html-manager/dist/libembed-amd.js",
    "mathjax/tex-chtml.js": "mathjax/es5/tex-chtml.js",
}
# Whole folders: the widget manager's icon fonts, MathJax's fonts and on-demand components.
VENDORED_DIRS = {
    "hm": ("@jupyter-widgets/html-manager/dist", (".woff", ".woff2", ".ttf", ".eot", ".svg")),
    "mathjax/input": ("mathjax/es5/input", (".js",)),
    "mathjax/output": ("mathjax/es5/output", (".js", ".woff")),
    "mathjax/ui": ("mathjax/es5/ui", (".js",)),
    "mathjax/a11y": ("mathjax/es5/a11y", (".js",)),
    "mathjax/adaptors": ("mathjax/es5/adaptors", (".js",)),
}
LIVE_NOTE = (
    "This is a still copy of an interactive demo. To use it live, open the notebook in "
    "JupyterLab (make lab) or with the launch button at the top of the page, if there is one."
)
WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"


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


def figure_html(fig_dict: dict[str, Any], div_id: str | None = None) -> str:
    """A figure as light HTML: a sized div and its JSON; plotly.js is loaded by the page."""
    json_text = figure_json(fig_dict)
    div_id = div_id or figure_id(json_text)
    height = fig_dict.get("layout", {}).get("height") or 450
    alt = figure_alt(fig_dict)
    label = f' role="img" aria-label="{html.escape(alt, quote=True)}"' if alt else ""
    traces = len(fig_dict.get("data", []))
    return (
        f'<div class="soleus-figure" data-traces="{traces}">'
        f'<div id="{div_id}" class="soleus-plotly"{label} '
        f'style="width:100%;height:{int(height)}px"></div>'
        f'<script type="application/json" class="soleus-plotly-data">{json_text}</script>'
        "<noscript>This interactive figure needs JavaScript; its description follows.</noscript>"
        "</div>"
    )


def _renderer_base():
    from plotly.io._base_renderers import MimetypeRenderer

    return MimetypeRenderer


class SiteRenderer:
    """Plotly renderer for the static site: text/html without plotly.js, ids from content."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, str]:
        json_text = figure_json(fig_dict)
        base = figure_id(json_text)
        self.seen[base] += 1
        count = self.seen[base]
        div_id = base if count == 1 else f"{base}-{count}"
        return {"text/html": figure_html(fig_dict, div_id)}

    def activate(self) -> None:
        """Nothing to set up: the page loads plotly.js."""

    def __repr__(self) -> str:
        return "SiteRenderer()"


def register() -> None:
    """Register the ``soleus_site`` renderer; select it if ``PLOTLY_RENDERER`` names it.

    plotly validates ``PLOTLY_RENDERER`` when ``plotly.io`` is first imported, so the variable is
    hidden during that import and applied once the renderer exists.
    """
    wanted = os.environ.get("PLOTLY_RENDERER")
    if "plotly.io._renderers" not in sys.modules and wanted:
        os.environ.pop("PLOTLY_RENDERER")
        try:
            import plotly.io._renderers  # noqa: F401
        finally:
            os.environ["PLOTLY_RENDERER"] = wanted
    import plotly.io as pio

    base = _renderer_base()
    renderer_cls = type("SoleusSiteRenderer", (SiteRenderer, base), {})
    pio.renderers[SITE_RENDERER] = renderer_cls()
    if wanted:
        pio.renderers.default = wanted


# --- table of contents ---------------------------------------------------------------------------


def toc_yaml() -> str:
    """The site's table of contents: every lesson of data/lessons.csv, in its order.

    ``make site`` writes it to ``_build/_toc.yml`` at build time, so it never drifts from the data.
    """
    from soleuslib import catalog

    stems = [Path(name).stem for name in catalog.lessons()["notebook"]]
    lines = [
        "# Written by `make site` from data/lessons.csv (python -m soleuslib.site toc).",
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
            "run `npm ci --prefix site` (make site does it)"
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
    target = Path(app.outdir).parent / "site_vendor"
    copy_assets(target)
    app.config.html_static_path.append(str(target))


def _add_live_notes(app, doctree, docname: str) -> None:
    """Put the one-line "run it live" note after each widget output."""
    from docutils import nodes

    for raw in list(doctree.findall(nodes.raw)):
        if WIDGET_VIEW_MIMETYPE not in raw.astext():
            continue
        holder = raw.parent if isinstance(raw.parent, nodes.container) else raw
        note = nodes.paragraph(text=LIVE_NOTE, classes=["soleus-live-note"])
        holder.parent.insert(holder.parent.index(holder) + 1, note)


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    """Thebe (live code on Binder) is unused: drop its scripts, which declare a global twice."""
    scripts = context.get("script_files", [])
    kept = [
        js
        for js in scripts
        if "THEBE_JS_URL" not in str(getattr(js, "attributes", {}).get("body", ""))
        and "sphinx-thebe.js" not in str(js)
    ]
    scripts[:] = kept


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
    app.connect("doctree-resolved", _add_live_notes)
    app.connect("html-page-context", _drop_thebe)
    # Binder / course-hub buttons from [tool.soleus.launch] (after the theme's prep_header_buttons).
    app.connect("html-page-context", launch.add_launch_buttons, priority=501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --- the patient view (Voilà) --------------------------------------------------------------------

PATIENT_VIEW = SITE_DIR / "patient_view.ipynb"
PRESENT_PORT = 8866
PATIENT_NOTICE = (
    "This screen is for learning, not a diagnosis. Your clinician examines you and decides "
    "what is right for you. If a warning sign below applies to you, get help now."
)
SAFETY_HEADINGS = {
    "emergency": "Get emergency care now if",
    "same day": "See a doctor today if",
    "before next run": "Talk to your clinician before your next run if",
}
PATIENT_CSS = """<style>
body, .jp-RenderedHTMLCommon, .widget-label, .widget-html, .widget-dropdown select,
.widget-text input, .widget-toggle-button, .jupyter-button { font-size: 20px !important; }
.jp-RenderedHTMLCommon h1 { font-size: 2.2em; } .jp-RenderedHTMLCommon h2 { font-size: 1.6em; }
.jupyter-button, .widget-toggle-button { height: auto !important; min-height: 2.2em; }
.patient-notice { border-left: 10px solid #0072B2; background: #eaf3fa; padding: 12px 16px;
  font-size: 1.1em; color: #1a1a1a; }
.patient-exercise { border: 1px solid #ccc; border-radius: 8px; padding: 8px 16px; margin: 12px 0; }
.patient-exercise h3 { margin-top: 4px; }
.triage-urgency { font-size: 1.3em !important; }
/* Wide screens: the answers stay in view beside the questions while the clinician scrolls
   (the form wraps in reverse, so flex-end is the top). */
@media (min-width: 900px) {
  .triage-form > :last-child { position: sticky; top: 8px; align-self: flex-end; }
}
</style>"""


def patient_style() -> str:
    """Large type for the patient view (an HTML ``<style>`` block)."""
    return PATIENT_CSS


def patient_notice() -> str:
    """The teaching-not-diagnosis notice, as a highlighted paragraph."""
    text = html.escape(PATIENT_NOTICE)
    return f'<p class="patient-notice" role="note"><b>Please note.</b> {text}</p>'


def exercise_plan_html() -> str:
    """The circuit in plain words: what it is for, how to do it, how much, what to avoid."""
    from soleuslib import data
    from soleuslib import exercises as ex

    esc = html.escape
    cards = []
    for _, row in ex.exercises().iterrows():
        cues = "".join(f"<li>{esc(c)}</li>" for c in data.split_keys(row["cues"]))
        avoid = "".join(f"<li>{esc(c)}</li>" for c in data.split_keys(row["cheats"]))
        parts = [
            f"<h3>{esc(row['name'])}</h3>",
            f"<p><b>Why:</b> {esc(row['purpose'])}</p>",
            f"<p><b>How much:</b> {esc(ex.dosage_text(row))}</p>",
        ]
        if cues:
            parts.append(f"<p><b>How:</b></p><ul>{cues}</ul>")
        if avoid:
            parts.append(f"<p><b>Avoid:</b></p><ul>{avoid}</ul>")
        cards.append(f'<div class="patient-exercise">{"".join(parts)}</div>')
    return '<div class="patient-plan">' + "".join(cards) + "</div>"


def safety_html() -> str:
    """The warning signs from data/exercise_safety.csv, most urgent first, in plain words."""
    from soleuslib import exercises as ex

    signs = ex.safety_signs()
    parts = []
    for urgency, group in signs.groupby("urgency", sort=False):
        items = "".join(f"<li>{html.escape(text)}</li>" for text in group["plain"])
        heading = SAFETY_HEADINGS.get(urgency, urgency.capitalize())
        parts.append(f"<h3>{html.escape(heading)}</h3><ul>{items}</ul>")
    return '<div class="patient-safety">' + "".join(parts) + "</div>"


def voila_command(port: int, python: str = sys.executable) -> list[str]:
    """Voilà serving the patient view on 127.0.0.1 only, without code or tracebacks."""
    return [
        python,
        "-m",
        "voila",
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--theme=light",
        "--template=soleus",
        "--strip_sources=True",
        "--show_tracebacks=False",
        str(PATIENT_VIEW),
    ]


def voila_env() -> dict[str, str]:
    """Environment for Voilà: finds site/voila/templates/soleus; plotly's mimetype renderer."""
    jupyter_path = os.pathsep.join(p for p in (str(SITE_DIR), os.environ.get("JUPYTER_PATH")) if p)
    return {**os.environ, "JUPYTER_PATH": jupyter_path, "PLOTLY_RENDERER": "plotly_mimetype"}


def port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def present(port: int | None = None) -> int:
    """Serve the patient view until Ctrl-C (``make present``); prints its address."""
    import signal
    import subprocess
    import time

    if port is None:
        port = int(os.environ.get("PRESENT_PORT", PRESENT_PORT))
    if not port_free(port):
        raise SystemExit(f"port {port} on 127.0.0.1 is busy: try `make present PRESENT_PORT=8877`")
    env = voila_env()
    # Own process group: Ctrl-C reaches only this wrapper, which then stops Voilà cleanly.
    proc = subprocess.Popen(voila_command(port), env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        while port_free(port):
            if proc.poll() is not None:
                return proc.returncode or 1
            time.sleep(0.3)
        print(
            f"\nPatient view ready: open {url} in a browser on this machine. Ctrl-C stops it.\n",
            flush=True,
        )
        return proc.wait()
    except KeyboardInterrupt:
        print("\nStopping the patient view...", flush=True)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        print("Patient view stopped.", flush=True)
        return 0


def main(argv: list[str]) -> int:
    if argv == ["toc"]:
        sys.stdout.write(toc_yaml())
        return 0
    if argv[:1] == ["present"] and len(argv) <= 2:
        return present(int(argv[1]) if len(argv) == 2 else None)
    sys.stderr.write("usage: python -m soleuslib.site toc | present [port]\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
