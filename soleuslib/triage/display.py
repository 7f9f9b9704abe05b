"""What lesson 03 shows: the bedside red-flag checklist, the differential, the rule cards, the
rules, the worked cases (folded: commit first, then open) and the comparison of a student's
committed urgency and leading condition with the triage (:func:`compare_commitment`, used by the
form's student mode)."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from soleuslib import data, triage
from soleuslib.tables import Table
from soleuslib.triage.assess import in_sentence
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


# --------------------------------------------------------------------------- lesson 03, bedside

URGENCY_LABELS = {
    "emergency": "Emergency: now",
    "same_day": "Same day",
    "urgent": "Urgent: within days, stop running",
    "routine": "Routine",
}


def _bedside_value(spec, value: str) -> str:
    """'Where the pain is: Achilles', 'Calf swelling difference: any' for the checklist."""
    if spec.type == "bool":
        return spec.question
    if spec.type == "choice":
        return f"{spec.label}: {spec.choice_labels[spec.choices.index(value)]}"
    return f"{spec.label}: {_bedside_range(value, spec.unit)}"


def _bedside_range(value: str, unit: str) -> str:
    """'>0' -> 'any'; '>0 and <5' -> 'some, under 5 cm'; '>=3' -> '3 cm or more'."""
    words = []
    for part in value.split(" and "):
        if part == ">0":
            words.append("some" if " and " in value else "any")
        elif part.startswith(">="):
            words.append(f"{part[2:]} {unit} or more")
        elif part.startswith("<"):
            words.append(f"under {part[1:]} {unit}")
        else:
            words.append(f"{part} {unit}")
    return ", ".join(words)


def _if_present(book: RuleBook, rule) -> str:
    cond = book.conditions[rule.condition]
    level = URGENCY_LABELS[cond.urgency]
    if rule.flag:
        return f"{level} (red flag)"
    if rule.plausible:
        return f"{level} (suspected: test it)"
    needed = cond.plausible_min_score
    if needed is not None and rule.weight >= needed:
        return f"{level} (alone)"
    if needed is not None:
        return f"{level} (with another finding of this condition)"
    return "Supports the row above; does not set the urgency alone"


def _bedside_source(rule) -> str:
    from soleuslib import references

    cited = "; ".join(references.get(k).short for k in rule.refs)
    if not rule.teaching_simplification:
        return cited
    note = "the project's teaching simplification"
    return f"{cited} ({note})" if cited else note.capitalize()


def bedside_checklist() -> Table:
    """What to ask or look for at the bedside, for each dangerous condition (most urgent first),
    with the urgency each finding sets and its source: generated from ``triage_rules.csv``, so it
    stays in step with the rules the form applies. No engine score appears in it."""
    book = triage.rule_book()
    rows = []
    for card in rule_cards().itertuples():
        for rule in book.rules_of(card.id):
            if rule.value == "no" or not (rule.flag or rule.plausible or rule.weight > 0):
                continue
            rows.append({
                "Screen for": card.name,
                "Ask or look for": _bedside_value(book.findings[rule.finding], rule.value),
                "If present": _if_present(book, rule),
                "Source": _bedside_source(rule),
            })  # fmt: skip
    return Table(pd.DataFrame(rows), "Bedside red-flag checklist, most urgent first")


def rule_rows(rule_ids: list[str], hide_label: bool = True) -> Table:
    """Rows of ``triage_rules.csv`` as written (sources as author-year), for reading one rule.
    ``hide_label`` leaves out the ``teaching_simplification`` column (the answer of a check)."""
    from soleuslib import catalog

    frame = data.load("triage_rules").set_index("id")
    missing = [i for i in rule_ids if i not in frame.index]
    if missing:
        raise KeyError(f"no rule(s) {', '.join(missing)} in triage_rules.csv")
    rows = frame.loc[rule_ids].reset_index()
    rows["refs"] = catalog.refs_column(rows)
    for column in ("condition", "finding"):  # a zero-width space after "_" lets long ids wrap
        rows[column] = rows[column].str.replace("_", "_\u200b")
    columns = ["condition", "finding", "value", "effect", "reason", "refs"]
    if not hide_label:
        columns.append("teaching_simplification")
    return Table(rows[columns], "Rows of data/triage_rules.csv")


# --------------------------------------------------------------------------- commit, then open


@dataclass(frozen=True)
class WorkedCase:
    """A teaching case: the story in view, the triage folded until the reader has committed."""

    id: str
    title: str
    story: str
    report: str  # Assessment.as_text()
    expected_urgency: str
    expected_first: str
    lesson_point: str

    SUMMARY = "Commit to an urgency and a leading condition, then open"

    def __repr__(self) -> str:
        return f"{self.title}\n{self.story}\n\n{self.report}\nWhat it teaches: {self.lesson_point}"

    def _repr_html_(self) -> str:
        esc = html.escape
        return (
            f'<div class="soleus-worked-case"><p><b>{esc(self.title)}</b></p>'
            f"<p>{esc(self.story)}</p><details><summary>{esc(self.SUMMARY)}</summary>"
            f"<p><b>What it teaches:</b> {esc(self.lesson_point)}</p>"
            f'<pre style="white-space:pre-wrap">{esc(self.report)}</pre></details></div>'
        )


def worked_case(case_id: str) -> WorkedCase:
    """One case of ``triage_cases.csv`` with its triage, folded (commit first, then open)."""
    cases = data.load("triage_cases").set_index("id")
    if case_id not in cases.index:
        raise KeyError(f"no case '{case_id}' in triage_cases.csv; known: {', '.join(cases.index)}")
    case = cases.loc[case_id]
    result = triage.assess(triage.parse_findings(case["findings"]))
    return WorkedCase(
        case_id, case["title"], case["story"], result.as_text(),
        case["expected_urgency"], case["expected_first"], case["lesson_point"],
    )  # fmt: skip


class CaseLibrary:
    """Every teaching case of ``triage_cases.csv``, each folded (the appendix page)."""

    def __init__(self, cases: list[WorkedCase]):
        self.cases = cases

    def __repr__(self) -> str:
        return "\n\n".join(repr(c) for c in self.cases)

    def _repr_html_(self) -> str:
        return "".join(c._repr_html_() for c in self.cases)


def case_library(presentation: str | None = None) -> CaseLibrary:
    """The teaching cases (optionally of one ``presentation``, e.g. hidden), in file order."""
    frame = data.load("triage_cases")
    if presentation is not None:
        known = sorted(set(frame["presentation"]))
        if presentation not in known:
            raise ValueError(
                f"presentation must be one of {', '.join(known)} (got {presentation!r})"
            )
        frame = frame[frame["presentation"] == presentation]
    return CaseLibrary([worked_case(i) for i in frame["id"]])


# The sentences of compare_commitment(), shared with the static site's student mode
# (soleuslib/triage/compiled.py puts them in the rule book for site/static/triage-form.js):
# {name} placeholders only, filled once (a filled-in value is never read as a template).
COMMITMENT_TEXTS: dict[str, str] = {
    "urgency_matched": "Urgency: you matched the triage ({expected}).",
    "urgency_differs": "Urgency: you chose {chosen}, the triage gives {expected}: ",
    "urgency_lower": "yours is less urgent, which is the unsafe direction.",
    "urgency_higher": "yours is more urgent than the answers make necessary.",
    "safety_net": "Safety net: {name} is plausible and not excluded, so its urgency is the "
    "urgency, however convincing the rest of the story.",
    "no_danger": "Safety net: no dangerous condition is plausible from these answers, so the "
    "urgency is routine; questions not asked still leave dangers not ruled out.",
    "leading_none": "Leading condition: the answers so far point to no condition.",
    "leading_matched": "Leading condition: you matched the triage ({name}).",
    "leading_differs": "Leading condition: you chose {chosen}, the triage ranks {expected} first "
    "(most urgent, then most consistent).",
    "why": "Why: {reason}",
}
# "Emergency: now" -> "emergency": the urgency as a word inside those sentences.
COMMITMENT_URGENCY_WORDS = {u: label.split(":")[0].lower() for u, label in URGENCY_LABELS.items()}


@dataclass(frozen=True)
class Commitment:
    """How a student's committed urgency and leading condition compare with the triage."""

    urgency: str
    leading: str
    expected_urgency: str
    expected_leading: str | None
    urgency_matched: bool
    leading_matched: bool
    explanation: tuple[str, ...]  # sentences: the verdicts, the safety net, the reasons
    references: tuple[str, ...]


