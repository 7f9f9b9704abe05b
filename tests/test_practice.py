"""soleuslib.practice: the cases agree with the triage engine, ask answers in plain words, the
grade follows its stated scheme, and the record a student keeps reads back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soleuslib import data, practice, triage
from soleuslib.figures import alt_text
from soleuslib.urgency import ORDER, RANK

CASES = practice.cases()
BOOK = triage.rule_book()
FINDINGS = list(BOOK.findings)
RED = practice.red_flag_questions()


def good_attempt(case: practice.Case) -> list[str]:
    """Red flags first, then the needed questions, nothing else."""
    return list(RED) + [f for f in practice.needed(case) if f not in RED]


# -- the cases ----------------------------------------------------------------------------------
def test_there_are_at_least_15_cases_across_the_three_levels():
    levels = [c.level for c in CASES.values()]
    assert len(levels) >= 15 and set(levels) == {1, 2, 3}


def test_every_dangerous_condition_leads_at_least_one_level_3_case():
    dangerous = {c for c in BOOK.conditions if BOOK.dangerous(c)}
    leading = {c.expected_leading for c in CASES.values() if c.level == 3}
    assert dangerous <= leading, f"no level-3 case for {dangerous - leading}"


@pytest.mark.parametrize("case_id", list(CASES))
def test_expected_urgency_and_leading_equal_what_assess_gives(case_id):
    case = CASES[case_id]
    result = triage.assess(case.findings)
    assert (result.urgency, result.ranked[0]) == (case.expected_urgency, case.expected_leading)
    assert set(case.findings) == set(FINDINGS)


def _break(folder: Path, old: str, new: str) -> None:
    path = folder / "practice_cases.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "old,new,message",
    [
        (";crescent_sign=no", "", "missing: crescent_sign"),
        ("felt_pop=no", "felt_popp=no", "unknown finding 'felt_popp'"),
        ("felt_pop=no", "felt_pop=maybe", "felt_pop must be yes or no"),
        ("calf_swelling_difference_cm=0", "calf_swelling_difference_cm=99", "between 0 and 20"),
        (",dvt;achilles_rupture,", ",dvt;soleus_strain,", "not a dangerous condition"),
        (",dvt;achilles_rupture,", ",dvt;achiles_rupture,", "not an id of triage_conditions"),
        (",routine,soleus_strain,", ",urgent,soleus_strain,", "assess\\(\\) gives 'routine'"),
        (",routine,soleus_strain,", ",routine,gastrocnemius_strain,", "ranks 'soleus_strain'"),
    ],
    ids=[
        "missing",
        "unknown",
        "bad-bool",
        "out-of-range",
        "routine-mimic",
        "unknown-mimic",
        "urgency",
        "leading",
    ],  # fmt: skip
)
def test_a_broken_case_is_refused_naming_file_line_and_column(data_copy, old, new, message):
    _break(data_copy, old, new)
    with pytest.raises(data.DataFileError, match=message) as info:
        practice.load_cases(data_copy)
    assert "practice_cases.csv, line 2, column" in str(info.value)


def test_unchanged_copy_of_the_cases_loads(data_copy):
    assert set(practice.load_cases(data_copy)) == set(CASES)


# -- asking -------------------------------------------------------------------------------------
def test_patient_questions_are_answered_in_plain_words():
    case = CASES["tennis_leg"]
    assert practice.ask(case, "felt_pop") == "Yes."
    assert practice.ask(case, "active_cancer") == "No."
    assert practice.ask(case, "onset") == "Suddenly."
    assert practice.ask(case, "pain_site") == "Inner calf."


def test_clinician_only_items_return_the_examination_result():
    case = CASES["kicked_at_the_heel"]
    answer = practice.ask(case, "positive_thompson_test")
    assert answer == "On examination: Positive calf squeeze (Thompson) test: yes."
    assert practice.ask("after_the_operation", "calf_swelling_difference_cm") == (
        "On examination: Calf swelling difference: 3.5 cm."
    )


def test_asking_an_unknown_question_or_case_names_it():
    with pytest.raises(ValueError, match="unknown finding 'pop'"):
        practice.ask("tennis_leg", "pop")
    with pytest.raises(ValueError, match="unknown case 'tennis'"):
        practice.ask("tennis", "felt_pop")


# -- grading ------------------------------------------------------------------------------------
def test_a_good_attempt_scores_full_marks_and_passes():
    for case in CASES.values():
        result = practice.grade(case, good_attempt(case), case.expected_urgency,
                                case.expected_leading)  # fmt: skip
        assert result.total == practice.MAX_TOTAL == 95 and result.passed, case.id


def test_parts_are_the_five_of_the_scheme_with_their_maximum_points():
    result = practice.grade("tennis_leg", [], "routine", None)
    assert [(p.name, p.max) for p in result.parts] == list(practice.POINTS.items())
    assert practice.POINTS["urgency"] > sum(practice.POINTS.values()) - practice.POINTS["urgency"]


def test_under_triage_of_a_dangerous_case_is_called_unsafe_and_fails():
    case = CASES["breathless_after_flight"]
    result = practice.grade(case, good_attempt(case), "same_day", case.expected_leading)
    assert result.unsafe and not result.passed and result.total == 45
    assert result.parts[0].feedback[0].text.startswith("Unsafe:")


def test_over_triage_fails_but_is_not_called_unsafe():
    case = CASES["hill_marathoner"]
    result = practice.grade(case, good_attempt(case), "urgent", case.expected_leading)
    assert not result.passed and not result.unsafe
    assert result.parts[0].feedback[0].text.startswith("Over-triage:")


def test_red_flags_asked_after_the_history_score_by_share_asked_first():
    case = CASES["hill_marathoner"]
    questions = list(RED[:3]) + ["pain_site"] + list(RED[3:])
    part = practice.grade(case, questions, "routine", "soleus_strain").parts[1]
    assert part.points == practice.round1(15 * 3 / len(RED))
    texts = [f.text for f in part.feedback]
    assert texts[0].startswith("Asked first:") and texts[3].startswith("Asked late")


def test_wells_questions_do_not_end_the_red_flag_window():
    questions = ["active_cancer"] + list(RED)
    part = practice.grade("hill_marathoner", questions, "routine", None).parts[1]
    assert part.points == 15


def test_efficiency_falls_by_half_a_point_per_extra_question_and_stops_at_zero():
    case = CASES["numb_saddle"]  # needs only the cauda equina and its leading rules
    extra = [f for f in FINDINGS if f not in RED and f not in practice.needed(case)]
    for count in (0, 1, 4, 10, 12):
        attempt = good_attempt(case) + extra[:count]
        part = practice.grade(case, attempt, "emergency", "cauda_equina").parts[4]
        assert part.points == max(0, 5 - 0.5 * min(count, len(extra))), count


def test_every_feedback_item_cites_rule_rows_of_the_rule_book_and_their_references():
    known_rules = {r.id: r for r in BOOK.rules} | {w.id: w for w in BOOK.wells_items}
    for case in CASES.values():
        for attempt in ([], good_attempt(case), FINDINGS):
            result = practice.grade(case, attempt, "routine", "soleus_strain")
            for part in result.parts:
                for item in part.feedback:
                    assert item.rules, f"{case.id} {part.name}: {item.text} cites no rule"
                    assert set(item.rules) <= set(known_rules)
                    refs = {k for r in item.rules for k in known_rules[r].refs}
                    assert set(item.refs) == refs


def test_repeated_questions_count_once():
    once = practice.grade("tennis_leg", ["felt_pop", "onset"], "routine", None)
    twice = practice.grade("tennis_leg", ["felt_pop", "onset", "felt_pop"], "routine", None)
    assert twice == once


def test_bad_attempts_are_refused_naming_the_field():
    with pytest.raises(ValueError, match="unknown question 'pop'"):
        practice.grade("tennis_leg", ["pop"], "routine", None)
    with pytest.raises(ValueError, match="urgency must be one of"):
        practice.grade("tennis_leg", [], "soon", None)
    with pytest.raises(ValueError, match="leading must be a condition id"):
        practice.grade("tennis_leg", [], "routine", "calf")


def test_grading_table_is_generated_from_the_same_constants():
    table = practice.grading_table()
    assert table["points"].iloc[:-1].tolist() == list(practice.POINTS.values())
    assert table["points"].iloc[-1] == 95 and "70" in table["how"].iloc[-1]


# -- properties ---------------------------------------------------------------------------------
attempts = st.tuples(
    st.sampled_from(sorted(CASES)),
    st.lists(st.sampled_from(FINDINGS), max_size=25, unique=True),
    st.sampled_from(ORDER),
    st.one_of(st.none(), st.sampled_from(list(BOOK.conditions))),
)


@settings(max_examples=300, deadline=None)
@given(attempts)
def test_asking_the_red_flag_questions_first_never_lowers_a_grade(attempt):
    case, questions, urgency, leading = attempt
    red_first = [f for f in questions if f in RED] + [f for f in questions if f not in RED]
    before = practice.grade(case, questions, urgency, leading).total
    assert practice.grade(case, red_first, urgency, leading).total >= before


@settings(max_examples=300, deadline=None)
@given(attempts, st.sampled_from(ORDER), st.lists(st.sampled_from(FINDINGS), max_size=25))
def test_the_right_urgency_always_outscores_a_wrong_one(attempt, wrong, other_questions):
    case, questions, _, leading = attempt
    right = CASES[case].expected_urgency
    if wrong == right:
        wrong = ORDER[(RANK[wrong] + 1) % len(ORDER)]
    good = practice.grade(case, questions, right, leading)
    bad = practice.grade(case, other_questions, wrong, CASES[case].expected_leading)
    assert good.total > bad.total and not bad.passed


@settings(max_examples=300, deadline=None)
@given(attempts, st.data())
def test_appending_one_more_needed_question_never_lowers_the_grade(attempt, draw):
    case, questions, urgency, leading = attempt
    missing = [f for f in practice.needed(case) if f not in questions]
    if not missing:
        return
    extra = draw.draw(st.sampled_from(missing))
    before = practice.grade(case, questions, urgency, leading)
    after = practice.grade(case, [*questions, extra], urgency, leading)
    assert after.total >= before.total
    assert after.parts[2].points > before.parts[2].points


# -- the record ---------------------------------------------------------------------------------
def _rows() -> list[dict]:
    day = dt.date(2025, 11, 25)
    careless = practice.grade("one_sore_spot", ["pain_site", "onset"], "routine",
                              "medial_tibial_stress_syndrome")  # fmt: skip
    case = CASES["tennis_leg"]
    good = practice.grade(case, good_attempt(case), "routine", "gastrocnemius_strain")
    return [practice.attempt_row(careless, day), practice.attempt_row(good, day)]


def test_attempts_are_written_where_the_student_says_and_read_back(tmp_path):
    path = practice.write_attempts(tmp_path / "me" / "attempts.csv", _rows())
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(practice.ATTEMPT_COLUMNS)
    frame = practice.read_attempts(path)
    assert frame["case"].tolist() == ["one_sore_spot", "tennis_leg"]
    assert frame["total"].tolist() == ["4", "95"] and frame["date"].iloc[0] == "2025-11-25"


def test_a_file_name_without_csv_is_refused(tmp_path):
    with pytest.raises(ValueError, match="must end in .csv"):
        practice.write_attempts(tmp_path / "attempts.txt", _rows())


def test_summary_names_the_needed_questions_the_class_forgot_most(tmp_path):
    practice.write_attempts(tmp_path / "a.csv", _rows())
    practice.write_attempts(tmp_path / "b.csv", _rows()[:1])
    table, fig = practice.summarise(tmp_path)
    top = table.iloc[0]
    assert top["finding"] in practice.needed("one_sore_spot")
    assert top["forgotten"] == 2 and top["forgotten_pct"] == 100
    assert fig.layout.title.text == "Needed questions the class forgot most"
    assert fig.layout.xaxis.title.text == "Attempts that did not ask it (%)"
    assert "3 practice attempts from 2 file(s)" in alt_text(fig)


@pytest.mark.parametrize(
    "text,message",
    [
        ("id,level\nx,1\n", "line 1: not a practice attempts file"),
        ("HEADER\ntennis,,routine,,0,0,0,0,5,5,no,2025-11-25\n", "line 2, column 'case'"),
        (
            "HEADER\ntennis_leg,felt_pop,routine,,50,0,0.7,0,5,55.7,no,25/11/2025\n",
            "line 2, column 'date'",
        ),
        (
            "HEADER\ntennis_leg,felt_pop,routine,,50,0,0.7,0,5,95,yes,2025-11-25\n",
            "line 2, column 'total'",
        ),
        (
            "HEADER\ntennis_leg,popp,routine,,50,0,0,0,5,55,no,2025-11-25\n",
            "line 2, column 'questions'",
        ),
        ("HEADER\ntennis_leg,felt_pop,routine\n", "line 2: expected 12 cells"),
    ],
    ids=["foreign", "unknown-case", "bad-date", "edited-total", "unknown-question", "short"],
)
def test_bad_or_foreign_attempts_files_are_refused_naming_file_and_line(tmp_path, text, message):
    path = tmp_path / "class" / "student.csv"
    path.parent.mkdir()
    path.write_text(text.replace("HEADER", ",".join(practice.ATTEMPT_COLUMNS)), encoding="utf-8")
    with pytest.raises(data.DataFileError, match=message) as info:
        practice.summarise(path.parent)
    assert str(info.value).startswith("student.csv, line")


def test_an_empty_folder_is_refused_naming_it(tmp_path):
    with pytest.raises(ValueError, match="no attempts files"):
        practice.summarise(tmp_path)


# -- the widget ---------------------------------------------------------------------------------
def test_widget_asks_grades_and_saves_through_the_package(tmp_path):
    from soleuslib.widgets import practice as form_module

    form = form_module.practice_form()
    form.case.value = "numb_saddle"
    asked = ["saddle_anaesthesia_or_bladder_change", "back_pain_radiating_below_knee"]
    for fid in asked:
        form.question.value = fid
        form.ask()
    assert "Yes." in form.answer_log.value
    assert asked[0] not in [v for _, v in form.question.options]
    assert form.grade() is None and "urgency first" in form.feedback.value
    form.urgency.value, form.leading.value = "emergency", "cauda_equina"
    result = form.grade()
    assert result == practice.grade("numb_saddle", asked, "emergency", "cauda_equina")
    assert 'role="status"' in form.feedback.value
    form.path.value = str(tmp_path / "mine.csv")
    form.save()
    assert practice.read_attempts(tmp_path / "mine.csv")["case"].tolist() == ["numb_saddle"]


def test_widget_offers_a_holder_for_the_static_site():
    from soleuslib.widgets import practice as form_module

    bundle = form_module.practice_form()._repr_mimebundle_()
    assert '<div class="soleus-static-practice">' in bundle["text/html"]
