"""new-lesson: a skeleton in the house template, refused ids, and nothing left half-way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from soleuslib import catalog, paths, scaffold


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The parts of the repository the scaffold reads and writes."""
    root = tmp_path / "repo"
    for folder in ("data", "references", "notebooks"):
        shutil.copytree(paths.REPO_ROOT / folder, root / folder)
    (root / "soleuslib" / "schemas").mkdir(parents=True)
    for module in ("data.py", "anatomy.py", "schemas/core.py"):
        (root / "soleuslib" / module).write_text("")
    (root / "tests").mkdir()
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "bad_id,reason",
    [
        ("Plyo", "must be 2–30 characters"),
        ("7plyo", "must be 2–30 characters"),
        ("triage", "already exists in data/lessons.csv"),
        ("anatomy", "already exists in data/lessons.csv"),
        ("data", "would clash with an existing module"),
        ("class", "would clash"),
    ],
)
def test_a_bad_or_existing_id_is_refused_and_nothing_is_written(repo, bad_id, reason):
    before = _snapshot(repo)
    with pytest.raises(ValueError, match=reason):
        scaffold.create(bad_id, "A title", root=repo, execute=lambda path: None)
    assert _snapshot(repo) == before


def test_a_notebook_that_fails_to_execute_leaves_every_file_as_it_was(repo):
    before = _snapshot(repo)

    def failing(path: Path) -> None:
        raise RuntimeError("kernel died")

    with pytest.raises(RuntimeError, match="kernel died"):
        scaffold.create("plyo", "Plyometrics", root=repo, execute=failing)
    assert _snapshot(repo) == before


def test_the_skeleton_follows_the_template_and_lists_the_lesson(repo):
    executed: list[str] = []
    written = scaffold.create("plyo", "Plyometrics", root=repo, execute=executed.append)
    lesson = scaffold.plan("other", "x" * 5, repo)  # the next free order after the new lesson
    notebook = repo / "notebooks" / f"{lesson.order - 1:02d}_plyo.ipynb"
    assert notebook in written and (repo / "soleuslib" / "plyo.py") in written
    cells = json.loads(notebook.read_text())["cells"]
    text = "\n".join(c["source"] for c in cells if c["cell_type"] == "markdown")
    assert catalog.missing_sections(text) == [] and "Estimated time" in text
    assert ",plyo_facts," in (repo / "data" / "lessons.csv").read_text()
    assert [Path(p).name for p in executed] == [
        notebook.name,
        "00_start_here.ipynb",
        "99_references.ipynb",
    ]


def test_the_next_lesson_comes_after_the_last_one_and_before_the_references_page():
    assert scaffold.next_order([0, 1, 2, 6, 99]) == 7
    assert scaffold.next_order([0, 1, 98, 99]) == 2  # the appendix pages stay last
    with pytest.raises(ValueError, match="no free order below 98"):
        scaffold.next_order([0, 97, 98, 99])
