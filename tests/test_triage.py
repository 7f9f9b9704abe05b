"""soleuslib.triage: the public contract, red flags first, Wells, unknown vs no, bad input, data."""

from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soleuslib import data, references, triage
from soleuslib.figures import alt_text
from soleuslib.figures import triage as triage_figures
from soleuslib.widgets import triage as triage_widgets

FINDING_IDS = {
    "pain_site", "onset", "felt_pop", "pain_straight_knee_stretch", "pain_bent_knee_stretch",
    "pain_straight_knee_calf_raise", "pain_bent_knee_calf_raise",
    "tightness_not_relieved_by_stretching", "tender_tibial_border_length_cm",
    "focal_bony_tenderness", "pain_on_single_leg_hop", "night_or_rest_pain",
    "exertional_pain_resolves_with_rest", "foot_numbness_during_exercise",
    "pulses_diminish_with_exercise", "pain_out_of_proportion", "tense_swollen_compartment",
    "cold_pale_foot_or_absent_pulse", "back_pain_radiating_below_knee", "reduced_ankle_reflex",
    "saddle_anaesthesia_or_bladder_change", "positive_thompson_test", "knee_arthritis_history",
    "crescent_sign", "active_cancer", "paralysis_or_recent_cast",
    "bedridden_3_days_or_major_surgery_12_weeks", "deep_vein_tenderness", "entire_leg_swollen",
    "calf_swelling_difference_cm", "pitting_oedema", "collateral_superficial_veins",
    "previous_dvt", "alternative_diagnosis_as_likely", "breathless_chest_pain_or_coughing_blood",
    "pop_or_kick_at_heel", "cannot_rise_on_tiptoe", "palpable_gap_achilles",
    "abnormal_matles_angle", "one_leg_swollen",
}  # fmt: skip
CONDITION_IDS = {
    "soleus_strain", "gastrocnemius_strain", "medial_tibial_stress_syndrome",
    "tibial_stress_fracture", "chronic_exertional_compartment_syndrome",
    "acute_compartment_syndrome", "dvt", "popliteal_artery_entrapment", "ruptured_bakers_cyst",
    "achilles_rupture", "lumbar_radiculopathy", "cauda_equina", "acute_limb_ischaemia",
    "pulmonary_embolism",
}  # fmt: skip
SOLEUS = {
    "pain_site": "inner_calf",
    "onset": "gradual",
    "tightness_not_relieved_by_stretching": True,
    "pain_straight_knee_stretch": True,
    "pain_bent_knee_stretch": True,
    "pain_bent_knee_calf_raise": True,
}
RANK = triage.URGENCY_RANK


# -- the public contract ---------------------------------------------------------------------------
def test_finding_and_condition_ids_are_exactly_those_of_the_contract():
    book = triage.rule_book()
    assert set(book.findings) == FINDING_IDS
    assert set(book.conditions) == CONDITION_IDS


def test_finding_types_and_choices_follow_the_contract():
    specs = triage.rule_book().findings
    assert specs["pain_site"].choices == (
        "inner_calf", "upper_outer_calf", "mid_calf", "achilles", "shin_inner_border",
    )  # fmt: skip
    assert specs["onset"].choices == ("sudden", "gradual")
    numbers = {f for f, s in specs.items() if s.type == "number"}
    assert numbers == {"tender_tibial_border_length_cm", "calf_swelling_difference_cm"}
    assert all(specs[f].min == 0 for f in numbers)
    assert {s.type for f, s in specs.items() if f not in numbers | {"pain_site", "onset"}} == {
        "bool"
    }


def test_assessment_has_the_contract_fields_with_their_types():
    result = triage.assess(SOLEUS)
    assert result.urgency in ("emergency", "same_day", "urgent", "routine")
    assert isinstance(result.red_flags, tuple) and isinstance(result.ranked, tuple)
    assert isinstance(result.reasons, tuple) and all(isinstance(r, str) for r in result.reasons)
    assert isinstance(result.references, tuple)
    assert result.references and set(result.references) <= references.keys()
    assert result.wells_score is None


def test_four_urgency_levels_in_order_with_one_meaning_each():
    assert triage.URGENCY_ORDER == ("routine", "urgent", "same_day", "emergency")
    assert "call emergency services" in triage.URGENCY_WORDS["emergency"]
    assert "today" in triage.URGENCY_WORDS["same_day"]
    assert "within days" in triage.URGENCY_WORDS["urgent"]
    assert "physiotherapy" in triage.URGENCY_WORDS["routine"]


def test_no_findings_gives_routine_with_nothing_ranked_and_every_danger_not_ruled_out():
    result = triage.assess({})
    assert (result.urgency, result.red_flags, result.ranked, result.reasons) == (
        "routine", (), (), ()
    )  # fmt: skip
    assert result.answered == 0
    assert len(result.red_flag_questions_not_asked) == 9
    dangerous = {c for c in CONDITION_IDS if triage.rule_book().dangerous(c)}
    assert {c for c, _ in result.not_ruled_out} == dangerous
    assert "not ruled out" in result.summary


