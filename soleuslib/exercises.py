"""Lesson 04: the exercise circuit, its filters, progression ladder, evidence and key poses.

All functions are pure: they read ``data/exercises.csv`` (and ``data/exercise_safety.csv``) through
:func:`soleuslib.data.load` and return DataFrames, tables or numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from soleuslib import catalog, data, references, urgency
from soleuslib.schemas.exercises import EQUIPMENT, GOALS, SELF_LINKS
from soleuslib.tables import Table, table

__all__ = [
    "EQUIPMENT",
    "GOALS",
    "Pose",
    "circuit_table",
    "coaching_table",
    "dosage_text",
    "evidence_table",
    "exercise",
    "exercise_ids",
    "exercises",
    "filter_exercises",
    "ladder",
    "link_problems",
    "pose",
    "pose_points",
    "safety_signs",
]

# The stick figure's segment lengths in metres, for a drawing of a person about 1.75 m tall.
# They are the project's illustrative drawing scale, not measured anthropometry.
SEGMENT_M = {"foot": 0.26, "ankle_height": 0.08, "shank": 0.43, "thigh": 0.43, "trunk": 0.52}
HEAD_RADIUS_M = 0.11
NOODLE_RADIUS_M = 0.035  # a pool noodle is roughly 6-7 cm across (drawing only)
ILLUSTRATIVE = "the project's illustrative drawing (angles not taken from a study)"
# The warning list is shown most urgent first: emergency, same_day, urgent, routine.
URGENCY_ORDER = tuple(reversed(urgency.ORDER))


def exercises() -> pd.DataFrame:
    """Every row of data/exercises.csv (circuit first, then the fix-now items), with the words
    of its evidence grade (``support``, ``design``, ``level``, ``evidence``; soleuslib.evidence)."""
    from soleuslib import evidence

    return evidence.attach(data.load("exercises"))


def exercise_ids() -> list[str]:
    """The ids of every exercise and fix-now item, in file order."""
    return list(exercises()["id"])


def exercise(exercise_id: str) -> pd.Series:
    """One row by id; an unknown id raises ValueError listing the known ids."""
    frame = exercises().set_index("id", drop=False)
    if exercise_id not in frame.index:
        raise ValueError(
            f"exercise_id must be one of {', '.join(frame.index)} (got {exercise_id!r})"
        )
    return frame.loc[exercise_id]


def _as_set(value: str | Iterable[str], field: str, allowed: tuple[str, ...]) -> set[str]:
    items = {value} if isinstance(value, str) else set(value)
    unknown = sorted(items - set(allowed))
    if unknown:
        raise ValueError(f"{field} must be among {', '.join(allowed)} (got {', '.join(unknown)})")
    return items


def filter_exercises(
    goal: str | None = None,
    equipment: str | Iterable[str] | None = None,
    kind: str | None = None,
) -> pd.DataFrame:
    """Rows serving ``goal`` that need only the ``equipment`` available (None: no filter).

    ``equipment`` is what the runner has; "none" is always available.
    """
    frame = exercises()
    if goal is not None:
        _as_set(goal, "goal", GOALS)
        frame = frame[frame["goals"].map(lambda cell: goal in data.split_keys(cell))]
    if equipment is not None:
        have = _as_set(equipment, "equipment", EQUIPMENT) | {"none"}
        frame = frame[frame["equipment"].map(lambda cell: set(data.split_keys(cell)) <= have)]
    if kind is not None:
        _as_set(kind, "kind", ("circuit", "fix now"))
        frame = frame[frame["kind"] == kind]
    return frame.reset_index(drop=True)


def _range(low, high) -> str:
    return f"{low}" if low == high else f"{low}–{high}"


def dosage_text(row: pd.Series) -> str:
    """Dosage in words, e.g. '2 sets of 8–12 repetitions, each side'."""
    if pd.isna(row["sets_min"]):
        linked = data.split_keys(row["practised_in"])
        if not linked:
            return "A cue to use while running; no sets or repetitions"
        return "Practise it within: " + "; ".join(exercise(i)["name"] for i in linked)
    sets = _range(int(row["sets_min"]), int(row["sets_max"]))
    if row["to_fatigue"]:
        text = f"{sets} rounds, each to fatigue"
    else:
        plural = "" if int(row["sets_max"]) == 1 else "s"
        reps = _range(int(row["reps_min"]), int(row["reps_max"]))
        text = f"{sets} set{plural} of {reps} repetitions"
    return text + (", each side" if row["per_side"] else "")


def circuit_table(frame: pd.DataFrame | None = None, caption: str | None = None) -> Table:
    """The circuit (or any selection of rows) as a readable table."""
    frame = exercises() if frame is None else frame
    shown = frame.assign(
        dosage=frame.apply(dosage_text, axis=1),
        equipment=frame["equipment"].str.replace(";", ", "),
        goals=frame["goals"].str.replace(";", ", "),
    )
    return table(
        shown,
        {
            "name": "Exercise",
            "kind": "Kind",
            "goals": "Goals",
            "dosage": "Dosage",
            "load": "Load",
            "equipment": "Equipment",
            "evidence": "Evidence",
        },
        caption=caption or "The circuit and the fix-now items",
    )


def _numbered(cell: str) -> str:
    """A ';'-list cell as one line of numbered items: '(1) … (2) …'."""
    return " ".join(f"({n}) {item}" for n, item in enumerate(data.split_keys(cell), start=1))


def coaching_table(frame: pd.DataFrame | None = None) -> Table:
    """What to say (cues) and what to watch for (cheats) in each exercise of the circuit."""
    frame = filter_exercises(kind="circuit") if frame is None else frame
    shown = frame.assign(cues=frame["cues"].map(_numbered), cheats=frame["cheats"].map(_numbered))
    return table(
        shown,
        {"name": "Exercise", "cues": "Cues to say", "cheats": "Cheats to watch for"},
        caption="Coaching cues and common cheats of the circuit",
    )


def evidence_table(frame: pd.DataFrame | None = None) -> Table:
    """What is known about each row: label, one-line note and sources (author-year)."""
    frame = exercises() if frame is None else frame
    shown = frame.assign(sources=catalog.refs_column(frame))
    return table(
        shown,
        {
            "name": "Exercise",
            "evidence": "Evidence grade",
            "evidence_note": "What is known",
            "sources": "Sources",
        },
        caption="How strong is the evidence for each exercise?",
    )


def link_problems(frame: pd.DataFrame | None = None) -> list[str]:
    """Broken or inconsistent links: unknown ids, one-way progressions, cycles."""
    frame = exercises() if frame is None else frame
    ids = set(frame["id"])
    links = {
        column: {row["id"]: data.split_keys(row[column]) for _, row in frame.iterrows()}
        for column, _ in SELF_LINKS
    }
    problems = [
        f"{source}.{column} names unknown id '{target}'"
        for column, table_ in links.items()
        for source, targets in table_.items()
        for target in targets
        if target not in ids
    ]
    for source, targets in links["progression"].items():
        for target in targets:
            if target in ids and source not in links["regression"].get(target, []):
                problems.append(
                    f"{source} progresses to {target}, but {target} does not regress to it"
                )
    for source, targets in links["regression"].items():
        for target in targets:
            if target in ids and source not in links["progression"].get(target, []):
                problems.append(
                    f"{source} regresses to {target}, but {target} does not progress to it"
                )
    for start in ids:
        seen, todo = set(), list(links["progression"].get(start, []))
        while todo:
            node = todo.pop()
            if node == start:
                problems.append(f"progression from {start} loops back to it")
                break
            if node not in seen and node in ids:
                seen.add(node)
                todo.extend(links["progression"].get(node, []))
    for source, targets in links["practised_in"].items():
        kinds = frame.set_index("id")["kind"]
        problems += [
            f"{source}.practised_in names {t}, which is not a circuit exercise"
            for t in targets
            if t in ids and kinds[t] != "circuit"
        ]
    return problems


def ladder(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Circuit exercises placed on progression tracks: columns id, name, track, step (1 = easiest).

    A track starts at an exercise with no regression and follows its first progression.
    """
    frame = exercises() if frame is None else frame
    circuit = frame[frame["kind"] == "circuit"].set_index("id", drop=False)
    rows, placed = [], set()
    roots = [i for i in circuit.index if not data.split_keys(circuit.loc[i, "regression"])]
    for track, root in enumerate(roots, start=1):
        node, step = root, 1
        while node is not None and node in circuit.index and node not in placed:
            placed.add(node)
            rows.append(
                {
                    "id": node,
                    "name": circuit.loc[node, "name"],
                    "track": track,
                    "step": step,
                    "evidence": circuit.loc[node, "support"],
                }
            )
            nxt = data.split_keys(circuit.loc[node, "progression"])
            node, step = (nxt[0] if nxt else None), step + 1
    return pd.DataFrame(rows, columns=["id", "name", "track", "step", "evidence"])


