"""Worked vignettes from data/triage_cases.csv: every condition, every red flag, mixed pictures."""

from __future__ import annotations

import pytest

from soleuslib import data, triage

CASES = data.load("triage_cases")


@pytest.mark.parametrize("case", CASES.to_dict(orient="records"), ids=list(CASES["id"]))
def test_vignette_gives_its_expected_triage(case):
    result = triage.assess(triage.parse_findings(case["findings"]))
    assert result.urgency == case["expected_urgency"]
    assert result.red_flags == tuple(data.split_keys(case["expected_red_flags"]))
    assert (result.ranked[0] if result.ranked else "") == case["expected_first"]


def test_there_are_at_least_25_vignettes():
    assert len(CASES) >= 25


def test_vignettes_cover_every_condition_first_and_every_red_flag_raised():
    conditions = data.load("triage_conditions")
    firsts = set(CASES["expected_first"]) - {""}
    assert firsts == set(conditions["id"])
    raised = {flag for cell in CASES["expected_red_flags"] for flag in data.split_keys(cell)}
    assert raised == set(conditions.loc[conditions["is_red_flag"], "id"])


def test_vignettes_include_mixed_soleus_and_red_flag_pictures_where_the_red_flag_wins():
    mixed = CASES[CASES["id"].str.startswith("soleus_with_")]
    assert len(mixed) >= 3
    for case in mixed.itertuples():
        result = triage.assess(triage.parse_findings(case.findings))
        assert "soleus_strain" in result.ranked
        assert result.ranked.index("soleus_strain") >= len(result.red_flags) >= 1
        assert dict(result.scores)["soleus_strain"] > 0


def test_every_red_flag_finding_is_used_by_a_vignette():
    red = {f for f, s in triage.rule_book().findings.items() if s.section == "red_flag"}
    used = {f for text in CASES["findings"] for f, v in triage.parse_findings(text).items() if v}
    assert red <= used
