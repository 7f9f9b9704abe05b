"""Figures of lesson 02: the stance-leg stick figure (a slider across glute fatigue that needs no
kernel), the model outputs as charts, and the frontal-plane pelvic drop."""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from soleuslib import chain
from soleuslib.figures import PALETTE, finish, narrow, wrap

HEAD_FRACTION = 0.130  # head length / height, used for drawing the head only (secondary source)
FATIGUE_STEPS = 11  # 0.0, 0.1, ... 1.0
DIGITS = 4  # coordinates are rounded so that stored outputs stay small and reproducible


def _r(values):
    return [round(v, DIGITS) for v in values]


def _stick_xy(pose: chain.Posture) -> tuple[list[float], list[float]]:
    order = ("toe", "heel", "ankle", "toe", None, "ankle", "knee", "hip", "shoulder")
    xs, ys = [], []
    for name in order:
        x, y = (None, None) if name is None else pose.points[name]
        xs.append(x)
        ys.append(y)
    return [None if v is None else round(v, DIGITS) for v in xs], [
        None if v is None else round(v, DIGITS) for v in ys
    ]


def _head_xy(pose: chain.Posture, height_m: float) -> tuple[float, float]:
    x, y = pose.points["shoulder"]
    reach = 0.5 * HEAD_FRACTION * height_m
    lean = math.radians(pose.trunk_lean_deg)
    return round(x + reach * math.sin(lean), DIGITS), round(y + reach * math.cos(lean), DIGITS)


def _moving_traces(result: chain.ChainResult) -> list[go.Scatter]:
    """Traces that change with the inputs: figure, head, centre of mass, plumb line, lever arm."""
    pose = result.posture
    xs, ys = _stick_xy(pose)
    hx, hy = _head_xy(pose, result.height_m)
    cx, cy = (round(v, DIGITS) for v in pose.centre_of_mass)
    ax = round(pose.points["ankle"][0], DIGITS)
    return [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            name="Model runner",
            line={"color": PALETTE["blue"], "width": 5},
            marker={"size": 9},
        ),
        go.Scatter(
            x=[hx],
            y=[hy],
            mode="markers",
            name="Head",
            showlegend=False,
            marker={"size": 22, "color": PALETTE["blue"]},
        ),
        go.Scatter(
            x=[cx],
            y=[cy],
            mode="markers",
            name="Centre of mass",
            marker={"size": 14, "color": PALETTE["vermillion"], "symbol": "x"},
        ),
        go.Scatter(
            x=[cx, cx],
            y=[cy, 0.0],
            mode="lines",
            name="Body weight line",
            line={"color": PALETTE["vermillion"], "dash": "dot", "width": 2},
        ),
        go.Scatter(
            x=[ax, cx],
            y=[-0.04, -0.04],
            mode="lines+markers",
            name="Lever arm: ankle to centre of mass",
            line={"color": PALETTE["orange"], "width": 4},
            marker={"size": 6},
        ),
    ]


def _readout(result: chain.ChainResult) -> str:
    low, high = result.soleus_length_change_mm
    # Short lines (at most about 32 characters): the readout fits a phone's plot as it is.
    return (
        f"Fatigue {result.glute_fatigue:.1f} · overstride {result.overstride_cm:.1f} cm<br>"
        f"Knee {result.knee_flexion_deg:.1f}° · dorsiflexion {result.ankle_dorsiflexion_deg:.1f}°"
        f"<br>Soleus length change {low:.1f}–{high:.1f} mm<br>"
        f"Demand {result.demand_nm_per_kg:.2f} N·m/kg"
    )


def _annotation(text: str) -> dict:
    return {
        "text": text,
        # The plot's own corner (its domain shrinks to keep the figure to scale), clear of the
        # tick labels.
        "xref": "x domain",
        "yref": "y domain",
        "x": 0.0,
        "y": 1.0,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "align": "left",
        "font": {"size": 12},
        "bgcolor": "rgba(255,255,255,0.85)",
    }


