"""Schemas of the collection-wide tables: the lessons and the seed's claims."""

from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, model_validator

from soleuslib.schemas import Row, TableSpec
from soleuslib.schemas.evidence import GRADE

# One list of lessons: data/lessons.csv. A lesson id is a short snake_case name.
LESSON_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
LESSONS_FILE = "lessons.csv"


@lru_cache(maxsize=8)
def _lesson_ids(path: Path, mtime: float) -> tuple[str, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(row["id"].strip() for row in csv.DictReader(handle) if row.get("id"))


def lesson_ids(data_dir: Path | None = None) -> tuple[str, ...]:
    """The lesson ids of ``data/lessons.csv`` (column ``id``), in file order."""
    from soleuslib import paths

    path = Path(data_dir or paths.DATA_DIR) / LESSONS_FILE
    if not path.exists():
        raise ValueError(f"lesson ids come from {path}, which does not exist")
    return _lesson_ids(path.resolve(), path.stat().st_mtime)


def _known_lesson(value: str, info: ValidationInfo) -> str:
    data_dir = (info.context or {}).get("data_dir")
    known = lesson_ids(data_dir)
    if value not in known:
        raise ValueError(
            f"'{value}' is not a lesson id of data/{LESSONS_FILE} (column 'id'); "
            f"known ids: {', '.join(known)}"
        )
    return value


# A reference to a lesson from another table: checked against data/lessons.csv when loaded.
LessonId = Annotated[str, AfterValidator(_known_lesson)]
EvidenceLabel = Literal["supported", "partly", "not shown", "not studied"]


class Lesson(Row):
    id: str = Field(
        pattern=LESSON_ID_PATTERN,
        description="short lesson id, also used in references.bib keywords",
    )
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
        foreign_keys=(("grade", "evidence_grades"),),
    ),
]
