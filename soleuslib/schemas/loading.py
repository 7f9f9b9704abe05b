"""Schemas of lesson 05: the loading ladder, the pain rules, the return-to-run criteria, the first
walk-run week, the outcome measures and the six-week worked case.

Every rule row either cites a source (``refs``) or says ``teaching_rule = yes``; a row may do both
(a source for the idea, the project's choice for the number).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from soleuslib.schemas import Row, TableSpec
from soleuslib.schemas.evidence import GRADE

Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$")
YesNo = Literal["yes", "no"]
Stage = Literal["early", "building", "return to running"]  # the handout's stages
Decision = Literal["step back", "hold", "progress"]
Gate = Literal["running", "full training"]
Comparison = Literal[">=", "<=", "yes", "no"]
KNEE_POSITIONS = ("straight", "bent")
# Measures a criterion can test (soleuslib.loading.measures computes each one).
MEASURES = (
    "pain_worst_nprs",
    "feels_ready",
    "tender_on_palpation",
    "knee_to_wall_asymmetry_pct",
    "straight_injured_reps",
    "straight_lsi_pct",
    "bent_lsi_pct",
    "hop_asymmetry_pct",
)
PAIN_MEASURES = ("pain_during_nprs", "pain_next_morning_nprs")


def split(cell: str) -> tuple[str, ...]:
    """A ';'-separated cell as a tuple of stripped, non-empty items."""
    return tuple(part.strip() for part in cell.split(";") if part.strip())


class _Sourced(Row):
    """A row that cites a source or is labelled the project's teaching rule (or both)."""

    refs: str = Field(default="", description="';'-separated keys of references.bib")
    teaching_rule: YesNo = Field(description="yes = the project's own rule, not a source's")

    @model_validator(mode="after")
    def _sourced_or_labelled(self):
        if not split(self.refs) and self.teaching_rule != "yes":
            raise ValueError("a row without refs must say teaching_rule = yes")
        return self


class Rung(_Sourced):
    id: str = Identifier
    order: int = Field(ge=1, le=20, description="position on the ladder, 1 = first")
    name: str = Field(min_length=5, description="clinical name")
    stage: Stage = Field(description="the handout's stage this rung belongs to")
    knee_positions: str = Field(default="", description="';'-list of straight, bent")
    is_running: YesNo = Field(description="yes = the rung includes running")
    dose: str = Field(min_length=5, description="clinical dose")
    plain_name: str = Field(min_length=3, max_length=60, description="name in plain words")
    plain_dose: str = Field(min_length=10, max_length=220, description="dose in plain words")
    entry_criteria: str = Field(default="", description="';'-list of loading_criteria ids")
    circuit_ids: str = Field(default="", description="';'-list of exercises ids placed here")
    note: str = Field(default="", description="what is sourced and what is the project's")

    @model_validator(mode="after")
    def _knee_words(self) -> Rung:
        for item in split(self.knee_positions):
            if item not in KNEE_POSITIONS:
                raise ValueError(f"knee_positions item '{item}' is not one of straight, bent")
        return self


class Criterion(_Sourced):
    id: str = Identifier
    order: int = Field(ge=1, le=50)
    criterion: str = Field(min_length=10, description="the criterion in clinical words")
    plain: str = Field(min_length=10, max_length=160, description="the criterion in plain words")
    measure: str = Field(default="", description="what is tested; empty = a checklist item only")
    comparison: Comparison | None = Field(default=None, description=">=, <=, yes or no")
    threshold: float | None = Field(default=None, description="number the measure is compared to")
    unit: str = Field(default="", description="unit of the measure and threshold")
    gate: Gate = Field(description="checked before the first run, or before full training")
    grade: str = GRADE
    note: str = Field(default="", description="how the project reads or applies it")

    @model_validator(mode="after")
    def _measure_fields_agree(self) -> Criterion:
        if self.measure and self.measure not in MEASURES:
            raise ValueError(f"measure '{self.measure}' is not one of: {', '.join(MEASURES)}")
        if self.measure and self.comparison is None:
            raise ValueError("a criterion with a measure needs a comparison")
        if self.comparison in (">=", "<=") and self.threshold is None:
            raise ValueError(f"comparison '{self.comparison}' needs a threshold")
        if self.comparison in ("yes", "no") and self.threshold is not None:
            raise ValueError("a yes/no criterion takes no threshold")
        if self.gate == "running" and not self.measure:
            raise ValueError("a criterion checked before running needs a measure")
        return self


