"""Assess a set of findings: red flags first, the safety net, the Wells score, the differential.

The safety-net rule, stated once: **the urgency is the highest urgency among the dangerous
conditions that the findings make plausible**, and the advice shown is that condition's advice.
A dangerous condition is *plausible* when a ``flag`` or ``plausible`` rule of it matches, or its
score reaches its ``plausible_min_score`` or ``flag_min_score``; it is a *red flag* when a
``flag`` rule matches or its score reaches ``flag_min_score``. Unasked questions are unknown,
never "no": they leave dangerous conditions *not ruled out*, listed with the questions to ask.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from soleuslib import urgency as levels
from soleuslib.triage.rules import WELLS_CONDITION, RuleBook, Value

DISCLAIMER = "Teaching output, not a diagnosis: a clinician examines and decides."
PROPER_NAMES = ("Achilles",)  # first words that keep their capital mid-sentence


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
    plausible: tuple[str, ...] = ()  # dangerous conditions the findings make plausible, ranked
    urgency_set_by: str | None = None  # the condition whose urgency and advice are shown
    not_ruled_out: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (condition, questions to ask)
    wells_open: tuple[str, ...] = ()  # Wells items not asked (finding ids)
    answered: int = 0  # how many findings were given

    def as_text(
        self, names: Mapping[str, str] | None = None, labels: Mapping[str, str] | None = None
    ) -> str:
        """A deterministic plain-text report (for notebooks and doctests)."""
        from soleuslib import triage  # the default rule book's names

        names = names or triage.condition_names()
        labels = labels or {f: s.label for f, s in triage.rule_book().findings.items()}
        lines = [f"Urgency: {self.urgency} ({levels.CLINICIAN_WORDS[self.urgency]})"]
        if self.urgency_set_by:
            lines.append(f"Set by: {names[self.urgency_set_by]}")
        lines.append("Red flags: " + (", ".join(names[c] for c in self.red_flags) or "none"))
        lines.append(
            "Plausible dangerous conditions: "
            + (", ".join(names[c] for c in self.plausible) or "none")
        )
        if self.wells_score is None:
            lines.append("Wells score: not answered")
        else:
            verdict = "DVT likely" if self.wells_likely else "DVT unlikely"
            lines.append(
                f"Wells score: {self.wells_score} (threshold {self.wells_threshold}: {verdict})"
            )
        lines.append("Ranked (most urgent, then most consistent, first):")
        score = dict(self.scores)
        for n, cond in enumerate(self.ranked, 1):
            tag = (
                "red flag"
                if cond in self.red_flags
                else "plausible"
                if cond in self.plausible
                else f"score {score[cond]}"
            )
            lines.append(f"  {n}. {names[cond]} ({tag})")
        if not self.ranked:
            lines.append("  (nothing yet: the answers say too little)")
        lines.append("Reasons:")
        lines += [f"  - {r}" for r in self.reasons] or ["  (none)"]
        lines.append("Next step: " + self.action)
        if self.not_ruled_out:
            lines.append("Not ruled out (ask next):")
            for cond, asks in self.not_ruled_out:
                lines.append(f"  - {names[cond]}: " + "; ".join(labels[f] for f in asks))
        lines.append("Summary: " + self.summary)
        return "\n".join(lines)


def validate(book: RuleBook, findings: Mapping[str, object]) -> dict[str, Value]:
    """The given findings, checked; ``None`` means not asked and is dropped."""
    if not isinstance(findings, Mapping):
        raise ValueError(f"findings must be a mapping of finding id to value (got {findings!r})")
    return {key: check(book, key, value) for key, value in findings.items() if value is not None}


def check(book: RuleBook, finding_id: object, value: object) -> Value:
    """One finding's value, checked against its type, choices or range."""
    spec = book.findings.get(finding_id) if isinstance(finding_id, str) else None
    if spec is None:
        raise ValueError(
            f"unknown finding {finding_id!r}; expected one of: {', '.join(book.findings)}"
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


@dataclass
class _Tally:
    scores: dict[str, int]
    flagged: set[str]
    made_plausible: set[str]
    refs: set[str]
    reasons: list[str]
    wells: int | None = None


def _tally(book: RuleBook, given: Mapping[str, Value]) -> _Tally:
    """Apply every matching rule and Wells item, in question order."""
    tally = _Tally(dict.fromkeys(book.conditions, 0), set(), set(), set(), [])
    for fid, spec in book.findings.items():
        if fid not in given:
            continue
        value, parts = given[fid], []
        for item in book.wells_by_finding.get(fid, ()):
            tally.wells = 0 if tally.wells is None else tally.wells
            if item.matches(value):
                tally.wells += item.points
                tally.refs.update(item.refs)
                parts.append(f"Wells item, {item.points:+d} point{'s' * (abs(item.points) > 1)}.")
        for rule in book.rules_by_finding.get(fid, ()):
            if rule.matches(value):
                tally.scores[rule.condition] += rule.weight
                if rule.flag:
                    tally.flagged.add(rule.condition)
                if rule.plausible:
                    tally.made_plausible.add(rule.condition)
                tally.refs.update(rule.refs)
                parts.append(rule.reason)
        if parts:
            tally.reasons.append(f"{spec.label} ({spec.show(value)}): " + " ".join(parts))
    if tally.wells is not None:
        tally.scores[WELLS_CONDITION] = tally.wells
    return tally


def assess(book: RuleBook, findings: Mapping[str, object]) -> Assessment:
    """Screen red flags first, apply the safety net, score the Wells items, rank the rest."""
    given = validate(book, findings)
    tally = _tally(book, given)
    scores = tally.scores
    flagged, plausible = set(tally.flagged), set(tally.made_plausible)
    for cid, cond in book.conditions.items():
        if cond.flag_min_score is not None and scores[cid] >= cond.flag_min_score:
            flagged.add(cid)
        if cond.plausible_min_score is not None and scores[cid] >= cond.plausible_min_score:
            plausible.add(cid)
    plausible |= flagged

    def danger_key(cid: str) -> tuple:
        urgency = levels.RANK[book.conditions[cid].urgency]
        return (-urgency, cid not in flagged, book.order[cid])

    dangerous = tuple(sorted(plausible, key=danger_key))
    others = [c for c in book.conditions if c not in plausible and scores[c] > 0]
    ranked = dangerous + tuple(sorted(others, key=lambda c: (-scores[c], book.order[c])))
    refs = set(tally.refs)
    for cid in ranked:
        refs.update(book.conditions[cid].ref_list)
    if tally.wells is not None:
        refs.update(book.conditions[WELLS_CONDITION].ref_list)
    setter = dangerous[0] if dangerous else None
    urgency = book.conditions[setter].urgency if setter else "routine"
    not_ruled_out = tuple(
        (cid, tuple(f for f in book.key_findings[cid] if f not in given))
        for cid in book.conditions
        if book.dangerous(cid)
        and cid not in plausible
        and any(f not in given for f in book.key_findings[cid])
    )
    red_flags = tuple(c for c in dangerous if c in flagged)
    return Assessment(
        urgency=urgency,
        red_flags=red_flags,
        ranked=ranked,
        reasons=tuple(tally.reasons),
        references=tuple(sorted(refs)),
        wells_score=tally.wells,
        scores=tuple((c, scores[c]) for c in ranked),
        wells_likely=None if tally.wells is None else tally.wells >= book.wells_threshold,
        wells_threshold=book.wells_threshold,
        red_flag_questions_not_asked=tuple(
            f for f, s in book.findings.items() if s.section == "red_flag" and f not in given
        ),
        summary=_summary(book, urgency, setter, red_flags, ranked, not_ruled_out),
        action=_action(book, setter, flagged, ranked),
        plausible=dangerous,
        urgency_set_by=setter,
        not_ruled_out=not_ruled_out,
        wells_open=tuple(item.finding for item in book.wells_items if item.finding not in given),
        answered=len(given),
    )


def _action(book: RuleBook, setter: str | None, flagged: set[str], ranked: tuple) -> str:
    """The advice of the condition that set the urgency (else of the leading condition)."""
    if setter is not None:
        cond = book.conditions[setter]
        return cond.flag_action if setter in flagged and cond.flag_action else cond.action
    if ranked:
        return book.conditions[ranked[0]].action
    return levels.CLINICIAN_WORDS["routine"]


def _summary(
    book: RuleBook,
    urgency: str,
    setter: str | None,
    red_flags: tuple,
    ranked: tuple,
    not_ruled_out: tuple,
) -> str:
    name = lambda c: in_sentence(book.conditions[c].name)  # noqa: E731
    if red_flags:
        text = f"Red flag: features consistent with {' and '.join(map(name, red_flags))}."
        others = [c for c in ranked if c != setter and c not in red_flags and book.dangerous(c)]
        if setter not in red_flags:
            text = f"Safety net: {name(setter)} is plausible and sets the urgency. {text}"
        elif others:
            text += f" Also plausible: {', '.join(map(name, others))}."
    elif setter:
        text = f"Safety net: {name(setter)} is plausible and not excluded, so it sets the urgency."
    elif ranked:
        text = (
            "No dangerous condition is plausible from the answers given. Features most "
            f"consistent with {name(ranked[0])}."
        )
    else:
        text = "No dangerous condition is plausible from the answers given, and too little is "
        text += "known to rank."
    if setter:
        text += f" {levels.CLINICIAN_WORDS[urgency].capitalize()}."
    if not_ruled_out:
        text += (
            f" {len(not_ruled_out)} dangerous condition(s) not ruled out yet: their key "
            "questions were not asked."
        )
    return f"{text} {DISCLAIMER}"


def in_sentence(name: str) -> str:
    """'Soleus strain' -> 'soleus strain' mid-sentence; acronyms and names keep their capitals."""
    if name.split()[0] in PROPER_NAMES or not name[1:2].islower():
        return name
    return name[0].lower() + name[1:]