def test_output_never_claims_certainty():
    for findings in ({}, SOLEUS, {**SOLEUS, "pain_out_of_proportion": True}):
        result = triage.assess(findings)
        assert "not a diagnosis" in result.summary
        text = " ".join((result.summary, result.action, *result.reasons)).lower()
        for word in ("you have", "definitely", "certainly", "diagnosed with", "the diagnosis is"):
            assert word not in text
    assert "consistent with" in triage.assess(SOLEUS).summary


# -- red flags first ---------------------------------------------------------------------------
def test_red_flag_always_wins_over_soleus_picture():
    calm = triage.assess(SOLEUS)
    assert calm.ranked[0] == "soleus_strain" and calm.urgency == "routine"
    alarm = triage.assess({**SOLEUS, "tense_swollen_compartment": True})
    assert alarm.urgency == "emergency"
    assert alarm.ranked[0] == "acute_compartment_syndrome"
    assert "soleus_strain" in alarm.ranked[1:]


def test_dvt_ranks_first_even_when_the_soleus_score_is_higher():
    result = triage.assess({**SOLEUS, "calf_swelling_difference_cm": 3.5, "pitting_oedema": True})
    score = dict(result.scores)
    assert score["soleus_strain"] > score["dvt"]
    assert result.ranked[0] == "dvt" and result.urgency == "same_day"


def test_emergency_red_flag_ranks_before_urgent_red_flag():
    result = triage.assess(
        {"pulses_diminish_with_exercise": True, "cold_pale_foot_or_absent_pulse": True}
    )
    assert result.red_flags == ("acute_limb_ischaemia", "popliteal_artery_entrapment")
    assert result.ranked[:2] == result.red_flags
    assert result.urgency == "emergency" and result.urgency_set_by == "acute_limb_ischaemia"


TRIGGERS = {
    "pulmonary_embolism": {"breathless_chest_pain_or_coughing_blood": True},
    "acute_compartment_syndrome": {"pain_out_of_proportion": True},
    "acute_limb_ischaemia": {"cold_pale_foot_or_absent_pulse": True},
    "cauda_equina": {"saddle_anaesthesia_or_bladder_change": True},
    "dvt": {"previous_dvt": True},
    "achilles_rupture": {"cannot_rise_on_tiptoe": True},
    "ruptured_bakers_cyst": {"crescent_sign": True},
    "popliteal_artery_entrapment": {"pulses_diminish_with_exercise": True},
    "tibial_stress_fracture": {"focal_bony_tenderness": True},
}


@pytest.mark.parametrize("condition", sorted(TRIGGERS))
def test_each_dangerous_condition_sets_its_own_urgency_and_advice(condition):
    book = triage.rule_book()
    result = triage.assess(TRIGGERS[condition])
    cond = book.conditions[condition]
    assert result.urgency == cond.urgency
    assert result.urgency_set_by == condition == result.ranked[0]
    assert result.action in (cond.action, cond.flag_action)


def test_every_dangerous_condition_has_a_trigger_here():
    book = triage.rule_book()
    assert set(TRIGGERS) == {c for c in book.conditions if book.dangerous(c)}


