"""How easy the patient-facing texts are to read: SMOG grade, hardest sentences, unexplained jargon.

**SMOG** (McLaughlin 1969): grade = 1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291, where a
polysyllable is a word of three or more syllables. textstat's ``smog_index`` returns 0 for fewer
than three sentences, which would wave short blocks through, so :func:`smog` applies the formula
itself: syllables come from textstat (CMU pronouncing dictionary, then pyphen's hyphenation for
words it lacks), sentences from :func:`sentences`, which also counts each line (a list item, a
heading, a label without final punctuation) as a sentence. A block is scored as a whole.

:func:`patient_blocks` collects every patient-facing text from the data and the package, one small
function per source (``BLOCK_SOURCES``), so that a source that moves is repointed in one place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser

import pandas as pd

from soleuslib import glossary as gl

SMOG_LIMIT = 8.0
POLYSYLLABLE_MIN = 3  # syllables
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.", "Dr.", "Mr.", "Mrs.", "Ms.")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


# --- SMOG ----------------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """The sentences of ``text``: each non-empty line is at least one (list items, headings, labels
    without a full stop count), and a line splits after . ! or ? followed by a capital or a digit.
    Common abbreviations (e.g., i.e.) and decimals (0.5) do not end a sentence."""
    found: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        start = 0
        for end in _SENTENCE_END.finditer(line):
            piece = line[start : end.end()].strip()
            if piece.endswith(ABBREVIATIONS):
                continue
            found.append(piece)
            start = end.end()
        if line[start:].strip():
            found.append(line[start:].strip())
    return [s for s in found if _WORD.search(s)]


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and inner apostrophes; digits and symbols are not words)."""
    return _WORD.findall(text)


def syllables(word: str) -> int:
    """Syllables of one word, counted by textstat (pinned in pyproject.toml's dev extras)."""
    try:
        import textstat
    except ImportError:  # pragma: no cover - a dev dependency
        raise ImportError(
            "soleuslib.readability needs textstat: pip install -e '.[dev]' (make install)"
        ) from None
    return int(textstat.syllable_count(word))


def polysyllables(text: str) -> int:
    """Words of three or more syllables in ``text``."""
    return sum(1 for w in words(text) if syllables(w) >= POLYSYLLABLE_MIN)


def smog(text: str) -> float:
    """SMOG grade of ``text`` as one block, even for fewer than three sentences; 0.0 if empty."""
    count = len(sentences(text))
    if count == 0:
        return 0.0
    return 1.0430 * math.sqrt(polysyllables(text) * 30 / count) + 3.1291


def hard_sentences(text: str, limit: float = SMOG_LIMIT) -> list[str]:
    """The sentences that push ``text`` over ``limit``, most polysyllables first: removing them, in
    this order, brings the rest of the block to ``limit`` or below. Empty if the block passes."""
    remaining = sentences(text)
    if smog("\n".join(remaining)) <= limit:
        return []
    ranked = sorted(remaining, key=lambda s: (-polysyllables(s), -len(words(s))))
    removed: list[str] = []
    for sentence in ranked:
        if smog("\n".join(remaining)) <= limit:
            break
        remaining.remove(sentence)
        removed.append(sentence)
    return removed


# --- jargon --------------------------------------------------------------------------------------


def _jargon(text: str, entries: tuple[gl.Entry, ...]) -> list[gl.Match]:
    """Matches of forbidden terms, matched against the whole glossary (longest form first), so
    "medial" inside the term "medial tibial stress syndrome" is that term, not the word."""
    forbidden = {e.term for e in entries if e.patient_forbidden}
    return [m for m in gl.find_terms(text, entries) if m.term in forbidden]


def _forbidden_inside(text: str, entries: tuple[gl.Entry, ...]) -> bool:
    return bool(_jargon(text, entries))


def _explained(text: str, match: gl.Match, entries: tuple[gl.Entry, ...]) -> bool:
    """``word (plain words)`` or ``plain words (word)``, the plain words free of jargon."""
    after = re.match(r"\s*\(([^()]+)\)", text[match.end :])
    if after and len(words(after.group(1))) >= 2:
        return not _forbidden_inside(after.group(1), entries)
    before = re.search(r"([^()]*?)\(\s*$", text[: match.start])
    closes = re.match(r"\s*\)", text[match.end :])
    if before and closes:
        lead = before.group(1).strip()
        return bool(words(lead)) and not _forbidden_inside(lead, entries)
    return False


