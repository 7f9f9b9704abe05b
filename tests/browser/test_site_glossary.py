"""The built site defines glossary words on hover: ``<abbr class="glossary-term" title="…">``
around a link to the word's entry on the glossary page, which lists every term with an anchor.

Reads the HTML of the one site build the browser tests share (no browser needed).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from soleuslib import glossary as gl

from .conftest import lesson_pages

FORBIDDEN_PARENTS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "abbr"}


class _Abbrs(HTMLParser):
    """Every glossary abbr of a page with its title and the elements it sits in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "abbr" and gl.CSS_CLASS in classes:
            self.found.append(
                {"title": attributes.get("title"), "inside": set(self.stack), "href": None}
            )
        if tag == "a" and gl.LINK_CLASS in classes and self.stack[-1:] == ["abbr"]:
            self.found[-1]["href"] = attributes.get("href")
        if tag not in {"br", "img", "meta", "link", "input", "hr", "source", "wbr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]


def _abbrs(html_text: str) -> list[dict]:
    parser = _Abbrs()
    parser.feed(html_text)
    return parser.found


def test_lesson_pages_define_glossary_words_on_hover_outside_headings_links_and_code(site_dir):
    plain = {e.plain for e in gl.entries()}
    total = 0
    for path, notebook in lesson_pages():
        page = site_dir / path
        if not notebook.exists():
            continue
        found = _abbrs(page.read_text(encoding="utf-8"))
        total += len(found)
        for abbr in found:
            assert abbr["title"] in plain, f"{path}: glossary abbr without a plain title"
            assert not abbr["inside"] & FORBIDDEN_PARENTS, f"{path}: abbr inside {abbr['inside']}"
    anatomy = _abbrs((site_dir / "notebooks/01_soleus_anatomy.html").read_text(encoding="utf-8"))
    assert anatomy, "the anatomy lesson defines no glossary word"
    assert total >= len(lesson_pages())


GLOSSARY_PAGE = f"{gl.PAGE_DOCNAME}.html"


def _text(markup: str) -> str:
    """Visible text without tags, entities and Sphinx's typographic quotes."""
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    return text.translate(str.maketrans("‘’“”", "''\"\""))


def _ids(html_text: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html_text))


def test_the_glossary_page_lists_every_term_alphabetically_with_its_anchor_and_sources(site_dir):
    page = (site_dir / GLOSSARY_PAGE).read_text(encoding="utf-8")
    terms = re.findall(r'<dt id="(term-[^"]+)">([^<]+)<', page)
    entries = gl.alphabetical(gl.entries())
    # Sphinx's smart quotes print "Baker's" as "Baker’s": compared as the reader sees them.
    assert [(a, _text(w)) for a, w in terms] == [(gl.anchor(e), e.word) for e in entries]
    for entry, (_, word) in zip(entries, terms, strict=True):
        definition = page.split(f">{word}<", 1)[1].split("</dd>", 1)[0]
        assert entry.plain in _text(definition), entry.term
        assert entry.clinical in _text(definition), entry.term
        cited = re.findall(r'<a class="reference internal" href="99_references\.html#', definition)
        assert len(cited) == len(entry.refs), f"{entry.term}: {len(cited)} citation links"
        if not entry.refs:
            assert entry.source_note in _text(definition)


def test_each_hover_links_to_its_terms_entry_on_the_glossary_page(site_dir):
    glossary_ids = _ids((site_dir / GLOSSARY_PAGE).read_text(encoding="utf-8"))
    by_plain = {e.plain: e for e in gl.entries()}
    linked = 0
    for path, _ in lesson_pages():
        if path == GLOSSARY_PAGE:
            continue
        for abbr in _abbrs((site_dir / path).read_text(encoding="utf-8")):
            assert abbr["href"], f"{path}: a glossary word without a link to its entry"
            target, anchor = abbr["href"].split("#")
            assert (site_dir / path).parent.joinpath(target).resolve() == (
                site_dir / GLOSSARY_PAGE
            ).resolve(), f"{path}: {abbr['href']}"
            assert anchor in glossary_ids, f"{path}: {abbr['href']} has no target"
            assert anchor == gl.anchor(by_plain[abbr["title"]]), f"{path}: {abbr['href']}"
            linked += 1
    assert linked >= len(lesson_pages())


def test_the_glossary_page_itself_wraps_no_word(site_dir):
    assert _abbrs((site_dir / GLOSSARY_PAGE).read_text(encoding="utf-8")) == []
    assert Path(GLOSSARY_PAGE).name in {Path(p).name for p, _ in lesson_pages()}
