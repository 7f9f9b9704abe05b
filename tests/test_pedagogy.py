"""Every lesson teaches in the house pattern (soleuslib/pedagogy.py): objectives checked at the
level their verb asks, a prediction before every interactive demo, distinct numbered headings,
checks in order, a hands-on task and a patient prompt, and stated minutes that fit the lesson."""

from __future__ import annotations

import json

import pytest

from soleuslib import catalog, data, pedagogy

NOT_LESSONS = set(catalog.BACK_MATTER)  # appendix pages teach no objectives


def _params() -> list[str]:
    return [i for i in catalog.lessons()["id"] if i not in NOT_LESSONS]


def _lesson(lesson_id: str) -> pedagogy.Lesson:
    notebook = data.load("lessons").set_index("id").loc[lesson_id, "notebook"]
    return pedagogy.parse(pedagogy.paths.NOTEBOOKS_DIR / notebook)


@pytest.mark.parametrize("lesson_id", _params())
def test_every_objective_is_checked_at_the_level_its_verb_asks(lesson_id):
    assert pedagogy.alignment_problems(lesson_id) == []


@pytest.mark.parametrize("lesson_id", _params())
def test_the_notebook_lists_the_objectives_of_the_data(lesson_id):
    assert pedagogy.objective_text_problems(_lesson(lesson_id), lesson_id) == []


@pytest.mark.parametrize("lesson_id", _params())
def test_every_self_check_is_shown_once_in_data_order(lesson_id):
    assert pedagogy.order_problems(_lesson(lesson_id), lesson_id) == []


@pytest.mark.parametrize("lesson_id", _params())
def test_every_interactive_demo_opens_with_a_prediction_and_its_title_asks(lesson_id):
    assert pedagogy.predict_first_problems(_lesson(lesson_id)) == []


@pytest.mark.parametrize("lesson_id", _params())
def test_headings_are_distinct_and_numbered_within_their_section(lesson_id):
    assert pedagogy.heading_problems(_lesson(lesson_id)) == []


@pytest.mark.parametrize("lesson_id", _params())
def test_the_stated_minutes_add_up_and_fit_the_content(lesson_id):
    assert pedagogy.timing_problems(_lesson(lesson_id), lesson_id) == []


@pytest.mark.parametrize("lesson_id", _params())
def test_each_lesson_has_a_hands_on_task_and_a_patient_prompt(lesson_id):
    assert pedagogy.task_problems(_lesson(lesson_id)) == []


@pytest.mark.parametrize("lesson_id", _params())
def test_recall_questions_are_the_exception(lesson_id):
    assert pedagogy.recall_problems(lesson_id) == []


def test_every_lesson_is_checked():
    assert {"start", "anatomy", "chain", "triage", "exercise", "loading", "practice"} <= set(
        _params()
    )


# The rules themselves, on small made-up notebooks: each can fail.


def _notebook(tmp_path, cells):
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "draft.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return pedagogy.parse(path)


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(source, outputs=()):
    return {"cell_type": "code", "metadata": {}, "source": source, "outputs": list(outputs)}


SLIDER = {
    "output_type": "display_data",
    "data": {pedagogy.PLOTLY: {"data": [], "layout": {"sliders": [{}], "title": {"text": "X"}}}},
}


def test_a_demo_without_a_demo_heading_is_reported(tmp_path):
    lesson = _notebook(tmp_path, [_md("## 1. Model\n\nText."), _code("show(f)", [SLIDER])])
    assert "must sit under a '### N.M Demo" in pedagogy.predict_first_problems(lesson)[0]


def test_a_demo_without_a_prediction_and_with_a_telling_title_is_reported(tmp_path):
    lesson = _notebook(
        tmp_path, [_md("## 1. Model\n\n### 1.1 Demo: slide"), _code("show(f)", [SLIDER])]
    )
    found = pedagogy.predict_first_problems(lesson)
    assert any("no '### N.M Predict" in p for p in found)
    assert any("states, not asks" in p for p in found)


def test_only_the_checks_a_cell_shows_count_as_shown(tmp_path):
    shown = {"output_type": "execute_result", "data": {"text/html": ['<fieldset data-check="b">']}}
    lesson = _notebook(tmp_path, [_code('self_check("a")\nself_check("b")', [shown])])
    assert [ids for _, ids in pedagogy.shown_checks(lesson)] == [["b"]]


def test_a_static_figure_is_not_a_demo():
    static = {"data": {pedagogy.PLOTLY: {"data": [], "layout": {"title": "Y"}}}}
    assert not pedagogy.is_interactive(static)
    assert pedagogy.is_interactive(SLIDER)
    assert pedagogy.is_interactive({"data": {pedagogy.WIDGET: {"model_id": "x"}}})


def test_repeated_and_misnumbered_headings_are_reported(tmp_path):
    lesson = _notebook(
        tmp_path,
        [_md("## 2. A\n\n### 2.1 Check: x\n\n### Check yourself\n\n## 3. B\n\n### Check yourself")],
    )
    found = pedagogy.heading_problems(lesson)
    assert "'### Check yourself' should start '2.2 '" in found
    assert "heading repeated: ### Check yourself" in found


def test_an_objective_checked_only_by_recall_is_reported(monkeypatch):
    rows = [{"id": "o", "verb": "explain", "checks": "fibular_origin"}]
    monkeypatch.setattr(pedagogy, "objectives", lambda lesson_id: rows)
    assert "needs apply or above" in pedagogy.alignment_problems("anatomy")[0]


def test_an_unknown_verb_is_refused_naming_the_known_ones():
    with pytest.raises(ValueError, match="unknown objective verb 'ponder'.*explain"):
        pedagogy.verb_level("ponder")


def test_stated_parts_must_add_up_to_the_total(tmp_path):
    lesson = _notebook(
        tmp_path,
        [_md("*Estimated time: 60 minutes* (section 1: 10 min, rest: 10 min).\n\n## 1. A")],
    )
    total, parts = pedagogy.stated_minutes(lesson)
    assert (total, parts) == (60, {"section 1": 10, "rest": 10})
    assert any("add up to 20 min" in p for p in pedagogy.timing_problems(lesson, "loading"))
