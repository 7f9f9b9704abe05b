"""Lesson 06: practice cases. A student asks questions one at a time, decides the urgency and the
leading condition, and is graded on the reasoning.

Built on the triage engine: the cases' true answers live in ``data/practice_cases.csv``, every
clinical rule in ``data/triage_*.csv``; this module only asks, grades and records. The static site
runs the same ask and grade in ``site/static/practice.js`` (parity-tested in Chromium), from the
constants below compiled by :mod:`soleuslib.practice_compiled`.

Grading (95 points; pass = the right urgency and at least 70):

* urgency, 50: right or wrong; a wrong urgency fails the attempt, an under-triage of a dangerous
  case is called unsafe. 50 is more than the 45 of everything else together.
* red flags first, 15: the share of the red-flag questions asked before the first history or test
  question.
* discriminating questions, 15: the share of the *needed* questions asked: the findings of the true
  leading condition's rules (flag, plausible or positive weight) and the key findings of each mimic.
* leading condition, 10: right or wrong.
* efficiency, 5: 5 × max(0, 1 − extra/10), extra = questions neither red-flag nor needed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from soleuslib import data, triage
from soleuslib import urgency as levels
from soleuslib.triage.assess import assess as assess_with
from soleuslib.triage.rules import WELLS_CONDITION, RuleBook, Value

POINTS: dict[str, int] = {
    "urgency": 50,
    "red_flags": 15,
    "discriminating": 15,
    "leading": 10,
    "efficiency": 5,
}
PART_TITLES: dict[str, str] = {
    "urgency": "Urgency",
    "red_flags": "Red flags first",
    "discriminating": "Discriminating questions",
    "leading": "Leading condition",
    "efficiency": "Efficiency",
}
PART_RULES: dict[str, str] = {
    "urgency": "50 if right, 0 if wrong; a wrong urgency fails the attempt",
    "red_flags": "15 × red-flag questions asked before the first history or test question "
    "÷ red-flag questions",
    "discriminating": "15 × needed questions asked ÷ needed questions",
    "leading": "10 if right, 0 if wrong",
    "efficiency": "5 × max(0, 1 − extra questions ÷ 10)",
}
EXTRA_LIMIT = 10  # efficiency reaches 0 at this many extra questions
PASS_MARK = 70
MAX_TOTAL = sum(POINTS.values())
RED_FLAG_SECTION = "red_flag"
LATER_SECTIONS = ("history", "test")  # red flags should come before these
URGENCY_LABELS = {"emergency": "emergency", "same_day": "same day", "urgent": "urgent",
                  "routine": "routine"}  # fmt: skip
# Feedback templates, shared with practice.js: {name} placeholders only.
TEXTS: dict[str, str] = {
    "urgency_right": "Right urgency: {words}.",
    "urgency_unsafe": "Unsafe: you chose {chosen}, but {name} needs {expected}. Under-triage of "
    "a dangerous condition fails the attempt.",
    "urgency_over": "Over-triage: you chose {chosen}; the case needs {expected}. Safer than "
    "under-triage, but a wrong urgency fails the attempt.",
    "urgency_under": "Under-triage: you chose {chosen}; the case needs {expected}. A wrong "
    "urgency fails the attempt.",
    "red_flag_first": "Asked first: {label}.",
    "red_flag_late": "Asked late (after the history or tests): {label}.",
    "red_flag_missing": "Not asked: {label}.",
    "needed_asked": "Asked: {label} (weighs on {conditions}).",
    "needed_missed": "Missed: {label} (weighs on {conditions}).",
    "leading_right": "Right: {name} leads.",
    "leading_wrong": "Not the leading condition: you chose {chosen}; {name} leads.",
    "leading_none": "No leading condition chosen; {name} leads.",
    "extra": "Not needed for this case: {label}.",
    "no_extra": "No questions beyond the red flags and those that decide this case.",
    "verdict_pass": "Pass: {total} of {max} points.",
    "verdict_low": "Not yet a pass: {total} of {max} points (the pass mark is {mark}).",
    "verdict_wrong": "Fail: the urgency is wrong ({total} of {max} points).",
    "verdict_unsafe": "Fail, unsafe: a dangerous case was under-triaged ({total} of {max} points).",
}
ATTEMPT_COLUMNS = (
    "case", "questions", "urgency", "leading", "urgency_points", "red_flags_points",
    "discriminating_points", "leading_points", "efficiency_points", "total", "passed", "date",
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One practice case: the story, the true answer to every finding, and the expected result."""

    id: str
    level: int
    opening: str
    findings: dict[str, Value]
    mimics: tuple[str, ...]
    expected_urgency: str
    expected_leading: str
    teaching_point: str


