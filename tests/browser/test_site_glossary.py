"""The built site defines glossary words on hover: ``<abbr class="glossary-term" title="…">``.

Reads the HTML of the one site build the browser tests share (no browser needed).
"""

from __future__ import annotations

from html.parser import HTMLParser

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
        if tag == "abbr" and gl.CSS_CLASS in (attributes.get("class") or "").split():
            self.found.append({"title": attributes.get("title"), "inside": set(self.stack)})
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
