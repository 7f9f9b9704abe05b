"""Figures of lesson 01: the labelled posterior-leg schematic and the length-model slider.

Both work on the static site without a kernel: the schematic's view menu and the slider's steps are
plotly-native and every state is precomputed by the same pure functions the widgets call.
"""

from __future__ import annotations

import plotly.graph_objects as go

from soleuslib import anatomy
from soleuslib.figures import PALETTE, finish, narrow

# Fill colour (with transparency) and line colour by kind of structure (Okabe-Ito palette).
STYLE = {
    "bone": ("rgba(153,153,153,0.30)", PALETTE["grey"]),
    "muscle": ("rgba(230,159,0,0.55)", PALETTE["orange"]),
    "gastrocnemius": ("rgba(86,180,233,0.45)", PALETTE["blue"]),
    "tendon": ("rgba(0,0,0,0.35)", PALETTE["black"]),
    "origin": (None, PALETTE["blue"]),
    "arch": (None, PALETTE["black"]),
    "nerve": (None, PALETTE["green"]),
    "vessel": (None, PALETTE["purple"]),
    "pain": ("rgba(213,94,0,0.35)", PALETTE["vermillion"]),
}
LINE_WIDTH = {"origin": 6, "arch": 5, "nerve": 3, "vessel": 3}
X_RANGE_CM = (-30.0, 30.0)  # room for the longest label beside the leg
NARROW_X_RANGE_CM = (-11.0, 11.0)  # numbered callouts only: the leg fills a phone's width
Y_RANGE_CM = (-1.0, 66.0)


def _style_key(shape: anatomy.Shape) -> str:
    return "gastrocnemius" if shape.layer == "gastrocnemius" else shape.kind


def _trace(shape: anatomy.Shape, visible: bool) -> go.Scatter:
    fill, line = STYLE[_style_key(shape)]
    x, y = list(shape.x), list(shape.y)
    if shape.closed:
        x, y = x + x[:1], y + y[:1]
    return go.Scatter(
        x=x,
        y=y,
        name=shape.name,
        mode="lines" if shape.closed else "lines+markers",
        fill="toself" if shape.closed else None,
        fillcolor=fill,
        line={
            "color": line,
            "width": LINE_WIDTH.get(shape.kind, 1.5),
            "dash": "dot" if shape.kind == "pain" else "solid",
        },
        marker={"size": 7, "color": line},
        text=shape.hover,
        hoverinfo="text",
        hoveron="fills+points" if shape.closed else "points",
        hoverlabel={"align": "left"},
        visible=visible,
        showlegend=False,
        meta={"id": shape.id, "layer": shape.layer, "refs": list(shape.refs)},
    )


def _label(shape: anatomy.Shape, visible: bool) -> go.layout.Annotation:
    label_x, label_y = shape.label_xy
    return go.layout.Annotation(
        x=shape.anchor[0],
        y=shape.anchor[1],
        ax=label_x,
        ay=label_y,
        axref="x",
        ayref="y",
        text=shape.label,
        showarrow=True,
        arrowhead=0,
        arrowwidth=1,
        arrowcolor=PALETTE["grey"],
        xanchor="right" if label_x < 0 else "left",
        font={"size": 11},
        visible=visible,
        name=shape.id,
    )


VIEWS = (
    # (label, gastrocnemius shown, pain map shown)
    ("View: soleus only", False, False),
    ("View: soleus + gastrocnemius", True, False),
    ("View: soleus + pain map", False, True),
    ("View: all layers", True, True),
)


def _views(shapes: list[anatomy.Shape], active: tuple[bool, bool]) -> dict:
    """A dropdown whose options show or hide the gastrocnemius and the pain map (with labels)."""

    def shown(shape: anatomy.Shape, gastro: bool, pain: bool) -> bool:
        return {"base": True, "gastrocnemius": gastro, "pain": pain}[shape.layer]

    buttons = []
    for label, gastro, pain in VIEWS:
        visible = [shown(s, gastro, pain) for s in shapes]
        layout = {
            f"annotations[{i}].visible": v
            for i, (s, v) in enumerate(zip(shapes, visible, strict=True))
            if s.layer != "base"
        }
        buttons.append({"label": label, "method": "update", "args": [{"visible": visible}, layout]})
    return {
        "type": "dropdown",
        "buttons": buttons,
        "active": [(g, p) for _, g, p in VIEWS].index(active),
        "showactive": True,
        "x": 0.0,
        "xanchor": "left",
        "y": 1.0,
        "yanchor": "bottom",
        "pad": {"t": 4, "b": 4},
        "font": {"size": 13},
    }


