"""Lesson 02: a planar (sagittal) stick-figure model of the stance leg at mid-stance.

The model makes the seed's chain concrete: tired glutes -> pelvis -> hip -> knee -> ankle -> soleus.
It is a teaching model: every number it uses is either read from ``data/chain_*.csv`` with its
source, or a labelled teaching assumption from ``data/chain_parameters.csv``.

Posture rule (stated in the notebook): the foot is flat on the ground and the hip joint stays above
the same point of the foot as in the reference posture. Given hip flexion and pelvic tilt, the rule
fixes the knee and the ankle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import pandas as pd

from soleuslib import data

GRAVITY_M_S2 = 9.81
# Input ranges. The overstride range is about three standard deviations either side of the two
# group means of Bramah 2021 (13.3 and 15.8 cm); the others are plausible running values.
FATIGUE_RANGE = (0.0, 1.0)
OVERSTRIDE_RANGE_CM = (5.0, 23.0)
HEIGHT_RANGE_M = (1.40, 2.10)
MASS_RANGE_KG = (35.0, 150.0)
HIP_FLEXION_RANGE_DEG = (0.0, 60.0)
PELVIC_TILT_CHANGE_RANGE_DEG = (-10.0, 10.0)
# Model bounds, not clinical norms: the posture rule may not bend the knee or ankle beyond them.
KNEE_FLEXION_LIMIT_DEG = 90.0
DORSIFLEXION_RANGE_DEG = (-20.0, 45.0)
# Drawing only: the ankle sits a quarter of the foot length ahead of the heel (no angle uses it).
HEEL_BEHIND_ANKLE_FRACTION = 0.25


def check_range(name: str, value: float, low: float, high: float, unit: str = "") -> float:
    """Return ``value`` as float, or raise ValueError naming the input and the allowed range."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number (got {value!r})") from None
    if not (math.isfinite(number) and low <= number <= high):
        suffix = f" {unit}" if unit else ""
        raise ValueError(f"{name} must be between {low:g} and {high:g}{suffix} (got {value!r})")
    return number


# ---------------------------------------------------------------------------- data from data/


@cache
def parameters() -> dict[str, float]:
    """Model parameters by id (verified values and labelled assumptions)."""
    frame = data.load("chain_parameters")
    return dict(zip(frame["id"], frame["value"].astype(float), strict=True))


@cache
def reference_values() -> dict[str, float]:
    """Published running angles (Heiderscheit 2011) by id, in degrees."""
    frame = data.load("chain_reference_posture")
    return dict(zip(frame["id"], frame["value"].astype(float), strict=True))


@dataclass(frozen=True)
class Segments:
    """Segment lengths (m), mass fractions and centre-of-mass fractions for one body height."""

    height_m: float
    hat_m: float
    thigh_m: float
    shank_m: float
    foot_m: float
    ankle_height_m: float
    mass_fraction: dict[str, float]
    com_fraction: dict[str, float]


@cache
def _segment_table() -> pd.DataFrame:
    return data.load("chain_segments").set_index("id")


def segments(height_m: float = 1.75) -> Segments:
    """Segment proportions of the Dempster data as adapted by Winter, scaled to ``height_m``."""
    height = check_range("height_m", height_m, *HEIGHT_RANGE_M, "m")
    table = _segment_table()
    length = table["length_fraction"]
    masses = {k: float(v) for k, v in table["mass_fraction"].dropna().items()}
    coms = {k: float(v) for k, v in table["com_fraction"].dropna().items()}
    return Segments(
        height_m=height,
        hat_m=float(length["hat"]) * height,
        thigh_m=float(length["thigh"]) * height,
        shank_m=float(length["shank"]) * height,
        foot_m=float(length["foot"]) * height,
        ankle_height_m=float(length["ankle_height"]) * height,
        mass_fraction=masses,
        com_fraction=coms,
    )


# ---------------------------------------------------------------------------- the posture model


