"""Lesson 01 (anatomy): the length model, the schematic, the pain map and their data."""

from __future__ import annotations

import math
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soleuslib import anatomy, data, references
from soleuslib.figures import alt_text
from soleuslib.figures import anatomy as figures
from soleuslib.widgets import anatomy as widgets

KNEE = st.floats(min_value=0, max_value=140)
ANKLE = st.floats(min_value=-50, max_value=30)
ANATOMY_TABLES = [name for name in data.table_names() if name.startswith("anatomy_")]


# ----------------------------------------------------------------------------- length model


@given(knee_a=KNEE, knee_b=KNEE, ankle=ANKLE)
def test_soleus_length_does_not_depend_on_knee_angle(knee_a, knee_b, ankle):
    a = anatomy.mtu_length_band("soleus", knee_a, ankle)
    b = anatomy.mtu_length_band("soleus", knee_b, ankle)
    assert (a.low_mm, a.mid_mm, a.high_mm) == (b.low_mm, b.mid_mm, b.high_mm)


@given(knee=st.floats(min_value=0, max_value=130), ankle=ANKLE)
def test_gastrocnemius_length_falls_as_the_knee_bends(knee, ankle):
    straighter = anatomy.mtu_length_band("gastrocnemius", knee, ankle)
    more_bent = anatomy.mtu_length_band("gastrocnemius", knee + 10, ankle)
    assert more_bent.low_mm < straighter.low_mm
    assert more_bent.mid_mm < straighter.mid_mm
    assert more_bent.high_mm < straighter.high_mm


@pytest.mark.parametrize("muscle", anatomy.MUSCLES)
def test_dorsiflexion_lengthens_and_plantarflexion_shortens_both_muscles(muscle):
    neutral = anatomy.mtu_length_band(muscle, 0, 0)
    assert (neutral.low_mm, neutral.mid_mm, neutral.high_mm) == (0, 0, 0)
    assert anatomy.mtu_length_band(muscle, 0, 20).low_mm > 0
    assert anatomy.mtu_length_band(muscle, 0, -30).high_mm < 0


def test_length_change_is_moment_arm_in_mm_times_angle_in_radians():
    # 10 degrees of dorsiflexion over a 50 mm moment arm: 50 * 10 * pi / 180 = 8.73 mm longer.
    assert anatomy.mtu_length_change_mm("soleus", 90, 10, 50, 15) == pytest.approx(8.7266, abs=1e-3)
    # 90 degrees of knee flexion over a 15 mm moment arm shortens the gastrocnemius by 23.56 mm.
    gastro = anatomy.mtu_length_change_mm("gastrocnemius", 90, 0, 50, 15)
    assert gastro == pytest.approx(-15 * math.pi / 2, abs=1e-9)


def test_bands_use_the_published_moment_arm_ranges_from_data():
    ankle, knee = anatomy.moment_arm_range("ankle"), anatomy.moment_arm_range("knee")
    assert (ankle.low_mm, ankle.high_mm) == (34.6, 56.0)
    assert not ankle.secondary
    assert (knee.low_mm, knee.high_mm) == (12.0, 20.0)
    assert knee.secondary, "the gastrocnemius knee moment arm comes from a secondary source"
    band = anatomy.mtu_length_band("soleus", 0, 30)
    assert band.low_mm == pytest.approx(34.6 * math.radians(30))
    assert band.high_mm == pytest.approx(56.0 * math.radians(30))


@given(knee=KNEE, ankle=ANKLE)
def test_every_band_is_ordered_low_mid_high(knee, ankle):
    for muscle in anatomy.MUSCLES:
        band = anatomy.mtu_length_band(muscle, knee, ankle)
        assert band.low_mm <= band.mid_mm <= band.high_mm


@pytest.mark.parametrize(
    ("name", "value", "bounds"),
    [
        ("knee_flexion_deg", 170, "between 0 and 140 degrees"),
        ("knee_flexion_deg", -5, "between 0 and 140 degrees"),
        ("ankle_dorsiflexion_deg", 40, "between -50 and 30 degrees"),
        ("ankle_dorsiflexion_deg", -60, "between -50 and 30 degrees"),
    ],
)
def test_angle_outside_the_teaching_range_raises_an_error_naming_angle_and_range(
    name, value, bounds
):
    angles = {"knee_flexion_deg": 0, "ankle_dorsiflexion_deg": 0, name: value}
    with pytest.raises(ValueError) as error:
        anatomy.mtu_length_band("gastrocnemius", **angles)
    message = str(error.value)
    assert message.startswith(name)
    assert bounds in message
    assert f"got {value}" in message


