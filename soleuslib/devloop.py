"""Which notebooks the inner loop touches: ``make check`` and ``make notebooks NB=...``.

* ``make check`` runs nbval on the notebooks changed since ``main`` (``git diff`` plus untracked
  files) and on the notebooks that list the lessons (those whose ``tables`` in data/lessons.csv
  include ``lessons``: the start page and the references page).
* ``make notebooks NB=path`` re-executes that notebook, plus the lesson-listing notebooks when
  data/lessons.csv changed, and leaves the rest alone.

``python -m soleuslib.devloop changed-notebooks`` and ``... to-execute NB`` print the lists.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from soleuslib import paths

BASE_CANDIDATES = ("main", "origin/main")
LESSONS_CSV = "data/lessons.csv"


def _git(*args: str) -> str | None:
    result = subprocess.run(
        ["git", *args], cwd=paths.REPO_ROOT, capture_output=True, text=True, check=False
    )
    return result.stdout if result.returncode == 0 else None


def base_ref() -> str | None:
    """The branch changes are counted from: ``main``, else ``origin/main``, else none."""
    for ref in BASE_CANDIDATES:
        if _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is not None:
            return ref
    return None


def changed_files(base: str | None = None) -> list[str] | None:
    """Repository paths changed on this branch since it left ``base`` (committed or not) plus
    untracked files; None when there is no base to compare with (then everything counts).

    Changes made on ``base`` since then (another lesson merged into main) do not count.
    """
    base = base or base_ref()
    if base is None:
        return None
    fork = (_git("merge-base", base, "HEAD") or "").strip()
    if not fork:
        return None
    diff = _git("diff", "--name-only", fork, "--") or ""
    untracked = _git("ls-files", "--others", "--exclude-standard") or ""
    return sorted(set(diff.split()) | set(untracked.split()))


def lesson_listing_notebooks(lessons: Iterable[tuple[str, str]]) -> list[str]:
    """Notebooks (``notebooks/<file>``) of the lessons that show the ``lessons`` table.

    ``lessons`` holds (notebook file, tables cell) pairs from data/lessons.csv.
    """
    found = []
    for notebook, tables in lessons:
        if "lessons" in [t.strip() for t in (tables or "").split(";")]:
            found.append(f"notebooks/{notebook}")
    return found


def notebooks_to_check(
    changed: Iterable[str] | None, listing: Iterable[str], every: Iterable[str]
) -> list[str]:
    """The notebooks ``make check`` runs nbval on: the changed ones, then the listing ones.

    ``changed`` None (no base branch) means every notebook.
    """
    every = list(every)
    if changed is None:
        return every
    picked = [p for p in every if p in set(changed)]
    return list(dict.fromkeys([*picked, *(p for p in listing if p in every)]))


def notebooks_to_execute(
    notebook: str, changed: Iterable[str] | None, listing: Iterable[str]
) -> list[str]:
    """``notebook``, then the lesson-listing notebooks if data/lessons.csv changed."""
    lessons_changed = changed is None or LESSONS_CSV in set(changed)
    extra = list(listing) if lessons_changed else []
    return list(dict.fromkeys([notebook, *extra]))


def _listing() -> list[str]:
    from soleuslib import catalog

    frame = catalog.lessons()
    return lesson_listing_notebooks(zip(frame["notebook"], frame["tables"], strict=True))


def _every() -> list[str]:
    return [f"notebooks/{p.name}" for p in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))]


def _relative(notebook: str) -> str:
    path = Path(notebook).resolve()
    try:
        return str(path.relative_to(paths.REPO_ROOT))
    except ValueError:
        return notebook


def main(argv: list[str]) -> int:
    if argv[:1] == ["changed-notebooks"]:
        print(" ".join(notebooks_to_check(changed_files(), _listing(), _every())))
        return 0
    if argv[:1] == ["to-execute"] and len(argv) == 2:
        notebook = _relative(argv[1])
        if not (paths.REPO_ROOT / notebook).is_file():
            print(f"error: NB={argv[1]}: no such notebook", file=sys.stderr)
            return 2
        print(" ".join(notebooks_to_execute(notebook, changed_files(), _listing())))
        return 0
    print("usage: python -m soleuslib.devloop changed-notebooks | to-execute NB", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
