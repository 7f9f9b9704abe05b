"""Lesson 03: a data-driven triage of inner and posterior calf pain that screens red flags first.

The findings, conditions, rules and Wells items live in ``data/triage_*.csv``; this module only
applies them. :func:`assess` is teaching output, never a diagnosis.

Public contract: ``assess(findings) -> Assessment`` with ``urgency``, ``red_flags``, ``ranked``,
``reasons``, ``references`` and ``wells_score`` (see the issue for lesson 03).
"""

from __future__ import annotations

import math
import numbers
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from soleuslib import data

URGENCY_ORDER = ("routine", "urgent", "emergency")  # lowest to highest
URGENCY_RANK = {name: rank for rank, name in enumerate(URGENCY_ORDER)}
URGENCY_WORDS = {
    "emergency": "Emergency: same-day medical care",
    "urgent": "Urgent: medical review within days, stop running",
    "routine": "Routine: physiotherapy-led care",
}
SECTION_ORDER = ("red_flag", "wells", "history", "test")
SECTION_TITLES = {
    "red_flag": "Red flags (ask these first)",
    "wells": "DVT screen: the Wells score",
    "history": "History",
    "test": "Tests",
}
DISCLAIMER = "Teaching output, not a diagnosis: a clinician examines and decides."
WELLS_CONDITION = "dvt"
PROPER_NAMES = ("Achilles",)  # first words that keep their capital mid-sentence

Value = bool | str | float
_COMPARISON = re.compile(r"^(>=|<=|>|<|=)\s*(-?\d+(?:\.\d+)?)$")
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}


@dataclass(frozen=True)
class FindingSpec:
    """One question the triage can ask, with what counts as a valid answer."""

    id: str
    section: str
    label: str
    question: str
    type: str  # bool, choice or number
    choices: tuple[str, ...] = ()
    choice_labels: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str = ""

    def expected(self) -> str:
        """What a valid value looks like, in words."""
        if self.type == "bool":
            return "True or False"
        if self.type == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return f"a number between {self.min:g} and {self.max:g} {self.unit}".rstrip()

    def show(self, value: Value) -> str:
        """A given value in words: yes/no, the choice label, or the number with its unit."""
        if self.type == "bool":
            return "yes" if value else "no"
        if self.type == "choice":
            return self.choice_labels[self.choices.index(value)]
        return f"{float(value):g} {self.unit}".strip()


@dataclass(frozen=True)
class _Rule:
    id: str
    condition: str
    finding: str
    matches: Callable[[Value], bool]
    weight: int  # 0 for a flag rule
    flag: bool
    reason: str
    refs: tuple[str, ...]
    teaching_simplification: bool


@dataclass(frozen=True)
class _WellsItem:
    id: str
    finding: str
    matches: Callable[[Value], bool]
    points: int
    item: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """The triage result. ``urgency``, ``red_flags``, ``ranked``, ``reasons``, ``references`` and
    ``wells_score`` are the public contract; the other fields explain it."""

    urgency: str
    red_flags: tuple[str, ...]
    ranked: tuple[str, ...]
    reasons: tuple[str, ...]
    references: tuple[str, ...]
    wells_score: int | None
    scores: tuple[tuple[str, int], ...] = ()  # (condition id, score) in ranked order
    wells_likely: bool | None = None  # Wells score >= threshold; None when not answered
    wells_threshold: int = 2
    red_flag_questions_not_asked: tuple[str, ...] = ()
    summary: str = ""
    action: str = ""

    def as_text(self, names: Mapping[str, str] | None = None) -> str:
        """A deterministic plain-text report (for notebooks and doctests)."""
        names = names or condition_names()
        lines = [f"Urgency: {self.urgency} ({URGENCY_WORDS[self.urgency]})"]
        lines.append("Red flags: " + (", ".join(names[c] for c in self.red_flags) or "none"))
        if self.wells_score is None:
            lines.append("Wells score: not answered")
        else:
            verdict = "DVT likely" if self.wells_likely else "DVT unlikely"
            lines.append(
                f"Wells score: {self.wells_score} (threshold {self.wells_threshold}: {verdict})"
            )
        lines.append("Ranked (most consistent first):")
        score = dict(self.scores)
        for n, cond in enumerate(self.ranked, 1):
            tag = "red flag" if cond in self.red_flags else f"score {score[cond]}"
            lines.append(f"  {n}. {names[cond]} ({tag})")
        if not self.ranked:
            lines.append("  (nothing yet: the answers say too little)")
        lines.append("Reasons:")
        lines += [f"  - {r}" for r in self.reasons] or ["  (none)"]
        lines.append("Summary: " + self.summary)
        return "\n".join(lines)


