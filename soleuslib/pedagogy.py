"""How a lesson teaches: objectives and their checks, predict-first demos, headings and timings.

Pure functions over a notebook's cells (``nbformat``-style dicts) and the data files
``data/objectives.csv`` and ``data/self_checks.csv``. ``tests/test_pedagogy.py`` applies them to
every lesson; an author can run them on a draft::

    from soleuslib import pedagogy
    pedagogy.report("anatomy")        # what the lesson still lacks, one line per problem

The rules (``../shared/STYLE.md``, "A lesson, top to bottom"):

* **Alignment.** Every learning objective names its checks (``objectives.csv``: ``checks``), and at
  least one of them is at or above the level its verb asks (``VERB_LEVEL``; the levels are Bloom's
  revised taxonomy, :data:`LEVELS`). "Relate", "explain", "read" and "choose" ask for *apply* or
  above: a recall question cannot check them.
* **Predict → observe → explain.** Every interactive demo (a widget, or a plotly figure with a
  slider, menu or animation frames) sits under a ``### N.M Demo: …`` heading; earlier in the same
  section a ``### N.K Predict: …`` heading is followed by a self-check whose ``purpose`` is
  ``predict``. A demo figure's title asks (ends with "?") rather than states the conclusion.
* **Distinct, numbered headings.** No heading repeats; under ``## N. …`` every ``###`` heading is
  ``### N.M …`` with M counting up from 1.
* **Checks in order.** The self-checks a lesson shows are exactly its rows of ``self_checks.csv``,
  each once, in file order.
* **Stated minutes.** The "Estimated time" line gives the total and per-part minutes that add up to
  it; the total is plausible for the lesson's reading and doing (:func:`estimated_minutes`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from soleuslib import data, paths

LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")

# The lowest level at which a check can show an objective's verb was met.
VERB_LEVEL: dict[str, str] = {
    "name": "remember",
    "list": "remember",
    "state": "remember",
    "find": "remember",
    "point to": "remember",
    "locate": "remember",
    "describe": "understand",
    "know": "understand",
    "summarise": "understand",
    "say": "understand",
    "define": "understand",
    "relate": "apply",
    "explain": "apply",
    "read": "apply",
    "choose": "apply",
    "use": "apply",
    "apply": "apply",
    "run": "apply",
    "place": "apply",
    "check": "apply",
    "screen": "apply",
    "coach": "apply",
    "ask": "apply",
    "compute": "apply",
    "predict": "apply",
    "tie": "apply",
    "interpret": "apply",
    "compare": "analyse",
    "distinguish": "analyse",
    "reason": "analyse",
    "tell": "analyse",
    "work": "analyse",
    "judge": "evaluate",
    "defend": "evaluate",
    "appraise": "evaluate",
    "argue": "evaluate",
    "decide": "evaluate",
    "plan": "create",
    "design": "create",
    "write": "create",
}

# Minutes per unit of the lesson, for the plausibility check of the stated time.
WORDS_PER_MINUTE = 150
MINUTES_PER_CHECK = 2
MINUTES_PER_DEMO = 4
MINUTES_HANDS_ON = 10
MINUTES_EXPLAIN = 3
# The stated total must lie within these multiples of the estimate.
STATED_RANGE = (0.75, 1.75)

HANDS_ON_HEADING = "## Do it with your hands"
EXPLAIN_HEADING = "## Explain it to a patient"

PLOTLY = "application/vnd.plotly.v1+json"
WIDGET = "application/vnd.jupyter.widget-view+json"
_SHOWN_CHECK = re.compile(r'data-check="([^"]+)"')
_HEADING = re.compile(r"^(#{1,3}) (.+?)\s*$")
_SECTION = re.compile(r"^(\d+)\. ")
_SUBSECTION = re.compile(r"^(\d+)\.(\d+) (\w+)")
_CITE = re.compile(r"\{cite:p\}`[^`]*`")
_TIME_LINE = re.compile(r"Estimated time: (\d+) min")
_TIME_PART = re.compile(r"([^,()]+?): (\d+) min")


def level_rank(level: str) -> int:
    """Position of a Bloom level in :data:`LEVELS` (ValueError naming the known levels)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)} (got {level!r})")
    return LEVELS.index(level)


