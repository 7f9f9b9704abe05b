"""Schemas of the one evidence scale: the scale itself and every graded claim.

Every lesson table that grades a claim holds only a ``grade`` column naming a row of
``evidence_grades``; the support label and the design of the best evidence live there and
nowhere else, so the same claim cannot carry two grades.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from soleuslib.schemas import Row, TableSpec

Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$")
GRADE = Field(pattern=r"^[a-z][a-z0-9_]*$", description="id of a row of evidence_grades.csv")


class ScaleStep(Row):
    id: str = Identifier
    axis: Literal["support", "design"] = Field(description="which half of the scale")
    rank: int = Field(ge=1, le=5, description="support: order; design: OCEBM-style level 1-5")
    label: str = Field(min_length=3, description="the words shown in tables")
    meaning: str = Field(min_length=10, description="what the step means, in one sentence")


class Grade(Row):
    id: str = Identifier
    claim: str = Field(min_length=10, description="the claim that is graded, in neutral words")
    support: str = Field(description="id of a support step of evidence_scale.csv")
    design: str = Field(description="id of a design step: the best evidence behind the grade")
    studies: str = Field(min_length=5, description="the studies behind it: design and size")
    basis: str = Field(min_length=10, description="why this grade, from the cited sources")
    refs: str = Field(min_length=1, description="';'-separated keys of references.bib")


TABLES = [
    TableSpec(
        "evidence_scale",
        ScaleStep,
        "the evidence scale: support labels and OCEBM-style design levels",
    ),
    TableSpec(
        "evidence_grades",
        Grade,
        "every graded claim of the collection: support paired with the best design",
        ref_columns=("refs",),
        foreign_keys=(("support", "evidence_scale"), ("design", "evidence_scale")),
    ),
]
