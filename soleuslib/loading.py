"""Lesson 05: the capacity tracker and the progression planner (loading the soleus back to running).

Pure functions over ``data/loading_*.csv``; no clinical rule lives here. The planner applies the
pain rules (``loading_pain_rules.csv``, the project's teaching rule) and the entry criteria of the
next rung (``loading_rungs.csv`` → ``loading_criteria.csv``, the expert consensus of Green 2022).
Unknown is never "met": a criterion whose measure was not recorded blocks progress.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from numbers import Real

import pandas as pd

from soleuslib import data
from soleuslib.schemas.loading import KNEE_POSITIONS, MEASURES, split
from soleuslib.tables import Table, table

__all__ = [
    "DECISIONS",
    "SIDES",
    "STAGES",
    "CriterionResult",
    "Plan",
    "capacity_table",
    "check_criteria",
    "criteria",
    "limb_symmetry_index",
    "measures",
    "plan_next",
    "run_case",
    "rung",
    "rungs",
    "stage_plan",
]

SIDES = ("left", "right")
STAGES = ("early", "building", "return to running")
DECISIONS = ("step back", "hold", "progress")  # slowest first
COUNT_FIELDS = tuple(f"{knee}_{side}" for knee in KNEE_POSITIONS for side in SIDES)
CHECK_FIELDS = (
    "tender_on_palpation",
    "feels_ready",
    "knee_to_wall_asymmetry_pct",
    "hop_asymmetry_pct",
)
MAX_REPS = 200  # the project's plausibility limit for a count, not a norm
TEACHING_RULE_LABEL = "the project's teaching rule"

# --------------------------------------------------------------------------- data


def rungs() -> pd.DataFrame:
    """The loading ladder in order (data/loading_rungs.csv)."""
    return data.load("loading_rungs").sort_values("order").reset_index(drop=True)


def rung(rung_id: str) -> dict:
    """One rung by id (a dict of its columns); an unknown id raises ValueError listing the known."""
    book = _book()
    if rung_id not in book.rungs:
        raise ValueError(f"rung must be one of {', '.join(book.ladder)} (got {rung_id!r})")
    return book.rungs[rung_id]


def criteria(gate: str | None = None) -> pd.DataFrame:
    """Return-to-run (gate 'running') and return-to-training ('full training') criteria."""
    from soleuslib import evidence

    frame = evidence.attach(
        data.load("loading_criteria").sort_values("order").reset_index(drop=True)
    )
    if gate is not None:
        if gate not in ("running", "full training"):
            raise ValueError(f"gate must be 'running' or 'full training' (got {gate!r})")
        frame = frame[frame["gate"] == gate].reset_index(drop=True)
    return frame


def pain_rules() -> pd.DataFrame:
    """The pain-monitoring rules, in the order they are checked."""
    return data.load("loading_pain_rules").sort_values("order").reset_index(drop=True)


@dataclass(frozen=True)
class _Book:
    """The three rule tables as plain dicts, read once (the planner runs in property tests)."""

    ladder: tuple[str, ...]
    rungs: dict[str, dict]
    running: dict[str, dict]  # criteria checked before running, by id, in order
    pain: tuple[dict, ...]


@lru_cache(maxsize=1)
def _book() -> _Book:
    frame = rungs()
    return _Book(
        ladder=tuple(frame["id"]),
        rungs={r["id"]: r for r in frame.to_dict(orient="records")},
        running={r["id"]: r for r in criteria("running").to_dict(orient="records")},
        pain=tuple(pain_rules().to_dict(orient="records")),
    )


def clear_cache() -> None:
    """Forget the rule book (after editing a data file in a live session)."""
    data.clear_cache()
    _book.cache_clear()


# --------------------------------------------------------------------------- capacity tracker


def _count(value: object, field_name: str, where: str) -> int:
    """A repetition count as an int, or a ValueError naming the field and what was expected."""
    expected = f"a whole number of repetitions from 0 to {MAX_REPS}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError(f"{where}{field_name} is missing: expected {expected} for both sides")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{where}{field_name} must be {expected} (got {value!r})")
    if float(value) != int(value) or not 0 <= value <= MAX_REPS:
        raise ValueError(f"{where}{field_name} must be {expected} (got {value!r})")
    return int(value)


def _side(value: object, field_name: str = "injured_side") -> str:
    if value not in SIDES:
        raise ValueError(f"{field_name} must be 'left' or 'right' (got {value!r})")
    return str(value)


def limb_symmetry_index(injured: int, uninjured: int) -> float | None:
    """Injured ÷ uninjured × 100 (%); None when the uninjured side did no repetition."""
    injured = _count(injured, "injured", "")
    uninjured = _count(uninjured, "uninjured", "")
    return None if uninjured == 0 else 100.0 * injured / uninjured


def _week_entry(entry: Mapping, index: int) -> dict[str, int]:
    if not isinstance(entry, Mapping):
        raise ValueError(f"entry {index + 1} must be a mapping of week and counts (got {entry!r})")
    week = entry.get("week", index + 1)
    if isinstance(week, bool) or not isinstance(week, Real) or int(week) != week or week < 1:
        raise ValueError(f"entry {index + 1}: week must be a whole number from 1 (got {week!r})")
    where = f"week {int(week)}: "
    counts = {name: _count(entry.get(name), name, where) for name in COUNT_FIELDS}
    return {"week": int(week), **counts}


def _target(name: str) -> float:
    """The threshold of one running criterion (reps or %)."""
    return float(_book().running[name]["threshold"])


def capacity_table(weeks: Iterable[Mapping], injured_side: str) -> pd.DataFrame:
    """Weekly heel-raise counts → limb symmetry index and distance to the criteria, one row a week.

    Each entry holds ``week`` and the four counts ``straight_left``, ``straight_right``,
    ``bent_left``, ``bent_right`` (single-leg raises to fatigue). Distances are 0 once a criterion
    is met: ``straight_reps_to_go`` (repetitions to 30 on the injured side), ``straight_lsi_to_go``
    and ``bent_lsi_to_go`` (percentage points to an index of 90 %).
    """
    side = _side(injured_side)
    other = SIDES[1 - SIDES.index(side)]
    rows = [_week_entry(entry, i) for i, entry in enumerate(weeks)]
    if not rows:
        raise ValueError("weeks must hold at least one week of counts")
    seen = [r["week"] for r in rows]
    if len(set(seen)) != len(seen):
        raise ValueError(f"each week may appear once (got weeks {seen})")
    reps_target = _target("heel_raise_straight_reps")
    lsi_target = {k: _target(f"heel_raise_{k}_lsi") for k in KNEE_POSITIONS}
    out = []
    for row in sorted(rows, key=lambda r: r["week"]):
        result = dict(row)
        for knee in KNEE_POSITIONS:
            lsi = limb_symmetry_index(row[f"{knee}_{side}"], row[f"{knee}_{other}"])
            result[f"{knee}_injured_reps"] = row[f"{knee}_{side}"]
            result[f"{knee}_lsi_pct"] = lsi
            gap = lsi_target[knee] - lsi if lsi is not None else float("nan")
            result[f"{knee}_lsi_to_go"] = max(0.0, gap) if lsi is not None else float("nan")
        result["straight_reps_to_go"] = max(0, int(reps_target) - row[f"straight_{side}"])
        out.append(result)
    return pd.DataFrame(out)


def capacity_summary(weeks: Iterable[Mapping], injured_side: str) -> Table:
    """The tracker's table, rounded for reading (and for nbval)."""
    frame = capacity_table(weeks, injured_side)
    shown = frame.assign(
        straight_lsi_pct=frame["straight_lsi_pct"].map(_pct),
        bent_lsi_pct=frame["bent_lsi_pct"].map(_pct),
        straight_lsi_to_go=frame["straight_lsi_to_go"].map(_points),
        bent_lsi_to_go=frame["bent_lsi_to_go"].map(_points),
    )
    return table(
        shown,
        {
            "week": "Week",
            "straight_injured_reps": f"Straight knee, {injured_side} (reps)",
            "straight_lsi_pct": "Straight-knee LSI",
            "straight_reps_to_go": "Reps to 30",
            "straight_lsi_to_go": "Straight LSI to 90 %",
            "bent_injured_reps": f"Bent knee, {injured_side} (reps)",
            "bent_lsi_pct": "Bent-knee LSI",
            "bent_lsi_to_go": "Bent LSI to 90 %",
        },
        caption=f"Capacity tracker (injured side: {injured_side})",
    )