def _stick_layout(fig: go.Figure, height_m: float) -> None:
    fig.update_xaxes(
        range=_r([-0.20 * height_m, 0.30 * height_m]), zeroline=False, constrain="domain"
    )
    fig.update_yaxes(
        range=_r([-0.06 * height_m, 0.98 * height_m]),
        scaleanchor="x",
        scaleratio=1,
        zeroline=True,
        constrain="domain",
    )
    fig.update_layout(
        legend={
            "x": 1.0,
            "xanchor": "right",
            "y": 0.55,
            "font": {"size": 11},
            "bgcolor": "rgba(255,255,255,0.85)",
        }
    )


def _reference_trace(reference) -> go.Scatter:
    """The dashed grey zero-fatigue figure drawn behind the moving one."""
    ref_x, ref_y = _stick_xy(reference)
    return go.Scatter(
        x=ref_x,
        y=ref_y,
        mode="lines",
        name="Reference (no fatigue)",
        line={"color": PALETTE["grey"], "dash": "dash", "width": 3},
    )


def stick_figure(result: chain.ChainResult) -> go.Figure:
    """One posture of the model beside the zero-fatigue reference (used by the widget)."""
    fig = go.Figure([_reference_trace(result.reference)] + _moving_traces(result))
    fig.update_layout(annotations=[_annotation(_readout(result))])
    _stick_layout(fig, result.height_m)
    return finish(
        fig,
        title="The stance leg at mid-stance (model)",
        alt=_alt_single(result),
        x_title="Forward position from the ankle (m)",
        y_title="Height above the ground (m)",
        height=560,
    )


def _alt_single(r: chain.ChainResult) -> str:
    low, high = r.soleus_length_change_mm
    return (
        f"Stick figure of a runner's stance leg at mid-stance, foot flat, with glute fatigue "
        f"{r.glute_fatigue:.1f} and overstride {r.overstride_cm:.1f} cm, drawn over a dashed grey "
        f"reference figure. Knee flexion {r.knee_flexion_deg:.1f}°, ankle dorsiflexion "
        f"{r.ankle_dorsiflexion_deg:.1f}°, soleus muscle–tendon length change {low:.1f} to "
        f"{high:.1f} mm, demand index {r.demand_nm_per_kg:.2f} N·m/kg."
    )


def fatigue_levels(steps: int = FATIGUE_STEPS) -> list[float]:
    """Evenly spaced glute-fatigue levels from 0 to 1."""
    return [round(i / (steps - 1), 3) for i in range(steps)]


def fatigue_slider(overstride_cm: float | None = None, height_m: float = 1.75) -> go.Figure:
    """The stick figure across glute-fatigue levels: a slider and a play button, precomputed frames
    (works on the static site with no kernel)."""
    levels = fatigue_levels()
    results = [chain.chain_state(f, overstride_cm, height_m) for f in levels]
    names = [f"{f:.1f}" for f in levels]
    moving = list(range(1, 6))
    fig = go.Figure(
        [_reference_trace(results[0].reference)] + _moving_traces(results[0]),
        frames=[
            go.Frame(
                name=n,
                data=_moving_traces(r),
                traces=moving,
                layout={"annotations": [_annotation(_readout(r))]},
            )
            for n, r in zip(names, results, strict=True)
        ],
    )
    step_args = {
        "mode": "immediate",
        "frame": {"duration": 0, "redraw": True},
        "transition": {"duration": 0},
    }
    fig.update_layout(
        annotations=[_annotation(_readout(results[0]))],
        sliders=[
            {
                "active": 0,
                "currentvalue": {"prefix": "Glute fatigue: "},
                "pad": {"t": 50},
                "steps": [
                    {"label": n, "method": "animate", "args": [[n], step_args]} for n in names
                ],
            }
        ],
        updatemenus=[
            {
                "type": "buttons",
                "showactive": False,
                "x": 0.0,
                "y": -0.3,
                "xanchor": "left",
                "buttons": [
                    {
                        "label": "▶ Play",
                        "method": "animate",
                        "args": [
                            None,
                            {
                                "frame": {"duration": 500, "redraw": True},
                                "transition": {"duration": 0},
                                "fromcurrent": True,
                            },
                        ],
                    }
                ],
            }
        ],
    )
    _stick_layout(fig, height_m)
    # On a phone the axis title takes two lines: the slider goes lower, the play button under it.
    narrow(
        fig,
        layout={
            "height": 760,
            "sliders[0].pad.t": 80,
            "sliders[0].font.size": 11,
            "updatemenus[0].y": 0,
            "updatemenus[0].yanchor": "top",
            "updatemenus[0].pad.t": 175,
        },
    )
    first, last = results[0], results[-1]
    alt = (
        "Animated stick figure of the stance leg at mid-stance with a slider for glute fatigue "
        f"from 0 to 1 (overstride {first.overstride_cm:.1f} cm). As fatigue rises the pelvis and "
        f"trunk tip forward by up to {last.anterior_tilt_change_deg:.1f}°, knee flexion goes from "
        f"{first.knee_flexion_deg:.1f}° to {last.knee_flexion_deg:.1f}°, ankle dorsiflexion from "
        f"{first.ankle_dorsiflexion_deg:.1f}° to {last.ankle_dorsiflexion_deg:.1f}°, and the "
        f"demand index from {first.demand_nm_per_kg:.2f} to {last.demand_nm_per_kg:.2f} N·m/kg "
        "because the centre of mass moves ahead of the ankle."
    )
    return finish(
        fig,
        title="What does glute fatigue change in the stance leg (model)?",
        alt=alt,
        x_title="Forward position from the ankle (m)",
        y_title="Height above the ground (m)",
        height=640,
    )


