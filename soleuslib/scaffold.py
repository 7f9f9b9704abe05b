"""``python -m soleuslib new-lesson ID "Title"``: a lesson skeleton that passes `make check`.

It writes, for lesson ``plyo``:

* ``data/plyo_facts.csv`` (header and one example row) and its section in ``data/README.md``;
* ``soleuslib/schemas/plyo.py`` (the row model; its ``refs`` column is checked as citation keys);
* ``soleuslib/plyo.py`` (one pure function and a loader) and ``tests/test_plyo.py``;
* ``notebooks/NN_plyo.ipynb`` in the house template (``catalog.LESSON_SECTIONS``), executed;
* one row in ``data/lessons.csv``, one objective in ``data/objectives.csv`` and two example
  self-checks in ``data/self_checks.csv`` (a prediction before the demo, a check of the objective);
* and it re-executes the notebooks that list the lessons (start page, references page).

It refuses a bad or existing id before writing anything, writes each file through a temporary file
and a rename, and on any failure (the notebook does not execute) restores every file it touched.
The notebook starts in the pattern ``soleuslib.pedagogy`` checks (predict → demo → check, numbered
headings, stated minutes with their parts, a hands-on task and an "explain it to a patient" prompt).
"""

from __future__ import annotations

import csv
import io
import json
import keyword
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from soleuslib import catalog, pedagogy

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,29}$")
# 97-99 are the appendix pages (case library, glossary, references: catalog.BACK_MATTER).
LAST_LESSON_ORDER = 96
PREFERRED_EXAMPLE_KEY = "Bramah2021CalfStrainKinematics"
RESERVED_IDS = {"test", "tests", "main", "site", "data", "paths", "schemas", "figures", "widgets"}


@dataclass(frozen=True)
class Lesson:
    """What the scaffold needs to know about the new lesson."""

    id: str
    title: str
    order: int
    example_key: str

    @property
    def notebook(self) -> str:
        return f"{self.order:02d}_{self.id}.ipynb"

    @property
    def table(self) -> str:
        return f"{self.id}_facts"

    @property
    def row_model(self) -> str:
        return "".join(part.capitalize() for part in self.id.split("_")) + "Fact"


# --------------------------------------------------------------------------- checks (pure)


def id_problem(lesson_id: str, known_ids: list[str], taken_modules: set[str]) -> str | None:
    """Why ``lesson_id`` cannot be a new lesson id, or None if it can."""
    if not ID_PATTERN.match(lesson_id):
        return (
            f"lesson id '{lesson_id}' must be 2–30 characters of a–z, 0–9 and '_', "
            "starting with a letter (e.g. 'plyometrics')"
        )
    if lesson_id in known_ids:
        return f"lesson id '{lesson_id}' already exists in data/lessons.csv (column 'id')"
    if keyword.iskeyword(lesson_id) or lesson_id in RESERVED_IDS or lesson_id in taken_modules:
        return (
            f"lesson id '{lesson_id}' would clash with an existing module or name "
            f"(soleuslib/{lesson_id}.py or soleuslib/schemas/{lesson_id}.py); choose another"
        )
    return None


def next_order(orders: list[int]) -> int:
    """The position after the last lesson (the appendix pages, 97 to 99, stay last)."""
    lessons = [o for o in orders if o <= LAST_LESSON_ORDER]
    order = max(lessons, default=0) + 1
    if order > LAST_LESSON_ORDER:
        raise ValueError(
            f"data/lessons.csv: no free order below {LAST_LESSON_ORDER + 1} (last is {order - 1})"
        )
    return order


def example_key(known: set[str]) -> str:
    """A citation key that exists, for the example row (the contributor replaces it)."""
    if PREFERRED_EXAMPLE_KEY in known:
        return PREFERRED_EXAMPLE_KEY
    if not known:
        raise ValueError("references/references.bib has no entries to cite in the example row")
    return sorted(known)[0]


# --------------------------------------------------------------------------- file texts (pure)


