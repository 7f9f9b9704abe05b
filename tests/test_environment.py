"""environment.yml (conda, Binder) and pyproject.toml (pip, CI) list the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from soleuslib import paths

NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _split(spec: str) -> tuple[str, str]:
    name, rest = NAME.match(spec).groups()
    return name.lower().replace("_", "-"), rest.replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((paths.REPO_ROOT / "pyproject.toml").read_text())["project"]
    return dict(_split(s) for s in project["dependencies"])


def _environment() -> tuple[dict, dict[str, str]]:
    env = yaml.safe_load((paths.REPO_ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    return env, dict(_split(s) for s in conda if _split(s)[0] not in {"python", "pip"})


def test_environment_and_pyproject_declare_the_same_runtime_dependencies():
    _, conda = _environment()
    assert conda == _pyproject()


def test_environment_uses_conda_forge_lists_pip_and_installs_the_project():
    env, _ = _environment()
    assert env["channels"] == ["conda-forge"]
    names = [_split(d)[0] for d in env["dependencies"] if isinstance(d, str)]
    assert "python" in names and "pip" in names
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]


def test_the_six_chosen_packages_are_declared():
    chosen = {"jupyterlab", "ipywidgets", "pandas", "plotly", "nbval", "papermill"}
    assert chosen <= set(_pyproject())


def test_python_versions_agree():
    env, _ = _environment()
    conda_python = next(
        d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")
    )
    project = tomllib.loads((paths.REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert conda_python.removeprefix("python") == project["requires-python"]