# (column of chain.sweep, legend label, palette colour, subplot row) of the outputs chart.
_OUTPUT_TRACES = (
    ("knee_flexion_deg", "Knee flexion", "blue", 1),
    ("ankle_dorsiflexion_deg", "Ankle dorsiflexion (assumption)", "orange", 1),
    ("hip_flexion_deg", "Hip flexion", "green", 1),
    ("soleus_change_high_mm", "Large moment arm", "purple", 2),
    ("soleus_change_low_mm", "Small moment arm", "sky", 2),
    ("demand_nm_per_kg", "Demand index", "vermillion", 3),
)


def outputs_chart(
    overstrides_cm: tuple[float, ...] = (13.3, 15.8), height_m: float = 1.75
) -> go.Figure:
    """Model outputs against glute fatigue, one line style per overstride distance."""
    levels = fatigue_levels()
    fig = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.09,
        subplot_titles=(
            "Joint angles",
            "Soleus muscle–tendon length change",
            "Demand index (plantarflexor moment per kg)",
        ),
    )
    dashes = ("solid", "dash", "dot", "dashdot")
    lines = []
    for i, reach in enumerate(overstrides_cm):
        frame = chain.sweep(levels, reach, height_m)
        dash = dashes[i % len(dashes)]
        tag = f"overstride {reach:.1f} cm"
        for column, label, colour, row in _OUTPUT_TRACES:
            fig.add_trace(
                go.Scatter(
                    x=levels,
                    y=_r(frame[column]),
                    name=f"{label}, {tag}",
                    line={"color": PALETTE[colour], "dash": dash},
                ),
                row=row,
                col=1,
            )
        lines.append(
            f"With overstride {reach:.1f} cm, from fatigue 0 to 1: knee "
            f"{frame['knee_flexion_deg'].iloc[0]:.1f}° to "
            f"{frame['knee_flexion_deg'].iloc[-1]:.1f}°,"
            f" dorsiflexion {frame['ankle_dorsiflexion_deg'].iloc[0]:.1f}° to "
            f"{frame['ankle_dorsiflexion_deg'].iloc[-1]:.1f}°, soleus length change up to "
            f"{frame['soleus_change_low_mm'].iloc[-1]:.1f}–"
            f"{frame['soleus_change_high_mm'].iloc[-1]:.1f} mm, demand "
            f"{frame['demand_nm_per_kg'].iloc[0]:.2f} to "
            f"{frame['demand_nm_per_kg'].iloc[-1]:.2f} N·m/kg."
        )
    fig.update_yaxes(title_text="Angle (°)", row=1, col=1)
    fig.update_yaxes(title_text="Change (mm)", row=2, col=1)
    fig.update_yaxes(title_text="Moment (N·m/kg)", row=3, col=1)
    fig.update_xaxes(
        title_text="Glute fatigue (0 = fresh, 1 = the calf-strain group; unitless)", row=3, col=1
    )
    fig.update_layout(legend={"orientation": "h", "y": -0.15, "font": {"size": 11}})
    narrow(
        fig,
        layout={
            "annotations[1].text": "Soleus length change",
            "annotations[2].text": "Demand index<br>(plantarflexor moment per kg)",
            "xaxis3.title.text": wrap(fig.layout.xaxis3.title.text, 34),
        },
    )
    alt = (
        "Three stacked line charts against glute fatigue from 0 to 1; solid lines for the "
        "reference overstride, dashed for the longer one. " + " ".join(lines)
    )
    return finish(fig, title="What the model outputs as glute fatigue rises", alt=alt, height=900)


