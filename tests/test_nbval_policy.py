"""The nbval policy bites: a stale stored output fails, a faithful one passes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from soleuslib import data, paths

NBVAL_ARGS = [
    "--nbval",
    "--nbval-current-env",
    "--nbval-sanitize-with",
    str(paths.REPO_ROOT / "tests" / "nbval_sanitize.cfg"),
]


def _nbval(notebook: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.nbval_report",
            *NBVAL_ARGS,
            str(notebook),
        ],
        cwd=notebook.parent,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(paths.REPO_ROOT)},
    )


def test_makefile_runs_nbval_with_the_same_arguments():
    makefile = (paths.REPO_ROOT / "Makefile").read_text()
    assert (
        "NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg"
        in makefile
    )


@pytest.mark.slow
def test_stale_stored_output_fails_nbval_naming_the_reader_cell_and_the_fix(tmp_path: Path):
    source = paths.NOTEBOOKS_DIR / "00_start_here.ipynb"
    notebook = tmp_path / source.name
    shutil.copy(source, notebook)
    nb = json.loads(notebook.read_text())
    # Make one stored result stale: the learning path claims lesson 00 takes a minute longer.
    minutes = int(data.load("lessons").set_index("id").loc["start", "minutes"])
    stale = None
    for number, cell in enumerate(nb["cells"], start=1):
        for output in cell.get("outputs", []):
            plain = "".join(output.get("data", {}).get("text/plain", []))
            if "The learning path" in plain:
                stale = number
                output["data"]["text/plain"] = re.sub(
                    rf"\b{minutes}\b", str(minutes + 1), plain, count=1
                )
                output["data"]["text/html"] = "".join(output["data"]["text/html"]).replace(
                    f"<td>{minutes}</td>", f"<td>{minutes + 1}</td>", 1
                )
    notebook.write_text(json.dumps(nb))
    result = _nbval(notebook)
    assert result.returncode != 0, result.stdout[-2000:]
    assert "mismatch" in result.stdout.lower() or "failed" in result.stdout.lower()
    report = result.stdout
    assert f"{notebook.name}, cell {stale} (counting every cell from 1; nbval's 'Cell 1')" in report
    assert "STORED in the .ipynb" in report and "FRESH from this run" in report
    assert f"make notebooks NB={notebook.name}" in report
