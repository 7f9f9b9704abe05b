"""Notebook tables: folded 'Model details' boxes."""

from __future__ import annotations

import pandas as pd
import pytest

from soleuslib.tables import model_details, table


def test_model_details_folds_its_tables_under_the_summary():
    box = model_details("Model details: moment arms", table(pd.DataFrame({"r_mm": [50]})))
    html = box._repr_html_()
    assert html.startswith('<details class="soleus-model-details"><summary>Model details')
    assert "<table" in html and html.endswith("</details>")
    assert "r_mm" in repr(box)


def test_model_details_escapes_text_parts():
    assert "&lt;b&gt;" in model_details("Why", "<b>")._repr_html_()


def test_model_details_needs_a_summary():
    with pytest.raises(ValueError, match="summary"):
        model_details(" ")
