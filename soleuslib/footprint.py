"""Per-student footprint → a course hub's resource requests, and how many students a node holds.

``make bench`` measures what one student uses (the Jupyter server, a kernel running each lesson, the
Voilà patient view) and writes ``deploy/footprint.json``; these pure functions turn those numbers
into the Zero to JupyterHub settings that ``deploy/jupyterhub/config.yaml`` must carry
(tests/test_deploy.py checks that they agree) and into a class size per node.

The rules, in the words a course organiser would use:

* **Memory guarantee** (what the scheduler reserves per student): the server plus the heaviest
  lesson's kernel, with 25 % headroom, rounded up to 64 MiB.
* **Memory limit** (where the pod is stopped): the server, three lesson kernels left open at once
  (students rarely close tabs) and the patient view's kernel, rounded up to 128 MiB.
* **CPU guarantee**: if every student on a node presses "Run all" at the same moment on the
  heaviest lesson, each still finishes within one minute: heaviest lesson's CPU seconds / 60 s,
  rounded up to a tenth of a core.
* **CPU limit**: one core. A Python kernel computes on one core; the limit stops one student's
  runaway loop from slowing the neighbours.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from soleuslib import paths

FOOTPRINT_JSON = paths.REPO_ROOT / "deploy" / "footprint.json"
MEMORY_HEADROOM = 1.25
GUARANTEE_STEP_MIB = 64
LIMIT_STEP_MIB = 128
OPEN_KERNELS = 3
RUN_ALL_TARGET_S = 60.0
CPU_STEP = 0.1
CPU_LIMIT = 1.0


@dataclass(frozen=True)
class HubResources:
    """Per-student requests for the hub (z2jh ``singleuser.memory`` / ``singleuser.cpu``)."""

    memory_guarantee_mib: int
    memory_limit_mib: int
    cpu_guarantee: float
    cpu_limit: float

    def as_z2jh(self) -> dict[str, Any]:
        """The values as z2jh writes them: memory in ``M`` (JupyterHub reads ``M`` as MiB)."""
        return {
            "memory": {
                "guarantee": f"{self.memory_guarantee_mib}M",
                "limit": f"{self.memory_limit_mib}M",
            },
            "cpu": {"guarantee": self.cpu_guarantee, "limit": self.cpu_limit},
        }


@dataclass(frozen=True)
class Node:
    """A worker node for student pods: its size and what the system keeps for itself."""

    name: str
    memory_gib: float
    cpus: float
    reserved_memory_gib: float
    reserved_cpus: float


# An example node, 4 vCPU / 16 GiB (a common general-purpose size on any cloud). Kubernetes and its
# daemon sets (kubelet, kube-proxy, logging, z2jh's image puller) keep about 2.5 GiB and 0.25 CPU
# of it: GKE's documented reservation for 16 GiB is 2.6 GiB; check your provider's "allocatable".
EXAMPLE_NODE = Node("4 vCPU / 16 GiB", 16.0, 4.0, 2.5, 0.25)


def round_up(value: float, step: float) -> float:
    """``value`` rounded up to a whole number of ``step`` (tolerant of float noise)."""
    if step <= 0:
        raise ValueError(f"step must be > 0 (got {step})")
    return math.ceil(round(value / step, 6)) * step


def heaviest_lesson(footprint: dict[str, Any]) -> dict[str, Any]:
    """The lesson whose kernel peaks highest in memory."""
    lessons = footprint.get("lessons") or []
    if not lessons:
        raise ValueError("footprint has no lessons: run `make bench` to measure them")
    return max(lessons, key=lambda lesson: lesson["peak_rss_mib"])


def hub_resources(footprint: dict[str, Any]) -> HubResources:
    """The per-student guarantee and limit the rules above give for a measured footprint."""
    server = footprint["server"]["rss_mib"]
    kernel = heaviest_lesson(footprint)["peak_rss_mib"]
    voila_kernel = footprint["voila"]["kernel_peak_rss_mib"]
    cpu_s = max(lesson["cpu_s"] for lesson in footprint["lessons"])
    guarantee = round_up(MEMORY_HEADROOM * (server + kernel), GUARANTEE_STEP_MIB)
    limit = round_up(server + OPEN_KERNELS * kernel + voila_kernel, LIMIT_STEP_MIB)
    cpu = round(round_up(cpu_s / RUN_ALL_TARGET_S, CPU_STEP), 2)
    return HubResources(int(guarantee), int(max(limit, guarantee)), cpu, max(CPU_LIMIT, cpu))


def students_per_node(resources: HubResources, node: Node = EXAMPLE_NODE) -> dict[str, int]:
    """How many student pods fit on ``node`` by memory, by CPU, and the smaller of the two."""
    memory_mib = (node.memory_gib - node.reserved_memory_gib) * 1024
    cpus = node.cpus - node.reserved_cpus
    by_memory = math.floor(memory_mib / resources.memory_guarantee_mib)
    by_cpu = math.floor(round(cpus / resources.cpu_guarantee, 6))
    return {"by_memory": by_memory, "by_cpu": by_cpu, "students": min(by_memory, by_cpu)}


def arithmetic(resources: HubResources, node: Node = EXAMPLE_NODE) -> str:
    """The class-size sum in words, as the deploy guide prints it."""
    fit = students_per_node(resources, node)
    memory_mib = (node.memory_gib - node.reserved_memory_gib) * 1024
    cpus = node.cpus - node.reserved_cpus
    return (
        f"One {node.name} node: ({node.memory_gib:g} − {node.reserved_memory_gib:g}) GiB = "
        f"{memory_mib:g} MiB / {resources.memory_guarantee_mib} MiB = {fit['by_memory']} "
        f"students by memory; ({node.cpus:g} − {node.reserved_cpus:g}) CPU = {cpus:g} / "
        f"{resources.cpu_guarantee:g} = {fit['by_cpu']} by CPU; so {fit['students']} students."
    )


def load(path: Path = FOOTPRINT_JSON) -> dict[str, Any]:
    """The committed footprint (written by ``make bench``)."""
    return json.loads(path.read_text(encoding="utf-8"))
