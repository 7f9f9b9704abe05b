"""``python -m soleuslib``: one command line for the handout, the patient view, new lessons, the
site's table of contents and notebook execution."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from soleuslib import __main__ as cli
from soleuslib import catalog, paths, site
from tests.test_execute import _notebook


def _cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``python -m soleuslib ARGS`` from the repository root, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "soleuslib", *args],
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def test_help_lists_every_registered_command():
    result = _cli("--help")
    for name in ("handout", "new-lesson", "present", "toc", "execute"):
        assert name in cli.COMMANDS
        assert f"    {name}" in result.stdout, f"--help does not list {name}"


def test_present_takes_an_optional_port_on_the_command_line():
    assert cli.build_parser().parse_args(["present"]).port is None
    assert cli.build_parser().parse_args(["present", "--port", "8877"]).port == 8877


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_present_refuses_a_port_that_is_not_a_tcp_port_and_names_it(port, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(["present", "--port", port])
    assert exit_.value.code == 2
    assert f"the port must be a number from 1 to 65535 (got '{port}')" in capsys.readouterr().err


def test_present_runs_the_patient_view_on_the_given_port(monkeypatch):
    from soleuslib.patient import view

    served: list[int | None] = []
    monkeypatch.setattr(view, "present", lambda port=None: served.append(port) or 0)
    assert cli.main(["present", "--port", "8899"]) == 0
    assert cli.main(["present"]) == 0
    assert served == [8899, None]


def test_toc_takes_no_arguments(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["toc", "extra"])
    assert "unrecognized arguments: extra" in capsys.readouterr().err


def test_toc_prints_the_sites_table_of_contents_in_lesson_order():
    result = _cli("toc")
    assert result.stdout == site.toc_yaml()
    toc = yaml.safe_load(result.stdout)
    files = [toc["root"]] + [chapter["file"] for chapter in toc["chapters"]]
    assert files == [f"notebooks/{Path(n).stem}" for n in catalog.lessons()["notebook"]]


def test_execute_needs_at_least_one_notebook(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["execute"])
    assert "the following arguments are required: NOTEBOOK" in capsys.readouterr().err
    args = cli.build_parser().parse_args(["execute", "a.ipynb", "b.ipynb"])
    assert args.notebooks == [Path("a.ipynb"), Path("b.ipynb")]


@pytest.mark.slow
def test_execute_runs_a_notebook_and_saves_its_outputs(tmp_path):
    notebook = _notebook(tmp_path / "small.ipynb", "print(6 * 7)")
    result = _cli("execute", str(notebook), check=False)
    assert result.returncode == 0, result.stderr
    assert f"executing {notebook}" in result.stdout
    code = json.loads(notebook.read_text())["cells"][1]
    assert code["execution_count"] == 1
    assert "".join(code["outputs"][0]["text"]) == "42\n"


@pytest.mark.slow
def test_execute_reports_a_failing_notebook_and_keeps_it_unsaved(tmp_path):
    notebook = _notebook(tmp_path / "broken.ipynb", "undefined_name")
    before = notebook.read_text()
    result = _cli("execute", str(notebook), check=False)
    assert result.returncode == 1
    assert "NameError" in result.stderr and "keeps its previous outputs" in result.stderr
    assert notebook.read_text() == before
