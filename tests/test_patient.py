"""The patient templates: autoescaped, one warning list most urgent first, SVG poses."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from soleuslib import exercises, urgency
from soleuslib.figures.exercises import pose_caption, pose_svg
from soleuslib.patient import content, render, view

SCRIPT = "<script>alert('x')</script>"


def test_header_shows_a_script_tag_in_a_name_as_text():
    page = render.header_html(f"Exercise plan for {SCRIPT}", details=[("Where", SCRIPT)])
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_notice_and_safety_box_escape_their_text():
    assert "<script>" not in render.notice_html(SCRIPT)
    group = content.SafetyGroup(
        "emergency", "now", SCRIPT, "#000", "#fff", (content.SafetySign(SCRIPT),)
    )
    box = render.safety_box_html([group], title=SCRIPT, intro=SCRIPT)
    assert "<script>" not in box and box.count("&lt;script&gt;") == 4


def test_exercise_card_escapes_text_but_keeps_the_pose_drawing():
    card = content.ExerciseCard(
        exercise_id="short_foot_flat",
        name=SCRIPT,
        purpose=SCRIPT,
        facts=((SCRIPT, SCRIPT),),
        cues=(SCRIPT,),
        cheats=(SCRIPT,),
        figure_svg=pose_svg(exercises.pose("short_foot_flat")),
        figure_caption=SCRIPT,
    )
    page = render.exercise_card_html(card)
    assert "<script>" not in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page


def test_the_template_environment_autoescapes_every_template():
    env = render.environment()
    assert env.autoescape is True
    for name in env.list_templates():
        assert "|safe" not in (render.TEMPLATES_DIR / name).read_text().replace(" ", "")


def test_safety_groups_come_most_urgent_first_with_their_time_words():
    groups = content.safety_groups()
    assert [g.level for g in groups] == ["emergency", "same_day", "urgent", "routine"]
    for group in groups:
        assert group.when == urgency.WHEN_WORDS[group.level]
        assert group.when in group.heading
    shown = [s.plain for g in groups for s in g.signs]
    assert sorted(shown) == sorted(exercises.safety_signs()["plain"])


def test_clinical_reading_level_adds_clinical_words_and_sources_to_the_warning_list():
    plain = render.safety_box_html(content.safety_groups("plain"))
    clinical = render.safety_box_html(content.safety_groups("clinical"))
    assert "Clinical:" not in plain and "haemoptysis" not in plain
    assert "haemoptysis" in clinical and "Boyd et al., 2015" in clinical


def test_an_unknown_reading_level_is_refused_by_name():
    with pytest.raises(ValueError, match="reading_level must be one of plain, clinical"):
        content.safety_groups("expert")


def test_pose_svg_is_a_small_valid_drawing_that_depends_only_on_the_pose():
    pose = exercises.pose("runners_lunge_noodle")
    svg = pose_svg(pose)
    assert svg == pose_svg(pose)  # pure
    assert len(svg.encode()) < 2_000
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.get("aria-label") == pose_caption(pose)
    assert root.find(f"{ns}title").text == pose_caption(pose)
    circles = root.findall(f"{ns}circle")
    assert len(circles) == 5  # noodle, three joints, head
    head = circles[-1]
    assert float(head.get("cx")) == pytest.approx(pose.points["head"][0] * 100, abs=0.1)
    assert float(head.get("cy")) == pytest.approx(-pose.points["head"][1] * 100, abs=0.1)


def test_pose_svg_draws_a_noodle_only_under_a_foot_on_a_noodle():
    flat = ET.fromstring(pose_svg(exercises.pose("short_foot_flat")))
    assert len(flat.findall("{http://www.w3.org/2000/svg}circle")) == 4
    assert "pool noodle" in pose_caption(exercises.pose("short_foot_noodle"))


def test_pose_caption_uses_plain_words():
    for exercise_id in exercises.exercise_ids():
        caption = pose_caption(exercises.pose(exercise_id)).lower()
        assert "dorsiflex" not in caption and "flexion" not in caption


def test_patient_view_shows_notice_then_warning_signs_then_questions_then_the_plan():
    nb = json.loads(view.PATIENT_VIEW.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"]]
    order = [
        next(i for i, s in enumerate(sources) if marker in s)
        for marker in (
            "view.patient_notice()",
            "view.safety_html()",
            'triage_form(mode="patient")',
            "view.exercise_plan_html()",
        )
    ]
    assert order == sorted(order)


def test_patient_view_notebook_only_imports_calls_and_shows():
    nb = json.loads(view.PATIENT_VIEW.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert len("".join(cell["source"]).strip().splitlines()) <= 6
            assert not re.search(r"^\s*(def|class|for|if|while)\b", "".join(cell["source"]), re.M)


def test_patient_view_warning_list_is_the_handouts_list():
    page = view.safety_html()
    for text in exercises.safety_signs()["plain"]:
        assert text.replace("'", "&#39;") in page
    assert "Get help now if…" in page


def test_patient_view_plan_lists_every_exercise_with_its_dose():
    plan = view.exercise_plan_html()
    assert plan.count('class="exercise patient-exercise"') == len(exercises.exercise_ids())
    assert "How much" in plan and "<svg" in plan


def test_patient_view_notice_says_it_is_not_a_diagnosis():
    assert "not a diagnosis" in view.patient_notice()


def test_voila_command_listens_on_loopback_only_and_hides_code():
    command = view.voila_command(8899)
    assert "--Voila.ip=127.0.0.1" in command and "--port=8899" in command
    assert "--strip_sources=True" in command and "--show_tracebacks=False" in command
    assert command[-1].endswith("patient_view.ipynb")
