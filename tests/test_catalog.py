"""The learning path and per-lesson references."""

from __future__ import annotations

import pytest

from soleuslib import catalog


def test_learning_path_is_in_order_and_leaves_out_the_reference_page():
    path = catalog.learning_path()
    assert list(path.frame["Step"]) == sorted(path.frame["Step"])
    assert "References" not in set(path.frame["Lesson"])


def test_start_lesson_cites_the_seed_references_from_text_and_tables():
    keys = catalog.lesson_keys("start")
    assert {
        "Bramah2021CalfStrainKinematics",
        "Trybulski2025SoleusInjuries",
        "BarramunoMedina2024ShortFoot",
    } <= set(keys)


def test_unknown_lesson_is_refused_by_name():
    with pytest.raises(KeyError, match="no lesson 'anatomyy'"):
        catalog.lesson_keys("anatomyy")


def test_refs_column_turns_keys_into_author_year_labels():
    frame = catalog.data.load("seed_claims")
    labels = catalog.refs_column(frame)
    assert labels.iloc[0] == "Bramah et al., 2021"
