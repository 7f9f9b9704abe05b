"""Lesson 07, the capstone: one invented teaching runner from anatomy to triage to a dosed plan.

The case holds no clinical rule of its own. Its findings are a case of ``data/triage_cases.csv``
(:data:`TRIAGE_CASE`), assessed by the triage engine of lesson 03 at run time; the pain site is
related to an origin with lesson 01's tables; the plan comes from lesson 05's planner and lesson
04's exercises. The rubric (``data/capstone_rubric.csv``) is the project's own marking scheme.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from soleuslib import catalog, data, exercises, loading, references, triage
from soleuslib.tables import Table, table

TRIAGE_CASE = "full_negative_screen"  # every dangerous question asked; the soleus picture
# The triage form's pain sites that lie over a soleus origin -> lesson 01's pain-map ids.
PAIN_SITE_TO_MAP = {"inner_calf": "inner_calf", "upper_outer_calf": "high_outer_calf"}
RATINGS = ("meets", "not yet")
SECTION_NAMES = {
    "red_flag": "Red flags",
    "wells": "Clot screen (Wells items)",
    "history": "History",
    "test": "Examination",
}


# --------------------------------------------------------------------------- the case


def findings() -> dict[str, triage.Value]:
    """The runner's answers to every question: the findings of :data:`TRIAGE_CASE`."""
    cases = data.load("triage_cases").set_index("id")
    return triage.parse_findings(cases.loc[TRIAGE_CASE, "findings"])


def answers_table(section: str) -> Table:
    """The runner's answers to one part of the triage form (red_flag, wells, history, test)."""
    if section not in SECTION_NAMES:
        raise ValueError(f"section must be one of {', '.join(SECTION_NAMES)} (got {section!r})")
    spec = triage.findings_spec()
    rows = [
        {"Question": spec[f].label, "Her answer": spec[f].show(v)}
        for f, v in findings().items()
        if spec[f].section == section
    ]
    return Table(pd.DataFrame(rows), caption=f"{SECTION_NAMES[section]}: her answers")


def origin_under(pain_site: str) -> Table:
    """The soleus origin under a pain site of the triage form, and the caution that goes with it."""
    if pain_site not in PAIN_SITE_TO_MAP:
        raise ValueError(
            f"pain_site must be one of {', '.join(PAIN_SITE_TO_MAP)}, the sites over a soleus "
            f"origin (got {pain_site!r})"
        )
    site = data.load("anatomy_pain_sites").set_index("id").loc[PAIN_SITE_TO_MAP[pain_site]]
    origin = data.load("anatomy_structures").set_index("id").loc[site["over_structure"]]
    keys = dict.fromkeys(data.split_keys(site["refs"]) + data.split_keys(origin["refs"]))
    rows = [
        ("Where it hurts", site["description"]),
        (origin["name"], origin["fact"]),
        ("Caution", site["caution"]),
        ("How we know", site["basis"]),
        ("Sources", "; ".join(references.get(k).short for k in keys)),
    ]
    frame = pd.DataFrame(rows, columns=["", "What the lessons say"])
    return Table(frame, caption=f"Pain site to origin: {site['name']}")


def what_if(variants: Mapping[str, Mapping[str, triage.Value]]) -> Table:
    """The runner's triage, and the same answers with some changed, side by side."""
    names = triage.condition_names()
    rows = []
    for label, changes in {"Her answers": {}, **variants}.items():
        result = triage.assess({**findings(), **changes})
        rows.append(
            {
                "Answers": label,
                "Urgency": result.urgency.replace("_", " "),
                "Set by": names[result.urgency_set_by] if result.urgency_set_by else "nothing",
                "Ranked first": names[result.ranked[0]] if result.ranked else "nothing yet",
                "Ranked second": names[result.ranked[1]] if len(result.ranked) > 1 else "",
            }
        )
    return Table(pd.DataFrame(rows), caption="The triage engine of lesson 03 on her answers")


# --------------------------------------------------------------------------- the dosed plan


