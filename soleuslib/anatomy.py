"""Lesson 01: the posterior-leg schematic and the muscle–tendon length model of the calf.

Length model (teaching model, not a measurement). Change of muscle–tendon unit (MTU) length from the
neutral position (knee 0°, ankle 0°), in millimetres, with joint angles in degrees at the interface:

    soleus:        ΔL = r_ankle · θ_ankle
    gastrocnemius: ΔL = r_ankle · θ_ankle − r_knee · θ_knee

θ in radians inside; r = moment arm in mm, taken as constant over the angle range. Sign convention:
ankle dorsiflexion is positive and lengthens both muscles (plantarflexion negative); knee flexion is
positive and shortens the gastrocnemius only, because the soleus does not cross the knee. Moment
arms are published *ranges* (data/anatomy_moment_arms.csv), so each result is a band (low, mid,
high).
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Real

import pandas as pd

from soleuslib import data, references
from soleuslib.tables import Table, table

MUSCLES = ("soleus", "gastrocnemius")
JOINT_ANGLE_NAMES = ("knee_flexion_deg", "ankle_dorsiflexion_deg")
# The schematic is drawn for this body height: knee joint line 0.285 H and ankle 0.039 H above the
# floor, so the shank is about 0.246 H long (Winter's segment fractions, SECONDARY reproductions).
SCHEMATIC_BODY_HEIGHT_CM = 175.0

# --------------------------------------------------------------------------- joint ranges


@dataclass(frozen=True)
class AngleRange:
    """The project's teaching range of one joint angle (degrees)."""

    name: str
    min_deg: float
    max_deg: float
    positive_direction: str
    basis: str


def joint_ranges() -> dict[str, AngleRange]:
    """Teaching ranges of knee flexion and ankle dorsiflexion (data/anatomy_joint_ranges.csv)."""
    frame = data.load("anatomy_joint_ranges")
    return {
        row.id: AngleRange(
            row.id, float(row.min_deg), float(row.max_deg), row.positive_direction, row.basis
        )
        for row in frame.itertuples()
    }


def check_angle(name: str, value: object) -> float:
    """``value`` as a float if it is in the teaching range of ``name``; else a clear ValueError."""
    ranges = joint_ranges()
    if name not in ranges:
        raise ValueError(f"unknown joint angle '{name}'; expected one of {', '.join(ranges)}")
    span = ranges[name]
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(float(value)):
        raise ValueError(f"{name} must be a number of degrees (got {value!r})")
    if not span.min_deg <= float(value) <= span.max_deg:
        raise ValueError(
            f"{name} must be between {span.min_deg:g} and {span.max_deg:g} degrees, "
            f"the project's teaching range (got {float(value):g})"
        )
    return float(value)


# --------------------------------------------------------------------------- moment arms


@dataclass(frozen=True)
class MomentArmRange:
    """Published moment-arm range at one joint (mm); ``secondary`` if any source is secondary."""

    joint: str
    low_mm: float
    high_mm: float
    secondary: bool
    refs: tuple[str, ...]

    @property
    def mid_mm(self) -> float:
        return (self.low_mm + self.high_mm) / 2


def moment_arm_range(joint: str) -> MomentArmRange:
    """The widest range over the model's sources for ``joint`` ('ankle' or 'knee')."""
    frame = data.load("anatomy_moment_arms")
    rows = frame[(frame["joint"] == joint) & frame["used_in_model"]]
    if rows.empty:
        raise ValueError(f"joint must be 'ankle' or 'knee' (got {joint!r})")
    refs = dict.fromkeys(k for cell in rows["refs"] for k in data.split_keys(cell))
    return MomentArmRange(
        joint=joint,
        low_mm=float(rows["low_mm"].min()),
        high_mm=float(rows["high_mm"].max()),
        secondary=bool((rows["evidence"] != "primary").any()),
        refs=tuple(refs),
    )


# --------------------------------------------------------------------------- length model


