"""``python -m soleuslib.patient.watchdog PARENT_PID LEADER_PID``: end Voilà once its wrapper dies.

Started by :func:`soleuslib.patient.view.start_voila` inside Voilà's process group. If the wrapper
dies without cleaning up (SIGKILL, a crash), nobody would stop Voilà; this watchdog notices that its
parent has changed within half a second and ends Voilà's process tree and group (itself last). No
prctl and no platform-specific calls: it polls ``os.getppid()``.
"""

from __future__ import annotations

import os
import sys
import time

from soleuslib.patient.processes import end_process_tree

POLL_S = 0.5


def watch(parent_pid: int, leader_pid: int, poll_s: float = POLL_S) -> None:
    """Wait while ``parent_pid`` is still our parent, then end ``leader_pid``'s tree and group."""
    while os.getppid() == parent_pid:
        time.sleep(poll_s)
    end_process_tree(leader_pid, grace_s=5.0)


if __name__ == "__main__":
    watch(int(sys.argv[1]), int(sys.argv[2]))
