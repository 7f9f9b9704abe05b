"""ipywidgets front end of lesson 01: the length-model explorer (self-checks: soleuslib.selfcheck).

They gather input, call soleuslib.anatomy, and show the result; no logic lives here.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from soleuslib import anatomy


def _band_html(band: anatomy.LengthBand) -> str:
    direction = "longer" if band.mid_mm > 0 else "shorter" if band.mid_mm < 0 else "unchanged"
    return (
        f"<tr><td>{band.muscle.capitalize()}</td><td>{band.low_mm:+.0f} to {band.high_mm:+.0f}</td>"
        f"<td>{band.mid_mm:+.0f}</td><td>{direction}</td></tr>"
    )


def length_report(knee_flexion_deg: float, ankle_dorsiflexion_deg: float) -> str:
    """HTML table of both muscles' length change at one posture (or the error, in words)."""
    try:
        bands = [
            anatomy.mtu_length_band(m, knee_flexion_deg, ankle_dorsiflexion_deg)
            for m in anatomy.MUSCLES
        ]
    except ValueError as exc:
        return f'<p class="widget-error">⚠ {html.escape(str(exc))}</p>'
    rows = "".join(_band_html(b) for b in bands)
    return (
        f"<p>Knee flexion {knee_flexion_deg:g}°, ankle {ankle_dorsiflexion_deg:+g}° "
        "(+ dorsiflexion). Change from neutral, mm:</p>"
        "<table><tr><th>Muscle</th><th>Range</th><th>Middle</th><th>Than neutral</th></tr>"
        f"{rows}</table>"
    )


def length_explorer() -> widgets.VBox:
    """Knee and ankle sliders driving the muscle–tendon length model."""
    ranges = anatomy.joint_ranges()
    knee_range, ankle_range = ranges["knee_flexion_deg"], ranges["ankle_dorsiflexion_deg"]
    style = {"description_width": "initial"}
    knee = widgets.IntSlider(
        value=0,
        min=knee_range.min_deg,
        max=knee_range.max_deg,
        step=5,
        description="Knee flexion (°)",
        style=style,
    )
    ankle = widgets.IntSlider(
        value=0,
        min=ankle_range.min_deg,
        max=ankle_range.max_deg,
        step=5,
        description="Ankle (° dorsiflexion)",
        style=style,
    )
    result = widgets.HTML(value=length_report(knee.value, ankle.value))

    def update(_change=None) -> None:
        result.value = length_report(knee.value, ankle.value)

    knee.observe(update, names="value")
    ankle.observe(update, names="value")
    return widgets.VBox([knee, ankle, result])