def _pct(value: float | None) -> str:
    return "not measurable" if value is None or pd.isna(value) else f"{value:.0f} %"


def _points(value: float) -> str:
    return "—" if pd.isna(value) else ("met" if value == 0 else f"{value:.0f} points")


# --------------------------------------------------------------------------- criteria


@dataclass(frozen=True)
class CriterionResult:
    """One criterion checked against the latest measures."""

    id: str
    criterion: str
    plain: str
    value: float | bool | None
    met: bool
    distance: str  # what is still missing, in words ("" when met)
    refs: tuple[str, ...]
    teaching_rule: bool


def _pain(value: object, field_name: str) -> int:
    expected = "a whole number from 0 (no pain) to 10"
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(float(value)):
        raise ValueError(f"{field_name} must be {expected} (got {value!r})")
    if float(value) != int(value) or not 0 <= value <= 10:
        raise ValueError(f"{field_name} must be {expected} (got {value!r})")
    return int(value)


def _yes_no(value: object, field_name: str) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if value in ("yes", "no"):
        return value == "yes"
    raise ValueError(f"{field_name} must be yes or no, True or False, or None (got {value!r})")


def _percent(value: object, field_name: str) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= value <= 100:
        raise ValueError(
            f"{field_name} must be a percentage from 0 to 100, or None (got {value!r})"
        )
    return float(value)