def compare_commitment(assessment, urgency: str, leading: str) -> Commitment:
    """Compare a committed urgency and leading condition with ``assessment`` and say why.

    The leading condition of the triage is the first of its ranked list (the condition that set
    the urgency when a dangerous one is plausible). A ValueError names a bad urgency or condition.
    """
    from soleuslib import urgency as levels

    levels.check(urgency)
    names = triage.condition_names()
    if leading not in names:
        raise ValueError(
            f"leading must be a condition id, one of {', '.join(names)} (got {leading!r})"
        )
    a = assessment
    expected_leading = a.ranked[0] if a.ranked else None
    words = COMMITMENT_URGENCY_WORDS
    t = COMMITMENT_TEXTS
    said = []
    if urgency == a.urgency:
        said.append(t["urgency_matched"].format(expected=words[a.urgency]))
    else:
        lower = triage.URGENCY_RANK[urgency] < triage.URGENCY_RANK[a.urgency]
        said.append(
            t["urgency_differs"].format(chosen=words[urgency], expected=words[a.urgency])
            + (t["urgency_lower"] if lower else t["urgency_higher"])
        )
    if a.urgency_set_by:
        said.append(t["safety_net"].format(name=in_sentence(names[a.urgency_set_by])))
    else:
        said.append(t["no_danger"])
    if expected_leading is None:
        said.append(t["leading_none"])
    elif leading == expected_leading:
        said.append(t["leading_matched"].format(name=names[leading]))
    else:
        said.append(
            t["leading_differs"].format(chosen=names[leading], expected=names[expected_leading])
        )
    said += [t["why"].format(reason=r) for r in a.reasons]
    return Commitment(
        urgency=urgency, leading=leading, expected_urgency=a.urgency,
        expected_leading=expected_leading, urgency_matched=urgency == a.urgency,
        leading_matched=leading == expected_leading, explanation=tuple(said),
        references=a.references,
    )  # fmt: skip
