"""The learning path and which references each lesson uses."""

from __future__ import annotations

import pandas as pd

from soleuslib import data, paths, references
from soleuslib.tables import Table, table

# The house template: every lesson notebook has these '## ' sections, in this order, between its
# numbered sections. tests/test_notebook_hygiene.py checks the notebooks and README.md lists them
# (its list is generated from here: README_SECTIONS_START ... README_SECTIONS_END).
LESSON_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Learning objectives", "3–5 things the learner can do afterwards, each checkable"),
    ("Prerequisites", "the earlier lessons it builds on"),
    ("What the evidence says", "claim, finding, design and size, grade"),
    ("Summary", "3–5 bullets and what comes next"),
    ("References", "rendered from references.bib with `lesson_bibliography(...)`"),
)
# Pages listed in data/lessons.csv (so they are in the site's table of contents) that are not
# lessons: no lesson template, not in the learning path.
BACK_MATTER = frozenset({"cases", "glossary", "references"})
README_SECTIONS_START = "<!-- lesson-sections: generated from soleuslib.catalog.LESSON_SECTIONS -->"
README_SECTIONS_END = "<!-- /lesson-sections -->"


def section_headings() -> list[str]:
    """The template's section headings as they appear in a notebook (``## Summary``)."""
    return [f"## {name}" for name, _ in LESSON_SECTIONS]


def missing_sections(markdown: str) -> list[str]:
    """Template headings that ``markdown`` (the markdown cells) lacks, in template order."""
    lines = {line.rstrip() for line in markdown.splitlines()}
    return [heading for heading in section_headings() if heading not in lines]


def sections_out_of_order(markdown: str) -> list[str]:
    """Template headings present in ``markdown`` but not in the template's order."""
    lines = [line.rstrip() for line in markdown.splitlines()]
    found = [h for h in section_headings() if h in lines]
    positions = [lines.index(h) for h in found]
    return [] if positions == sorted(positions) else found


def readme_sections_block() -> str:
    """The README's list of lesson sections, generated from ``LESSON_SECTIONS``."""
    items = [f"   - **{name}**: {what}" for name, what in LESSON_SECTIONS]
    return "\n".join([README_SECTIONS_START, *items, README_SECTIONS_END])


def lessons() -> pd.DataFrame:
    """The lessons in learning order."""
    return data.load("lessons").sort_values(["order", "id"], kind="stable").reset_index(drop=True)


def learning_path() -> Table:
    """The learning path as a table for the start page."""
    frame = lessons()
    frame = frame[~frame["id"].isin(BACK_MATTER)]
    return table(
        frame,
        {
            "order": "Step",
            "title": "Lesson",
            "notebook": "Notebook",
            "minutes": "Minutes",
            "promise": "After it you can",
        },
        caption="The learning path",
    )


def refs_column(frame: pd.DataFrame, column: str = "refs") -> pd.Series:
    """A ';'-separated key column rewritten as author-year labels."""
    return frame[column].map(
        lambda cell: "; ".join(references.get(k).short for k in data.split_keys(cell))
    )


def lesson_keys(lesson_id: str) -> list[str]:
    """Keys a lesson cites: in its notebook, in the data tables it shows and in its self-checks."""
    from soleuslib import selfcheck

    frame = lessons()
    rows = frame[frame["id"] == lesson_id]
    if rows.empty:
        raise KeyError(f"no lesson '{lesson_id}'; known: {', '.join(frame['id'])}")
    row = rows.iloc[0]
    found: set[str] = set()
    notebook = paths.NOTEBOOKS_DIR / row["notebook"]
    if notebook.exists():
        found |= references.keys_in_notebook(notebook)
    for name in data.split_keys(row["tables"]):
        spec = data.spec(name)
        frame_ = data.load(name)
        for column in data.ref_columns(spec):
            for cell in frame_[column]:
                found.update(data.split_keys(cell))
    found.update(selfcheck.lesson_refs(lesson_id))
    return sorted(found)


def lesson_bibliography(lesson_id: str) -> references.Bibliography:
    """The formatted references of one lesson."""
    return references.bibliography(lesson_keys(lesson_id))