def measures(
    pain_during_nprs: int,
    pain_next_morning_nprs: int,
    capacity: Mapping | None = None,
    checks: Mapping | None = None,
    injured_side: str = "right",
) -> dict[str, float | bool | None]:
    """Every measure a criterion can test, from the session's pain, one week's counts and checks.

    ``capacity`` holds the four heel-raise counts; ``checks`` may hold ``tender_on_palpation``,
    ``feels_ready`` (yes/no) and ``knee_to_wall_asymmetry_pct``, ``hop_asymmetry_pct`` (%).
    Anything not given is None: not measured.
    """
    during = _pain(pain_during_nprs, "pain_during_nprs")
    morning = _pain(pain_next_morning_nprs, "pain_next_morning_nprs")
    checks = dict(checks or {})
    unknown = sorted(set(checks) - set(CHECK_FIELDS))
    if unknown:
        raise ValueError(f"checks may hold only {', '.join(CHECK_FIELDS)} (got {unknown})")
    values: dict[str, float | bool | None] = {name: None for name in MEASURES}
    values["pain_worst_nprs"] = max(during, morning)
    values["tender_on_palpation"] = _yes_no(
        checks.get("tender_on_palpation"), "tender_on_palpation"
    )
    values["feels_ready"] = _yes_no(checks.get("feels_ready"), "feels_ready")
    for name in ("knee_to_wall_asymmetry_pct", "hop_asymmetry_pct"):
        values[name] = _percent(checks.get(name), name)
    if capacity is not None:
        side = _side(injured_side)
        other = SIDES[1 - SIDES.index(side)]
        row = _week_entry({"week": 1, **capacity}, 0)
        values["straight_injured_reps"] = row[f"straight_{side}"]
        for knee in KNEE_POSITIONS:
            lsi = limb_symmetry_index(row[f"{knee}_{side}"], row[f"{knee}_{other}"])
            values[f"{knee}_lsi_pct"] = lsi
    return values