class RuleBook:
    """The validated findings, conditions, rules and Wells items, indexed for fast assessment."""

    def __init__(self, data_dir: Path | None = None, bib: Path | None = None):
        load = lambda name: data.load(name, data_dir, bib)  # noqa: E731
        self.data_dir = Path(data_dir or data.paths.DATA_DIR)
        self.findings_table = load("triage_findings")
        self.conditions_table = load("triage_conditions")
        self.rules_table = load("triage_rules")
        self.wells_table = load("triage_wells_items")
        self.findings = {row.id: _finding_spec(row) for row in self.findings_table.itertuples()}
        self.conditions = {row.id: row._asdict() for row in self.conditions_table.itertuples()}
        self.order = {cid: n for n, cid in enumerate(self.conditions)}
        self.rules_by_finding: dict[str, list[_Rule]] = {}
        for line, row in _lines(self.rules_table):
            rule = self._rule(line, row)
            self.rules_by_finding.setdefault(rule.finding, []).append(rule)
        self.wells_by_finding: dict[str, list[_WellsItem]] = {}
        for line, row in _lines(self.wells_table):
            item = _WellsItem(
                id=row["id"],
                finding=row["finding"],
                matches=self._matcher("triage_wells_items", line, row["finding"], row["value"]),
                points=int(row["points"]),
                item=row["item"],
                refs=tuple(data.split_keys(row["refs"])),
            )
            self.wells_by_finding.setdefault(item.finding, []).append(item)
        self.wells_threshold = self._wells_threshold()
        self._check_complete()

    # -- loading checks that need more than one table ------------------------------------------
    def _error(self, table: str, line: int, column: str, message: str) -> data.DataFileError:
        return data.DataFileError(self.data_dir / f"{table}.csv", message, row=line, column=column)

    def _matcher(self, table: str, line: int, finding_id: str, text: str) -> Callable:
        spec = self.findings[finding_id]
        text = text.strip()
        if spec.type == "bool":
            if text not in ("yes", "no"):
                raise self._error(table, line, "value", f"'{finding_id}' is yes/no (got {text!r})")
            wanted = text == "yes"
            return lambda value: value is wanted
        if spec.type == "choice":
            if text not in spec.choices:
                raise self._error(
                    table, line, "value", f"'{finding_id}' expects {spec.expected()} (got {text!r})"
                )
            return lambda value: value == text
        tests = []
        for part in text.split(" and "):
            found = _COMPARISON.match(part.strip())
            if not found:
                raise self._error(
                    table, line, "value", f"'{part}' is not a comparison such as >=5 or <3"
                )
            op, limit = _OPERATORS[found[1]], float(found[2])
            if not spec.min <= limit <= spec.max:
                raise self._error(
                    table, line, "value", f"{limit:g} is outside {finding_id}'s range"
                )
            tests.append((op, limit))
        return lambda value: all(op(float(value), limit) for op, limit in tests)

    def _rule(self, line: int, row: dict) -> _Rule:
        flag = row["effect"] == "flag"
        if flag and not self.conditions[row["condition"]]["is_red_flag"]:
            raise self._error(
                "triage_rules", line, "effect", f"'{row['condition']}' is not a red flag"
            )
        return _Rule(
            id=row["id"],
            condition=row["condition"],
            finding=row["finding"],
            matches=self._matcher("triage_rules", line, row["finding"], row["value"]),
            weight=0 if flag else int(row["effect"]),
            flag=flag,
            reason=row["reason"],
            refs=tuple(data.split_keys(row["refs"])),
            teaching_simplification=bool(row["teaching_simplification"]),
        )

    def _wells_threshold(self) -> int:
        if WELLS_CONDITION not in self.conditions:
            raise self._error("triage_conditions", 0, "id", f"no '{WELLS_CONDITION}' condition")
        threshold = self.conditions[WELLS_CONDITION]["flag_min_score"]
        if pd.isna(threshold):
            raise self._error(
                "triage_conditions", 0, "flag_min_score", "dvt needs the Wells threshold"
            )
        return int(threshold)

    def _check_complete(self) -> None:
        ruled = {r.condition for rules in self.rules_by_finding.values() for r in rules}
        flagged = {r.condition for rules in self.rules_by_finding.values() for r in rules if r.flag}
        for line, (cid, cond) in enumerate(self.conditions.items(), data.FIRST_DATA_LINE):
            if cid != WELLS_CONDITION and cid not in ruled:
                raise self._error("triage_conditions", line, "id", f"'{cid}' has no rules")
            has_threshold = not pd.isna(cond["flag_min_score"])
            if cond["is_red_flag"] and cid not in flagged and not has_threshold:
                raise self._error(
                    "triage_conditions",
                    line,
                    "flag_min_score",
                    f"red flag '{cid}' can never be raised (no 'flag' rule, no flag_min_score)",
                )
        seen: set[tuple] = set()
        for line, row in _lines(self.rules_table):
            key = (row["condition"], row["finding"], row["value"])
            if key in seen:
                raise self._error("triage_rules", line, "value", f"duplicate rule for {key}")
            seen.add(key)

    # -- assessment ------------------------------------------------------------------------------
    def validate(self, findings: Mapping[str, object]) -> dict[str, Value]:
        """The given findings, checked; ``None`` means not asked and is dropped."""
        if not isinstance(findings, Mapping):
            raise ValueError(
                f"findings must be a mapping of finding id to value (got {findings!r})"
            )
        clean: dict[str, Value] = {}
        for key, value in findings.items():
            if value is None:
                continue
            clean[key] = self.check(key, value)
        return clean

    def check(self, finding_id: object, value: object) -> Value:
        """One finding's value, checked against its type, choices or range."""
        spec = self.findings.get(finding_id) if isinstance(finding_id, str) else None
        if spec is None:
            raise ValueError(
                f"unknown finding {finding_id!r}; expected one of: {', '.join(self.findings)}"
            )
        if spec.type == "bool":
            if not isinstance(value, bool | np.bool_):
                raise ValueError(f"{spec.id} must be {spec.expected()} (got {value!r})")
            return bool(value)
        if spec.type == "choice":
            if not isinstance(value, str) or value not in spec.choices:
                raise ValueError(f"{spec.id} must be {spec.expected()} (got {value!r})")
            return value
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
            raise ValueError(f"{spec.id} must be {spec.expected()} (got {value!r})")
        number = float(value)
        if math.isnan(number) or not spec.min <= number <= spec.max:
            raise ValueError(f"{spec.id} must be {spec.expected()} (got {value!r})")
        return number

    def assess(self, findings: Mapping[str, object]) -> Assessment:
        """Screen red flags first, score the Wells items, then rank the differential."""
        given = self.validate(findings)
        scores = dict.fromkeys(self.conditions, 0)
        raised: set[str] = set()
        refs: set[str] = set()
        reasons: list[str] = []
        wells: int | None = None
        for fid, spec in self.findings.items():  # table order: red flags, Wells, history, tests
            if fid not in given:
                continue
            value = given[fid]
            parts = []
            for item in self.wells_by_finding.get(fid, ()):
                wells = 0 if wells is None else wells
                if item.matches(value):
                    wells += item.points
                    refs.update(item.refs)
                    parts.append(
                        f"Wells item, {item.points:+d} point{'s' * (abs(item.points) > 1)}."
                    )
            for rule in self.rules_by_finding.get(fid, ()):
                if rule.matches(value):
                    scores[rule.condition] += rule.weight
                    raised.update([rule.condition] if rule.flag else [])
                    refs.update(rule.refs)
                    parts.append(rule.reason)
            if parts:
                reasons.append(f"{spec.label} ({spec.show(value)}): " + " ".join(parts))
        if wells is not None:
            scores[WELLS_CONDITION] = wells
        for cid, cond in self.conditions.items():
            threshold = cond["flag_min_score"]
            if cond["is_red_flag"] and not pd.isna(threshold) and scores[cid] >= threshold:
                raised.add(cid)
        red_flags = tuple(sorted(raised, key=self._flag_order(scores)))
        others = [c for c in self.conditions if c not in raised and scores[c] > 0]
        ranked = red_flags + tuple(sorted(others, key=lambda c: (-scores[c], self.order[c])))
        for cid in ranked:
            refs.update(data.split_keys(self.conditions[cid]["refs"]))
        if wells is not None:
            refs.update(data.split_keys(self.conditions[WELLS_CONDITION]["refs"]))
        urgency = max(
            (self.conditions[c]["urgency"] for c in red_flags),
            key=URGENCY_RANK.__getitem__,
            default="routine",
        )
        not_asked = tuple(
            f for f, s in self.findings.items() if s.section == "red_flag" and f not in given
        )
        return Assessment(
            urgency=urgency,
            red_flags=red_flags,
            ranked=ranked,
            reasons=tuple(reasons),
            references=tuple(sorted(refs)),
            wells_score=wells,
            scores=tuple((c, scores[c]) for c in ranked),
            wells_likely=None if wells is None else wells >= self.wells_threshold,
            wells_threshold=self.wells_threshold,
            red_flag_questions_not_asked=not_asked,
            summary=self._summary(urgency, red_flags, ranked, not_asked),
            action=self.conditions[ranked[0]]["action"] if ranked else URGENCY_WORDS[urgency],
        )

    def _flag_order(self, scores: Mapping[str, int]) -> Callable[[str], tuple]:
        def key(cid: str) -> tuple:
            return (-URGENCY_RANK[self.conditions[cid]["urgency"]], -scores[cid], self.order[cid])

        return key

    def _summary(self, urgency: str, red_flags: tuple, ranked: tuple, not_asked: tuple) -> str:
        name = lambda c: _in_sentence(self.conditions[c]["name"])  # noqa: E731
        if red_flags:
            text = (
                f"Red flag: features consistent with {' and '.join(map(name, red_flags))}. "
                f"{URGENCY_WORDS[urgency]}."
            )
        elif ranked:
            text = (
                f"No red flag raised by the answers given. Features most consistent with "
                f"{name(ranked[0])}."
            )
        else:
            text = "No red flag raised by the answers given, and too little is known to rank."
        if not_asked and not red_flags:
            text += (
                f" {len(not_asked)} red-flag question(s) not asked yet, so red flags "
                "are not ruled out."
            )
        return f"{text} {DISCLAIMER}"


