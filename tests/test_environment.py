"""environment.yml (conda, Binder, the hub image) and pyproject.toml (pip, CI) agree, and the
engine's core dependencies stay light."""

from __future__ import annotations

import functools
import re
import subprocess
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


# The classroom environment (environment.yml): the engine plus every way a class uses it.
CLASSROOM_EXTRAS = ("lab", "present", "handout", "hub")
# Tools for building and testing, not for the classroom.
TOOL_EXTRAS = ("site", "test", "dev")


def _extras() -> dict[str, list[str]]:
    return _project()["optional-dependencies"]


def _pyproject() -> dict[str, str]:
    """The classroom environment by pyproject: core dependencies plus the `lab`, `present`,
    `handout` and `hub` extras (a name in several of them must have one version range)."""
    specs = _project()["dependencies"] + [s for e in CLASSROOM_EXTRAS for s in _extras()[e]]
    ranges: dict[str, str] = {}
    for name, rest in map(_split, specs):
        assert ranges.setdefault(name, rest) == rest, f"{name}: {ranges[name]} and {rest}"
    return ranges


def _environment() -> tuple[dict, dict[str, str]]:
    env = yaml.safe_load((paths.REPO_ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    return env, dict(_split(s) for s in conda if _split(s)[0] not in {"python", "pip"})


def test_environment_is_the_core_plus_the_classroom_extras_of_pyproject():
    """Rule: environment.yml lists exactly pyproject's core `dependencies` plus the extras
    `lab`, `present`, `handout` and `hub`, with the same version ranges; the `site`, `test` and
    `dev` tools are installed by pip (make install) and are not part of the classroom image."""
    _, conda = _environment()
    assert conda == _pyproject()


def test_the_extras_are_the_documented_ones_and_dev_holds_everything_make_test_needs():
    assert set(_extras()) == set(CLASSROOM_EXTRAS) | set(TOOL_EXTRAS)
    dev = _extras()["dev"]
    assert dev[0] == "soleuslib[lab,present,handout,site,test]"
    makefile = (paths.REPO_ROOT / "Makefile").read_text()
    assert "pip install --quiet -e '.[dev]'" in makefile


def test_the_readme_lists_every_extra():
    readme = (paths.REPO_ROOT / "README.md").read_text()
    section = readme.split("## Install only what you need", 1)[1].split("\n## ", 1)[0]
    for extra in _extras():
        assert f"`{extra}`" in section, (
            f"README: extra `{extra}` not in 'Install only what you need'"
        )


HEAVY = ("jupyterlab", "voila", "nbval", "papermill", "ipywidgets", "plotly", "nbconvert")
ENGINE = """
import sys
import soleuslib, soleuslib.triage, soleuslib.loading, soleuslib.practice
from soleuslib import data, references, triage
triage.assess({})
data.load("loading_rungs")
references.get("Dixon2009GastrocSoleus")
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@functools.cache
def _engine_modules() -> set[str]:
    """Top-level modules loaded by importing and running the engine in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", ENGINE], capture_output=True, text=True, check=True, timeout=120
    )
    return set(result.stdout.split())


def test_the_engine_imports_and_runs_without_notebook_server_or_test_tools():
    loaded = _engine_modules()
    assert "soleuslib" in loaded and "pandas" in loaded, "the check did not see the engine load"
    assert not loaded & set(HEAVY), f"importing the engine loads {sorted(loaded & set(HEAVY))}"


def test_every_core_dependency_is_one_the_engine_imports():
    core = {_split(s)[0] for s in _project()["dependencies"]}
    assert core <= _engine_modules(), f"not needed by the engine: {core - _engine_modules()}"


def test_environment_uses_conda_forge_lists_pip_and_installs_the_project():
    env, _ = _environment()
    assert env["channels"] == ["conda-forge"]
    names = [_split(d)[0] for d in env["dependencies"] if isinstance(d, str)]
    assert "python" in names and "pip" in names
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]


def test_the_six_chosen_packages_are_declared():
    specs = _project()["dependencies"] + [s for specs in _extras().values() for s in specs]
    chosen = {"jupyterlab", "ipywidgets", "pandas", "plotly", "nbval", "papermill"}
    assert chosen <= {_split(s)[0] for s in specs}


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