def unexplained_terms(text: str, glossary: Iterable[gl.Entry] | None = None) -> list[str]:
    """Jargon words (glossary rows with ``patient_forbidden = yes``) that ``text`` uses without a
    plain explanation right next to them, as written, each once, in reading order.

    Explained means ``oedema (swelling that holds a dent)`` or ``inner (posteromedial) border``:
    the word and plain words side by side, one of them in brackets. Better is not to use it."""
    entries = gl.entries() if glossary is None else tuple(glossary)
    found: list[str] = []
    for match in _jargon(text, entries):
        if not _explained(text, match, entries) and match.text not in found:
            found.append(match.text)
    return found


# Word parts that mark a clinical (Greek or Latin) word. A patient text may use such a word only
# when data/glossary.csv has it: then the site links it to its plain meaning and the jargon rule
# above applies to it.
CLINICAL_WORD = re.compile(
    r"(?:itis|osis|opathy|a?esthesia|algia|ectomy|a?emia|flexion|o?edema|plegia|paresis|trophy)"
    r"(?:e?s)?$|^(?:thromb|embol|isch|neuro|myo|osteo|angio|phleb|ha?emat|tendin|fasci)",
    re.IGNORECASE,
)
# Clinical in form, but words a patient already knows.
EVERYDAY_WORDS = frozenset({"arthritis", "diagnosis"})


def uncovered_terms(text: str, glossary: Iterable[gl.Entry] | None = None) -> list[str]:
    """Words of ``text`` that look clinical (:data:`CLINICAL_WORD`) but are in no glossary form
    (words inside a glossary match, like "thrombosis" in "deep vein thrombosis", are covered)."""
    entries = gl.entries() if glossary is None else tuple(glossary)
    spans = [(m.start, m.end) for m in gl.find_terms(text, entries)]
    found: list[str] = []
    for hit in re.finditer(r"[A-Za-z][A-Za-z-]*[A-Za-z]", text):
        word = hit.group(0)
        covered = any(start <= hit.start() and hit.end() <= end for start, end in spans)
        clinical = any(CLINICAL_WORD.search(part) for part in word.split("-"))
        if clinical and not covered and word.lower() not in EVERYDAY_WORDS and word not in found:
            found.append(word)
    return found


# --- the patient-facing blocks -------------------------------------------------------------------


