"""Schemas of lesson 03's triage tables: findings, conditions, rules, Wells items, worked cases.

Row-level checks live here, and each row parses its own ``;``-separated lists once (the
``*_list`` properties); checks that need two tables at once (a rule's value against its finding's
type and range) run when :mod:`soleuslib.triage.rules` builds its rule book.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from soleuslib.schemas import Row, TableSpec
from soleuslib.urgency import Urgency

Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$")
FindingType = Literal["bool", "choice", "number"]
Section = Literal["red_flag", "wells", "history", "test"]
RULE_EFFECTS = ("flag", "plausible")  # besides an integer weight


def split(cell: str) -> tuple[str, ...]:
    """A ';'-separated cell as a tuple of stripped, non-empty items."""
    return tuple(part.strip() for part in cell.split(";") if part.strip())


class Finding(Row):
    id: str = Identifier
    section: Section = Field(description="where the form asks it: red_flag, wells, history, test")
    label: str = Field(min_length=3, description="short name used in reasons")
    question: str = Field(min_length=10, description="the clinician's question")
    patient_question: str = Field(
        default="", description="the question in plain words; empty = a clinician-only item"
    )
    type: FindingType = Field(description="bool, choice or number")
    choices: str = Field(default="", description="';'-separated allowed ids (choice only)")
    choice_labels: str = Field(default="", description="';'-separated labels, same order")
    min: float | None = Field(default=None, description="lowest allowed value (number only)")
    max: float | None = Field(default=None, description="highest allowed value (number only)")
    unit: str = Field(default="", description="unit of a number, e.g. cm")

    @property
    def choice_list(self) -> tuple[str, ...]:
        return split(self.choices)

    @property
    def choice_label_list(self) -> tuple[str, ...]:
        return split(self.choice_labels)

    @model_validator(mode="after")
    def _type_fields_agree(self) -> Finding:
        choices, labels = self.choice_list, self.choice_label_list
        if self.type == "choice":
            if len(choices) < 2:
                raise ValueError("a choice finding needs at least two ';'-separated choices")
            if len(labels) != len(choices):
                raise ValueError("choice_labels must give one label per choice")
        elif choices or labels:
            raise ValueError(f"only choice findings have choices (type is {self.type})")
        if self.type == "number":
            if self.min is None or self.max is None or self.min >= self.max:
                raise ValueError("a number finding needs min < max")
            if not self.unit:
                raise ValueError("a number finding needs a unit")
        elif self.min is not None or self.max is not None or self.unit:
            raise ValueError(f"only number findings have min, max and unit (type is {self.type})")
        return self


class Condition(Row):
    id: str = Identifier
    name: str = Field(min_length=3, description="the clinical name")
    plain_name: str = Field(min_length=3, description="the name a patient reads")
    is_red_flag: bool = Field(
        description="yes: a dangerous condition, screened first (its urgency is not routine)"
    )
    urgency: Urgency = Field(description="care needed once the condition is plausible")
    plausible_min_score: int | None = Field(
        default=None, ge=1, description="plausible (safety net) when its score reaches this"
    )
    flag_min_score: int | None = Field(
        default=None, ge=1, description="red flag raised when the condition's score reaches this"
    )
    action: str = Field(min_length=10, description="the clinician's next step once plausible")
    flag_action: str = Field(
        default="", description="the next step once raised as a red flag, if it differs"
    )
    plain_action: str = Field(min_length=10, description="the next step in plain words")
    teaching_note: str = Field(min_length=10, description="what the learner should take away")
    refs: str = Field(default="", description="';'-separated keys of references.bib")

    @property
    def ref_list(self) -> tuple[str, ...]:
        return split(self.refs)

    @model_validator(mode="after")
    def _flags_agree(self) -> Condition:
        dangerous = self.urgency != "routine"
        if self.is_red_flag != dangerous:
            raise ValueError(
                "is_red_flag must be yes exactly when the urgency is not routine "
                f"(is_red_flag={self.is_red_flag}, urgency={self.urgency})"
            )
        if not dangerous and (self.flag_min_score or self.plausible_min_score):
            raise ValueError("only dangerous conditions have plausible_min_score or flag_min_score")
        if (
            self.flag_min_score is not None
            and self.plausible_min_score is not None
            and self.plausible_min_score > self.flag_min_score
        ):
            raise ValueError("plausible_min_score must not exceed flag_min_score")
        return self


class Rule(Row):
    id: str = Identifier
    condition: str = Field(description="id in triage_conditions.csv")
    finding: str = Field(description="id in triage_findings.csv")
    value: str = Field(
        min_length=1,
        description="yes / no (bool), a choice id, or a comparison such as >=5 (number)",
    )
    effect: str = Field(
        description="an integer weight (may be negative), 'flag' (raises a red flag) or "
        "'plausible' (makes a dangerous condition plausible on its own)"
    )
    reason: str = Field(min_length=10, description="why the finding moves the condition")
    refs: str = Field(default="", description="';'-separated keys of references.bib")
    teaching_simplification: bool = Field(description="yes: the project's own simplification")

    @property
    def ref_list(self) -> tuple[str, ...]:
        return split(self.refs)

    @property
    def weight(self) -> int:
        """The ranking weight (0 for a flag or plausible rule)."""
        return 0 if self.effect in RULE_EFFECTS else int(self.effect)

    @field_validator("effect")
    @classmethod
    def _effect_is_weight_flag_or_plausible(cls, value: str) -> str:
        if value in RULE_EFFECTS:
            return value
        try:
            weight = int(value)
        except ValueError:
            raise ValueError("effect must be an integer weight, 'flag' or 'plausible'") from None
        if weight == 0 or abs(weight) > 5:
            raise ValueError("a weight must be a non-zero integer between -5 and 5")
        return value

    @model_validator(mode="after")
    def _unsourced_rules_say_so(self) -> Rule:
        if not self.refs.strip() and not self.teaching_simplification:
            raise ValueError("a rule without refs must be marked teaching_simplification=yes")
        return self


class WellsItem(Row):
    id: str = Identifier
    finding: str = Field(description="id in triage_findings.csv")
    value: str = Field(min_length=1, description="yes, or a comparison such as >=3 (number)")
    points: int = Field(ge=-2, le=1, description="Wells points when the item applies")
    item: str = Field(min_length=10, description="the Wells item in plain words")
    refs: str = Field(min_length=1, description="';'-separated keys of references.bib")

    @property
    def ref_list(self) -> tuple[str, ...]:
        return split(self.refs)


class Case(Row):
    id: str = Identifier
    title: str = Field(min_length=5)
    story: str = Field(min_length=20, description="the vignette in plain words")
    findings: str = Field(min_length=3, description="';'-separated finding=value pairs")
    expected_urgency: Urgency
    expected_first: str = Field(default="", description="condition id expected first in .ranked")
    expected_red_flags: str = Field(default="", description="';'-separated red-flag ids")
    presentation: Literal["typical", "atypical", "hidden", "routine"] = Field(
        description="how a dangerous condition shows: typical, atypical, hidden inside a soleus "
        "picture, or routine (no dangerous condition)"
    )
    follows: str = Field(
        min_length=1,
        description="';'-separated rule or Wells item ids behind the expected urgency",
    )
    lesson_point: str = Field(min_length=10, description="what the case teaches")


TABLES = [
    TableSpec("triage_findings", Finding, "lesson 03: every question the triage can ask"),
    TableSpec(
        "triage_conditions",
        Condition,
        "lesson 03: the differential of inner and posterior calf pain",
        ref_columns=("refs",),
    ),
    TableSpec(
        "triage_rules",
        Rule,
        "lesson 03: how each finding moves each condition",
        ref_columns=("refs",),
        foreign_keys=(("condition", "triage_conditions"), ("finding", "triage_findings")),
    ),
    TableSpec(
        "triage_wells_items",
        WellsItem,
        "lesson 03: the two-level Wells score for deep vein thrombosis",
        ref_columns=("refs",),
        foreign_keys=(("finding", "triage_findings"),),
    ),
    TableSpec(
        "triage_cases",
        Case,
        "lesson 03: worked vignettes with their expected triage",
        foreign_keys=(
            ("expected_first", "triage_conditions"),
            ("expected_red_flags", "triage_conditions"),
        ),
    ),
]
