"""Lesson 04: the exercise data, the filters, the ladder, the poses and their figures."""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from soleuslib import data, exercises, references, urgency
from soleuslib.figures import alt_text
from soleuslib.figures import exercises as fx
from soleuslib.schemas.exercises import Exercise


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return exercises.exercises()


def _row(frame, exercise_id):
    return frame.set_index("id").loc[exercise_id]


def test_the_seed_circuit_and_fix_now_items_are_all_present(frame):
    circuit = set(frame[frame["kind"] == "circuit"]["id"])
    fix_now = set(frame[frame["kind"] == "fix now"]["id"])
    assert circuit == {
        "short_foot_flat",
        "short_foot_noodle",
        "hinge_pallof",
        "hinge_pallof_noodle",
        "runners_lunge_noodle",
    }
    assert fix_now == {
        "overstriding_cue",
        "glute_max_focus",
        "glute_med_focus",
        "foot_strength_focus",
    }


def test_every_progression_regression_and_practice_link_names_an_existing_exercise(frame):
    ids = set(frame["id"])
    for column in ("progression", "regression", "practised_in"):
        for cell in frame[column]:
            assert set(data.split_keys(cell)) <= ids, (column, cell)
    assert exercises.link_problems(frame) == []


def test_link_check_catches_an_unknown_id_and_a_one_way_progression(frame):
    broken = frame.copy()
    broken.loc[broken["id"] == "hinge_pallof", "progression"] = "hinge_pallof_noodle;no_such_id"
    broken.loc[broken["id"] == "short_foot_noodle", "regression"] = ""
    problems = exercises.link_problems(broken)
    assert "hinge_pallof.progression names unknown id 'no_such_id'" in problems
    assert any("short_foot_flat progresses to short_foot_noodle" in p for p in problems)


def test_link_check_catches_a_progression_loop(frame):
    looped = frame.copy()
    looped.loc[looped["id"] == "hinge_pallof_noodle", "progression"] = "hinge_pallof"
    looped.loc[looped["id"] == "hinge_pallof", "regression"] = "hinge_pallof_noodle"
    assert any("loops back" in p for p in exercises.link_problems(looped))


def test_every_citation_key_of_the_lesson_tables_is_in_the_bibliography():
    known = references.keys()
    cited = set()
    for name, columns in (("exercises", ("refs", "pose_refs")), ("exercise_safety", ("refs",))):
        table = data.load(name)
        for column in columns:
            for cell in table[column]:
                cited.update(data.split_keys(cell))
    assert cited, "the tables cite nothing"
    assert cited <= known, cited - known


def test_dosage_ranges_are_sane_with_min_never_above_max(frame):
    circuit = frame[frame["kind"] == "circuit"]
    assert (circuit["sets_min"] <= circuit["sets_max"]).all()
    assert circuit["sets_min"].between(1, 5).all() and circuit["sets_max"].between(1, 5).all()
    counted = circuit[~circuit["to_fatigue"]]
    assert (counted["reps_min"] <= counted["reps_max"]).all()
    assert counted["reps_min"].between(1, 30).all()
    assert circuit[circuit["to_fatigue"]]["reps_min"].isna().all()
    assert frame[frame["kind"] == "fix now"]["sets_min"].isna().all()


def test_the_seed_dosage_carries_over(frame):
    short_foot = _row(frame, "short_foot_flat")
    assert (short_foot.sets_min, short_foot.sets_max, short_foot.reps_min, short_foot.reps_max) == (
        2,
        2,
        8,
        12,
    )
    hinge = _row(frame, "hinge_pallof")
    assert (hinge.sets_min, hinge.sets_max, hinge.reps_min, hinge.reps_max) == (2, 3, 12, 12)
    lunge = _row(frame, "runners_lunge_noodle")
    assert (lunge.sets_min, lunge.sets_max, bool(lunge.to_fatigue), bool(lunge.per_side)) == (
        2,
        3,
        True,
        True,
    )


def test_dosage_text_reads_the_numbers(frame):
    assert exercises.dosage_text(_row(frame, "short_foot_flat")) == (
        "2 sets of 8–12 repetitions, each side"
    )
    assert exercises.dosage_text(_row(frame, "runners_lunge_noodle")) == (
        "2–3 rounds, each to fatigue, each side"
    )
    assert exercises.dosage_text(_row(frame, "glute_med_focus")).startswith("Practise it within: ")


