"""The glossary: its data rules, the word matcher, and the site's hover definitions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from soleuslib import data
from soleuslib import glossary as gl
from soleuslib.schemas.glossary import GENERAL_VOCABULARY
from tests.conftest import edit_text as _edit


def _entry(term: str, word: str, variants: str = "", plain: str = "A plain meaning.") -> dict:
    return {
        "term": term,
        "word": word,
        "variants": variants,
        "plain": plain,
        "clinical": "A clinical meaning.",
        "patient_forbidden": True,
    }


GLOSSARY = gl.entries(
    pd.DataFrame(
        [
            _entry("compartment_syndrome", "compartment syndrome", "acute compartment syndrome"),
            _entry("cecs", "chronic exertional compartment syndrome", "CECS"),
            _entry("tuberosity", "tuberosity"),
            _entry("tibial_tuberosity", "tibial tuberosity"),
            _entry("medial", "medial"),
            _entry("dvt", "deep vein thrombosis", "DVT"),
        ]
    )
)


# --- data ----------------------------------------------------------------------------------------


def test_glossary_has_25_to_80_terms_each_cited_or_marked_general_vocabulary():
    frame = data.load("glossary")
    assert 25 <= len(frame) <= 80  # a glossary, not a dictionary: the lessons' words only
    for _, row in frame.iterrows():
        assert bool(row["refs"]) != bool(row["source_note"]), row["term"]
        assert row["source_note"] in ("", GENERAL_VOCABULARY)


def test_the_forbidden_words_of_the_brief_are_in_the_glossary():
    forbidden = {e.term for e in gl.entries() if e.patient_forbidden}
    wanted = {"oedema", "tuberosity", "palliative", "dorsiflexion", "plantarflexion", "proximal"}
    wanted |= {"distal", "paraesthesia", "claudication", "aponeurosis", "radiculopathy"}
    assert wanted <= forbidden


def test_no_form_belongs_to_two_terms():
    gl.entries()  # raises on an ambiguous form


def test_a_form_under_two_terms_is_refused_with_both_names():
    frame = pd.DataFrame([_entry("a_term", "oedema"), _entry("b_term", "swelling", "Oedema")])
    with pytest.raises(ValueError, match="'Oedema' belongs to both 'a_term' and 'b_term'"):
        gl.entries(frame)


def test_an_uncited_term_without_the_general_vocabulary_note_is_refused(data_copy):
    _edit(data_copy / "glossary.csv", f",{GENERAL_VOCABULARY}\n", ",\n")
    with pytest.raises(data.DataFileError) as err:
        data.load("glossary", data_copy)
    assert err.value.file.name == "glossary.csv" and err.value.column == "source_note"
    assert err.value.row is not None and GENERAL_VOCABULARY in str(err.value)


def test_a_cited_term_with_a_source_note_is_refused(data_copy):
    _edit(data_copy / "glossary.csv", "Winters2017MtssDiagnosis,\n", "Winters2017MtssDiagnosis,x\n")
    with pytest.raises(data.DataFileError, match="column 'source_note': .*must be empty"):
        data.load("glossary", data_copy)


def test_an_invented_reference_is_refused(data_copy):
    _edit(data_copy / "glossary.csv", "Winters2017MtssDiagnosis", "Winters2099Invented")
    with pytest.raises(data.DataFileError, match="column 'refs': citation key 'Winters2099"):
        data.load("glossary", data_copy)


def test_a_plain_meaning_of_two_sentences_is_refused(data_copy):
    _edit(data_copy / "glossary.csv", "under the bigger calf muscle.", "under. The bigger one.")
    with pytest.raises(data.DataFileError, match="line 2, column 'plain': .*one short sentence"):
        data.load("glossary", data_copy)


# --- matching ------------------------------------------------------------------------------------


def test_find_terms_prefers_the_longest_form_and_whole_words():
    text = "Chronic exertional compartment syndrome is not acute compartment syndrome."
    found = [(m.term, m.text) for m in gl.find_terms(text, GLOSSARY)]
    assert found == [
        ("cecs", "Chronic exertional compartment syndrome"),
        ("compartment_syndrome", "acute compartment syndrome"),
    ]
    assert gl.find_terms("posteromedial, intermedial, medially", GLOSSARY) == []


def test_find_terms_is_case_insensitive_takes_plurals_and_gives_positions():
    text = "Two DVTs below the Tibial Tuberosity."
    found = gl.find_terms(text, GLOSSARY)
    assert [(m.term, m.text) for m in found] == [
        ("dvt", "DVTs"),
        ("tibial_tuberosity", "Tibial Tuberosity"),
    ]
    assert text[found[1].start : found[1].end] == "Tibial Tuberosity"


def test_first_occurrences_defines_each_term_once_and_respects_earlier_ones():
    text = "A DVT. Another DVT. The medial calf, medial again."
    first = gl.first_occurrences(text, GLOSSARY)
    assert [(m.term, m.start) for m in first] == [("dvt", 2), ("medial", 24)]
    assert [m.term for m in gl.first_occurrences(text, GLOSSARY, seen={"dvt"})] == ["medial"]


# --- the Sphinx transform ------------------------------------------------------------------------


def _doctree(rst: str):
    settings = get_default_settings(Parser)
    settings.report_level = 5
    document = new_document("<test>", settings)
    Parser().parse(rst, document)
    return document


def test_annotate_wraps_the_first_prose_occurrence_and_skips_headings_links_and_code():
    document = _doctree(
        "DVT heading\n===========\n\n"
        "See `DVT <https://example.org>`_ and ``DVT`` in code.\n\n"
        "::\n\n    DVT in a literal block\n\n"
        "A deep vein thrombosis in prose, then DVT again, and medial calf.\n"
    )
    count = gl.annotate_doctree(document, GLOSSARY)
    abbrs = list(document.findall(nodes.abbreviation))
    assert count == 2 and [a.astext() for a in abbrs] == ["deep vein thrombosis", "medial"]
    assert abbrs[0]["explanation"] == "A plain meaning."
    assert abbrs[0]["classes"] == [gl.CSS_CLASS]
    paragraph = abbrs[0].parent
    assert paragraph.astext() == "A deep vein thrombosis in prose, then DVT again, and medial calf."


def test_annotate_leaves_notebook_cell_outputs_alone():
    document = _doctree("Intro.\n")
    output = nodes.container(classes=["cell_output"])
    output += nodes.paragraph(text="A DVT in an output.")
    document += output
    assert gl.annotate_doctree(document, GLOSSARY) == 0


def test_the_site_extension_registers_the_glossary():
    from soleuslib import site

    assert "soleuslib.glossary" in Path(site.__file__).read_text(encoding="utf-8")


def test_annotate_links_each_word_to_its_glossary_entry_and_keeps_the_hover_title():
    document = _doctree("A DVT, then medial calf, then DVT again.\n")
    links = {"dvt": "98_glossary.html#term-deep-vein-thrombosis"}
    assert gl.annotate_doctree(document, GLOSSARY, lambda entry: links.get(entry.term)) == 2
    dvt, medial = document.findall(nodes.abbreviation)
    assert dvt["explanation"] == "A plain meaning." and dvt.astext() == "DVT"
    (link,) = dvt.findall(nodes.reference)
    assert link["refuri"] == links["dvt"] and gl.LINK_CLASS in link["classes"]
    assert list(medial.findall(nodes.reference)) == [], "no link where the glossary has no entry"


# --- the glossary page ---------------------------------------------------------------------------

CITED = gl.entries(
    pd.DataFrame(
        [
            {**_entry("soleus", "soleus"), "refs": "Dixon2009GastrocSoleus", "source_note": ""},
            {
                **_entry("achilles", "Achilles tendon", "calcaneal tendon"),
                "refs": "",
                "source_note": "gen",
            },
            {**_entry("oedema", "Ödem"), "refs": "", "source_note": "gen"},
        ]
    )
)


def test_alphabetical_ignores_case_and_accents():
    assert [e.word for e in gl.alphabetical(CITED)] == ["Achilles tendon", "Ödem", "soleus"]


def test_the_anchor_is_the_id_sphinx_gives_a_glossary_term():
    from sphinx.util.nodes import _make_id

    for entry in gl.entries():
        assert gl.anchor(entry) == _make_id(f"term-{entry.word}"), entry.term
    assert gl.anchor(CITED[1]) == "term-Achilles-tendon"
    assert gl.anchor(CITED[2]) == "term-Odem"


def test_the_page_as_myst_is_one_sphinx_glossary_with_every_term_its_meanings_and_sources():
    text = gl.myst(CITED)
    lines = text.splitlines()
    assert lines[0] == ":::{glossary}" and lines[-1] == ":::"
    terms = [line for line in lines[1:-1] if line and not line.startswith(" ")]
    assert terms == ["Achilles tendon", "Ödem", "soleus"]
    assert "  **Sources:** {cite:p}`Dixon2009GastrocSoleus`" in lines
    assert "  **Source:** gen" in lines and "  **Also written:** calcaneal tendon" in lines
    assert text.count("**In plain words:** A plain meaning.") == 3
    assert text.count("**Clinical meaning:** A clinical meaning.") == 3


def test_the_page_in_jupyterlab_is_a_definition_list_with_anchors_and_linked_citations():
    markup = gl.page_html(CITED)
    assert markup.index('id="term-Achilles-tendon"') < markup.index('id="term-soleus"')
    assert 'href="https://doi.org/10.1007/s12178-009-9045-8"' in markup
    assert ">Dixon, 2009</a>" in markup


def test_the_page_output_carries_myst_for_the_site_and_html_for_jupyterlab():
    from myst_nb.core.render import get_mime_priority

    from soleuslib.site_outputs import MYST_MIMETYPE

    bundle = gl.page(CITED)._repr_mimebundle_()
    assert bundle[MYST_MIMETYPE] == gl.myst(CITED)
    assert bundle["text/html"] == gl.page_html(CITED)
    assert bundle["text/plain"].splitlines()[0] == "Achilles tendon: A plain meaning."
    priority = get_mime_priority("html", [])
    assert priority.index(MYST_MIMETYPE) < priority.index("text/html")


def test_the_glossary_page_is_in_the_table_of_contents_but_not_in_the_learning_path():
    from soleuslib import catalog, site

    lessons = catalog.lessons().set_index("id")
    assert f"notebooks/{Path(lessons.loc['glossary', 'notebook']).stem}" == gl.PAGE_DOCNAME
    assert f"  - file: {gl.PAGE_DOCNAME}\n" in site.toc_yaml()
    shown = set(catalog.learning_path().frame["Lesson"])
    assert "Glossary" not in shown and "References" not in shown, "back matter is no lesson"
