"""The per-student footprint: what one student's server, lesson kernels and patient view use.

* Each notebook runs in a fresh kernel with one extra cell at the end that reports the kernel's own
  high-water RSS (``getrusage``: exact, no sampling) plus that of any children it waited for, and
  its CPU seconds (user + system, children included) from kernel start to the end of the lesson.
* The Jupyter server: ``jupyter lab`` on 127.0.0.1 after serving the JupyterLab page, its peak
  RSS (the hub's ``jupyterhub-singleuser`` is this server plus the hub's login).
* The patient view: Voilà serving site/patient_view.ipynb as ``make present`` does, after one page
  load: peak RSS of the server and of its kernel (Linux ``VmHWM``), the kernel's CPU seconds.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
MARKER = "SOLEUS_FOOTPRINT "
REPORT_CELL = f"""\
import json as _j, os as _o, resource as _r
_t = _o.times()
print({MARKER!r} + _j.dumps({{
    "self_kib": _r.getrusage(_r.RUSAGE_SELF).ru_maxrss,
    "children_kib": _r.getrusage(_r.RUSAGE_CHILDREN).ru_maxrss,
    "cpu_s": _t.user + _t.system + _t.children_user + _t.children_system,
}}))
"""


def kernel_footprint(path: Path) -> dict[str, float]:
    """Peak RSS (MiB, children included) and CPU seconds of a fresh kernel running ``path``."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(REPORT_CELL))
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    for output in nb.cells[-1].outputs:
        text = output.get("text", "")
        if text.startswith(MARKER):
            report = json.loads(text[len(MARKER) :])
            return {
                "peak_rss_mib": round((report["self_kib"] + report["children_kib"]) / 1024, 1),
                "kernel_peak_rss_mib": round(report["self_kib"] / 1024, 1),
                "children_peak_rss_mib": round(report["children_kib"] / 1024, 1),
                "cpu_s": round(report["cpu_s"], 2),
            }
    raise RuntimeError(f"{path.name}: the footprint cell printed nothing")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"no answer from {url} within {timeout_s:.0f} s")


def _wait_for_port(port: int, proc: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening on {port}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} within {timeout_s:.0f} s")


def _peak_rss_bytes(pid: int) -> int:
    """The process's high-water RSS (Linux ``VmHWM``), bytes: exact, no sampling."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmHWM for process {pid} (Linux only)")


def _tree_peaks(pid: int) -> tuple[int, int, float]:
    """(peak RSS of the process, summed peak RSS of its descendants, their CPU seconds)."""
    import psutil

    children = psutil.Process(pid).children(recursive=True)
    peak_children = 0
    cpu_s = 0.0
    for child in children:
        try:
            peak_children += _peak_rss_bytes(child.pid)
            times = child.cpu_times()
            cpu_s += times.user + times.system
        except (psutil.NoSuchProcess, FileNotFoundError):
            pass
    return _peak_rss_bytes(pid), peak_children, cpu_s


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def server_footprint() -> dict[str, float]:
    """RSS of an idle ``jupyter lab`` server after it has served the JupyterLab page, MiB."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as root:
        command = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            f"--ServerApp.root_dir={root}",
        ]
        if os.getuid() == 0:
            command.append("--allow-root")
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(f"http://127.0.0.1:{port}/api/status", proc)
            _wait_for(f"http://127.0.0.1:{port}/lab", proc)
            time.sleep(2)
            own, children, _ = _tree_peaks(proc.pid)
        finally:
            _stop(proc)
    return {"rss_mib": round((own + children) / MIB, 1)}


def voila_footprint() -> dict[str, float]:
    """Peak RSS of Voilà serving the patient view once (server, its kernel), MiB; kernel CPU s."""
    from soleuslib.patient import view as site

    port = _free_port()
    proc = subprocess.Popen(
        site.voila_command(port),
        env=site.voila_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=300) as response:
            page = response.read()
        time.sleep(1)
        own, kernel, kernel_cpu_s = _tree_peaks(proc.pid)
    finally:
        _stop(proc)
    if b"patient-notice" not in page:
        raise RuntimeError("Voilà did not render the patient view (no patient notice in the page)")
    return {
        "server_rss_mib": round(own / MIB, 1),
        "kernel_peak_rss_mib": round(kernel / MIB, 1),
        "peak_rss_mib": round((own + kernel) / MIB, 1),
        "kernel_cpu_s": round(kernel_cpu_s, 2),
    }


def measure(notebooks: list[Path], bare: Path) -> dict[str, Any]:
    """The whole footprint, in the shape of deploy/footprint.json (without the derived part)."""
    return {
        "measured_on": {
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.machine()}",
            "cpus": os.cpu_count(),
        },
        "server": server_footprint(),
        "bare_kernel": kernel_footprint(bare),
        "lessons": [{"notebook": nb.name, **kernel_footprint(nb)} for nb in notebooks],
        "voila": voila_footprint(),
    }
