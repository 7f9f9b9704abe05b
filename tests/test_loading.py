"""Lesson 05: the capacity tracker, the progression planner, stage_plan, their data and figures."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soleuslib import data, loading, readability
from soleuslib.figures import PALETTE, alt_text
from soleuslib.figures import loading as figs
from soleuslib.schemas.loading import split

WEEK = {"straight_left": 30, "straight_right": 24, "bent_left": 25, "bent_right": 20}
ALL_MET_CHECKS = {
    "tender_on_palpation": "no",
    "feels_ready": "yes",
    "knee_to_wall_asymmetry_pct": 5.0,
    "hop_asymmetry_pct": 5.0,
}
STRONG = {"straight_left": 32, "straight_right": 32, "bent_left": 26, "bent_right": 26}
RUNGS = list(loading.rungs()["id"])
RUNNING_RUNGS = set(loading.rungs().query("is_running == 'yes'")["id"])
SPEED = {d: i for i, d in enumerate(loading.DECISIONS)}


def _rank(plan: loading.Plan) -> tuple[int, int]:
    """How fast a plan moves: by where it lands, then by its decision."""
    return RUNGS.index(plan.next_rung), SPEED[plan.decision]


# --------------------------------------------------------------------------- tracker


def test_limb_symmetry_index_is_injured_over_uninjured_in_percent():
    assert loading.limb_symmetry_index(27, 30) == pytest.approx(90.0)


def test_limb_symmetry_index_is_none_when_the_other_side_did_nothing():
    assert loading.limb_symmetry_index(0, 0) is None


def test_capacity_table_gives_index_and_distance_to_the_criteria_each_week():
    frame = loading.capacity_table([{"week": 1, **WEEK}], "right")
    row = frame.iloc[0]
    assert row["straight_lsi_pct"] == pytest.approx(80.0)
    assert row["bent_lsi_pct"] == pytest.approx(80.0)
    assert row["straight_reps_to_go"] == 6
    assert row["straight_lsi_to_go"] == pytest.approx(10.0)


def test_capacity_table_reports_zero_distance_once_a_criterion_is_met():
    row = loading.capacity_table([{"week": 2, **STRONG}], "left").iloc[0]
    assert row["straight_reps_to_go"] == 0 and row["bent_lsi_to_go"] == 0


def test_capacity_table_sorts_weeks_and_refuses_a_repeated_week():
    frame = loading.capacity_table([{"week": 3, **WEEK}, {"week": 1, **STRONG}], "right")
    assert list(frame["week"]) == [1, 3]
    with pytest.raises(ValueError, match="each week may appear once"):
        loading.capacity_table([{"week": 1, **WEEK}, {"week": 1, **WEEK}], "right")


def test_negative_count_is_refused_naming_the_week_and_field():
    with pytest.raises(
        ValueError, match=r"week 1: bent_right must be a whole number .* \(got -2\)"
    ):
        loading.capacity_table([{"week": 1, **WEEK, "bent_right": -2}], "right")


def test_non_numeric_count_is_refused_naming_the_field():
    with pytest.raises(ValueError, match="straight_left must be a whole number.*'many'"):
        loading.capacity_table([{"week": 1, **WEEK, "straight_left": "many"}], "right")


def test_fractional_count_is_refused():
    with pytest.raises(ValueError, match="straight_left must be a whole number"):
        loading.capacity_table([{"week": 1, **WEEK, "straight_left": 12.5}], "right")


def test_missing_side_is_refused_asking_for_both_sides():
    week = {k: v for k, v in WEEK.items() if k != "bent_left"}
    with pytest.raises(ValueError, match="week 1: bent_left is missing.*both sides"):
        loading.capacity_table([{"week": 1, **week}], "right")


def test_unknown_injured_side_is_refused():
    with pytest.raises(ValueError, match="injured_side must be 'left' or 'right'"):
        loading.capacity_table([{"week": 1, **WEEK}], "both")


def test_empty_tracker_is_refused():
    with pytest.raises(ValueError, match="at least one week"):
        loading.capacity_table([], "right")


def test_capacity_summary_rounds_for_reading():
    text = repr(loading.capacity_summary([{"week": 1, **WEEK}], "right"))
    assert "80 %" in text and "10 points" in text


# --------------------------------------------------------------------------- measures and criteria


def test_unrecorded_checks_are_never_counted_as_met():
    values = loading.measures(0, 0, STRONG, None)
    results = {r.id: r for r in loading.check_criteria(values)}
    assert not results["no_tenderness"].met
    assert results["no_tenderness"].distance == "not measured yet"
    assert results["heel_raise_straight_reps"].met


def test_every_running_criterion_is_met_by_a_recovered_runner():
    values = loading.measures(0, 0, STRONG, ALL_MET_CHECKS)
    assert all(r.met for r in loading.check_criteria(values))


def test_pain_criterion_says_how_far_from_zero():
    values = loading.measures(2, 1, STRONG, ALL_MET_CHECKS)
    pain = loading.check_criteria(values, ["symptoms_zero"])[0]
    assert not pain.met and pain.distance == "pain is 2/10, needs 0/10"


def test_percentage_out_of_range_is_refused_naming_the_field():
    with pytest.raises(ValueError, match="hop_asymmetry_pct must be a percentage"):
        loading.measures(0, 0, STRONG, {"hop_asymmetry_pct": 140})


def test_unknown_check_is_refused():
    with pytest.raises(ValueError, match="checks may hold only"):
        loading.measures(0, 0, STRONG, {"calf_girth_cm": 2})


def test_pain_rating_outside_zero_to_ten_is_refused():
    with pytest.raises(ValueError, match="pain_during_nprs must be a whole number from 0"):
        loading.plan_next("two_leg_raises", 11, 0)


def test_unknown_rung_is_refused_listing_the_rungs():
    with pytest.raises(ValueError, match="rung must be one of isometric_holds"):
        loading.plan_next("sprinting", 0, 0)


# --------------------------------------------------------------------------- planner


def test_low_pain_progresses_one_rung_when_no_criterion_guards_it():
    plan = loading.plan_next("two_leg_raises", 2, 1)
    assert (plan.decision, plan.next_rung) == ("progress", "single_leg_raises")
    assert "Silbernagel2007" in plan.refs


def test_pain_of_four_during_holds_on_the_same_rung():
    plan = loading.plan_next("single_leg_raises", 4, 2)
    assert (plan.decision, plan.next_rung) == ("hold", "single_leg_raises")
    assert plan.teaching_rule


def test_pain_above_five_next_morning_steps_back_one_rung():
    plan = loading.plan_next("hopping", 3, 6, STRONG, ALL_MET_CHECKS)
    assert (plan.decision, plan.next_rung) == ("step back", "loaded_raises")


def test_step_back_from_the_first_rung_stays_there():
    plan = loading.plan_next("isometric_holds", 8, 8)
    assert plan.next_rung == "isometric_holds" and "first rung" in plan.reasons[-1]


def test_unmet_criterion_holds_and_says_what_is_missing():
    plan = loading.plan_next("loaded_raises", 0, 0, WEEK)
    assert plan.decision == "hold"
    assert any("30 repetitions" in r and "6 repetitions more" in r for r in plan.reasons)


def test_hopping_to_walk_run_needs_every_running_criterion():
    plan = loading.plan_next("hopping", 0, 0, STRONG, ALL_MET_CHECKS)
    assert (plan.decision, plan.next_rung) == ("progress", "walk_run")
    missing_hop = {**ALL_MET_CHECKS, "hop_asymmetry_pct": None}
    assert loading.plan_next("hopping", 0, 0, STRONG, missing_hop).decision == "hold"


def test_top_rung_holds_and_points_to_full_training():
    plan = loading.plan_next("continuous_running", 0, 0, STRONG, ALL_MET_CHECKS)
    assert plan.decision == "hold" and "full training" in plan.reasons[0]


def test_plan_prints_decision_reasons_and_sources():
    text = str(loading.plan_next("two_leg_raises", 2, 1))
    assert text.startswith("PROGRESS:") and "Sources:" in text
    assert "<strong>Progress</strong>" in loading.plan_next("two_leg_raises", 2, 1)._repr_html_()


pain = st.integers(min_value=0, max_value=10)
counts = st.fixed_dictionaries({k: st.integers(0, 60) for k in loading.COUNT_FIELDS})
maybe_yes_no = st.sampled_from([None, "yes", "no"])
maybe_pct = st.one_of(st.none(), st.floats(0, 40))
checks = st.fixed_dictionaries(
    {
        "tender_on_palpation": maybe_yes_no,
        "feels_ready": maybe_yes_no,
        "knee_to_wall_asymmetry_pct": maybe_pct,
        "hop_asymmetry_pct": maybe_pct,
    }
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RUNGS), pain, pain, pain, pain, counts, checks)
def test_more_pain_never_progresses_faster(rung, during, morning, extra_d, extra_m, week, check):
    calm = loading.plan_next(rung, during, morning, week, check)
    worse = loading.plan_next(
        rung, min(10, during + extra_d), min(10, morning + extra_m), week, check
    )
    assert _rank(worse) <= _rank(calm)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RUNGS), pain, pain, counts, checks)
def test_reaching_running_requires_every_running_criterion(rung, during, morning, week, check):
    plan = loading.plan_next(rung, during, morning, week, check)
    if plan.next_rung in RUNNING_RUNGS and RUNGS.index(plan.next_rung) > RUNGS.index(rung):
        values = loading.measures(during, morning, week, check)
        assert all(r.met for r in loading.check_criteria(values))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(RUNGS), pain, pain, counts, checks)
def test_the_planner_moves_at_most_one_rung(rung, during, morning, week, check):
    plan = loading.plan_next(rung, during, morning, week, check)
    assert abs(RUNGS.index(plan.next_rung) - RUNGS.index(rung)) <= 1
    assert plan.reasons and plan.refs


# --------------------------------------------------------------------------- data consistency


def test_every_running_rung_is_guarded_by_every_running_criterion():
    gate = set(loading.criteria("running")["id"])
    for _, rung in loading.rungs().query("is_running == 'yes'").iterrows():
        assert gate <= set(split(rung["entry_criteria"])), rung["id"]


def test_every_rule_row_cites_a_source_or_says_it_is_a_teaching_rule():
    for name in ("loading_rungs", "loading_criteria", "loading_pain_rules", "loading_walk_run"):
        for _, row in data.load(name).iterrows():
            assert split(row["refs"]) or row["teaching_rule"] == "yes", (name, row.iloc[0])


def test_pain_rules_are_all_labelled_teaching_rules_citing_the_trial():
    rules = loading.pain_rules()
    assert set(rules["teaching_rule"]) == {"yes"}
    assert all("Silbernagel2007" in split(cell) for cell in rules["refs"])


def test_the_seed_circuit_is_placed_on_the_ladder_not_replaced():
    placed = {i for cell in loading.rungs()["circuit_ids"] for i in split(cell)}
    circuit = set(data.load("exercises").query("kind == 'circuit'")["id"])
    assert circuit <= placed


def test_outcome_measures_without_a_verified_source_quote_no_numbers():
    frame = data.load("loading_outcome_measures").set_index("id")
    for measure in ("nprs", "lefs"):
        assert frame.loc[measure, "numbers_quoted"] == "no"
        assert frame.loc[measure, "refs"] == ""
        assert "No verified source" in frame.loc[measure, "source_status"]


def test_the_worked_case_gives_the_expected_decision_every_week():
    case = loading.run_case()
    assert list(case["decision"]) == list(case["expected"])
    assert set(case["decision"]) == set(loading.DECISIONS)


def test_the_worked_case_ends_at_the_first_running_rung():
    last = loading.case_plan(int(loading.case_weeks()["week"].max()))
    assert last.next_rung == "walk_run"


# --------------------------------------------------------------------------- stage_plan


@pytest.mark.parametrize("stage", loading.STAGES)
def test_stage_plan_lists_exercises_dose_and_the_pain_rule(stage):
    plan = loading.stage_plan(stage)
    assert plan["exercises"] and all(e["name"] and e["dose"] for e in plan["exercises"])
    assert "0 to 10" in plan["pain_rule"] and "teaching rule" in plan["teaching_rule"]
    assert plan["sources"]


def test_return_to_running_plan_has_the_checklist_and_a_labelled_first_week():
    plan = loading.stage_plan("return to running")
    assert len(plan["checklist"]) == len(loading.criteria("running"))
    assert [d["day"] for d in plan["first_week"]] == list(range(1, 8))
    assert "teaching plan" in plan["first_week_note"]


def test_earlier_stages_have_no_running_checklist():
    assert "checklist" not in loading.stage_plan("early")


def test_unknown_stage_is_refused_listing_the_stages():
    with pytest.raises(ValueError, match="stage must be one of early, building"):
        loading.stage_plan("late")


@pytest.mark.parametrize("stage", loading.STAGES)
def test_stage_plan_reads_at_smog_grade_eight_or_below(stage):
    text = loading.stage_plan_text(stage)
    assert readability.smog(text) <= readability.SMOG_LIMIT, readability.hard_sentences(text)
    assert readability.unexplained_terms(text) == []


def test_plain_pain_rule_uses_the_thresholds_of_the_data():
    rules = loading.pain_rules()
    hold = int(rules.query("decision == 'hold'")["above"].max())
    back = int(rules.query("decision == 'step back'")["above"].min())
    text = loading.PAIN_RULE_PLAIN
    assert f"up to {hold} is fine" in text and f"above {back}" in text


# --------------------------------------------------------------------------- figures and widget


def test_capacity_figure_draws_both_sides_both_knees_and_two_criterion_bands():
    fig = figs.capacity_figure(loading.case_capacity(), "right")
    names = {t.name for t in fig.data}
    assert {"straight knee, right", "bent knee, left", "bent knee LSI"} <= names
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    assert sorted(b.y0 for b in bands) == [30, 90]
    assert all(b.fillcolor == PALETTE["green"] for b in bands)
    assert fig.layout.xaxis.title.text == "week"
    assert "%" in fig.layout.yaxis2.title.text and "repetitions" in fig.layout.yaxis.title.text
    assert "green band" in alt_text(fig)


def test_ladder_figure_places_every_rung_and_the_case_weeks_in_a_menu():
    fig = figs.ladder_figure()
    rung_points = sum(len(t.x) for t in fig.data if t.name.startswith("stage:"))
    assert rung_points == len(RUNGS)
    buttons = fig.layout.updatemenus[0].buttons
    assert len(buttons) == 1 + len(loading.case_weeks())
    assert all(len(b.args[0]["visible"]) == len(fig.data) for b in buttons)
    assert "worked case" in alt_text(fig)


def test_ladder_figure_without_the_case_has_no_menu():
    assert not figs.ladder_figure(with_case=False).layout.updatemenus


def test_planner_widget_shows_a_plan_and_the_criteria():
    from soleuslib.widgets import loading as widget

    box = widget.planner()
    outputs = box.children[-1].outputs
    assert "HOLD" in outputs[0]["data"]["text/plain"]
    assert "Return-to-run criteria" in outputs[1]["data"]["text/plain"]


def test_widget_passes_unreadable_text_on_to_the_planner_to_refuse():
    from soleuslib.widgets import loading as widget

    assert widget._optional_number(" ") is None
    assert widget._optional_number("7.5") == 7.5
    assert widget._optional_number("seven") == "seven"
    assert not math.isnan(widget._optional_number("0"))


def test_case_table_shows_one_row_a_week_with_the_planner_answer():
    text = repr(loading.case_table())
    assert text.startswith("The worked case through the planner") and "step back" in text
