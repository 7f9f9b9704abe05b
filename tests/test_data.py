"""The data layer: every table loads, and each kind of malformed file is refused clearly."""

from __future__ import annotations

import pandas as pd
import pytest

from soleuslib import data
from tests.conftest import edit_text as _edit


@pytest.mark.parametrize("name", data.table_names())
def test_every_declared_table_loads_and_matches_its_schema(name):
    frame = data.load(name)
    assert list(frame.columns) == list(data.spec(name).row.model_fields)
    assert len(frame) > 0


def test_every_csv_in_data_has_a_declared_schema():
    files = {p.stem for p in data.paths.DATA_DIR.glob("*.csv")}
    assert files <= set(data.table_names()), files - set(data.table_names())


def test_every_column_is_described_in_the_data_readme():
    readme = (data.paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name in data.table_names():
        assert f"{name}.csv" in readme, f"data/README.md does not describe {name}.csv"
        for column in data.spec(name).row.model_fields:
            assert f"`{column}`" in readme, f"data/README.md does not describe {name}.{column}"


def test_load_returns_typed_columns():
    rows = data.load("exercises")
    assert str(rows["sets_min"].dtype) == "Int64"
    assert pd.isna(rows.set_index("id").loc["glute_max_focus", "sets_min"])
    assert rows.set_index("id").loc["short_foot_flat", "sets_min"] == 2


def test_load_is_cached_but_returns_a_fresh_copy():
    first = data.load("lessons")
    first.loc[0, "title"] = "changed by a notebook"
    assert data.load("lessons").loc[0, "title"] != "changed by a notebook"


def test_missing_column_names_the_file_and_the_column(data_copy):
    _edit(data_copy / "seed_claims.csv", ",grade,", ",")
    with pytest.raises(data.DataFileError) as err:
        data.load("seed_claims", data_copy)
    assert err.value.file.name == "seed_claims.csv"
    assert err.value.column == "grade"
    assert "missing column" in str(err.value)


def test_unknown_column_is_refused(data_copy):
    _edit(data_copy / "lessons.csv", "promise,tables", "promise,tables,colour")
    with pytest.raises(data.DataFileError, match="column 'colour'"):
        data.load("lessons", data_copy)


def test_wrong_type_names_the_row_and_column(data_copy):
    _edit(data_copy / "lessons.csv", "Start here,30,", "Start here,thirty,")
    with pytest.raises(data.DataFileError) as err:
        data.load("lessons", data_copy)
    assert (err.value.row, err.value.column) == (2, "minutes")
    assert "'thirty'" in str(err.value)


def test_out_of_range_value_is_refused(data_copy):
    _edit(data_copy / "lessons.csv", "Start here,30,", "Start here,900,")
    with pytest.raises(data.DataFileError, match="line 2, column 'minutes'.*less than or equal"):
        data.load("lessons", data_copy)


def test_value_outside_its_set_is_refused(data_copy):
    _edit(data_copy / "evidence_scale.csv", "\npartly,support,", "\npartly,proven,")
    with pytest.raises(data.DataFileError, match="line 3, column 'axis'"):
        data.load("evidence_scale", data_copy)


def test_duplicate_id_names_the_second_row(data_copy):
    _edit(data_copy / "seed_claims.csv", "\noverstriding,", "\nglute_chain,")
    with pytest.raises(data.DataFileError) as err:
        data.load("seed_claims", data_copy)
    assert err.value.column == "id" and err.value.row == 3
    assert "duplicate id 'glute_chain'" in str(err.value)


def test_citation_key_missing_from_the_bibliography_is_refused(data_copy):
    _edit(data_copy / "seed_claims.csv", "Bramah2021CalfStrainKinematics", "Bramah2099Invented")
    with pytest.raises(data.DataFileError) as err:
        data.load("seed_claims", data_copy)
    assert err.value.column == "refs" and err.value.row == 2
    assert "Bramah2099Invented" in str(err.value)


def test_empty_required_cell_is_refused(data_copy):
    _edit(
        data_copy / "lessons.csv", "start,0,00_start_here.ipynb,Start here", "start,0,,Start here"
    )
    with pytest.raises(data.DataFileError, match="line 2, column 'notebook': empty cell"):
        data.load("lessons", data_copy)


def test_missing_file_is_reported_by_name(data_copy):
    (data_copy / "lessons.csv").unlink()
    with pytest.raises(data.DataFileError, match="lessons.csv: file not found"):
        data.load("lessons", data_copy)


def test_unknown_table_lists_the_known_ones():
    with pytest.raises(KeyError, match="known tables: .*lessons"):
        data.load("no_such_table")


def test_lessons_name_existing_tables_and_notebooks():
    lessons = data.load("lessons")
    for cell in lessons["tables"]:
        for name in data.split_keys(cell):
            assert name in data.table_names()
    assert lessons["order"].is_unique


def test_a_link_to_a_missing_row_of_the_same_table_is_refused(data_copy):
    text = (data_copy / "exercises.csv").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines()[1:] if ",short_foot_noodle," in line)
    broken = row.replace(",short_foot_noodle,", ",short_fot_noodle,", 1)
    _edit(data_copy / "exercises.csv", row, broken)
    with pytest.raises(data.DataFileError, match="'short_fot_noodle' is not an id of exercises"):
        data.load("exercises", data_copy)