SCHEMATIC_TITLE = "The soleus under the gastrocnemius: where does it start?"
PAIN_MAP_TITLE = "The soleus and the pain map: which origin lies beneath?"


def leg_schematic(
    show_gastrocnemius: bool = True,
    show_pain_map: bool = False,
    title: str = SCHEMATIC_TITLE,
) -> go.Figure:
    """Labelled right lower leg seen from behind; a menu shows/hides gastrocnemius and pain map.

    The title asks the question the menu answers (a demo's title asks, it does not tell).
    """
    shapes = anatomy.structures() + anatomy.pain_sites()
    visible = {
        "base": True,
        "gastrocnemius": show_gastrocnemius,
        "pain": show_pain_map,
    }
    fig = go.Figure([_trace(s, visible[s.layer]) for s in shapes])
    fig.update_layout(annotations=[_label(s, visible[s.layer]) for s in shapes])
    finish(
        fig,
        title=title,
        alt=(
            "Teaching drawing of a right lower leg seen from behind, inner side on the left. The "
            "femoral condyles sit above the knee; the tibia (inner) and the thin fibula (outer) "
            "run down to the ankle, and the calcaneus (heel bone) lies beneath. The soleus, in "
            "orange, starts from two origins drawn as thick blue lines: the fibular origin on the "
            "back of the fibular head and upper fibula, and the tibial origin along the soleal "
            "line and the middle third of the tibia's inner border. A tendinous arch joins them, "
            "and the tibial nerve and popliteal vessels run down from the back of the knee beneath"
            " it. The soleus narrows into the calcaneal (Achilles) tendon, which attaches to the "
            "heel bone. A menu above the drawing shows or hides the two heads of the "
            "gastrocnemius, which start on the femoral condyles above the knee and cover the upper"
            " soleus, and a pain map: a region along the inner calf over the tibial origin and a "
            "region high on the outer calf over the fibular origin."
        ),
        x_title="Medial ← position (cm) → lateral",
        y_title="Height above the floor (cm)",
        height=720,
    )
    fig.update_layout(
        updatemenus=[_views(shapes, (show_gastrocnemius, show_pain_map))],
        margin={"t": 110},
        hovermode="closest",
        showlegend=False,
    )
    fig.update_xaxes(
        range=list(X_RANGE_CM), showgrid=False, zeroline=False, fixedrange=True, constrain="domain"
    )
    _narrow_callouts(fig, shapes)
    fig.update_yaxes(
        range=list(Y_RANGE_CM),
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        scaleanchor="x",
        scaleratio=1,
    )
    return fig


def _narrow_callouts(fig: go.Figure, shapes: list[anatomy.Shape]) -> None:
    """On a phone the labels become numbers (top to bottom) and their names a list under it."""
    order = sorted(
        range(len(shapes)), key=lambda i: (-shapes[i].label_xy[1], shapes[i].label_xy[0])
    )
    # Both axes may shrink their domain to keep the drawing to scale: the whole leg stays in view.
    layout: dict = {
        "xaxis.range": list(NARROW_X_RANGE_CM),
        "yaxis.range": list(Y_RANGE_CM),  # plotly may have widened it while the layout was wide
        "yaxis.constrain": "domain",
        "height": 900,
    }
    callouts = []
    for number, i in enumerate(order, start=1):
        layout[f"annotations[{i}].text"] = f"<b>{number}</b>"
        layout[f"annotations[{i}].font.size"] = 13
        callouts.append({"annotation": i, "number": number, "label": shapes[i].label})
    narrow(fig, layout=layout, callouts=callouts)


MUSCLE_COLOUR = {"soleus": PALETTE["orange"], "gastrocnemius": PALETTE["blue"]}
BAND_FILL = {"soleus": "rgba(230,159,0,0.30)", "gastrocnemius": "rgba(0,114,178,0.25)"}
KNEE_STEPS_DEG = tuple(range(0, 141, 10))
ANKLE_ANGLES_DEG = tuple(range(-50, 31, 5))


