"""Tables for notebooks: deterministic HTML (no random ids) with a plain-text fallback.

On a narrow screen (the site's ``soleus.css``) a table with long text becomes stacked cards, one
per row, each cell labelled by its column (``data-label``); a table of short values scrolls
sideways with its first column kept in view. The helper decides which, from the table's text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import pandas as pd

# A column whose longest cell has more characters than this reads as prose: the table gets cards.
CARD_TEXT_CHARS = 40
_CELL = re.compile(r"<td>")


class Table:
    """A DataFrame shown without its index, with an optional caption."""

    def __init__(self, frame: pd.DataFrame, caption: str | None = None):
        self.frame = frame
        self.caption = caption

    def __repr__(self) -> str:
        text = self.frame.to_string(index=False)
        return f"{self.caption}\n{text}" if self.caption else text

    @property
    def narrow_layout(self) -> str:
        """ "cards" for a table with long text, "scroll" for one of short values."""
        longest = max((len(str(v)) for v in self.frame.to_numpy().ravel()), default=0)
        return "cards" if longest > CARD_TEXT_CHARS else "scroll"

    def _repr_html_(self) -> str:
        classes = ["soleus-table", f"soleus-table-{self.narrow_layout}"]
        body = self.frame.to_html(index=False, escape=True, classes=classes, border=0)
        labels = [html.escape(str(c), quote=True) for c in self.frame.columns]
        rows = body.split("<tr>")
        for n, row in enumerate(rows):
            cells = iter(labels)
            rows[n] = _CELL.sub(lambda _, cells=cells: f'<td data-label="{next(cells, "")}">', row)
        body = "<tr>".join(rows)
        if self.caption:
            caption = f"<caption>{html.escape(self.caption)}</caption>"
            body = body.replace(">", ">" + caption, 1)
        return body


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    caption: str | None = None,
) -> Table:
    """Select and rename ``columns`` ({column: heading}) of ``frame`` for display."""
    if columns is not None:
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise KeyError(f"no column(s) {', '.join(missing)}; have {', '.join(frame.columns)}")
        frame = frame[list(columns)].rename(columns=dict(columns))
    return Table(frame.reset_index(drop=True), caption)


class Details:
    """Tables (or other HTML-able objects) folded under a ``<details>`` "Model details" summary.

    Works with no script in JupyterLab (trusted or not), Voilà and on the site; the plain-text
    fallback lists the same tables.
    """

    def __init__(self, summary: str, *parts: object):
        if not summary.strip():
            raise ValueError("a details box needs a summary line (got an empty one)")
        self.summary = summary
        self.parts = parts

    def __repr__(self) -> str:
        return "\n\n".join([self.summary, *(repr(p) for p in self.parts)])

    def _repr_html_(self) -> str:
        inner = "".join(
            p._repr_html_() if hasattr(p, "_repr_html_") else f"<p>{html.escape(str(p))}</p>"
            for p in self.parts
        )
        return (
            '<details class="soleus-model-details">'
            f"<summary>{html.escape(self.summary)}</summary>{inner}</details>"
        )


def model_details(summary: str, *parts: object) -> Details:
    """Fold provenance or parameter tables out of the learner's path: ``model_details("Model
    details: moment arms", anatomy.moment_arms_table())``."""
    return Details(summary, *parts)
