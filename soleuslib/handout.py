"""The personalised patient handout: parameter validation, the handout's HTML blocks, and rendering.

``validate_params`` checks every parameter before anything runs; ``render`` executes
``notebooks/handout.ipynb`` with papermill in a temporary folder, converts it to code-free HTML
with nbconvert, and only then moves the finished file into ``handouts/``. Parameter text is
escaped.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from soleuslib import data, exercises, paths, references

HANDOUT_NOTEBOOK = paths.NOTEBOOKS_DIR / "handout.ipynb"
SIDES = ("left", "right", "both")
STAGES = ("early", "building", "return to running")
READING_LEVELS = ("plain", "clinical")
MARKUP_CHARACTERS = set("<>&\"'`")
MAX_EXERCISES = 9
URGENCY_HEADINGS = {
    "emergency": "Call emergency services or go to an emergency department now if you have",
    "same day": "See a doctor the same day (do not wait for your next appointment) if you have",
    "before next run": (
        "Stop running and see your clinician or doctor before you run again if you have"
    ),
}
SIDE_WORDS = {"left": "left leg", "right": "right leg", "both": "both legs"}
STAGE_WORDS = {
    "early": "early: getting started",
    "building": "building strength",
    "return to running": "returning to running",
}


class HandoutParamsError(ValueError):
    """A handout parameter that cannot be used; ``parameter`` names it."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(message)


def _control_characters(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("C") for ch in text)