def _band_traces(
    knee_flexion_deg: float, ankles: tuple[int, ...], visible: bool
) -> list[go.Scatter]:
    bands = anatomy.length_bands(knee_flexion_deg, ankles)
    traces = []
    for muscle in anatomy.MUSCLES:
        rows = bands[bands["muscle"] == muscle]
        name = muscle.capitalize()
        low, high, mid = (rows[c].round(1).tolist() for c in ("low_mm", "high_mm", "mid_mm"))
        traces.append(
            go.Scatter(
                x=list(ankles) + list(ankles)[::-1],
                y=high + low[::-1],
                fill="toself",
                fillcolor=BAND_FILL[muscle],
                line={"width": 0},
                name=f"{name}: range of moment arms",
                legendgroup=muscle,
                hoverinfo="skip",
                visible=visible,
                meta={"muscle": muscle, "knee_flexion_deg": knee_flexion_deg, "part": "band"},
            )
        )
        traces.append(
            go.Scatter(
                x=list(ankles),
                y=mid,
                mode="lines",
                line={
                    "color": MUSCLE_COLOUR[muscle],
                    "width": 3,
                    "dash": "solid" if muscle == "soleus" else "dash",
                },
                name=f"{name}: middle",
                legendgroup=muscle,
                customdata=list(zip(low, high, strict=True)),
                hovertemplate=(
                    f"{name}, knee {knee_flexion_deg:g}°, ankle %{{x}}°<br>"
                    "%{y:.0f} mm (range %{customdata[0]:.0f} to %{customdata[1]:.0f} mm)"
                    "<extra></extra>"
                ),
                visible=visible,
                meta={"muscle": muscle, "knee_flexion_deg": knee_flexion_deg, "part": "mid"},
            )
        )
    return traces


def length_slider(
    initial_knee_deg: int = 40,
    knee_steps_deg: tuple[int, ...] = KNEE_STEPS_DEG,
    ankle_angles_deg: tuple[int, ...] = ANKLE_ANGLES_DEG,
) -> go.Figure:
    """MTU length change vs ankle angle, with a precomputed knee-flexion slider."""
    if initial_knee_deg not in knee_steps_deg:
        raise ValueError(
            f"initial_knee_deg must be one of the slider steps {list(knee_steps_deg)} "
            f"(got {initial_knee_deg!r})"
        )
    active = knee_steps_deg.index(initial_knee_deg)
    traces: list[go.Scatter] = []
    for n, knee in enumerate(knee_steps_deg):
        traces += _band_traces(knee, ankle_angles_deg, visible=n == active)
    per_step = len(traces) // len(knee_steps_deg)
    fig = go.Figure(traces)
    steps = []
    for n, knee in enumerate(knee_steps_deg):
        visible = [n * per_step <= i < (n + 1) * per_step for i in range(len(traces))]
        steps.append({"label": f"{knee}", "method": "restyle", "args": [{"visible": visible}]})
    all_y = [y for t in traces for y in t.y]
    finish(
        fig,
        title="Bend the knee: which muscle's length changes?",
        alt=(
            "Line chart of the change in muscle–tendon length from neutral, in millimetres, "
            "against ankle angle from 50 degrees of plantarflexion to 30 degrees of dorsiflexion, "
            "with a shaded band for each muscle showing the range of the moment arms used. Both "
            "lines rise with dorsiflexion. A slider sets knee flexion from 0 to 140 degrees: the "
            "soleus line and band stay exactly where they are, while the gastrocnemius line and "
            "band move down as the knee bends, by about 12 to 20 millimetres per radian of knee "
            "flexion (the knee moment arm is the project's teaching assumption, from a secondary "
            "source)."
        ),
        x_title="Ankle angle (degrees; + dorsiflexion, − plantarflexion)",
        y_title="MTU length change from neutral (mm)",
        height=640,
    )
    fig.update_layout(
        sliders=[
            {
                "active": active,
                "currentvalue": {"prefix": "Knee flexion: ", "suffix": "°"},
                "pad": {"t": 60},
                "steps": steps,
            }
        ],
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"size": 12}},
        margin={"t": 120, "b": 110},
    )
    # On a phone: legend entries one under another, the slider's labels smaller and lower (the
    # axis title takes two lines there).
    narrow(
        fig,
        layout={
            "margin.t": 170,
            "margin.b": 140,
            "legend.font.size": 11,
            "sliders[0].font.size": 11,
            "sliders[0].pad.t": 85,
        },
    )
    fig.update_yaxes(range=[5 * (min(all_y) // 5) - 5, 5 * (max(all_y) // 5) + 10], zeroline=True)
    fig.update_xaxes(range=[min(ankle_angles_deg), max(ankle_angles_deg)])
    return fig
