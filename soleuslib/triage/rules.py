"""The triage rule book: load the four ``data/triage_*.csv`` tables and cross-check them.

Row checks live in :mod:`soleuslib.schemas.triage`; the checks here need two tables at once (a
rule's value against its finding's type and range, a dangerous condition that can never become
plausible, a rule that could make the safety net go down when an answer is added).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from soleuslib import data
from soleuslib.schemas import triage as schema

WELLS_CONDITION = "dvt"
Value = bool | str | float
_COMPARISON = re.compile(r"^(>=|<=|>|<|=)\s*(-?\d+(?:\.\d+)?)$")
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}


# A rule's value, parsed once: ("equals", True | "choice id") or ("all", ((">=", 5.0), ...)).
ValueTest = tuple[str, object]


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
    patient_question: str = ""  # empty: a clinician-only item (examination)

    @property
    def for_patient(self) -> bool:
        """True when a patient can answer it (it has a plain-words question)."""
        return bool(self.patient_question)

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
class Rule:
    """One row of triage_rules.csv with its value test compiled."""

    id: str
    condition: str
    finding: str
    value: str
    test: ValueTest
    effect: str  # 'flag', 'plausible' or an integer weight
    weight: int  # 0 for a flag or plausible rule
    reason: str
    refs: tuple[str, ...]
    teaching_simplification: bool

    def matches(self, value: Value) -> bool:
        """Whether an answer fires this rule."""
        return value_matches(self.test, value)

    @property
    def flag(self) -> bool:
        return self.effect == "flag"

    @property
    def plausible(self) -> bool:
        return self.effect == "plausible"


@dataclass(frozen=True)
class WellsItem:
    """One item of the two-level Wells score with its value test compiled."""

    id: str
    finding: str
    value: str
    test: ValueTest
    points: int
    item: str
    refs: tuple[str, ...]

    def matches(self, value: Value) -> bool:
        """Whether an answer scores this item."""
        return value_matches(self.test, value)


class RuleBook:
    """The validated findings, conditions, rules and Wells items, indexed for fast assessment."""

    def __init__(self, data_dir: Path | None = None, bib: Path | None = None):
        self.data_dir = Path(data_dir or data.paths.DATA_DIR)
        tables = {name: data.load(name, data_dir, bib) for name in _TABLE_NAMES}
        self.findings_table = tables["triage_findings"]
        self.conditions_table = tables["triage_conditions"]
        self.rules_table = tables["triage_rules"]
        self.wells_table = tables["triage_wells_items"]
        self.findings = {
            row.id: _finding_spec(row) for _, row in _rows(self.findings_table, schema.Finding)
        }
        self.conditions: dict[str, schema.Condition] = {
            row.id: row for _, row in _rows(self.conditions_table, schema.Condition)
        }
        self.order = {cid: n for n, cid in enumerate(self.conditions)}
        self.rules: list[Rule] = [
            self._rule(line, row) for line, row in _rows(self.rules_table, schema.Rule)
        ]
        self.rules_by_finding: dict[str, list[Rule]] = {}
        for rule in self.rules:
            self.rules_by_finding.setdefault(rule.finding, []).append(rule)
        self.wells_items: list[WellsItem] = [
            WellsItem(
                id=row.id,
                finding=row.finding,
                value=row.value,
                test=self._parse("triage_wells_items", line, row.finding, row.value),
                points=row.points,
                item=row.item,
                refs=row.ref_list,
            )
            for line, row in _rows(self.wells_table, schema.WellsItem)
        ]
        self.wells_by_finding: dict[str, list[WellsItem]] = {}
        for item in self.wells_items:
            self.wells_by_finding.setdefault(item.finding, []).append(item)
        self.wells_threshold = self._wells_threshold()
        self._check_complete()
        self._check_monotone()
        self.key_findings = {cid: self._key_findings(cid) for cid in self.conditions}

    # -- what the engine needs, by condition -----------------------------------------------------
    def dangerous(self, condition: str) -> bool:
        """A condition whose urgency is above routine (a red-flag condition)."""
        return self.conditions[condition].urgency != "routine"

    def rules_of(self, condition: str) -> list[Rule]:
        """The rules of one condition, in file order."""
        return [r for r in self.rules if r.condition == condition]

    def _key_findings(self, condition: str) -> tuple[str, ...]:
        """The findings that can make a dangerous condition plausible: ask them to rule it out."""
        if not self.dangerous(condition):
            return ()
        found = [r.finding for r in self.rules_of(condition) if r.flag or r.plausible]
        cond = self.conditions[condition]
        if cond.plausible_min_score is not None or cond.flag_min_score is not None:
            found += [r.finding for r in self.rules_of(condition) if r.weight > 0]
        if condition == WELLS_CONDITION:
            found += [item.finding for item in self.wells_items if item.points > 0]
        return tuple(f for f in self.findings if f in set(found))  # question order

    # -- loading checks that need more than one table ------------------------------------------
    def _error(self, table: str, line: int, column: str, message: str) -> data.DataFileError:
        return data.DataFileError(self.data_dir / f"{table}.csv", message, row=line, column=column)

    def _parse(self, table: str, line: int, finding_id: str, text: str) -> ValueTest:
        try:
            return parse_value(self.findings[finding_id], text)
        except ValueError as exc:
            raise self._error(table, line, "value", str(exc)) from None

    def _rule(self, line: int, row: schema.Rule) -> Rule:
        if row.effect in schema.RULE_EFFECTS and not self.dangerous(row.condition):
            raise self._error(
                "triage_rules",
                line,
                "effect",
                f"'{row.effect}' is only for dangerous conditions ('{row.condition}' is routine)",
            )
        return Rule(
            id=row.id,
            condition=row.condition,
            finding=row.finding,
            value=row.value,
            test=self._parse("triage_rules", line, row.finding, row.value),
            effect=row.effect,
            weight=row.weight,
            reason=row.reason,
            refs=row.ref_list,
            teaching_simplification=row.teaching_simplification,
        )

    def _wells_threshold(self) -> int:
        if WELLS_CONDITION not in self.conditions:
            raise self._error("triage_conditions", 0, "id", f"no '{WELLS_CONDITION}' condition")
        threshold = self.conditions[WELLS_CONDITION].flag_min_score
        if threshold is None:
            raise self._error(
                "triage_conditions", 0, "flag_min_score", "dvt needs the Wells threshold"
            )
        return threshold

    def _check_complete(self) -> None:
        ruled = {r.condition for r in self.rules}
        lines = enumerate(self.conditions.items(), data.FIRST_DATA_LINE)
        for line, (cid, cond) in lines:
            if cid not in ruled:
                raise self._error("triage_conditions", line, "id", f"'{cid}' has no rules")
            own = self.rules_of(cid)
            can_flag = any(r.flag for r in own) or cond.flag_min_score is not None
            can_be_plausible = (
                can_flag or any(r.plausible for r in own) or cond.plausible_min_score is not None
            )
            if self.dangerous(cid) and not can_be_plausible:
                raise self._error(
                    "triage_conditions",
                    line,
                    "plausible_min_score",
                    f"dangerous condition '{cid}' can never become plausible "
                    "(no 'flag' or 'plausible' rule, no plausible_min_score or flag_min_score)",
                )
        seen: set[tuple] = set()
        for line, rule in enumerate(self.rules, data.FIRST_DATA_LINE):
            key = (rule.condition, rule.finding, rule.value)
            if key in seen:
                raise self._error("triage_rules", line, "value", f"duplicate rule for {key}")
            seen.add(key)

    def _check_monotone(self) -> None:
        """Adding a 'yes' may never lower a dangerous condition, and a 'no' never raise one."""
        for line, rule in enumerate(self.rules, data.FIRST_DATA_LINE):
            if not self.dangerous(rule.condition) or rule.condition == WELLS_CONDITION:
                continue
            if rule.weight < 0:
                raise self._error(
                    "triage_rules",
                    line,
                    "effect",
                    f"a negative weight for dangerous condition '{rule.condition}' could hide it",
                )
            if self.findings[rule.finding].type == "bool" and rule.value == "no":
                raise self._error(
                    "triage_rules",
                    line,
                    "value",
                    f"a 'no' answer may not raise dangerous condition '{rule.condition}'",
                )


def parse_value(spec: FindingSpec, text: str) -> ValueTest:
    """A rule's ``value`` cell for ``spec``: yes/no, a choice id, or comparisons joined by 'and'."""
    text = text.strip()
    if spec.type == "bool":
        if text not in ("yes", "no"):
            raise ValueError(f"'{spec.id}' is yes/no (got {text!r})")
        return ("equals", text == "yes")
    if spec.type == "choice":
        if text not in spec.choices:
            raise ValueError(f"'{spec.id}' expects {spec.expected()} (got {text!r})")
        return ("equals", text)
    tests = []
    for part in text.split(" and "):
        found = _COMPARISON.match(part.strip())
        if not found:
            raise ValueError(f"'{part}' is not a comparison such as >=5 or <3")
        limit = float(found[2])
        if not spec.min <= limit <= spec.max:
            raise ValueError(f"{limit:g} is outside {spec.id}'s range")
        tests.append((found[1], limit))
    return ("all", tuple(tests))


def value_matches(test: ValueTest, value: Value) -> bool:
    """Whether an answer satisfies a parsed rule value (bools compare by identity)."""
    kind, wanted = test
    if kind == "equals":
        return value is wanted if isinstance(wanted, bool) else value == wanted
    return all(_OPERATORS[op](float(value), limit) for op, limit in wanted)


_TABLE_NAMES = ("triage_findings", "triage_conditions", "triage_rules", "triage_wells_items")


def _finding_spec(row: schema.Finding) -> FindingSpec:
    return FindingSpec(
        id=row.id,
        section=row.section,
        label=row.label,
        question=row.question,
        type=row.type,
        choices=row.choice_list,
        choice_labels=row.choice_label_list,
        min=row.min,
        max=row.max,
        unit=row.unit,
        patient_question=row.patient_question,
    )


def _rows(frame: pd.DataFrame, model: type[schema.Row]) -> Iterator[tuple[int, schema.Row]]:
    """(CSV line number, typed row) pairs: each row is parsed once, lists included."""
    for index, record in enumerate(frame.to_dict(orient="records")):
        values = {k: v for k, v in record.items() if not _missing(v)}
        yield index + data.FIRST_DATA_LINE, model.model_validate(values)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)
