"""Worked vignettes from data/triage_cases.csv: a case library a clinician can review."""

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


def test_there_are_at_least_45_vignettes():
    assert len(CASES) >= 45


def test_every_case_names_the_rules_it_follows_and_they_exist():
    book = triage.rule_book()
    known = {r.id for r in book.rules} | {w.id for w in book.wells_items}
    for case in CASES.itertuples():
        follows = set(data.split_keys(case.follows))
        assert follows and follows <= known, case.id


@pytest.mark.parametrize(
    "condition", sorted(c for c in triage.rule_book().conditions if triage.rule_book().dangerous(c))
)
def test_each_dangerous_condition_has_a_typical_an_atypical_and_a_hidden_case(condition):
    book = triage.rule_book()
    own = {r.id for r in book.rules_of(condition)}
    if condition == triage.WELLS_CONDITION:
        own |= {w.id for w in book.wells_items}
    kinds = {
        case.presentation
        for case in CASES.itertuples()
        if own & set(data.split_keys(case.follows)) and case.presentation != "routine"
    }
    assert {"typical", "atypical", "hidden"} <= kinds


def test_vignettes_cover_every_condition_first_and_every_red_flag_raised():
    conditions = data.load("triage_conditions")
    firsts = set(CASES["expected_first"]) - {""}
    assert firsts == set(conditions["id"])
    raised = {flag for cell in CASES["expected_red_flags"] for flag in data.split_keys(cell)}
    assert raised == set(conditions.loc[conditions["is_red_flag"], "id"])


def test_hidden_cases_keep_the_soleus_story_below_the_danger():
    hidden = CASES[CASES["presentation"] == "hidden"]
    assert len(hidden) >= 9
    for case in hidden.itertuples():
        result = triage.assess(triage.parse_findings(case.findings))
        assert result.urgency != "routine"
        if "soleus_strain" in result.ranked:
            assert result.ranked.index("soleus_strain") >= len(result.plausible) >= 1


def test_every_red_flag_finding_is_used_by_a_vignette():
    red = {f for f, s in triage.rule_book().findings.items() if s.section == "red_flag"}
    used = {f for text in CASES["findings"] for f, v in triage.parse_findings(text).items() if v}
    assert red <= used
