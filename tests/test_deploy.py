"""The course hub: deploy/jupyterhub/config.yaml uses only keys its pinned chart documents, and its
per-student resources are the ones `make bench` measured (deploy/footprint.json).

The cluster itself is not run here; these are static checks.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import yaml

from soleuslib import footprint, hubconfig, paths

GUIDE = hubconfig.DEPLOY_DIR / "README.md"


def _config() -> dict:
    return yaml.safe_load(hubconfig.HUB_CONFIG.read_text())


def _toy_footprint(kernel_mib: float = 200.0, cpu_s: float = 3.0) -> dict:
    return {
        "server": {"rss_mib": 100.0},
        "lessons": [
            {"notebook": "a.ipynb", "peak_rss_mib": kernel_mib, "cpu_s": cpu_s},
            {"notebook": "b.ipynb", "peak_rss_mib": kernel_mib / 2, "cpu_s": cpu_s / 2},
        ],
        "voila": {"kernel_peak_rss_mib": 120.0},
    }


# --- every key is documented by the pinned chart -------------------------------------------------


def test_every_key_the_hub_config_sets_is_documented_by_the_pinned_chart():
    documented = hubconfig.read_keys()
    assert hubconfig.undocumented_keys(_config(), documented) == []


def test_a_misspelt_or_invented_key_is_reported():
    documented = hubconfig.read_keys()
    values = {
        "singleuser": {
            "memory": {"guarantees": "1G"},
            "extraEnv": {"ANY_NAME_IS_FINE": "1"},
            "extraFiles": {"mine": {"mountPth": "/x", "data": {"Anything": {"goes": 1}}}},
        },
        "culling": {"enabled": True},
    }
    assert hubconfig.undocumented_keys(values, documented) == [
        "singleuser.memory.guarantees",
        "singleuser.extraFiles.mine.mountPth",
        "culling",
        "culling.enabled",
    ]


def test_documented_keys_follow_the_reference_walk_of_the_schema():
    schema = {
        "properties": {
            "cull": {"type": "object", "properties": {"timeout": {"type": ["integer", "null"]}}},
            "extraEnv": {"type": ["object", "array"], "additionalProperties": True},
            "files": {
                "type": "object",
                "patternProperties": {".*": {"properties": {"mountPath": {"type": "string"}}}},
            },
        }
    }
    assert hubconfig.documented_keys(schema) == {
        "cull": "object",
        "cull.timeout": "value",
        "extraEnv": "open",
        "files": "object",
        "files.*": "object",
        "files.*.mountPath": "value",
    }


def test_the_key_list_the_config_is_checked_against_says_where_it_came_from():
    header = hubconfig.CHART_KEYS.read_text().split("\n\n")[0]
    assert "values.schema.yaml" in header and "zero-to-jupyterhub-k8s" in header
    assert re.search(r"commit [0-9a-f]{40}", header)
    assert len(hubconfig.read_keys()) > 300


def test_the_chart_version_is_pinned_once_and_the_same_everywhere():
    version = hubconfig.chart_version()
    assert version == "4.4.0"
    assert f"--version {version}" in GUIDE.read_text()
    assert f"version {version}" in hubconfig.HUB_CONFIG.read_text()


# --- resources from measurement ------------------------------------------------------------------


def test_the_hub_resources_are_the_ones_the_bench_measured():
    measured = footprint.load()
    expected = footprint.hub_resources(measured).as_z2jh()
    single = _config()["singleuser"]
    assert {"memory": single["memory"], "cpu": single["cpu"]} == expected, (
        "deploy/jupyterhub/config.yaml disagrees with deploy/footprint.json (make bench): "
        f"set singleuser.memory/cpu to {expected}"
    )


def test_the_footprint_file_is_consistent_with_its_own_measurements():
    measured = footprint.load()
    resources = footprint.hub_resources(measured)
    assert measured["hub"]["memory"] == resources.as_z2jh()["memory"]
    assert (
        measured["hub"]["students_per_example_node"]
        == footprint.students_per_node(resources)["students"]
    )


def test_the_footprint_measures_existing_notebooks_and_the_patient_view():
    """A lesson added since the last `make bench` is not measured yet: a warning, not a failure,
    so that a new lesson passes `make check` as generated (run `make bench` before a course)."""
    measured = footprint.load()
    notebooks = sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("*.ipynb"))
    names = [lesson["notebook"] for lesson in measured["lessons"]]
    assert set(names) <= set(notebooks), (
        f"deploy/footprint.json measures missing notebooks: {names}"
    )
    assert {"00_start_here.ipynb", "99_references.ipynb"} <= set(names)
    unmeasured = sorted(set(notebooks) - set(names))
    if unmeasured:
        warnings.warn(
            f"deploy/footprint.json does not measure {', '.join(unmeasured)}: run `make bench`",
            stacklevel=1,
        )
    for lesson in measured["lessons"]:
        assert lesson["peak_rss_mib"] > measured["bare_kernel"]["peak_rss_mib"] * 0.9
        assert lesson["cpu_s"] > 0
    assert measured["voila"]["kernel_peak_rss_mib"] > 0
    assert measured["server"]["rss_mib"] > 0


def test_the_class_size_in_the_guides_is_the_arithmetic_of_the_footprint():
    resources = footprint.hub_resources(footprint.load())
    students = footprint.students_per_node(resources)["students"]
    guide = GUIDE.read_text()
    assert footprint.arithmetic(resources) in guide
    readme = (paths.REPO_ROOT / "README.md").read_text()
    assert f"{students} students" in readme


# --- the sizing rules ----------------------------------------------------------------------------


def test_memory_guarantee_is_server_plus_heaviest_kernel_with_headroom_rounded_to_64():
    resources = footprint.hub_resources(_toy_footprint(kernel_mib=200.0))
    assert resources.memory_guarantee_mib == 384  # 1.25 × (100 + 200) = 375 → 384


def test_memory_limit_allows_three_open_kernels_and_the_patient_view():
    resources = footprint.hub_resources(_toy_footprint(kernel_mib=200.0))
    assert resources.memory_limit_mib == 896  # 100 + 3 × 200 + 120 = 820 → 896


def test_cpu_guarantee_lets_a_whole_class_run_all_within_a_minute():
    assert footprint.hub_resources(_toy_footprint(cpu_s=3.0)).cpu_guarantee == 0.1
    assert footprint.hub_resources(_toy_footprint(cpu_s=7.0)).cpu_guarantee == 0.2
    assert footprint.hub_resources(_toy_footprint(cpu_s=7.0)).cpu_limit == 1.0


def test_a_heavier_lesson_raises_the_requests():
    light = footprint.hub_resources(_toy_footprint(kernel_mib=150.0))
    heavy = footprint.hub_resources(_toy_footprint(kernel_mib=400.0))
    assert heavy.memory_guarantee_mib > light.memory_guarantee_mib
    assert heavy.memory_limit_mib > light.memory_limit_mib


def test_students_per_node_is_the_smaller_of_the_memory_and_cpu_fits():
    node = footprint.Node(
        "test", memory_gib=16, cpus=4, reserved_memory_gib=2.5, reserved_cpus=0.25
    )
    resources = footprint.HubResources(384, 1024, 0.1, 1.0)
    assert footprint.students_per_node(resources, node) == {
        "by_memory": 36,  # 13.5 GiB = 13824 MiB / 384
        "by_cpu": 37,  # 3.75 / 0.1
        "students": 36,
    }


def test_a_footprint_without_lessons_is_refused_with_a_hint():
    with pytest.raises(ValueError, match="make bench"):
        footprint.hub_resources({**_toy_footprint(), "lessons": []})


# --- the single-user server is set up for the lessons and the patient view -----------------------


def test_the_hub_opens_jupyterlab_and_serves_the_patient_view_with_its_template():
    single = _config()["singleuser"]
    assert single["defaultUrl"] == "/lab"
    server_config = single["extraFiles"]["jupyter-server-config"]
    assert server_config["mountPath"] == "/etc/jupyter/jupyter_server_config.json"
    voila = server_config["data"]["VoilaConfiguration"]
    assert voila["template"] == "soleus" and voila["strip_sources"] is True
    template_root = Path(single["extraEnv"]["JUPYTER_PATH"])
    in_repo = paths.REPO_ROOT / template_root.relative_to("/srv/repo")
    assert (in_repo / "voila" / "templates" / "soleus" / "index.html.j2").is_file()
    assert "--target-repo-dir /srv/repo" in GUIDE.read_text()


def test_idle_servers_are_culled():
    cull = _config()["cull"]
    assert cull["enabled"] is True and 0 < cull["timeout"] <= 3600