def _text(value: Any, field: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text (got {type(value).__name__})")
    value = value.strip()
    if not value:
        raise ValueError(f"{field} must not be empty")
    if len(value) > max_length:
        raise ValueError(f"{field} must be at most {max_length} characters (got {len(value)})")
    if _control_characters(value):
        raise ValueError(f"{field} must not contain control characters such as line breaks")
    return value


def _choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{field} must be one of {options} (got {value!r})")
    return value


class HandoutParams(BaseModel):
    """The handout's parameters, checked: use :func:`validate_params` to build one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    display_name: str  # the patient's name or initials, shown on the handout
    side: str  # "left", "right" or "both"
    pain_site: str  # where it hurts, in the patient's or clinician's words
    stage: str  # one of STAGES
    exercise_ids: tuple[str, ...]  # ids from data/exercises.csv, in handout order
    sessions_per_week: int  # 1 to 7
    reading_level: str  # "plain" or "clinical"

    @field_validator("display_name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        value = _text(value, "display_name", 40)
        if MARKUP_CHARACTERS & set(value):
            raise ValueError(
                "display_name must not contain markup characters (<, >, &, quotes or backticks)"
                f" (got {value!r})"
            )
        return value

    @field_validator("pain_site", mode="before")
    @classmethod
    def _pain_site(cls, value: Any) -> str:
        return _text(value, "pain_site", 80)

    @field_validator("side", mode="before")
    @classmethod
    def _side(cls, value: Any) -> str:
        return _choice(value, "side", SIDES)

    @field_validator("stage", mode="before")
    @classmethod
    def _stage(cls, value: Any) -> str:
        return _choice(value, "stage", STAGES)

    @field_validator("reading_level", mode="before")
    @classmethod
    def _reading_level(cls, value: Any) -> str:
        return _choice(value, "reading_level", READING_LEVELS)

    @field_validator("sessions_per_week", mode="before")
    @classmethod
    def _sessions(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"sessions_per_week must be a whole number (got {value!r})")
        if not 1 <= value <= 7:
            raise ValueError(f"sessions_per_week must be between 1 and 7 (got {value})")
        return value

    @field_validator("exercise_ids", mode="before")
    @classmethod
    def _exercise_ids(cls, value: Any) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ValueError(f"exercise_ids must be a list of exercise ids (got {value!r})")
        if not 1 <= len(value) <= MAX_EXERCISES:
            raise ValueError(
                f"exercise_ids must list 1 to {MAX_EXERCISES} exercises (got {len(value)})"
            )
        known = exercises.exercise_ids()
        for item in value:
            if item not in known:
                raise ValueError(
                    f"exercise_ids: unknown exercise id {item!r}; known ids: {', '.join(known)}"
                )
        duplicates = sorted({i for i in value if list(value).count(i) > 1})
        if duplicates:
            raise ValueError(f"exercise_ids lists {', '.join(duplicates)} more than once")
        return tuple(value)

    def notebook_parameters(self) -> dict[str, Any]:
        """The parameters as papermill injects them (lists, not tuples)."""
        values = self.model_dump()
        values["exercise_ids"] = list(self.exercise_ids)
        return values


PARAMETER_NAMES = tuple(HandoutParams.model_fields)


def validate_params(params: Mapping[str, Any] | HandoutParams) -> HandoutParams:
    """Checked parameters; anything wrong raises HandoutParamsError naming the parameter."""
    if isinstance(params, HandoutParams):
        return params
    if not isinstance(params, Mapping):
        kind = type(params).__name__
        raise HandoutParamsError("params", f"params must be a mapping (got {kind})")
    try:
        return HandoutParams.model_validate(dict(params))
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else "params"
        if error["type"] == "extra_forbidden":
            message = f"unknown parameter '{name}'; expected: {', '.join(PARAMETER_NAMES)}"
        elif error["type"] == "missing":
            message = f"{name} is required (parameters: {', '.join(PARAMETER_NAMES)})"
        else:
            message = str(error.get("ctx", {}).get("error", error["msg"]))
        raise HandoutParamsError(name, message) from None


def load_params_file(path: Path | str) -> dict[str, Any]:
    """Parameters from a YAML file (a mapping of parameter names to values)."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise HandoutParamsError("params", f"parameter file not found: {path}")
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise HandoutParamsError("params", f"{path.name} is not valid YAML ({exc})") from None
    if not isinstance(loaded, dict):
        raise HandoutParamsError("params", f"{path.name} must hold a mapping of parameters")
    return loaded


# --- The handout's blocks (displayed by notebooks/handout.ipynb) --------------------------------


class Block:
    """A piece of the handout: HTML for the page, plain text for a console or nbval."""

    def __init__(self, html_text: str, plain: str):
        self.html, self.plain = html_text, plain

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.plain


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _items(cell: str) -> list[str]:
    return data.split_keys(cell)


def header(params: HandoutParams) -> Block:
    """Title and the plan's details."""
    p = validate_params(params)
    rows = [
        ("Leg", SIDE_WORDS[p.side]),
        ("Where it hurts", p.pain_site),
        ("Stage", STAGE_WORDS[p.stage]),
        (
            "How often",
            f"{p.sessions_per_week} session{'s' if p.sessions_per_week > 1 else ''} a week",
        ),
        ("Exercises", str(len(p.exercise_ids))),
    ]
    details = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    page = (
        f'<header class="handout-header"><h1>Exercise plan for {_e(p.display_name)}</h1>'
        f'<dl class="plan">{details}</dl>'
        '<p class="note">Your clinician chose these exercises with you. Follow their advice if it '
        "differs from this sheet, and read the safety box before you start.</p></header>"
    )
    plain = f"Exercise plan for {p.display_name}\n" + "\n".join(f"{k}: {v}" for k, v in rows)
    return Block(page, plain)


def _pose_html(exercise_id: str) -> tuple[str, str]:
    import plotly.io as pio

    from soleuslib.figures import alt_text
    from soleuslib.figures.exercises import pose_figure

    fig = pose_figure(exercise_id, height=300)
    fig.update_layout(title=None, margin={"l": 5, "r": 5, "t": 5, "b": 5}, width=260)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    div = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        div_id=f"pose-{exercise_id}",
        config={"staticPlot": True, "displayModeBar": False, "responsive": False},
    )
    return div, alt_text(fig)


