"""Lesson 04 figures: the stick-figure pose of each exercise and the progression ladder.

Both are built from :mod:`soleuslib.exercises`; their dropdowns are precomputed, so they work on the
static site without a kernel.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from soleuslib import exercises as ex
from soleuslib.figures import PALETTE, finish, narrow, wrap

EVIDENCE_COLOURS = {
    "supported": PALETTE["green"],
    "partly": PALETTE["blue"],
    "not shown": PALETTE["vermillion"],
    "not studied": PALETTE["orange"],
}
# Short names for labels that must fit a phone (menus, callouts, the gallery's question); the full
# name is in the hover and the text alternative. An exercise without one shows its full name.
SHORT_NAMES = {
    "short_foot_flat": "Short-foot, flat floor",
    "short_foot_noodle": "Short-foot, on a noodle",
    "hinge_pallof": "Hip hinge + Pallof press",
    "hinge_pallof_noodle": "Hip hinge + Pallof, noodle",
    "runners_lunge_noodle": "Runner's lunge, noodle",
    "overstriding_cue": "Cue: avoid overstriding",
    "glute_max_focus": "Glute max strength",
    "glute_med_focus": "Glute med strength",
    "foot_strength_focus": "Foot strength",
}
TITLE_CHARS = 30  # the gallery's title: lines that fit a 360 px screen
# The gallery asks (lesson 04 predicts the answer first) rather than naming the pose.
POSE_QUESTION = "how bent is the knee?"
LADDER_TITLE = "Which step comes next, and how strong is its evidence?"


def short_name(exercise_id: str, name: str) -> str:
    """The exercise's short label (its full name when it has none)."""
    return SHORT_NAMES.get(exercise_id, name)


_BODY = ("heel", "toe", "ankle", "knee", "hip", "shoulder")
_LABELS = {"hip": "hip", "knee": "knee", "ankle": "ankle"}


def _menu(buttons: list[dict], **extra) -> dict:
    """A plotly dropdown above the plot's top-left corner (works with no kernel)."""
    return {
        "buttons": buttons,
        "x": 0.0,
        "xanchor": "left",
        "y": 1.0,
        "yanchor": "bottom",
        "pad": {"b": 4},
        **extra,
    }


def _pose_traces(pose: ex.Pose) -> list[go.Scatter]:
    pts = pose.points
    chain = ["toe", "heel", "ankle", "toe", "ankle", "knee", "hip", "shoulder"]
    angles = {
        "hip": pose.hip_flexion_deg,
        "knee": pose.knee_flexion_deg,
        "ankle": pose.ankle_dorsiflexion_deg,
    }
    body = go.Scatter(
        x=[pts[p][0] for p in chain],
        y=[pts[p][1] for p in chain],
        mode="lines",
        line={"color": PALETTE["black"], "width": 6},
        name="body",
        hoverinfo="skip",
        showlegend=False,
    )
    joints = go.Scatter(
        x=[pts[j][0] for j in angles],
        y=[pts[j][1] for j in angles],
        mode="markers+text",
        marker={"size": 12, "color": PALETTE["vermillion"]},
        text=[f"{_LABELS[j]} {angles[j]:.0f}°" for j in angles],
        textposition=["middle right", "middle right", "top left"],
        name="joint angles",
        hovertemplate="%{text}<extra></extra>",
        showlegend=False,
    )
    head = go.Scatter(
        x=[pts["head"][0]],
        y=[pts["head"][1]],
        mode="markers",
        marker={"size": 34, "color": "white", "line": {"color": PALETTE["black"], "width": 5}},
        name="head",
        hoverinfo="skip",
        showlegend=False,
    )
    return [body, joints, head]


def pose_question(exercise_id: str, name: str) -> str:
    """The gallery's title for one pose: its short name and the question the demo asks."""
    return wrap(f"{short_name(exercise_id, name)}: {POSE_QUESTION}", TITLE_CHARS)