@dataclass(frozen=True)
class Feedback:
    """One line of feedback, citing its rule rows (triage rules or Wells items) and sources."""

    text: str
    rules: tuple[str, ...]
    refs: tuple[str, ...]


@dataclass(frozen=True)
class GradePart:
    """One part of a grade: its points out of ``max`` and why."""

    name: str
    points: float
    max: int
    feedback: tuple[Feedback, ...]


@dataclass(frozen=True)
class Grade:
    """The grade of one attempt at one case."""

    case: str
    questions: tuple[str, ...]
    urgency: str
    leading: str | None
    parts: tuple[GradePart, ...]
    total: float
    max_total: int
    passed: bool
    unsafe: bool
    verdict: str


# -- the cases ----------------------------------------------------------------------------------
def load_cases(data_dir: Path | None = None, book: RuleBook | None = None) -> dict[str, Case]:
    """Every practice case, checked against the triage engine (errors name file, line, column)."""
    book = book or (RuleBook(data_dir) if data_dir else triage.rule_book())
    path = Path(data_dir or data.paths.DATA_DIR) / "practice_cases.csv"
    frame = data.load("practice_cases", data_dir)
    found: dict[str, Case] = {}
    for line, row in enumerate(frame.to_dict(orient="records"), data.FIRST_DATA_LINE):
        found[row["id"]] = _case(book, path, line, row)
    return found


def _case(book: RuleBook, path: Path, line: int, row: dict) -> Case:
    def error(column: str, message: str) -> data.DataFileError:
        return data.DataFileError(path, message, row=line, column=column)

    keys = [pair.partition("=")[0].strip() for pair in data.split_keys(row["findings"])]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise error("findings", f"finding '{twice[0]}' is given twice")
    try:
        findings = triage.parse_findings(row["findings"], book)
    except ValueError as exc:
        raise error("findings", str(exc)) from None
    missing = [f for f in book.findings if f not in findings]
    if missing:
        raise error("findings", f"every finding needs its true answer; missing: {missing[0]}")
    mimics = tuple(data.split_keys(row["mimics"]))
    for cid in mimics:
        if not book.dangerous(cid):
            raise error("mimics", f"'{cid}' is not a dangerous condition (urgency is routine)")
    result = assess_with(book, findings)
    if result.urgency != row["expected_urgency"]:
        raise error(
            "expected_urgency",
            f"triage.assess() gives '{result.urgency}' (got {row['expected_urgency']!r})",
        )
    leading = result.ranked[0] if result.ranked else ""
    if leading != row["expected_leading"]:
        raise error(
            "expected_leading", f"triage.assess() ranks '{leading}' first "
            f"(got {row['expected_leading']!r})"
        )  # fmt: skip
    _check_level(book, row, error)
    return Case(
        id=row["id"],
        level=int(row["level"]),
        opening=row["opening"],
        findings=findings,
        mimics=mimics,
        expected_urgency=row["expected_urgency"],
        expected_leading=row["expected_leading"],
        teaching_point=row["teaching_point"],
    )


def _check_level(book: RuleBook, row: dict, error) -> None:
    """Level 1 leads with a soleus strain, 2 with another routine condition, 3 with a danger."""
    level, leading = int(row["level"]), row["expected_leading"]
    if level == 1 and leading != "soleus_strain":
        raise error("level", f"a level-1 case leads with soleus_strain (leads with '{leading}')")
    if level == 2 and (book.dangerous(leading) or leading == "soleus_strain"):
        raise error("level", f"a level-2 case leads with a routine mimic (leads with '{leading}')")
    if level == 3 and not book.dangerous(leading):
        raise error("level", f"a level-3 case leads with a dangerous condition ('{leading}')")


@cache
def cases() -> dict[str, Case]:
    """The practice cases of ``data/`` (loaded and checked once per session)."""
    return load_cases()