def _in_sentence(name: str) -> str:
    """'Soleus strain' -> 'soleus strain' mid-sentence; acronyms and names keep their capitals."""
    if name.split()[0] in PROPER_NAMES or not name[1:2].islower():
        return name
    return name[0].lower() + name[1:]


def _finding_spec(row) -> FindingSpec:
    number = row.type == "number"
    return FindingSpec(
        id=row.id,
        section=row.section,
        label=row.label,
        question=row.question,
        type=row.type,
        choices=tuple(data.split_keys(row.choices)),
        choice_labels=tuple(data.split_keys(row.choice_labels)),
        min=float(row.min) if number else None,
        max=float(row.max) if number else None,
        unit=row.unit,
    )


def _lines(frame: pd.DataFrame):
    """(CSV line number, row dict) pairs, for error messages that point at the file."""
    for index, row in enumerate(frame.to_dict(orient="records")):
        yield index + data.FIRST_DATA_LINE, row


@cache
def rule_book() -> RuleBook:
    """The rule book built from ``data/`` (loaded and validated once per session)."""
    return RuleBook()


def assess(findings: Mapping[str, Value]) -> Assessment:
    """Triage the given findings (missing ones are unknown, never 'no'). Teaching output only."""
    return rule_book().assess(findings)


def check_finding(finding_id: str, value: Value) -> Value:
    """Validate one form answer; a bad one raises ValueError naming the finding and the rule."""
    return rule_book().check(finding_id, value)