def _met(rule: Mapping, value: float | bool | None) -> bool:
    if value is None:
        return False
    if rule["comparison"] == "yes":
        return value is True
    if rule["comparison"] == "no":
        return value is False
    if rule["comparison"] == ">=":
        return float(value) >= float(rule["threshold"])
    return float(value) <= float(rule["threshold"])


def _distance(rule: Mapping, value: float | bool | None) -> str:
    if value is None:
        return "not measured yet"
    if rule["comparison"] in ("yes", "no"):
        return f"needs '{rule['comparison']}'"
    if rule["measure"] == "pain_worst_nprs":
        return f"pain is {float(value):g}/10, needs {float(rule['threshold']):g}/10"
    gap = abs(float(value) - float(rule["threshold"]))
    unit = rule["unit"]
    word = "more" if rule["comparison"] == ">=" else "less"
    if unit == "%":
        return f"{gap:.0f} percentage points to go ({float(value):.0f} % now)"
    return f"{gap:g} {unit} {word} needed ({float(value):g} now)"


def check_criteria(
    values: Mapping[str, float | bool | None], ids: Iterable[str] | None = None
) -> list[CriterionResult]:
    """The running-gate criteria (or those in ``ids``) checked against ``values``."""
    running = _book().running
    wanted = list(running) if ids is None else list(ids)
    results = []
    for criterion_id in wanted:
        rule = running[criterion_id]
        value = values.get(rule["measure"])
        met = _met(rule, value)
        results.append(
            CriterionResult(
                id=criterion_id,
                criterion=rule["criterion"],
                plain=rule["plain"],
                value=value,
                met=met,
                distance="" if met else _distance(rule, value),
                refs=split(rule["refs"]),
                teaching_rule=rule["teaching_rule"] == "yes",
            )
        )
    return results


def criteria_report(results: list[CriterionResult]) -> Table:
    """Criteria results as a table: met or what is still missing, with sources."""
    rows = [
        {
            "criterion": r.criterion,
            "met": "yes" if r.met else "no",
            "missing": r.distance or "—",
            "sources": _sources_text(r.refs, r.teaching_rule),
        }
        for r in results
    ]
    met = sum(r.met for r in results)
    return table(
        pd.DataFrame(rows),
        {"criterion": "Criterion", "met": "Met", "missing": "Still missing", "sources": "Source"},
        caption=f"Return-to-run criteria: {met} of {len(results)} met",
    )


def _sources_text(refs: Iterable[str], teaching_rule: bool) -> str:
    from soleuslib import references

    parts = [references.get(k).short for k in refs]
    if teaching_rule:
        parts.append(TEACHING_RULE_LABEL)
    return "; ".join(parts)


# --------------------------------------------------------------------------- planner