class _TextOf(HTMLParser):
    """Text of chosen elements of an HTML fragment, one line per element; skips whole subtrees."""

    def __init__(self, keep: set[str], skip_classes: set[str]):
        super().__init__(convert_charrefs=True)
        self.keep, self.skip_classes = keep, skip_classes
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.lines: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "meta", "link", "input", "hr"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = tag in {"script", "style", "figure", "svg", "noscript"} or bool(
            classes & self.skip_classes
        )
        if tag in self.keep:
            self._flush()
        self.stack.append((tag, skipped or any(s for _, s in self.stack)))

    def handle_endtag(self, tag):
        if tag in self.keep:
            self._flush()
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        inside = [t for t, _ in self.stack]
        if self.stack and not self.stack[-1][1] and any(t in self.keep for t in inside):
            self.current.append(data)

    def _flush(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def text(self) -> str:
        self._flush()
        return "\n".join(self.lines)


def html_text(fragment: str, keep: Iterable[str], skip_classes: Iterable[str] = ()) -> str:
    """The text of the ``keep`` elements of an HTML fragment, one line each."""
    parser = _TextOf(set(keep), set(skip_classes))
    parser.feed(fragment)
    parser.close()
    return parser.text()


def _lines(values: Iterable[object]) -> str:
    return "\n".join(str(v).strip() for v in values if isinstance(v, str) and v.strip())


def warning_sign_blocks() -> dict[str, str]:
    """The warning list: every ``plain`` sign of data/exercise_safety.csv."""
    from soleuslib import data

    return {"warning_signs": _lines(data.load("exercise_safety")["plain"])}


def urgency_blocks() -> dict[str, str]:
    """The patient words of the four urgency levels (soleuslib/urgency.py)."""
    from soleuslib import urgency

    return {
        "urgency.patient_words": _lines(urgency.PATIENT_WORDS.values()),
        "urgency.when_words": _lines(urgency.WHEN_WORDS.values()),
    }


TRIAGE_PATIENT_COLUMNS = {
    # block name: (table, column); a column that does not exist (yet) gives no block.
    "triage.patient_questions": ("triage_findings", "patient_question"),
    "triage.plain_names": ("triage_conditions", "plain_name"),
    "triage.plain_actions": ("triage_conditions", "plain_action"),
}


def triage_text_blocks(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The triage's patient texts from loaded tables; an empty cell (clinician-only) is left out."""
    blocks = {}
    for name, (table, column) in TRIAGE_PATIENT_COLUMNS.items():
        frame = tables.get(table)
        if frame is not None and column in frame.columns:
            blocks[name] = _lines(frame[column].fillna(""))
    return blocks


def triage_blocks() -> dict[str, str]:
    """Patient questions, plain names and plain actions of the triage, when the columns exist."""
    from soleuslib import data

    tables = {table: data.load(table) for table, _ in TRIAGE_PATIENT_COLUMNS.values()}
    return triage_text_blocks(tables)


def triage_form_blocks() -> dict[str, str]:
    """The patient mode of the triage form: its fixed words and a full result panel's text."""
    from soleuslib import triage
    from soleuslib.widgets import triage as form

    result = triage.assess({"one_leg_swollen": True, "focal_bony_tenderness": True})
    fixed = [*form.PATIENT_SECTION_TITLES.values(), form.PATIENT_EXAM_NOTE,
             form.NOT_ASSESSED["patient"], form.PATIENT_INTRO]  # fmt: skip
    return {
        "triage.patient_form": _lines(fixed),
        "triage.patient_result": html_text(form.patient_result_html(result), ("p", "li", "div")),
    }


def exercise_blocks() -> dict[str, str]:
    """What the handout and the patient view show of each exercise (data/exercises.csv)."""
    from soleuslib import data, exercises

    frame = exercises.exercises()
    items = [part for cell in frame["cues"] for part in data.split_keys(cell)]
    cheats = [part for cell in frame["cheats"] for part in data.split_keys(cell)]
    dosage = [exercises.dosage_text(row) for _, row in frame.iterrows()]
    equipment = sorted({e for cell in frame["equipment"] for e in data.split_keys(cell)})
    return {
        "exercises.names": _lines(frame["name"]),
        "exercises.purpose": _lines(frame["purpose"]),
        "exercises.cues": _lines(items),
        "exercises.cheats": _lines(cheats),
        "exercises.dosage": _lines([*dosage, *frame["rest"], *frame["load"], *equipment]),
    }


HANDOUT_KEEP = {"h1", "h2", "h3", "h4", "p", "dt"}  # list items and values come from the data


def handout_blocks() -> dict[str, str]:
    """The handout's own words: headings, labels and paragraphs of its blocks (soleuslib.handout),
    rendered at the plain reading level with examples/handout_params.yaml; plus its side and stage
    words. Data shown in it (exercises, warning signs, sources) is scored in its own blocks."""
    from soleuslib import data, handout, loading, paths

    params = handout.validate_params(
        {
            **handout.load_params_file(paths.REPO_ROOT / "examples" / "handout_params.yaml"),
            "reading_level": "plain",
        }
    )
    first = params.exercise_ids[0]
    pages = [
        handout.header(params).html,
        handout.notice(params).html,
        handout.exercise_card(params, first, 1).html,
        handout.safety_box(params).html,
        handout.about(params).html,
    ]
    text = [html_text(page, HANDOUT_KEEP, {"purpose", "sources"}) for page in pages]
    stages = data.load("handout_stages")
    fixed = [*handout.SIDE_WORDS.values(), *stages["label"], *stages["plain"]]
    plans = [loading.stage_plan_text(stage) for stage in stages["stage"]]
    return {"handout.fixed_text": _lines([*text, *fixed]), "handout.stage_plans": _lines(plans)}


def patient_view_blocks() -> dict[str, str]:
    """The patient view's own words: its notebook's Markdown cells (site/patient_view.ipynb), the
    header, notice and the warning-list headings (soleuslib.patient)."""
    import nbformat

    from soleuslib.patient import content, view

    nb = nbformat.read(view.PATIENT_VIEW, as_version=4)
    markdown = [
        re.sub(r"[#*_`]", "", cell.source) for cell in nb.cells if cell.cell_type == "markdown"
    ]
    own = [view.TITLE, view.LEAD, view.SAFETY_TITLE, view.SAFETY_INTRO]
    notice = html_text(view.patient_notice(), {"p"})
    headings = content.SAFETY_HEADINGS.values()
    return {"patient_view.fixed_text": _lines([*markdown, *own, notice, *headings])}


def glossary_blocks() -> dict[str, str]:
    """The glossary's plain meanings (the site's hover text, and what a patient text may borrow)."""
    return {"glossary.plain": _lines(e.plain for e in gl.entries())}


BLOCK_SOURCES: tuple[Callable[[], dict[str, str]], ...] = (
    warning_sign_blocks,
    urgency_blocks,
    triage_blocks,
    triage_form_blocks,
    exercise_blocks,
    handout_blocks,
    patient_view_blocks,
    glossary_blocks,
)


def patient_blocks() -> dict[str, str]:
    """Every patient-facing text block, by name: built from the data and the package, never copied.
    Each block is a group of related strings, one per line, and is scored as a whole."""
    blocks: dict[str, str] = {}
    for source in BLOCK_SOURCES:
        for name, text in source().items():
            if name in blocks:
                raise ValueError(f"two sources give the patient block '{name}'")
            if text.strip():
                blocks[name] = text
    return blocks