class PainRule(_Sourced):
    id: str = Identifier
    order: int = Field(ge=1, le=50)
    measure: Literal["pain_during_nprs", "pain_next_morning_nprs"]
    above: float = Field(ge=0, le=10, description="the rule fires when the measure is above this")
    decision: Literal["step back", "hold"]
    reason: str = Field(min_length=10, description="why, in clinical words")
    plain: str = Field(min_length=10, max_length=160, description="the rule in plain words")
    note: str = Field(default="", description="where the number comes from")


class WalkRunDay(_Sourced):
    day: int = Field(ge=1, le=14, description="day of the first running week")
    run_min: float = Field(ge=0, le=30, description="minutes of running per repeat; 0 = no run")
    walk_min: float = Field(ge=0, le=10, description="minutes of walking per repeat")
    repeats: int = Field(ge=0, le=20, description="how many run-walk repeats")
    plain: str = Field(min_length=10, max_length=200, description="the day in plain words")

    @model_validator(mode="after")
    def _rest_days_have_no_repeats(self) -> WalkRunDay:
        if (self.run_min == 0) != (self.repeats == 0):
            raise ValueError("a rest day has run_min 0 and repeats 0; a run day has both above 0")
        return self


class OutcomeMeasure(Row):
    id: str = Identifier
    name: str = Field(min_length=3)
    kind: Literal["pain", "function", "capacity"]
    what: str = Field(min_length=10, description="what it measures")
    how: str = Field(min_length=10, description="how a student records it")
    numbers_quoted: YesNo = Field(description="yes = the lesson quotes a number from a source")
    source_status: str = Field(min_length=10, description="what the research notes verify")
    refs: str = Field(default="", description="';'-separated keys of references.bib")

    @model_validator(mode="after")
    def _numbers_need_sources(self) -> OutcomeMeasure:
        if self.numbers_quoted == "yes" and not split(self.refs):
            raise ValueError("numbers_quoted = yes needs refs")
        return self


class CaseWeek(Row):
    week: int = Field(ge=1, le=52)
    rung: str = Identifier
    injured_side: Literal["left", "right"]
    pain_during_nprs: int = Field(ge=0, le=10)
    pain_next_morning_nprs: int = Field(ge=0, le=10)
    straight_left: int = Field(ge=0, le=200, description="single-leg heel raises to fatigue")
    straight_right: int = Field(ge=0, le=200)
    bent_left: int = Field(ge=0, le=200)
    bent_right: int = Field(ge=0, le=200)
    tender_on_palpation: YesNo
    feels_ready: YesNo
    knee_to_wall_asymmetry_pct: float | None = Field(default=None, ge=0, le=100)
    hop_asymmetry_pct: float | None = Field(default=None, ge=0, le=100)
    expected_decision: Decision
    story: str = Field(min_length=10)


TABLES = [
    TableSpec(
        "loading_rungs",
        Rung,
        "the loading ladder, isometric holds to running",
        ref_columns=("refs",),
        foreign_keys=(("entry_criteria", "loading_criteria"), ("circuit_ids", "exercises")),
    ),
    TableSpec(
        "loading_criteria",
        Criterion,
        "return-to-run and return-to-training criteria (Green 2022, Table 4)",
        ref_columns=("refs",),
        foreign_keys=(("grade", "evidence_grades"),),
    ),
    TableSpec(
        "loading_pain_rules",
        PainRule,
        "the pain-monitoring rules of the planner (the project's teaching rule)",
        ref_columns=("refs",),
    ),
    TableSpec(
        "loading_walk_run",
        WalkRunDay,
        "the first walk-run week (the project's teaching rule)",
        id_column="day",
        ref_columns=("refs",),
    ),
    TableSpec(
        "loading_outcome_measures",
        OutcomeMeasure,
        "outcome measures a student can record",
        ref_columns=("refs",),
    ),
    TableSpec(
        "loading_case",
        CaseWeek,
        "the six-week worked case (an invented teaching case)",
        id_column="week",
        foreign_keys=(("rung", "loading_rungs"),),
    ),
]
