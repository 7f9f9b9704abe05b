"""The handout prints: A4 or Letter PDF from Debian's Chromium, every exercise and warning."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pypdf import PdfReader

from soleuslib import data, exercises, handout

from .conftest import CHROMIUM

EVERY_EXERCISE = exercises.exercise_ids()
PARAMS = {
    "display_name": "Siobhán O'Brien",
    "side": "left",
    "pain_site": "inner calf",
    "stage": "building",
    "exercise_ids": EVERY_EXERCISE,
    "sessions_per_week": 3,
    "reading_level": "plain",
    "clinician_name": "Dr Zoë Smith-Jones",
    "clinician_contact": "01234 567890",
}
POINTS_PER_MM = 72 / 25.4


def _words(text: str) -> str:
    """Text as a PDF shows it, for comparison: ligatures undone, whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    assert CHROMIUM.exists(), "Chromium is missing: run `make browser-deps`"
    return handout.render(PARAMS, out_dir=tmp_path_factory.mktemp("handouts"), pdf=True)


def test_pdf_handout_is_written_alone_with_a_pdf_name(pdf_path):
    assert pdf_path.name == "handout_Siobhan-O-Brien.pdf"
    assert [p.name for p in pdf_path.parent.iterdir()] == [pdf_path.name]
    assert pdf_path.read_bytes()[:5] == b"%PDF-"


def test_pdf_handout_holds_every_exercise_name_and_the_whole_warning_list(pdf_path):
    text = _words(" ".join(page.extract_text() for page in PdfReader(pdf_path).pages))
    assert "Siobhán O'Brien" in text
    assert "not a diagnosis" in text and "Dr Zoë Smith-Jones" in text
    for exercise_id in EVERY_EXERCISE:
        assert _words(exercises.exercise(exercise_id)["name"]) in text
    for sign in exercises.safety_signs()["plain"]:
        assert _words(sign) in text


def test_no_exercise_card_is_split_across_two_pages(pdf_path):
    pages = [_words(page.extract_text()) for page in PdfReader(pdf_path).pages]
    assert len(pages) > 1
    for exercise_id in EVERY_EXERCISE:
        row = exercises.exercise(exercise_id)
        first = _words(row["name"])
        last = _words(data.split_keys(row["cheats"] or row["cues"])[-1])
        on = [i for i, text in enumerate(pages) if first in text]
        assert on, exercise_id
        assert last in pages[on[0]], f"{exercise_id} continues on the next page"


@pytest.mark.parametrize(
    ("paper", "width_mm", "height_mm"), [("a4", 210, 297), ("letter", 216, 279)]
)
def test_pdf_pages_have_the_chosen_paper_size(tmp_path, paper, width_mm, height_mm):
    params = dict(PARAMS, exercise_ids=["short_foot_flat"])
    path = handout.render(params, out_dir=tmp_path, pdf=True, paper=paper)
    box = PdfReader(path).pages[0].mediabox
    assert float(box.width) / POINTS_PER_MM == pytest.approx(width_mm, abs=1.5)
    assert float(box.height) / POINTS_PER_MM == pytest.approx(height_mm, abs=1.5)


def test_an_unknown_paper_size_is_refused_before_anything_runs(tmp_path):
    with pytest.raises(handout.HandoutParamsError, match="paper must be one of a4, letter"):
        handout.render(PARAMS, out_dir=tmp_path / "h", pdf=True, paper="a5")
    assert not (tmp_path / "h").exists()