def get_case(case: Case | str) -> Case:
    """A case by id (a Case passes through); an unknown id lists the known ones."""
    if isinstance(case, Case):
        return case
    known = cases()
    if case not in known:
        raise ValueError(f"unknown case {case!r}; expected one of: {', '.join(known)}")
    return known[case]


# -- asking -------------------------------------------------------------------------------------
def ask(case: Case | str, finding_id: str) -> str:
    """The patient's answer in plain words, or the examination result for a clinician-only item."""
    case, book = get_case(case), triage.rule_book()
    spec = book.findings.get(finding_id)
    if spec is None:
        raise ValueError(
            f"unknown finding {finding_id!r}; expected one of: {', '.join(book.findings)}"
        )
    value = case.findings[finding_id]
    if not spec.for_patient:
        return f"On examination: {spec.label}: {spec.show(value)}."
    if spec.type == "bool":
        return "Yes." if value else "No."
    return f"{spec.show(value)}."


# -- grading ------------------------------------------------------------------------------------
def round1(x: float) -> float:
    """Round half up to one decimal (the same arithmetic in practice.js)."""
    return math.floor(x * 10 + 0.5) / 10


def fmt(x: float) -> str:
    """Points in words: 50, 11.3 (Python's ``{:g}``, reproduced in JavaScript)."""
    return f"{x:g}"


def red_flag_questions(book: RuleBook | None = None) -> tuple[str, ...]:
    """The red-flag section of the triage, in question order."""
    book = book or triage.rule_book()
    return tuple(f for f, s in book.findings.items() if s.section == RED_FLAG_SECTION)


def _positive(rule: triage.Rule) -> bool:
    return rule.flag or rule.plausible or rule.weight > 0


def needed(case: Case | str, book: RuleBook | None = None) -> tuple[str, ...]:
    """The discriminating questions of a case, in question order: the findings of the true leading
    condition's rules (flag, plausible or positive weight) and the key findings of each mimic."""
    case, book = get_case(case), book or triage.rule_book()
    found = {r.finding for r in book.rules_of(case.expected_leading) if _positive(r)}
    if case.expected_leading == WELLS_CONDITION:
        found |= {item.finding for item in book.wells_items if item.points > 0}
    for cid in case.mimics:
        found |= set(book.key_findings[cid])
    return tuple(f for f in book.findings if f in found)


def _cite(book: RuleBook, rules: Iterable, wells: Iterable) -> tuple[tuple, tuple]:
    """Rule and Wells item ids, and the sorted union of their references."""
    rules, wells = list(rules), list(wells)
    refs = sorted({k for r in rules for k in r.refs} | {k for w in wells for k in w.refs})
    return tuple([r.id for r in rules] + [w.id for w in wells]), tuple(refs)


def _weighing(book: RuleBook, case: Case, finding: str) -> tuple[tuple[str, ...], tuple, tuple]:
    """The conditions a needed finding weighs on for this case, and its citation."""
    conds = {case.expected_leading} | {m for m in case.mimics if finding in book.key_findings[m]}
    rules = [
        r for r in book.rules_by_finding.get(finding, ()) if r.condition in conds and _positive(r)
    ]
    wells = []
    if WELLS_CONDITION in conds:
        wells = [w for w in book.wells_by_finding.get(finding, ()) if w.points > 0]
    names = tuple(c for c in book.conditions if c in conds and (
        any(r.condition == c for r in rules) or (c == WELLS_CONDITION and wells)))  # fmt: skip
    return (names, *_cite(book, rules, wells))


def _all_rules(book: RuleBook, finding: str) -> tuple[tuple, tuple]:
    return _cite(
        book, book.rules_by_finding.get(finding, ()), book.wells_by_finding.get(finding, ())
    )


def deciding_rules(case: Case | str, condition: str, book: RuleBook | None = None) -> tuple:
    """(rule ids, refs) of a condition's rules that the case's true findings fire (flag,
    plausible or positive weight; for DVT also its positive Wells items)."""
    case, book = get_case(case), book or triage.rule_book()
    rules = [r for r in book.rules_of(condition)
             if _positive(r) and r.matches(case.findings[r.finding])]  # fmt: skip
    wells = []
    if condition == WELLS_CONDITION:
        wells = [
            w for w in book.wells_items if w.points > 0 and w.matches(case.findings[w.finding])
        ]
    return _cite(book, rules, wells)


def _text(key: str, **values: object) -> str:
    return TEXTS[key].format(**values)