@dataclass(frozen=True)
class Posture:
    """One mid-stance posture: joint angles (degrees) and points (metres, x forward, y up)."""

    hip_flexion_deg: float
    pelvic_tilt_change_deg: float
    trunk_lean_deg: float
    thigh_angle_deg: float  # thigh from vertical, knee ahead of hip
    knee_flexion_deg: float
    ankle_dorsiflexion_deg: float  # shank from vertical with the foot flat; 0 = standing neutral
    points: dict[str, tuple[float, float]]
    centre_of_mass: tuple[float, float]

    @property
    def ankle_to_com_m(self) -> float:
        """Horizontal distance from the ankle to the whole-body centre of mass (m, + = forward)."""
        return self.centre_of_mass[0] - self.points["ankle"][0]


def _reference_angles() -> tuple[float, float, float]:
    """Thigh angle, shank angle and trunk lean (deg) of the reference posture."""
    ref = reference_values()
    lean = parameters()["reference_trunk_lean"]
    thigh = ref["hip_flexion_preferred"] - lean
    shank = ref["knee_flexion_preferred"] - thigh
    return thigh, shank, lean


def _hip_offset_fraction() -> float:
    """The posture rule's constant: hip ahead of the ankle in the reference posture (/ height)."""
    table = _segment_table()["length_fraction"]
    thigh, shank, _ = _reference_angles()
    return float(table["shank"]) * math.sin(math.radians(shank)) - float(table["thigh"]) * math.sin(
        math.radians(thigh)
    )