def _check_muscle(muscle: str) -> str:
    if muscle not in MUSCLES:
        raise ValueError(f"muscle must be one of {', '.join(MUSCLES)} (got {muscle!r})")
    return muscle


def _length_change_mm(
    muscle: str, knee_deg: float, ankle_deg: float, r_ankle: float, r_knee: float
) -> float:
    """The model's formula on already-checked input (see the module docstring)."""
    change = r_ankle * math.radians(ankle_deg)
    if muscle == "gastrocnemius":
        change -= r_knee * math.radians(knee_deg)
    return change


def mtu_length_change_mm(
    muscle: str,
    knee_flexion_deg: float,
    ankle_dorsiflexion_deg: float,
    ankle_moment_arm_mm: float,
    knee_moment_arm_mm: float,
) -> float:
    """MTU length change from neutral (mm) for given moment arms; + = longer (module docstring)."""
    _check_muscle(muscle)
    knee = check_angle("knee_flexion_deg", knee_flexion_deg)
    ankle = check_angle("ankle_dorsiflexion_deg", ankle_dorsiflexion_deg)
    for name, value in (
        ("ankle_moment_arm_mm", ankle_moment_arm_mm),
        ("knee_moment_arm_mm", knee_moment_arm_mm),
    ):
        if not value > 0:
            raise ValueError(f"{name} must be a positive length in mm (got {value!r})")
    return _length_change_mm(muscle, knee, ankle, ankle_moment_arm_mm, knee_moment_arm_mm)


@dataclass(frozen=True)
class LengthBand:
    """MTU length change from neutral (mm) over the published moment-arm ranges."""

    muscle: str
    knee_flexion_deg: float
    ankle_dorsiflexion_deg: float
    low_mm: float
    mid_mm: float
    high_mm: float


def _band(
    muscle: str, knee: float, ankle: float, ankle_r: MomentArmRange, knee_r: MomentArmRange
) -> LengthBand:
    corners = [
        _length_change_mm(muscle, knee, ankle, ra, rk)
        for ra in (ankle_r.low_mm, ankle_r.high_mm)
        for rk in (knee_r.low_mm, knee_r.high_mm)
    ]
    mid = _length_change_mm(muscle, knee, ankle, ankle_r.mid_mm, knee_r.mid_mm)
    return LengthBand(muscle, knee, ankle, min(corners), mid, max(corners))


def mtu_length_band(
    muscle: str, knee_flexion_deg: float, ankle_dorsiflexion_deg: float
) -> LengthBand:
    """Low, mid and high MTU length change (mm) for the published moment-arm ranges."""
    _check_muscle(muscle)
    knee = check_angle("knee_flexion_deg", knee_flexion_deg)
    ankle = check_angle("ankle_dorsiflexion_deg", ankle_dorsiflexion_deg)
    return _band(muscle, knee, ankle, moment_arm_range("ankle"), moment_arm_range("knee"))


def length_bands(knee_flexion_deg: float, ankle_angles_deg: Iterable[float]) -> pd.DataFrame:
    """Bands of both muscles at one knee angle over several ankle angles (row per muscle·angle)."""
    knee = check_angle("knee_flexion_deg", knee_flexion_deg)
    ankles = [check_angle("ankle_dorsiflexion_deg", a) for a in ankle_angles_deg]
    ankle_r, knee_r = moment_arm_range("ankle"), moment_arm_range("knee")
    rows = [_band(m, knee, a, ankle_r, knee_r).__dict__ for m in MUSCLES for a in ankles]
    return pd.DataFrame(rows)


def gastrocnemius_slack_deg(knee_flexion_deg: float) -> tuple[float, float]:
    """Ankle dorsiflexion (deg, low–high) that bending the knee 'gives back' to the gastrocnemius.

    Bending the knee shortens the gastrocnemius by r_knee·θ_knee; dividing by r_ankle gives the
    ankle angle that would take up that slack. It is why a tight gastrocnemius limits dorsiflexion
    less with the knee bent (Silfverskiöld, lunge test).
    """
    knee = check_angle("knee_flexion_deg", knee_flexion_deg)
    ankle_r, knee_r = moment_arm_range("ankle"), moment_arm_range("knee")
    low = knee_r.low_mm * knee / ankle_r.high_mm
    high = knee_r.high_mm * knee / ankle_r.low_mm
    return low, high


