"""The patient register: one rendering path for every page a patient reads.

``render`` holds the Jinja2 templates (autoescaped) for the header, the exercise card, the safety
box ("Get help now if…") and the "not a diagnosis" notice; ``content`` turns the data files into
what those templates show; ``view`` is the Voilà patient view and ``make present``. The handout
(:mod:`soleuslib.handout`) and the patient view both render through these templates.
"""

from __future__ import annotations

from soleuslib.patient.content import (
    ExerciseCard,
    SafetyGroup,
    exercise_card,
    safety_groups,
    stage,
)
from soleuslib.patient.render import (
    exercise_card_html,
    header_html,
    notice_html,
    render_template,
    safety_box_html,
)

__all__ = [
    "ExerciseCard",
    "SafetyGroup",
    "exercise_card",
    "exercise_card_html",
    "header_html",
    "notice_html",
    "render_template",
    "safety_box_html",
    "safety_groups",
    "stage",
]
