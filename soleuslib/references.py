"""Citations and bibliographies from ``references/references.bib``, parsed with pybtex.

``cite(key)`` gives an inline author-year citation linking to the DOI or URL;
``bibliography(keys)`` gives a formatted list. Both render as rich notebook output.
"""

from __future__ import annotations

import codecs
import difflib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import latexcodec  # noqa: F401  (registers the 'ulatex' codec)
from pybtex.database import BibliographyData, Entry, parse_file

from soleuslib.paths import REFERENCES_FILE

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#].\S*$")
# Keys cited in notebook text: {cite}`A`, {cite:p}`A,B`, {cite:t}`A`; and in code: cite("A").
_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
# A web page whose date was not seen has no `year` in the .bib; it is cited as "n.d." (no date).
NO_YEAR = "n.d."
_CALL = re.compile(r"""\bcite\(\s*["']([^"']+)["']""")


class UnknownReferenceError(KeyError):
    """A citation key that is not in the bibliography."""

    def __str__(self) -> str:  # KeyError quotes its message; we want plain prose.
        return str(self.args[0])


@dataclass(frozen=True)
class Reference:
    """One bibliography entry, reduced to what the lessons show."""

    key: str
    authors: tuple[str, ...]  # family names, in order
    author_names: tuple[str, ...]  # "Family AB" form, for the reference list
    more_authors: bool  # the .bib lists the first authors only ("and others")
    year: str
    title: str
    venue: str
    doi: str | None
    url: str | None
    lessons: tuple[str, ...]

    @property
    def link(self) -> str | None:
        """The DOI as a resolvable link, else the URL."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    @property
    def short(self) -> str:
        """Author-year label, e.g. 'Bramah et al., 2021'."""
        names = self.authors
        if len(names) == 1 and not self.more_authors:
            who = names[0]
        elif len(names) == 2 and not self.more_authors:
            who = f"{names[0]} & {names[1]}"
        else:
            who = f"{names[0]} et al."
        return f"{who}, {self.year}"

    def formatted(self) -> str:
        """Plain-text bibliography line."""
        who = ", ".join(self.author_names) + (" et al." if self.more_authors else "")
        end = "" if self.title.endswith(("?", "!", ".")) else "."
        parts = [f"{who} ({self.year}). {self.title}{end}"]
        if self.venue:
            parts.append(f"{self.venue}.")
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.url:
            parts.append(self.url)
        return " ".join(parts)


def _plain(latex: str) -> str:
    """LaTeX-escaped BibTeX text to plain Unicode (latexcodec; pybtex's own route is slow)."""
    text = codecs.decode(latex, "ulatex").replace("`", "'")
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()


def _venue(entry: Entry) -> str:
    fields = entry.fields
    journal = _plain(fields.get("journal", fields.get("publisher", fields.get("howpublished", ""))))
    detail = ""
    if "volume" in fields:
        detail = fields["volume"] + (f"({fields['number']})" if "number" in fields else "")
    if "pages" in fields:
        detail += (":" if detail else "") + fields["pages"].replace("--", "–")
    return f"{journal} {detail}".strip()


def _to_reference(key: str, entry: Entry) -> Reference:
    people = entry.persons.get("author", [])
    more = any(str(p) == "others" for p in people)
    people = [p for p in people if str(p) != "others"]
    authors = tuple(_plain(" ".join(p.prelast_names + p.last_names)) for p in people)
    names = tuple(
        f"{family} {''.join(_plain(n)[:1] for n in p.first_names + p.middle_names)}".strip()
        for family, p in zip(authors, people, strict=True)
    )
    keywords = entry.fields.get("keywords", "")
    return Reference(
        key=key,
        authors=authors,
        author_names=names,
        more_authors=more,
        year=entry.fields.get("year", "").strip() or NO_YEAR,
        title=_plain(entry.fields.get("title", "")),
        venue=_venue(entry),
        doi=entry.fields.get("doi") or None,
        url=entry.fields.get("url") or None,
        lessons=tuple(k.strip() for k in keywords.split(",") if k.strip()),
    )


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> dict[str, Reference]:
    data: BibliographyData = parse_file(str(path), bib_format="bibtex")
    return {key: _to_reference(key, entry) for key, entry in data.entries.items()}


def load_references(path: Path | None = None) -> dict[str, Reference]:
    """All entries of the .bib file by key (cached until the file changes)."""
    path = Path(path or REFERENCES_FILE)
    return _load(path, path.stat().st_mtime)


def keys(path: Path | None = None) -> frozenset[str]:
    """Every citation key in the bibliography."""
    return frozenset(load_references(path))


def nearest_keys(key: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Existing keys that look most like ``key`` (a typo, a wrong year), best first."""
    by_lower = {k.lower(): k for k in known}
    close = difflib.get_close_matches(key.lower(), list(by_lower), n=limit, cutoff=0.6)
    if not close:  # same first author and year, e.g. Bramah2021 for Bramah2021CalfStrain...
        prefix = key.lower()[:6]
        close = sorted(k for k in by_lower if k[:6] == prefix)[:limit]
    return [by_lower[k] for k in close]


def did_you_mean(key: str, known: Iterable[str]) -> str:
    """' Did you mean X?' naming the nearest existing keys, or '' when none is close."""
    close = nearest_keys(key, known)
    return f" Did you mean {' or '.join(close)}?" if close else ""


def get(key: str, path: Path | None = None) -> Reference:
    """The entry for ``key``; an unknown key raises a clear error."""
    refs = load_references(path)
    try:
        return refs[key]
    except KeyError:
        hint = did_you_mean(key, refs)
        raise UnknownReferenceError(
            f"unknown reference key '{key}': it is not in {Path(path or REFERENCES_FILE).name}."
            + hint
        ) from None


def check_entry(ref: Reference) -> list[str]:
    """Problems with one entry (missing authors, title, year, or a malformed DOI/URL)."""
    problems = []
    if not ref.authors:
        problems.append("no authors")
    if not ref.title:
        problems.append("no title")
    if ref.year == NO_YEAR:
        if ref.url is None or ref.doi is not None:
            problems.append("no year: only a web page (a URL, no DOI) may leave out its year")
    elif not re.fullmatch(r"(19|20)\d\d", ref.year):
        problems.append(f"year '{ref.year}' is not a four-digit year")
    if ref.doi is None and ref.url is None:
        problems.append("neither a DOI nor a URL")
    if ref.doi is not None and not DOI_PATTERN.match(ref.doi):
        problems.append(f"DOI '{ref.doi}' is not of the form 10.xxxx/...")
    if ref.url is not None and not URL_PATTERN.match(ref.url):
        problems.append(f"URL '{ref.url}' is not an http(s) address")
    return problems


class Citation:
    """An inline citation: prints as text, renders as a link in a notebook."""

    def __init__(self, refs: tuple[Reference, ...]):
        self.refs = refs

    def __str__(self) -> str:
        return "; ".join(r.short for r in self.refs)

    def __repr__(self) -> str:
        return f"({self})"

    def _repr_html_(self) -> str:
        links = []
        for r in self.refs:
            label = html.escape(r.short)
            links.append(
                f'<a href="{html.escape(r.link)}" title="{html.escape(r.title)}">{label}</a>'
                if r.link
                else label
            )
        return f'<span class="citation">({"; ".join(links)})</span>'

    def _repr_markdown_(self) -> str:
        return "(" + "; ".join(f"[{r.short}]({r.link})" for r in self.refs) + ")"


def cite(*keys_: str) -> Citation:
    """Inline citation for one or more keys, e.g. ``cite("Bramah2021CalfStrainKinematics")``."""
    if not keys_:
        raise ValueError("cite() needs at least one reference key")
    return Citation(tuple(get(k) for k in keys_))


class Bibliography:
    """A formatted reference list, sorted by first author then year."""

    def __init__(self, refs: Iterable[Reference], heading: str | None = None):
        self.refs = tuple(sorted(refs, key=lambda r: (r.authors[:1], r.year, r.title)))
        self.heading = heading

    def __str__(self) -> str:
        lines = [self.heading] if self.heading else []
        lines += [f"- {r.formatted()}" for r in self.refs]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        items = []
        for r in self.refs:
            text = html.escape(r.formatted())
            if r.link:
                text += f' <a href="{html.escape(r.link)}">{html.escape(r.link)}</a>'
            items.append(f'<li id="ref-{html.escape(r.key)}">{text}</li>')
        head = f"<h3>{html.escape(self.heading)}</h3>" if self.heading else ""
        return f'{head}<ol class="bibliography">{"".join(items)}</ol>'


def bibliography(keys_: Iterable[str], heading: str | None = None) -> Bibliography:
    """Formatted bibliography for the given keys (duplicates removed)."""
    return Bibliography((get(k) for k in dict.fromkeys(keys_)), heading)


def keys_in_text(text: str) -> set[str]:
    """Citation keys used in notebook text: MyST cite roles and ``cite("...")`` calls."""
    found: set[str] = set()
    for group in _ROLE.findall(text):
        found.update(k.strip() for k in group.split(","))
    found.update(_CALL.findall(text))
    return found


def keys_in_notebook(path: Path) -> set[str]:
    """Citation keys used anywhere in a notebook's cell sources."""
    import json

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return set().union(*(keys_in_text("".join(c.get("source", ""))) for c in nb["cells"]))