def _pose_shapes(pose: ex.Pose) -> list[dict]:
    shapes = [
        {
            "type": "line",
            "x0": -0.8,
            "x1": 0.9,
            "y0": 0,
            "y1": 0,
            "line": {"color": PALETTE["grey"], "width": 2},
        },
    ]
    if pose.on_noodle:
        cx, cy = ex.noodle_centre(pose.foot_pitch_deg)
        r = ex.NOODLE_RADIUS_M
        shapes.append(
            {
                "type": "circle",
                "x0": cx - r,
                "x1": cx + r,
                "y0": cy - r,
                "y1": cy + r,
                "fillcolor": PALETTE["sky"],
                "line": {"color": PALETTE["blue"]},
            }
        )
    return shapes


def _pose_alt(pose: ex.Pose) -> str:
    support = (
        "with the forefoot resting on a pool noodle"
        if pose.on_noodle
        else ("with the foot on the floor")
    )
    return (
        f"Side view stick figure of the working leg and trunk in '{pose.name}', {support}: "
        f"hip bent {pose.hip_flexion_deg:.0f} degrees, knee bent {pose.knee_flexion_deg:.0f} "
        f"degrees, ankle dorsiflexed {pose.ankle_dorsiflexion_deg:.0f} degrees. "
        f"Angles: {pose.source}."
    )


def _pose_layout(fig: go.Figure) -> None:
    fig.update_xaxes(range=[-0.8, 0.9], zeroline=False, showgrid=False, constrain="domain")
    fig.update_yaxes(
        range=[-0.05, 1.85], zeroline=False, showgrid=False, scaleanchor="x", scaleratio=1
    )
    fig.update_layout(showlegend=False)


def pose_figure(exercise_id: str, height: int = 460) -> go.Figure:
    """A plotly stick figure of one exercise's key position, joint angles labelled."""
    pose = ex.pose(exercise_id)
    fig = go.Figure(_pose_traces(pose))
    fig.update_layout(shapes=_pose_shapes(pose))
    _pose_layout(fig)
    return finish(
        fig,
        title=pose.name,
        alt=_pose_alt(pose),
        x_title="forward (m, drawing scale)",
        y_title="height (m, drawing scale)",
        height=height,
    )


# The SVG pose of the handout and the patient view: the same points as pose_figure, no plotly.js.
SVG_VIEW_M = (-0.55, -0.05, 1.3, 1.9)  # x, y, width, height of the drawing in metres
SVG_SCALE = 100  # SVG units per metre


def _svg_xy(point: tuple[float, float]) -> tuple[float, float]:
    """Metres (x forward, y up) to SVG units (y down)."""
    return round(point[0] * SVG_SCALE, 1), round(-point[1] * SVG_SCALE, 1)


def pose_caption(pose: ex.Pose) -> str:
    """The pose in plain words: how far hip and knee are bent, what the foot rests on."""
    support = "front of the foot on a pool noodle" if pose.on_noodle else "foot flat on the floor"
    return (
        f"Side view drawing: hip bent {pose.hip_flexion_deg:.0f}°, knee bent "
        f"{pose.knee_flexion_deg:.0f}°, {support}."
    )


