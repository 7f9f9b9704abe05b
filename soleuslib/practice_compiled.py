"""The practice cases and grading constants compiled for the static site (site/static/practice.js).

Like :mod:`soleuslib.triage.compiled`: a script that sets ``window.SOLEUS_PRACTICE`` (so that it
also loads from ``file://``). practice.js grades with these constants and the compiled triage rule
book (``window.SOLEUS_TRIAGE_RULEBOOK``) through ``window.SoleusTriage``;
``tests/browser/test_practice_parity.py`` checks that it gives exactly what
:func:`soleuslib.practice.grade` gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from soleuslib import practice
from soleuslib.triage import compiled

GLOBAL_NAME = "SOLEUS_PRACTICE"
FILE_NAME = "practice-cases.js"


def practice_dict() -> dict[str, Any]:
    """The cases (with their true answers) and every grading constant, in file order."""
    cases = [
        {"id": c.id, "level": c.level, "opening": c.opening, "findings": c.findings,
         "mimics": list(c.mimics), "expected_urgency": c.expected_urgency,
         "expected_leading": c.expected_leading, "teaching_point": c.teaching_point}
        for c in practice.cases().values()
    ]  # fmt: skip
    return {
        "version": 1,
        "cases": cases,
        "points": practice.POINTS,
        "part_order": list(practice.POINTS),
        "part_titles": practice.PART_TITLES,
        "extra_limit": practice.EXTRA_LIMIT,
        "pass_mark": practice.PASS_MARK,
        "max_total": practice.MAX_TOTAL,
        "red_flag_section": practice.RED_FLAG_SECTION,
        "later_sections": list(practice.LATER_SECTIONS),
        "urgency_labels": practice.URGENCY_LABELS,
        "texts": practice.TEXTS,
        "attempt_columns": list(practice.ATTEMPT_COLUMNS),
    }


def practice_js() -> str:
    """The compiled cases as a script that sets ``window.SOLEUS_PRACTICE``."""
    return compiled.global_script(GLOBAL_NAME, practice_dict())


def write(folder: Path) -> Path:
    """Write ``practice-cases.js`` into ``folder`` (the site's ``_static``); returns its path."""
    return compiled.write_script(folder, FILE_NAME, practice_js())
