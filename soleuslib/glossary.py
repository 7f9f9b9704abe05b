"""The glossary (``data/glossary.csv``): its words found in text, and hover definitions on the site.

* :func:`entries` and :func:`find_terms` are pure: which glossary words a text contains, where.
* :func:`first_occurrences` picks the first occurrence of each term (the site defines a word once
  per page).
* :func:`page` is the glossary page (``notebooks/98_glossary.ipynb``): every term in alphabetical
  order with its plain meaning, clinical meaning and sources. In JupyterLab it shows as HTML; on
  the site its MyST twin (:func:`myst`) becomes Sphinx's own ``glossary``, so ``{term}`` roles
  resolve and each term has the stable anchor :func:`anchor`.
* The Sphinx glue (:func:`annotate_doctree`, :func:`setup`, registered by ``soleuslib.site``)
  wraps that first occurrence in lesson pages as ``<abbr title="plain meaning"
  class="glossary-term">`` around a link to the term's entry on the glossary page, skipping
  headings, links, code, literal blocks, maths and cell outputs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import pandas as pd

CSS_CLASS = "glossary-term"
LINK_CLASS = "glossary-link"
# The site page that holds the glossary (data/lessons.csv lists it like a lesson).
PAGE_DOCNAME = "notebooks/98_glossary"
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
    refs: tuple[str, ...] = ()
    source_note: str = ""


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
                refs=tuple(_split(row.get("refs", ""))),
                source_note=row.get("source_note", "") or "",
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


# --- the glossary page ---------------------------------------------------------------------------


def alphabetical(glossary: Iterable[Entry]) -> list[Entry]:
    """The entries sorted by their word as a reader looks it up (case and accents ignored)."""
    return sorted(glossary, key=lambda e: (_fold(e.word), e.term))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def anchor(entry: Entry) -> str:
    """The id of the term's entry on the glossary page: what Sphinx's ``glossary`` directive
    gives the term (``term-`` and the word, non-letters as hyphens), e.g. ``term-Achilles-tendon``.
    """
    ascii_text = unicodedata.normalize("NFKD", f"term-{entry.word}")
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-zA-Z0-9._]+", "-", " ".join(ascii_text.split()))
    return re.sub(r"^[-0-9._]+|-+$", "", slug)


def _also(entry: Entry) -> list[str]:
    return [form for form in entry.forms if form != entry.word]


def myst(glossary: Iterable[Entry]) -> str:
    """The glossary as MyST: one ``glossary`` directive, terms in alphabetical order, each with
    its plain meaning, clinical meaning and ``{cite:p}`` sources (or its source note)."""
    lines = [":::{glossary}", ""]
    for entry in alphabetical(glossary):
        lines.append(entry.word)
        lines.append(f"  **In plain words:** {entry.plain}")
        lines += ["", f"  **Clinical meaning:** {entry.clinical}"]
        if _also(entry):
            lines += ["", f"  **Also written:** {', '.join(_also(entry))}"]
        if entry.refs:
            lines += ["", f"  **Sources:** {{cite:p}}`{','.join(entry.refs)}`"]
        else:
            lines += ["", f"  **Source:** {entry.source_note}"]
        lines.append("")
    lines.append(":::")
    return "\n".join(lines) + "\n"


def page_html(glossary: Iterable[Entry]) -> str:
    """The glossary as an HTML definition list (how JupyterLab shows the glossary page)."""
    from soleuslib.references import cite

    items = []
    for entry in alphabetical(glossary):
        parts = [
            f"<p><b>In plain words:</b> {html.escape(entry.plain)}</p>",
            f"<p><b>Clinical meaning:</b> {html.escape(entry.clinical)}</p>",
        ]
        if _also(entry):
            parts.append(f"<p><b>Also written:</b> {html.escape(', '.join(_also(entry)))}</p>")
        if entry.refs:
            parts.append(f"<p><b>Sources:</b> {cite(*entry.refs)._repr_html_()}</p>")
        else:
            parts.append(f"<p><b>Source:</b> {html.escape(entry.source_note)}</p>")
        items.append(
            f'<dt id="{anchor(entry)}">{html.escape(entry.word)}</dt><dd>{"".join(parts)}</dd>'
        )
    return f'<dl class="soleus-glossary">{"".join(items)}</dl>'


def page_text(glossary: Iterable[Entry]) -> str:
    """The glossary as plain text: one line per term."""
    return "\n".join(f"{e.word}: {e.plain}" for e in alphabetical(glossary))


class GlossaryPage:
    """The glossary page's output: HTML in JupyterLab, MyST (Sphinx's ``glossary``) on the site."""

    def __init__(self, glossary: Iterable[Entry]):
        self.glossary = tuple(glossary)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        from soleuslib.site_outputs import MYST_MIMETYPE

        return {
            MYST_MIMETYPE: myst(self.glossary),
            "text/html": page_html(self.glossary),
            "text/plain": page_text(self.glossary),
        }


def page(glossary: Iterable[Entry] | None = None) -> GlossaryPage:
    """The glossary page (``data/glossary.csv`` unless entries are given)."""
    return GlossaryPage(entries() if glossary is None else glossary)


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


def annotate_doctree(
    doctree, glossary: Iterable[Entry], link: Callable[[Entry], str | None] = lambda entry: None
) -> int:
    """Wrap the first occurrence of each glossary term in ``doctree``; returns how many.

    ``link(entry)`` gives the URL of the term's glossary entry: the word inside the ``<abbr>``
    links to it (no link where it gives None)."""
    from docutils import nodes

    glossary = tuple(glossary)
    by_term = {e.term: e for e in glossary}
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
            entry = by_term[match.term]
            url = link(entry)
            inner: nodes.Node = (
                nodes.reference(
                    match.text, match.text, refuri=url, internal=True, classes=[LINK_CLASS]
                )
                if url
                else nodes.Text(match.text)
            )
            pieces.append(
                nodes.abbreviation(
                    match.text, "", inner, explanation=entry.plain, classes=[CSS_CLASS]
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


def _entry_link(app, docname: str) -> Callable[[Entry], str | None]:
    """URL, from page ``docname``, of a term's entry in the site's glossary (Sphinx's std domain
    knows where each ``glossary`` term is); None for a term no glossary defines."""
    terms = app.env.get_domain("std").objects  # ("term", word) -> (docname, id)

    def link(entry: Entry) -> str | None:
        found = terms.get(("term", entry.word))
        if found is None:
            return None
        target_doc, target_id = found
        return f"{app.builder.get_relative_uri(docname, target_doc)}#{target_id}"

    return link


def _on_doctree_resolved(app, doctree, docname: str) -> None:
    # The lesson pages; the glossary page defines every word already.
    if docname.startswith("notebooks/") and docname != PAGE_DOCNAME:
        annotate_doctree(doctree, _site_entries(), _entry_link(app, docname))


def setup(app) -> dict[str, bool]:
    """Sphinx entry point (``app.setup_extension("soleuslib.glossary")`` in soleuslib.site)."""
    app.connect("doctree-resolved", _on_doctree_resolved)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
