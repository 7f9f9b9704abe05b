"""Tables for notebooks: deterministic HTML (no random ids) with a plain-text fallback."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd


class Table:
    """A DataFrame shown without its index, with an optional caption."""

    def __init__(self, frame: pd.DataFrame, caption: str | None = None):
        self.frame = frame
        self.caption = caption

    def __repr__(self) -> str:
        text = self.frame.to_string(index=False)
        return f"{self.caption}\n{text}" if self.caption else text

    def _repr_html_(self) -> str:
        body = self.frame.to_html(index=False, escape=True, classes="soleus-table", border=0)
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
