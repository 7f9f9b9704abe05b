"""Schema of ``data/objectives.csv``: each lesson's learning objectives and the checks of each.

One row is one objective. ``verb`` is the objective's first word(s) and sets the level a check must
reach (:data:`soleuslib.pedagogy.VERB_LEVEL`); ``checks`` lists the ids of ``self_checks.csv`` that
check it. The alignment itself (a check at the verb's level exists) is tested per lesson in
``tests/test_pedagogy.py``, so a draft lesson can load before it is complete.
"""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

from soleuslib.schemas import Row, TableSpec
from soleuslib.schemas.core import LessonId


class Objective(Row):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="objective id")
    lesson: LessonId = Field(description="lesson id of data/lessons.csv")
    number: int = Field(ge=1, le=9, description="its number in the lesson's objectives list")
    verb: str = Field(min_length=2, description="the objective's verb (pedagogy.VERB_LEVEL)")
    text: str = Field(min_length=20, description="the objective as the notebook lists it")
    checks: str = Field(default="", description="';'-separated self_checks.csv ids")

    @field_validator("verb")
    @classmethod
    def _verb_is_known(cls, value: str) -> str:
        from soleuslib.pedagogy import verb_level

        verb_level(value)
        return value

    @field_validator("text")
    @classmethod
    def _text_starts_with_the_verb(cls, value: str, info: ValidationInfo) -> str:
        verb = info.data.get("verb", "")
        if verb and not value.lower().startswith(verb.lower()):
            raise ValueError(f"the objective must start with its verb {verb!r} (got {value!r})")
        return value


TABLES = [
    TableSpec(
        "objectives",
        Objective,
        "each lesson's learning objectives, the verb's level and the self-checks that check it",
        foreign_keys=(("lesson", "lessons"), ("checks", "self_checks")),
    ),
]
