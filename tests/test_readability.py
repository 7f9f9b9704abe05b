"""The readability gate: every patient-facing block reads at SMOG grade 8 or below, and uses no
jargon without a plain explanation.

The rule for jargon (glossary rows with ``patient_forbidden = yes``): a patient block should not
use the word at all. Where it must (a patient will hear it from the clinician), the word stands
right next to its plain meaning, one of the two in brackets: "oedema (swelling that holds a dent)"
or "the inner (posteromedial) border". The word must also be in data/glossary.csv with a plain
meaning (every forbidden word is, because the list of forbidden words is that column).

A block that fails today and belongs to someone else's rewrite is listed in ``KNOWN_FAILING``
and marked ``xfail(strict=True)``: once its text is fixed the test fails until the marker goes.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from soleuslib import glossary as gl
from soleuslib import readability as r

# block name -> why it fails today (remove the entry once the text is rewritten).
KNOWN_FAILING: dict[str, str] = {}
KNOWN_JARGON: dict[str, str] = {}

BLOCKS = r.patient_blocks()


def _cases(known: dict[str, str]) -> list:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=known[name]))
        if name in known
        else name
        for name in BLOCKS
    ]


def smog_failure(name: str, text: str, limit: float = r.SMOG_LIMIT) -> str | None:
    """A message naming the block, its score and its hardest sentences; None if it passes."""
    score = r.smog(text)
    if score <= limit:
        return None
    worst = "\n".join(
        f"  - ({r.polysyllables(s)} words of 3+ syllables) {s}"
        for s in r.hard_sentences(text, limit)
    )
    return (
        f"patient block '{name}' has SMOG grade {score:.1f} (limit {limit:g}, "
        f"{len(r.sentences(text))} sentences). Rewrite these sentences first:\n{worst}"
    )


def jargon_failure(name: str, text: str, glossary=None) -> str | None:
    """A message naming the block and its unexplained jargon; None if there is none."""
    terms = r.unexplained_terms(text, glossary)
    if not terms:
        return None
    lines = [s for s in r.sentences(text) if r.unexplained_terms(s, glossary)]
    shown = "\n".join(f"  - {s}" for s in lines)
    return (
        f"patient block '{name}' uses {', '.join(repr(t) for t in terms)} without a plain "
        f"explanation in brackets next to it (better: plain words only):\n{shown}"
    )


# --- the gate ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", _cases(KNOWN_FAILING))
def test_patient_block_reads_at_smog_grade_8_or_below(name):
    failure = smog_failure(name, BLOCKS[name])
    assert failure is None, failure


@pytest.mark.parametrize("name", _cases(KNOWN_JARGON))
def test_patient_block_uses_no_unexplained_jargon(name):
    failure = jargon_failure(name, BLOCKS[name])
    assert failure is None, failure


@pytest.mark.parametrize("name", list(BLOCKS))
def test_every_clinical_word_of_a_patient_block_is_in_the_glossary(name):
    """Glossary coverage of patient text: a clinical-looking word a patient reads is defined in
    data/glossary.csv (so the glossary page explains it and the jargon rule checks it)."""
    missing = r.uncovered_terms(BLOCKS[name])
    assert not missing, (
        f"patient block '{name}' uses {', '.join(repr(w) for w in missing)}, which "
        "data/glossary.csv does not define: add the word there (plain and clinical meaning, "
        "sources) or use plain words"
    )


def test_uncovered_terms_finds_clinical_words_the_glossary_lacks():
    text = "Tendinopathy, plantar fasciitis and a deep vein thrombosis; oedema; my leg; arthritis."
    assert r.uncovered_terms(text) == ["Tendinopathy", "fasciitis"]


def test_uncovered_terms_uses_the_glossary_it_is_given():
    frame = pd.DataFrame(
        [
            {
                "term": "tendinopathy",
                "word": "tendinopathy",
                "variants": "",
                "plain": "A sore, weak tendon.",
                "clinical": "Tendon pain with loss of function.",
                "patient_forbidden": True,
            }
        ]
    )
    glossary = gl.entries(frame)
    assert r.uncovered_terms("Tendinopathy and thrombosis.", glossary) == ["thrombosis"]


def test_every_known_failure_names_an_existing_block():
    stale = (set(KNOWN_FAILING) | set(KNOWN_JARGON)) - set(BLOCKS)
    assert not stale, f"remove these entries, no such patient block: {sorted(stale)}"


def test_the_gate_fails_a_jargon_heavy_block():
    text = (
        "Palliative anticoagulation necessitates interdisciplinary evaluation.\n"
        "Proximal oedema indicates a thrombotic complication."
    )
    smog_message = smog_failure("example", text)
    jargon_message = jargon_failure("example", text)
    assert smog_message and "patient block 'example' has SMOG grade" in smog_message
    assert "Palliative anticoagulation necessitates" in smog_message
    assert jargon_message and "'Palliative'" in jargon_message and "'oedema'" in jargon_message


def test_the_gate_passes_a_plain_block():
    text = "See a doctor today.\nStop running if the calf swells.\nRest and keep the leg up."
    assert smog_failure("plain", text) is None
    assert jargon_failure("plain", text) is None


# --- SMOG, proven by hand ------------------------------------------------------------------------


def test_smog_applies_the_formula_to_hand_counted_text():
    # 3 sentences; polysyllables: banana, tomato (3 each), hospital (3) = 3 of them.
    text = "The cat ate a banana. The dog sat on a tomato. We went to the hospital."
    assert len(r.sentences(text)) == 3
    assert r.polysyllables(text) == 3
    expected = 1.0430 * math.sqrt(3 * 30 / 3) + 3.1291
    assert r.smog(text) == pytest.approx(expected)
    assert r.smog(text) == pytest.approx(8.84, abs=0.01)


def test_smog_with_no_long_words_is_the_formula_constant():
    assert r.smog("The cat sat. The dog ran.") == pytest.approx(3.1291)


def test_smog_scores_a_single_sentence_honestly():
    # textstat's smog_index gives 0 below three sentences; here 2 polysyllables in 1 sentence.
    text = "Physiotherapy is beneficial."
    assert r.polysyllables(text) == 2
    assert r.smog(text) == pytest.approx(1.0430 * math.sqrt(2 * 30) + 3.1291)
    assert r.smog(text) > 8


def test_smog_of_empty_text_is_zero():
    assert r.smog("") == 0.0 and r.smog("  \n 12 \n") == 0.0


def test_each_line_counts_as_a_sentence_even_without_a_full_stop():
    assert r.sentences("Warning signs\n- calf swells\n- foot goes cold\n") == [
        "Warning signs",
        "calf swells",
        "foot goes cold",
    ]


def test_abbreviations_and_decimals_do_not_end_a_sentence():
    text = "Use a band, e.g. a light one. Measure 10.5 cm below the knee. Rest (2 days.) Then walk."
    assert r.sentences(text) == [
        "Use a band, e.g. a light one.",
        "Measure 10.5 cm below the knee.",
        "Rest (2 days.)",
        "Then walk.",
    ]


def test_hard_sentences_lists_the_sentences_over_the_limit_longest_words_first():
    text = (
        "Rest today.\nWalk a bit.\nThe physiotherapy department evaluates complicated injuries.\n"
        "Keep the leg up.\nCall an ambulance immediately."
    )
    hard = r.hard_sentences(text)
    assert hard[0] == "The physiotherapy department evaluates complicated injuries."
    rest = [s for s in r.sentences(text) if s not in hard]
    assert r.smog("\n".join(rest)) <= r.SMOG_LIMIT
    assert r.hard_sentences("Rest today.\nWalk a bit.") == []


# --- jargon --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The pain is proximal.", ["proximal"]),
        ("Is there pitting oedema in the leg?", ["pitting oedema"]),
        ("Measure below the tibial tuberosity.", ["tibial tuberosity"]),
        ("Pain when you dorsiflex the ankle, or in dorsiflexion.", ["dorsiflex", "dorsiflexion"]),
        ("Swelling of the leg (oedema) that holds a dent.", []),
        ("Pitting oedema (swelling that keeps a dent) in one leg.", []),
        ("Tender along the inner (posteromedial) border of the shin.", []),
        ("Oedema (distal swelling) in one leg.", ["Oedema", "distal"]),  # jargon explains nothing
        ("Swelling in the soleus and the Achilles tendon.", []),  # not forbidden words
        ("Posteromedial, sorry: proximal.", ["Posteromedial", "proximal"]),
        ("Pain in the medial calf.", ["medial"]),
        ("Medial tibial stress syndrome is shin pain.", []),  # a longer term, not the word
    ],
)
def test_unexplained_terms_finds_jargon_without_a_plain_explanation(text, expected):
    assert r.unexplained_terms(text) == expected


def test_unexplained_terms_uses_the_glossary_it_is_given():
    frame = pd.DataFrame(
        [
            {
                "term": "crepitus",
                "word": "crepitus",
                "variants": "",
                "plain": "A crackling feel.",
                "clinical": "Palpable crackling.",
                "patient_forbidden": True,
            }
        ]
    )
    glossary = gl.entries(frame)
    assert r.unexplained_terms("Crepitus over the tendon.", glossary) == ["Crepitus"]
    assert r.unexplained_terms("Pain is proximal.", glossary) == []


# --- the registry of patient blocks --------------------------------------------------------------


def test_patient_blocks_cover_every_source_and_are_not_empty():
    expected = {
        "warning_signs",
        "urgency.patient_words",
        "urgency.when_words",
        "exercises.names",
        "exercises.purpose",
        "exercises.cues",
        "exercises.cheats",
        "exercises.dosage",
        "handout.fixed_text",
        "patient_view.fixed_text",
        "glossary.plain",
    }
    assert expected <= set(BLOCKS)
    assert all(text.strip() for text in BLOCKS.values())


def test_patient_blocks_are_read_from_the_data_not_copied():
    from soleuslib import data, handout, urgency
    from soleuslib.patient import view

    for sign in data.load("exercise_safety")["plain"]:
        assert sign in BLOCKS["warning_signs"].splitlines()
    for words in urgency.PATIENT_WORDS.values():
        assert words in BLOCKS["urgency.patient_words"].splitlines()
    assert view.PATIENT_NOTICE in BLOCKS["patient_view.fixed_text"]
    assert view.SAFETY_TITLE in BLOCKS["patient_view.fixed_text"].splitlines()
    assert handout.SAFETY_TITLE in BLOCKS["handout.fixed_text"].splitlines()
    for plain in data.load("handout_stages")["plain"]:
        assert plain in BLOCKS["handout.fixed_text"].splitlines()
    assert "Sources" in BLOCKS["handout.fixed_text"].splitlines()
    assert not any(line.startswith("Clinical:") for line in BLOCKS["handout.fixed_text"])


def test_triage_patient_texts_join_the_blocks_once_their_columns_exist():
    findings = pd.DataFrame(
        {"id": ["a", "b", "c"], "patient_question": ["Does your calf hurt?", "", "Is it red?"]}
    )
    conditions = pd.DataFrame(
        {"id": ["x"], "plain_name": ["A calf strain"], "plain_action": ["See your physio."]}
    )
    blocks = r.triage_text_blocks({"triage_findings": findings, "triage_conditions": conditions})
    assert blocks == {
        "triage.patient_questions": "Does your calf hurt?\nIs it red?",
        "triage.plain_names": "A calf strain",
        "triage.plain_actions": "See your physio.",
    }
    assert (
        r.triage_text_blocks({"triage_findings": findings.drop(columns="patient_question")}) == {}
    )


def test_html_text_keeps_the_chosen_elements_one_line_each():
    page = (
        "<section><h2>Safety</h2><p>Stop <b>at once</b>.</p><ul><li>a sign</li></ul>"
        '<figure><p>figure text</p></figure><ol class="sources"><li>Ref</li></ol></section>'
    )
    assert r.html_text(page, {"h2", "p"}, {"sources"}) == "Safety\nStop at once."


def test_textstat_is_the_pinned_offline_version_and_shadows_no_tests_package():
    import importlib.metadata
    import tomllib
    from pathlib import Path

    import tests
    from soleuslib import paths

    project = tomllib.loads((paths.REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in project["project"]["optional-dependencies"]["dev"] if "textstat" in d]
    assert pins == [f"textstat=={importlib.metadata.version('textstat')}"]
    assert Path(tests.__file__).parent == paths.REPO_ROOT / "tests"