# -- the issue's cases: never "routine" while a dangerous condition is plausible ------------------
ISSUE_CASES = {
    "cancer_wells_one": ({"active_cancer": True, **SOLEUS}, "same_day", "dvt"),
    "swelling_2_9_cm_with_oedema": (
        {"calf_swelling_difference_cm": 2.9, "pitting_oedema": True}, "same_day", "dvt"),
    "pop_at_achilles_thompson_not_asked": (
        {"felt_pop": True, "pain_site": "achilles", "onset": "sudden"}, "same_day",
        "achilles_rupture"),
    "exertional_pain_with_numb_foot": (
        {"exertional_pain_resolves_with_rest": True, "foot_numbness_during_exercise": True},
        "urgent", "popliteal_artery_entrapment"),
    "one_spot_of_bony_tenderness": ({"focal_bony_tenderness": True}, "urgent",
                                    "tibial_stress_fracture"),
    "sudden_4_cm_swelling_at_62_with_arthritis": (
        {"onset": "sudden", "calf_swelling_difference_cm": 4.0, "knee_arthritis_history": True},
        "same_day", "ruptured_bakers_cyst"),
    "breathless_with_swollen_calf": (
        {"breathless_chest_pain_or_coughing_blood": True, "one_leg_swollen": True}, "emergency",
        "pulmonary_embolism"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(ISSUE_CASES))
def test_issue_case_gets_the_urgency_of_its_dangerous_condition(case):
    findings, urgency, setter = ISSUE_CASES[case]
    result = triage.assess(findings)
    assert (result.urgency, result.urgency_set_by) == (urgency, setter)
    assert result.action in (
        triage.rule_book().conditions[setter].action,
        triage.rule_book().conditions[setter].flag_action,
    )


def test_dvt_advice_follows_the_wells_branch():
    unlikely = triage.assess({"active_cancer": True})
    likely = triage.assess({"active_cancer": True, "entire_leg_swollen": True})
    assert "D-dimer" in unlikely.action and "within 4 hours" in unlikely.action
    assert "ultrasound" in likely.action and likely.red_flags == ("dvt",)
    assert unlikely.urgency == likely.urgency == "same_day"


def test_dvt_not_suspected_when_every_sign_is_no_and_another_diagnosis_is_as_likely():
    no_signs = {f: False for f in triage.rule_book().key_findings["dvt"]}
    no_signs["calf_swelling_difference_cm"] = 0.0
    result = triage.assess({**no_signs, "alternative_diagnosis_as_likely": True, **SOLEUS})
    assert "dvt" not in result.plausible and result.urgency == "routine"
    assert "dvt" not in dict(result.not_ruled_out)


def test_unasked_wells_items_are_listed_as_open():
    result = triage.assess({"active_cancer": True, "pitting_oedema": False})
    assert "active_cancer" not in result.wells_open and "pitting_oedema" not in result.wells_open
    assert "previous_dvt" in result.wells_open and len(result.wells_open) == 8


def test_emergency_conditions_tell_to_go_now():
    book = triage.rule_book()
    for cid, cond in book.conditions.items():
        if cond.urgency == "emergency":
            assert "emergency" in cond.action.lower() and "now" in cond.action, cid


def test_achilles_red_flag_needs_two_of_the_four_tests():
    tests = ["positive_thompson_test", "palpable_gap_achilles", "abnormal_matles_angle",
             "cannot_rise_on_tiptoe"]  # fmt: skip
    history = {"pop_or_kick_at_heel": True, "felt_pop": True, "pain_site": "achilles"}
    for test in tests:
        one = triage.assess({**history, test: True})
        assert one.urgency == "same_day" and "achilles_rupture" not in one.red_flags
    for first, second in zip(tests, tests[1:], strict=False):
        two = triage.assess({first: True, second: True})
        assert two.red_flags == ("achilles_rupture",)


def test_not_ruled_out_names_the_questions_still_to_ask():
    result = triage.assess(SOLEUS)
    open_ = dict(result.not_ruled_out)
    assert open_["pulmonary_embolism"] == ("breathless_chest_pain_or_coughing_blood",)
    assert "positive_thompson_test" in open_["achilles_rupture"]
    assert "one_leg_swollen" in open_["dvt"]
    answered = triage.assess({**SOLEUS, "breathless_chest_pain_or_coughing_blood": False})
    assert "pulmonary_embolism" not in dict(answered.not_ruled_out)


def test_hop_test_question_carries_its_caution():
    question = triage.rule_book().findings["pain_on_single_leg_hop"].question
    assert "only if" in question and "stress fracture" in question


# -- properties (hypothesis) ---------------------------------------------------------------------
def _findings_strategy():
    specs = triage.rule_book().findings

    def value(spec):
        if spec.type == "bool":
            return st.booleans()
        if spec.type == "choice":
            return st.sampled_from(spec.choices)
        return st.floats(spec.min, spec.max, allow_nan=False)

    return st.fixed_dictionaries({}, optional={f: value(s) for f, s in specs.items()})


BOOL_FINDINGS = sorted(f for f, s in triage.rule_book().findings.items() if s.type == "bool")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(findings=_findings_strategy(), finding=st.sampled_from(BOOL_FINDINGS))
def test_adding_a_positive_finding_never_lowers_the_urgency(findings, finding):
    before = triage.assess({k: v for k, v in findings.items() if k != finding})
    after = triage.assess({**findings, finding: True})
    assert RANK[after.urgency] >= RANK[before.urgency]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(findings=_findings_strategy(), finding=st.sampled_from(BOOL_FINDINGS))
def test_answering_no_never_raises_the_urgency(findings, finding):
    before = triage.assess({k: v for k, v in findings.items() if k != finding})
    after = triage.assess({**findings, finding: False})
    assert RANK[after.urgency] <= RANK[before.urgency]


def _compare(value: float, text: str) -> bool:
    """'>0', '<5', '>=3', '=0' applied to value, written out without the engine's parser."""
    text = text.strip()
    for symbol, test in ((">=", float.__ge__), ("<=", float.__le__), (">", float.__gt__),
                         ("<", float.__lt__), ("=", float.__eq__)):  # fmt: skip
        if text.startswith(symbol):
            return test(float(value), float(text[len(symbol) :]))
    raise AssertionError(f"not a comparison: {text}")


def _oracle_plausible(findings: dict) -> set[str]:
    """Plausible dangerous conditions recomputed from the raw CSV rows, independently."""
    book = triage.rule_book()
    rules = data.load("triage_rules").to_dict(orient="records")
    conditions = data.load("triage_conditions").set_index("id")
    score: dict[str, int] = {}
    found: set[str] = set()
    for rule in rules:
        if rule["finding"] not in findings:
            continue
        value, wanted = findings[rule["finding"]], rule["value"]
        spec = book.findings[rule["finding"]]
        if spec.type == "bool":
            hit = value is (wanted == "yes")
        elif spec.type == "choice":
            hit = value == wanted
        else:
            hit = all(_compare(value, part) for part in wanted.split(" and "))
        if not hit:
            continue
        if rule["effect"] in ("flag", "plausible"):
            found.add(rule["condition"])
        else:
            score[rule["condition"]] = score.get(rule["condition"], 0) + int(rule["effect"])
    wells = triage.assess(findings).wells_score
    for cid, cond in conditions.iterrows():
        own = wells if cid == "dvt" else score.get(cid, 0)
        for column in ("plausible_min_score", "flag_min_score"):
            if not pd.isna(cond[column]) and own is not None and own >= int(cond[column]):
                found.add(cid)
    return {c for c in found if conditions.loc[c, "urgency"] != "routine"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(findings=_findings_strategy())
def test_never_routine_while_a_dangerous_condition_is_plausible(findings):
    result = triage.assess(findings)
    expected = _oracle_plausible(findings)
    assert set(result.plausible) == expected
    book = triage.rule_book()
    highest = max((RANK[book.conditions[c].urgency] for c in expected), default=0)
    assert RANK[result.urgency] == highest
    if expected:
        assert result.urgency != "routine" and result.urgency_set_by == result.ranked[0]
        setter = book.conditions[result.urgency_set_by]
        assert result.action in (setter.action, setter.flag_action)


@settings(max_examples=200, deadline=None)
@given(findings=_findings_strategy())
def test_ranked_starts_with_the_plausible_dangers_and_scores_match(findings):
    result = triage.assess(findings)
    assert result.ranked[: len(result.plausible)] == result.plausible
    assert set(result.red_flags) <= set(result.plausible)
    assert [c for c, _ in result.scores] == list(result.ranked)
    assert len(set(result.ranked)) == len(result.ranked)
    assert (result.urgency == "routine") == (not result.plausible)


def _witness(rule: triage.Rule) -> object:
    spec = triage.rule_book().findings[rule.finding]
    if spec.type == "bool":
        return rule.value == "yes"
    if spec.type == "choice":
        return rule.value
    grid = [spec.min + step * 0.5 for step in range(int((spec.max - spec.min) * 2) + 1)]
    return next(v for v in grid if rule.matches(v))


@pytest.mark.parametrize("condition", sorted(TRIGGERS))
def test_every_dangerous_condition_can_set_its_urgency_from_its_own_rules(condition):
    book = triage.rule_book()
    findings: dict = {}
    for rule in book.rules_of(condition):
        if rule.flag or rule.plausible or rule.weight > 0:
            findings.setdefault(rule.finding, _witness(rule))
    result = triage.assess(findings)
    assert condition in result.plausible
    assert result.urgency == book.conditions[condition].urgency


# -- Wells -------------------------------------------------------------------------------------
def test_wells_score_is_none_until_an_item_is_answered_and_zero_when_all_are_no():
    assert triage.assess({"pain_site": "mid_calf"}).wells_score is None
    assert triage.assess({"previous_dvt": False}).wells_score == 0


@pytest.mark.parametrize(
    ("findings", "score", "urgency"),
    [
        ({"active_cancer": True}, 1, "same_day"),
        ({"active_cancer": True, "entire_leg_swollen": True}, 2, "same_day"),
        ({"calf_swelling_difference_cm": 3.0, "pitting_oedema": True}, 2, "same_day"),
        ({"calf_swelling_difference_cm": 2.99, "pitting_oedema": True}, 1, "same_day"),
        ({"deep_vein_tenderness": True, "alternative_diagnosis_as_likely": True}, -1, "same_day"),
        ({"previous_dvt": False, "alternative_diagnosis_as_likely": True}, -2, "routine"),
        (
            {f: True for f in ("active_cancer", "paralysis_or_recent_cast", "previous_dvt",
                               "bedridden_3_days_or_major_surgery_12_weeks", "pitting_oedema",
                               "deep_vein_tenderness", "entire_leg_swollen",
                               "collateral_superficial_veins")}
            | {"calf_swelling_difference_cm": 20.0, "alternative_diagnosis_as_likely": False},
            9, "same_day",
        ),
    ],
    ids=["one", "two", "swelling-3cm", "swelling-2.99cm", "alternative-minus-two",
         "no-signs", "maximum"],
)  # fmt: skip
def test_wells_score_either_side_of_the_threshold(findings, score, urgency):
    result = triage.assess(findings)
    assert result.wells_score == score
    assert result.wells_likely is (score >= 2)
    assert result.urgency == urgency
    assert ("dvt" in result.red_flags) is (score >= 2)
    assert {"Wells2003DDimer", "NiceNg158"} <= set(result.references)


def test_wells_threshold_comes_from_the_data():
    assert triage.rule_book().wells_threshold == 2


# -- unknown is not no ---------------------------------------------------------------------------
def test_unknown_finding_differs_from_false_finding():
    base = {
        "pain_site": "inner_calf",
        "onset": "gradual",
        "tightness_not_relieved_by_stretching": True,
        "pain_straight_knee_stretch": True,
    }
    unknown = triage.assess(base)
    no = triage.assess({**base, "pain_bent_knee_stretch": False})
    assert unknown.ranked[0] == "soleus_strain"
    assert no.ranked[0] == "gastrocnemius_strain"
    assert any(r.startswith("Pain on the knee-bent calf stretch (no)") for r in no.reasons)
    assert not any("knee-bent calf stretch" in r for r in unknown.reasons)


def test_none_means_not_asked():
    assert triage.assess({"felt_pop": None}) == triage.assess({})


def test_answering_no_to_every_red_flag_raises_none_but_leaves_nothing_ranked():
    findings = {f: False for f, s in triage.rule_book().findings.items() if s.section == "red_flag"}
    result = triage.assess(findings)
    assert result.red_flags == () and result.ranked == ()
    assert result.red_flag_questions_not_asked == ()


# -- reasons and references ---------------------------------------------------------------------
def test_one_reason_per_finding_that_moved_the_result():
    result = triage.assess({**SOLEUS, "felt_pop": False, "previous_dvt": False})
    moved = set(SOLEUS)
    labels = [triage.rule_book().findings[f].label for f in moved]
    assert len(result.reasons) == len(moved)
    for label in labels:
        assert sum(r.startswith(label + " (") for r in result.reasons) == 1


def test_references_are_sorted_known_keys_of_what_fired():
    result = triage.assess({"reduced_ankle_reflex": True})
    assert result.references == ("MSD2024Radiculopathy",)
    assert list(result.references) == sorted(result.references)


def test_assess_is_deterministic_and_does_not_change_its_input():
    findings = dict(SOLEUS)
    assert triage.assess(findings) == triage.assess(dict(reversed(list(findings.items()))))
    assert findings == SOLEUS


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("findings", "message"),
    [
        ({"calf_pain": True}, "unknown finding 'calf_pain'"),
        ({"felt_pop": "yes"}, "felt_pop must be True or False (got 'yes')"),
        ({"felt_pop": 1}, "felt_pop must be True or False (got 1)"),
        ({"pain_site": "thigh"}, "pain_site must be one of 'inner_calf'"),
        ({"onset": True}, "onset must be one of 'sudden', 'gradual' (got True)"),
        ({"calf_swelling_difference_cm": -2}, "calf_swelling_difference_cm must be a number "
                                               "between 0 and 20 cm (got -2)"),
        ({"calf_swelling_difference_cm": 21.0}, "between 0 and 20 cm (got 21.0)"),
        ({"tender_tibial_border_length_cm": "4"}, "tender_tibial_border_length_cm must be a"),
        ({"tender_tibial_border_length_cm": True}, "tender_tibial_border_length_cm must be a"),
        ({"tender_tibial_border_length_cm": math.nan}, "got nan"),
        ({"tender_tibial_border_length_cm": math.inf}, "got inf"),
        ({3: True}, "unknown finding 3"),
    ],
    ids=["unknown-id", "string-for-bool", "int-for-bool", "choice-outside-set",
         "bool-for-choice", "negative", "above-range", "string-for-number", "bool-for-number",
         "nan", "inf", "non-string-key"],
)  # fmt: skip
def test_bad_input_raises_value_error_naming_finding_and_expectation(findings, message):
    with pytest.raises(ValueError, match=None) as info:
        triage.assess(findings)
    assert message in str(info.value)


def test_findings_that_are_not_a_mapping_are_refused():
    with pytest.raises(ValueError, match="must be a mapping"):
        triage.assess([("felt_pop", True)])


def test_numpy_values_are_accepted():
    result = triage.assess({"calf_swelling_difference_cm": np.int64(3), "pitting_oedema": np.True_})
    assert result.wells_score == 2


def test_parse_findings_reads_the_case_notation_and_refuses_bad_pairs():
    parsed = triage.parse_findings("felt_pop=yes; pain_site=achilles;calf_swelling_difference_cm=3")
    assert parsed == {"felt_pop": True, "pain_site": "achilles", "calf_swelling_difference_cm": 3.0}
    for text, message in [("felt_pop", "finding=value"), ("felt_pop=maybe", "yes or no"),
                          ("calf_swelling_difference_cm=big", "must be a number"),
                          ("nope=yes", "unknown finding 'nope'")]:  # fmt: skip
        with pytest.raises(ValueError, match=message):
            triage.parse_findings(text)


# -- the data files ------------------------------------------------------------------------------
def test_triage_tables_load_and_every_unsourced_rule_says_it_is_a_simplification():
    rules = data.load("triage_rules")
    assert len(rules) >= 60
    unsourced = rules[rules["refs"] == ""]
    assert unsourced["teaching_simplification"].all()
    assert set(rules["condition"]) == CONDITION_IDS


def test_every_dangerous_condition_cites_a_source_and_has_plain_words():
    for row in data.load("triage_conditions").itertuples():
        assert row.plain_name and row.plain_action, row.id
        if row.is_red_flag:
            assert row.refs, row.id


def test_patient_questions_exist_only_for_what_a_patient_can_answer():
    specs = triage.rule_book().findings
    clinician_only = {
        "positive_thompson_test", "pitting_oedema", "collateral_superficial_veins",
        "reduced_ankle_reflex", "pain_on_single_leg_hop", "alternative_diagnosis_as_likely",
        "deep_vein_tenderness", "calf_swelling_difference_cm", "palpable_gap_achilles",
        "abnormal_matles_angle", "pulses_diminish_with_exercise", "focal_bony_tenderness",
    }  # fmt: skip
    assert all(not specs[f].for_patient for f in clinician_only)
    assert all(s.for_patient for s in specs.values() if s.section == "history")
    assert specs["breathless_chest_pain_or_coughing_blood"].for_patient


def test_wells_items_match_the_two_level_score():
    items = data.load("triage_wells_items")
    assert len(items) == 10
    assert sorted(items["points"]) == [-2] + [1] * 9
    assert items.set_index("finding").loc["calf_swelling_difference_cm", "value"] == ">=3"


def _write(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "old", "new", "message"),
    [
        ("triage_rules", "inner_calf,1,The medial", "thigh,1,The medial", "pain_site"),
        ("triage_rules", ",>=5,3,", ",>=50,3,", "50 is outside"),
        ("triage_rules", ",>=5,3,", ",about 5,3,", "not a comparison"),
        ("triage_rules", ",pain_out_of_proportion,yes,flag,", ",pain_out_of_proportion,true,flag,",
         "yes/no"),
        ("triage_rules", "soleus_strain,tightness_not_relieved_by_stretching,yes,1",
         "soleus_strain,tightness_not_relieved_by_stretching,yes,flag", "only for dangerous"),
        ("triage_rules", "felt_pop,yes,2,", "felt_pop,yes,9,", "between -5 and 5"),
        ("triage_rules", "onset,gradual,1,", "onset,gradual,0,", "non-zero"),
        ("triage_rules", "crescent_sign,yes,2,A crescent", "crescent_sign,yes,2,A crescent",
         None),
        ("triage_rules", "focal_bony_tenderness,yes,2,", "focal_bony_tenderness,yes,-2,",
         "could hide it"),
        ("triage_rules", "crescent_sign,yes,2,", "crescent_sign,no,2,",
         "'no' answer may not raise"),
        ("triage_findings", ",0,20,cm", ",0,20,", "needs a unit"),
        ("triage_conditions", "Soleus strain,A strain of the deep calf muscle (soleus),no,routine",
         "Soleus strain,A strain of the deep calf muscle (soleus),no,urgent", "is_red_flag must"),
    ],
    ids=["choice-outside-set", "threshold-outside-range", "bad-comparison", "bool-not-yes-no",
         "flag-on-routine-condition", "weight-too-big", "zero-weight", "unchanged-control",
         "negative-weight-on-danger", "no-raises-danger", "number-without-unit",
         "routine-condition-urgent"],
)  # fmt: skip
def test_broken_triage_data_is_refused_with_file_line_and_reason(
    data_copy, table, old, new, message
):
    _write(data_copy, table, old, new)
    if message is None:
        triage.RuleBook(data_copy)  # the unchanged copy loads
        return
    with pytest.raises(ValueError, match=message) as info:
        triage.RuleBook(data_copy)
    assert ".csv, line " in str(info.value)