def exercise_card(params: HandoutParams, exercise_id: str, number: int) -> Block:
    """One exercise: pose figure, what it is for, dosage, cues and cheats."""
    p = validate_params(params)
    row = exercises.exercise(exercise_id)
    div, alt = _pose_html(exercise_id)
    facts = [("How much", exercises.dosage_text(row))]
    if row["rest"]:
        facts.append(("Rest", row["rest"]))
    if row["load"]:
        facts.append(("Load", row["load"]))
    equipment = [e for e in _items(row["equipment"]) if e != "none"]
    facts.append(("You need", ", ".join(equipment) if equipment else "nothing"))
    if p.reading_level == "clinical":
        if row["target_muscles"]:
            facts.append(("Targets", ", ".join(_items(row["target_muscles"]))))
        sources = "; ".join(references.get(k).short for k in _items(row["refs"]))
        facts.append(("Evidence", f"{row['evidence']}: {row['evidence_note']} ({sources})"))
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
    cues = "".join(f"<li>{_e(c)}</li>" for c in _items(row["cues"]))
    cheats = "".join(f"<li>{_e(c)}</li>" for c in _items(row["cheats"]))
    cheat_html = f"<h3>Watch out for</h3><ul class='cheats'>{cheats}</ul>" if cheats else ""
    page = (
        f'<section class="exercise" id="exercise-{_e(exercise_id)}">'
        f"<h2>{number}. {_e(row['name'])}</h2>"
        '<div class="exercise-body">'
        f'<figure class="pose">{div}<figcaption>{_e(alt)}</figcaption></figure>'
        f'<div class="exercise-text"><p class="purpose">{_e(row["purpose"])}</p>'
        f'<dl class="dosage">{dl}</dl>'
        f"<h3>How to do it</h3><ul class='cues'>{cues}</ul>{cheat_html}</div></div></section>"
    )
    plain = f"{number}. {row['name']}: {exercises.dosage_text(row)}"
    return Block(page, plain)


def exercise_cards(params: HandoutParams) -> list[Block]:
    """A card for every chosen exercise, in the chosen order."""
    p = validate_params(params)
    return [exercise_card(p, i, n) for n, i in enumerate(p.exercise_ids, start=1)]


def safety_box(params: HandoutParams) -> Block:
    """When to stop and which warning signs need a doctor, most urgent first."""
    p = validate_params(params)
    signs = exercises.safety_signs()
    parts = [
        '<section class="safety" aria-label="Safety"><h2>Safety: when to stop and get help</h2>',
        "<p>Exercise may feel like effort. Stop the session at once if any sign below appears. "
        "If you are not sure whether something matters, stop and ask your clinician.</p>",
    ]
    plain = ["Safety: when to stop and get help"]
    for urgency, heading in URGENCY_HEADINGS.items():
        group = signs[signs["urgency"] == urgency]
        if group.empty:
            continue
        items = []
        for _, sign in group.iterrows():
            text = _e(sign["plain"])
            if p.reading_level == "clinical":
                keys = _items(sign["refs"])
                cited = f" ({'; '.join(references.get(k).short for k in keys)})" if keys else ""
                text += (
                    f'<span class="clinical"> Clinical: {_e(sign["clinical"])}. May point to '
                    f"{_e(sign['condition'])}{_e(cited)}.</span>"
                )
            items.append(f"<li>{text}</li>")
        parts.append(f"<h3>{_e(heading)}:</h3><ul>{''.join(items)}</ul>")
        plain.append(f"{heading}: " + "; ".join(group["plain"]))
    parts.append("</section>")
    return Block("".join(parts), "\n".join(plain))


def about(params: HandoutParams) -> Block:
    """How strong the evidence is, in a few plain sentences, and the sources."""
    p = validate_params(params)
    keys = [k for i in p.exercise_ids for k in _items(exercises.exercise(i)["refs"])]
    if p.reading_level == "clinical":
        keys += [k for cell in exercises.safety_signs()["refs"] for k in _items(cell)]
    refs = references.bibliography(keys)
    items = "".join(f"<li>{_e(r.formatted())}</li>" for r in refs.refs)
    page = (
        '<footer class="about"><h2>About this plan</h2>'
        "<p>The exercises come from a physical therapist's blog post for runners. Few have been "
        "tested in studies: one session of the short-foot exercise lowered calf (soleus) muscle "
        "activity in 32 runners, and no study has shown that these exercises prevent calf "
        "injury. The stick figures are drawings to show the position, not measurements.</p>"
        f'<h3>Sources</h3><ol class="sources">{items}</ol></footer>'
    )
    return Block(page, f"About this plan; {len(refs.refs)} sources")


