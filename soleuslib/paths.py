"""Where the project's files live; overridable through environment variables for tests."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("SOLEUSLIB_DATA_DIR", REPO_ROOT / "data"))
REFERENCES_FILE = Path(
    os.environ.get("SOLEUSLIB_REFERENCES", REPO_ROOT / "references" / "references.bib")
)
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