def csv_text(lesson: Lesson) -> str:
    statement = "Replace this row with the first fact of the lesson, paraphrased from its source."
    return _csv_rows([["id", "statement", "refs"], ["example_fact", statement, lesson.example_key]])


def schema_text(lesson: Lesson) -> str:
    return f'''"""Schema of ``data/{lesson.table}.csv``, one row per fact."""

from __future__ import annotations

from pydantic import Field

from soleuslib.schemas import Row, TableSpec


class {lesson.row_model}(Row):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="fact id, snake_case")
    statement: str = Field(min_length=10, description="the fact, paraphrased from its source")
    # A column named `refs` (or ending in `_refs`) is checked against references.bib on load.
    refs: str = Field(min_length=1, description="';'-separated keys of references.bib")


TABLES = [
    TableSpec(
        "{lesson.table}",
        {lesson.row_model},
        "the facts of lesson '{lesson.id}'",
    ),
]
'''


def module_text(lesson: Lesson) -> str:
    return f'''"""Lesson '{lesson.id}': small pure functions that its notebook shows."""

from __future__ import annotations

import pandas as pd

from soleuslib import data


def facts() -> pd.DataFrame:
    """The validated rows of data/{lesson.table}.csv."""
    return data.load("{lesson.table}")


def fact_line(statement: str, refs: str) -> str:
    """One fact as a line of text with how many sources back it."""
    if not statement.strip():
        raise ValueError("statement must not be empty (got '')")
    count = len(data.split_keys(refs))
    return f"{{statement.strip()}} ({{count}} source{{'' if count == 1 else 's'}})"
'''


def test_text(lesson: Lesson) -> str:
    return f'''"""Lesson '{lesson.id}': the pure functions of its module."""

from __future__ import annotations

import pytest

from soleuslib import {lesson.id} as lesson


def test_a_fact_line_counts_its_sources():
    assert lesson.fact_line("Soleus is deep.", "A2020; B2021") == "Soleus is deep. (2 sources)"
    assert lesson.fact_line("Soleus is deep.", "A2020") == "Soleus is deep. (1 source)"


def test_an_empty_statement_is_refused_by_name():
    with pytest.raises(ValueError, match="statement must not be empty"):
        lesson.fact_line("  ", "A2020")


def test_the_facts_table_loads_with_its_citations_checked():
    assert len(lesson.facts()) >= 1
'''


def readme_text(lesson: Lesson) -> str:
    return f"""
### {lesson.table}.csv — the facts of lesson '{lesson.id}' ({lesson.title})
| column | meaning | unit / values |
|---|---|---|
| `id` | fact id | snake_case |
| `statement` | the fact, paraphrased from its source | text |
| `refs` | sources | `;`-list of bib keys |
"""


def lessons_row(lesson: Lesson) -> str:
    import datetime as dt

    promise = "Replace with one line: what the learner can do after this lesson"
    authors = "Replace with the authors' names"
    reviewer = "pending (a registered physiotherapist)"
    due = f"{dt.date.today().year + 1}-12-31"  # a review is due within the next year
    row = [lesson.id, lesson.order, lesson.notebook, lesson.title, 30, promise, lesson.table,
           authors, reviewer, "", due]  # fmt: skip
    return _csv_rows([row])


def predict_id(lesson: Lesson) -> str:
    return f"{lesson.id}_predict_example"


def check_id(lesson: Lesson) -> str:
    return f"{lesson.id}_check_example"


OBJECTIVE_VERB = "explain"


def objective_text(lesson: Lesson) -> str:
    return f"{OBJECTIVE_VERB} why every fact of this lesson names its source."