@pytest.mark.parametrize("bad", ["ten", None, float("nan"), True])
def test_an_angle_that_is_not_a_number_is_refused_in_words(bad):
    with pytest.raises(ValueError, match="knee_flexion_deg must be a number of degrees"):
        anatomy.mtu_length_band("soleus", bad, 0)


def test_an_unknown_muscle_is_refused():
    with pytest.raises(ValueError, match="muscle must be one of soleus, gastrocnemius"):
        anatomy.mtu_length_band("plantaris", 0, 0)


def test_bending_the_knee_gives_slack_worth_ankle_degrees_to_the_gastrocnemius():
    low, high = anatomy.gastrocnemius_slack_deg(90)
    assert low == pytest.approx(12 * 90 / 56)
    assert high == pytest.approx(20 * 90 / 34.6)
    assert anatomy.gastrocnemius_slack_deg(0) == (0, 0)


def test_each_clinical_test_is_explained_by_the_length_model():
    tests = anatomy.clinical_tests()
    assert {"silfverskiold", "weight_bearing_lunge", "heel_raise"} <= set(tests["id"])
    heel = tests.set_index("id").loc["heel_raise"]
    assert heel["knee_bent_deg"] == 45  # the angle of the EMG study
    assert "shortens the gastrocnemius by 9–16 mm" in heel["model_explanation"]
    assert "soleus unchanged" in heel["model_explanation"]


# ----------------------------------------------------------------------------- schematic

LESSON_STRUCTURES = {
    "medial_femoral_condyle",
    "lateral_femoral_condyle",
    "tibia",
    "fibula",
    "calcaneus",
    "soleus",
    "soleus_fibular_origin",
    "soleus_tibial_origin",
    "tendinous_arch",
    "tibial_nerve",
    "popliteal_vessels",
    "calcaneal_tendon",
    "gastrocnemius_medial_head",
    "gastrocnemius_lateral_head",
}


@pytest.fixture(scope="module")
def schematic():
    return figures.leg_schematic(show_gastrocnemius=True, show_pain_map=True)


def test_every_structure_the_lesson_names_is_a_trace_with_hover_text_and_a_known_citation(
    schematic,
):
    known = references.keys()
    by_id = {trace.meta["id"]: trace for trace in schematic.data}
    assert LESSON_STRUCTURES | {"inner_calf", "high_outer_calf"} <= set(by_id)
    for trace in schematic.data:
        assert trace.hoverinfo == "text"
        assert trace.text.startswith(f"<b>{trace.name}") or trace.text.startswith("<b>Pain map")
        assert "Source: " in trace.text
        assert trace.meta["refs"], f"{trace.meta['id']} cites nothing"
        for key in trace.meta["refs"]:
            assert key in known
            assert references.get(key).short.split(",")[0] in trace.text


def test_both_soleus_origins_are_drawn_and_named(schematic):
    names = {trace.meta["id"]: trace.name for trace in schematic.data}
    assert "fibular (peroneal) origin" in names["soleus_fibular_origin"]
    assert "tibial origin" in names["soleus_tibial_origin"]
    labels = {a.name: a.text for a in schematic.layout.annotations}
    assert labels["soleus_fibular_origin"] == "Fibular (peroneal) origin"
    assert labels["soleus_tibial_origin"] == "Tibial origin"


def test_every_point_of_the_schematic_comes_from_the_landmark_table(schematic):
    points = {(row.x_cm, row.y_cm) for row in anatomy.landmarks().itertuples()}
    for trace in schematic.data:
        for xy in zip(trace.x, trace.y, strict=True):
            assert xy in points, f"{trace.meta['id']} has a point {xy} that is not a landmark"
    for note in schematic.layout.annotations:
        assert (note.x, note.y) in points


def test_the_nerve_and_vessels_pass_beneath_the_tendinous_arch(schematic):
    by_id = {trace.meta["id"]: trace for trace in schematic.data}
    arch = by_id["tendinous_arch"]
    arch_low, arch_high = min(arch.x), max(arch.x)
    for structure in ("tibial_nerve", "popliteal_vessels"):
        trace = by_id[structure]
        assert max(trace.y) > max(arch.y) and min(trace.y) < min(arch.y)
        crossing = [x for x, y in zip(trace.x, trace.y, strict=True) if 40 <= y <= 46]
        assert all(arch_low < x < arch_high for x in crossing)