def test_unsourced_rule_not_marked_as_simplification_is_refused(data_copy):
    sourced = "described in popliteal artery entrapment.,Gaunder2017PaesCecs,no"
    _write(data_copy, "triage_rules", sourced, "described in popliteal artery entrapment.,,no")
    with pytest.raises(ValueError, match="teaching_simplification=yes"):
        triage.RuleBook(data_copy)


def test_a_dangerous_condition_that_can_never_become_plausible_is_refused(data_copy):
    _write(
        data_copy,
        "triage_rules",
        "saddle_anaesthesia_or_bladder_change,yes,flag",
        "saddle_anaesthesia_or_bladder_change,yes,2",
    )
    with pytest.raises(ValueError, match="can never become plausible"):
        triage.RuleBook(data_copy)


# -- tables, figure and widget -------------------------------------------------------------------
def test_differential_table_has_one_row_per_condition_with_how_it_is_raised():
    table = triage.differential_table()
    assert set(table["id"]) == CONDITION_IDS
    dvt = table.set_index("id").loc["dvt"]
    assert dvt["raised_by"] == "Wells score ≥ 2" and dvt["urgency"] == "same_day"
    assert table.set_index("id").loc["soleus_strain", "raised_by"] == "not a red flag"


def test_rule_cards_list_every_dangerous_condition_most_urgent_first():
    cards = triage.rule_cards()
    book = triage.rule_book()
    assert set(cards["id"]) == set(TRIGGERS)
    ranks = [RANK[u] for u in cards["urgency"]]
    assert ranks == sorted(ranks, reverse=True)
    dvt = cards.set_index("id").loc["dvt"]
    assert "Active cancer" in dvt["plausible_when"] and "Wells score ≥ 2" in dvt["red_flag_when"]
    achilles = cards.set_index("id").loc["achilles_rupture"]
    assert "score ≥ 2" in achilles["plausible_when"] and "score ≥ 10" in achilles["red_flag_when"]
    for refs in cards["refs"]:
        assert refs and set(data.split_keys(refs)) <= references.keys()
    assert all(book.dangerous(c) for c in cards["id"])


