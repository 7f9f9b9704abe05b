"""Re-execute notebooks in clean kernels and save them with tidy metadata (``make notebooks``).

Usage: ``python -m soleuslib.execute notebooks/*.ipynb``
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info", "widgets")
KEEP_CELL_METADATA = ("tags", "jupyter", "editable", "deletable")


def tidy(nb) -> None:
    """Drop personal or volatile metadata; keep what Jupyter, nbval and the site need."""
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NOTEBOOK_METADATA}
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        if "id" in cell:
            cell.id = f"c{nb.cells.index(cell):03d}"


def execute(path: Path, timeout: int = 300) -> None:
    """Execute one notebook top to bottom in a fresh kernel and save it in place."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("PLOTLY_RENDERER", "plotly_mimetype")
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    tidy(nb)
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    for name in argv:
        print(f"executing {name}", flush=True)
        execute(Path(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
