"""Lesson 07, the capstone: the case follows the triage engine, the plan the planner, and the
rubric scores a self-assessment."""

from __future__ import annotations

import pytest

from soleuslib import capstone, data, triage


def test_the_case_is_a_case_of_the_triage_library_and_gives_its_expected_triage():
    case = data.load("triage_cases").set_index("id").loc[capstone.TRIAGE_CASE]
    result = triage.assess(capstone.findings())
    assert result.urgency == case["expected_urgency"] == "routine"
    assert result.ranked[0] == case["expected_first"] == "soleus_strain"
    assert result.not_ruled_out == ()


def test_her_answers_are_shown_red_flags_first_and_all_no():
    frame = capstone.answers_table("red_flag").frame
    assert len(frame) == 9 and set(frame["Her answer"]) == {"no"}


def test_an_unknown_form_section_is_refused_by_name():
    with pytest.raises(ValueError, match="section must be one of red_flag"):
        capstone.answers_table("exam")


def test_the_inner_calf_lies_over_the_tibial_origin_and_shares_its_site_with_mtss():
    frame = capstone.origin_under("inner_calf").frame
    assert "Soleus: tibial origin" in list(frame.iloc[:, 0])
    assert "medial tibial stress syndrome" in frame.iloc[2, 1]
    assert "fibular" in capstone.origin_under("upper_outer_calf").frame.iloc[1, 0]
    with pytest.raises(ValueError, match="pain_site must be one of inner_calf"):
        capstone.origin_under("achilles")


def test_a_red_flag_in_the_what_if_raises_the_urgency_and_a_painless_bent_knee_moves_the_lead():
    frame = capstone.what_if(
        {
            "cancer": {"active_cancer": True},
            "bent painless": {"pain_bent_knee_stretch": False, "pain_bent_knee_calf_raise": False},
        }
    ).frame
    assert list(frame["Urgency"]) == ["routine", "same day", "routine"]
    assert frame.loc[2, "Ranked first"].startswith("Gastrocnemius strain")


def test_the_dosed_plan_holds_on_next_morning_pain_and_labels_the_teaching_rules():
    frame = capstone.dosed_plan("single_leg_raises", 3, 4).frame.set_index("Part")
    assert frame.loc["Decision", "Plan"].startswith("hold")
    assert "3 sets of 10-15" in frame.loc["Rung and dose", "Plan"]
    assert "Pallof" in frame.loc["Beside it (lesson 04)", "Plan"]
    assert "the project's teaching rule" in frame.loc["Pain rule", "Whose rule"]


def test_the_rubric_scores_points_and_a_missed_must_pass_criterion_fails_the_case():
    ids = list(capstone.rubric()["id"])
    everything = capstone.score(dict.fromkeys(ids, "meets"))
    assert everything.earned == everything.possible and not everything.must_pass_missing
    unsafe = capstone.score({**dict.fromkeys(ids, "meets"), "red_flags_first": "not yet"})
    assert unsafe.earned == unsafe.possible - 3
    assert unsafe.verdict.startswith("Not yet passed")


def test_a_self_assessment_with_an_unknown_missing_or_bad_rating_is_refused_by_name():
    ids = list(capstone.rubric()["id"])
    with pytest.raises(ValueError, match="unknown rubric criterion"):
        capstone.score({**dict.fromkeys(ids, "meets"), "charm": "meets"})
    with pytest.raises(ValueError, match="missing"):
        capstone.score({ids[0]: "meets"})
    with pytest.raises(ValueError, match="'meets' or 'not yet'"):
        capstone.score({**dict.fromkeys(ids, "meets"), ids[0]: "yes"})


def test_every_rubric_criterion_cites_a_source():
    assert all(data.split_keys(refs) for refs in capstone.rubric()["refs"])