@dataclass(frozen=True)
class Plan:
    """The planner's answer: what to do next and why."""

    decision: str  # one of DECISIONS
    current_rung: str
    next_rung: str
    reasons: tuple[str, ...]
    refs: tuple[str, ...]
    teaching_rule: bool
    unmet: tuple[CriterionResult, ...] = field(default=())

    def __str__(self) -> str:
        lines = [f"{self.decision.upper()}: {rung(self.current_rung)['name']} → "]
        lines[0] += rung(self.next_rung)["name"]
        lines += [f"- {reason}" for reason in self.reasons]
        lines.append(f"Sources: {_sources_text(self.refs, self.teaching_rule)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in self.reasons)
        head = (
            f"<p><strong>{html.escape(self.decision.capitalize())}</strong>: "
            f"{html.escape(rung(self.current_rung)['name'])} → "
            f"{html.escape(rung(self.next_rung)['name'])}</p>"
        )
        sources = html.escape(_sources_text(self.refs, self.teaching_rule))
        return (
            f'<div class="soleus-plan">{head}<ul>{items}</ul>'
            f"<p><em>Sources: {sources}</em></p></div>"
        )


def _pain_decision(during: int, morning: int) -> tuple[str | None, list[str], list[str]]:
    """The most cautious pain rule that fires: (decision or None, reasons, refs)."""
    values = {"pain_during_nprs": during, "pain_next_morning_nprs": morning}
    fired = [r for r in _book().pain if values[r["measure"]] > r["above"]]
    if not fired:
        return None, [], []
    slowest = min(DECISIONS.index(r["decision"]) for r in fired)
    chosen = [r for r in fired if DECISIONS.index(r["decision"]) == slowest]
    refs = [k for r in chosen for k in split(r["refs"])]
    return DECISIONS[slowest], [r["reason"] for r in chosen], refs


def plan_next(
    current_rung: str,
    pain_during_nprs: int,
    pain_next_morning_nprs: int,
    capacity: Mapping | None = None,
    checks: Mapping | None = None,
    injured_side: str = "right",
) -> Plan:
    """Next step from the current rung: step back, hold or progress, with reasons and sources.

    Pain rules come first (the most cautious one that fires wins). Without a pain rule firing, the
    runner progresses one rung if every entry criterion of the next rung is met, else holds.
    """
    ladder = list(_book().ladder)
    here = rung(current_rung)
    position = ladder.index(current_rung)
    values = measures(
        pain_during_nprs, pain_next_morning_nprs, capacity, checks, _side(injured_side)
    )
    decision, reasons, refs = _pain_decision(int(pain_during_nprs), int(pain_next_morning_nprs))
    teaching = decision is not None
    unmet: list[CriterionResult] = []
    if decision == "step back":
        target = ladder[max(0, position - 1)]
        if target == current_rung:
            reasons.append("This is the first rung already: stay on it and see the clinician.")
    elif decision == "hold":
        target = current_rung
    elif position == len(ladder) - 1:
        decision, target = "hold", current_rung
        reasons = ["Top of the ladder: the next step is full training, checked by a clinician."]
        refs, teaching = list(split(here["refs"])), True
    else:
        target = ladder[position + 1]
        entry = split(rung(target)["entry_criteria"])
        results = check_criteria(values, entry)
        unmet = [r for r in results if not r.met]
        refs = [k for r in results for k in r.refs] + list(split(rung(target)["refs"]))
        teaching = rung(target)["teaching_rule"] == "yes" or any(r.teaching_rule for r in results)
        if unmet:
            decision, target = "hold", current_rung
            reasons = [f"Not yet met: {r.criterion} ({r.distance})." for r in unmet]
        else:
            decision = "progress"
            reasons = [
                f"No pain rule fired: {int(pain_during_nprs)}/10 during the session, "
                f"{int(pain_next_morning_nprs)}/10 the next morning."
            ]
            if entry:
                reasons.append(f"All {len(entry)} entry criteria of the next rung are met.")
            refs += [k for r in _book().pain for k in split(r["refs"])]
    return Plan(
        decision=decision,
        current_rung=current_rung,
        next_rung=target,
        reasons=tuple(reasons),
        refs=tuple(dict.fromkeys(refs)),
        teaching_rule=teaching,
        unmet=tuple(unmet),
    )


# --------------------------------------------------------------------------- the worked case


def case_weeks() -> pd.DataFrame:
    """The six-week worked case (an invented teaching case, data/loading_case.csv)."""
    return data.load("loading_case").sort_values("week").reset_index(drop=True)


def _case_inputs(row: pd.Series) -> dict:
    def pct(value):
        return None if pd.isna(value) else float(value)

    return {
        "capacity": {name: int(row[name]) for name in COUNT_FIELDS},
        "checks": {
            "tender_on_palpation": row["tender_on_palpation"],
            "feels_ready": row["feels_ready"],
            "knee_to_wall_asymmetry_pct": pct(row["knee_to_wall_asymmetry_pct"]),
            "hop_asymmetry_pct": pct(row["hop_asymmetry_pct"]),
        },
        "injured_side": row["injured_side"],
    }


def case_plan(week: int) -> Plan:
    """The planner's answer for one week of the worked case."""
    frame = case_weeks().set_index("week", drop=False)
    if week not in frame.index:
        raise ValueError(f"week must be one of {', '.join(map(str, frame.index))} (got {week!r})")
    row = frame.loc[week]
    return plan_next(
        row["rung"],
        int(row["pain_during_nprs"]),
        int(row["pain_next_morning_nprs"]),
        **_case_inputs(row),
    )


def run_case() -> pd.DataFrame:
    """Each week of the worked case with the planner's decision and next rung."""
    rows = []
    for _, row in case_weeks().iterrows():
        plan = case_plan(int(row["week"]))
        rows.append(
            {
                "week": int(row["week"]),
                "rung": rung(row["rung"])["name"],
                "pain": f"{row['pain_during_nprs']}/10 during, "
                f"{row['pain_next_morning_nprs']}/10 next morning",
                "decision": plan.decision,
                "next_rung": rung(plan.next_rung)["name"],
                "expected": row["expected_decision"],
                "why": " ".join(plan.reasons),
            }
        )
    return pd.DataFrame(rows)


def case_table() -> Table:
    """The worked case week by week, for reading."""
    return table(
        run_case(),
        {
            "week": "Week",
            "rung": "Rung worked on",
            "pain": "Pain",
            "decision": "Planner",
            "next_rung": "Next week",
            "why": "Why",
        },
        caption="The worked case through the planner",
    )


def case_capacity() -> pd.DataFrame:
    """The tracker applied to the worked case's weekly counts."""
    frame = case_weeks()
    side = frame["injured_side"].iloc[0]
    return capacity_table(frame[["week", *COUNT_FIELDS]].to_dict(orient="records"), side)


# --------------------------------------------------------------------------- tables for the lesson


def ladder_table() -> Table:
    """The ladder with its dose, the seed's circuit placed beside it and the entry criteria."""
    frame = rungs()
    names = data.load("exercises").set_index("id")["name"]
    crit = criteria().set_index("id")["criterion"]
    shown = frame.assign(
        circuit=frame["circuit_ids"].map(lambda c: "; ".join(names[i] for i in split(c)) or "—"),
        entry=frame["entry_criteria"].map(
            lambda c: (
                f"{len(split(c))} criteria"
                if len(split(c)) > 3
                else ("; ".join(crit[i] for i in split(c)) or "pain rule only")
            )
        ),
        sources=_sources_column(frame),
    )
    return table(
        shown,
        {
            "order": "Rung",
            "name": "Loading",
            "dose": "Dose",
            "circuit": "Seed circuit placed here",
            "entry": "To step onto it",
            "sources": "Source",
        },
        caption="The loading ladder (doses and order: the project's teaching rule)",
    )


def _sources_column(frame: pd.DataFrame) -> list[str]:
    """Each row's sources in words, or the project's teaching-rule label (refs, teaching_rule)."""
    return [
        _sources_text(split(r), t == "yes")
        for r, t in zip(frame["refs"], frame["teaching_rule"], strict=True)
    ]


def criteria_table() -> Table:
    """Every criterion of the consensus checklist, its gate, grade and source."""
    frame = criteria()
    shown = frame.assign(sources=_sources_column(frame))
    return table(
        shown,
        {
            "criterion": "Criterion",
            "gate": "Checked before",
            "evidence": "Evidence grade",
            "note": "How the project applies it",
            "sources": "Source",
        },
        caption="Return-to-run and return-to-training criteria (Green et al. 2022, Table 4)",
    )


def pain_rules_table() -> Table:
    """The pain-monitoring rules the planner applies."""
    frame = pain_rules()
    shown = frame.assign(
        when=[
            f"{m.removesuffix('_nprs').replace('_', ' ')} above {a:g}/10"
            for m, a in zip(frame["measure"], frame["above"], strict=True)
        ],
        sources=[_sources_text(split(r), True) for r in frame["refs"]],
    )
    return table(
        shown,
        {"when": "When", "decision": "Then", "reason": "Why", "sources": "Source"},
        caption="Pain rules (the project's teaching rule; thresholds from secondary sources)",
    )


def outcome_measures_table() -> Table:
    """Outcome measures a student can record, with what the research notes verify."""
    frame = data.load("loading_outcome_measures")
    return table(
        frame,
        {
            "name": "Measure",
            "kind": "Kind",
            "what": "What it measures",
            "how": "How to record it",
            "source_status": "What is verified",
        },
        caption="Outcome measures for the runner's record",
    )


def walk_run_table() -> Table:
    """The first walk-run week (the project's teaching rule)."""
    frame = data.load("loading_walk_run")
    return table(
        frame,
        {"day": "Day", "run_min": "Run (min)", "walk_min": "Walk (min)", "repeats": "Repeats"},
        caption="First walk-run week (the project's teaching rule)",
    )


# --------------------------------------------------------------------------- plain-language plan


PAIN_RULE_PLAIN = (
    "Rate your pain from 0 to 10 while you train, and again the next morning. "
    "Pain up to 3 is fine. Pain of 4 or 5, while you train or the next morning, means stay on "
    "the same step. Pain above 5 at either time means go back one step."
)
TEACHING_RULE_PLAIN = (
    "This pain rule is our own teaching rule. It is based on a study of a pain guide, "
    "but the exact numbers come from summaries, not the study itself."
)
WALK_RUN_NOTE_PLAIN = (
    "This first week is our own teaching plan, not a tested one. Do not run two days in a row."
)


def stage_plan(stage: str) -> dict:
    """What a patient at ``stage`` does, in plain words, for the handout.

    Keys: ``stage``, ``exercises`` (list of {name, dose}), ``pain_rule``, ``teaching_rule`` (plain
    note), ``sources`` (bib keys); for "return to running" also ``checklist`` (the criteria to meet
    before the first run) and ``first_week`` (list of {day, plan}) with ``first_week_note``.
    """
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(STAGES)} (got {stage!r})")
    frame = rungs()
    frame = frame[frame["stage"] == stage]
    plan: dict = {
        "stage": stage,
        "exercises": [
            {"name": r["plain_name"], "dose": r["plain_dose"]} for _, r in frame.iterrows()
        ],
        "pain_rule": PAIN_RULE_PLAIN,
        "teaching_rule": TEACHING_RULE_PLAIN,
        "sources": sorted(
            {k for cell in frame["refs"] for k in split(cell)}
            | {k for cell in pain_rules()["refs"] for k in split(cell)}
        ),
    }
    if stage == "return to running":
        plan["checklist"] = list(criteria("running")["plain"])
        days = data.load("loading_walk_run").sort_values("day")
        plan["first_week"] = [
            {"day": int(r["day"]), "plan": r["plain"]} for _, r in days.iterrows()
        ]
        plan["first_week_note"] = WALK_RUN_NOTE_PLAIN
        plan["sources"] = sorted(
            set(plan["sources"]) | {k for c in criteria("running")["refs"] for k in split(c)}
        )
    return plan


def stage_plan_text(stage: str) -> str:
    """Every sentence of :func:`stage_plan` as lines of text (for the readability gate)."""
    plan = stage_plan(stage)
    lines = [f"{e['name']}. {e['dose']}" for e in plan["exercises"]]
    lines += [plan["pain_rule"], plan["teaching_rule"]]
    lines += plan.get("checklist", [])
    lines += [d["plan"] for d in plan.get("first_week", [])]
    if "first_week_note" in plan:
        lines.append(plan["first_week_note"])
    return "\n".join(lines)
