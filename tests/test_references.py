"""References: the .bib is well formed, every cited key exists, and citations render."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from soleuslib import data, references
from tests.conftest import notebooks


@pytest.mark.parametrize("key", sorted(references.keys()))
def test_every_entry_has_authors_title_year_and_a_doi_or_url(key):
    assert references.check_entry(references.get(key)) == []


def test_the_seed_three_references_are_present():
    seed = {
        "Bramah2021CalfStrainKinematics",
        "Trybulski2025SoleusInjuries",
        "BarramunoMedina2024ShortFoot",
    }
    assert seed <= references.keys()


@pytest.mark.parametrize("notebook", notebooks(), ids=lambda p: p.name)
def test_every_key_cited_in_a_notebook_exists(notebook):
    missing = references.keys_in_notebook(notebook) - references.keys()
    assert not missing, f"{notebook.name} cites keys not in references.bib: {sorted(missing)}"


def test_every_key_in_the_data_files_exists():
    for name in data.table_names():
        frame = data.load(name)
        for column in data.ref_columns(data.spec(name)):
            for cell in frame[column]:
                assert set(data.split_keys(cell)) <= references.keys()


def test_a_notebook_citing_a_missing_key_is_caught(tmp_path: Path):
    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "source": "As shown {cite:p}`Nobody2020Made,Bramah2021CalfStrainKinematics`.",
            },
            {"cell_type": "code", "source": 'cite("Ghost1999Study")'},
        ]
    }
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    missing = references.keys_in_notebook(path) - references.keys()
    assert missing == {"Nobody2020Made", "Ghost1999Study"}


def test_unknown_key_raises_a_clear_error():
    with pytest.raises(
        references.UnknownReferenceError, match="unknown reference key 'Bramah2012'"
    ):
        references.cite("Bramah2012")


def test_inline_citation_is_author_year_linking_to_the_doi():
    citation = references.cite("Bramah2021CalfStrainKinematics")
    assert str(citation) == "Bramah et al., 2021"
    assert 'href="https://doi.org/10.26603/001c.22971"' in citation._repr_html_()


def test_two_authors_are_joined_and_latex_accents_decoded():
    assert references.cite("BarramunoMedina2024ShortFoot").refs[0].authors[0] == "Barramuño-Medina"
    two = [
        r
        for r in references.load_references().values()
        if len(r.authors) == 2 and not r.more_authors
    ]
    if two:
        assert " & " in two[0].short


def test_bibliography_lists_each_key_once_with_its_link():
    bib = references.bibliography(["Trybulski2025SoleusInjuries", "Trybulski2025SoleusInjuries"])
    assert len(bib.refs) == 1
    assert "doi:10.3390/jcm14061955" in str(bib)
    assert 'id="ref-Trybulski2025SoleusInjuries"' in bib._repr_html_()


def test_cite_roles_and_calls_are_both_found_in_text():
    text = "{cite:p}`A2020,B2021` and {cite:t}`C2022` and cite('D2023') and {cite}`E2024`"
    assert references.keys_in_text(text) == {"A2020", "B2021", "C2022", "D2023", "E2024"}


def test_malformed_doi_is_reported():
    ref = references.get("Bramah2021CalfStrainKinematics")
    broken = references.Reference(**{**ref.__dict__, "doi": "https://doi.org/10.1/x"})
    assert any("DOI" in p for p in references.check_entry(broken))


def test_only_a_web_page_may_leave_out_its_year_and_it_is_cited_as_no_date():
    page = references.get("NhsDvt")
    assert page.year == references.NO_YEAR and page.short == "NHS, n.d."
    assert references.check_entry(page) == []
    undated_article = dataclasses.replace(page, url=None, doi="10.1000/x")
    assert "no year" in references.check_entry(undated_article)[0]