def test_columns_named_refs_or_ending_in_refs_are_citation_columns_without_declaring_them():
    from pydantic import Field

    from soleuslib.schemas import Row, TableSpec

    class Example(Row):
        id: str
        refs: str = Field(default="")
        pose_refs: str = Field(default="")
        sources: str = Field(default="")
        prefs: str = Field(default="")

    assert data.ref_columns(TableSpec("example", Example, "x")) == ("refs", "pose_refs")
    declared = TableSpec("example", Example, "x", ref_columns=("sources",))
    assert data.ref_columns(declared) == ("refs", "pose_refs", "sources")


def test_an_unknown_citation_key_in_a_data_file_suggests_the_nearest_existing_key(data_copy):
    _edit(
        data_copy / "seed_claims.csv",
        "Bramah2021CalfStrainKinematics",
        "Bramah2021CalfStrainKinematic",
    )
    with pytest.raises(data.DataFileError) as err:
        data.load("seed_claims", data_copy)
    assert "seed_claims.csv, line 2, column 'refs'" in str(err.value)
    assert "Did you mean Bramah2021CalfStrainKinematics?" in str(err.value)


def test_a_lesson_id_unknown_to_lessons_csv_names_the_file_line_column_and_the_list(data_copy):
    _edit(data_copy / "self_checks.csv", ",start,", ",startt,")
    with pytest.raises(data.DataFileError) as err:
        data.load("self_checks", data_copy)
    message = str(err.value)
    assert message.startswith("self_checks.csv, line 2, column 'lesson'")
    assert (
        "'startt' is not a lesson id of data/lessons.csv" in message and "start, anatomy" in message
    )


def test_a_lesson_added_to_lessons_csv_is_a_valid_lesson_id_with_no_code_change(data_copy):
    with (data_copy / "lessons.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "added_lesson,90,90_added.ipynb,Added,30,Hop and land with a calm soleus,,"
            "A. Author,pending (a registered physiotherapist),,2027-12-31\n"
        )
    _edit(data_copy / "self_checks.csv", ",start,", ",added_lesson,")
    assert "added_lesson" in set(data.load("lessons", data_copy)["id"])
    assert "added_lesson" in set(data.load("self_checks", data_copy)["lesson"])


def test_a_lesson_id_must_be_a_short_snake_case_name(data_copy):
    _edit(data_copy / "lessons.csv", "\nstart,0,", "\nStart Here,0,")
    with pytest.raises(data.DataFileError, match="line 2, column 'id'"):
        data.load("lessons", data_copy)