def findings_spec() -> dict[str, FindingSpec]:
    """Every question, in the order the form asks them (red flags, Wells, history, tests)."""
    book = rule_book()
    return dict(sorted(book.findings.items(), key=lambda kv: SECTION_ORDER.index(kv[1].section)))


def condition_names() -> dict[str, str]:
    """Condition id -> name in plain words."""
    return {cid: cond["name"] for cid, cond in rule_book().conditions.items()}


def parse_findings(text: str) -> dict[str, Value]:
    """'a=yes;b=inner_calf;c=4' (as in triage_cases.csv) -> typed findings, validated."""
    book = rule_book()
    result: dict[str, Value] = {}
    for pair in data.split_keys(text):
        key, sep, raw = (part.strip() for part in pair.partition("="))
        if not sep:
            raise ValueError(f"'{pair}' must be written finding=value")
        spec = book.findings.get(key)
        if spec is None:
            raise ValueError(
                f"unknown finding '{key}'; expected one of: {', '.join(book.findings)}"
            )
        if spec.type == "bool":
            if raw not in ("yes", "no"):
                raise ValueError(f"{key} must be yes or no (got {raw!r})")
            value: Value = raw == "yes"
        elif spec.type == "number":
            try:
                value = float(raw)
            except ValueError:
                raise ValueError(f"{key} must be {spec.expected()} (got {raw!r})") from None
        else:
            value = raw
        result[key] = book.check(key, value)
    return result