def test_the_drawing_follows_the_shank_length_fraction_of_body_height():
    points = anatomy.landmarks()
    shank_cm = points.at["tibia_plateau_medial", "y_cm"] - points.at["tibia_plafond", "y_cm"]
    assert shank_cm == pytest.approx(0.246 * anatomy.SCHEMATIC_BODY_HEIGHT_CM, abs=1.5)


def test_the_view_menu_shows_and_hides_exactly_the_gastrocnemius_and_the_pain_map(schematic):
    layers = [t.meta["layer"] for t in schematic.data]
    assert layers.count("gastrocnemius") == 2 and layers.count("pain") == 2
    (menu,) = schematic.layout.updatemenus
    for button in menu.buttons:
        visible, layout = button.args[0]["visible"], button.args[1]
        gastro = {v for v, layer in zip(visible, layers, strict=True) if layer == "gastrocnemius"}
        pain = {v for v, layer in zip(visible, layers, strict=True) if layer == "pain"}
        assert len(gastro) == 1 and len(pain) == 1, "a layer is never half shown"
        assert all(v for v, layer in zip(visible, layers, strict=True) if layer == "base")
        for key, shown in layout.items():
            index = int(key.split("[")[1].split("]")[0])
            assert shown == visible[index], "a label follows its structure"
        label = button.label
        assert ("gastrocnemius" in label or "all" in label) == gastro.pop()
        assert ("pain map" in label or "all" in label) == pain.pop()
    assert len(menu.buttons) == 4


def test_the_schematic_starts_in_the_requested_state():
    fig = figures.leg_schematic(show_gastrocnemius=False, show_pain_map=False)
    visible = {t.meta["id"]: t.visible for t in fig.data}
    assert visible["soleus"] is True
    assert visible["gastrocnemius_medial_head"] is False
    assert visible["inner_calf"] is False
    assert fig.layout.updatemenus[0].buttons[fig.layout.updatemenus[0].active].label == (
        "View: soleus only"
    )


def test_each_pain_site_sits_over_the_soleus_origin_it_is_tied_to(schematic):
    sites = data.load("anatomy_pain_sites")
    by_id = {trace.meta["id"]: trace for trace in schematic.data}
    assert set(sites["over_structure"]) == {"soleus_tibial_origin", "soleus_fibular_origin"}
    for site in sites.itertuples():
        region, origin = by_id[site.id], by_id[site.over_structure]
        overlapping = [
            y
            for x, y in zip(origin.x, origin.y, strict=True)
            if min(region.x) <= x <= max(region.x) and min(region.y) <= y <= max(region.y)
        ]
        assert len(overlapping) >= 2, f"{site.id} does not cover {site.over_structure}"


# ----------------------------------------------------------------------------- slider figure


def test_the_slider_has_one_precomputed_step_per_knee_angle():
    fig = figures.length_slider(initial_knee_deg=40)
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == [str(k) for k in figures.KNEE_STEPS_DEG]
    per_step = len(fig.data) // len(steps)
    for n, step in enumerate(steps):
        shown = [i for i, v in enumerate(step.args[0]["visible"]) if v]
        assert shown == list(range(n * per_step, (n + 1) * per_step))
        assert {fig.data[i].meta["knee_flexion_deg"] for i in shown} == {figures.KNEE_STEPS_DEG[n]}
    assert fig.layout.sliders[0].active == figures.KNEE_STEPS_DEG.index(40)


def test_the_slider_draws_what_the_model_computes():
    fig = figures.length_slider()
    for trace in fig.data:
        if trace.meta["part"] != "mid":
            continue
        muscle, knee = trace.meta["muscle"], trace.meta["knee_flexion_deg"]
        for ankle, y in zip(trace.x, trace.y, strict=True):
            assert y == round(anatomy.mtu_length_band(muscle, knee, ankle).mid_mm, 1)


def test_on_the_slider_only_the_gastrocnemius_moves_with_the_knee():
    fig = figures.length_slider()
    curves = {}
    for trace in fig.data:
        curves.setdefault((trace.meta["muscle"], trace.meta["part"]), []).append(tuple(trace.y))
    assert len(set(curves[("soleus", "mid")])) == 1
    assert len(set(curves[("gastrocnemius", "mid")])) == len(figures.KNEE_STEPS_DEG)