def dosed_plan(current_rung: str, pain_during_nprs: int, pain_next_morning_nprs: int) -> Table:
    """The planner's decision, the rung's dose, the exercise beside it and the pain rule, each
    with whose rule it is (a source, the project's teaching rule, or both)."""
    plan = loading.plan_next(current_rung, pain_during_nprs, pain_next_morning_nprs)
    rung = loading.rung(plan.next_rung)
    rows = [
        ("Decision", f"{plan.decision}: " + " ".join(plan.reasons), plan.refs, plan.teaching_rule),
        (
            "Rung and dose",
            f"{rung['name']}: {rung['dose']}. {rung['note']}",
            data.split_keys(rung["refs"]),
            rung["teaching_rule"] == "yes",
        ),
    ]
    for exercise_id in data.split_keys(rung["circuit_ids"]):
        ex = exercises.exercise(exercise_id)
        cues, cheats = data.split_keys(ex["cues"]), data.split_keys(ex["cheats"])
        text = (
            f"{ex['name']}: {exercises.dosage_text(ex)}. Cues: {'; '.join(cues[:2])}. "
            f"Watch for: {cheats[0]}."
        )
        rows.append(("Beside it (lesson 04)", text, data.split_keys(ex["refs"]), False))
    pain_refs = list(
        dict.fromkeys(k for r in loading.pain_rules()["refs"] for k in data.split_keys(r))
    )
    rows.append(("Pain rule", loading.PAIN_RULE_PLAIN, pain_refs, True))
    frame = pd.DataFrame(
        [
            {
                "Part": part,
                "Plan": text,
                "Whose rule": _whose(refs, teaching),
            }
            for part, text, refs, teaching in rows
        ]
    )
    return Table(frame, caption="Her plan for the next sessions")


def _whose(refs, teaching_rule: bool) -> str:
    """Sources as author-year labels, plus the project's teaching-rule label where it applies."""
    parts = [references.get(k).short for k in refs]
    return "; ".join(parts + ([loading.TEACHING_RULE_LABEL] if teaching_rule else []))


# --------------------------------------------------------------------------- the rubric


def rubric() -> pd.DataFrame:
    """The validated rows of data/capstone_rubric.csv, in order."""
    return data.load("capstone_rubric").sort_values("order").reset_index(drop=True)


def rubric_table() -> Table:
    """The rubric as a table: criterion, what meets it, points, must pass, sources."""
    frame = rubric()
    frame["sources"] = catalog.refs_column(frame)
    return table(
        frame,
        {
            "stage": "Stage",
            "criterion": "Criterion",
            "meets": "Meets it when the answer…",
            "points": "Points",
            "must_pass": "Must pass",
            "sources": "Sources",
        },
        caption="The capstone rubric (the project's own marking scheme)",
    )


@dataclass(frozen=True)
class Score:
    """A self-assessment against the rubric: points, and any must-pass criterion not yet met."""

    rows: pd.DataFrame
    earned: int
    possible: int
    must_pass_missing: tuple[str, ...]

    @property
    def verdict(self) -> str:
        if self.must_pass_missing:
            return (
                f"Not yet passed: {self.earned} of {self.possible} points, and a must-pass "
                f"criterion is not met ({'; '.join(self.must_pass_missing)})."
            )
        return f"Passed every must-pass criterion: {self.earned} of {self.possible} points."

    def __repr__(self) -> str:
        return f"{self.verdict}\n{Table(self.rows)!r}"

    def _repr_html_(self) -> str:
        return (
            f"<p><strong>{html.escape(self.verdict)}</strong></p>" + Table(self.rows)._repr_html_()
        )


def score(ratings: Mapping[str, str]) -> Score:
    """Score ratings ({criterion id: "meets" or "not yet"}) against the rubric; every criterion
    must be rated, and an unknown id or rating is refused by name."""
    frame = rubric()
    known = list(frame["id"])
    unknown = [k for k in ratings if k not in known]
    if unknown:
        raise ValueError(f"unknown rubric criterion {unknown}; known: {', '.join(known)}")
    missing = [k for k in known if k not in ratings]
    if missing:
        raise ValueError(f"rate every criterion ('meets' or 'not yet'); missing: {missing}")
    bad = {k: v for k, v in ratings.items() if v not in RATINGS}
    if bad:
        raise ValueError(f"a rating must be 'meets' or 'not yet' (got {bad})")
    met = frame["id"].map(lambda i: ratings[i] == "meets")
    rows = pd.DataFrame(
        {
            "Criterion": frame["criterion"],
            "Rating": frame["id"].map(ratings),
            "Points": [
                f"{p if m else 0} of {p}" for p, m in zip(frame["points"], met, strict=True)
            ],
        }
    )
    missing_must = frame[(frame["must_pass"] == "yes") & ~met]["criterion"]
    return Score(
        rows=rows,
        earned=int(frame.loc[met, "points"].sum()),
        possible=int(frame["points"].sum()),
        must_pass_missing=tuple(missing_must),
    )
