"""new-lesson: a skeleton in the house template, refused ids, and nothing left half-way."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from soleuslib import catalog, paths, scaffold

SELF_CHECK_CALL = re.compile(r"""self_check\(\s*["']([^"']+)["']\s*\)""")


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


def test_the_next_lesson_comes_after_the_last_one_and_before_the_glossary_and_references():
    assert scaffold.next_order([0, 1, 2, 6, 97, 98, 99]) == 7
    assert scaffold.next_order([0, 1, 97, 98, 99]) == 2  # the appendix pages stay last
    with pytest.raises(ValueError, match="no free order below 97"):
        scaffold.next_order([0, 96, 97, 98, 99])


def test_the_skeleton_starts_in_the_predict_demo_check_pattern(tmp_path, monkeypatch):
    from soleuslib import pedagogy
    from soleuslib.schemas.objectives import Objective
    from soleuslib.schemas.selfcheck import SelfCheck

    lesson = scaffold.Lesson("plyo", "Plyometrics", 7, scaffold.PREFERRED_EXAMPLE_KEY)
    path = tmp_path / "07_plyo.ipynb"
    path.write_text(json.dumps(scaffold.notebook_json(lesson)), encoding="utf-8")
    parsed = pedagogy.parse(path)
    header = (
        "id,lesson,section,kind,question,options,correct,explanation,feedback,refs,purpose,level"
    )
    rows = list(csv.DictReader(io.StringIO(header + "\n" + scaffold.self_check_rows(lesson))))
    # The lesson is not in data/lessons.csv here: validate the rows' columns, not the lesson id.
    checks = [SelfCheck.model_construct(**row) for row in rows]
    for row in rows:
        SelfCheck.model_validate({**row, "lesson": "anatomy"})
    assert [(c.purpose, c.level, c.section) for c in checks] == [
        ("predict", "apply", "1"),
        ("check", "apply", "1"),
    ]
    objective_columns = ["id", "lesson", "number", "verb", "text", "checks"]
    values = next(csv.reader([scaffold.objective_row(lesson)]))
    objective = dict(zip(objective_columns, values, strict=True))
    Objective.model_validate({**objective, "lesson": "anatomy", "checks": ""})
    assert objective["checks"] == checks[1].id
    assert pedagogy.notebook_objectives(parsed) == [objective["text"]]
    needed = pedagogy.verb_level(objective["verb"])
    assert pedagogy.level_rank(checks[1].level) >= pedagogy.level_rank(needed)

    # Predict (with its self-check) before the demo, then the check; headings, tasks, minutes.
    sources = [c["source"] for c in json.loads(path.read_text())["cells"]]
    order = [sources.index(s) for s in sources if "Predict first" in s or "Demo:" in s]
    shown = [i for i, s in enumerate(sources) if s.startswith("self_check(")]
    assert order[0] < shown[0] < order[1] < shown[1]
    assert [sources[i] for i in shown] == [f'self_check("{c.id}")' for c in checks]
    assert pedagogy.heading_problems(parsed) == [] and pedagogy.task_problems(parsed) == []
    by_id = {c.id: c for c in checks}
    monkeypatch.setattr(
        pedagogy,
        "shown_checks",
        lambda lesson: [
            (b, SELF_CHECK_CALL.findall(b.source))
            for b in lesson.blocks
            if SELF_CHECK_CALL.findall(b.source)
        ],
    )  # fmt: skip (the skeleton is not executed: its checks are read from the calls)
    assert set(by_id) == {i for _, ids in pedagogy.shown_checks(parsed) for i in ids}
    total, parts = pedagogy.stated_minutes(parsed)
    assert "section 1" in parts and sum(parts.values()) == total
    low, high = pedagogy.STATED_RANGE
    assert low <= total / pedagogy.estimated_minutes(parsed) <= high