def verb_level(verb: str) -> str:
    """The level an objective's verb asks for (ValueError naming the known verbs)."""
    if verb not in VERB_LEVEL:
        raise ValueError(f"unknown objective verb {verb!r}; known: {', '.join(sorted(VERB_LEVEL))}")
    return VERB_LEVEL[verb]


@dataclass(frozen=True)
class Block:
    """One code cell of a lesson with the headings it sits under."""

    index: int
    source: str
    outputs: tuple[dict, ...]
    section: str  # the current '##' heading text ('' before the first)
    subsection: str  # the current '###' heading text ('' if none since the '##')


@dataclass
class Lesson:
    """A lesson notebook, parsed: headings, code blocks and markdown text."""

    path: Path
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text) in order
    blocks: list[Block] = field(default_factory=list)
    markdown: str = ""


def parse(path: Path) -> Lesson:
    """Read a notebook into headings, code blocks (with their headings) and its markdown."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    lesson = Lesson(Path(path))
    section = subsection = ""
    texts = []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            texts.append(source)
            for line in source.splitlines():
                match = _HEADING.match(line)
                if not match:
                    continue
                level, text = len(match.group(1)), match.group(2)
                lesson.headings.append((level, text))
                if level <= 2:
                    section, subsection = (text if level == 2 else ""), ""
                else:
                    subsection = text
        elif cell["cell_type"] == "code":
            outputs = tuple(cell.get("outputs", []))
            lesson.blocks.append(Block(index, source, outputs, section, subsection))
    lesson.markdown = "\n\n".join(texts)
    return lesson


def _html(output: dict) -> str:
    html = output.get("data", {}).get("text/html", "")
    return "".join(html) if isinstance(html, list) else str(html)


def shown_checks(lesson: Lesson) -> list[tuple[Block, list[str]]]:
    """Each code block whose stored output shows self-checks, with their ids, in order.

    Read from the outputs (``data-check="<id>"``), not the source: a cell that calls
    ``self_check`` twice shows only the last value, and the learner sees only what is shown.
    """
    found = []
    for block in lesson.blocks:
        ids = [
            check_id for output in block.outputs for check_id in _SHOWN_CHECK.findall(_html(output))
        ]
        if ids:
            found.append((block, ids))
    return found


def is_interactive(output: dict) -> bool:
    """A widget, or a plotly figure the reader can operate (slider, menu or frames)."""
    bundle = output.get("data", {})
    if WIDGET in bundle:
        return True
    figure = bundle.get(PLOTLY)
    if not figure:
        return False
    layout = figure.get("layout", {})
    return bool(layout.get("sliders") or layout.get("updatemenus") or figure.get("frames"))


def figure_title(output: dict) -> str | None:
    """The plotly figure's title text, or None if the output is not a plotly figure."""
    figure = output.get("data", {}).get(PLOTLY)
    if figure is None:
        return None
    title = figure.get("layout", {}).get("title", "")
    return (title.get("text", "") if isinstance(title, dict) else str(title)) or ""


def demos(lesson: Lesson) -> list[Block]:
    """The code blocks with an interactive output."""
    return [b for b in lesson.blocks if any(is_interactive(o) for o in b.outputs)]


def _kind(subsection: str) -> str:
    match = _SUBSECTION.match(subsection)
    return match.group(3) if match else ""


def predict_first_problems(lesson: Lesson) -> list[str]:
    """Why a demo does not open with a prediction, one line each (empty when all do)."""
    from soleuslib import selfcheck

    purposes = {c.id: c.purpose for c in selfcheck.checks()}
    predicted_sections = set()
    for block, ids in shown_checks(lesson):
        if _kind(block.subsection) == "Predict" and any(purposes[i] == "predict" for i in ids):
            predicted_sections.add(block.section)
    problems = []
    for block in demos(lesson):
        where = f"cell {block.index + 1} (under '{block.subsection or block.section}')"
        if _kind(block.subsection) != "Demo":
            problems.append(f"{where}: an interactive demo must sit under a '### N.M Demo: …'")
        elif block.section not in predicted_sections:
            problems.append(
                f"{where}: no '### N.M Predict: …' with a predict-purpose self-check "
                "comes before this demo in its section"
            )
        for output in block.outputs:
            title = figure_title(output)
            if title is not None and is_interactive(output) and not title.rstrip().endswith("?"):
                problems.append(f"{where}: the demo figure's title states, not asks: {title!r}")
    return problems


