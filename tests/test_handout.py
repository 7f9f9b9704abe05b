"""The patient handout: parameters are checked before anything runs; the rendered page is clean."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from soleuslib import handout, paths
from soleuslib.__main__ import main

GOOD = {
    "display_name": "J.D.",
    "side": "left",
    "pain_site": "inner calf",
    "stage": "building",
    "exercise_ids": ["short_foot_flat", "hinge_pallof"],
    "sessions_per_week": 3,
    "reading_level": "plain",
}


def _with(**changes):
    params = dict(GOOD)
    params.update(changes)
    return {k: v for k, v in params.items() if v is not ...}


@pytest.fixture
def no_notebook_run(monkeypatch):
    """Fail the test if papermill would be started."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the notebook ran although the parameters were bad")

    monkeypatch.setattr(handout, "_execute", refuse)


def test_good_parameters_validate_into_a_handout_params():
    params = handout.validate_params(GOOD)
    assert params.exercise_ids == ("short_foot_flat", "hinge_pallof")
    assert params.notebook_parameters()["exercise_ids"] == ["short_foot_flat", "hinge_pallof"]


@pytest.mark.parametrize(
    ("changes", "parameter", "message"),
    [
        (
            {"exercise_ids": ["short_foot_flat", "calf_raise"]},
            "exercise_ids",
            "unknown exercise id 'calf_raise'",
        ),
        ({"exercise_ids": "short_foot_flat"}, "exercise_ids", "must be a list"),
        ({"exercise_ids": []}, "exercise_ids", "must list 1 to 9"),
        ({"exercise_ids": ["hinge_pallof", "hinge_pallof"]}, "exercise_ids", "more than once"),
        ({"side": "up"}, "side", "side must be one of 'left', 'right', 'both' (got 'up')"),
        ({"stage": "done"}, "stage", "stage must be one of"),
        ({"reading_level": "expert"}, "reading_level", "reading_level must be one of"),
        ({"sessions_per_week": -2}, "sessions_per_week", "between 1 and 7 (got -2)"),
        ({"sessions_per_week": 0}, "sessions_per_week", "between 1 and 7 (got 0)"),
        ({"sessions_per_week": "3"}, "sessions_per_week", "must be a whole number"),
        ({"sessions_per_week": True}, "sessions_per_week", "must be a whole number"),
        ({"display_name": "<script>x</script>"}, "display_name", "markup characters"),
        ({"display_name": "Tom & Jerry"}, "display_name", "markup characters"),
        ({"display_name": 'A "B"'}, "display_name", "markup characters"),
        ({"display_name": "O'Neil"}, "display_name", "markup characters"),
        ({"display_name": "A.B.\n<h1>"}, "display_name", "control characters"),
        ({"display_name": "A\x07B"}, "display_name", "control characters"),
        ({"display_name": "   "}, "display_name", "must not be empty"),
        ({"display_name": "x" * 41}, "display_name", "at most 40 characters"),
        ({"pain_site": " \t "}, "pain_site", "pain_site must not be empty"),
        ({"pain_site": "calf\nshin"}, "pain_site", "control characters"),
        ({"pain_site": "calf\x00"}, "pain_site", "control characters"),
        ({"side": ...}, "side", "side is required"),
        ({"nmae": "A.B."}, "nmae", "unknown parameter 'nmae'"),
    ],
)
def test_each_bad_parameter_gets_a_clear_error_naming_it(changes, parameter, message):
    with pytest.raises(handout.HandoutParamsError) as err:
        handout.validate_params(_with(**changes))
    assert err.value.parameter == parameter
    assert message in str(err.value)
    assert parameter in str(err.value)


@pytest.mark.parametrize(
    "changes",
    [
        {"exercise_ids": ["nope"]},
        {"side": "up"},
        {"sessions_per_week": -1},
        {"display_name": "<b>A</b>"},
    ],
)
def test_bad_parameters_leave_no_file_and_never_start_the_notebook(
    changes, tmp_path, no_notebook_run
):
    out = tmp_path / "handouts"
    with pytest.raises(handout.HandoutParamsError):
        handout.render(_with(**changes), out_dir=out)
    assert not out.exists()


def test_a_failure_while_rendering_leaves_no_partial_file(tmp_path, monkeypatch):
    def broken(_params, folder: Path):
        (folder / "handout.ipynb").write_text("half written", encoding="utf-8")
        raise RuntimeError("kernel died")

    monkeypatch.setattr(handout, "_execute", broken)
    out = tmp_path / "handouts"
    with pytest.raises(RuntimeError, match="kernel died"):
        handout.render(GOOD, out_dir=out)
    assert not out.exists() or list(out.iterdir()) == []


def test_an_unsafe_file_name_is_refused_before_anything_runs(tmp_path, no_notebook_run):
    with pytest.raises(handout.HandoutParamsError, match="filename"):
        handout.render(GOOD, out_dir=tmp_path, filename="../escape.html")