def _urgency_part(book: RuleBook, case: Case, chosen: str) -> GradePart:
    expected = case.expected_urgency
    rules, refs = deciding_rules(case, case.expected_leading, book)
    if chosen == expected:
        text = _text("urgency_right", words=levels.CLINICIAN_WORDS[expected])
    else:
        kind = "over" if levels.RANK[chosen] > levels.RANK[expected] else "under"
        if kind == "under" and expected != "routine":
            kind = "unsafe"
        text = _text(f"urgency_{kind}", chosen=URGENCY_LABELS[chosen],
                     expected=URGENCY_LABELS[expected],
                     name=book.conditions[case.expected_leading].name)  # fmt: skip
    points = POINTS["urgency"] if chosen == expected else 0
    return GradePart("urgency", points, POINTS["urgency"], (Feedback(text, rules, refs),))


def _red_flags_part(book: RuleBook, questions: tuple[str, ...]) -> GradePart:
    red = red_flag_questions(book)
    later = [n for n, f in enumerate(questions) if book.findings[f].section in LATER_SECTIONS]
    cut = later[0] if later else len(questions)
    first, asked = set(questions[:cut]), set(questions)
    items = []
    for fid in red:
        key = (
            "red_flag_first"
            if fid in first
            else "red_flag_late"
            if fid in asked
            else "red_flag_missing"
        )
        rules, refs = _all_rules(book, fid)
        items.append(Feedback(_text(key, label=book.findings[fid].label), rules, refs))
    count = sum(f in first for f in red)
    points = round1(POINTS["red_flags"] * count / len(red))
    return GradePart("red_flags", points, POINTS["red_flags"], tuple(items))


def _discriminating_part(book: RuleBook, case: Case, questions: tuple[str, ...]) -> GradePart:
    need = needed(case, book)
    items = []
    for fid in need:
        names, rules, refs = _weighing(book, case, fid)
        key = "needed_asked" if fid in questions else "needed_missed"
        conditions = ", ".join(book.conditions[c].name for c in names)
        items.append(Feedback(_text(key, label=book.findings[fid].label, conditions=conditions),
                              rules, refs))  # fmt: skip
    asked = sum(f in questions for f in need)
    full = POINTS["discriminating"]
    points = round1(full * asked / len(need)) if need else full
    return GradePart("discriminating", points, full, tuple(items))


def _leading_part(book: RuleBook, case: Case, chosen: str | None) -> GradePart:
    expected = case.expected_leading
    rules, refs = deciding_rules(case, expected, book)
    name = book.conditions[expected].name
    if chosen == expected:
        text = _text("leading_right", name=name)
    elif chosen is None:
        text = _text("leading_none", name=name)
    else:
        text = _text("leading_wrong", chosen=book.conditions[chosen].name, name=name)
    points = POINTS["leading"] if chosen == expected else 0
    return GradePart("leading", points, POINTS["leading"], (Feedback(text, rules, refs),))


def _efficiency_part(book: RuleBook, case: Case, questions: tuple[str, ...]) -> GradePart:
    need, red = set(needed(case, book)), set(red_flag_questions(book))
    extra = [f for f in questions if f not in need and f not in red]
    items = []
    for fid in extra:
        rules, refs = _all_rules(book, fid)
        items.append(Feedback(_text("extra", label=book.findings[fid].label), rules, refs))
    if not extra:
        rules, refs = deciding_rules(case, case.expected_leading, book)
        items.append(Feedback(_text("no_extra"), rules, refs))
    points = round1(POINTS["efficiency"] * max(0, 1 - len(extra) / EXTRA_LIMIT))
    return GradePart("efficiency", points, POINTS["efficiency"], tuple(items))


def check_attempt(
    questions: Sequence[str], urgency: str, leading: str | None, book: RuleBook | None = None
) -> tuple[tuple[str, ...], str, str | None]:
    """The attempt's questions (repeats dropped), urgency and leading condition, validated."""
    book = book or triage.rule_book()
    if isinstance(questions, str):
        raise ValueError("questions must be a list of finding ids (got one string)")
    unique: list[str] = []
    for fid in questions:
        if fid not in book.findings:
            raise ValueError(
                f"unknown question {fid!r}; expected one of: {', '.join(book.findings)}"
            )
        if fid not in unique:
            unique.append(fid)
    levels.check(urgency, "urgency")
    leading = leading or None
    if leading is not None and leading not in book.conditions:
        raise ValueError(
            f"leading must be a condition id (got {leading!r}); expected one of: "
            + ", ".join(book.conditions)
        )
    return tuple(unique), urgency, leading


