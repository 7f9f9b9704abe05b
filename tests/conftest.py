"""Shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from soleuslib import data, paths


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    data.clear_cache()
    yield target
    data.clear_cache()


def notebooks() -> list[Path]:
    """Every notebook under notebooks/."""
    return sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