def _valid_row(**changes) -> dict:
    row = exercises.exercise("hinge_pallof").to_dict()
    row = {k: (None if pd.isna(v) else v) for k, v in row.items() if k in Exercise.model_fields}
    row.update(changes)
    return {k: v for k, v in row.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sets_min": 4, "sets_max": 2}, "sets_min (4) must not exceed sets_max (2)"),
        ({"reps_min": 15}, "reps_min (15) must not exceed reps_max (12)"),
        ({"reps_max": None}, "reps_min and reps_max must both be given"),
        ({"to_fatigue": True}, "either reps_min/reps_max or to_fatigue"),
        ({"goals": "hip control;flexibility"}, "goals item 'flexibility'"),
        ({"equipment": "kettlebell"}, "equipment item 'kettlebell'"),
    ],
)
def test_the_schema_refuses_inconsistent_dosage_and_unknown_vocabulary(changes, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Exercise.model_validate(_valid_row(**changes))


def test_short_foot_evidence_is_stated_honestly(frame):
    row = _row(frame, "short_foot_flat")
    # The calf outcome was never measured (issue 14: it was "partly" here, "not studied" elsewhere).
    assert row.support == "not studied"
    assert _row(frame, "foot_strength_focus").support == "not studied"
    assert "32 runners" in row.evidence_note and "One session" in row.evidence_note
    assert "BarramunoMedina2024ShortFoot" in data.split_keys(row.refs)
    for noodle in ("short_foot_noodle", "hinge_pallof_noodle", "runners_lunge_noodle"):
        assert _row(frame, noodle).support == "not studied"


def test_filter_by_goal_keeps_only_rows_serving_that_goal():
    found = exercises.filter_exercises(goal="soleus (bent knee)")
    assert set(found["id"]) == {"short_foot_noodle", "hinge_pallof_noodle", "runners_lunge_noodle"}


def test_filter_by_equipment_drops_what_the_runner_does_not_have():
    no_kit = exercises.filter_exercises(equipment=[])
    assert "hinge_pallof" not in set(no_kit["id"]) and "short_foot_flat" in set(no_kit["id"])
    noodle = exercises.filter_exercises(goal="foot strength", equipment="pool noodle")
    assert set(noodle["id"]) == {
        "short_foot_flat",
        "short_foot_noodle",
        "runners_lunge_noodle",
        "foot_strength_focus",
    }
    both = exercises.filter_exercises(equipment=["pool noodle", "resistance band or weight"])
    assert len(both) == len(exercises.exercises())


def test_filter_names_the_field_of_an_unknown_value():
    with pytest.raises(ValueError, match=r"goal must be among .* \(got speed\)"):
        exercises.filter_exercises(goal="speed")
    with pytest.raises(ValueError, match=r"equipment must be among .* \(got treadmill\)"):
        exercises.filter_exercises(equipment=["treadmill"])


def test_unknown_exercise_id_lists_the_known_ones():
    with pytest.raises(ValueError, match="exercise_id must be one of short_foot_flat"):
        exercises.exercise("calf_raise")


def test_ladder_puts_each_regression_one_step_below_its_progression():
    rungs = exercises.ladder().set_index("id")
    assert rungs.loc["short_foot_flat", "step"] == 1
    assert rungs.loc["short_foot_noodle", "step"] == 2
    assert rungs.loc["runners_lunge_noodle", "step"] == 3
    assert rungs.loc["hinge_pallof_noodle", "step"] == 2
    assert rungs.loc["hinge_pallof", "track"] != rungs.loc["short_foot_flat", "track"]


def test_upright_pose_stacks_hip_over_knee_over_ankle():
    pts = exercises.pose_points(0, 0, 0)
    assert pts["heel"] == (0.0, 0.0)
    assert pts["ankle"][1] < pts["knee"][1] < pts["hip"][1] < pts["shoulder"][1] < pts["head"][1]
    assert abs(pts["hip"][0] - pts["ankle"][0]) < 1e-9


def test_bending_the_knee_moves_the_knee_forward_and_the_hip_back():
    straight, bent = exercises.pose_points(0, 0, 20), exercises.pose_points(40, 45, 20)
    assert bent["knee"][0] > bent["ankle"][0]
    assert bent["hip"][0] < bent["knee"][0]
    assert bent["hip"][1] < straight["hip"][1]


def test_hip_hinge_tips_the_trunk_forward():
    pts = exercises.pose_points(60, 20, 8)
    assert pts["shoulder"][0] - pts["hip"][0] > 0.3


def test_out_of_range_angle_names_the_field():
    with pytest.raises(ValueError, match=r"knee_flexion_deg must be between 0 and 140 .*170"):
        exercises.pose_points(0, 170, 0)


def test_a_pose_without_sources_is_labelled_the_projects_illustrative_drawing():
    pose = exercises.pose("hinge_pallof")
    assert pose.source == exercises.ILLUSTRATIVE
    assert "illustrative" in alt_text(fx.pose_figure("hinge_pallof"))


def test_pose_figure_draws_the_body_labels_the_angles_and_adds_a_noodle_when_used():
    fig = fx.pose_figure("short_foot_noodle")
    joints = next(t for t in fig.data if t.name == "joint angles")
    assert list(joints.text) == ["hip 50°", "knee 45°", "ankle 25°"]
    assert [s.type for s in fig.layout.shapes] == ["line", "circle"]
    assert [s.type for s in fx.pose_figure("short_foot_flat").layout.shapes] == ["line"]
    assert "m" in fig.layout.xaxis.title.text and "m" in fig.layout.yaxis.title.text


def test_noodle_touches_the_floor_and_the_raised_foot():
    cx, cy = exercises.noodle_centre(20)
    assert cy == exercises.NOODLE_RADIUS_M
    assert 0 < cx < exercises.SEGMENT_M["foot"]


def test_pose_gallery_menu_shows_exactly_one_pose_at_a_time():
    fig = fx.pose_gallery()
    buttons = fig.layout.updatemenus[0].buttons
    assert len(buttons) == len(exercises.exercise_ids())
    per_pose = len(fig.data) // len(buttons)
    for button in buttons:
        assert sum(button.args[0]["visible"]) == per_pose


def test_progression_ladder_has_an_arrow_per_link_and_a_goal_menu_matching_the_filter():
    fig = fx.progression_ladder()
    assert len(fig.layout.annotations) == 3  # flat->noodle, noodle->lunge, hinge->hinge on noodle
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["all goals", *exercises.GOALS]
    balance = next(b for b in buttons if b.label == "balance")
    bright = {
        i
        for trace, opacity in zip(fig.data, balance.args[0]["marker.opacity"], strict=True)
        for i, o in zip(trace.customdata, opacity, strict=True)
        if o == 1.0
    }
    circuit = exercises.filter_exercises(goal="balance", kind="circuit")
    assert bright == set(circuit["id"])


def test_safety_signs_come_most_urgent_first():
    signs = exercises.safety_signs()
    assert signs["urgency"].iloc[0] == "emergency"
    order = signs["urgency"].map(exercises.URGENCY_ORDER.index)
    assert order.is_monotonic_increasing


def test_warning_list_uses_the_four_urgency_levels_only():
    assert set(exercises.safety_signs()["urgency"]) == set(urgency.ORDER)


@pytest.mark.parametrize(
    ("sign_id", "level", "source"),
    [
        ("pe_signs", "emergency", "NhsDvt"),
        ("saddle_numbness", "emergency", "GirftCaudaEquina"),
        ("cold_pale_foot", "emergency", "NhsHighlandLimbIschaemia"),
        ("acute_compartment", "emergency", "FraipontAdamson2003Cecs"),
        ("achilles_rupture", "same_day", "Boyd2015AchillesMissed"),
        ("sudden_pop", "same_day", "Boyd2015AchillesMissed"),
        ("dvt_signs", "same_day", "Wells1997DvtLancet"),
        ("bone_stress", "urgent", None),
        ("foot_numbness", "urgent", "Gaunder2017PaesCecs"),
        ("exertional_tightness", "routine", "Aweid2012Cecs"),
        ("radiating_pain", "routine", "MSD2024Radiculopathy"),
    ],
)
def test_each_warning_sign_has_its_urgency_and_source(sign_id, level, source):
    signs = exercises.safety_signs().set_index("id")
    assert signs.loc[sign_id, "urgency"] == level
    if source:
        assert source in data.split_keys(signs.loc[sign_id, "refs"])


def test_a_sudden_pop_in_the_calf_is_checked_the_same_day():
    assert len(exercises.safety_signs("same_day").query("id == 'sudden_pop'")) == 1


def test_an_unknown_urgency_filter_names_the_levels():
    with pytest.raises(ValueError, match="urgency must be among emergency, same_day"):
        exercises.safety_signs("before next run")


JARGON = ("oedema", "paraesthesia", "dorsiflex", "plantar", "proximal", "distal", "ischaemia")


def test_plain_warning_words_carry_no_clinical_jargon():
    for text in exercises.safety_signs()["plain"]:
        assert not [w for w in JARGON if w in text.lower()], text
        assert len(text.split()) <= 25, text


def test_filter_widget_only_calls_the_pure_function(monkeypatch):
    from soleuslib.widgets import exercises as wx

    calls = []
    real = exercises.filter_exercises

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(wx.ex, "filter_exercises", spy)
    box = wx.exercise_filter()
    box.children[0].value = "balance"
    box.children[1].children[0].value = False  # no pool noodle
    assert calls[-1] == {"goal": "balance", "equipment": ["resistance band or weight"]}


def test_coaching_table_numbers_each_circuit_exercise_cues_and_cheats():
    shown = exercises.coaching_table().frame
    circuit = exercises.filter_exercises(kind="circuit")
    assert list(shown["Exercise"]) == list(circuit["name"])
    first = shown.iloc[0]
    assert first["Cues to say"].startswith("(1) Draw the ball of the foot")
    assert "(2) Pressing the tips of the toes" in first["Cheats to watch for"]


def test_lesson_04_demo_figures_ask_rather_than_tell():
    gallery = fx.pose_gallery()
    titles = [gallery.layout.title.text]
    titles += [b.args[1]["title.text"] for b in gallery.layout.updatemenus[0].buttons]
    titles.append(fx.progression_ladder().layout.title.text)
    assert all(title.endswith("?") for title in titles)
