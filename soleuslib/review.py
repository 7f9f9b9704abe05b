"""Named responsibility per lesson: authors, clinical reviewer and review dates (data/lessons.csv).

Each lesson page of the site shows them under its title (a Sphinx ``html-page-context`` hook,
:func:`add_responsibility`), with a "report an error" link when ``[tool.soleus.launch]`` names a
repository. ``make review-status`` (``python -m soleuslib.review``) lists lessons whose clinical
review is due or has never happened: a report for the maintainers, not a failing test.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
from pathlib import Path

import pandas as pd

from soleuslib import catalog, launch

BANNER_CLASS = "soleus-responsibility"


def responsibilities() -> pd.DataFrame:
    """Every lesson's authors, reviewer and review dates, in learning order."""
    columns = [
        "id",
        "notebook",
        "title",
        "authors",
        "clinical_reviewer",
        "reviewed_on",
        "review_due",
    ]
    return catalog.lessons()[columns]


def is_due(row: pd.Series | dict, today: dt.date) -> bool:
    """A review is due when none has happened yet or its due date has come."""
    return row["reviewed_on"] is None or pd.isna(row["reviewed_on"]) or row["review_due"] <= today


def due(today: dt.date | None = None) -> pd.DataFrame:
    """The lessons whose clinical review is due on ``today`` (default: the current date)."""
    today = today or dt.date.today()
    frame = responsibilities()
    mask = [is_due(row, today) for _, row in frame.iterrows()]
    return frame[mask].reset_index(drop=True)


def report(today: dt.date | None = None) -> str:
    """The review status as plain text: one line per lesson that is due, or that none is."""
    today = today or dt.date.today()
    rows = due(today)
    if rows.empty:
        return f"Review status on {today}: no lesson is due for clinical review.\n"
    lines = [f"Review status on {today}: {len(rows)} lesson(s) due for clinical review"]
    for _, row in rows.iterrows():
        last = "never reviewed" if pd.isna(row["reviewed_on"]) else f"reviewed {row['reviewed_on']}"
        lines.append(
            f"- {row['notebook']} ({row['title']}): {last}; due {row['review_due']}; "
            f"reviewer: {row['clinical_reviewer']}"
        )
    return "\n".join(lines) + "\n"


def report_url(settings: launch.LaunchSettings | None = None) -> str:
    """The issue tracker for error reports, from the one repository setting; "" if none is set."""
    settings = settings or launch.load_settings()
    url = settings.repository_url.rstrip("/")
    return f"{url}/issues" if url else ""


def banner_html(row: pd.Series | dict, issues_url: str = "") -> str:
    """The responsibility line shown under a lesson's title."""
    reviewed = (
        "not yet clinically reviewed"
        if row["reviewed_on"] is None or pd.isna(row["reviewed_on"])
        else f"reviewed on {row['reviewed_on']}"
    )
    parts = [
        f"<strong>Authors:</strong> {html.escape(str(row['authors']))}",
        f"<strong>Clinical reviewer:</strong> {html.escape(str(row['clinical_reviewer']))}",
        f"{reviewed}; next review due {row['review_due']}",
    ]
    if issues_url:
        parts.append(f'<a href="{html.escape(issues_url, quote=True)}">Report an error</a>')
    return f'<p class="{BANNER_CLASS}">' + " · ".join(parts) + "</p>"


def add_responsibility(app, pagename, templatename, context, doctree) -> None:
    """html-page-context: put the lesson's authors, reviewer and dates under its title."""
    body = context.get("body")
    if not body or BANNER_CLASS in body:
        return
    stem = Path(pagename).name
    frame = responsibilities()
    rows = frame[frame["notebook"].map(lambda n: Path(n).stem) == stem]
    if rows.empty:
        return
    banner = banner_html(rows.iloc[0], report_url())
    head, sep, rest = body.partition("</h1>")
    context["body"] = head + sep + banner + rest if sep else banner + body


def main(argv: list[str] | None = None) -> int:
    """Print the review report; ``--today YYYY-MM-DD`` checks another date. Always exits 0."""
    argv = sys.argv[1:] if argv is None else argv
    today = dt.date.fromisoformat(argv[1]) if argv[:1] == ["--today"] and len(argv) == 2 else None
    sys.stdout.write(report(today))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
