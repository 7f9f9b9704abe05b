"""The patient view (``site/patient_view.ipynb`` in Voilà) and ``make present``.

The notebook shows, in this order: the "not a diagnosis" notice, the warning signs ("Get help now
if…"), the triage questions (``triage_form(mode="patient")``), then the exercise plan. Everything
is rendered by the templates of :mod:`soleuslib.patient.render`.

``present`` runs Voilà as a child that cannot outlive it: Ctrl-C, SIGTERM, SIGHUP or the wrapper's
death (a watchdog in Voilà's own process group notices it) end Voilà and its kernels.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from soleuslib import exercises, paths
from soleuslib.patient import content, render
from soleuslib.patient.processes import end_process_tree

SITE_DIR = paths.REPO_ROOT / "site"
PATIENT_VIEW = SITE_DIR / "patient_view.ipynb"
PRESENT_PORT = 8866
TITLE = "Your calf: warning signs, questions and exercise plan"
LEAD = (
    "First read the warning signs. Then your clinician goes through the questions with you. "
    "The exercise plan comes last."
)
PATIENT_NOTICE = (
    "This screen is for learning, not a diagnosis. Your clinician checks you and decides "
    "what is right for you. If a warning sign below applies to you, get help now."
)
SAFETY_TITLE = "Get help now if…"
SAFETY_INTRO = "Look at this list first. The top group is the most urgent."
PATIENT_CSS = """<style>
body, .jp-RenderedHTMLCommon, .widget-label, .widget-html, .widget-dropdown select,
.widget-text input, .widget-toggle-button, .jupyter-button { font-size: 20px !important; }
.jp-RenderedHTMLCommon h1 { font-size: 2.2em; } .jp-RenderedHTMLCommon h2 { font-size: 1.6em; }
.jupyter-button, .widget-toggle-button { height: auto !important; min-height: 2.2em; }
.patient-notice { border-left: 10px solid #0072B2; background: #eaf3fa; padding: 12px 16px;
  font-size: 1.1em; color: #1a1a1a; }
.patient-safety { border: 3px solid #D55E00; border-radius: 8px; padding: 8px 16px;
  margin: 12px 0; }
.safety-group { padding: 4px 12px; margin: 8px 0; color: #1a1a1a; }
.patient-exercise { border: 1px solid #ccc; border-radius: 8px; padding: 8px 16px; margin: 12px 0; }
.patient-exercise h3 { margin-top: 4px; }
.exercise-body { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.exercise-text { flex: 1 1 18rem; } figure.pose { margin: 0; } figcaption { font-size: .8em; }
.focus { font-weight: 600; color: #0072B2; }
dl.dosage { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; }
dl.dosage dt { font-weight: 600; } dl.dosage dd { margin: 0; }
.triage-urgency { font-size: 1.3em !important; }
/* A choice question is its dropdown's <label>: let it wrap instead of being cut off. */
.triage-form .widget-dropdown > .widget-label { white-space: normal; overflow: visible;
  max-width: 100%; height: auto; line-height: 1.3; text-align: left; margin-right: .5em; }
/* Keyboard focus: the same ring as the website (#005a9c, 7.2:1 on white). */
:focus-visible { outline: 3px solid #005a9c !important; outline-offset: 2px; }
/* Wide screens: the answers stay in view beside the questions while the clinician scrolls
   (the form wraps in reverse, so flex-end is the top). */
@media (min-width: 900px) {
  .triage-form > :last-child { position: sticky; top: 8px; align-self: flex-end; }
}
</style>"""


def patient_style() -> str:
    """Large type for the patient view (an HTML ``<style>`` block)."""
    return PATIENT_CSS


def patient_header() -> str:
    """The page title and how to read the page."""
    return render.header_html(TITLE, lead=LEAD)


def patient_notice() -> str:
    """The teaching-not-diagnosis notice, as a highlighted paragraph."""
    return render.notice_html(PATIENT_NOTICE)


def safety_html() -> str:
    """The warning list ("Get help now if…"), grouped by urgency, most urgent first."""
    return render.safety_box_html(title=SAFETY_TITLE, intro=SAFETY_INTRO, heading_level=2)


def exercise_plan_html() -> str:
    """The circuit in plain words: what it is for, how to do it, how much, what to avoid."""
    cards = [
        render.exercise_card_html(content.exercise_card(i), heading_level=3)
        for i in exercises.exercise_ids()
    ]
    return '<div class="patient-plan">' + "".join(cards) + "</div>"


# --- make present ---------------------------------------------------------------------------------


def voila_command(port: int, python: str = sys.executable) -> list[str]:
    """Voilà serving the patient view on 127.0.0.1 only, without code or tracebacks."""
    return [
        python,
        "-m",
        "voila",
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--theme=light",
        "--template=soleus",
        "--strip_sources=True",
        "--show_tracebacks=False",
        str(PATIENT_VIEW),
    ]


def voila_env() -> dict[str, str]:
    """Environment for Voilà: finds site/voila/templates/soleus; plotly's mimetype renderer."""
    jupyter_path = os.pathsep.join(p for p in (str(SITE_DIR), os.environ.get("JUPYTER_PATH")) if p)
    return {**os.environ, "JUPYTER_PATH": jupyter_path, "PLOTLY_RENDERER": "plotly_mimetype"}


def port_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:``port``."""
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def watchdog_command(parent_pid: int, leader_pid: int, python: str = sys.executable) -> list[str]:
    """A process that ends ``leader_pid``'s tree once ``parent_pid`` stops being its parent."""
    return [python, "-m", "soleuslib.patient.watchdog", str(parent_pid), str(leader_pid)]


@dataclass
class Voila:
    """A running patient view: Voilà (leader of its own process group) and its watchdog."""

    proc: subprocess.Popen
    watchdog: subprocess.Popen


def start_voila(port: int, env: dict[str, str] | None = None, **popen) -> Voila:
    """Voilà in a new process group, with a watchdog in that group tied to this process.

    The group is new (Ctrl-C in the terminal reaches only the wrapper, which then stops Voilà
    cleanly) but stays in this session, so that the watchdog may join it.
    """
    proc = subprocess.Popen(voila_command(port), env=env or voila_env(), process_group=0, **popen)
    watchdog = subprocess.Popen(
        watchdog_command(os.getpid(), proc.pid),
        process_group=proc.pid,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return Voila(proc, watchdog)


def stop_voila(voila: Voila, grace_s: float = 10.0) -> None:
    """End Voilà, its kernels and the watchdog (SIGTERM, then SIGKILL after ``grace_s``)."""
    end_process_tree(voila.proc.pid, grace_s=grace_s)
    for proc in (voila.proc, voila.watchdog):
        if proc.poll() is None:
            proc.kill()
        proc.wait()


class _Stop(Exception):
    """Raised by the signal handler: SIGTERM or SIGHUP asked the wrapper to stop."""


def _raise_stop(signum: int, _frame) -> None:
    raise _Stop(signal.Signals(signum).name)


def present(port: int | None = None) -> int:
    """Serve the patient view until Ctrl-C, SIGTERM or SIGHUP (``make present``)."""
    if port is None:
        port = int(os.environ.get("PRESENT_PORT", PRESENT_PORT))
    if not port_free(port):
        raise SystemExit(f"port {port} on 127.0.0.1 is busy: try `make present PRESENT_PORT=8877`")
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_stop)
    parent = os.getppid()
    voila = start_voila(port)
    url = f"http://127.0.0.1:{port}/"
    ready = False
    try:
        # Also stop when our own parent (make, a shell) goes away without signalling us.
        while voila.proc.poll() is None and os.getppid() == parent:
            if not ready and not port_free(port):
                ready = True
                print(f"\nPatient view ready: open {url} (Ctrl-C stops it).\n", flush=True)
            time.sleep(0.3)
        return voila.proc.returncode or 0
    except (KeyboardInterrupt, _Stop):
        print("\nStopping the patient view...", flush=True)
        return 0
    finally:
        stop_voila(voila)
        print("Patient view stopped.", flush=True)


def main(argv: list[str]) -> int:
    """``python -m soleuslib.patient.view [port]``: serve the patient view."""
    if len(argv) <= 1 and all(a.isdigit() for a in argv):
        return present(int(argv[0]) if argv else None)
    sys.stderr.write("usage: python -m soleuslib.patient.view [port]\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


__all__ = [
    "PATIENT_VIEW",
    "Voila",
    "exercise_plan_html",
    "patient_header",
    "patient_notice",
    "patient_style",
    "port_free",
    "present",
    "safety_html",
    "start_voila",
    "stop_voila",
    "voila_command",
    "voila_env",
]
