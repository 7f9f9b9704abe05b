"""environment.yml (conda, Binder, the hub image) and pyproject.toml (pip, CI) agree."""

from __future__ import annotations

import re
import sys
import tomllib

import yaml

from soleuslib import paths

NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _split(spec: str) -> tuple[str, str]:
    name, rest = NAME.match(spec).groups()
    return name.lower().replace("_", "-"), rest.replace(" ", "")


def _project() -> dict:
    return tomllib.loads((paths.REPO_ROOT / "pyproject.toml").read_text())["project"]


def _pyproject() -> dict[str, str]:
    """Runtime dependencies plus the `hub` extra (nbgitpuller), which the images need too."""
    project = _project()
    specs = project["dependencies"] + project["optional-dependencies"]["hub"]
    return dict(_split(s) for s in specs)


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


def _conda_python() -> str:
    env, _ = _environment()
    return next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))


def test_environment_pins_python_in_the_form_repo2docker_reads():
    # repo2docker matches `python=X.Y` only; `python>=3.11` makes it fall back to its default.
    assert re.fullmatch(r"python=3\.\d+", _conda_python()), _conda_python()


def test_environment_pins_the_python_minor_version_ci_runs():
    ci_minor = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert _conda_python() == f"python={ci_minor}"


def test_environment_python_pin_is_the_lowest_version_pyproject_allows():
    pinned = _conda_python().removeprefix("python=")
    assert _project()["requires-python"] == f">={pinned}"
    ruff_target = tomllib.loads((paths.REPO_ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
    assert ruff_target["target-version"] == "py" + pinned.replace(".", "")
