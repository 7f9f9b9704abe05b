"""Lesson 'capstone': small pure functions that its notebook shows."""

from __future__ import annotations

import pandas as pd

from soleuslib import data


def facts() -> pd.DataFrame:
    """The validated rows of data/capstone_facts.csv."""
    return data.load("capstone_facts")


def fact_line(statement: str, refs: str) -> str:
    """One fact as a line of text with how many sources back it."""
    if not statement.strip():
        raise ValueError("statement must not be empty (got '')")
    count = len(data.split_keys(refs))
    return f"{statement.strip()} ({count} source{'' if count == 1 else 's'})"
