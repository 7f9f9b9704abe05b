"""The patient templates (Jinja2, autoescaped): header, exercise card, safety box, notice.

Text passed in is always escaped; only ``ExerciseCard.figure_svg`` (made by
:func:`soleuslib.figures.exercises.pose_svg`, which escapes its own text) is inserted as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from soleuslib.patient.content import NOTICE, ExerciseCard, SafetyGroup, safety_groups

TEMPLATES_DIR = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    """The one Jinja2 environment: autoescape on for every template, undefined names fail."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render_template(name: str, **context) -> str:
    """Render ``templates/<name>`` with ``context`` (all text escaped)."""
    return environment().get_template(name).render(**context).strip()


def header_html(
    title: str,
    details: Sequence[tuple[str, str]] = (),
    lead: str | None = None,
    stage_text: str | None = None,
    stage_basis: str | None = None,
) -> str:
    """The page's title, its details as a list of (label, value), a lead line, a stage note."""
    return render_template(
        "header.html.j2",
        title=title,
        details=list(details),
        lead=lead,
        stage_text=stage_text,
        stage_basis=stage_basis,
    )


def notice_html(text: str = NOTICE) -> str:
    """The "not a diagnosis" notice, as a highlighted note."""
    return render_template("notice.html.j2", text=text)


def exercise_card_html(card: ExerciseCard, heading_level: int = 2) -> str:
    """One exercise card; ``heading_level`` 2 on the handout, 3 in the patient view."""
    figure = Markup(card.figure_svg) if card.figure_svg else None  # noqa: S704 (made by pose_svg)
    return render_template("exercise_card.html.j2", card=card, figure=figure, h=heading_level)


def stage_plan_html(plan: dict, label: str, heading_level: int = 2) -> str:
    """The stage's step of the loading ladder (soleuslib.loading.stage_plan) in plain words."""
    return render_template("stage_plan.html.j2", plan=plan, label=label, h=heading_level)


def safety_box_html(
    groups: Sequence[SafetyGroup] | None = None,
    title: str = "Warning signs: when to get help",
    intro: str | None = None,
    heading_level: int = 2,
) -> str:
    """The warning list grouped by urgency, most urgent first."""
    groups = safety_groups() if groups is None else groups
    return render_template(
        "safety_box.html.j2", groups=list(groups), title=title, intro=intro, h=heading_level
    )