def test_rules_table_filters_by_condition_and_refuses_unknown_ones():
    rules = triage.rules_table("soleus_strain")
    assert set(rules["condition"]) == {"soleus_strain"}
    assert set(rules["teaching_simplification"]) <= {"yes", "no"}
    with pytest.raises(ValueError, match="unknown condition 'calf'"):
        triage.rules_table("calf")


def test_pain_site_map_marks_every_site_and_lists_what_it_points_to():
    fig = triage_figures.pain_site_map()
    sites = fig.data[1]
    assert list(sites.text) == list(triage.rule_book().findings["pain_site"].choice_labels)
    assert "Medial tibial stress syndrome (MTSS) (+2)" in sites.hovertext[4]
    menu = fig.layout.updatemenus[0]
    assert len(menu.buttons) == 6 and menu.buttons[0].label == "All sites"
    assert "shin" in alt_text(fig)


def test_pain_site_map_highlights_the_selected_site_and_refuses_unknown_sites():
    fig = triage_figures.pain_site_map("achilles")
    sizes = list(fig.data[1].marker.size)
    assert sizes[3] > max(sizes[:3] + sizes[4:])
    assert fig.layout.updatemenus[0].active == 4
    assert "Achilles tendon rupture" in fig.layout.annotations[4].text.replace("<br>", " ")
    with pytest.raises(ValueError, match="selected must be one of"):
        triage_figures.pain_site_map("knee")


