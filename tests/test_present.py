"""`make present` leaves nothing behind: however its wrapper stops, Voilà and its kernels stop."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from soleuslib import paths
from soleuslib.patient import view


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# `make present` runs the command line's `present`; the module's own entry point still works.
COMMAND = ("-m", "soleuslib", "present", "--port")
MODULE = ("-m", "soleuslib.patient.view")


def _serving_wrapper(
    command: tuple[str, ...] = MODULE,
) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """`python <command> PORT`, once the page has started a kernel; its process tree."""
    port = _free_port()
    wrapper = subprocess.Popen(
        [sys.executable, *command, str(port)],
        cwd=paths.REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while view.port_free(port):
        assert wrapper.poll() is None, "the patient view wrapper exited early"
        assert time.monotonic() < deadline, "Voilà did not start listening"
        time.sleep(0.3)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120) as response:
        response.read()  # Voilà starts a kernel to render the page
    tree = psutil.Process(wrapper.pid).children(recursive=True)
    return wrapper, tree


def _command(proc: psutil.Process) -> str:
    try:
        return " ".join(proc.cmdline())
    except psutil.NoSuchProcess:
        return ""


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL])
def test_stopping_the_wrapper_ends_voila_and_its_kernels(signum):
    _stops_voila_and_its_kernels(*_serving_wrapper(), signum)


@pytest.mark.slow
def test_the_command_lines_present_serves_and_stops_like_make_present():
    makefile = (paths.REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-m soleuslib present --port $(PRESENT_PORT)" in makefile
    _stops_voila_and_its_kernels(*_serving_wrapper(COMMAND), signal.SIGTERM)


def _stops_voila_and_its_kernels(wrapper, tree, signum) -> None:
    commands = [_command(p) for p in tree]
    assert any("voila" in c for c in commands), commands
    assert any("ipykernel" in c for c in commands), commands
    try:
        wrapper.send_signal(signum)
        wrapper.wait(timeout=30)
        # SIGKILL leaves the clean-up to the watchdog in Voilà's process group.
        _, alive = psutil.wait_procs(tree, timeout=30)
        assert [(p.pid, _command(p)) for p in alive] == []
    finally:
        for proc in tree:
            if proc.is_running():
                proc.kill()
