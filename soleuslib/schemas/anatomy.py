"""Schemas of lesson 01 (anatomy): the schematic's landmarks and structures, the pain map, the
moment-arm ranges and joint ranges of the length model, the clinical tests and facts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from soleuslib.schemas import Row, TableSpec

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
StructureKind = Literal["bone", "muscle", "origin", "arch", "nerve", "vessel", "tendon"]
Layer = Literal["base", "gastrocnemius"]


class Landmark(Row):
    id: str = Field(pattern=ID_PATTERN)
    x_cm: float = Field(ge=-15, le=15, description="medial (-) to lateral (+), posterior view, cm")
    y_cm: float = Field(ge=-1, le=70, description="height above the floor, cm")
    description: str = Field(min_length=3)


class Structure(Row):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=3, description="name shown in the legend and the hover")
    kind: StructureKind
    layer: Layer = Field(description="'gastrocnemius' structures are shown or hidden by buttons")
    order: int = Field(ge=1, le=99, description="drawing order (later is on top)")
    outline: str = Field(min_length=3, description="';'-separated landmark ids, in drawing order")
    closed: bool = Field(description="true: filled outline; false: a line")
    anchor: str = Field(description="landmark the label's arrow points at")
    label: str = Field(min_length=3)
    label_x_cm: float = Field(ge=-15, le=15)
    label_y_cm: float = Field(ge=-1, le=70)
    fact: str = Field(min_length=20, description="one plain-language fact for the hover")
    refs: str = Field(min_length=1)


class PainSite(Row):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=3)
    over_structure: str = Field(description="the soleus origin the pain site sits over")
    outline: str = Field(min_length=3)
    anchor: str
    label: str = Field(min_length=3)
    label_x_cm: float = Field(ge=-15, le=15)
    label_y_cm: float = Field(ge=-1, le=70)
    description: str = Field(min_length=20)
    basis: str = Field(min_length=10, description="where the description comes from")
    caution: str = Field(min_length=10, description="what else can hurt there")
    refs: str = Field(min_length=1)


class MomentArm(Row):
    id: str = Field(pattern=ID_PATTERN)
    joint: Literal["ankle", "knee"]
    muscles: str = Field(pattern=r"^(soleus|gastrocnemius)(;(soleus|gastrocnemius))?$")
    low_mm: float = Field(gt=0, le=100)
    high_mm: float = Field(gt=0, le=100)
    condition: str = Field(min_length=3)
    method: str = Field(min_length=3)
    evidence: Literal["primary", "secondary", "teaching assumption (secondary)"]
    used_in_model: bool
    refs: str = Field(min_length=1)

    @model_validator(mode="after")
    def _low_not_above_high(self) -> MomentArm:
        if self.low_mm > self.high_mm:
            raise ValueError(f"low_mm ({self.low_mm}) must not exceed high_mm ({self.high_mm})")
        return self


class JointRange(Row):
    id: Literal["knee_flexion_deg", "ankle_dorsiflexion_deg"]
    joint: Literal["knee", "ankle"]
    min_deg: float = Field(ge=-90, le=180)
    max_deg: float = Field(ge=-90, le=180)
    positive_direction: str = Field(min_length=10)
    basis: str = Field(min_length=10)

    @model_validator(mode="after")
    def _min_below_max(self) -> JointRange:
        if self.min_deg >= self.max_deg:
            raise ValueError(f"min_deg ({self.min_deg}) must be below max_deg ({self.max_deg})")
        return self


class ClinicalTest(Row):
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=3)
    knee_position: str = Field(min_length=3)
    knee_straight_deg: float = Field(ge=0, le=140)
    knee_bent_deg: float = Field(ge=0, le=140)
    bent_angle_basis: str = Field(min_length=10)
    what_it_tests: str = Field(min_length=20)
    finding: str = Field(min_length=20)
    refs: str = Field(default="", description="empty only for the project's teaching content")
    source_status: str = Field(description="'cited', or why the row is uncited teaching content")

    @model_validator(mode="after")
    def _uncited_rows_say_so(self) -> ClinicalTest:
        if not self.refs and "teaching content" not in self.source_status:
            raise ValueError(
                "a row without refs must say in source_status that it is teaching content"
            )
        if self.refs and self.source_status != "cited":
            raise ValueError("a row with refs must have source_status 'cited'")
        return self


class Fact(Row):
    id: str = Field(pattern=ID_PATTERN)
    topic: str = Field(min_length=3)
    fact: str = Field(min_length=20)
    status: str = Field(pattern=r"^verified")
    refs: str = Field(min_length=1)


TABLES = [
    TableSpec(
        "anatomy_landmarks", Landmark, "points of the posterior-leg schematic (teaching drawing)"
    ),
    TableSpec(
        "anatomy_structures",
        Structure,
        "structures of the schematic: outline, label and hover fact",
        ref_columns=("refs",),
        foreign_keys=(("outline", "anatomy_landmarks"), ("anchor", "anatomy_landmarks")),
    ),
    TableSpec(
        "anatomy_pain_sites",
        PainSite,
        "where soleus pain is described, tied to the origin beneath",
        ref_columns=("refs",),
        foreign_keys=(
            ("over_structure", "anatomy_structures"),
            ("outline", "anatomy_landmarks"),
            ("anchor", "anatomy_landmarks"),
        ),
    ),
    TableSpec(
        "anatomy_moment_arms", MomentArm, "published moment-arm ranges", ref_columns=("refs",)
    ),
    TableSpec("anatomy_joint_ranges", JointRange, "the project's teaching ranges of joint angles"),
    TableSpec(
        "anatomy_clinical_tests",
        ClinicalTest,
        "knee-straight vs knee-bent clinical tests",
        ref_columns=("refs",),
    ),
    TableSpec(
        "anatomy_facts", Fact, "fibre type, role in running, model caveats", ref_columns=("refs",)
    ),
]