def test_form_asks_red_flags_first_then_wells_history_tests_and_starts_not_assessed():
    form = triage_widgets.triage_form()
    sections = [form.specs[f].section for f in form.controls]
    assert sections == sorted(sections, key=triage.SECTION_ORDER.index)
    assert sections[0] == "red_flag" and sections[-1] == "test"
    assert all(c.value in ("", triage_widgets.NOT_ASKED) for c in form.controls.values())
    assert form.assessment == triage.assess({})
    assert "triage-urgency-none" in form.result.value and "NOT ASSESSED" in form.result.value
    assert "ROUTINE" not in form.result.value


def test_form_result_updates_on_every_change_with_banner_class_and_words():
    form = triage_widgets.triage_form()
    form.controls["pain_bent_knee_stretch"].value = "yes"
    assert "Soleus strain" in form.result.value
    assert "triage-urgency triage-urgency-routine" in form.result.value
    form.controls["pain_out_of_proportion"].value = "yes"
    assert "triage-urgency-emergency" in form.result.value
    assert "call emergency services" in form.result.value and "#D55E00" in form.result.value
    form.controls["pain_out_of_proportion"].value = "no"
    assert "triage-urgency-routine" in form.result.value
    form.controls["active_cancer"].value = "yes"
    assert "triage-urgency-same_day" in form.result.value and "D-dimer" in form.result.value
    assert 'aria-live="polite"' in form.result.value


