"""Lesson 05 figures: the capacity tracker (criteria drawn as bands) and the loading ladder.

Both are plain plotly (a dropdown at most), so they work on the static site without a kernel.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from soleuslib import data
from soleuslib import loading as ld
from soleuslib.figures import PALETTE, finish, narrow, wrap
from soleuslib.figures.exercises import short_name

KNEE_COLOURS = {"straight": PALETTE["blue"], "bent": PALETTE["orange"]}
STAGE_COLOURS = {
    "early": PALETTE["sky"],
    "building": PALETTE["blue"],
    "return to running": PALETTE["green"],
}
DECISION_COLOURS = {
    "progress": PALETTE["green"],
    "hold": PALETTE["orange"],
    "step back": PALETTE["vermillion"],
}
BAND = {"fillcolor": PALETTE["green"], "opacity": 0.15, "line_width": 0, "layer": "below"}


def _lsi_words(value: float) -> str:
    return "not measurable" if pd.isna(value) else f"{value:.0f} %"


def capacity_figure(frame: pd.DataFrame, injured_side: str) -> go.Figure:
    """Heel-raise counts (left) and limb symmetry index (right) by week, criteria as green bands.

    ``frame`` is the output of :func:`soleuslib.loading.capacity_table`.
    """
    side = ld._side(injured_side)
    other = ld.SIDES[1 - ld.SIDES.index(side)]
    reps = ld._target("heel_raise_straight_reps")
    lsi = ld._target("heel_raise_straight_lsi")
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.12,
        subplot_titles=(f"Repetitions to fatigue ({side} = injured)", "Limb symmetry index"),
    )
    for knee, colour in KNEE_COLOURS.items():
        for who, dash in ((side, "solid"), (other, "dot")):
            fig.add_trace(
                go.Scatter(
                    x=frame["week"],
                    y=frame[f"{knee}_{who}"],
                    mode="lines+markers",
                    name=f"{knee} knee, {who}",
                    line={"color": colour, "dash": dash, "width": 3 if who == side else 2},
                    hovertemplate="week %{x}: %{y} repetitions<extra>"
                    + f"{knee} knee, {who}</extra>",
                ),
                row=1,
                col=1,
            )
        fig.add_trace(
            go.Scatter(
                x=frame["week"],
                y=frame[f"{knee}_lsi_pct"].round(0),
                mode="lines+markers",
                name=f"{knee} knee LSI",
                line={"color": colour, "width": 3},
                marker={"symbol": "square"},
                hovertemplate="week %{x}: %{y:.0f} %<extra>" + f"{knee} knee LSI</extra>",
            ),
            row=1,
            col=2,
        )
    # Headroom above the top tick, so that its label stays clear of the subplot title.
    top_reps = 1.06 * max(reps + 10, float(frame[list(ld.COUNT_FIELDS)].max().max()) + 5)
    top_lsi = 1.06 * max(110.0, float(frame[["straight_lsi_pct", "bent_lsi_pct"]].max().max()) + 5)
    fig.add_hrect(y0=reps, y1=top_reps, row=1, col=1, **BAND)
    fig.add_hrect(y0=lsi, y1=top_lsi, row=1, col=2, **BAND)
    for axis, y, text in (
        ("", top_reps, f"criterion: ≥ {reps:.0f} (straight knee, injured side)"),
        ("2", top_lsi, f"criterion: ≥ {lsi:.0f} % (asymmetry ≤ {100 - lsi:.0f} %)"),
    ):
        fig.add_annotation(
            text=text,
            x=0.02,
            y=y,
            xref=f"x{axis} domain",
            yref=f"y{axis}",
            yanchor="top",
            xanchor="left",
            showarrow=False,
            font={"size": 12},
        )
    weeks = list(frame["week"])
    fig.update_xaxes(title_text="week", dtick=1, range=[min(weeks) - 0.3, max(weeks) + 0.3])
    fig.update_yaxes(title_text="repetitions (single leg)", range=[0, top_reps], row=1, col=1)
    fig.update_yaxes(title_text="injured ÷ uninjured (%)", range=[0, top_lsi], row=1, col=2)
    last = frame.iloc[-1]
    alt = (
        f"Two line charts over weeks {min(weeks)} to {max(weeks)}. Left: single-leg heel raises "
        f"to fatigue, knee straight and knee bent, on the injured {side} side (solid) and the "
        f"{other} side (dotted); a green band marks {reps:.0f} repetitions or more. Right: the "
        f"limb symmetry index for each knee position; a green band marks {lsi:.0f} % or more. "
        f"In week {int(last['week'])} the injured side did {int(last['straight_injured_reps'])} "
        f"raises with the knee straight and {int(last['bent_injured_reps'])} with it bent; the "
        f"indexes were "
        f"{_lsi_words(last['straight_lsi_pct'])} (straight) and "
        f"{_lsi_words(last['bent_lsi_pct'])} (bent)."
    )
    fig = finish(
        fig,
        title="Capacity tracker: heel raises, knee straight and bent",
        alt=alt,
        height=480,
    )
    fig.update_layout(legend={"orientation": "h", "y": -0.22}, margin={"b": 110})
    # On a phone the two charts stack, each the full width.
    narrow(
        fig,
        layout={
            "height": 820,
            "xaxis.domain": [0, 1],
            "xaxis2.domain": [0, 1],
            "yaxis.domain": [0.6, 1],
            "yaxis2.domain": [0, 0.4],
            "annotations[0].x": 0.5,
            "annotations[1].x": 0.5,
            "annotations[1].y": 0.4,
            "annotations[0].font.size": 13,
            "annotations[1].font.size": 13,
            "annotations[2].font.size": 11,
            "annotations[3].font.size": 11,
            "legend.y": -0.12,
            "margin.b": 130,
        },
    )
    return fig


def _wrap(text: str, width: int = 18) -> str:
    """Break a label into lines of about ``width`` characters (see :func:`figures.wrap`)."""
    return wrap(text, width)


def _week_trace(week: pd.Series, plan: ld.Plan, order: dict[str, int]) -> go.Scatter:
    here, there = order[plan.current_rung], order[plan.next_rung]
    return go.Scatter(
        x=[here, there],
        y=[here + 0.35, there + 0.35],
        mode="lines+markers",
        line={"color": DECISION_COLOURS[plan.decision], "width": 4},
        marker={"size": [12, 20], "symbol": ["circle", "star"]},
        name=f"week {week['week']}: {plan.decision}",
        hovertemplate=f"week {week['week']}: {plan.decision}<extra></extra>",
        visible=False,
    )


def ladder_figure(with_case: bool = True) -> go.Figure:
    """The loading ladder as a staircase coloured by stage, the seed's circuit placed beside its
    rung, the criteria gates as dashed lines; a menu steps through the worked case's weeks."""
    rungs = ld.rungs()
    order = dict(zip(rungs["id"], rungs["order"], strict=True))
    names = data.load("exercises").set_index("id")["name"]
    fig = go.Figure()
    for stage, colour in STAGE_COLOURS.items():
        group = rungs[rungs["stage"] == stage]
        fig.add_trace(
            go.Scatter(
                x=group["order"],
                y=group["order"],
                mode="markers+text",
                marker={
                    "symbol": "square",
                    "size": 26,
                    "color": colour,
                    "line": {"color": PALETTE["black"], "width": 1},
                },
                text=[_wrap(n) for n in group["plain_name"]],
                textposition="middle left",
                customdata=group["dose"],
                hovertext=group["name"],
                hovertemplate="%{hovertext}<br>%{customdata}<extra>" + stage + "</extra>",
                name=f"stage: {stage}",
            )
        )
    xs, ys, labels, full = [], [], [], []
    for _, r in rungs.iterrows():
        items = ld.split(r["circuit_ids"])
        if items:  # one marker a rung; several exercises share its label
            xs.append(r["order"] + 0.25)
            ys.append(r["order"] - 0.45)
            labels.append("<br>".join(short_name(i, names[i]) for i in items))
            full.append("<br>".join(names[i] for i in items))
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers+text",
            text=labels,
            textposition="middle right",
            marker={"symbol": "diamond", "size": 11, "color": PALETTE["purple"]},
            textfont={"size": 11},
            name="seed circuit placed here",
            hovertext=full,
            hovertemplate="%{hovertext}<extra>seed circuit</extra>",
        )
    )
    # On a phone: no names in the drawing (the rung is the x axis), a numbered list under it.
    callouts = []
    for _, r in rungs.iterrows():
        items = ld.split(r["circuit_ids"])
        seed = f"; seed circuit: {', '.join(names[i] for i in items)}" if items else ""
        callouts.append(
            {
                "annotation": None,
                "number": int(r["order"]),
                "label": f"{r['plain_name']} ({r['stage']}){seed}",
            }
        )
    narrow(
        fig,
        traces={i: {"mode": "markers"} for i in range(len(fig.data))},
        layout={"xaxis.range": [0.3, len(rungs) + 0.8], "margin.l": 50},
        callouts=callouts,
    )
    shapes, annotations = [], []
    previous: tuple[str, ...] = ()
    for _, r in rungs.iterrows():
        gate = ld.split(r["entry_criteria"])
        if gate and gate != previous:
            x = r["order"] - 0.5
            shapes.append(
                {
                    "type": "line",
                    "x0": x,
                    "x1": x,
                    "y0": 0.3,
                    "y1": len(rungs) + 0.7,
                    "line": {"color": PALETTE["vermillion"], "dash": "dash", "width": 2},
                }
            )
            annotations.append(
                {
                    "x": x,
                    "y": len(rungs) + 0.7 - 0.5 * len(annotations),
                    "text": f"gate: {len(gate)} criteria",
                    "showarrow": False,
                    "yanchor": "bottom",
                    "font": {"size": 12},
                }
            )
        previous = gate
    weeks = ld.case_weeks() if with_case else pd.DataFrame()
    for _, week in weeks.iterrows():
        fig.add_trace(_week_trace(week, ld.case_plan(int(week["week"])), order))
    fixed = len(fig.data) - len(weeks)
    buttons = [
        {
            "label": "ladder only",
            "method": "update",
            "args": [{"visible": [True] * fixed + [False] * len(weeks)}],
        }
    ]
    for i, (_, week) in enumerate(weeks.iterrows()):
        visible = [True] * fixed + [j == i for j in range(len(weeks))]
        buttons.append(
            {
                "label": f"worked case, week {week['week']}",
                "method": "update",
                "args": [{"visible": visible}],
            }
        )
    layout = {
        "shapes": shapes,
        "annotations": annotations,
        "legend": {"orientation": "h", "y": -0.18},
    }
    if with_case:
        layout["updatemenus"] = [
            {
                "buttons": buttons,
                "x": 0.0,
                "xanchor": "left",
                "y": 1.0,
                "yanchor": "bottom",
                "pad": {"b": 4},
                "showactive": True,
            }
        ]
    fig.update_layout(**layout)
    fig.update_xaxes(range=[-2.3, len(rungs) + 3.0], dtick=1, zeroline=False)
    fig.update_yaxes(range=[-0.6, len(rungs) + 1.2], dtick=1, zeroline=False)
    steps = "; ".join(
        f"rung {r['order']}, {r['plain_name']} ({r['stage']})" for _, r in rungs.iterrows()
    )
    placed = "; ".join(
        f"{', '.join(names[i] for i in ld.split(r['circuit_ids']))} beside rung {r['order']}"
        for _, r in rungs.iterrows()
        if ld.split(r["circuit_ids"])
    )
    case = ""
    if with_case:
        moves = ", ".join(
            f"week {w['week']} {ld.case_plan(int(w['week'])).decision}" for _, w in weeks.iterrows()
        )
        case = f" A menu shows each week of the worked case as an arrow: {moves}."
    alt = (
        f"A staircase of {len(rungs)} loading rungs rising from left to right: {steps}. "
        f"The seed's circuit is placed beside the rungs: {placed}. Dashed lines mark the "
        "criteria gates before hopping (heel-raise criteria) and before running (all "
        f"return-to-run criteria).{case}"
    )
    fig = finish(
        fig,
        title="The loading ladder: where does each week send her?",
        alt=alt,
        x_title="rung (1 = least load)",
        y_title="load on the calf (rung)",
        height=600,
    )
    fig.update_layout(margin={"t": 110, "b": 120})
    return fig