def pelvic_drop_figure(glute_fatigue: float = 1.0) -> go.Figure:
    """Rear view of the pelvis: the published extra contralateral drop, true size or exaggerated."""
    drop = chain.pelvic_drop_change_deg(glute_fatigue)

    def pelvis(angle_deg: float) -> tuple[list[float], list[float]]:
        # Pivot on the stance hip (x = +0.5); the other hip (x = -0.5) sinks by the drop angle.
        sink = math.tan(math.radians(angle_deg))
        return [-0.5, 0.5], _r([-sink, 0.0])

    true_x, true_y = pelvis(drop)
    big_x, big_y = pelvis(5 * drop)

    def swing(hip_y: float) -> list[float]:
        return _r([hip_y, hip_y - 1.25])

    fig = go.Figure(
        [
            go.Scatter(
                x=[-0.5, 0.5],
                y=[0.0, 0.0],
                mode="lines+markers",
                name="Level reference",
                line={"color": PALETTE["grey"], "dash": "dash", "width": 3},
            ),
            go.Scatter(
                x=true_x,
                y=true_y,
                mode="lines+markers",
                name=f"Extra drop of {drop:.1f}°",
                line={"color": PALETTE["blue"], "width": 6},
                marker={"size": 14},
            ),
            go.Scatter(
                x=[0.5, 0.5],
                y=[0.0, -1.6],
                mode="lines",
                name="Stance leg",
                line={"color": PALETTE["black"], "width": 5},
            ),
            go.Scatter(
                x=[-0.5, -0.35],
                y=swing(true_y[0]),
                mode="lines",
                name="Swing leg",
                line={"color": PALETTE["grey"], "width": 4},
            ),
        ]
    )
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons",
                "direction": "down",
                "x": 1.0,
                "y": 1.0,
                "xanchor": "right",
                "yanchor": "top",
                "buttons": [
                    {
                        "label": f"True size ({drop:.1f}°)",
                        "method": "restyle",
                        "args": [
                            {
                                "y": [true_y, swing(true_y[0])],
                                "name": [f"Extra drop of {drop:.1f}°", "Swing leg"],
                            },
                            [1, 3],
                        ],
                    },
                    {
                        "label": "Exaggerated ×5",
                        "method": "restyle",
                        "args": [
                            {
                                "y": [big_y, swing(big_y[0])],
                                "name": [
                                    f"Extra drop ×5 ({5 * drop:.1f}°), for visibility",
                                    "Swing leg",
                                ],
                            },
                            [1, 3],
                        ],
                    },
                ],
            }
        ],
        legend={"orientation": "h", "y": -0.2},
    )
    fig.update_xaxes(range=[-1.0, 1.0], constrain="domain")
    fig.update_yaxes(range=[-1.7, 0.5], scaleanchor="x", scaleratio=1, constrain="domain")
    alt = (
        "Rear view of the pelvis as a line between the two hip joints over the stance leg on the "
        f"right. Glute fatigue {glute_fatigue:.1f} gives an extra contralateral drop of "
        f"{drop:.1f}°: "
        "the left (swing-side) hip sits slightly lower than the level dashed reference. A button "
        "exaggerates the drop five times so it can be seen."
    )
    return finish(
        fig,
        title="Seen from behind: how big is the extra pelvic drop?",
        alt=alt,
        x_title="Side to side (hip-to-hip widths)",
        y_title="Up and down (hip-to-hip widths)",
        height=480,
    )