def test_form_refuses_an_invalid_number_with_a_message_not_a_traceback():
    form = triage_widgets.triage_form()
    control = form.controls["calf_swelling_difference_cm"]
    for typed in ("three", "-1", "35", "nan"):
        control.value = typed
        assert "triage-input-error" in form.messages["calf_swelling_difference_cm"].value
        assert "between 0 and 20 cm" in form.messages["calf_swelling_difference_cm"].value
        assert form.assessment.wells_score is None
    control.value = "3,5"
    assert form.messages["calf_swelling_difference_cm"].value == ""
    assert form.assessment.wells_score == 1


def test_form_reset_sets_everything_back_to_not_asked():
    form = triage_widgets.triage_form()
    form.controls["pain_site"].value = "achilles"
    form.controls["positive_thompson_test"].value = "yes"
    form.controls["tender_tibial_border_length_cm"].value = "x"
    assert form.assessment.urgency == "same_day"
    form.reset_button.click()
    assert form.assessment == triage.assess({})
    assert form.messages["tender_tibial_border_length_cm"].value == ""
    assert form.controls["pain_site"].value == triage_widgets.NOT_ASKED


def test_result_panel_shows_wells_score_against_threshold_and_linked_references():
    a = triage.assess({"previous_dvt": True, "pitting_oedema": True})
    page = triage_widgets.result_html(a)
    assert "Wells score:</b> 2 (threshold 2 or more: &#x27;DVT likely&#x27;)" in page
    assert "8 item(s) still open" in page
    assert 'href="https://doi.org/10.1056/NEJMoa023153"' in page
    assert "not a diagnosis" in page


# -- patient mode --------------------------------------------------------------------------------
def test_patient_form_asks_only_patient_questions_in_plain_words():
    form = triage_widgets.triage_form(mode="patient")
    specs = triage.rule_book().findings
    assert set(form.controls) == {f for f, s in specs.items() if s.for_patient}
    for clinician_only in (
        "positive_thompson_test",
        "alternative_diagnosis_as_likely",
        "pitting_oedema",
        "reduced_ankle_reflex",
        "pain_on_single_leg_hop",
    ):
        assert clinician_only not in form.controls  # fmt: skip
    shown = " ".join(w.value for w in form.children[0].children if hasattr(w, "value")
                     and isinstance(w.value, str))  # fmt: skip
    assert "Thompson" not in shown and "oedema" not in shown
    assert "Your clinician checks these" in shown