def explain_test(knee_straight_deg: float, knee_bent_deg: float) -> str:
    """One sentence: what the length model says changes between the two knee positions of a test."""
    bent = check_angle("knee_flexion_deg", knee_bent_deg)
    straight = check_angle("knee_flexion_deg", knee_straight_deg)
    knee_r = moment_arm_range("knee")
    delta = math.radians(bent - straight)
    slack_low, slack_high = gastrocnemius_slack_deg(bent - straight)
    return (
        f"Bending the knee from {straight:g}° to {bent:g}° shortens the gastrocnemius by "
        f"{knee_r.low_mm * delta:.0f}–{knee_r.high_mm * delta:.0f} mm and leaves the soleus "
        f"unchanged; that slack is worth about {slack_low:.0f}–{slack_high:.0f}° of extra ankle "
        "dorsiflexion before the gastrocnemius is as long as it was with the knee straight."
    )


def clinical_tests() -> pd.DataFrame:
    """The knee-straight vs knee-bent tests with the length model's explanation added."""
    frame = data.load("anatomy_clinical_tests")
    frame["model_explanation"] = [
        explain_test(s, b)
        for s, b in zip(frame["knee_straight_deg"], frame["knee_bent_deg"], strict=True)
    ]
    return frame


# --------------------------------------------------------------------------- schematic geometry


@dataclass(frozen=True)
class Shape:
    """A drawable structure of the schematic, with its coordinates taken from the landmarks."""

    id: str
    name: str
    kind: str
    layer: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    closed: bool
    anchor: tuple[float, float]
    label: str
    label_xy: tuple[float, float]
    hover: str
    refs: tuple[str, ...]


def landmarks() -> pd.DataFrame:
    """The schematic's landmarks (cm), indexed by id. A teaching drawing, not a measurement."""
    return data.load("anatomy_landmarks").set_index("id")


def hover_text(name: str, fact: str, refs: Iterable[str], note: str | None = None) -> str:
    """Hover label: bold name, the fact wrapped for small screens, then the citation."""
    lines = [f"<b>{html.escape(name)}</b>"]
    lines += [html.escape(line) for line in textwrap.wrap(fact, 46)]
    if note:
        lines += [f"<i>{html.escape(line)}</i>" for line in textwrap.wrap(note, 46)]
    labels = [references.get(k).short for k in refs]
    source = ";<br>".join(html.escape(label) for label in labels)  # never split one citation
    lines.append(f"<i>Source: {source}</i>")
    return "<br>".join(lines)


def _shape(row, points: pd.DataFrame, kind: str, layer: str, hover: str) -> Shape:
    ids = data.split_keys(row["outline"])
    return Shape(
        id=row["id"],
        name=row["name"],
        kind=kind,
        layer=layer,
        x=tuple(float(points.at[i, "x_cm"]) for i in ids),
        y=tuple(float(points.at[i, "y_cm"]) for i in ids),
        closed=bool(row.get("closed", True)),
        anchor=(float(points.at[row["anchor"], "x_cm"]), float(points.at[row["anchor"], "y_cm"])),
        label=row["label"],
        label_xy=(float(row["label_x_cm"]), float(row["label_y_cm"])),
        hover=hover,
        refs=tuple(data.split_keys(row["refs"])),
    )


def structures() -> list[Shape]:
    """Every structure of the schematic, in drawing order."""
    points = landmarks()
    frame = data.load("anatomy_structures").sort_values("order")
    return [
        _shape(
            row,
            points,
            row["kind"],
            row["layer"],
            hover_text(row["name"], row["fact"], data.split_keys(row["refs"])),
        )
        for _, row in frame.iterrows()
    ]


