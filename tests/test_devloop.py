"""The inner loop picks the notebooks that changed, plus the ones that list the lessons."""

from __future__ import annotations

from soleuslib import devloop

EVERY = [
    "notebooks/00_start_here.ipynb",
    "notebooks/03_triage.ipynb",
    "notebooks/07_plyo.ipynb",
    "notebooks/99_references.ipynb",
]
LISTING = ["notebooks/00_start_here.ipynb", "notebooks/99_references.ipynb"]


def test_the_notebooks_listing_the_lessons_are_those_whose_tables_include_lessons():
    lessons = [
        ("00_start_here.ipynb", "lessons;seed_claims"),
        ("03_triage.ipynb", "triage_rules"),
        ("99_references.ipynb", "lessons"),
        ("07_plyo.ipynb", "plyo_lessons_learned"),
    ]
    assert devloop.lesson_listing_notebooks(lessons) == LISTING


def test_check_runs_the_changed_notebook_and_the_listing_ones_but_not_the_others():
    changed = ["notebooks/07_plyo.ipynb", "soleuslib/plyo.py", "data/lessons.csv"]
    assert devloop.notebooks_to_check(changed, LISTING, EVERY) == [
        "notebooks/07_plyo.ipynb",
        *LISTING,
    ]


def test_check_without_a_base_branch_runs_every_notebook():
    assert devloop.notebooks_to_check(None, LISTING, EVERY) == EVERY


def test_executing_one_notebook_adds_the_listing_ones_only_when_the_lesson_list_changed():
    nb = "notebooks/03_triage.ipynb"
    assert devloop.notebooks_to_execute(nb, ["soleuslib/triage/assess.py"], LISTING) == [nb]
    assert devloop.notebooks_to_execute(nb, ["data/lessons.csv"], LISTING) == [nb, *LISTING]