def self_check_rows(lesson: Lesson) -> str:
    """A prediction asked before the demo and a check of the objective at its verb's level."""
    refs_note = "Each row of the lesson's data file lists its sources in the refs column."
    return _csv_rows(
        [
            [
                predict_id(lesson), lesson.id, "1", "single choice",
                "Before you run the demo: will every fact it prints name at least one source?",
                "Yes;No", "Yes", refs_note, "", "", "predict", "apply",
            ],
            [
                check_id(lesson), lesson.id, "1", "free text",
                "A colleague adds a fact without a source. "
                "What does loading the table do, and why?",
                "", "It refuses the row: a refs column is checked against references.bib on load, "
                "so every fact a learner reads can be traced to its source.",
                "", "", "", "check", "apply",
            ],
        ]
    )  # fmt: skip


def objective_row(lesson: Lesson) -> str:
    return _csv_rows(
        [[f"{lesson.id}_1", lesson.id, 1, OBJECTIVE_VERB, objective_text(lesson), check_id(lesson)]]
    )


def notebook_json(lesson: Lesson) -> dict:
    """The lesson notebook in the house template, not yet executed."""
    sections = dict(catalog.LESSON_SECTIONS)
    md, code = _markdown_cell, _code_cell
    cells = [
        md(
            f"# Lesson {lesson.order:02d} · {lesson.title}\n\n"
            "**Replace with the one-line promise: what the learner can do afterwards.**\n\n"
            "> **For students:** ... **For clinicians:** ...\n\n"
            "*Estimated time: 30 minutes* (section 1: 15 min, "
            "tasks and summary: 15 min)."
        ),
        md(
            "## Learning objectives\n\n"
            f"<!-- {sections['Learning objectives']}; each is a row of data/objectives.csv "
            "whose checks reach its verb's level (soleuslib.pedagogy) -->\n"
            "By the end of this lesson you can:\n\n"
            f"1. {objective_text(lesson)}\n\n"
            "## Prerequisites\n\n"
            "- [Start here](00_start_here.ipynb)"
        ),
        code(
            f"from soleuslib import {lesson.id}\n"
            "from soleuslib.catalog import lesson_bibliography\n"
            "from soleuslib.selfcheck import self_check",
            hidden=True,
        ),
        md(
            "## 1. The first section\n\n"
            "A short explanation, with terms defined at first use. Then the learner predicts, "
            "the demo answers, and a check tests the objective.\n\n"
            "### 1.1 Predict first: does every fact name its source?"
        ),
        code(f'self_check("{predict_id(lesson)}")', hidden=True),
        md("### 1.2 Demo: the facts of this lesson"),
        code(
            f"for row in {lesson.id}.facts().itertuples():\n"
            f"    print({lesson.id}.fact_line(row.statement, row.refs))"
        ),
        md(
            "**What it shows.** Replace with what the demo shows, after the learner has seen it."
            "\n\n### 1.3 Check: a fact without a source"
        ),
        code(f'self_check("{check_id(lesson)}")', hidden=True),
        md(
            "## What the evidence says\n\n"
            f"<!-- {sections['What the evidence says']} -->\n"
            "Replace with the claim, the finding, the design and size, and the grade."
        ),
        md(
            f"{pedagogy.HANDS_ON_HEADING}: replace with a partner or self task\n\n"
            "Replace with one thing to do with the hands (palpate, test a partner, coach an "
            "exercise).\n\n"
            f"{pedagogy.EXPLAIN_HEADING}\n\n"
            "Replace with a prompt: explain the lesson's main point to a patient in two or three "
            "plain sentences."
        ),
        md("## Summary\n\n- Replace with 3–5 bullets.\n\n## References"),
        code(f'lesson_bibliography("{lesson.id}")'),
    ]
    for index, cell in enumerate(cells):
        cell["id"] = f"c{index:03d}"  # as soleuslib.execute.tidy numbers them
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _csv_rows(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "id": "", "metadata": {}, "source": source}


def _code_cell(source: str, hidden: bool = False) -> dict:
    metadata = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]} if hidden else {}
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "",
        "metadata": metadata,
        "outputs": [],
        "source": source,
    }


# --------------------------------------------------------------------------- writing


