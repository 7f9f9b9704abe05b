"""Shared figure conventions: colour-blind-safe palette, titles, axis units and a text alternative.

Every figure of the collection goes through :func:`finish`, which stores its text alternative in
``fig.layout.meta["alt"]``; :func:`show` displays the figure with that description beneath it.
Lesson-specific builders live beside this module (``figures/<lesson>.py``).
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
COLORWAY = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")]
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
# The house template: the few settings of plotly's "plotly_white" that our 2-D figures use, written
# out here so that stored notebook outputs stay small and do not change when plotly's own templates
# do (nbval compares them; the site draws them).
_AXIS = {
    "gridcolor": "#EBF0F8",
    "linecolor": "#EBF0F8",
    "zerolinecolor": "#EBF0F8",
    "zerolinewidth": 2,
    "ticks": "",
    "automargin": True,
    "title": {"standoff": 15},
}
TEMPLATE = {
    "layout": {
        "font": {"color": "#2a3f5f"},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "shapedefaults": {"line": {"color": "#2a3f5f"}},
        "annotationdefaults": {"arrowcolor": "#2a3f5f", "arrowhead": 0, "arrowwidth": 1},
    }
}


# Narrow layouts (a phone): under this figure width (CSS px) the site's soleus-responsive.js applies
# the variant stored in ``layout.meta["narrow"]``; the stored layout itself is the wide one.
NARROW_BELOW_PX = 560
NARROW_TITLE_CHARS = 30  # characters a title line holds at NARROW_TITLE_PX on a 360 px screen
NARROW_TITLE_PX = 16
NARROW_AXIS_TITLE_CHARS = 34  # an axis title line at 14 px in the plot width of a 360 px screen
MIN_TEXT_PX = 11  # no text of a figure is smaller


def wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of at most about ``width`` characters for plotly (``<br>``)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def narrow(
    fig: go.Figure,
    layout: dict | None = None,
    traces: dict[int, dict] | None = None,
    callouts: list[dict] | None = None,
) -> go.Figure:
    """Add to the figure's narrow variant (applied by the site under ``NARROW_BELOW_PX``).

    ``layout`` holds ``Plotly.relayout`` keys ("legend.y", "annotations[3].text"), ``traces`` maps
    a trace index to restyle attributes, ``callouts`` lists numbered labels whose names the site
    shows in a list under the figure ({"annotation": index, "number": n, "label": full name}).
    """
    meta = dict(fig.layout.meta or {})
    variant = dict(meta.get("narrow") or {})
    if layout:
        variant["layout"] = {**variant.get("layout", {}), **layout}
    if traces:
        merged = dict(variant.get("traces", {}))
        for index, attrs in traces.items():
            merged[str(index)] = {**merged.get(str(index), {}), **attrs}
        variant["traces"] = merged
    if callouts is not None:
        variant["callouts"] = callouts
    meta["narrow"] = variant
    meta.setdefault("narrow_below_px", NARROW_BELOW_PX)
    fig.update_layout(meta=meta)
    return fig


class FigureSpecError(ValueError):
    """A figure built without its title, axis units or text alternative."""


def finish(
    fig: go.Figure,
    *,
    title: str,
    alt: str,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = 460,
) -> go.Figure:
    """Apply the house style and record the text alternative; returns the same figure."""
    if not title.strip():
        raise FigureSpecError("title must not be empty")
    if len(alt.strip()) < 20:
        raise FigureSpecError(f"alt must describe the figure in words (got {alt!r})")
    fig.layout.template = TEMPLATE  # replaces plotly's default template instead of merging
    fig.update_layout(
        # The title sits at the top of the figure; menus and legends above the plot go beneath it.
        title={
            "text": title,
            "x": 0.0,
            "xanchor": "left",
            "y": 1.0,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 20},
        },
        colorway=COLORWAY,
        font={"family": FONT_FAMILY, "size": 14},
        height=height,
        margin={"l": 60, "r": 20, "t": 70, "b": 60},
        meta={**dict(fig.layout.meta or {}), "alt": alt.strip()},
    )
    # On a phone: the title over several lines in a smaller size, long axis titles wrapped.
    small: dict = {"title.font.size": NARROW_TITLE_PX}
    if wrap(title, NARROW_TITLE_CHARS) != title:
        small["title.text"] = wrap(title, NARROW_TITLE_CHARS)
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
        if len(x_title) > NARROW_AXIS_TITLE_CHARS:
            small["xaxis.title.text"] = wrap(x_title, NARROW_AXIS_TITLE_CHARS)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return narrow(fig, layout=small)


def alt_text(fig: go.Figure) -> str:
    """The text alternative stored by :func:`finish` (raises if the figure has none)."""
    meta = fig.layout.meta
    if not isinstance(meta, dict) or not meta.get("alt"):
        raise FigureSpecError("figure has no text alternative: build it through figures.finish()")
    return meta["alt"]


class FigureDescription:
    """The text alternative shown under a figure (collapsed in HTML, plain in text)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"Figure description: {self.text}"

    def _repr_html_(self) -> str:
        return (
            '<details class="figure-alt"><summary>Figure description (text alternative)</summary>'
            f"<p>{html.escape(self.text)}</p></details>"
        )


def show(fig: go.Figure) -> None:
    """Display a figure followed by its text alternative."""
    from IPython.display import display

    description = FigureDescription(alt_text(fig))
    fig.show()
    display(description)
