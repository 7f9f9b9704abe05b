"""Quality gates on the committed notebooks: clean execution, no personal metadata, the template."""

from __future__ import annotations

import json
import re

import pytest

from soleuslib import catalog
from soleuslib.execute import KEEP_CELL_METADATA, KEEP_NOTEBOOK_METADATA
from tests.conftest import notebooks

NOT_LESSONS = {"handout.ipynb"}  # papermill template for the patient handout
TEMPLATE_HEADINGS = ("## Learning objectives", "## Summary", "## References")


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
    [p for p in notebooks() if p.name not in NOT_LESSONS and not p.name.startswith("99")],
    ids=lambda p: p.name,
)
def test_lesson_follows_the_template(path):
    cells = _load(path)["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    assert "Estimated time" in text
    for heading in TEMPLATE_HEADINGS:
        assert heading in text, f"{path.name} lacks '{heading}'"


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
