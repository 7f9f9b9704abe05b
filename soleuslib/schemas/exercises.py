"""Schemas of lesson 04: the exercise circuit, the "fix now" items, the handout's safety signs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from soleuslib.schemas import Row, TableSpec
from soleuslib.schemas.evidence import GRADE
from soleuslib.urgency import Urgency

GOALS = ("foot strength", "soleus (bent knee)", "hip control", "balance", "running form")
EQUIPMENT = ("none", "pool noodle", "resistance band or weight")
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


def _items(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _check_vocabulary(cell: str, allowed: tuple[str, ...], field: str) -> str:
    for item in _items(cell):
        if item not in allowed:
            raise ValueError(f"{field} item '{item}' is not one of: {', '.join(allowed)}")
    return cell


class Exercise(Row):
    id: str = Field(pattern=ID_PATTERN, description="short id used by the handout and links")
    name: str = Field(min_length=3, description="name in plain words")
    kind: Literal["circuit", "fix now"] = Field(description="in the circuit, or a fix-now item")
    goals: str = Field(min_length=3, description="';'-separated goals from GOALS")
    target_muscles: str = Field(default="", description="';'-separated muscles the seed targets")
    purpose: str = Field(min_length=10, max_length=160, description="one line, plain words")
    sets_min: int | None = Field(default=None, ge=1, le=10, description="fewest sets")
    sets_max: int | None = Field(default=None, ge=1, le=10, description="most sets")
    reps_min: int | None = Field(default=None, ge=1, le=50, description="fewest repetitions")
    reps_max: int | None = Field(default=None, ge=1, le=50, description="most repetitions")
    to_fatigue: bool = Field(default=False, description="rounds are done to fatigue, not counted")
    per_side: bool = Field(default=False, description="the dosage applies to each side")
    rest: str = Field(default="", description="rest guidance between sets")
    load: str = Field(default="", description="external load")
    cues: str = Field(min_length=3, description="';'-separated coaching cues")
    cheats: str = Field(default="", description="';'-separated common cheats")
    progression: str = Field(default="", description="';'-separated ids of harder versions")
    regression: str = Field(default="", description="';'-separated ids of easier versions")
    practised_in: str = Field(default="", description="';'-separated circuit ids that train it")
    equipment: str = Field(min_length=3, description="';'-separated items from EQUIPMENT")
    grade: str = GRADE
    evidence_note: str = Field(min_length=10, max_length=220, description="one line: what is known")
    refs: str = Field(min_length=1, description="';'-separated keys of references.bib")
    hip_flexion_deg: float = Field(ge=-30, le=130, description="key position, degrees")
    knee_flexion_deg: float = Field(ge=0, le=140, description="key position, degrees")
    ankle_dorsiflexion_deg: float = Field(ge=-50, le=40, description="key position, degrees")
    foot_pitch_deg: float = Field(ge=0, le=40, description="forefoot raised above flat, degrees")
    pose_refs: str = Field(default="", description="keys the angles come from; empty=illustrative")

    @field_validator("goals")
    @classmethod
    def _goals_known(cls, value: str) -> str:
        return _check_vocabulary(value, GOALS, "goals")

    @field_validator("equipment")
    @classmethod
    def _equipment_known(cls, value: str) -> str:
        return _check_vocabulary(value, EQUIPMENT, "equipment")

    @model_validator(mode="after")
    def _dosage_consistent(self) -> Exercise:
        pairs = (("sets", self.sets_min, self.sets_max), ("reps", self.reps_min, self.reps_max))
        for what, low, high in pairs:
            if (low is None) != (high is None):
                raise ValueError(f"{what}_min and {what}_max must both be given or both be empty")
            if low is not None and high is not None and low > high:
                raise ValueError(f"{what}_min ({low}) must not exceed {what}_max ({high})")
        if self.kind == "circuit":
            if self.sets_min is None:
                raise ValueError("a circuit exercise needs sets_min and sets_max")
            if self.to_fatigue == (self.reps_min is not None):
                raise ValueError("a circuit exercise needs either reps_min/reps_max or to_fatigue")
        return self


class SafetySign(Row):
    id: str = Field(pattern=ID_PATTERN)
    urgency: Urgency = Field(description="how soon to get help: a level of soleuslib.urgency")
    plain: str = Field(
        min_length=10, max_length=140, description="the sign in plain words, for patients"
    )
    clinical: str = Field(min_length=10, description="the sign in clinical words")
    condition: str = Field(min_length=3, description="what it may point to")
    refs: str = Field(default="", description="';'-separated keys of references.bib")


STAGES = ("early", "building", "return to running")


class HandoutStage(Row):
    stage: Literal["early", "building", "return to running"] = Field(description="rehab stage")
    label: str = Field(min_length=3, max_length=40, description="the stage in plain words")
    focus_goals: str = Field(min_length=3, description="';'-separated GOALS this stage stresses")
    dosage: Literal["low end", "full range"] = Field(description="which part of the dose range")
    plain: str = Field(min_length=20, max_length=300, description="the stage's paragraph, plain")
    basis: Literal["teaching assumption", "cited"] = Field(description="source of the advice")
    refs: str = Field(default="", description="';'-separated keys of references.bib")

    @field_validator("focus_goals")
    @classmethod
    def _goals_known(cls, value: str) -> str:
        return _check_vocabulary(value, GOALS, "focus_goals")

    @model_validator(mode="after")
    def _cited_has_refs(self) -> HandoutStage:
        if self.basis == "cited" and not _items(self.refs):
            raise ValueError("a stage whose basis is 'cited' needs refs")
        return self


SELF_LINKS = (
    ("progression", "exercises"),
    ("regression", "exercises"),
    ("practised_in", "exercises"),
)
TABLES = [
    TableSpec(
        "exercises",
        Exercise,
        "lesson 04: the seed's circuit and fix-now items with dosage, cues and key pose",
        ref_columns=("refs", "pose_refs"),
        # Links to other rows of this same table, checked on load.
        foreign_keys=(*SELF_LINKS, ("grade", "evidence_grades")),
    ),
    TableSpec(
        "exercise_safety",
        SafetySign,
        "lesson 04 / handout / patient view: the warning list, most urgent first",
        ref_columns=("refs",),
    ),
    TableSpec(
        "handout_stages",
        HandoutStage,
        "handout: what each rehab stage changes on the sheet (the project's teaching assumption)",
        id_column="stage",
        ref_columns=("refs",),
    ),
]
