"""The glossary (``data/glossary.csv``): its words found in text, and hover definitions on the site.

* :func:`entries` and :func:`find_terms` are pure: which glossary words a text contains, where.
* :func:`first_occurrences` picks the first occurrence of each term (the site defines a word once
  per page).
* The Sphinx glue (:func:`annotate_doctree`, :func:`setup`, registered by ``soleuslib.site``)
  wraps that first occurrence in lesson pages as ``<abbr title="plain meaning"
  class="glossary-term">``, skipping headings, links, code, literal blocks, maths and cell outputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pandas as pd

CSS_CLASS = "glossary-term"
# Notebook cell outputs (tables, widgets, printed values) are generated, not prose: left alone.
SKIPPED_CONTAINER_CLASSES = frozenset({"cell_output", "cell_input", "output"})


@dataclass(frozen=True)
class Entry:
    """One glossary term and every form it is written in."""

    term: str
    word: str
    forms: tuple[str, ...]
    plain: str
    clinical: str
    patient_forbidden: bool


@dataclass(frozen=True)
class Match:
    """A glossary form found in a text: ``text[start:end]`` is the word as written."""

    term: str
    start: int
    end: int
    text: str


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def entries(frame: pd.DataFrame | None = None) -> tuple[Entry, ...]:
    """The glossary as entries (``data/glossary.csv`` unless a frame is given).

    A form listed under two terms would make matching ambiguous: it raises ValueError naming both.
    """
    if frame is None:
        from soleuslib import data

        frame = data.load("glossary")
    found: list[Entry] = []
    owner: dict[str, str] = {}
    for row in frame.to_dict(orient="records"):
        forms = tuple(dict.fromkeys([row["word"], *_split(row["variants"])]))
        for form in forms:
            key = form.casefold()
            if key in owner and owner[key] != row["term"]:
                raise ValueError(
                    f"glossary.csv: the form '{form}' belongs to both '{owner[key]}' and "
                    f"'{row['term']}'; keep it under one term"
                )
            owner[key] = row["term"]
        found.append(
            Entry(
                term=row["term"],
                word=row["word"],
                forms=forms,
                plain=row["plain"],
                clinical=row["clinical"],
                patient_forbidden=bool(row["patient_forbidden"]),
            )
        )
    return tuple(found)


@cache
def _pattern(forms_to_terms: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    # Longest form first, so "chronic exertional compartment syndrome" wins over "compartment
    # syndrome" and "tibial tuberosity" over "tuberosity". A plural s/es may follow any form.
    ordered = sorted(forms_to_terms, key=lambda pair: -len(pair[0]))
    alternatives = "|".join(
        f"(?P<t{index}>{re.escape(form)})" for index, (form, _) in enumerate(ordered)
    )
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:e?s)?(?![\w-])", re.IGNORECASE)


def _compiled(glossary: Iterable[Entry]) -> tuple[re.Pattern[str], list[str]]:
    pairs = tuple(sorted({(form, e.term) for e in glossary for form in e.forms}))
    ordered = sorted(pairs, key=lambda pair: -len(pair[0]))
    return _pattern(pairs), [term for _, term in ordered]


def find_terms(text: str, glossary: Iterable[Entry]) -> list[Match]:
    """Every glossary form in ``text``, in reading order, whole words only, case-insensitive."""
    pattern, terms = _compiled(glossary)
    found = []
    for hit in pattern.finditer(text):
        index = int(hit.lastgroup[1:])
        found.append(Match(terms[index], hit.start(), hit.end(), hit.group(0)))
    return found


def first_occurrences(
    text: str, glossary: Iterable[Entry], seen: Iterable[str] = ()
) -> list[Match]:
    """The first match of each term in ``text`` whose term is not already in ``seen``."""
    done = set(seen)
    chosen = []
    for match in find_terms(text, glossary):
        if match.term not in done:
            done.add(match.term)
            chosen.append(match)
    return chosen


# --- Sphinx glue ---------------------------------------------------------------------------------


def _skipped(node) -> bool:
    """True inside headings, links, code, literal text, maths, raw HTML, citations, cell output."""
    from docutils import nodes
    from sphinx import addnodes

    skipped_types = (
        nodes.title,
        nodes.subtitle,
        nodes.rubric,
        nodes.reference,
        nodes.target,
        nodes.literal,
        nodes.FixedTextElement,  # literal_block, doctest_block, line blocks of code
        nodes.raw,
        nodes.math,
        nodes.math_block,
        nodes.abbreviation,
        nodes.citation,
        nodes.citation_reference,
        nodes.footnote,
        nodes.comment,
        nodes.substitution_definition,
        nodes.image,
        addnodes.pending_xref,
        addnodes.toctree,
    )
    parent = node.parent
    while parent is not None:
        if isinstance(parent, skipped_types):
            return True
        classes = set(parent.get("classes", [])) if hasattr(parent, "get") else set()
        if classes & SKIPPED_CONTAINER_CLASSES:
            return True
        parent = parent.parent
    return False


def annotate_doctree(doctree, glossary: Iterable[Entry]) -> int:
    """Wrap the first occurrence of each glossary term in ``doctree``; returns how many."""
    from docutils import nodes

    glossary = tuple(glossary)
    plain = {e.term: e.plain for e in glossary}
    seen: set[str] = set()
    count = 0
    for text_node in list(doctree.findall(nodes.Text)):
        if text_node.parent is None or _skipped(text_node):
            continue
        source = text_node.astext()
        matches = first_occurrences(source, glossary, seen)
        if not matches:
            continue
        pieces: list[nodes.Node] = []
        position = 0
        for match in matches:
            if match.start > position:
                pieces.append(nodes.Text(source[position : match.start]))
            pieces.append(
                nodes.abbreviation(
                    match.text, match.text, explanation=plain[match.term], classes=[CSS_CLASS]
                )
            )
            seen.add(match.term)
            position = match.end
        if position < len(source):
            pieces.append(nodes.Text(source[position:]))
        parent = text_node.parent
        index = parent.index(text_node)
        parent.remove(text_node)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)
        count += len(matches)
    return count


@cache
def _site_entries() -> tuple[Entry, ...]:
    return entries()


def _on_doctree_resolved(app, doctree, docname: str) -> None:
    if docname.startswith("notebooks/"):  # the lesson pages
        annotate_doctree(doctree, _site_entries())


def setup(app) -> dict[str, bool]:
    """Sphinx entry point (``app.setup_extension("soleuslib.glossary")`` in soleuslib.site)."""
    app.connect("doctree-resolved", _on_doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
