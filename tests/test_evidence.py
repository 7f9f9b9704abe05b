"""One evidence scale: each claim carries one grade (support + best design) wherever it appears."""

from __future__ import annotations

import pytest

from soleuslib import data, evidence

# Rows of different tables that state the same claim (issue 14 found them graded differently).
SAME_CLAIM = {
    "short-foot training and the calf": [
        ("exercises", "short_foot_flat"),
        ("exercises", "foot_strength_focus"),
        ("seed_claims", "short_foot_overuse"),
        ("chain_fix_now", "intrinsic_foot"),
    ],
    "the glute-to-soleus chain as a cause": [
        ("seed_claims", "glute_chain"),
        ("chain_evidence", "whole_chain_cause"),
    ],
    "overstriding": [
        ("seed_claims", "overstriding"),
        ("chain_evidence", "overstride"),
        ("chain_fix_now", "prevent_overstriding"),
        ("exercises", "overstriding_cue"),
    ],
    "glutes and the pelvis": [
        ("chain_evidence", "glutes_to_pelvis"),
        ("chain_fix_now", "glute_max_tilt"),
        ("chain_fix_now", "glute_med_drop"),
        ("exercises", "glute_max_focus"),
        ("exercises", "glute_med_focus"),
    ],
}


def _graded(table: str, row: str) -> str:
    frame = data.load(table).set_index(data.spec(table).id_column)
    return frame.loc[row, "grade"]


@pytest.mark.parametrize("claim", sorted(SAME_CLAIM))
def test_the_same_claim_carries_the_same_grade_in_every_table(claim):
    grades = {(t, r): _graded(t, r) for t, r in SAME_CLAIM[claim]}
    assert len(set(grades.values())) == 1, f"{claim}: {grades}"


def test_short_foot_and_the_whole_chain_are_resolved_to_what_the_sources_show():
    assert evidence.grade("short_foot_calf")["support_label"] == "not studied"
    assert evidence.grade("whole_chain")["support_label"] == "not shown"


def test_no_data_table_keeps_a_support_label_of_its_own():
    labels = set(evidence.SUPPORT_ORDER)
    for name in data.table_names():
        if name.startswith("evidence_"):
            continue
        for column, values in data.load(name).items():
            cells = {v for v in values if isinstance(v, str) and v}
            assert not (cells and cells <= labels), f"{name}.{column} holds its own support labels"


def test_every_graded_table_is_listed_and_names_existing_grades():
    known = set(evidence.grades()["id"])
    with_grade = {n for n in data.table_names() if "grade" in data.spec(n).row.model_fields}
    assert with_grade == {name for name, _ in evidence.GRADED_TABLES}
    assert set(evidence.usage()["grade"]) <= known


def test_every_grade_is_used_somewhere():
    unused = set(evidence.grades()["id"]) - set(evidence.usage()["grade"])
    assert not unused, f"grades no table uses: {sorted(unused)}"


def test_every_grade_pairs_a_support_step_with_a_design_step():
    steps = data.load("evidence_scale").set_index("id")
    for row in data.load("evidence_grades").itertuples():
        assert steps.loc[row.support, "axis"] == "support", row.id
        assert steps.loc[row.design, "axis"] == "design", row.id


def test_a_design_used_as_support_is_refused(monkeypatch):
    frame = data.load("evidence_grades")
    frame.loc[0, "support"] = "rct"
    original = data.load
    monkeypatch.setattr(
        evidence.data, "load", lambda name: frame if name == "evidence_grades" else original(name)
    )
    with pytest.raises(ValueError, match="'rct' is not a support step"):
        evidence.grades()


def test_the_scale_has_four_support_labels_and_design_levels_one_to_five():
    scale = evidence.scale()
    support = scale[scale["axis"] == "support"].sort_values("rank")
    assert tuple(support["label"]) == evidence.SUPPORT_ORDER
    assert set(scale.loc[scale["axis"] == "design", "rank"]) == {1, 2, 3, 4, 5}


def test_a_narrative_review_is_never_shown_without_its_level():
    label = evidence.grade("no_single_test")["evidence"]
    assert label.startswith("supported") and "narrative review (level 5)" in label


def test_not_studied_names_the_nearest_evidence_rather_than_the_best():
    assert "nearest evidence" in evidence.grade("short_foot_calf")["evidence"]
    assert "best evidence" in evidence.grade("overstriding")["evidence"]


@pytest.mark.parametrize("name", [name for name, _ in evidence.GRADED_TABLES])
def test_every_graded_row_shows_support_and_design_together(name):
    shown = evidence.attach(data.load(name))
    assert (
        shown["evidence"]
        .str.contains(r"^.+ · (?:best|nearest) evidence: .+ \(level [1-5]\)$")
        .all()
    )


def test_unknown_grade_lists_the_known_ones():
    with pytest.raises(KeyError, match="no grade 'proven'; known: "):
        evidence.grade("proven")