def heading_problems(lesson: Lesson) -> list[str]:
    """Repeated headings and '###' headings not numbered under their '## N.' section."""
    problems = []
    seen: set[str] = set()
    number, expected = None, 1
    for level, text in lesson.headings:
        if text in seen:
            problems.append(f"heading repeated: {'#' * level} {text}")
        seen.add(text)
        if level == 2:
            match = _SECTION.match(text)
            number, expected = (match.group(1) if match else None), 1
        elif level == 3 and number is not None:
            match = _SUBSECTION.match(text)
            if not match or match.group(1) != number or int(match.group(2)) != expected:
                problems.append(f"'### {text}' should start '{number}.{expected} '")
            expected += 1
    return problems


def order_problems(lesson: Lesson, lesson_id: str) -> list[str]:
    """Self-checks missing, repeated or out of file order in the lesson."""
    from soleuslib import selfcheck

    shown = [i for _, ids in shown_checks(lesson) for i in ids]
    expected = [c.id for c in selfcheck.checks(lesson_id)]
    problems = [
        f"self-check shown twice: {i}" for i in sorted({i for i in shown if shown.count(i) > 1})
    ]
    problems += [f"self-check of another lesson shown: {i}" for i in shown if i not in expected]
    problems += [f"self-check never shown: {i}" for i in expected if i not in shown]
    ordered = [i for i in shown if i in expected]
    if not problems and ordered != expected:
        problems.append(f"self-checks shown in the order {ordered}, data order {expected}")
    return problems


def objectives(lesson_id: str) -> list[dict]:
    """The lesson's objectives from ``data/objectives.csv``, in number order."""
    frame = data.load("objectives")
    rows = frame[frame["lesson"] == lesson_id].sort_values("number")
    return rows.to_dict(orient="records")


def alignment_problems(lesson_id: str) -> list[str]:
    """Objectives without a check at the level their verb asks (empty when all are checked)."""
    from soleuslib import selfcheck

    by_id = {c.id: c for c in selfcheck.checks()}
    problems = []
    rows = objectives(lesson_id)
    if not rows:
        return [f"no objectives for '{lesson_id}' in data/objectives.csv"]
    for row in rows:
        needed = verb_level(row["verb"])
        ids = data.split_keys(row["checks"])
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            problems.append(f"objective {row['id']}: unknown self-check(s) {unknown}")
            continue
        wrong_lesson = [i for i in ids if by_id[i].lesson != lesson_id]
        if wrong_lesson:
            problems.append(f"objective {row['id']}: check(s) of another lesson {wrong_lesson}")
        graded = [i for i in ids if by_id[i].purpose == "check"]
        if not any(level_rank(by_id[i].level) >= level_rank(needed) for i in graded):
            problems.append(
                f"objective {row['id']} ('{row['verb']}', needs {needed} or above): no check at "
                f"that level among {ids or 'none'}"
            )
    return problems


def notebook_objectives(lesson: Lesson) -> list[str]:
    """The numbered items under '## Learning objectives', markdown emphasis removed."""
    match = re.search(r"## Learning objectives\n(.*?)(?=\n## |\Z)", lesson.markdown, re.S)
    if not match:
        return []
    items = re.findall(r"^\d+\. (.+)$", match.group(1), re.M)
    return [re.sub(r"[*_`]", "", item).strip() for item in items]


def objective_text_problems(lesson: Lesson, lesson_id: str) -> list[str]:
    """Differences between the notebook's objectives and ``objectives.csv``."""
    written = notebook_objectives(lesson)
    stored = [row["text"] for row in objectives(lesson_id)]
    if written == stored:
        return []
    return [f"notebook objectives {written} differ from data/objectives.csv {stored}"]


