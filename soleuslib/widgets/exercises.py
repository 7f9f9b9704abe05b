"""Lesson 04 widget: filter the circuit by goal and by the equipment a runner has.

The widget only gathers the choices and calls :func:`soleuslib.exercises.filter_exercises`.
"""

from __future__ import annotations

import ipywidgets as widgets

from soleuslib import exercises as ex

ALL_GOALS = "any goal"
PREFIX = "I have: "


def exercise_filter() -> widgets.VBox:
    """A goal dropdown and equipment checkboxes above the matching exercises."""
    goal = widgets.Dropdown(
        options=[ALL_GOALS, *ex.GOALS],
        value=ALL_GOALS,
        description="Goal",
        layout=widgets.Layout(width="max-content"),
    )
    have = [
        widgets.Checkbox(value=True, description=f"{PREFIX}{item}", indent=False)
        for item in ex.EQUIPMENT
        if item != "none"
    ]
    result = widgets.Output()

    def refresh(_change=None) -> None:
        # Write into the Output widget directly (not `with result:`), so that the result also lands
        # in the widget when no front end routes the kernel's output (nbclient, nbval).
        result.outputs = ()
        try:
            frame = ex.filter_exercises(
                goal=None if goal.value == ALL_GOALS else goal.value,
                equipment=[box.description.removeprefix(PREFIX) for box in have if box.value],
            )
        except ValueError as error:
            result.append_stdout(f"Cannot filter: {error}\n")
            return
        if frame.empty:
            result.append_stdout("No exercise matches this goal with this equipment.\n")
            return
        result.append_display_data(
            ex.circuit_table(frame, caption=f"{len(frame)} matching exercises")
        )

    for control in (goal, *have):
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox([goal, widgets.HBox(have), result])
