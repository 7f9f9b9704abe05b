"""repo2docker (Binder, the course hub's image) builds the environment CI tests.

`repo2docker --no-build --debug .` only reads the repository and prints the Dockerfile it would
build, so this needs no Docker. The version is pinned in pyproject.toml (dev extra): the assertions
are about what that version generates.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

from soleuslib import paths

REPO2DOCKER = Path(sys.executable).with_name("repo2docker")


@cache
def _dry_run() -> str:
    """The log and Dockerfile of `repo2docker --no-build --debug .` on this repository."""
    if not REPO2DOCKER.is_file():
        pytest.fail(f"{REPO2DOCKER} missing: run `make install` (jupyter-repo2docker, dev extra)")
    result = subprocess.run(
        [str(REPO2DOCKER), "--no-build", "--debug", "--target-repo-dir", "/srv/repo", "."],
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _ci_minor() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def test_repo2docker_is_the_pinned_version():
    version = subprocess.run(
        [str(REPO2DOCKER), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert version == "2026.4.0"


def test_repo2docker_reads_the_python_version_ci_uses_from_environment_yml():
    log = _dry_run()
    assert "Python version unspecified" not in log
    assert f"Building conda environment for python={_ci_minor()}" in log


def test_repo2docker_builds_on_the_base_environment_of_that_python():
    # The conda buildpack starts from its lock file for the chosen Python (jupyterhub-singleuser,
    # JupyterLab), then updates it with environment.yml.
    lock = re.escape(f"environment-2epy-2d{_ci_minor().replace('.', '-2e')}-2dlinux-2d64-2elock")
    assert re.search(rf"COPY .*{lock}.* /tmp/env/environment.lock", _dry_run())


def test_repo2docker_copies_the_repository_and_installs_environment_yml_in_it():
    dockerfile = _dry_run()
    copy = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    update = dockerfile.index('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    assert copy < update
    assert "WORKDIR ${REPO_DIR}" in dockerfile


def test_the_environment_repo2docker_installs_includes_this_project_and_nbgitpuller():
    env = yaml.safe_load((paths.REPO_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]  # run in ${REPO_DIR}: soleuslib from the copied repository
    names = {re.split(r"[<>=!]", d)[0] for d in env["dependencies"] if isinstance(d, str)}
    assert {"nbgitpuller", "voila", "ipywidgets"} <= names


def test_a_tree_without_the_python_pin_makes_repo2docker_fall_back(tmp_path):
    # The assertion above can fail: repo2docker does not read the old `python>=3.11`.
    env = (paths.REPO_ROOT / "environment.yml").read_text()
    (tmp_path / "environment.yml").write_text(env.replace(f"python={_ci_minor()}", "python>=3.11"))
    shutil.copy(paths.REPO_ROOT / "pyproject.toml", tmp_path)
    result = subprocess.run(
        [str(REPO2DOCKER), "--no-build", "--debug", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Python version unspecified" in result.stdout + result.stderr