def safety_signs(urgency: str | None = None) -> pd.DataFrame:
    """Warning signs from data/exercise_safety.csv, most urgent first (``urgency``: one level)."""
    frame = data.load("exercise_safety")
    if urgency is not None:
        _as_set(urgency, "urgency", URGENCY_ORDER)
        frame = frame[frame["urgency"] == urgency]
    order = frame["urgency"].map(URGENCY_ORDER.index)
    return (
        frame.assign(_order=order)
        .sort_values("_order", kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


@dataclass(frozen=True)
class Pose:
    """Sagittal stick-figure points (metres, x forward, y up) of one exercise's key position."""

    exercise_id: str
    name: str
    hip_flexion_deg: float
    knee_flexion_deg: float
    ankle_dorsiflexion_deg: float
    foot_pitch_deg: float
    points: dict[str, tuple[float, float]]
    on_noodle: bool
    source: str  # author-year labels, or the illustrative-drawing label


def _check_angle(name: str, value: float, low: float, high: float) -> float:
    if not (low <= value <= high) or math.isnan(value):
        raise ValueError(f"{name} must be between {low} and {high} degrees (got {value})")
    return float(value)


def pose_points(
    hip_flexion_deg: float,
    knee_flexion_deg: float,
    ankle_dorsiflexion_deg: float,
    foot_pitch_deg: float = 0.0,
) -> dict[str, tuple[float, float]]:
    """Heel, toe, ankle, knee, hip, shoulder and head centre of a one-leg stick figure.

    The foot rests with its heel on the floor, forefoot raised by ``foot_pitch_deg``; each segment's
    forward tilt from vertical follows from the joint angles below it.
    """
    hip = _check_angle("hip_flexion_deg", hip_flexion_deg, -30, 130)
    knee = _check_angle("knee_flexion_deg", knee_flexion_deg, 0, 140)
    ankle = _check_angle("ankle_dorsiflexion_deg", ankle_dorsiflexion_deg, -50, 40)
    pitch = _check_angle("foot_pitch_deg", foot_pitch_deg, 0, 40)
    p = math.radians(pitch)
    along, up = (math.cos(p), math.sin(p)), (-math.sin(p), math.cos(p))
    heel = (0.0, 0.0)
    toe = (SEGMENT_M["foot"] * along[0], SEGMENT_M["foot"] * along[1])
    quarter = 0.25 * SEGMENT_M["foot"]
    ankle_pt = (
        quarter * along[0] + SEGMENT_M["ankle_height"] * up[0],
        quarter * along[1] + SEGMENT_M["ankle_height"] * up[1],
    )

    def step(start, tilt_deg, length):
        t = math.radians(tilt_deg)
        return (start[0] + length * math.sin(t), start[1] + length * math.cos(t))

    shank_tilt = ankle - pitch
    thigh_tilt = shank_tilt - knee
    trunk_tilt = thigh_tilt + hip
    knee_pt = step(ankle_pt, shank_tilt, SEGMENT_M["shank"])
    hip_pt = step(knee_pt, thigh_tilt, SEGMENT_M["thigh"])
    shoulder = step(hip_pt, trunk_tilt, SEGMENT_M["trunk"])
    head = step(shoulder, trunk_tilt, HEAD_RADIUS_M * 1.25)
    points = {
        "heel": heel,
        "toe": toe,
        "ankle": ankle_pt,
        "knee": knee_pt,
        "hip": hip_pt,
        "shoulder": shoulder,
        "head": head,
    }
    return {k: (round(x, 4), round(y, 4)) for k, (x, y) in points.items()}


def noodle_centre(foot_pitch_deg: float) -> tuple[float, float]:
    """Centre of a noodle lying on the floor and touching the underside of the raised foot."""
    p = math.radians(_check_angle("foot_pitch_deg", foot_pitch_deg, 0.5, 40))
    x = NOODLE_RADIUS_M * (1 + math.cos(p)) / math.sin(p)
    return (round(x, 4), NOODLE_RADIUS_M)


def pose(exercise_id: str) -> Pose:
    """The key position of one exercise, with where its angles come from."""
    row = exercise(exercise_id)
    keys = data.split_keys(row["pose_refs"])
    source = "; ".join(references.get(k).short for k in keys) if keys else ILLUSTRATIVE
    return Pose(
        exercise_id=exercise_id,
        name=row["name"],
        hip_flexion_deg=float(row["hip_flexion_deg"]),
        knee_flexion_deg=float(row["knee_flexion_deg"]),
        ankle_dorsiflexion_deg=float(row["ankle_dorsiflexion_deg"]),
        foot_pitch_deg=float(row["foot_pitch_deg"]),
        points=pose_points(
            row["hip_flexion_deg"],
            row["knee_flexion_deg"],
            row["ankle_dorsiflexion_deg"],
            row["foot_pitch_deg"],
        ),
        on_noodle="pool noodle" in data.split_keys(row["equipment"]) and row["foot_pitch_deg"] > 0,
        source=source,
    )
