"""Lesson 05 widget: the progression planner for a live notebook.

The widget gathers the rung, the pain ratings, one week's heel-raise counts and the clinical checks,
and calls :func:`soleuslib.loading.plan_next` and :func:`soleuslib.loading.check_criteria`. It holds
no rule of its own.
"""

from __future__ import annotations

import ipywidgets as widgets

from soleuslib import loading as ld

NOT_RECORDED = "not recorded"


def _optional_number(text: str) -> float | str | None:
    """Empty text is 'not recorded' (None); anything else is passed on for the planner to check."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text  # the planner refuses it with a message naming the field


def planner() -> widgets.VBox:
    """Controls for one session and week, above the planner's answer and the criteria report."""
    frame = ld.rungs()
    style = {"description_width": "12em"}
    wide = widgets.Layout(width="32em")
    rung = widgets.Dropdown(
        options=list(zip(frame["name"], frame["id"], strict=True)),
        value="loaded_raises",
        description="Current rung",
        style=style,
        layout=wide,
    )
    side = widgets.Dropdown(
        options=list(ld.SIDES), value="right", description="Injured side", style=style
    )
    during = widgets.IntSlider(0, 0, 10, description="Pain during (0–10)", style=style)
    morning = widgets.IntSlider(0, 0, 10, description="Pain next morning", style=style)
    counts = {
        name: widgets.IntText(value=20, description=name.replace("_", " ") + " (reps)", style=style)
        for name in ld.COUNT_FIELDS
    }
    tender = widgets.Dropdown(
        options=[NOT_RECORDED, "yes", "no"], description="Tender on pressure", style=style
    )
    ready = widgets.Dropdown(
        options=[NOT_RECORDED, "yes", "no"], description="Feels ready to run", style=style
    )
    knee_wall = widgets.Text(value="", description="Knee-to-wall asym. (%)", style=style)
    hop = widgets.Text(value="", description="Hop asymmetry (%)", style=style)
    result = widgets.Output()

    def refresh(_change=None) -> None:
        # Write into the Output widget directly so the result is saved with the notebook too.
        result.outputs = ()
        checks = {
            "tender_on_palpation": None if tender.value == NOT_RECORDED else tender.value,
            "feels_ready": None if ready.value == NOT_RECORDED else ready.value,
            "knee_to_wall_asymmetry_pct": _optional_number(knee_wall.value),
            "hop_asymmetry_pct": _optional_number(hop.value),
        }
        capacity = {name: box.value for name, box in counts.items()}
        try:
            plan = ld.plan_next(
                rung.value, during.value, morning.value, capacity, checks, side.value
            )
            values = ld.measures(during.value, morning.value, capacity, checks, side.value)
        except ValueError as error:
            result.append_stdout(f"Cannot plan: {error}\n")
            return
        result.append_display_data(plan)
        result.append_display_data(ld.criteria_report(ld.check_criteria(values)))

    controls = [rung, side, during, morning, *counts.values(), tender, ready, knee_wall, hop]
    for control in controls:
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox(
        [
            widgets.HBox(
                [widgets.VBox([rung, side, during, morning]), widgets.VBox(controls[4:8])]
            ),
            widgets.HBox([tender, ready]),
            widgets.HBox([knee_wall, hop]),
            result,
        ]
    )