def test_an_initial_knee_angle_off_the_slider_is_refused():
    with pytest.raises(ValueError, match="initial_knee_deg must be one of the slider steps"):
        figures.length_slider(initial_knee_deg=45)


@pytest.mark.parametrize("build", [figures.leg_schematic, figures.length_slider])
def test_both_figures_carry_a_text_alternative_and_axis_units(build):
    fig = build()
    assert len(alt_text(fig)) > 200
    assert "(cm)" in fig.layout.xaxis.title.text or "degrees" in fig.layout.xaxis.title.text
    assert "(cm)" in fig.layout.yaxis.title.text or "(mm)" in fig.layout.yaxis.title.text


def test_figures_are_deterministic():
    assert figures.leg_schematic().to_json() == figures.leg_schematic().to_json()
    assert figures.length_slider().to_json() == figures.length_slider().to_json()


# ----------------------------------------------------------------------------- widgets


def test_the_length_explorer_shows_a_message_not_a_traceback_for_a_bad_value():
    assert "must be between 0 and 140 degrees" in widgets.length_report(170, 0)
    assert "Traceback" not in widgets.length_report(170, 0)


def test_the_length_explorer_updates_when_a_slider_moves():
    box = widgets.length_explorer()
    knee, _ankle, result = box.children
    before = result.value
    knee.value = 90
    assert result.value != before
    assert "Knee flexion 90°" in result.value


# ----------------------------------------------------------------------------- data


@pytest.mark.parametrize("name", ANATOMY_TABLES)
def test_each_anatomy_table_loads_and_validates(name):
    assert len(data.load(name)) > 0


def test_an_outline_naming_a_missing_landmark_is_rejected(tmp_path):
    for name in ANATOMY_TABLES:
        shutil.copy(data.paths.DATA_DIR / f"{name}.csv", tmp_path)
    structures = tmp_path / "anatomy_structures.csv"
    structures.write_text(structures.read_text().replace("arch_apex;", "arch_top;", 1))
    with pytest.raises(data.DataFileError, match="'arch_top' is not an id of anatomy_landmarks"):
        data.load("anatomy_structures", data_dir=tmp_path)


def test_uncited_clinical_tests_are_labelled_as_teaching_content():
    for row in anatomy.clinical_tests().itertuples():
        assert row.refs or "teaching content" in row.source_status


def test_the_pain_map_table_names_the_origin_beneath_each_region():
    frame = anatomy.pain_sites_table().frame
    assert list(frame["Origin beneath"]) == [
        "Soleus: tibial origin",
        "Soleus: fibular (peroneal) origin",
    ]


def test_the_clinical_tests_table_labels_uncited_rows_instead_of_leaving_them_blank(monkeypatch):
    tests = anatomy.clinical_tests()
    tests.loc[tests["id"] == "silfverskiold", "refs"] = ""
    monkeypatch.setattr(anatomy, "clinical_tests", lambda: tests)
    frame = anatomy.clinical_tests_table().frame.set_index("Test")
    assert frame.loc["Silfverskiöld test", "Source"] == "the project's teaching content (uncited)"
    assert frame.loc["Bent-knee vs straight-knee calf raise", "Source"].startswith("Hébert-Losier")


def test_the_knee_straight_and_bent_tests_cite_their_sources():
    frame = anatomy.clinical_tests_table().frame.set_index("Test")
    assert frame.loc["Silfverskiöld test", "Source"] == "Goss et al., 2020"
    assert frame.loc["Weight-bearing lunge (knee to wall)", "Source"] == "Bennell et al., 1998"


def test_a_band_is_described_in_whole_millimetres_with_its_posture():
    line = anatomy.describe_band(anatomy.mtu_length_band("soleus", 90, 10))
    assert line == "soleus: +6 to +10 mm (middle +8 mm) at knee 90°, ankle +10°"


@pytest.mark.parametrize(
    "fig",
    [
        figures.leg_schematic(),
        figures.leg_schematic(show_pain_map=True, title=figures.PAIN_MAP_TITLE),
        figures.length_slider(),
    ],
    ids=["schematic", "pain map", "slider"],
)
def test_each_demo_figure_asks_a_question_instead_of_stating_its_answer(fig):
    title = fig.layout.title.text
    assert title.endswith("?"), title
    assert "not soleus" not in title