def pain_sites() -> list[Shape]:
    """The pain-map regions, each tied to the soleus origin it sits over."""
    points = landmarks()
    names = data.load("anatomy_structures").set_index("id")["name"]
    shapes = []
    for _, row in data.load("anatomy_pain_sites").iterrows():
        fact = f"{row['description']} Over: {names[row['over_structure']]}. {row['caution']}"
        hover = hover_text(
            f"Pain map: {row['name']}", fact, data.split_keys(row["refs"]), note=row["basis"]
        )
        shapes.append(_shape(row, points, "pain", "pain", hover))
    return shapes


# --------------------------------------------------------------------------- facts


def facts() -> pd.DataFrame:
    """Fibre type, role in running and the model's caveats, each with its sources."""
    return data.load("anatomy_facts")


# --------------------------------------------------------------------------- tables for the lesson


def _with_sources(frame: pd.DataFrame) -> pd.DataFrame:
    from soleuslib.catalog import refs_column

    frame = frame.copy()
    frame["refs"] = refs_column(frame)
    return frame


def structures_table() -> Table:
    """The diagram's structures and their facts, for readers who cannot use the hover."""
    return table(
        _with_sources(data.load("anatomy_structures")),
        {"name": "Structure", "fact": "Fact", "refs": "Source"},
        caption="Structures of the diagram",
    )


def pain_sites_table() -> Table:
    """The pain map: what is described where, the origin beneath and what else hurts there."""
    frame = _with_sources(data.load("anatomy_pain_sites"))
    names = data.load("anatomy_structures").set_index("id")["name"]
    frame["over"] = frame["over_structure"].map(names)
    return table(
        frame,
        {
            "name": "Where",
            "description": "What is described",
            "over": "Origin beneath",
            "caution": "Also consider",
            "refs": "Source",
        },
        caption="The pain map and the origin under each region",
    )


def moment_arms_table() -> Table:
    """The moment-arm ranges behind the length model's bands."""
    return table(
        _with_sources(data.load("anatomy_moment_arms")),
        {
            "joint": "Joint",
            "low_mm": "Low (mm)",
            "high_mm": "High (mm)",
            "condition": "Condition",
            "method": "Method",
            "evidence": "Evidence",
            "used_in_model": "In model",
            "refs": "Source",
        },
        caption="Moment-arm ranges behind the bands",
    )


def joint_ranges_table() -> Table:
    """The project's teaching ranges of the model's joint angles."""
    return table(
        data.load("anatomy_joint_ranges"),
        {
            "id": "Angle",
            "min_deg": "Min (°)",
            "max_deg": "Max (°)",
            "positive_direction": "Sign",
            "basis": "Basis",
        },
        caption="Teaching ranges of the model",
    )


def facts_table() -> Table:
    """Fibre type, role in running and the model's caveats, with sources."""
    return table(
        _with_sources(facts()),
        {"topic": "Topic", "fact": "Fact", "status": "Verified as", "refs": "Source"},
        caption="Soleus facts used in this lesson",
    )


def clinical_tests_table() -> Table:
    """The knee-straight vs knee-bent tests with the length model's explanation."""
    frame = _with_sources(clinical_tests())
    frame.loc[frame["refs"] == "", "refs"] = "the project's teaching content (uncited)"
    return table(
        frame,
        {
            "name": "Test",
            "what_it_tests": "What it compares",
            "finding": "What it shows",
            "refs": "Source",
            "model_explanation": "What the length model says",
        },
        caption="Knee-straight vs knee-bent tests, explained by the length model",
    )


def describe_band(band: LengthBand) -> str:
    """One line: a muscle's length change band and its middle, in whole millimetres."""
    return (
        f"{band.muscle}: {band.low_mm:+.0f} to {band.high_mm:+.0f} mm "
        f"(middle {band.mid_mm:+.0f} mm) at knee {band.knee_flexion_deg:g}°, "
        f"ankle {band.ankle_dorsiflexion_deg:+g}°"
    )
