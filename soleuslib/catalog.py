"""The learning path and which references each lesson uses."""

from __future__ import annotations

import pandas as pd

from soleuslib import data, paths, references
from soleuslib.tables import Table, table


def lessons() -> pd.DataFrame:
    """The lessons in learning order."""
    return data.load("lessons").sort_values("order").reset_index(drop=True)


def learning_path() -> Table:
    """The learning path as a table for the start page."""
    frame = lessons()
    frame = frame[frame["id"] != "references"]
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
