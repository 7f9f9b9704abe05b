"""Lesson 03 figures: a body map of the pain sites the triage asks about.

The map is a schematic back view of a right lower leg. Which conditions each site points to is read
from ``data/triage_rules.csv`` (the same rules :func:`soleuslib.triage.assess` applies), and a
plotly dropdown, precomputed here, highlights one site at a time without a kernel.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from soleuslib import triage
from soleuslib.figures import PALETTE, finish

# Schematic drawing coordinates (drawing units, not anatomy measurements): back view of a right
# lower leg, so the inner (medial) side is on the viewer's left.
LEG_OUTLINE = (
    (3.0, 20.0), (2.9, 15.5), (2.3, 12.5), (2.4, 10.0), (2.9, 7.0), (3.5, 4.0), (3.3, 2.2),
    (3.7, 0.4), (5.0, 0.0), (6.3, 0.4), (6.7, 2.2), (6.5, 4.0), (7.1, 7.0), (7.6, 10.0),
    (7.7, 12.5), (7.1, 15.5), (7.0, 20.0), (3.0, 20.0),
)  # fmt: skip
SITE_XY = {
    "inner_calf": (3.2, 10.2),
    "upper_outer_calf": (6.8, 13.6),
    "mid_calf": (5.4, 11.6),
    "achilles": (5.0, 2.6),
    "shin_inner_border": (2.9, 6.2),
}
MEDIAL_SITES = ("inner_calf", "shin_inner_border")  # labelled on the left, the inner side
PAIN_SITE_FINDING = "pain_site"


def site_conditions() -> pd.DataFrame:
    """Each pain site with the conditions its rules move: site, label, condition, name, weight."""
    book = triage.rule_book()
    spec = book.findings[PAIN_SITE_FINDING]
    rules = book.rules_table[book.rules_table["finding"] == PAIN_SITE_FINDING]
    names = triage.condition_names()
    rows = []
    for site, label in zip(spec.choices, spec.choice_labels, strict=True):
        for rule in rules[rules["value"] == site].itertuples():
            rows.append(
                {
                    "site": site,
                    "label": label,
                    "condition": rule.condition,
                    "name": names[rule.condition],
                    "weight": int(rule.effect),
                    "teaching_simplification": bool(rule.teaching_simplification),
                }
            )
    return pd.DataFrame(rows)


def _site_text(links: pd.DataFrame, site: str, label: str) -> str:
    own = links[links["site"] == site].sort_values("weight", ascending=False, kind="stable")
    points = ", ".join(f"{r.name} ({r.weight:+d})" for r in own.itertuples())
    return f"{label}: points to {points or 'no condition'}"


def _marker_style(sites: tuple[str, ...], selected: str | None) -> tuple[list, list]:
    """Marker sizes and colours with ``selected`` highlighted (None: all sites alike)."""
    sizes = [30 if site == selected else 18 for site in sites]
    colours = [
        PALETTE["vermillion"] if site == selected or selected is None else PALETTE["grey"]
        for site in sites
    ]
    return sizes, colours


def pain_site_map(selected: str | None = None) -> go.Figure:
    """Body map of the five pain sites; a dropdown highlights one and lists what it points to."""
    spec = triage.rule_book().findings[PAIN_SITE_FINDING]
    if selected is not None and selected not in spec.choices:
        raise ValueError(f"selected must be one of {', '.join(spec.choices)} (got {selected!r})")
    links = site_conditions()
    sites, labels = spec.choices, spec.choice_labels
    texts = {s: _site_text(links, s, lab) for s, lab in zip(sites, labels, strict=True)}
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=[p[0] for p in LEG_OUTLINE], y=[p[1] for p in LEG_OUTLINE], mode="lines",
        fill="toself", fillcolor="#F2EFEA", line={"color": PALETTE["black"], "width": 2},
        hoverinfo="skip", name="Right lower leg, back view", showlegend=False,
    ))  # fmt: skip
    sizes, colours = _marker_style(sites, selected)
    fig.add_trace(go.Scatter(
        x=[SITE_XY[s][0] for s in sites], y=[SITE_XY[s][1] for s in sites],
        mode="markers+text", text=list(labels),
        textposition=["middle left" if s in MEDIAL_SITES else "middle right" for s in sites],
        textfont={"size": 12}, hovertext=[texts[s] for s in sites], hoverinfo="text",
        marker={"size": sizes, "color": colours, "line": {"color": PALETTE["black"], "width": 1}},
        name="Pain sites", showlegend=False,
    ))  # fmt: skip
    caption = texts[selected] if selected else "Choose a site in the menu to see what it points to."
    fig.update_layout(
        annotations=[
            {"x": 2.6, "y": 18.5, "text": "Inner (medial)", "showarrow": False,
             "xanchor": "right"},
            {"x": 7.4, "y": 18.5, "text": "Outer (lateral)", "showarrow": False,
             "xanchor": "left"},
            {"x": 5.0, "y": 20.8, "text": "Back of the knee", "showarrow": False},
            {"x": 5.0, "y": -0.8, "text": "Heel", "showarrow": False},
            _caption(caption),
        ],
        updatemenus=[{
            "type": "dropdown", "x": 0.0, "y": 1.0, "xanchor": "left", "yanchor": "bottom",
            "buttons": [_button("All sites", sites, None, "Choose a site in the menu to see "
                                "what it points to.")]
            + [_button(lab, sites, s, texts[s]) for s, lab in zip(sites, labels, strict=True)],
            "active": 0 if selected is None else 1 + sites.index(selected),
        }],
    )  # fmt: skip
    fig.update_xaxes(visible=False, range=[-2.0, 12.0])
    fig.update_yaxes(visible=False, range=[-2.5, 22], scaleanchor="x", scaleratio=1)
    alt = (
        "Schematic back view of a right lower leg, inner side on the left, with five pain sites "
        "marked. " + " ".join(texts[s] + "." for s in sites) + " Weights are the project's "
        "ranking weights from triage_rules.csv, not probabilities."
    )
    finish(fig, title="Which conditions does each pain site suggest?", alt=alt, height=560)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 90, "b": 90})
    return fig


def _wrap(text: str, width: int = 45) -> str:
    """Break a caption into lines for plotly (which does not wrap annotations)."""
    return "<br>".join(textwrap.wrap(text, width))


def _caption(text: str) -> dict:
    return {
        "x": 0.0, "y": -0.16, "xref": "paper", "yref": "paper", "xanchor": "left",
        "text": _wrap(text), "showarrow": False, "align": "left", "font": {"size": 13},
    }  # fmt: skip


def _button(label: str, sites: tuple[str, ...], selected: str | None, caption: str) -> dict:
    sizes, colours = _marker_style(sites, selected)
    return {
        "label": label,
        "method": "update",
        "args": [
            {"marker.size": [sizes], "marker.color": [colours]},
            {"annotations[4].text": _wrap(caption)},
            [1],
        ],
    }