def grade(case: Case | str, questions: Sequence[str], urgency: str, leading: str | None) -> Grade:
    """Grade one attempt: the questions in the order asked, the urgency, the leading condition."""
    case, book = get_case(case), triage.rule_book()
    questions, urgency, leading = check_attempt(questions, urgency, leading, book)
    parts = (
        _urgency_part(book, case, urgency),
        _red_flags_part(book, questions),
        _discriminating_part(book, case, questions),
        _leading_part(book, case, leading),
        _efficiency_part(book, case, questions),
    )
    total = round1(sum(p.points for p in parts))
    right = urgency == case.expected_urgency
    unsafe = not right and levels.RANK[urgency] < levels.RANK[case.expected_urgency]
    passed = right and total >= PASS_MARK
    key = "verdict_pass" if passed else "verdict_unsafe" if unsafe else (
        "verdict_low" if right else "verdict_wrong")  # fmt: skip
    verdict = _text(key, total=fmt(total), max=MAX_TOTAL, mark=PASS_MARK)
    return Grade(case.id, questions, urgency, leading, parts, total, MAX_TOTAL, passed, unsafe,
                 verdict)  # fmt: skip


def grade_text(result: Grade) -> str:
    """A grade as plain text: the verdict, then each part with its feedback and citations."""
    lines = [result.verdict]
    for part in result.parts:
        lines.append(f"{PART_TITLES[part.name]}: {fmt(part.points)} / {part.max}")
        for item in part.feedback:
            cited = "; ".join(item.rules) or "no rule"
            lines.append(f"  - {item.text} [{cited}]")
    return "\n".join(lines)


def grading_table() -> pd.DataFrame:
    """The grading scheme, one row per part, from the same constants the grader uses."""
    rows = [{"part": PART_TITLES[name], "points": points, "how": PART_RULES[name]}
            for name, points in POINTS.items()]  # fmt: skip
    rows.append({"part": "Total", "points": MAX_TOTAL,
                 "how": f"pass: the right urgency and at least {PASS_MARK} points"})  # fmt: skip
    return pd.DataFrame(rows)


def cases_table() -> pd.DataFrame:
    """The practice cases, one row each (without their answers): id, level, opening."""
    rows = [{"id": c.id, "level": c.level, "opening": c.opening} for c in cases().values()]
    return pd.DataFrame(rows)


# -- the record a student keeps -----------------------------------------------------------------
def attempt_row(result: Grade, date: dt.date | str) -> dict[str, str]:
    """One graded attempt as a row of the attempts CSV (every value a string)."""
    points = {f"{p.name}_points": fmt(p.points) for p in result.parts}
    return {
        "case": result.case,
        "questions": ";".join(result.questions),
        "urgency": result.urgency,
        "leading": result.leading or "",
        **points,
        "total": fmt(result.total),
        "passed": "yes" if result.passed else "no",
        "date": date.isoformat() if isinstance(date, dt.date) else str(date),
    }


def attempts_csv(rows: Iterable[dict[str, str]]) -> str:
    """The attempts as CSV text (the same columns as the website's download)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ATTEMPT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_attempts(path: str | Path, rows: Iterable[dict[str, str]]) -> Path:
    """Write the attempts to ``path`` (a file the student chooses; nothing is sent anywhere)."""
    path = Path(path).expanduser()
    if path.suffix.lower() != ".csv":
        raise ValueError(f"the file name must end in .csv (got {path.name!r})")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(attempts_csv(rows), encoding="utf-8")
    return path


def read_attempts(path: str | Path) -> pd.DataFrame:
    """A student's attempts file, checked line by line and regraded (errors name file and line)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        raise data.DataFileError(path, f"cannot be read as a UTF-8 CSV file ({exc})") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if tuple(header) != ATTEMPT_COLUMNS:
        raise data.DataFileError(
            path, "not a practice attempts file: the header must be " + ",".join(ATTEMPT_COLUMNS),
            row=1,
        )  # fmt: skip
    rows = []
    for line, cells in enumerate(reader, data.FIRST_DATA_LINE):
        if not cells:
            continue
        if len(cells) != len(ATTEMPT_COLUMNS):
            raise data.DataFileError(
                path, f"expected {len(ATTEMPT_COLUMNS)} cells, found {len(cells)}", row=line
            )
        rows.append(_checked_row(path, line, dict(zip(ATTEMPT_COLUMNS, cells, strict=True))))
    return pd.DataFrame(rows, columns=list(ATTEMPT_COLUMNS))


