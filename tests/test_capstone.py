"""Lesson 'capstone': the pure functions of its module."""

from __future__ import annotations

import pytest

from soleuslib import capstone as lesson


def test_a_fact_line_counts_its_sources():
    assert lesson.fact_line("Soleus is deep.", "A2020; B2021") == "Soleus is deep. (2 sources)"
    assert lesson.fact_line("Soleus is deep.", "A2020") == "Soleus is deep. (1 source)"


def test_an_empty_statement_is_refused_by_name():
    with pytest.raises(ValueError, match="statement must not be empty"):
        lesson.fact_line("  ", "A2020")


def test_the_facts_table_loads_with_its_citations_checked():
    assert len(lesson.facts()) >= 1
