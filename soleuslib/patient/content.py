"""What the patient templates show, built from the data files: pure functions, no HTML."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from soleuslib import data, exercises, references, urgency

READING_LEVELS = ("plain", "clinical")
# "Get help …" headings of the warning list, one per urgency level, most urgent first. Each holds
# the level's time word from urgency.WHEN_WORDS (now / today / within days / before your next run).
SAFETY_HEADINGS: dict[str, str] = {
    "emergency": (
        "Get help now: call an ambulance or go to an emergency department "
        "if you notice any of these"
    ),
    "same_day": "See a doctor today if you notice any of these",
    "urgent": "Stop running and see a doctor within days if you notice any of these",
    "routine": "Tell your physio before your next run if you notice any of these",
}
NOTICE = (
    "This sheet is for learning. It is not a diagnosis. Your clinician checks you and decides "
    "what is right for you. If a warning sign applies to you, get help as the list says."
)


@dataclass(frozen=True)
class SafetySign:
    """One warning sign as shown: plain words, and clinical words with sources when asked for."""

    plain: str
    clinical: str | None = None
    condition: str | None = None
    sources: str | None = None


@dataclass(frozen=True)
class SafetyGroup:
    """The signs of one urgency level, with the heading and colours that go with it."""

    level: str
    when: str
    heading: str
    border: str
    tint: str
    signs: tuple[SafetySign, ...]


def _sources(cell: str) -> str:
    return "; ".join(references.get(k).short for k in data.split_keys(cell))


def safety_groups(reading_level: str = "plain") -> tuple[SafetyGroup, ...]:
    """The warning list of data/exercise_safety.csv grouped by urgency, most urgent first."""
    _check_choice(reading_level, "reading_level", READING_LEVELS)
    signs = exercises.safety_signs()
    groups = []
    for level in exercises.URGENCY_ORDER:
        rows = signs[signs["urgency"] == level]
        if rows.empty:
            continue
        clinical = reading_level == "clinical"
        items = tuple(
            SafetySign(
                plain=row["plain"],
                clinical=row["clinical"] if clinical else None,
                condition=row["condition"] if clinical else None,
                sources=(_sources(row["refs"]) or None) if clinical else None,
            )
            for _, row in rows.iterrows()
        )
        border, tint = urgency.COLOURS[level]
        groups.append(
            SafetyGroup(
                level=level,
                when=urgency.WHEN_WORDS[level],
                heading=SAFETY_HEADINGS[level],
                border=border,
                tint=tint,
                signs=items,
            )
        )
    return tuple(groups)


def _check_choice(value: str, field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{field} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def stage(name: str) -> pd.Series:
    """One row of data/handout_stages.csv: what the sheet says and stresses at this stage."""
    frame = data.load("handout_stages").set_index("stage", drop=False)
    _check_choice(name, "stage", tuple(frame.index))
    return frame.loc[name]


def stage_dosage_text(row: pd.Series, dosage: str = "full range") -> str:
    """Dosage in words; ``"low end"`` prints only the fewest sets and repetitions."""
    _check_choice(dosage, "dosage", ("low end", "full range"))
    if dosage == "low end" and not pd.isna(row["sets_min"]):
        row = row.copy()
        row["sets_max"] = row["sets_min"]
        if not pd.isna(row["reps_min"]):
            row["reps_max"] = row["reps_min"]
    return exercises.dosage_text(row)


def in_focus(row: pd.Series, stage_row: pd.Series) -> bool:
    """True when the exercise serves one of the stage's focus goals."""
    return bool(set(data.split_keys(row["goals"])) & set(data.split_keys(stage_row["focus_goals"])))


@dataclass(frozen=True)
class ExerciseCard:
    """Everything one exercise card shows; ``figure_svg`` is markup made by ``pose_svg``."""

    exercise_id: str
    name: str
    purpose: str
    facts: tuple[tuple[str, str], ...]
    cues: tuple[str, ...]
    cheats: tuple[str, ...]
    number: int | None = None
    figure_svg: str | None = None
    figure_caption: str | None = None
    focus: str | None = None
    note: str | None = None


def exercise_card(
    exercise_id: str,
    number: int | None = None,
    reading_level: str = "plain",
    stage_name: str | None = None,
    with_figure: bool = True,
) -> ExerciseCard:
    """One exercise in the patient's words: purpose, dose (by stage), cues, cheats, pose figure."""
    from soleuslib.figures.exercises import pose_caption, pose_svg

    _check_choice(reading_level, "reading_level", READING_LEVELS)
    row = exercises.exercise(exercise_id)
    stage_row = stage(stage_name) if stage_name is not None else None
    dosage = stage_row["dosage"] if stage_row is not None else "full range"
    facts = [("How much", stage_dosage_text(row, dosage))]
    if row["rest"]:
        facts.append(("Rest", row["rest"]))
    if row["load"]:
        facts.append(("Load", row["load"]))
    equipment = [e for e in data.split_keys(row["equipment"]) if e != "none"]
    facts.append(("You need", ", ".join(equipment) if equipment else "nothing"))
    if reading_level == "clinical":
        if row["target_muscles"]:
            facts.append(("Targets", ", ".join(data.split_keys(row["target_muscles"]))))
        facts.append(
            ("Evidence", f"{row['evidence']}: {row['evidence_note']} ({_sources(row['refs'])})")
        )
    focus = note = None
    if stage_row is not None:
        if in_focus(row, stage_row):
            focus = f"Focus for this stage ({stage_row['label']})"
        if dosage == "low end" and data.split_keys(row["regression"]):
            note = "This is a harder version. Ask your clinician before you start it."
    pose = exercises.pose(exercise_id) if with_figure else None
    return ExerciseCard(
        exercise_id=exercise_id,
        name=row["name"],
        purpose=row["purpose"],
        facts=tuple(facts),
        cues=tuple(data.split_keys(row["cues"])),
        cheats=tuple(data.split_keys(row["cheats"])),
        number=number,
        figure_svg=pose_svg(pose) if pose else None,
        figure_caption=pose_caption(pose) if pose else None,
        focus=focus,
        note=note,
    )
