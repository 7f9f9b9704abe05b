"""The tables lesson 03 shows: the differential, the rule cards, the rules, the worked cases."""

from __future__ import annotations

import pandas as pd

from soleuslib import data, triage
from soleuslib.triage.rules import WELLS_CONDITION, RuleBook


def _finding_text(book: RuleBook, finding: str, value: str) -> str:
    spec = book.findings[finding]
    if spec.type == "bool":
        return spec.label if value == "yes" else f"{spec.label}: no"
    if spec.type == "choice":
        return f"{spec.label}: {spec.choice_labels[spec.choices.index(value)]}"
    return f"{spec.label} {value.replace(' and ', ' and ')} {spec.unit}".strip()


def _plausible_by(book: RuleBook, cid: str) -> str:
    cond = book.conditions[cid]
    own = book.rules_of(cid)
    parts = [_finding_text(book, r.finding, r.value) for r in own if r.plausible]
    if cond.plausible_min_score is not None:
        weights = ", ".join(
            f"{_finding_text(book, r.finding, r.value)} {r.weight:+d}" for r in own if r.weight > 0
        )
        parts.append(f"score ≥ {cond.plausible_min_score} ({weights})")
    parts.append("any red flag below")
    return "; ".join(parts)


def _flag_by(book: RuleBook, cid: str) -> str:
    cond = book.conditions[cid]
    parts = [_finding_text(book, r.finding, r.value) for r in book.rules_of(cid) if r.flag]
    if cid == WELLS_CONDITION:
        parts.append(f"Wells score ≥ {book.wells_threshold}")
    elif cond.flag_min_score is not None:
        parts.append(f"score ≥ {cond.flag_min_score}")
    return "; ".join(parts) or "(plausible only)"


def rule_cards() -> pd.DataFrame:
    """One card per dangerous condition: urgency, what makes it plausible, what makes it a red
    flag, the advice, and the sources (generated from the rule tables)."""
    book = triage.rule_book()
    rows = []
    for cid, cond in book.conditions.items():
        if not book.dangerous(cid):
            continue
        refs = set(cond.ref_list)
        for rule in book.rules_of(cid):
            refs.update(rule.refs)
        rows.append({
            "id": cid,
            "name": cond.name,
            "urgency": cond.urgency,
            "plausible_when": _plausible_by(book, cid),
            "red_flag_when": _flag_by(book, cid),
            "action": cond.action,
            "refs": ";".join(sorted(refs)),
        })  # fmt: skip
    order = {u: -r for u, r in triage.URGENCY_RANK.items()}
    frame = pd.DataFrame(rows)
    return frame.sort_values("urgency", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True
    )


def differential_table() -> pd.DataFrame:
    """One row per condition: name, red flag, urgency, how it is raised, and its sources."""
    book = triage.rule_book()
    rows = []
    for cid, cond in book.conditions.items():
        own = book.rules_of(cid)
        rows.append(
            {
                "id": cid,
                "name": cond.name,
                "red_flag": "yes" if cond.is_red_flag else "no",
                "urgency": cond.urgency,
                "raised_by": _flag_by(book, cid) if cond.is_red_flag else "not a red flag",
                "rules": len(own) + (len(book.wells_items) if cid == WELLS_CONDITION else 0),
                "teaching_rules": sum(r.teaching_simplification for r in own),
                "refs": cond.refs,
            }
        )
    return pd.DataFrame(rows)


def rules_table(condition: str | None = None) -> pd.DataFrame:
    """The rules (optionally of one condition) with finding labels, for review in a notebook."""
    book = triage.rule_book()
    frame = book.rules_table.copy()
    if condition is not None:
        if condition not in book.conditions:
            raise ValueError(
                f"unknown condition '{condition}'; expected one of: " + ", ".join(book.conditions)
            )
        frame = frame[frame["condition"] == condition]
    frame["finding_label"] = frame["finding"].map(lambda f: book.findings[f].label)
    frame["teaching_simplification"] = frame["teaching_simplification"].map(
        {True: "yes", False: "no"}
    )
    return frame.reset_index(drop=True)


def cases_summary() -> pd.DataFrame:
    """Every worked case in data/triage_cases.csv run through :func:`assess`, one row each."""
    names = triage.condition_names()
    rows = []
    for case in data.load("triage_cases").itertuples():
        result = triage.assess(triage.parse_findings(case.findings))
        rows.append({
            "id": case.id,
            "title": case.title,
            "urgency": result.urgency,
            "set_by": names[result.urgency_set_by] if result.urgency_set_by else "",
            "first": names[result.ranked[0]] if result.ranked else "(nothing yet)",
            "red_flags": "; ".join(names[c] for c in result.red_flags),
            "wells": "" if result.wells_score is None else str(result.wells_score),
            "follows": case.follows,
            "lesson_point": case.lesson_point,
            "as_expected": (result.urgency == case.expected_urgency
                            and (result.ranked[:1] or ("",))[0] == case.expected_first),
        })  # fmt: skip
    return pd.DataFrame(rows)
