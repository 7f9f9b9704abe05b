"""Quality gates on the committed notebooks: clean execution, no personal metadata, the template."""

from __future__ import annotations

import json
import re

import pytest

from soleuslib import catalog, paths
from soleuslib.execute import KEEP_CELL_METADATA, KEEP_NOTEBOOK_METADATA
from tests.conftest import notebooks

NOT_LESSONS = {"handout.ipynb"}  # papermill template for the patient handout
# The appendix pages (case library, glossary, references): in the contents, not lessons.
BACK_MATTER = set(catalog.lessons().set_index("id").loc[sorted(catalog.BACK_MATTER), "notebook"])


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebook_has_no_error_outputs(path):
    for index, cell in enumerate(_load(path)["cells"]):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"raises-exception", "nbval-raises-exception"}:
            continue
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        assert not errors, f"{path.name} cell {index} has a stored error: {errors[0]['ename']}"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebook_was_executed_top_to_bottom_once(path):
    counts = [c.get("execution_count") for c in _load(path)["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: execution counts {counts}"


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_notebook_carries_no_personal_metadata(path):
    nb = _load(path)
    assert set(nb["metadata"]) <= set(KEEP_NOTEBOOK_METADATA), set(nb["metadata"])
    for cell in nb["cells"]:
        assert set(cell.get("metadata", {})) <= set(KEEP_CELL_METADATA), cell.get("metadata")


def test_every_notebook_is_in_the_learning_path():
    listed = set(catalog.lessons()["notebook"])
    present = {p.name for p in notebooks()} - NOT_LESSONS
    assert present == listed & present, f"not in data/lessons.csv: {present - listed}"


@pytest.mark.parametrize(
    "path",
    [p for p in notebooks() if p.name not in NOT_LESSONS | BACK_MATTER],
    ids=lambda p: p.name,
)
def test_lesson_follows_the_template(path):
    cells = _load(path)["cells"]
    where = f"notebooks/{path.name}"
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown" and first.startswith("# "), (
        f"{where}: cell 1 must be a markdown cell starting with the '# ' title"
    )
    assert "Estimated time" in text, f"{where}: no 'Estimated time' line under the title"
    missing = catalog.missing_sections(text)
    assert not missing, (
        f"{where} lacks the section(s) {', '.join(repr(h) for h in missing)} "
        "(the template: soleuslib.catalog.LESSON_SECTIONS)"
    )
    misplaced = catalog.sections_out_of_order(text)
    assert not misplaced, (
        f"{where}: the sections {', '.join(misplaced)} are not in the template's order "
        "(soleuslib.catalog.LESSON_SECTIONS)"
    )


def test_the_template_check_names_the_missing_section():
    text = "# Title\n\nEstimated time: 30 min\n\n## Learning objectives\n\n## Summary\n"
    assert catalog.missing_sections(text) == [
        "## Prerequisites",
        "## What the evidence says",
        "## References",
    ]
    assert catalog.missing_sections("\n".join(catalog.section_headings())) == []


def test_the_readme_lists_the_lesson_sections_the_hygiene_test_enforces():
    readme = (paths.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert catalog.readme_sections_block() in readme, (
        "README.md: the list of lesson sections between "
        f"'{catalog.README_SECTIONS_START}' and '{catalog.README_SECTIONS_END}' is not "
        "catalog.readme_sections_block(); paste its output into the README"
    )


ANSWER_BLOCK = re.compile(r"<details[^>]*>\s*<summary>[^<]*answer", re.IGNORECASE)


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_no_self_check_answers_are_hand_written_in_markdown(path):
    """Questions and answers live in data/self_checks.csv and are shown with self_check()."""
    for index, cell in enumerate(_load(path)["cells"]):
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not ANSWER_BLOCK.search(text), (
                f"{path.name} cell {index}: a hand-written <details> answer block; "
                "move it to data/self_checks.csv and call self_check()"
            )


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name)
def test_every_check_yourself_heading_is_followed_by_a_hidden_self_check_cell(path):
    cells = _load(path)["cells"]
    for index, cell in enumerate(cells):
        text = "".join(cell["source"])
        if cell["cell_type"] != "markdown" or "Check yourself" not in text:
            continue
        follower = cells[index + 1]
        assert follower["cell_type"] == "code", f"{path.name} cell {index}"
        assert "".join(follower["source"]).startswith("self_check("), f"{path.name} cell {index}"
        assert "hide-input" in follower.get("metadata", {}).get("tags", [])
