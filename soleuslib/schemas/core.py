"""Schemas of the collection-wide tables: the lessons and the seed's claims."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from soleuslib.schemas import Row, TableSpec
from soleuslib.schemas.evidence import GRADE

LessonId = Literal[
    "start",
    "anatomy",
    "chain",
    "triage",
    "exercise",
    "loading",
    "practice",
    "handout",
    "references",
]


class Lesson(Row):
    id: LessonId = Field(description="short lesson id, also used in references.bib keywords")
    order: int = Field(ge=0, le=99, description="position in the learning path")
    notebook: str = Field(pattern=r"^[0-9a-z_]+\.ipynb$", description="file in notebooks/")
    title: str = Field(min_length=3)
    minutes: int = Field(ge=5, le=240, description="estimated time to work through, minutes")
    promise: str = Field(min_length=10, description="one line: what the learner can do after")
    tables: str = Field(default="", description="';'-separated data tables the lesson uses")
    authors: str = Field(min_length=3, description="who wrote the lesson (names or a group)")
    clinical_reviewer: str = Field(
        min_length=3, description="who reviewed it clinically; a role such as 'pending (...)'"
    )
    reviewed_on: dt.date | None = Field(
        default=None, description="last clinical review; empty=none"
    )
    review_due: dt.date = Field(description="when the next clinical review is due")

    @model_validator(mode="after")
    def _review_due_after_review(self) -> Lesson:
        if self.reviewed_on is not None and self.review_due <= self.reviewed_on:
            raise ValueError(
                f"review_due ({self.review_due}) must come after reviewed_on ({self.reviewed_on})"
            )
        if self.reviewed_on is not None and self.clinical_reviewer.startswith("pending"):
            raise ValueError("a lesson with reviewed_on needs a named clinical_reviewer")
        return self


class SeedClaim(Row):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    claim: str = Field(min_length=10, description="what the seed post claims, paraphrased")
    finding: str = Field(min_length=10, description="what the cited studies found")
    grade: str = GRADE
    refs: str = Field(min_length=1, description="';'-separated keys of references.bib")


TABLES = [
    TableSpec("lessons", Lesson, "the learning path: one row per notebook"),
    TableSpec(
        "seed_claims",
        SeedClaim,
        "claims of the seed post beside their evidence",
        ref_columns=("refs",),
        foreign_keys=(("grade", "evidence_grades"),),
    ),
]
