"""Schemas of the collection-wide tables: the lessons and the seed's claims."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo

from soleuslib.schemas import Row, TableSpec

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


class SeedClaim(Row):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    claim: str = Field(min_length=10, description="what the seed post claims, paraphrased")
    finding: str = Field(min_length=10, description="what the cited studies found")
    design: str = Field(min_length=3, description="study design")
    sample_size: int | None = Field(default=None, ge=1, description="participants; empty if none")
    evidence: EvidenceLabel = Field(description="how far the evidence supports the claim")
    refs: str = Field(min_length=1, description="';'-separated keys of references.bib")


TABLES = [
    TableSpec("lessons", Lesson, "the learning path: one row per notebook"),
    TableSpec(
        "seed_claims",
        SeedClaim,
        "claims of the seed post beside their evidence",
    ),
]
