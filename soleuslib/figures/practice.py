"""Lesson 06 figure: which needed questions a class forgot most (from students' attempts files)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from soleuslib import triage
from soleuslib.figures import PALETTE, finish, narrow, wrap

SECTION_COLOURS = {
    "red_flag": PALETTE["vermillion"],
    "wells": PALETTE["orange"],
    "history": PALETTE["blue"],
    "test": PALETTE["green"],
}
TOP = 15  # bars shown at most


def forgotten_questions(table: pd.DataFrame, attempts: int, files: int) -> go.Figure:
    """Horizontal bars: the share of attempts that forgot each needed question, most forgotten at
    the top, coloured by the triage section the question belongs to."""
    shown = table[table["forgotten"] > 0].head(TOP).iloc[::-1]
    fig = go.Figure()
    for section, title in triage.SECTION_TITLES.items():
        part = shown[shown["section"] == section]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["forgotten_pct"].tolist(),
                y=part["question"].tolist(),
                orientation="h",
                name=title,
                marker_color=SECTION_COLOURS[section],
                customdata=list(zip(part["forgotten"], part["needed_in"], strict=True)),
                hovertemplate="%{y}: forgotten in %{customdata[0]} of %{customdata[1]} "
                "attempts (%{x:.1f} %)<extra></extra>",
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=shown["question"].tolist())
    fig.update_xaxes(range=[0, 100])
    top = table[table["forgotten"] > 0].head(3)
    if top.empty:
        worst = "No attempt forgot a needed question."
    else:
        worst = (
            "Most forgotten: "
            + "; ".join(
                f"{r.question} ({r.forgotten_pct:g} % of {r.needed_in} attempts)"
                for r in top.itertuples()
            )
            + "."
        )
    alt = (
        f"Bar chart of {attempts} practice attempts from {files} file(s): for each question a "
        f"case needed, the percentage of attempts that did not ask it. {worst}"
    )
    questions = shown["question"].tolist()
    # On a phone: questions over two lines, no axis title beside them (the title says it).
    narrow(
        fig,
        layout={
            "yaxis.tickmode": "array",
            "yaxis.tickvals": questions,
            "yaxis.ticktext": [wrap(q, 20) for q in questions],
            "yaxis.tickfont.size": 11,
            "yaxis.title.text": "",
            "xaxis.title.text": "Attempts that did not<br>ask it (%)",
            "height": max(420, 120 + 44 * max(1, len(shown))),
        },
    )
    return finish(
        fig,
        title="Needed questions the class forgot most",
        alt=alt,
        x_title="Attempts that did not ask it (%)",
        y_title="Needed question",
        height=max(320, 60 + 28 * max(1, len(shown))),
    )
