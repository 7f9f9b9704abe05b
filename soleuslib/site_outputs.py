"""MyST-NB mime renderer plugin: the site draws the notebooks' committed outputs, no kernel needed.

Registered in ``pyproject.toml`` under ``[project.entry-points."myst_nb.mime_renderers"]``
(MyST-NB's documented extension point, ``myst_nb.core.render.MimeRenderPlugin``):

* ``application/vnd.plotly.v1+json`` (what ``PLOTLY_RENDERER=plotly_mimetype`` stores) becomes
  the site's light figure HTML (:func:`soleuslib.site.figure_html`): a ``<figure>`` named by
  the text alternative (``aria-label``) around a ``<div>`` with a deterministic id and the
  figure's JSON, drawn in the browser by ``site/static/soleus-figures.js``.
* ``application/vnd.jupyter.widget-view+json`` becomes a still copy of the widget, built from the
  widget state saved in the notebook's metadata (no 3.6 MB ipywidgets manager on the page), followed
  by the one-line "run it live" note. Figures inside Output widgets are drawn like any other.
* ``text/x-myst-markdown`` (:data:`MYST_MIMETYPE`, e.g. the glossary page's output,
  :func:`soleuslib.glossary.page`) is parsed as MyST, so the directives and roles it holds
  (``glossary``, ``{cite:p}``) become part of the page; JupyterLab shows the same output's HTML.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from typing import Any

PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"
# MyST source an output carries for the site (JupyterLab does not know it and shows the HTML).
MYST_MIMETYPE = "text/x-myst-markdown"
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
IPY_MODEL = "IPY_MODEL_"


# --- widget state -> static HTML -----------------------------------------------------------------


def _model(ref: Any, state: dict) -> tuple[str, dict] | None:
    model_id = ref[len(IPY_MODEL) :] if isinstance(ref, str) and ref.startswith(IPY_MODEL) else ref
    model = state.get(model_id) if isinstance(model_id, str) else None
    return (model["model_name"], model.get("state", {})) if model else None


def _hidden(props: dict, state: dict) -> bool:
    layout = _model(props.get("layout"), state)
    if not layout:
        return False
    return layout[1].get("display") == "none" or layout[1].get("visibility") == "hidden"


def _label(props: dict) -> str:
    text = props.get("description") or ""
    return f'<span class="widget-label">{html.escape(text)}</span>' if text else ""


def _options(props: dict) -> list[str]:
    return [str(o) for o in props.get("_options_labels", [])]


def _choice(name: str, props: dict) -> str:
    labels, index = _options(props), props.get("index")
    if name == "DropdownModel" or name == "SelectModel":
        opts = "".join(
            f"<option{' selected' if i == index else ''}>{html.escape(o)}</option>"
            for i, o in enumerate(labels)
        )
        return f"<label>{_label(props)}<select disabled>{opts}</select></label>"
    chosen = ' class="soleus-chosen" aria-current="true"'
    items = "".join(
        f"<li{chosen if i == index else ''}>{html.escape(o)}</li>" for i, o in enumerate(labels)
    )
    return f'{_label(props)}<ul class="soleus-choices">{items}</ul>'


def _number(name: str, props: dict) -> str:
    value = props.get("value")
    shown = html.escape(str(value)) if value is not None else ""
    if "Slider" in name:
        bounds = " ".join(
            f'{key}="{html.escape(str(props[key]))}"'
            for key in ("min", "max", "step")
            if props.get(key) is not None
        )
        control = f'<input type="range" disabled {bounds} value="{shown}">'
        return f"<label>{_label(props)}{control}</label><output>{shown}</output>"
    return f'<label>{_label(props)}<input type="text" disabled value="{shown}"></label>'


def _output_area(outputs: list[dict], state: dict, figure_ids: Counter) -> str:
    from soleuslib import site

    parts = []
    for output in outputs:
        data = output.get("data", {})
        if output.get("output_type") == "stream":
            parts.append(f"<pre>{html.escape(output.get('text', ''))}</pre>")
        elif PLOTLY_MIMETYPE in data:
            parts.append(site.figure_html(data[PLOTLY_MIMETYPE], figure_ids=figure_ids))
        elif WIDGET_VIEW_MIMETYPE in data:
            parts.append(_widget(data[WIDGET_VIEW_MIMETYPE].get("model_id"), state, figure_ids))
        elif "text/html" in data:
            value = data["text/html"]
            parts.append("".join(value) if isinstance(value, list) else value)
        elif "text/plain" in data:
            value = data["text/plain"]
            text = "".join(value) if isinstance(value, list) else value
            parts.append(f"<pre>{html.escape(text)}</pre>")
    return "".join(parts)


def _widget(ref: Any, state: dict, figure_ids: Counter) -> str:
    found = _model(ref, state)
    if not found:
        return ""
    name, props = found
    if _hidden(props, state):
        return ""
    kind = name.removesuffix("Model").lower()
    css = f"jupyter-widgets soleus-widget widget-{kind}"
    if "children" in props:
        inner = "".join(_widget(child, state, figure_ids) for child in props["children"])
        css += " widget-container"
    elif name == "OutputModel":
        inner = _output_area(props.get("outputs", []), state, figure_ids)
        css += " widget-output"
    elif name in ("HTMLModel", "HTMLMathModel"):
        inner = _label(props) + str(props.get("value", ""))
    elif name == "LabelModel":
        inner = html.escape(str(props.get("value", "")))
    elif name in ("ButtonModel", "ToggleButtonModel"):
        label = html.escape(props.get("description", ""))
        inner = f'<button type="button" disabled>{label}</button>'
    elif name == "CheckboxModel":
        checked = " checked" if props.get("value") else ""
        inner = f'<label><input type="checkbox" disabled{checked}> {_label(props)}</label>'
    elif "_options_labels" in props:
        inner = _choice(name, props)
    elif "Slider" in name or "Text" in name or "Int" in name or "Float" in name:
        inner = _number(name, props)
    else:
        inner = _label(props)
    return f'<div class="{css}">{inner}</div>'


def widget_html(model_id: str, widget_state: dict, figure_ids: Counter | None = None) -> str:
    """A still copy of a saved widget (its state at save time) as plain HTML, controls disabled."""
    state = widget_state.get("state", widget_state)
    body = _widget(model_id, state, figure_ids if figure_ids is not None else Counter())
    return f'<div class="widget-subarea soleus-static-widget">{body}</div>'


# --- the MyST-NB plugin --------------------------------------------------------------------------


def _notebook_widget_state(renderer) -> dict:
    try:
        metadata = renderer.renderer.nb_client.notebook.metadata
    except (AttributeError, KeyError):
        return {}
    return dict(metadata.get("widgets", {}).get(WIDGET_STATE_MIMETYPE, {}))


def _figure_ids(renderer) -> Counter:
    """One counter per document: repeated figures get distinct div ids on the same page."""
    document = renderer.renderer.document
    if "soleus_figure_ids" not in document:
        document["soleus_figure_ids"] = Counter()
    return document["soleus_figure_ids"]


def _content(data) -> Any:
    content = data.content
    if isinstance(content, bytes | str):
        content = json.loads(content)
    return content


STATIC_HOLDER_MARK = 'class="soleus-static-'


def static_holder(renderer, data) -> str | None:
    """The ``text/html`` of the same output when it is a holder for a JavaScript twin of the
    widget (``<div class="soleus-static-…">``, see soleuslib.widgets.triage); else None."""
    try:
        cells = renderer.renderer.nb_client.notebook.cells
        output = cells[data.cell_index].outputs[data.output_index]
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    value = output.get("data", {}).get("text/html")
    text = "".join(value) if isinstance(value, list) else value
    return text if text and STATIC_HOLDER_MARK in text else None


def myst_nodes(renderer, data) -> list:
    """An output's MyST source parsed into the page (as a ``text/markdown`` output whose cell
    asks MyST-NB for the ``myst`` format)."""
    import dataclasses

    key = renderer.renderer.nb_config.cell_metadata_key
    metadata = {**data.cell_metadata, key: {"markdown_format": "myst"}}
    markdown = dataclasses.replace(data, mime_type="text/markdown", cell_metadata=metadata)
    return renderer.render_markdown(markdown)


class SiteOutputs:
    """``myst_nb.mime_renderers`` plugin: plotly JSON and saved widgets as light, static HTML."""

    mime_priority_overrides = [(builder, PLOTLY_MIMETYPE, 5) for builder in HTML_BUILDERS] + [
        (builder, MYST_MIMETYPE, 6) for builder in HTML_BUILDERS
    ]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        from docutils import nodes

        from soleuslib import site

        if inline or data.mime_type not in (PLOTLY_MIMETYPE, WIDGET_VIEW_MIMETYPE, MYST_MIMETYPE):
            return None
        if data.mime_type == MYST_MIMETYPE:
            return myst_nodes(renderer, data)
        ids = _figure_ids(renderer)
        if data.mime_type == PLOTLY_MIMETYPE:
            markup = site.figure_html(_content(data), figure_ids=ids)
            return [nodes.raw(text=markup, format="html", classes=["output", "soleus-output"])]
        static = static_holder(renderer, data)
        if static:  # a widget with a kernel-free twin on the site (the triage form)
            return [nodes.raw(text=static, format="html", classes=["output", "soleus-output"])]
        model_id = _content(data).get("model_id", "")
        markup = widget_html(model_id, _notebook_widget_state(renderer), ids)
        note = nodes.paragraph(text=site.LIVE_NOTE, classes=["soleus-live-note"])
        return [nodes.raw(text=markup, format="html", classes=["output", "soleus-output"]), note]
