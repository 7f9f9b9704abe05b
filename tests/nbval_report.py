"""A pytest plugin (loaded with ``-p tests.nbval_report`` from pyproject.toml) that puts the cause
of an nbval failure first: the notebook, the cell as the reader counts it (every cell, from 1),
which value is the stored one and which the fresh one, and the command that refreshes it.

nbval itself says "Cell 7", counting code cells only from 0, and "reference"/"test" outputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# nbval's words for the two sides, and what they are in this project.
RELABEL = (
    ("<<<<<<<<<<<< Reference output from ipynb file:", "<<<<<<<<<<<< STORED (in the .ipynb):"),
    ("<<<<<<<<<<<< Reference outputs from ipynb file:", "<<<<<<<<<<<< STORED (in the .ipynb):"),
    (
        "============ disagrees with newly computed (test) output:",
        "============ FRESH (this run):",
    ),
    (
        "assert reference_output == test_output failed:",
        "assert stored == fresh failed "
        "(lines marked +: STORED in the .ipynb; lines marked -: FRESH from this run):",
    ),
)


def reader_cell_number(cells: list, cell) -> int | None:
    """The position of ``cell`` among all cells of its notebook, counted from 1."""
    for index, candidate in enumerate(cells):
        if candidate is cell:
            return index + 1
    return None


def relabel(text: str) -> str:
    """nbval's failure text without colour codes, its two sides named stored and fresh."""
    text = ANSI_ESCAPE.sub("", text)
    for old, new in RELABEL:
        text = text.replace(old, new)
    return text


def headline(notebook: str, cell_number: int | None, code_cell: int, mismatch: bool) -> str:
    """The first lines of the report: where, what, and how to fix it."""
    where = f"cell {cell_number}" if cell_number else f"code cell {code_cell + 1}"
    what = (
        "the stored output differs from the fresh one"
        if mismatch
        else "the cell raised an error when re-executed"
    )
    return (
        f"{notebook}, {where} (counting every cell from 1; nbval's 'Cell {code_cell}'): {what}.\n"
        f"If the fresh output is right, store it: make notebooks NB={notebook}\n"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed or call.when != "call" or not hasattr(item, "cell_num"):
        return
    notebook_cells = getattr(getattr(item, "parent", None), "nb", None)
    cells = notebook_cells.cells if notebook_cells is not None else []
    path = Path(str(item.path))
    try:
        notebook = str(path.relative_to(Path.cwd()))
    except ValueError:
        notebook = str(path)
    original = relabel(str(report.longrepr))
    mismatch = "Cell outputs differ" in original
    report.longrepr = (
        headline(notebook, reader_cell_number(cells, item.cell), item.cell_num, mismatch)
        + "\n"
        + original
    )
