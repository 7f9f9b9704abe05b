"""House style of figures: title, axis units, palette and a text alternative are enforced."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from soleuslib import figures


def _line() -> go.Figure:
    return go.Figure(go.Scatter(x=[0, 10], y=[0, 5], name="line"))


def test_finish_sets_title_axis_units_palette_and_alt_text():
    fig = figures.finish(
        _line(),
        title="Length change",
        alt="A straight line rising from 0 to 5 mm.",
        x_title="Knee flexion (°)",
        y_title="Length change (mm)",
    )
    assert fig.layout.title.text == "Length change"
    assert fig.layout.xaxis.title.text == "Knee flexion (°)"
    assert fig.layout.yaxis.title.text == "Length change (mm)"
    assert list(fig.layout.colorway) == figures.COLORWAY
    assert figures.alt_text(fig).startswith("A straight line")


def test_palette_is_okabe_ito():
    assert figures.PALETTE["blue"] == "#0072B2" and figures.PALETTE["vermillion"] == "#D55E00"
    assert len(set(figures.COLORWAY)) == len(figures.COLORWAY)


@pytest.mark.parametrize(
    "kwargs", [{"title": " ", "alt": "A figure with enough words."}, {"title": "T", "alt": "short"}]
)
def test_figure_without_title_or_real_alt_text_is_refused(kwargs):
    with pytest.raises(figures.FigureSpecError):
        figures.finish(_line(), **kwargs)


def test_figure_built_outside_finish_has_no_alt_text():
    with pytest.raises(figures.FigureSpecError, match="no text alternative"):
        figures.alt_text(_line())


def test_figure_description_renders_escaped_in_html():
    html = figures.FigureDescription("Pain <b>map</b>")._repr_html_()
    assert "&lt;b&gt;" in html and "<details" in html