def _centre_of_mass(seg: Segments, points: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """Whole-body centre of mass; the swing leg is lumped below the hip (a model simplification)."""
    m, c = seg.mass_fraction, seg.com_fraction

    def along(a: str, b: str, fraction: float) -> tuple[float, float]:
        (xa, ya), (xb, yb) = points[a], points[b]
        return xa + fraction * (xb - xa), ya + fraction * (yb - ya)

    hip_x, hip_y = points["hip"]
    parts = {
        "hat": along("hip", "shoulder", c["hat"]),
        "thigh": along("hip", "knee", c["thigh"]),
        "shank": along("knee", "ankle", c["shank"]),
        "foot": along("heel", "toe", c["foot"]),
        "swing_leg": (hip_x, hip_y - c["swing_leg"] * (seg.thigh_m + seg.shank_m)),
    }
    total = sum(m[name] for name in parts)
    x = sum(m[name] * xy[0] for name, xy in parts.items()) / total
    y = sum(m[name] * xy[1] for name, xy in parts.items()) / total
    return x, y


def posture(
    hip_flexion_deg: float, pelvic_tilt_change_deg: float = 0.0, height_m: float = 1.75
) -> Posture:
    """Mid-stance posture under the rule: foot flat, hip above the same point of the foot."""
    hip = check_range("hip_flexion_deg", hip_flexion_deg, *HIP_FLEXION_RANGE_DEG, "°")
    tilt = check_range(
        "pelvic_tilt_change_deg", pelvic_tilt_change_deg, *PELVIC_TILT_CHANGE_RANGE_DEG, "°"
    )
    seg = segments(height_m)
    # Pelvis and trunk are one rigid segment (Winter's head-arms-trunk): tilting the pelvis forward
    # leans the trunk forward by the same angle. Hip flexion is the thigh relative to that segment.
    lean = parameters()["reference_trunk_lean"] + tilt
    thigh = hip - lean
    sin_shank = (
        _hip_offset_fraction() * seg.height_m + seg.thigh_m * math.sin(math.radians(thigh))
    ) / seg.shank_m
    if not -1.0 < sin_shank < 1.0:
        raise ValueError(
            f"hip_flexion_deg={hip:g} with pelvic_tilt_change_deg={tilt:g} cannot meet the "
            "posture rule (the hip would have to be further forward than the shank can reach)"
        )
    shank = math.degrees(math.asin(sin_shank))
    knee = thigh + shank
    if knee > KNEE_FLEXION_LIMIT_DEG or not (
        DORSIFLEXION_RANGE_DEG[0] <= shank <= DORSIFLEXION_RANGE_DEG[1]
    ):
        raise ValueError(
            f"hip_flexion_deg={hip:g} would need knee flexion {knee:.0f}° and ankle dorsiflexion "
            f"{shank:.0f}° (model limits: knee ≤ {KNEE_FLEXION_LIMIT_DEG:g}°, dorsiflexion "
            f"{DORSIFLEXION_RANGE_DEG[0]:g}° to {DORSIFLEXION_RANGE_DEG[1]:g}°)"
        )

    def step(origin: tuple[float, float], length: float, angle_deg: float, sign: float):
        a = math.radians(angle_deg)
        return origin[0] + sign * length * math.sin(a), origin[1] + length * math.cos(a)

    ankle = (0.0, seg.ankle_height_m)
    heel_x = -HEEL_BEHIND_ANKLE_FRACTION * seg.foot_m
    knee_pt = step(ankle, seg.shank_m, shank, +1.0)
    hip_pt = step(knee_pt, seg.thigh_m, thigh, -1.0)
    shoulder = step(hip_pt, seg.hat_m, lean, +1.0)
    points = {
        "toe": (heel_x + seg.foot_m, 0.0),
        "heel": (heel_x, 0.0),
        "ankle": ankle,
        "knee": knee_pt,
        "hip": hip_pt,
        "shoulder": shoulder,
    }
    return Posture(
        hip_flexion_deg=hip,
        pelvic_tilt_change_deg=tilt,
        trunk_lean_deg=lean,
        thigh_angle_deg=thigh,
        knee_flexion_deg=knee,
        ankle_dorsiflexion_deg=shank,
        points=points,
        centre_of_mass=_centre_of_mass(seg, points),
    )


def reference_posture(height_m: float = 1.75) -> Posture:
    """The zero-fatigue posture: the preferred-step-rate angles of Heiderscheit 2011."""
    return posture(reference_values()["hip_flexion_preferred"], 0.0, height_m)


# ---------------------------------------------------------------------------- outputs


def moment_arm_range_mm() -> tuple[float, float]:
    """Achilles tendon moment arm range used for the soleus (mm): low and high published values."""
    p = parameters()
    return p["achilles_moment_arm_low"], p["achilles_moment_arm_high"]


def soleus_length_change_mm(dorsiflexion_change_deg: float, moment_arm_mm: float) -> float:
    """Muscle–tendon length change ΔL = r·Δθ (mm); more dorsiflexion lengthens the soleus."""
    arm = check_range("moment_arm_mm", moment_arm_mm, 10.0, 80.0, "mm")
    change = check_range("dorsiflexion_change_deg", dorsiflexion_change_deg, -90.0, 90.0, "°")
    return arm * math.radians(change)


def plantarflexor_demand_nm_per_kg(pose: Posture) -> float:
    """Demand index: ankle plantarflexor moment per kg of body mass needed to hold ``pose`` still
    with one body weight acting through the centre of mass, g × (ankle-to-COM distance)."""
    return GRAVITY_M_S2 * pose.ankle_to_com_m


def anterior_tilt_change_deg(glute_fatigue: float) -> float:
    """Teaching assumption: extra anterior pelvic tilt grows linearly to the published +3.1°."""
    f = check_range("glute_fatigue", glute_fatigue, *FATIGUE_RANGE)
    return f * parameters()["anterior_tilt_difference"]


def pelvic_drop_change_deg(glute_fatigue: float) -> float:
    """Teaching assumption: extra contralateral drop grows linearly to the published +2.1°."""
    f = check_range("glute_fatigue", glute_fatigue, *FATIGUE_RANGE)
    return f * parameters()["pelvic_drop_difference"]


def hip_flexion_deg(glute_fatigue: float, overstride_cm: float) -> float:
    """Teaching assumption: hip flexion from the reference, raised by fatigue and by overstride."""
    f = check_range("glute_fatigue", glute_fatigue, *FATIGUE_RANGE)
    reach = check_range("overstride_cm", overstride_cm, *OVERSTRIDE_RANGE_CM, "cm")
    p = parameters()
    return (
        reference_values()["hip_flexion_preferred"]
        + f * p["fatigue_hip_flexion_gain"]
        + (reach - p["heel_com_control"]) * p["overstride_hip_flexion_gain"]
    )


@dataclass(frozen=True)
class ChainResult:
    """Inputs and outputs of the chain model, with units in the names."""

    glute_fatigue: float
    overstride_cm: float
    height_m: float
    mass_kg: float
    anterior_tilt_change_deg: float
    pelvic_drop_change_deg: float
    posture: Posture
    reference: Posture
    soleus_length_change_mm: tuple[float, float]  # low and high moment arm
    demand_nm_per_kg: float

    @property
    def demand_nm(self) -> float:
        """The demand index for this body mass (N·m)."""
        return self.demand_nm_per_kg * self.mass_kg

    @property
    def knee_flexion_deg(self) -> float:
        return self.posture.knee_flexion_deg

    @property
    def ankle_dorsiflexion_deg(self) -> float:
        return self.posture.ankle_dorsiflexion_deg


def chain_state(
    glute_fatigue: float,
    overstride_cm: float | None = None,
    height_m: float = 1.75,
    mass_kg: float = 70.0,
) -> ChainResult:
    """Run the chain: glute fatigue (0–1) and overstride (heel-to-COM at contact, cm) -> outputs."""
    reach = parameters()["heel_com_control"] if overstride_cm is None else overstride_cm
    mass = check_range("mass_kg", mass_kg, *MASS_RANGE_KG, "kg")
    hip = hip_flexion_deg(glute_fatigue, reach)
    tilt = anterior_tilt_change_deg(glute_fatigue)
    pose = posture(hip, tilt, height_m)
    ref = reference_posture(height_m)
    delta = pose.ankle_dorsiflexion_deg - ref.ankle_dorsiflexion_deg
    low, high = moment_arm_range_mm()
    return ChainResult(
        glute_fatigue=float(glute_fatigue),
        overstride_cm=float(reach),
        height_m=float(height_m),
        mass_kg=mass,
        anterior_tilt_change_deg=tilt,
        pelvic_drop_change_deg=pelvic_drop_change_deg(glute_fatigue),
        posture=pose,
        reference=ref,
        soleus_length_change_mm=(
            soleus_length_change_mm(delta, low),
            soleus_length_change_mm(delta, high),
        ),
        demand_nm_per_kg=plantarflexor_demand_nm_per_kg(pose),
    )


def result_table(result: ChainResult) -> pd.DataFrame:
    """The outputs of one run as a small table (quantity, value, unit), values rounded."""
    low, high = result.soleus_length_change_mm
    ref = result.reference
    rows = [
        ("Anterior pelvic tilt, change from reference", result.anterior_tilt_change_deg, "°"),
        ("Contralateral pelvic drop, change from reference", result.pelvic_drop_change_deg, "°"),
        ("Hip flexion", result.posture.hip_flexion_deg, "°"),
        ("Knee flexion", result.knee_flexion_deg, "°"),
        ("Ankle dorsiflexion (teaching assumption)", result.ankle_dorsiflexion_deg, "°"),
        (
            "Knee flexion, change from reference",
            result.knee_flexion_deg - ref.knee_flexion_deg,
            "°",
        ),
        (
            "Ankle dorsiflexion, change from reference",
            result.ankle_dorsiflexion_deg - ref.ankle_dorsiflexion_deg,
            "°",
        ),
        ("Soleus muscle–tendon length change (small moment arm)", low, "mm"),
        ("Soleus muscle–tendon length change (large moment arm)", high, "mm"),
        ("Demand index: plantarflexor moment per kg", result.demand_nm_per_kg, "N·m/kg"),
        ("Demand index for this body mass", result.demand_nm, "N·m"),
    ]
    frame = pd.DataFrame(rows, columns=["quantity", "value", "unit"])
    frame["value"] = frame["value"].map(lambda v: f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}")
    return frame


def sweep(
    fatigue_levels: list[float], overstride_cm: float | None = None, height_m: float = 1.75
) -> pd.DataFrame:
    """Model outputs across glute-fatigue levels, one row per level (angles °, lengths mm)."""
    rows = []
    for level in fatigue_levels:
        r = chain_state(level, overstride_cm, height_m)
        rows.append(
            {
                "glute_fatigue": r.glute_fatigue,
                "overstride_cm": r.overstride_cm,
                "anterior_tilt_change_deg": r.anterior_tilt_change_deg,
                "pelvic_drop_change_deg": r.pelvic_drop_change_deg,
                "hip_flexion_deg": r.posture.hip_flexion_deg,
                "knee_flexion_deg": r.knee_flexion_deg,
                "ankle_dorsiflexion_deg": r.ankle_dorsiflexion_deg,
                "soleus_change_low_mm": r.soleus_length_change_mm[0],
                "soleus_change_high_mm": r.soleus_length_change_mm[1],
                "demand_nm_per_kg": r.demand_nm_per_kg,
            }
        )
    return pd.DataFrame(rows)


def step_rate_check(height_m: float = 1.75) -> pd.DataFrame:
    """The model's knee response to the hip angles of the step-rate study, beside the measured knee.

    The hip change is applied through the thigh (pelvic tilt unchanged), as overstride does.
    """
    ref = reference_values()
    rows = []
    for label, suffix in (
        ("10 % lower", "minus10"),
        ("preferred", "preferred"),
        ("10 % higher", "plus10"),
    ):
        hip = ref[f"hip_flexion_{suffix}"]
        pose = posture(hip, 0.0, height_m)
        rows.append(
            {
                "step_rate": label,
                "hip_flexion_deg": hip,
                "knee_measured_deg": ref[f"knee_flexion_{suffix}"],
                "knee_model_deg": round(pose.knee_flexion_deg, 1),
                "dorsiflexion_model_deg": round(pose.ankle_dorsiflexion_deg, 1),
            }
        )
    return pd.DataFrame(rows)


def evidence_panel() -> pd.DataFrame:
    """The evidence panel: each link of the chain with its finding and grade, in chain order."""
    from soleuslib import evidence

    frame = data.load("chain_evidence").sort_values("order").reset_index(drop=True)
    return evidence.attach(frame)


def fix_now() -> pd.DataFrame:
    """The seed's 'fix now' advice, each tied to a model input and its evidence grade."""
    from soleuslib import evidence

    frame = data.load("chain_fix_now").sort_values("order").reset_index(drop=True)
    return evidence.attach(frame)


def for_display(frame: pd.DataFrame, refs_column: str = "refs") -> pd.DataFrame:
    """A copy of a chain table ready to show: author-year sources, '—' for empty cells."""
    from soleuslib.catalog import refs_column as labels

    shown = frame.astype(object).where(frame.notna(), "—")
    if refs_column in shown:
        shown[refs_column] = labels(frame, refs_column)
        shown[refs_column] = shown[refs_column].replace("", "— (project assumption)")
    return shown.replace("", "—")


# --------------------------------------------------------------------------- tables for the lesson

_SEGMENT_COLUMNS = {
    "segment": "Segment",
    "endpoints": "End points",
    "length_fraction": "Length / height",
    "length_status": "Length checked",
    "mass_fraction": "Mass / body mass",
    "com_fraction": "Centre of mass from proximal end / length",
    "refs": "Source",
}
_PARAMETER_COLUMNS = {
    "parameter": "Parameter",
    "value": "Value",
    "unit": "Unit",
    "status": "Status",
    "basis": "Basis",
    "refs": "Source",
}
_FIX_NOW_COLUMNS = {
    "advice": "The post advises",
    "model_input": "Model input",
    "what_changes_in_model": "In the model",
    "finding": "What was found",
    "evidence": "Grade (support · best evidence)",
    "refs": "Source",
}
_EVIDENCE_COLUMNS = {
    "link": "Link",
    "seed_claim": "The post claims",
    "finding": "What was found",
    "studies": "Studies",
    "evidence": "Grade (support · best evidence)",
    "refs": "Source",
}


def segments_table():
    """The segment proportions the model uses, with their sources (for a "Model details" box)."""
    from soleuslib.tables import table

    return table(
        for_display(data.load("chain_segments")),
        _SEGMENT_COLUMNS,
        caption="Segment proportions used by the model",
    )


def parameters_table():
    """Every number of the model: verified values and teaching assumptions, with their basis."""
    from soleuslib.tables import table

    return table(
        for_display(data.load("chain_parameters")),
        _PARAMETER_COLUMNS,
        caption="The model's numbers: verified values and teaching assumptions",
    )


def fix_now_table():
    """The post's 'fix now' list beside the model input each tip changes and its evidence."""
    from soleuslib.tables import table

    return table(
        for_display(fix_now()),
        _FIX_NOW_COLUMNS,
        caption="The 'fix now' list against the model and the evidence",
    )


def evidence_table():
    """The glute-to-soleus chain link by link: the post's claim, the finding and its grade."""
    from soleuslib.tables import table

    return table(
        for_display(evidence_panel()),
        _EVIDENCE_COLUMNS,
        caption="The glute-to-soleus chain, link by link",
    )
