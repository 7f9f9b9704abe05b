"""make bench: one table of measurements taken in the same run, each beside the floor or baseline
it is compared with (also measured in this run). Measured, not asserted: nothing here fails a build.

It also times a new lesson end to end (`new-lesson` in a temporary clone, then `make check`;
`--scaffold-only` runs just that), and rewrites deploy/footprint.json (per-student memory and CPU,
and the hub requests they imply); tests/test_deploy.py then checks
deploy/jupyterhub/config.yaml against it.
`python benchmarks/run.py --footprint-only` measures just that part.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

Row = tuple[str, float, str, str, float | None]  # measurement, value, unit, against, baseline


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


def package_rows() -> list[Row]:
    """Import, data loading and triage speed."""
    from soleuslib import triage

    py = sys.executable
    start = _time([py, "-c", "pass"])
    rows: list[Row] = [("python start (floor)", start, "s", "", None)]
    rows.append(
        ("import soleuslib", _time([py, "-c", "import soleuslib"]), "s", "python start", start)
    )
    load = _time([py, "-c", "from soleuslib import data; data.load_all()"])
    rows.append(("import + load and validate all data", load, "s", "python start", start))
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
    rows.append(("triage.assess(), one call", per_call * 1e3, "ms", "goal 1 ms", 1.0))
    return rows


def notebook_rows() -> tuple[list[Row], float]:
    """Each notebook's execution time against a bare kernel start, and their total."""
    with tempfile.TemporaryDirectory() as tmp:
        bare = _bare_kernel_notebook(Path(tmp))
        floor = statistics.median(_execute_seconds(bare) for _ in range(2))
    rows: list[Row] = [("bare kernel: start, run 1 cell, stop (floor)", floor, "s", "", None)]
    total = 0.0
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds = _execute_seconds(notebook)
        total += seconds
        rows.append((f"execute {notebook.name}", seconds, "s", "bare kernel", floor))
    rows.append(("execute all notebooks", total, "s", "bare kernel", floor))
    return rows, total


def site_rows(notebooks_total: float) -> list[Row]:
    """Site build, page weights against plotly's inline renderer, time to the last figure."""
    import site_bench

    result = site_bench.measure(build=True)
    rows: list[Row] = [
        (
            "site build (make site)",
            result["build_seconds"],
            "s",
            "executing all notebooks",  # what the build did before it stopped executing them
            notebooks_total,
        )
    ]
    for page in result["pages"]:
        name = Path(page["page"]).stem
        rows.append(
            (
                f"{name}: own bytes",
                page["own_bytes"] / 1000,
                "KB",
                "inline renderer",
                page["inline_renderer_bytes"] / 1000,
            )
        )
        rows.append((f"{name}: shared assets loaded", page["shared_bytes"] / 1000, "KB", "", None))
        rows.append(
            (
                f"{name}: total bytes of a first visit",
                page["total_bytes"] / 1000,
                "KB",
                "page budget",
                page["total_goal_bytes"] / 1000,
            )
        )
        if page["ms_to_last_figure"] is not None:
            rows.append(
                (f"{name}: navigation to last figure", page["ms_to_last_figure"], "ms", "", None)
            )
    return rows


HANDOUT_HTML_LIMIT_KB = 200.0


def handout_rows(floor: float) -> list[Row]:
    """Handout HTML and PDF size and render time (a fictional patient, every exercise)."""
    from soleuslib import exercises, handout

    params = {
        "display_name": "Siobhán O'Brien",
        "side": "left",
        "pain_site": "inner calf",
        "stage": "building",
        "exercise_ids": exercises.exercise_ids(),
        "sessions_per_week": 3,
        "reading_level": "clinical",
    }
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, pdf in (("HTML", False), ("PDF", True)):
            start = time.perf_counter()
            path = handout.render(params, out_dir=Path(tmp), pdf=pdf)
            seconds = time.perf_counter() - start
            size_kb = path.stat().st_size / 1000
            limit = HANDOUT_HTML_LIMIT_KB if not pdf else None
            rows.append(
                (f"handout {kind}: size", size_kb, "KB", "limit 200 KB" if limit else "", limit)
            )
            rows.append((f"handout {kind}: render time", seconds, "s", "bare kernel", floor))
    return rows


