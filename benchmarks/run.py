"""make bench: one table of measurements taken in the same run, with ratios to a measured floor.

Measured, not asserted: nothing here fails a build.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _time(command: list[str], repeat: int = 3) -> float:
    """Median wall time of a command, seconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _bare_kernel_notebook(tmp: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp / "bare.ipynb"
    nbformat.write(nb, path)
    return path


def _execute_seconds(path: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return time.perf_counter() - start


def rows() -> list[tuple[str, float, str, str]]:
    """(measurement, seconds, reference, ratio) rows."""
    import tempfile
    import timeit

    from soleuslib import triage

    py = sys.executable
    out = []
    interpreter = _time([py, "-c", "pass"])
    out.append(("python start (floor for imports)", interpreter, "", ""))
    imp = _time([py, "-c", "import soleuslib"])
    out.append(("import soleuslib", imp, "python start", f"{imp / interpreter:.2f}x"))
    load = _time([py, "-c", "from soleuslib import data; data.load_all()"])
    out.append(
        ("import + load and validate all data", load, "python start", f"{load / interpreter:.2f}x")
    )

    findings = {
        "pain_site": "inner_calf",
        "onset": "gradual",
        "pain_bent_knee_stretch": True,
        "calf_swelling_difference_cm": 3.5,
        "pitting_oedema": True,
    }
    triage.rule_book()  # the rules are built once, outside the timing
    calls = 2000
    per_call = min(timeit.repeat(lambda: triage.assess(findings), number=calls, repeat=3)) / calls
    out.append(
        ("triage.assess() one call (goal < 1 ms)", per_call, "1 ms", f"{per_call / 1e-3:.3f}x")
    )

    with tempfile.TemporaryDirectory() as tmp:
        floor = statistics.median(
            _execute_seconds(_bare_kernel_notebook(Path(tmp))) for _ in range(2)
        )
    out.append(("bare kernel: start, run 1 cell, stop (floor)", floor, "", ""))
    total = 0.0
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds = _execute_seconds(notebook)
        total += seconds
        out.append((f"execute {notebook.name}", seconds, "bare kernel", f"{seconds / floor:.2f}x"))
    out.append(("execute all notebooks", total, "bare kernel", f"{total / floor:.2f}x"))
    return out


def main() -> None:
    table = rows()
    width = max(len(r[0]) for r in table)
    print(f"{'measurement':<{width}}  {'seconds':>9}  {'against':<12}  ratio")
    print("-" * (width + 34))
    for name, seconds, ref, ratio in table:
        print(f"{name:<{width}}  {seconds:>9.3f}  {ref:<12}  {ratio}")


if __name__ == "__main__":
    main()
