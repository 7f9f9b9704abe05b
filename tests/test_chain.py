"""Lesson 02: the stance-leg chain model, its data, figures and widget."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soleuslib import chain, data, references
from soleuslib.figures import alt_text
from soleuslib.figures import chain as chain_figures

# The zero-fatigue posture must match the published preferred-step-rate angles within this.
REFERENCE_TOLERANCE_DEG = 0.5

hip_angles = st.floats(min_value=5.0, max_value=40.0)
tilts = st.floats(min_value=-5.0, max_value=5.0)
heights = st.floats(min_value=1.5, max_value=2.0)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


# ---------------------------------------------------------------------------- geometry


@settings(max_examples=60, deadline=None)
@given(hip=hip_angles, tilt=tilts, height=heights)
def test_segment_lengths_are_preserved_in_every_posture(hip, tilt, height):
    seg = chain.segments(height)
    p = chain.posture(hip, tilt, height).points
    assert _distance(p["ankle"], p["knee"]) == pytest.approx(seg.shank_m, abs=1e-9)
    assert _distance(p["knee"], p["hip"]) == pytest.approx(seg.thigh_m, abs=1e-9)
    assert _distance(p["hip"], p["shoulder"]) == pytest.approx(seg.hat_m, abs=1e-9)
    assert _distance(p["heel"], p["toe"]) == pytest.approx(seg.foot_m, abs=1e-9)
    assert p["ankle"][1] == pytest.approx(seg.ankle_height_m)


def test_segment_lengths_follow_the_winter_fractions_of_height():
    seg = chain.segments(1.80)
    assert seg.thigh_m == pytest.approx(0.245 * 1.80)
    assert seg.shank_m == pytest.approx(0.246 * 1.80)
    assert seg.foot_m == pytest.approx(0.152 * 1.80)
    assert sum(seg.mass_fraction.values()) == pytest.approx(1.0, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(hip=hip_angles, tilt=tilts, height=heights)
def test_posture_rule_keeps_foot_flat_and_hip_above_the_same_point(hip, tilt, height):
    ref = chain.reference_posture(height)
    pose = chain.posture(hip, tilt, height)
    assert pose.points["heel"][1] == pose.points["toe"][1] == 0.0
    offset = pose.points["hip"][0] - pose.points["ankle"][0]
    assert offset == pytest.approx(ref.points["hip"][0] - ref.points["ankle"][0], abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(
    hip=st.floats(min_value=5.0, max_value=32.0),
    extra=st.floats(min_value=0.1, max_value=8.0),
    tilt=tilts,
)
def test_more_hip_flexion_gives_more_knee_flexion_and_more_dorsiflexion(hip, extra, tilt):
    less, more = chain.posture(hip, tilt), chain.posture(hip + extra, tilt)
    assert more.knee_flexion_deg > less.knee_flexion_deg
    assert more.ankle_dorsiflexion_deg > less.ankle_dorsiflexion_deg


def test_knee_and_ankle_rise_monotonically_over_the_whole_hip_range():
    poses = [chain.posture(h) for h in range(0, 41)]
    knees = [p.knee_flexion_deg for p in poses]
    ankles = [p.ankle_dorsiflexion_deg for p in poses]
    assert knees == sorted(knees) and len(set(knees)) == len(knees)
    assert ankles == sorted(ankles) and len(set(ankles)) == len(ankles)


def test_zero_fatigue_reproduces_the_preferred_step_rate_posture():
    ref = chain.reference_values()
    result = chain.chain_state(0.0)
    assert result.posture.hip_flexion_deg == pytest.approx(
        ref["hip_flexion_preferred"], abs=REFERENCE_TOLERANCE_DEG
    )
    assert result.knee_flexion_deg == pytest.approx(
        ref["knee_flexion_preferred"], abs=REFERENCE_TOLERANCE_DEG
    )
    assert ref["hip_flexion_preferred"] == 26.7 and ref["knee_flexion_preferred"] == 46.3
    assert result.soleus_length_change_mm == (0.0, 0.0)


def test_full_fatigue_gives_the_published_pelvic_differences():
    result = chain.chain_state(1.0)
    assert result.anterior_tilt_change_deg == pytest.approx(3.1)
    assert result.pelvic_drop_change_deg == pytest.approx(2.1)
    assert result.posture.trunk_lean_deg == pytest.approx(5.0 + 3.1)


def test_calf_strain_group_overstride_adds_the_step_rate_hip_change():
    fresh = chain.chain_state(0.0, 13.3)
    long_reach = chain.chain_state(0.0, 15.8)
    hip_change = long_reach.posture.hip_flexion_deg - fresh.posture.hip_flexion_deg
    assert hip_change == pytest.approx(30.7 - 26.7)


def test_model_overstates_the_measured_knee_response_as_the_notebook_says():
    check = chain.step_rate_check().set_index("step_rate")
    model_rise = (
        check.loc["10 % lower", "knee_model_deg"] - check.loc["preferred", "knee_model_deg"]
    )
    measured_rise = 50.6 - 46.3
    assert model_rise > measured_rise
    assert check["knee_model_deg"].is_monotonic_decreasing  # lower, preferred, higher step rate


# ---------------------------------------------------------------------------- outputs


def test_soleus_length_change_is_moment_arm_times_angle_in_radians():
    assert chain.soleus_length_change_mm(10.0, 34.6) == pytest.approx(34.6 * math.radians(10))
    assert chain.soleus_length_change_mm(-5.0, 50.0) < 0


def test_soleus_lengthens_with_overstride_and_the_large_moment_arm_gives_more():
    low, high = chain.chain_state(0.0, 18.0).soleus_length_change_mm
    assert 0 < low < high
    assert chain.moment_arm_range_mm() == (34.6, 56.0)


def test_demand_index_is_gravity_times_ankle_to_centre_of_mass_distance():
    result = chain.chain_state(0.4, 14.0, 1.70, 60.0)
    pose = result.posture
    expected = 9.81 * (pose.centre_of_mass[0] - pose.points["ankle"][0])
    assert result.demand_nm_per_kg == pytest.approx(expected)
    assert result.demand_nm == pytest.approx(expected * 60.0)
    assert result.demand_nm_per_kg > 0


def test_demand_index_rises_with_glute_fatigue():
    demands = chain.sweep([0.0, 0.25, 0.5, 0.75, 1.0])["demand_nm_per_kg"]
    assert demands.is_monotonic_increasing and demands.iloc[-1] > demands.iloc[0]


def test_result_table_lists_every_output_with_a_unit():
    frame = chain.result_table(chain.chain_state(0.5))
    assert set(frame["unit"]) == {"°", "mm", "N·m/kg", "N·m"}
    assert frame["quantity"].str.contains("Knee flexion").any()
    assert frame["quantity"].str.contains("Demand index").any()


# ---------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("bad", [-0.1, 1.01, float("nan"), "tired"])
def test_glute_fatigue_outside_zero_to_one_is_refused_by_name(bad):
    with pytest.raises(ValueError, match="glute_fatigue must be"):
        chain.chain_state(bad)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: chain.posture(75.0), "hip_flexion_deg"),
        (lambda: chain.posture(-5.0), "hip_flexion_deg"),
        (lambda: chain.posture(25.0, 20.0), "pelvic_tilt_change_deg"),
        (lambda: chain.chain_state(0.0, 40.0), "overstride_cm"),
        (lambda: chain.chain_state(0.0, 13.3, 2.5), "height_m"),
        (lambda: chain.chain_state(0.0, 13.3, 1.75, 10.0), "mass_kg"),
        (lambda: chain.soleus_length_change_mm(10.0, 200.0), "moment_arm_mm"),
    ],
)
def test_inputs_outside_their_range_are_refused_by_name(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_a_posture_beyond_the_ankle_limit_is_refused_naming_hip_flexion():
    with pytest.raises(ValueError, match=r"hip_flexion_deg=58 .*dorsiflexion"):
        chain.posture(58.0, -5.0)


# ---------------------------------------------------------------------------- data


@pytest.mark.parametrize(
    "name",
    [
        "chain_segments",
        "chain_reference_posture",
        "chain_parameters",
        "chain_evidence",
        "chain_fix_now",
    ],
)
def test_every_chain_row_cites_keys_that_exist_in_the_bibliography(name):
    frame = data.load(name)
    known = references.keys()
    for cell in frame["refs"]:
        for key in data.split_keys(cell):
            assert key in known, f"{name}: unknown key {key}"


def test_every_verified_parameter_cites_a_source_and_assumptions_are_labelled():
    frame = data.load("chain_parameters")
    assert (frame.loc[frame["status"] == "verified", "refs"] != "").all()
    assumptions = set(frame.loc[frame["status"] == "teaching assumption", "id"])
    assert {
        "fatigue_hip_flexion_gain",
        "overstride_hip_flexion_gain",
        "reference_trunk_lean",
    } <= assumptions


def test_a_verified_parameter_without_a_source_is_refused(data_copy):
    path = data_copy / "chain_parameters.csv"
    text = path.read_text(encoding="utf-8").replace(
        ",group mean (SD 2.8 cm),Bramah2021CalfStrainKinematics", ",group mean (SD 2.8 cm),"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(data.DataFileError, match="chain_parameters.csv, line 4"):
        data.load("chain_parameters", data_copy)


def test_evidence_panel_says_knee_and_ankle_links_were_not_shown():
    panel = chain.evidence_panel().set_index("id")
    assert panel.loc["knee_to_ankle", "support"] == "not shown"
    assert panel.loc["hip_to_knee", "support"] == "partly"
    assert panel.loc["whole_chain_cause", "support"] == "not shown"
    assert panel.loc["whole_chain_cause", "level"] == 4
    assert list(panel["order"]) == sorted(panel["order"])


def test_every_fix_now_item_is_tied_to_a_model_input_or_says_it_has_none():
    inputs = {"glute_fatigue", "overstride_cm", "none"}
    for value in chain.fix_now()["model_input"]:
        assert value.split()[0].rstrip(":") in inputs, value
    assert len(chain.fix_now()) == 4


# ---------------------------------------------------------------------------- figures and widget


def test_fatigue_slider_has_one_precomputed_frame_per_step_and_a_text_alternative():
    fig = chain_figures.fatigue_slider()
    assert [f.name for f in fig.frames] == [f"{i / 10:.1f}" for i in range(11)]
    steps = fig.layout.sliders[0].steps
    assert [s.args[0][0] for s in steps] == [f.name for f in fig.frames]
    assert "slider for glute fatigue" in alt_text(fig)
    assert fig.layout.xaxis.title.text.endswith("(m)") and fig.layout.yaxis.title.text.endswith(
        "(m)"
    )


def test_each_frame_draws_the_figure_of_its_fatigue_level():
    fig = chain_figures.fatigue_slider()
    last = fig.frames[-1].data[0]
    knee = chain.chain_state(1.0).posture.points["knee"]
    assert (last.x[6], last.y[6]) == (round(knee[0], 4), round(knee[1], 4))
    assert "Knee 48.1°" in fig.frames[-1].layout.annotations[0].text


def test_outputs_chart_has_units_on_every_axis():
    fig = chain_figures.outputs_chart()
    titles = [
        fig.layout.yaxis.title.text,
        fig.layout.yaxis2.title.text,
        fig.layout.yaxis3.title.text,
    ]
    assert titles == ["Angle (°)", "Change (mm)", "Moment (N·m/kg)"]
    assert "unitless" in fig.layout.xaxis3.title.text


def test_pelvic_drop_figure_shows_the_published_drop_and_an_exaggerated_view():
    fig = chain_figures.pelvic_drop_figure(1.0)
    left, right = fig.data[1].y
    assert right == 0.0 and math.degrees(math.atan(-left)) == pytest.approx(2.1, abs=0.01)
    true_size, bigger = fig.layout.updatemenus[0].buttons
    assert "2.1°" in true_size.label and "×5" in bigger.label
    assert bigger.args[0]["y"][0][0] < left


def test_widget_shows_a_message_for_an_impossible_height_instead_of_raising():
    from soleuslib.widgets.chain import chain_explorer

    box = chain_explorer()
    height, message = box.children[2], box.children[4]
    height.value = 3.0
    assert "height_m must be between" in message.value
    height.value = 1.8
    assert message.value == ""


def test_widget_draws_the_figure_and_the_output_table_for_its_inputs():
    from soleuslib.widgets.chain import chain_explorer

    box = chain_explorer()
    fatigue, out = box.children[0], box.children[-1]
    fatigue.value = 1.0
    figure, description, outputs = out.outputs
    assert "application/vnd.plotly.v1+json" in figure["data"]
    assert "Figure description" in description["data"]["text/plain"]
    assert "Knee flexion" in outputs["data"]["text/html"]
    assert "Knee 48.1°" in str(figure["data"]["application/vnd.plotly.v1+json"]["layout"])


def test_the_lesson_tables_keep_every_row_and_name_their_sources():
    tables = {
        "segments": (chain.segments_table(), data.load("chain_segments")),
        "parameters": (chain.parameters_table(), data.load("chain_parameters")),
        "fix now": (chain.fix_now_table(), chain.fix_now()),
        "evidence": (chain.evidence_table(), chain.evidence_panel()),
    }
    for name, (shown, rows) in tables.items():
        assert len(shown.frame) == len(rows), name
        assert "Source" in shown.frame.columns, name
        assert shown.caption, name


def test_the_interactive_figures_ask_rather_than_tell():
    for fig in (chain_figures.fatigue_slider(), chain_figures.pelvic_drop_figure(1.0)):
        assert fig.layout.title.text.replace("<br>", " ").rstrip().endswith("?")