def footprint_rows() -> list[Row]:
    """Per-student memory and CPU (server, each lesson's kernel, the patient view), written to
    deploy/footprint.json with the hub requests they imply (soleuslib/footprint.py)."""
    import json

    import footprint_bench

    from soleuslib import footprint

    with tempfile.TemporaryDirectory() as tmp:
        bare = _bare_kernel_notebook(Path(tmp))
        notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
        measured = footprint_bench.measure(notebooks, bare)
    resources = footprint.hub_resources(measured)
    fit = footprint.students_per_node(resources)
    measured["hub"] = {
        **resources.as_z2jh(),
        "example_node": footprint.EXAMPLE_NODE.name,
        "students_per_example_node": fit["students"],
        "arithmetic": footprint.arithmetic(resources),
    }
    footprint.FOOTPRINT_JSON.parent.mkdir(parents=True, exist_ok=True)
    footprint.FOOTPRINT_JSON.write_text(json.dumps(measured, indent=2, ensure_ascii=False) + "\n")

    bare_peak = measured["bare_kernel"]["peak_rss_mib"]
    bare_cpu = measured["bare_kernel"]["cpu_s"]
    rows: list[Row] = [
        ("jupyter server (lab), peak RSS", measured["server"]["rss_mib"], "MiB", "", None),
        ("bare kernel: peak RSS (floor)", bare_peak, "MiB", "", None),
        ("bare kernel: CPU (floor)", bare_cpu, "s", "", None),
    ]
    for lesson in measured["lessons"]:
        name = lesson["notebook"]
        rows.append((f"{name}: kernel peak RSS", lesson["peak_rss_mib"], "MiB", "bare", bare_peak))
        rows.append((f"{name}: kernel CPU", lesson["cpu_s"], "s", "bare", bare_cpu))
    voila = measured["voila"]
    rows += [
        ("patient view (Voilà): server peak RSS", voila["server_rss_mib"], "MiB", "", None),
        (
            "patient view (Voilà): kernel peak RSS",
            voila["kernel_peak_rss_mib"],
            "MiB",
            "bare",
            bare_peak,
        ),
        ("patient view (Voilà): kernel CPU", voila["kernel_cpu_s"], "s", "bare", bare_cpu),
        ("hub: memory guarantee per student", resources.memory_guarantee_mib, "MiB", "", None),
        ("hub: memory limit per student", resources.memory_limit_mib, "MiB", "", None),
        ("hub: CPU guarantee per student", resources.cpu_guarantee, "CPU", "", None),
        (f"hub: students per {footprint.EXAMPLE_NODE.name} node", fit["students"], "", "", None),
    ]
    return rows


def scaffold_rows() -> list[Row]:
    """A new lesson end to end: `new-lesson` in a temporary clone of the repository (committed
    state; this .venv and site/node_modules linked in), then `make check` there until green."""
    import os
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "repo"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(copy)], check=True)
        (copy / ".venv").symlink_to(ROOT / ".venv")
        if (ROOT / "site" / "node_modules").exists():
            (copy / "site" / "node_modules").symlink_to(ROOT / "site" / "node_modules")
        env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
        env["PYTHONPATH"] = str(copy)  # import the copy's soleuslib, not this one
        python = str(ROOT / ".venv" / "bin" / "python")
        start = time.perf_counter()
        subprocess.run(
            [
                python,
                "-m",
                "soleuslib",
                "new-lesson",
                "bench_lesson",
                "A lesson made by make bench",
            ],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        scaffold = time.perf_counter() - start
        start = time.perf_counter()
        # -o: never reinstall into the shared .venv from the copy
        check = subprocess.run(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "check"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
        check_seconds = time.perf_counter() - start
        shutil.rmtree(copy / "_build", ignore_errors=True)
    if check.returncode != 0:
        print(check.stdout[-3000:] + check.stderr[-2000:], file=sys.stderr)
    _restore_editable_install()
    status = "green" if check.returncode == 0 else "FAILED"
    return [
        ("new lesson: python -m soleuslib new-lesson", scaffold, "s", "", None),
        (f"new lesson: make check ({status})", check_seconds, "s", "goal 30 s", 30.0),
        ("new lesson: scaffold to green make check", scaffold + check_seconds, "s", "", None),
    ]


def _restore_editable_install() -> None:
    """Point the shared .venv's editable install back at this repository.

    Something in the copy's `make check` re-runs `pip install -e` from the temporary copy (not yet
    traced; it is not the Makefile's install rule, which `-o` skips), which would leave this .venv
    importing soleuslib from a deleted folder. Re-pointing it costs a few seconds.
    """
    probe = [sys.executable, "-c", "import soleuslib; print(soleuslib.__file__)"]
    where = subprocess.run(probe, cwd="/", capture_output=True, text=True).stdout.strip()
    if not where.startswith(str(ROOT)):
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(ROOT)],
            check=True,
            capture_output=True,
        )


def render(rows: list[Row]) -> str:
    """The one table."""
    width = max(len(r[0]) for r in rows)
    lines = [
        f"{'measurement':<{width}}  {'value':>10}  unit  {'against':<24}  ratio",
        "-" * (width + 52),
    ]
    for name, value, unit, against, baseline in rows:
        ratio = f"{value / baseline:.3f}x" if baseline else ""
        lines.append(f"{name:<{width}}  {value:>10.3f}  {unit:<4}  {against:<24}  {ratio}")
    return "\n".join(lines)


def main() -> None:
    if "--footprint-only" in sys.argv:
        print(render(footprint_rows()))
        return
    if "--scaffold-only" in sys.argv:
        print(render(scaffold_rows()))
        return
    rows = package_rows()
    rows += scaffold_rows()
    nb_rows, total = notebook_rows()
    rows += nb_rows
    rows += handout_rows(nb_rows[0][1])
    rows += footprint_rows()
    if "--no-site" not in sys.argv:
        rows += site_rows(total)
    print(render(rows))


if __name__ == "__main__":
    main()
