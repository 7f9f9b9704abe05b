"""A rough readability check for the patient register: SMOG grade from a syllable heuristic.

Good enough to catch a paragraph drifting into long words; not a validated instrument.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Estimated syllables of one English word (vowel groups, a silent final e dropped)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) > 3 and w.endswith("e") and not w.endswith(("le", "ee")):
        w = w[:-1]
    if len(w) > 3 and w.endswith(("es", "ed")) and not w.endswith(("les", "ted", "ded")):
        w = w[:-2]
    return max(1, len(_VOWEL_GROUPS.findall(w)))


def sentences(texts: Iterable[str]) -> list[str]:
    """Sentences of ``texts``: each text, split after '.', '!' or '?'."""
    found = []
    for text in texts:
        found += [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    return found


def smog_grade(texts: Iterable[str]) -> float:
    """SMOG grade (McLaughlin 1969 formula) of ``texts``; each list item counts as a sentence."""
    parts = sentences(texts)
    if not parts:
        raise ValueError("texts must hold at least one sentence (got none)")
    polysyllables = sum(1 for s in parts for w in s.split() if syllables(w) >= 3)
    return 1.0430 * math.sqrt(polysyllables * 30 / len(parts)) + 3.1291
