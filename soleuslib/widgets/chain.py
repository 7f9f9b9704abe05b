"""Lesson 02 widget: every input of the chain model; calls :func:`soleuslib.chain.chain_state`."""

from __future__ import annotations

import html

import ipywidgets as w
import plotly.io as pio

from soleuslib import chain
from soleuslib.figures import FigureDescription, alt_text
from soleuslib.figures import chain as chain_figures
from soleuslib.tables import table


def _figure_bundle(fig) -> dict:
    """The plotly figure as the deterministic plotly mimetype (what JupyterLab renders)."""
    return pio.renderers["plotly_mimetype"].to_mimebundle(fig.to_dict())


def _bundle(item) -> dict[str, str]:
    """Plain-text and HTML representations of a displayable object."""
    return {"text/plain": repr(item), "text/html": item._repr_html_()}


def chain_explorer() -> w.VBox:
    """Sliders for glute fatigue and overstride, boxes for height and mass; figure and table below.

    Height and mass are free text boxes so an out-of-range value shows a message instead of being
    silently clamped.
    """
    params = chain.parameters()
    style = {"description_width": "190px"}
    layout = w.Layout(width="min(100%, 520px)")
    fatigue = w.FloatSlider(
        value=0.0,
        min=0.0,
        max=1.0,
        step=0.05,
        description="Glute fatigue (0–1)",
        style=style,
        layout=layout,
        continuous_update=False,
    )
    overstride = w.FloatSlider(
        value=params["heel_com_control"],
        min=chain.OVERSTRIDE_RANGE_CM[0],
        max=chain.OVERSTRIDE_RANGE_CM[1],
        step=0.1,
        description="Overstride, heel to COM (cm)",
        style=style,
        layout=layout,
        continuous_update=False,
    )
    height = w.FloatText(value=1.75, step=0.01, description="Body height (m)", style=style)
    mass = w.FloatText(value=70.0, step=1.0, description="Body mass (kg)", style=style)
    message = w.HTML()
    out = w.Output()

    def update(_change=None) -> None:
        try:
            result = chain.chain_state(fatigue.value, overstride.value, height.value, mass.value)
        except ValueError as exc:
            message.value = f'<p role="alert" style="color:#D55E00">{html.escape(str(exc))}</p>'
            return
        message.value = ""
        fig = chain_figures.stick_figure(result)
        outputs = table(
            chain.result_table(result),
            {"quantity": "Output", "value": "Value", "unit": "Unit"},
            caption="Model outputs (a teaching model, not a measurement)",
        )
        # Written into the Output widget's state, not the cell, so stored cell outputs never change.
        out.outputs = tuple(
            {"output_type": "display_data", "data": bundle, "metadata": {}}
            for bundle in (
                _figure_bundle(fig),
                _bundle(FigureDescription(alt_text(fig))),
                _bundle(outputs),
            )
        )

    for control in (fatigue, overstride, height, mass):
        control.observe(update, names="value")
    update()
    return w.VBox([fatigue, overstride, height, mass, message, out])
