"""Schema of ``data/capstone_facts.csv``, one row per fact."""

from __future__ import annotations

from pydantic import Field

from soleuslib.schemas import Row, TableSpec


class CapstoneFact(Row):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="fact id, snake_case")
    statement: str = Field(min_length=10, description="the fact, paraphrased from its source")
    # A column named `refs` (or ending in `_refs`) is checked against references.bib on load.
    refs: str = Field(min_length=1, description="';'-separated keys of references.bib")


TABLES = [
    TableSpec(
        "capstone_facts",
        CapstoneFact,
        "the facts of lesson 'capstone'",
    ),
]