def differential_table() -> pd.DataFrame:
    """One row per condition: name, red flag, urgency, how it is raised, and its sources."""
    book = rule_book()
    rules = book.rules_table
    rows = []
    for cid, cond in book.conditions.items():
        own = rules[rules["condition"] == cid]
        if cid == WELLS_CONDITION:
            raised = f"Wells score ≥ {book.wells_threshold}"
        elif cond["is_red_flag"]:
            flags = [book.findings[f].label for f in own[own["effect"] == "flag"]["finding"]]
            if not pd.isna(cond["flag_min_score"]):
                flags.append(f"score ≥ {int(cond['flag_min_score'])}")
            raised = "; ".join(flags)
        else:
            raised = "not a red flag"
        rows.append(
            {
                "id": cid,
                "name": cond["name"],
                "red_flag": "yes" if cond["is_red_flag"] else "no",
                "urgency": cond["urgency"],
                "raised_by": raised,
                "rules": len(own) if cid != WELLS_CONDITION else len(book.wells_table),
                "teaching_rules": int(own["teaching_simplification"].sum()),
                "refs": cond["refs"],
            }
        )
    return pd.DataFrame(rows)


def rules_table(condition: str | None = None) -> pd.DataFrame:
    """The rules (optionally of one condition) with finding labels, for review in a notebook."""
    book = rule_book()
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
    names = condition_names()
    rows = []
    for case in data.load("triage_cases").itertuples():
        result = assess(parse_findings(case.findings))
        rows.append({
            "id": case.id,
            "title": case.title,
            "urgency": result.urgency,
            "first": names[result.ranked[0]] if result.ranked else "(nothing yet)",
            "red_flags": "; ".join(names[c] for c in result.red_flags),
            "wells": "" if result.wells_score is None else str(result.wells_score),
            "lesson_point": case.lesson_point,
            "as_expected": (result.urgency == case.expected_urgency
                            and (result.ranked[:1] or ("",))[0] == case.expected_first),
        })  # fmt: skip
    return pd.DataFrame(rows)
