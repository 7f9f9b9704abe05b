"""Schema of lesson 06's practice cases (``data/practice_cases.csv``).

Row checks live here; the checks that need the triage engine (every finding answered with a valid
value, the expected urgency and leading condition equal to what ``triage.assess()`` gives) run when
:func:`soleuslib.practice.cases` builds the cases.
"""

from __future__ import annotations

from pydantic import Field

from soleuslib.schemas import Row, TableSpec
from soleuslib.schemas.triage import split
from soleuslib.urgency import Urgency

LEVELS = {
    1: "a clear soleus strain",
    2: "a mimic (tennis leg, MTSS, CECS, radiculopathy)",
    3: "a dangerous condition dressed as a strain",
}


class PracticeCase(Row):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    level: int = Field(
        ge=1,
        le=3,
        description="1 a clear soleus strain, 2 a mimic, 3 a danger dressed as a strain",
    )
    opening: str = Field(
        min_length=40, max_length=400, description="the story in plain words: age, sport, why"
    )
    findings: str = Field(
        min_length=3, description="';'-separated finding=value pairs: every triage finding"
    )
    mimics: str = Field(
        min_length=1, description="';'-separated dangerous condition ids to exclude"
    )
    expected_urgency: Urgency = Field(description="what triage.assess() gives on the findings")
    expected_leading: str = Field(description="ranked[0] of triage.assess() on the findings")
    teaching_point: str = Field(min_length=20, description="what the case teaches")

    @property
    def mimic_list(self) -> tuple[str, ...]:
        return split(self.mimics)


TABLES = [
    TableSpec(
        "practice_cases",
        PracticeCase,
        "lesson 06: practice cases worked question by question",
        foreign_keys=(
            ("mimics", "triage_conditions"),
            ("expected_leading", "triage_conditions"),
        ),
    ),
]