def test_blocks_escape_text_from_parameters():
    params = handout.validate_params(_with(pain_site="<b>calf</b> & shin"))
    page = handout.header(params).html
    assert "&lt;b&gt;calf&lt;/b&gt; &amp; shin" in page
    assert "<b>calf</b>" not in page


def test_clinical_reading_level_adds_targets_and_evidence_but_plain_does_not():
    plain = handout.exercise_card(handout.validate_params(GOOD), "short_foot_flat", 1).html
    clinical = handout.exercise_card(
        handout.validate_params(_with(reading_level="clinical")), "short_foot_flat", 1
    ).html
    assert "Evidence" not in plain and "Targets" not in plain
    assert "Evidence" in clinical and "Barramuño-Medina" in clinical


def test_safety_box_lists_the_emergency_before_the_same_day_signs():
    box = handout.safety_box(handout.validate_params(GOOD)).html
    assert box.index("emergency") < box.index("same day") < box.index("before you run again")
    assert "swells" in box and "pale foot" in box and "hop" in box


def _parameters_cell_defaults() -> dict:
    nb = json.loads(handout.HANDOUT_NOTEBOOK.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    tree = ast.parse("".join(cell["source"]))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body}


def test_handout_notebook_defaults_are_a_valid_fictional_example():
    defaults = _parameters_cell_defaults()
    assert tuple(defaults) == handout.PARAMETER_NAMES
    handout.validate_params(defaults)


def test_example_parameter_file_is_valid():
    values = handout.load_params_file(paths.REPO_ROOT / "examples" / "handout_params.yaml")
    assert re.fullmatch(r"([A-Z]\.){1,3}", values["display_name"])  # fictional initials only
    handout.validate_params(values)


def test_cli_reports_a_bad_parameter_in_one_line_and_writes_nothing(
    tmp_path, capsys, no_notebook_run
):
    example = paths.REPO_ROOT / "examples" / "handout_params.yaml"
    status = main(
        [
            "handout",
            "--params",
            str(example),
            "--sessions-per-week",
            "-1",
            "--out-dir",
            str(tmp_path / "h"),
        ]
    )
    assert status == 2
    assert capsys.readouterr().err.strip() == (
        "error: sessions_per_week must be between 1 and 7 (got -1)"
    )
    assert not (tmp_path / "h").exists()


def test_cli_flags_override_the_parameter_file(tmp_path, monkeypatch, capsys):
    seen = {}

    def fake_render(params, out_dir, filename=None):
        seen["params"], seen["out_dir"] = params, out_dir
        return out_dir / "x.html"

    monkeypatch.setattr(handout, "render", fake_render)
    example = paths.REPO_ROOT / "examples" / "handout_params.yaml"
    status = main(
        [
            "handout",
            "--params",
            str(example),
            "--side",
            "both",
            "--exercise",
            "runners_lunge_noodle",
            "--exercise",
            "short_foot_flat",
            "--out-dir",
            str(tmp_path),
        ]
    )
    assert status == 0
    assert seen["params"].side == "both"
    assert seen["params"].exercise_ids == ("runners_lunge_noodle", "short_foot_flat")
    assert seen["params"].display_name == "K.M."  # from the file
    assert "handout written" in capsys.readouterr().out


def test_handout_renders_end_to_end_into_a_clean_printable_page(tmp_path):
    chosen = ["short_foot_noodle", "runners_lunge_noodle", "glute_med_focus"]
    path = handout.render(
        _with(display_name="A.B.", pain_site="<b>calf</b> & shin", exercise_ids=chosen),
        out_dir=tmp_path / "handouts",
    )
    assert path == tmp_path / "handouts" / "handout_A-B.html"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left
    page = path.read_text(encoding="utf-8")
    body = page[page.index("<body>") :]
    # each chosen exercise with its pose figure, and the safety box
    for exercise_id in chosen:
        assert f'id="exercise-{exercise_id}"' in body
        assert f'id="pose-{exercise_id}"' in body
    assert "3. Glute med strength (to limit pelvic drop)</h2>" in body
    assert "Safety: when to stop and get help" in body
    # no code, no prompts
    assert "validate_params" not in body and "import" not in body
    assert not re.search(r"In\s*(&nbsp;)?\[", body)
    assert "input_prompt" not in body and "jp-InputPrompt" not in body
    # parameter text escaped
    assert "Exercise plan for A.B." in body
    assert "&lt;b&gt;calf&lt;/b&gt; &amp; shin" in body and "<b>calf</b>" not in body
    # offline: plotly.js inline once, no script loaded from the network, print stylesheet
    assert not re.search(r"<script[^>]*\bsrc\s*=", page)
    assert page.count("<script") == 1 + len(chosen)
    assert "@media print" in page
