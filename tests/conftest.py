"""Shared fixtures."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from soleuslib import data, paths

# Performance is measured by `make bench`, not by timed tests: no per-example deadline.
settings.register_profile("soleus", deadline=None)
# `make check` (the inner loop) sets SOLEUS_HYPOTHESIS=quick: fewer examples, same properties.
settings.register_profile("quick", deadline=None, max_examples=15)
settings.load_profile(os.environ.get("SOLEUS_HYPOTHESIS", "soleus"))


def edit_text(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a (copied) file by ``new``; the setup fails if it is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    data.clear_cache()
    yield target
    data.clear_cache()


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(config, items) -> None:
    """Everything under tests/browser/ is a browser test (``-m "not browser"`` leaves it out)."""
    for item in items:
        if BROWSER_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def notebooks() -> list[Path]:
    """Every notebook under notebooks/."""
    return sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