def _checked_row(path: Path, line: int, row: dict[str, str]) -> dict[str, str]:
    """One row of an attempts file: known ids, a valid date, and points that regrade the same."""

    def error(column: str, message: str) -> data.DataFileError:
        return data.DataFileError(path, message, row=line, column=column)

    if row["case"] not in cases():
        raise error("case", f"unknown case {row['case']!r}")
    try:
        dt.date.fromisoformat(row["date"])
    except ValueError:
        raise error("date", f"a date is written YYYY-MM-DD (got {row['date']!r})") from None
    try:
        result = grade(row["case"], data.split_keys(row["questions"]), row["urgency"],
                       row["leading"] or None)  # fmt: skip
    except ValueError as exc:
        column = "questions" if "question" in str(exc) else (
            "urgency" if "urgency" in str(exc) else "leading")  # fmt: skip
        raise error(column, str(exc)) from None
    again = attempt_row(result, row["date"])
    for column in ATTEMPT_COLUMNS:
        if again[column] != row[column] and column != "questions":
            raise error(
                column, f"regrading gives {again[column]!r}, the file says {row[column]!r} "
                "(edited by hand, or made with other case data)"
            )  # fmt: skip
    return row


class ClassSummary(NamedTuple):
    """What a teacher gets from a folder of attempts files."""

    table: pd.DataFrame
    figure: object


def forgotten_table(attempts: pd.DataFrame) -> pd.DataFrame:
    """One row per needed question: how often it was needed, how often forgotten, the share."""
    book = triage.rule_book()
    needed_in: dict[str, int] = {}
    forgotten: dict[str, int] = {}
    for row in attempts.itertuples():
        asked = set(data.split_keys(row.questions))
        for fid in needed(row.case, book):
            needed_in[fid] = needed_in.get(fid, 0) + 1
            forgotten[fid] = forgotten.get(fid, 0) + (fid not in asked)
    rows = [
        {"finding": fid, "question": book.findings[fid].label,
         "section": book.findings[fid].section, "needed_in": needed_in[fid],
         "forgotten": forgotten[fid],
         "forgotten_pct": round1(100 * forgotten[fid] / needed_in[fid])}
        for fid in book.findings if fid in needed_in
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["finding", "question", "section", "needed_in",
                                        "forgotten", "forgotten_pct"])  # fmt: skip
    return frame.sort_values(["forgotten_pct", "forgotten"], ascending=False,
                             kind="stable").reset_index(drop=True)  # fmt: skip


def summarise(folder: str | Path) -> ClassSummary:
    """A teacher's view of a folder of students' attempts files: which needed questions the class
    forgot most, as a table and a figure. A bad or foreign CSV is refused, naming file and line."""
    from soleuslib.figures import practice as figures

    folder = Path(folder)
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise ValueError(f"no attempts files (*.csv) in {folder}")
    frames = [read_attempts(path) for path in files]
    attempts = pd.concat(frames, ignore_index=True)
    if attempts.empty:
        raise ValueError(f"the attempts files in {folder} hold no attempts")
    table = forgotten_table(attempts)
    return ClassSummary(table, figures.forgotten_questions(table, len(attempts), len(files)))


def parts_table(attempts: dict[str, Grade]) -> pd.DataFrame:
    """Several graded attempts side by side: one row per part, one column per attempt."""
    rows = []
    for name in POINTS:
        row = {"part": PART_TITLES[name], "max": POINTS[name]}
        for label, result in attempts.items():
            row[label] = next(p.points for p in result.parts if p.name == name)
        rows.append(row)
    total = {"part": "Total", "max": MAX_TOTAL}
    total |= {label: result.total for label, result in attempts.items()}
    passed = {"part": "Passed", "max": ""}
    passed |= {label: "yes" if r.passed else "no" for label, r in attempts.items()}
    return pd.DataFrame([*rows, total, passed])
