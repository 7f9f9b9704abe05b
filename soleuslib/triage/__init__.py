"""Lesson 03: a data-driven triage of inner and posterior calf pain that screens red flags first.

The findings, conditions, rules and Wells items live in ``data/triage_*.csv``; this package only
applies them: :mod:`.rules` loads and cross-checks the tables, :mod:`.assess` applies the
safety-net rule, :mod:`.display` builds the tables a lesson shows. :func:`assess` is teaching
output, never a diagnosis.

Public contract: ``assess(findings) -> Assessment`` with ``urgency`` (``emergency``,
``same_day``, ``urgent`` or ``routine``), ``red_flags``, ``ranked``, ``reasons``,
``references`` and ``wells_score``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from soleuslib import data
from soleuslib import urgency as levels
from soleuslib.triage import assess as _assess
from soleuslib.triage.assess import DISCLAIMER, Assessment, in_sentence
from soleuslib.triage.rules import WELLS_CONDITION, FindingSpec, Rule, RuleBook, Value

URGENCY_ORDER = levels.ORDER  # lowest to highest
URGENCY_RANK = levels.RANK
URGENCY_WORDS = levels.CLINICIAN_WORDS
SECTION_ORDER = ("red_flag", "wells", "history", "test")
SECTION_TITLES = {
    "red_flag": "Red flags (ask these first)",
    "wells": "DVT screen: signs, risk items and the Wells score",
    "history": "History",
    "test": "Tests",
}

__all__ = [
    "DISCLAIMER", "SECTION_ORDER", "SECTION_TITLES", "URGENCY_ORDER", "URGENCY_RANK",
    "URGENCY_WORDS", "WELLS_CONDITION", "Assessment", "FindingSpec", "Rule", "RuleBook", "Value",
    "assess", "bedside_checklist", "case_library", "cases_summary", "compare_commitment",
    "check_finding", "condition_names", "differential_table",
    "findings_spec", "finding_labels", "in_sentence", "parse_findings", "rule_book", "rule_cards",
    "rule_rows", "rules_table", "worked_case",
]  # fmt: skip


@cache
def rule_book() -> RuleBook:
    """The rule book built from ``data/`` (loaded and validated once per session)."""
    return RuleBook()


def assess(findings: Mapping[str, Value]) -> Assessment:
    """Triage the given findings (missing ones are unknown, never 'no'). Teaching output only."""
    return _assess.assess(rule_book(), findings)


def check_finding(finding_id: str, value: Value) -> Value:
    """Validate one form answer; a bad one raises ValueError naming the finding and the rule."""
    return _assess.check(rule_book(), finding_id, value)


def findings_spec() -> dict[str, FindingSpec]:
    """Every question, in the order the form asks them (red flags, Wells, history, tests)."""
    book = rule_book()
    return dict(sorted(book.findings.items(), key=lambda kv: SECTION_ORDER.index(kv[1].section)))


def condition_names() -> dict[str, str]:
    """Condition id -> clinical name."""
    return {cid: cond.name for cid, cond in rule_book().conditions.items()}


def finding_labels() -> dict[str, str]:
    """Finding id -> short label."""
    return {fid: spec.label for fid, spec in rule_book().findings.items()}


def parse_findings(text: str, book: RuleBook | None = None) -> dict[str, Value]:
    """'a=yes;b=inner_calf;c=4' (as in triage_cases.csv) -> typed findings, validated (against
    ``book``, by default the rule book of ``data/``)."""
    book = book or rule_book()
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
        result[key] = _assess.check(book, key, value)
    return result


from soleuslib.triage.display import (  # noqa: E402  (display uses the functions above)
    bedside_checklist,
    case_library,
    cases_summary,
    compare_commitment,
    differential_table,
    rule_cards,
    rule_rows,
    rules_table,
    worked_case,
)
