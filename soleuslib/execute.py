"""Re-execute notebooks in clean kernels and save them with tidy metadata (``make notebooks``).

Usage: ``python -m soleuslib execute notebooks/*.ipynb`` (or ``python -m soleuslib.execute``)

Two promises:

* **Re-executing an unchanged notebook changes nothing in git.** Volatile metadata is dropped,
  cell ids are numbered, and widget model ids (ipywidgets draws them from ``uuid4()``) are
  derived from the notebook's name, the cell's position and the widget's place in that cell.
* **A failure names its cause first:** ``notebooks/x.ipynb, cell 7: NameError: ...`` plus the
  last lines of the traceback, without terminal colour codes. A notebook that fails is not saved.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info", "widgets")
KEEP_CELL_METADATA = ("tags", "jupyter", "editable", "deletable")
ALLOWED_ERROR_TAGS = {"raises-exception", "nbval-raises-exception"}
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TRACEBACK_LINES = 8

# Run silently in the kernel before the first cell: every widget created afterwards gets a model
# id seeded from (notebook, cell number, n-th widget of the cell) instead of a random uuid4.
WIDGET_ID_SETUP = """
def __soleus_deterministic_widget_ids(notebook):
    import hashlib
    try:
        from ipywidgets.widgets.widget import Widget
    except ImportError:
        return
    original_open = Widget.open
    made = {}

    def open_with_a_stable_id(self):
        if self.comm is None and getattr(self, "_model_id", None) is None:
            cell = globals().get("__soleus_cell__", 0)
            made[cell] = made.get(cell, 0) + 1
            seed = f"{notebook}/cell-{cell}/widget-{made[cell]}"
            self._model_id = hashlib.md5(seed.encode()).hexdigest()
        return original_open(self)

    Widget.open = open_with_a_stable_id

__soleus_deterministic_widget_ids(%r)
del __soleus_deterministic_widget_ids
"""


class NotebookExecutionError(RuntimeError):
    """A cell of a notebook raised: the message names the notebook, the cell and the error."""


def strip_ansi(text: str) -> str:
    """``text`` without terminal colour codes."""
    return ANSI_ESCAPE.sub("", text)


def tidy(nb) -> None:
    """Drop personal or volatile metadata; keep what Jupyter, nbval and the site need."""
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NOTEBOOK_METADATA}
    for index, cell in enumerate(nb.cells):
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        if "id" in cell:
            cell.id = f"c{index:03d}"


def first_error(cells: list[dict]) -> tuple[int, dict] | None:
    """(reader's cell number, error output) of the first cell with an unexpected error output.

    The reader's number counts every cell, markdown included, from 1 — as JupyterLab shows them.
    """
    for index, cell in enumerate(cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & ALLOWED_ERROR_TAGS:
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index + 1, output
    return None


def error_report(notebook: str, cell_number: int, error: dict, lines: int = TRACEBACK_LINES) -> str:
    """``notebook, cell N: Name: value`` and the last ``lines`` of the traceback, colour-free."""
    headline = f"{notebook}, cell {cell_number}: {error.get('ename', 'Error')}: "
    headline += strip_ansi(str(error.get("evalue", ""))).strip()
    traceback = strip_ansi("\n".join(error.get("traceback", []))).splitlines()
    tail = [line for line in traceback if line.strip()][-lines:]
    return "\n".join([headline, *("    " + line for line in tail)])


def _client(nb, path: Path, timeout: int):
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )

    async def on_notebook_start(notebook) -> None:
        msg_id = client.kc.execute(WIDGET_ID_SETUP % path.stem, silent=True, store_history=False)
        await client.async_wait_for_reply(msg_id)

    async def on_cell_execute(cell, cell_index: int) -> None:
        if cell.cell_type == "code":
            code = f"__soleus_cell__ = {cell_index + 1}"
            msg_id = client.kc.execute(code, silent=True, store_history=False)
            await client.async_wait_for_reply(msg_id)

    client.on_notebook_start = on_notebook_start
    client.on_cell_execute = on_cell_execute
    return client


def execute(path: Path, timeout: int = 300) -> None:
    """Execute one notebook top to bottom in a fresh kernel and save it in place.

    A cell that raises leaves the file untouched and raises :class:`NotebookExecutionError`.
    """
    import nbformat
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("PLOTLY_RENDERER", "plotly_mimetype")
    try:
        _client(nb, path, timeout).execute()
    except CellExecutionError as exc:
        found = first_error(nb.cells)
        if found is None:
            raise NotebookExecutionError(f"{path}: {strip_ansi(str(exc))[-2000:]}") from None
        raise NotebookExecutionError(error_report(str(path), *found)) from None
    tidy(nb)
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    for name in argv:
        print(f"executing {name}", flush=True)
        try:
            execute(Path(name))
        except NotebookExecutionError as error:
            print(f"error: {error}", file=sys.stderr)
            print(f"(not saved: {name} keeps its previous outputs)", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
