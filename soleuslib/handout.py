"""The personalised patient handout: parameter validation, the handout's blocks, and rendering.

``validate_params`` checks every parameter before anything runs; ``render`` executes
``notebooks/handout.ipynb`` with papermill in a temporary folder, converts it to code-free HTML
with nbconvert (figures are small inline SVGs, no plotly.js), optionally prints it to an A4 or
Letter PDF with Debian's Chromium, and only then moves the one finished file into ``handouts/``.
Names in any script are accepted; every piece of text is escaped by the templates of
:mod:`soleuslib.patient.render`.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from soleuslib import data, exercises, paths, references
from soleuslib.patient import content
from soleuslib.patient import render as templates
from soleuslib.schemas.exercises import STAGES

HANDOUT_NOTEBOOK = paths.NOTEBOOKS_DIR / "handout.ipynb"
SIDES = ("left", "right", "both")
READING_LEVELS = content.READING_LEVELS
PAPERS = {"a4": "A4", "letter": "Letter"}
MAX_EXERCISES = 9
MAX_LENGTHS = {"display_name": 60, "pain_site": 80, "clinician_name": 60, "clinician_contact": 120}
# Refused in any text parameter: control characters (Cc: line breaks, tabs, NUL, escapes), line
# and paragraph separators, unassigned, private-use and surrogate code points, and the bidi
# embedding/override/isolate controls that can make text display in a misleading order.
REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
SIDE_WORDS = {"left": "left leg", "right": "right leg", "both": "both legs"}
CHROMIUM = Path("/usr/bin/chromium")
STAGE_BASIS = {
    "teaching assumption": "the project's teaching plan, not a study finding",
    "cited": "from the sources listed at the end",
}


class HandoutParamsError(ValueError):
    """A handout parameter that cannot be used; ``parameter`` names it."""

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(message)


def refused_character(text: str) -> str | None:
    """The first character a text parameter may not hold, or None (letters of any script pass)."""
    for ch in text:
        if unicodedata.category(ch) in REFUSED_CATEGORIES or ch in BIDI_CONTROLS:
            return ch
    return None


def _text(value: Any, field: str, optional: bool = False) -> str:
    """Checked text: NFC-normalised, trimmed, within its length, with no control characters."""
    max_length = MAX_LENGTHS[field]
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text (got {type(value).__name__})")
    value = unicodedata.normalize("NFC", value).strip()
    if not value and not optional:
        raise ValueError(f"{field} must not be empty")
    if len(value) > max_length:
        raise ValueError(f"{field} must be at most {max_length} characters (got {len(value)})")
    bad = refused_character(value)
    if bad is not None:
        raise ValueError(
            f"{field} must be text without control characters such as line breaks or tabs"
            f" (found U+{ord(bad):04X} at position {value.index(bad) + 1})"
        )
    return value


def _choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{field} must be one of {options} (got {value!r})")
    return value


class HandoutParams(BaseModel):
    """The handout's parameters, checked: use :func:`validate_params` to build one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    display_name: str  # the patient's name or initials, in any script, shown on the handout
    side: str  # "left", "right" or "both"
    pain_site: str  # where it hurts, in the patient's or clinician's words
    stage: str  # one of STAGES
    exercise_ids: tuple[str, ...]  # ids from data/exercises.csv, in handout order
    sessions_per_week: int  # 1 to 7
    reading_level: str  # "plain" or "clinical"
    clinician_name: str = ""  # optional: who to ask, shown on the sheet
    clinician_contact: str = ""  # optional: a phone number or address, shown on the sheet

    @field_validator("display_name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return _text(value, "display_name")

    @field_validator("pain_site", mode="before")
    @classmethod
    def _pain_site(cls, value: Any) -> str:
        return _text(value, "pain_site")

    @field_validator("clinician_name", mode="before")
    @classmethod
    def _clinician_name(cls, value: Any) -> str:
        return _text(value, "clinician_name", optional=True)

    @field_validator("clinician_contact", mode="before")
    @classmethod
    def _clinician_contact(cls, value: Any) -> str:
        return _text(value, "clinician_contact", optional=True)

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


def plan_details(params: HandoutParams) -> list[tuple[str, str]]:
    """The plan's details as (label, value) rows, clinician rows only when given."""
    p = validate_params(params)
    stage_row = content.stage(p.stage)
    sessions = f"{p.sessions_per_week} session{'s' if p.sessions_per_week > 1 else ''} a week"
    rows = [
        ("Leg", SIDE_WORDS[p.side]),
        ("Where it hurts", p.pain_site),
        ("Stage", stage_row["label"]),
        ("How often", sessions),
        ("Exercises", str(len(p.exercise_ids))),
    ]
    if p.clinician_name:
        rows.append(("Your clinician", p.clinician_name))
    if p.clinician_contact:
        rows.append(("Contact", p.clinician_contact))
    return rows


def header(params: HandoutParams) -> Block:
    """Title, the plan's details and what this stage means, in plain words."""
    p = validate_params(params)
    stage_row = content.stage(p.stage)
    rows = plan_details(p)
    page = templates.header_html(
        f"Exercise plan for {p.display_name}",
        details=rows,
        lead=(
            "Your clinician chose these exercises with you. Follow their advice if it differs "
            "from this sheet. Read the warning signs before you start."
        ),
        stage_text=f"At this stage ({stage_row['label']}): {stage_row['plain']}",
        stage_basis=STAGE_BASIS[stage_row["basis"]],
    )
    plain = f"Exercise plan for {p.display_name}\n" + "\n".join(f"{k}: {v}" for k, v in rows)
    return Block(page, plain)


def notice(params: HandoutParams) -> Block:
    """The "not a diagnosis" notice."""
    validate_params(params)
    return Block(templates.notice_html(), content.NOTICE)


def exercise_card(params: HandoutParams, exercise_id: str, number: int) -> Block:
    """One exercise: pose drawing (inline SVG), purpose, dose for this stage, cues and cheats."""
    p = validate_params(params)
    card = content.exercise_card(
        exercise_id, number=number, reading_level=p.reading_level, stage_name=p.stage
    )
    focus = " (focus for this stage)" if card.focus else ""
    plain = f"{number}. {card.name}: {card.facts[0][1]}{focus}"
    return Block(templates.exercise_card_html(card, heading_level=2), plain)


def exercise_cards(params: HandoutParams) -> list[Block]:
    """A card for every chosen exercise, in the chosen order."""
    p = validate_params(params)
    return [exercise_card(p, i, n) for n, i in enumerate(p.exercise_ids, start=1)]


def stage_plan(params: HandoutParams) -> Block:
    """The stage's step of lesson 05's loading ladder: exercises and dose, the pain rule, and for
    "return to running" the criteria checklist and a first walk-run week."""
    from soleuslib import loading

    p = validate_params(params)
    plan = loading.stage_plan(p.stage)
    label = content.stage(p.stage)["label"]
    return Block(templates.stage_plan_html(plan, label), loading.stage_plan_text(p.stage))


SAFETY_TITLE = "Warning signs: when to stop and get help"
SAFETY_INTRO = (
    "Exercise may feel like effort. Stop the session at once if any sign below appears. "
    "If you are not sure whether something matters, stop and ask your clinician."
)


def safety_box(params: HandoutParams) -> Block:
    """The whole warning list, grouped by urgency, most urgent first."""
    p = validate_params(params)
    groups = content.safety_groups(p.reading_level)
    page = templates.safety_box_html(groups, title=SAFETY_TITLE, intro=SAFETY_INTRO)
    plain = [SAFETY_TITLE] + [
        f"{g.heading}: " + "; ".join(s.plain for s in g.signs) for g in groups
    ]
    return Block(page, "\n".join(plain))


def about(params: HandoutParams) -> Block:
    """How strong the evidence is, in a few plain sentences, and the sources."""
    p = validate_params(params)
    keys = [k for i in p.exercise_ids for k in _items(exercises.exercise(i)["refs"])]
    keys += [k for cell in exercises.safety_signs()["refs"] for k in _items(cell)]
    refs = references.bibliography(keys)
    items = "".join(f"<li>{_e(r.formatted())}</li>" for r in refs.refs)
    page = (
        '<footer class="about"><h2>About this plan</h2>'
        "<p>The exercises come from a physical therapist's blog post for runners. Few have been "
        "tested in studies: one session of the short-foot exercise lowered calf (soleus) muscle "
        "activity in 32 runners, and no study has shown that these exercises prevent calf "
        "injury. The stick figures are drawings to show the position, not measurements. The "
        "warning signs come from NHS and other clinical sources, listed below.</p>"
        f'<h3>Sources</h3><ol class="sources">{items}</ol></footer>'
    )
    return Block(page, f"About this plan; {len(refs.refs)} sources")


# --- Rendering -----------------------------------------------------------------------------------

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --line: #bbb; --warn: #D55E00; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC',
       sans-serif; color: var(--ink); line-height: 1.45; margin: 0; background: #fff;
       font-size: 17px; }
