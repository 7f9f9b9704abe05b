"""Schema of ``data/capstone_rubric.csv``: the capstone marking rubric, one row per criterion.

The rubric is the project's own marking scheme for the capstone (lesson 07), not a validated
assessment instrument. Each criterion cites the sources of the clinical content it examines.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from soleuslib.schemas import Row, TableSpec

Stage = Literal["anatomy", "triage", "knee tests", "plan", "communication"]


class RubricCriterion(Row):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="criterion id, snake_case")
    order: int = Field(ge=1, le=30, description="position in the rubric, 1 = first")
    stage: Stage = Field(description="the stage of the case the criterion marks")
    criterion: str = Field(min_length=10, description="what is marked, one line")
    meets: str = Field(min_length=20, description="what an answer that meets it contains")
    points: int = Field(ge=1, le=10, description="points for meeting it")
    must_pass: Literal["yes", "no"] = Field(
        description="yes = the case is not passed without it, whatever the total"
    )
    refs: str = Field(min_length=1, description="';'-separated keys of references.bib")


TABLES = [
    TableSpec(
        "capstone_rubric",
        RubricCriterion,
        "the capstone case's marking rubric (the project's own scheme)",
        ref_columns=("refs",),
    ),
]
