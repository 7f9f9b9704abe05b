"""Named responsibility per lesson: authors, reviewer and dates on each page; a review report."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from soleuslib import data, launch, review

TODAY = dt.date(2026, 1, 1)


def test_every_lesson_names_authors_a_clinical_reviewer_and_a_review_due_date():
    frame = review.responsibilities()
    assert frame["authors"].str.len().gt(2).all()
    assert frame["clinical_reviewer"].str.len().gt(2).all()
    assert frame["review_due"].notna().all()


def test_a_pending_reviewer_is_a_role_and_its_lesson_is_listed_as_due():
    frame = review.responsibilities()
    pending = frame[frame["clinical_reviewer"].str.startswith("pending")]
    assert set(pending["id"]) <= set(review.due(TODAY)["id"])


def test_a_lesson_reviewed_recently_is_not_due_and_one_past_its_date_is():
    row = {"reviewed_on": dt.date(2025, 6, 1), "review_due": dt.date(2026, 6, 1)}
    assert not review.is_due(row, dt.date(2026, 5, 31))
    assert review.is_due(row, dt.date(2026, 6, 1))


def test_the_report_names_each_due_lesson_and_never_fails():
    text = review.report(TODAY)
    for notebook in review.due(TODAY)["notebook"]:
        assert notebook in text
    assert review.main(["--today", "2026-01-01"]) == 0


def test_a_review_date_without_a_named_reviewer_is_refused(data_copy):
    path = data_copy / "lessons.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",,2026-12-31", ",2026-01-01,2026-12-31", 1), encoding="utf-8")
    with pytest.raises(data.DataFileError, match="named clinical_reviewer"):
        data.load("lessons", data_copy)


def test_the_banner_goes_under_the_lesson_title_of_its_page():
    context = {"body": "<section><h1>Soleus anatomy</h1><p>text</p></section>"}
    review.add_responsibility(None, "notebooks/01_soleus_anatomy", "page.html", context, None)
    body = context["body"]
    assert body.index("</h1>") < body.index(review.BANNER_CLASS) < body.index("<p>text")
    assert "Clinical reviewer:" in body and "next review due" in body


def test_a_page_that_is_not_a_lesson_gets_no_banner():
    context = {"body": "<h1>Search</h1>"}
    review.add_responsibility(None, "search", "page.html", context, None)
    assert review.BANNER_CLASS not in context["body"]


def test_the_report_link_comes_from_the_one_repository_setting_and_is_absent_without_it():
    assert review.report_url(launch.LaunchSettings()) == ""
    settings = SimpleNamespace(repository_url="https://github.com/example/soleus/")
    assert review.report_url(settings) == "https://github.com/example/soleus/issues"
    row = review.responsibilities().iloc[0]
    assert "Report an error" not in review.banner_html(row, "")
    assert 'href="https://x.test/issues"' in review.banner_html(row, "https://x.test/issues")