def test_patient_form_starts_neutral_and_shows_emergency_words_for_breathlessness():
    form = triage_widgets.triage_form(mode="patient")
    assert "triage-urgency-none" in form.result.value and "Not checked yet" in form.result.value
    form.controls["one_leg_swollen"].value = "yes"
    assert "See a doctor today" in form.result.value
    form.controls["breathless_chest_pain_or_coughing_blood"].value = "yes"
    page = form.result.value
    assert "triage-urgency-emergency" in page and "Call an ambulance" in page
    assert "Could this be a blood clot in the lungs?" in page
    assert "Wells" not in page and "Sources" not in page


def test_patient_questions_to_ask_come_from_the_open_conditions():
    asks = triage_widgets.patient_questions_to_ask(triage.assess({"focal_bony_tenderness": True}))
    assert asks[0] == "Could this be a crack in the shin bone (stress fracture)?"
    assert any(a.startswith("Have you checked for a blood clot") for a in asks)


def test_unknown_form_mode_is_refused():
    with pytest.raises(ValueError, match="mode must be one of clinician, patient, student"):
        triage_widgets.triage_form(mode="teacher")


# -- student mode and the lesson's bedside views ---------------------------------------------------
def _case_assessment(case_id):
    findings = data.load("triage_cases").set_index("id").loc[case_id, "findings"]
    return triage.assess(triage.parse_findings(findings))


def test_a_commitment_below_the_safety_net_is_called_the_unsafe_direction():
    c = triage.compare_commitment(_case_assessment("soleus_with_dvt"), "routine", "soleus_strain")
    assert (c.expected_urgency, c.expected_leading) == ("same_day", "dvt")
    assert not c.urgency_matched and not c.leading_matched
    assert "unsafe direction" in c.explanation[0]
    assert c.explanation[1].startswith("Safety net: deep vein thrombosis (DVT) is plausible")
    assert any(line.startswith("Why: ") for line in c.explanation)
    assert "NiceNg158" in c.references


def test_a_matching_commitment_says_so_and_a_routine_answer_names_no_setter():
    c = triage.compare_commitment(_case_assessment("soleus_picture"), "routine", "soleus_strain")
    assert c.urgency_matched and c.leading_matched
    assert "no dangerous condition is plausible" in c.explanation[1]
    over = triage.compare_commitment(_case_assessment("tennis_leg"), "emergency", "soleus_strain")
    assert "more urgent than the answers make necessary" in over.explanation[0]


def test_a_commitment_refuses_an_unknown_urgency_or_condition():
    a = triage.assess({})
    with pytest.raises(ValueError, match="urgency"):
        triage.compare_commitment(a, "soon", "soleus_strain")
    with pytest.raises(ValueError, match="leading must be a condition id"):
        triage.compare_commitment(a, "routine", "shin_splints")


def test_student_form_hides_the_answer_until_the_student_commits():
    form = triage_widgets.triage_form(mode="student")
    form.controls["calf_swelling_difference_cm"].value = "3.5"
    form.controls["pitting_oedema"].value = "yes"
    assert "Answer hidden" in form.result.value and "Deep vein" not in form.result.value
    assert form.show_button.disabled
    form.show_button.click()
    assert not form.revealed  # nothing chosen: nothing shown
    form.commit_urgency.value = "same_day"
    form.commit_leading.value = "dvt"
    assert not form.show_button.disabled
    form.show_button.click()
    assert form.revealed and "You matched the triage." in form.result.value
    assert "triage-urgency-same_day" in form.result.value and "Sources:" in form.result.value
    form.controls["pitting_oedema"].value = "no"  # any change hides it again
    assert not form.revealed and "Answer hidden" in form.result.value


def test_student_form_has_the_static_sites_student_holder():
    html_ = triage_widgets.triage_form(mode="student")._repr_mimebundle_()["text/html"]
    assert 'class="soleus-static-triage" data-mode="student"' in html_


def test_bedside_checklist_follows_the_rules_and_shows_no_engine_score():
    checklist = triage.bedside_checklist().frame
    book = triage.rule_book()
    dangerous = [c.name for c in book.conditions.values() if c.urgency != "routine"]
    assert set(checklist["Screen for"]) == set(dangerous)
    assert checklist["Screen for"].iloc[0] == "Pulmonary embolism (PE)"
    text = " ".join(checklist.astype(str).to_numpy().ravel())
    assert "score" not in text and "≥" not in text
    thompson = checklist[checklist["Ask or look for"].str.contains("squeezing the calf")]
    assert thompson["If present"].tolist() == ["Same day (alone)"]
    assert "Maffulli, 1998" in thompson["Source"].iloc[0]


def test_worked_case_folds_the_triage_until_opened():
    case = triage.worked_case("achilles_rupture")
    page = case._repr_html_()
    story_at, fold_at = page.index(html.escape(case.story)), page.index("<details>")
    assert story_at < fold_at < page.index("Urgency: same_day")
    assert "Commit to an urgency" in page
    with pytest.raises(KeyError, match="no case 'nope'"):
        triage.worked_case("nope")
    assert len(triage.case_library().cases) == len(data.load("triage_cases"))