class Transaction:
    """Files written through a temporary file and a rename; ``rollback`` restores them all."""

    def __init__(self) -> None:
        self.originals: list[tuple[Path, bytes | None]] = []

    def write(self, path: Path, text: str) -> None:
        self.originals.append((path, path.read_bytes() if path.exists() else None))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)

    def append(self, path: Path, text: str) -> None:
        current = path.read_text(encoding="utf-8")
        separator = "" if current.endswith("\n") else "\n"
        self.write(path, current + separator + text)

    def rollback(self) -> None:
        for path, original in reversed(self.originals):
            if original is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(original)


def _taken_modules(root: Path) -> set[str]:
    package = root / "soleuslib"
    names = {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if p.is_dir()
    }
    names |= {p.stem for p in (package / "schemas").glob("*.py")}
    return names


def plan(lesson_id: str, title: str, root: Path) -> Lesson:
    """Check the id and title against the repository at ``root``; raise ValueError if refused."""
    from soleuslib import references
    from soleuslib.schemas.core import lesson_ids

    with (root / "data" / "lessons.csv").open(encoding="utf-8", newline="") as handle:
        orders = [int(row["order"]) for row in csv.DictReader(handle)]
    problem = id_problem(lesson_id, list(lesson_ids(root / "data")), _taken_modules(root))
    if problem:
        raise ValueError(problem)
    if len(title.strip()) < 3:
        raise ValueError(f"lesson title must have at least 3 characters (got {title!r})")
    known = set(references.keys(root / "references" / "references.bib"))
    lesson = Lesson(lesson_id, title.strip(), next_order(orders), example_key(known))
    for path in (root / "notebooks" / lesson.notebook, root / "data" / f"{lesson.table}.csv"):
        if path.exists():
            raise ValueError(f"{path.relative_to(root)} already exists; choose another lesson id")
    return lesson


def files(lesson: Lesson) -> dict[str, str]:
    """New files of the lesson, by path relative to the repository."""
    return {
        f"data/{lesson.table}.csv": csv_text(lesson),
        f"soleuslib/schemas/{lesson.id}.py": schema_text(lesson),
        f"soleuslib/{lesson.id}.py": module_text(lesson),
        f"tests/test_{lesson.id}.py": test_text(lesson),
        f"notebooks/{lesson.notebook}": json.dumps(notebook_json(lesson), indent=1) + "\n",
    }


def appends(lesson: Lesson) -> dict[str, str]:
    """Text appended to shared files, by path relative to the repository."""
    return {
        "data/lessons.csv": lessons_row(lesson),
        "data/self_checks.csv": self_check_rows(lesson),
        "data/objectives.csv": objective_row(lesson),
        "data/README.md": readme_text(lesson),
    }


def _listing_notebooks(root: Path) -> list[str]:
    """Notebook files whose lesson shows the ``lessons`` table (data/lessons.csv)."""
    from soleuslib.devloop import lesson_listing_notebooks

    with (root / "data" / "lessons.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(row["notebook"], row["tables"]) for row in csv.DictReader(handle)]
    return [Path(p).name for p in lesson_listing_notebooks(rows)]


def _execute(path: Path) -> None:
    from soleuslib.execute import execute

    execute(path)


def create(
    lesson_id: str,
    title: str,
    root: Path | None = None,
    execute: Callable[[Path], None] = _execute,
) -> list[Path]:
    """Write and execute the lesson skeleton; return the files written or changed."""
    from soleuslib import paths

    root = Path(root or paths.REPO_ROOT)
    lesson = plan(lesson_id, title, root)
    transaction = Transaction()
    try:
        for relative, text in files(lesson).items():
            transaction.write(root / relative, text)
        for relative, text in appends(lesson).items():
            transaction.append(root / relative, text)
        # The start and references pages list the lessons: their stored outputs change too.
        for notebook in [lesson.notebook, *_listing_notebooks(root)]:
            path = root / "notebooks" / notebook
            if path.name != lesson.notebook:
                transaction.originals.append((path, path.read_bytes()))
            execute(path)
    except BaseException:
        transaction.rollback()
        raise
    return [path for path, _ in transaction.originals]
