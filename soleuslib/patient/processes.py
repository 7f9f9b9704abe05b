"""Stopping a process tree for good: the process, its descendants and its process group."""

from __future__ import annotations

import contextlib
import os
import signal

import psutil


def process_tree(pid: int) -> list[psutil.Process]:
    """``pid`` and all its descendants (empty when ``pid`` has already gone)."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def end_process_tree(pid: int, grace_s: float = 10.0) -> None:
    """SIGTERM ``pid``'s tree, wait up to ``grace_s``, then SIGKILL what is left and its group.

    Kernels started by Jupyter run in sessions of their own, so the group alone is not enough:
    the descendants are collected first, while ``pid`` can still name them.
    """
    tree = [p for p in process_tree(pid) if p.pid != os.getpid()]
    for proc in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.send_signal(signal.SIGTERM)
    _, alive = psutil.wait_procs(tree, timeout=grace_s)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    psutil.wait_procs(alive, timeout=grace_s)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
