"""Schemas of lesson 02's tables: segment proportions, reference posture, model parameters,
the evidence panel of the kinetic chain and the seed's "fix now" list."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from soleuslib.schemas import Row, TableSpec
from soleuslib.schemas.evidence import GRADE

Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$")
LengthStatus = Literal["secondary", "secondary-derived", "not used"]
ParameterStatus = Literal["verified", "teaching assumption"]


class Segment(Row):
    id: str = Identifier
    segment: str = Field(min_length=3, description="segment name")
    endpoints: str = Field(min_length=3, description="the anatomical end points of the segment")
    length_fraction: float | None = Field(default=None, gt=0, lt=1, description="length / height")
    length_status: LengthStatus = Field(description="how far the length fraction was checked")
    mass_fraction: float | None = Field(default=None, gt=0, lt=1, description="mass / body mass")
    com_fraction: float | None = Field(
        default=None, gt=0, lt=1, description="centre of mass from the proximal end / length"
    )
    refs: str = Field(min_length=1, description="';'-separated keys of references.bib")

    @model_validator(mode="after")
    def _length_given_unless_unused(self) -> Segment:
        if (self.length_fraction is None) != (self.length_status == "not used"):
            raise ValueError(
                "length_fraction must be empty exactly when length_status is 'not used'"
            )
        return self


class ReferenceValue(Row):
    id: str = Identifier
    quantity: str = Field(min_length=5, description="what was measured")
    step_rate: Literal["preferred", "-10 %", "+10 %"] = Field(description="step-rate condition")
    value: float = Field(description="group mean")
    sd: float | None = Field(default=None, ge=0, description="standard deviation, if read")
    unit: Literal["deg"] = Field(description="unit of value and sd")
    refs: str = Field(min_length=1)


class Parameter(Row):
    id: str = Identifier
    parameter: str = Field(min_length=5, description="what the number is")
    value: float
    unit: Literal["deg", "cm", "mm", "deg/cm"]
    status: ParameterStatus = Field(description="verified in a source, or the project's assumption")
    basis: str = Field(min_length=5, description="where the number comes from")
    refs: str = Field(default="", description="';'-separated keys; empty only for an assumption")

    @model_validator(mode="after")
    def _verified_numbers_cite_a_source(self) -> Parameter:
        if self.status == "verified" and not self.refs:
            raise ValueError("a verified parameter must cite at least one reference")
        return self


class EvidenceLink(Row):
    id: str = Identifier
    order: int = Field(ge=1, le=99)
    link: str = Field(min_length=5, description="the link of the chain")
    seed_claim: str = Field(min_length=10, description="what the seed post claims, paraphrased")
    finding: str = Field(min_length=10, description="what the studies found")
    grade: str = GRADE
    refs: str = Field(min_length=1)


class FixNow(Row):
    id: str = Identifier
    order: int = Field(ge=1, le=99)
    advice: str = Field(min_length=10, description="the seed's advice, paraphrased")
    model_input: str = Field(min_length=4, description="the model input the advice changes")
    what_changes_in_model: str = Field(min_length=10)
    finding: str = Field(min_length=10, description="what the studies found")
    grade: str = GRADE
    refs: str = Field(min_length=1)


TABLES = [
    TableSpec(
        "chain_segments",
        Segment,
        "segment proportions of the stance-leg model",
        ref_columns=("refs",),
    ),
    TableSpec(
        "chain_reference_posture",
        ReferenceValue,
        "published normal running angles at three step rates",
        ref_columns=("refs",),
    ),
    TableSpec(
        "chain_parameters",
        Parameter,
        "the chain model's numbers: verified values and labelled assumptions",
        ref_columns=("refs",),
    ),
    TableSpec(
        "chain_evidence",
        EvidenceLink,
        "each link of the glute-to-soleus chain vs evidence",
        ref_columns=("refs",),
        foreign_keys=(("grade", "evidence_grades"),),
    ),
    TableSpec(
        "chain_fix_now",
        FixNow,
        "the seed's 'fix now' advice tied to model inputs",
        ref_columns=("refs",),
        foreign_keys=(("grade", "evidence_grades"),),
    ),
]