# --- Rendering -----------------------------------------------------------------------------------

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --line: #bbb; --warn: #D55E00; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--ink);
       line-height: 1.45; margin: 0; background: #fff; font-size: 17px; }
main.handout { max-width: 52rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 1.2rem 0 .4rem; }
h3 { font-size: 1.05rem; margin: .8rem 0 .2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: .4rem 0; }
dt { font-weight: 600; } dd { margin: 0; }
.note, figcaption, .about { color: var(--muted); font-size: .9rem; }
.exercise { border-top: 2px solid var(--line); padding-top: .4rem; }
.exercise-body { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.exercise-text { flex: 1 1 18rem; }
figure.pose { flex: 0 0 260px; margin: 0; }
figcaption { font-size: .75rem; }
.purpose { font-weight: 600; }
.safety { border: 3px solid var(--warn); border-radius: .5rem; padding: .6rem 1rem;
          margin: 1.5rem 0; }
.safety h2 { color: var(--warn); margin-top: .2rem; }
.clinical { color: var(--muted); font-size: .9rem; }
ul { padding-left: 1.3rem; margin: .2rem 0; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 11.5pt; }
  main.handout { max-width: none; padding: 0; }
  .exercise, .safety, figure.pose { break-inside: avoid; page-break-inside: avoid; }
  .safety { border-color: #000; }
  a { color: inherit; text-decoration: none; }
}
"""


def default_filename(params: HandoutParams) -> str:
    """'handout_<name>.html' with the name reduced to letters, digits and dashes."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", params.display_name).strip("-") or "patient"
    return f"handout_{slug}.html"


def _execute(params: HandoutParams, folder: Path) -> Path:
    """Run the handout notebook with papermill in ``folder``; returns the executed notebook."""
    import papermill

    executed = folder / "handout.ipynb"
    papermill.execute_notebook(
        str(HANDOUT_NOTEBOOK),
        str(executed),
        parameters=params.notebook_parameters(),
        kernel_name="python3",
        progress_bar=False,
        cwd=str(folder),
    )
    return executed


def _page(executed: Path, params: HandoutParams) -> str:
    """The executed notebook as one self-contained, code-free HTML page (plotly.js inline)."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from plotly.offline import get_plotlyjs

    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not (o.output_type == "stream" and o.get("name") == "stderr")
            ]
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"remove-cell"}), enabled=True
    )
    body, _ = exporter.from_notebook_node(nb)
    title = f"Exercise plan for {params.display_name}"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head>'
        f'<body><main class="handout">{body}</main></body></html>\n'
    )


def render(
    params: Mapping[str, Any] | HandoutParams,
    out_dir: Path | str = Path("handouts"),
    filename: str | None = None,
) -> Path:
    """Validate, execute and convert the handout; returns the HTML file in ``out_dir``.

    Work happens in a temporary folder: a failure at any step leaves nothing in ``out_dir``.
    """
    p = validate_params(params)
    name = filename or default_filename(p)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.html", name):
        raise HandoutParamsError(
            "filename", f"filename must look like 'plan_AB.html' (got {name!r})"
        )
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="soleus-handout-") as tmp:
        page = _page(_execute(p, Path(tmp)), p)
        out_dir.mkdir(parents=True, exist_ok=True)
        target, partial = out_dir / name, out_dir / f".{name}.part"
        try:
            partial.write_text(page, encoding="utf-8")
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


__all__ = [
    "HandoutParams",
    "HandoutParamsError",
    "load_params_file",
    "render",
    "validate_params",
]