def stated_minutes(lesson: Lesson) -> tuple[int | None, dict[str, int]]:
    """The total of the 'Estimated time' line and its parts ("section 1: 10 min", …)."""
    line = next((ln for ln in lesson.markdown.splitlines() if "Estimated time" in ln), "")
    total = _TIME_LINE.search(line)
    parts_text = line[total.end() :] if total else ""
    parts = {name.strip(" *"): int(m) for name, m in _TIME_PART.findall(parts_text)}
    return (int(total.group(1)) if total else None), parts


def prose_words(lesson: Lesson) -> int:
    """Words of markdown a learner reads (citations not counted)."""
    return len(_CITE.sub("", lesson.markdown).split())


def estimated_minutes(lesson: Lesson) -> float:
    """Reading at study pace, plus time to answer each check and work each demo and task."""
    checks = sum(len(ids) for _, ids in shown_checks(lesson))
    lines = {ln.rstrip() for ln in lesson.markdown.splitlines()}
    tasks = sum(
        minutes
        for heading, minutes in (
            (HANDS_ON_HEADING, MINUTES_HANDS_ON),
            (EXPLAIN_HEADING, MINUTES_EXPLAIN),
        )
        if any(ln.startswith(heading) for ln in lines)
    )
    return (
        prose_words(lesson) / WORDS_PER_MINUTE
        + checks * MINUTES_PER_CHECK
        + len(demos(lesson)) * MINUTES_PER_DEMO
        + tasks
    )


def timing_problems(lesson: Lesson, lesson_id: str) -> list[str]:
    """Stated minutes that disagree with lessons.csv, with their parts, or with the content."""
    total, parts = stated_minutes(lesson)
    listed = int(data.load("lessons").set_index("id").loc[lesson_id, "minutes"])
    if total is None:
        return ["no 'Estimated time: N minutes' line"]
    problems = []
    if total != listed:
        problems.append(f"'Estimated time' says {total} min, data/lessons.csv {listed}")
    numbered = [t for lvl, t in lesson.headings if lvl == 2 and _SECTION.match(t)]
    missing = [t for t in numbered if f"section {_SECTION.match(t).group(1)}" not in parts]
    if missing:
        problems.append(f"no 'section N: M min' part for {missing}")
    if parts and sum(parts.values()) != total:
        problems.append(f"the parts add up to {sum(parts.values())} min, the total is {total}")
    estimate = estimated_minutes(lesson)
    low, high = STATED_RANGE
    if not low * estimate <= total <= high * estimate:
        problems.append(
            f"{total} min stated, but the content suggests about {estimate:.0f} "
            f"(allowed {low * estimate:.0f}–{high * estimate:.0f})"
        )
    return problems


def task_problems(lesson: Lesson) -> list[str]:
    """A missing hands-on task or 'explain it to a patient' prompt."""
    lines = [ln.rstrip() for ln in lesson.markdown.splitlines()]
    return [
        f"no '{heading} …' section"
        for heading in (HANDS_ON_HEADING, EXPLAIN_HEADING)
        if not any(ln.startswith(heading) for ln in lines)
    ]


def recall_problems(lesson_id: str, most: int = 1) -> list[str]:
    """More than ``most`` remember-level checks in a lesson (recall should be the exception)."""
    from soleuslib import selfcheck

    recall = [c.id for c in selfcheck.checks(lesson_id) if c.level == "remember"]
    if len(recall) <= most:
        return []
    return [f"{len(recall)} remember-level checks (at most {most}): {recall}"]


def problems(lesson_id: str) -> list[str]:
    """Every pedagogy rule a lesson breaks, one line each (empty when it keeps them all)."""
    notebook = data.load("lessons").set_index("id").loc[lesson_id, "notebook"]
    lesson = parse(paths.NOTEBOOKS_DIR / notebook)
    return [
        *alignment_problems(lesson_id),
        *objective_text_problems(lesson, lesson_id),
        *order_problems(lesson, lesson_id),
        *predict_first_problems(lesson),
        *heading_problems(lesson),
        *timing_problems(lesson, lesson_id),
        *task_problems(lesson),
        *recall_problems(lesson_id),
    ]


def report(lesson_id: str) -> None:
    """Print what a lesson still lacks (for authors)."""
    found = problems(lesson_id)
    print("\n".join(found) if found else f"{lesson_id}: every pedagogy rule is kept")