main.handout { max-width: 52rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 1.2rem 0 .4rem; }
h3 { font-size: 1.05rem; margin: .8rem 0 .2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: .4rem 0; }
dt { font-weight: 600; } dd { margin: 0; }
.lead, figcaption, .about, .basis { color: var(--muted); font-size: .9rem; }
.stage-text { border-left: 6px solid var(--accent); padding: .3rem .8rem; background: #eaf3fa; }
.patient-notice { border-left: 6px solid var(--accent); padding: .4rem .8rem; background: #f4f4f4; }
.exercise { border-top: 2px solid var(--line); padding-top: .4rem; }
.exercise h2 { margin-top: .4rem; }
.exercise-body { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.exercise-text { flex: 1 1 18rem; }
figure.pose { flex: 0 0 200px; margin: 0; }
figcaption { font-size: .75rem; }
.focus { font-weight: 700; color: var(--accent); margin: .1rem 0; }
.card-note { font-style: italic; }
.subhead { margin: .6rem 0 .1rem; }
.safety { border: 3px solid var(--warn); border-radius: .5rem; padding: .6rem 1rem;
          margin: 1.5rem 0; }
.safety > h2 { color: var(--warn); margin-top: .2rem; }
.safety-group { padding: .1rem .8rem .3rem; margin: .5rem 0; }
.safety-group h3 { margin-top: .3rem; }
.clinical { color: var(--muted); font-size: .9rem; }
.stage-plan { border-top: 2px solid var(--accent); padding-top: .4rem; margin-top: 1.2rem; }
.stage-plan .small { color: var(--muted); font-size: .85rem; }
.checklist { list-style: none; padding-left: .2rem; }
.first-week { border-collapse: collapse; width: 100%%; }
.first-week th, .first-week td { border: 1px solid var(--line); padding: .25rem .5rem;
  text-align: left; vertical-align: top; }
ul { padding-left: 1.3rem; margin: .2rem 0; }
@media print {
  @page { size: %(paper)s; margin: 14mm; }
  body { font-size: 11pt; }
  main.handout { max-width: none; padding: 0; }
  .exercise, .safety-group, .patient-header, .patient-notice, figure.pose, li, .first-week,
  .checklist {
    break-inside: avoid; page-break-inside: avoid; }
  .safety { border-color: #000; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def default_filename(params: HandoutParams, suffix: str = ".html") -> str:
    """'handout_<name><suffix>', the name folded to ASCII letters, digits and dashes."""
    folded = unicodedata.normalize("NFKD", params.display_name)
    ascii_name = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-") or "patient"
    return f"handout_{slug}{suffix}"


def _quiet_kernel_manager() -> type:
    """A kernel manager whose kernel writes nothing to the terminal.

    The kernel's own log lines (the TCP transport warning, "KeyboardInterrupt caught in kernel"
    when it is interrupted at shutdown) would otherwise follow the render's one result line.
    Errors in the notebook still surface: papermill raises them.
    """
    import subprocess

    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw) -> None:
            kw.update(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await super()._async_launch_kernel(kernel_cmd, **kw)

    return QuietKernelManager


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
        log_output=False,
        cwd=str(folder),
        kernel_manager_class=_quiet_kernel_manager(),
    )
    return executed


def page_html(body: str, title: str, paper: str = "a4") -> str:
    """One self-contained HTML page: the body, the print stylesheet for ``paper``, no scripts."""
    css = CSS % {"paper": PAPERS[_choice(paper, "paper", tuple(PAPERS))]}
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{css}</style></head>"
        f'<body><main class="handout">{body}</main></body></html>\n'
    )


def _page(executed: Path, params: HandoutParams, paper: str = "a4") -> str:
    """The executed notebook as one self-contained, code-free HTML page."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

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
    return page_html(body, f"Exercise plan for {params.display_name}", paper)


def print_pdf(page: str, target: Path, paper: str = "a4") -> Path:
    """Print ``page`` to a PDF with Debian's Chromium (Playwright), laid out for ``paper``.

    Playwright's sync API refuses to run in a thread with a running asyncio loop (a Jupyter
    kernel, or another Playwright session such as the browser tests' shared Chromium): there
    the printing runs in a worker thread of its own."""
    import asyncio

    if not CHROMIUM.exists():
        raise HandoutParamsError(
            "pdf", f"a PDF needs Chromium at {CHROMIUM} (run `make browser-deps`)"
        )
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _print_pdf(page, target, paper)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print_pdf, page, target, paper).result()


def _print_pdf(page: str, target: Path, paper: str) -> Path:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        try:
            tab = browser.new_page()
            tab.set_content(page, wait_until="load")
            tab.emulate_media(media="print")
            tab.pdf(path=str(target), format=PAPERS[paper], print_background=True)
        finally:
            browser.close()
    return target


def _check_filename(name: str, suffix: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*" + re.escape(suffix), name):
        raise HandoutParamsError(
            "filename", f"filename must look like 'plan_AB{suffix}' (got {name!r})"
        )
    return name


def render(
    params: Mapping[str, Any] | HandoutParams,
    out_dir: Path | str = Path("handouts"),
    filename: str | None = None,
    pdf: bool = False,
    paper: str = "a4",
) -> Path:
    """Validate, execute and convert the handout; returns the HTML (or PDF) file in ``out_dir``.

    Work happens in a temporary folder and the file is moved in with one atomic rename: a
    failure at any step leaves nothing in ``out_dir``.
    """
    p = validate_params(params)
    if paper not in PAPERS:
        raise HandoutParamsError(
            "paper", f"paper must be one of {', '.join(PAPERS)} (got {paper!r})"
        )
    suffix = ".pdf" if pdf else ".html"
    name = _check_filename(filename or default_filename(p, suffix), suffix)
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="soleus-handout-") as tmp:
        folder = Path(tmp)
        page = _page(_execute(p, folder), p, paper)
        finished = folder / name
        if pdf:
            print_pdf(page, finished, paper)
        else:
            finished.write_text(page, encoding="utf-8")
        out_dir.mkdir(parents=True, exist_ok=True)
        target, partial = out_dir / name, out_dir / f".{name}.part"
        try:
            shutil.copyfile(finished, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


__all__ = [
    "HandoutParams",
    "HandoutParamsError",
    "load_params_file",
    "page_html",
    "print_pdf",
    "refused_character",
    "render",
    "validate_params",
]