def pose_svg(pose: ex.Pose, width_px: int = 200) -> str:
    """A small inline SVG stick figure of ``pose`` (a pure function: same pose, same markup)."""
    x0, y0, w, h = SVG_VIEW_M
    view = f"{x0 * SVG_SCALE:g} {-(y0 + h) * SVG_SCALE:g} {w * SVG_SCALE:g} {h * SVG_SCALE:g}"
    pts = pose.points
    chain = ["toe", "heel", "ankle", "toe", "ankle", "knee", "hip", "shoulder"]
    line = " ".join(f"{x:g},{y:g}" for x, y in (_svg_xy(pts[p]) for p in chain))
    hx, hy = _svg_xy(pts["head"])
    label = html.escape(pose_caption(pose), quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" width="{width_px}" '
        f'height="{round(width_px * h / w)}" role="img" aria-label="{label}" class="pose-svg">',
        f"<title>{label}</title>",
        f'<line x1="{x0 * SVG_SCALE:g}" y1="0" x2="{(x0 + w) * SVG_SCALE:g}" y2="0" '
        f'stroke="{PALETTE["grey"]}" stroke-width="2"/>',
    ]
    if pose.on_noodle:
        cx, cy = _svg_xy(ex.noodle_centre(pose.foot_pitch_deg))
        parts.append(
            f'<circle cx="{cx:g}" cy="{cy:g}" r="{ex.NOODLE_RADIUS_M * SVG_SCALE:g}" '
            f'fill="{PALETTE["sky"]}" stroke="{PALETTE["blue"]}"/>'
        )
    parts.append(
        f'<polyline points="{line}" fill="none" stroke="{PALETTE["black"]}" stroke-width="6" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )
    for joint in ("ankle", "knee", "hip"):
        jx, jy = _svg_xy(pts[joint])
        parts.append(f'<circle cx="{jx:g}" cy="{jy:g}" r="5" fill="{PALETTE["vermillion"]}"/>')
    parts.append(
        f'<circle cx="{hx:g}" cy="{hy:g}" r="{ex.HEAD_RADIUS_M * SVG_SCALE:g}" fill="white" '
        f'stroke="{PALETTE["black"]}" stroke-width="5"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def pose_gallery(exercise_ids: list[str] | None = None) -> go.Figure:
    """Every key pose in one figure; a dropdown picks the exercise (no kernel needed)."""
    ids = exercise_ids or ex.exercise_ids()
    poses = [ex.pose(i) for i in ids]
    fig = go.Figure()
    per_pose = 0
    for index, pose in enumerate(poses):
        traces = _pose_traces(pose)
        per_pose = len(traces)
        for trace in traces:
            trace.visible = index == 0
            fig.add_trace(trace)
    buttons = []
    for index, pose in enumerate(poses):
        visible = [i // per_pose == index for i in range(per_pose * len(poses))]
        buttons.append(
            {
                "label": short_name(ids[index], pose.name),
                "method": "update",
                "args": [
                    {"visible": visible},
                    {
                        "shapes": _pose_shapes(pose),
                        "title.text": pose_question(ids[index], pose.name),
                    },
                ],
            }
        )
    fig.update_layout(
        shapes=_pose_shapes(poses[0]),
        updatemenus=[_menu(buttons, showactive=True)],
    )
    _pose_layout(fig)
    alt = (
        "Side-view stick figures of the key position of each exercise, one at a time; the menu "
        "chooses the exercise. " + " ".join(_pose_alt(p) for p in poses)
    )
    fig = finish(
        fig,
        title=pose_question(ids[0], poses[0].name),
        alt=alt,
        x_title="forward (m, drawing scale)",
        y_title="height (m, drawing scale)",
        height=520,
    )
    # Titles may take two lines; the menu sits under them. The title changes with the menu, so
    # the narrow variant keeps it and only makes it smaller.
    fig.update_layout(margin={"t": 140})
    meta = dict(fig.layout.meta)
    meta["narrow"]["layout"].pop("title.text", None)
    fig.update_layout(meta=meta)
    return fig


def progression_ladder() -> go.Figure:
    """The circuit as progression tracks (easiest on the left), coloured by evidence label.

    A dropdown highlights the exercises that serve one goal (from ``filter_exercises``).
    """
    rungs = ex.ladder()
    fig = go.Figure()
    annotations = []
    by_id = rungs.set_index("id")
    for _, rung in rungs.iterrows():
        row = ex.exercise(rung["id"])
        for target in ex.data.split_keys(row["progression"]):
            if target in by_id.index:
                annotations.append(
                    {
                        "x": float(by_id.loc[target, "step"]) - 0.12,
                        "y": float(by_id.loc[target, "track"]),
                        "ax": float(rung["step"]) + 0.12,
                        "ay": float(rung["track"]),
                        "xref": "x",
                        "yref": "y",
                        "axref": "x",
                        "ayref": "y",
                        "text": "",
                        "showarrow": True,
                        "arrowhead": 3,
                        "arrowsize": 1.4,
                        "arrowwidth": 2,
                        "arrowcolor": PALETTE["grey"],
                    }
                )
    labels = list(EVIDENCE_COLOURS)
    groups = [rungs[rungs["evidence"] == label] for label in labels]
    for label, group in zip(labels, groups, strict=True):
        if group.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=group["step"],
                y=group["track"],
                mode="markers+text",
                marker={
                    "size": 22,
                    "color": EVIDENCE_COLOURS[label],
                    "opacity": 1.0,
                    "line": {"color": PALETTE["black"], "width": 1},
                },
                text=[_wrap(n) for n in group["name"]],
                textposition="bottom center",
                textfont={"size": 12},
                name=f"evidence: {label}",
                customdata=group["id"],
                hovertext=list(group["name"]),
                hovertemplate="%{hovertext}<extra>" + label + "</extra>",
            )
        )
    shown = [g for g in groups if not g.empty]
    # On a phone: numbers under the markers, the names in a list under the figure.
    numbers = {i: n for n, i in enumerate(rungs.sort_values(["track", "step"])["id"], start=1)}
    callouts = [
        {"annotation": None, "number": numbers[r["id"]], "label": f"{r['name']} ({r['evidence']})"}
        for _, r in rungs.sort_values(["track", "step"]).iterrows()
    ]
    narrow(
        fig,
        traces={
            index: {"text": [str(numbers[i]) for i in group["id"]], "textfont.size": 13}
            for index, group in enumerate(shown)
        },
        layout={
            "margin.l": 80,
            "yaxis.ticktext": [_track_label(rungs, t, 9) for t in sorted(rungs["track"].unique())],
        },
        callouts=callouts,
    )

    def opacities(goal: str | None) -> list[list[float]]:
        keep = set(rungs["id"]) if goal is None else set(ex.filter_exercises(goal=goal)["id"])
        return [[1.0 if i in keep else 0.15 for i in g["id"]] for g in shown]

    buttons = [
        {"label": "all goals", "method": "restyle", "args": [{"marker.opacity": opacities(None)}]}
    ]
    buttons += [
        {"label": goal, "method": "restyle", "args": [{"marker.opacity": opacities(goal)}]}
        for goal in ex.GOALS
    ]
    tracks = sorted(rungs["track"].unique())
    fig.update_layout(
        annotations=annotations,
        updatemenus=[_menu(buttons)],
        legend={"orientation": "h", "y": -0.25},
    )
    fig.update_xaxes(range=[0.4, rungs["step"].max() + 0.6], dtick=1)
    fig.update_yaxes(
        range=[max(tracks) + 0.75, min(tracks) - 0.6],
        tickvals=tracks,
        ticktext=[_track_label(rungs, t) for t in tracks],
    )
    steps = ", ".join(
        f"{r['name']} (track {r['track']}, step {r['step']}, evidence {r['evidence']})"
        for _, r in rungs.iterrows()
    )
    alt = (
        "Progression ladder of the circuit. Each track starts with the easiest version on the "
        f"left and arrows point to the harder one. {steps}. A menu dims the exercises that do not "
        "serve the chosen goal."
    )
    fig = finish(
        fig,
        title=LADDER_TITLE,
        alt=alt,
        x_title="step (1 = start here)",
        y_title="track",
        height=520,
    )
    fig.update_layout(margin={"t": 110, "l": 130})
    return fig


def _track_label(rungs, track: int, width: int = 14) -> str:
    """A track is named after the first goal of its easiest exercise."""
    root = rungs[rungs["track"] == track]["id"].iloc[0]
    return _wrap(ex.data.split_keys(ex.exercise(root)["goals"])[0], width)


def _wrap(text: str, width: int = 22) -> str:
    """Break a label into lines of about ``width`` characters (see :func:`figures.wrap`)."""
    return wrap(text, width)
