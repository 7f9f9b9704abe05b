"""Lesson 03 triage form, in three modes: ``clinician`` (every question, clinical wording and
sources), ``patient`` (only what a patient can answer, in plain words) and ``student`` (the
clinician's questions, with the result hidden until the student commits to an urgency and a leading
condition and presses "Show the answer"; the comparison comes from
:func:`soleuslib.triage.compare_commitment`, the widget only shows it).

Every question starts as "Not asked" (unknown, never "no"). Each change calls
:func:`soleuslib.triage.assess` and redraws the result panel, a polite ARIA live region. Before any
answer the panel reads "Not assessed yet" in a neutral colour. The banner carries the CSS classes
``triage-urgency`` and ``triage-urgency-<level>`` (``-none`` before any answer).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from soleuslib import references, triage
from soleuslib import urgency as levels
from soleuslib.triage.assess import PROPER_NAMES

NOT_ASKED = "not_asked"
MODES = ("clinician", "patient", "student")
CHOOSE = ""  # the commit dropdowns' "nothing chosen yet"
STUDENT_HIDDEN = (
    "Answer hidden: choose your urgency and your leading condition, then press Show the answer."
)
STUDENT_INTRO = (
    "<p><b>Student mode.</b> Enter a case, commit to an urgency and a leading condition, then "
    "press <i>Show the answer</i>. Changing an answer hides the result again. Questions left as "
    "<i>Not asked</i> count as unknown, never as no. Teaching tool, not a diagnosis.</p>"
)
COMMITMENT_HEADS = {"matched": "You matched the triage.",
                    "compare": "Compare your answer with the triage."}  # fmt: skip
CHOOSE_LABEL = "Choose…"
NOT_ASSESSED = {
    "clinician": "NOT ASSESSED YET: answer the red-flag questions first",
    "patient": "Not checked yet: please answer the questions below.",
    "student": "NOT ASSESSED YET: answer the red-flag questions first",
}
PATIENT_SECTION_TITLES = {
    "red_flag": "Warning signs",
    "wells": "Swelling and clots",
    "history": "About your pain",
}
PATIENT_EXAM_NOTE = (
    "Some checks need your clinician. They press on your calf, feel the pulse in your foot and "
    "test your heel cord. Your clinician checks these, so they are not asked here."
)
PATIENT_INTRO = "Answer what you know. Leave the rest as Not sure."
BANNER_WORDS = {
    "clinician": levels.CLINICIAN_WORDS,
    "patient": levels.PATIENT_WORDS,
    "student": levels.CLINICIAN_WORDS,
}
esc = html.escape


def banner_html(urgency: str | None, mode: str = "clinician") -> str:
    """The urgency banner (``None``: not assessed yet), with stable CSS classes."""
    border, tint = levels.COLOURS[urgency] if urgency else levels.NEUTRAL_COLOURS
    words = BANNER_WORDS[mode][urgency] if urgency else NOT_ASSESSED[mode]
    return (
        f'<div class="triage-urgency triage-urgency-{urgency or "none"}" '
        f'style="border-left:10px solid {border};background:{tint};color:#1a1a1a;'
        f'padding:8px 12px;font-weight:600;font-size:1.1em">{esc(words)}</div>'
    )


def _live(parts: list[str]) -> str:
    return (
        '<div class="triage-result" role="status" aria-live="polite" aria-atomic="true">'
        + "".join(parts)
        + "</div>"
    )


def result_html(assessment: triage.Assessment) -> str:
    """The clinician's result panel: banner, summary, next step, safety net, Wells, ranked list
    with reasons, what is not ruled out, and linked references."""
    a = assessment
    if not a.answered:
        return _live([banner_html(None), f'<p class="triage-summary">{esc(a.summary)}</p>'])
    names = triage.condition_names()
    labels = triage.finding_labels()
    parts = [banner_html(a.urgency), f'<p class="triage-summary">{esc(a.summary)}</p>']
    parts.append(f'<p class="triage-action"><b>Next step (teaching):</b> {esc(a.action)}</p>')
    if a.not_ruled_out:
        items = "".join(
            f"<li>{esc(names[c])}: ask {esc('; '.join(labels[f] for f in asks))}</li>"
            for c, asks in a.not_ruled_out
        )
        parts.append("<p><b>Not ruled out yet</b> (ask next):</p>")
        parts.append(f'<ul class="triage-not-ruled-out">{items}</ul>')
    if a.wells_score is None:
        wells = "not answered (no Wells item given)"
    else:
        verdict = "'DVT likely'" if a.wells_likely else "'DVT unlikely'"
        wells = f"{a.wells_score} (threshold {a.wells_threshold} or more: {verdict})"
        if a.wells_open:
            wells += f"; {len(a.wells_open)} item(s) still open: " + ", ".join(
                labels[f] for f in a.wells_open
            )
    parts.append(f'<p class="triage-wells"><b>Wells score:</b> {esc(wells)}</p>')
    if a.ranked:
        score = dict(a.scores)
        items = []
        for cond in a.ranked:
            tag = (
                "red flag"
                if cond in a.red_flags
                else "plausible: safety net"
                if cond in a.plausible
                else f"score {score[cond]}"
            )
            items.append(f"<li>{esc(names[cond])} <small>({tag})</small></li>")
        parts.append("<p><b>Ranked</b> (most urgent, then most consistent, first):</p>")
        parts.append(f'<ol class="triage-ranked">{"".join(items)}</ol>')
    if a.reasons:
        reasons = "".join(f"<li>{esc(r)}</li>" for r in a.reasons)
        parts.append(f'<p><b>Why</b></p><ul class="triage-reasons">{reasons}</ul>')
    if a.references:
        refs = []
        for key in a.references:
            ref = references.get(key)
            label = esc(ref.short)
            refs.append(f'<a href="{esc(ref.link)}">{label}</a>' if ref.link else label)
        parts.append(f'<p class="triage-references"><b>Sources:</b> {"; ".join(refs)}</p>')
    return _live(parts)


def commitment_html(commitment: triage.display.Commitment) -> str:
    """The student's verdict: matched or not, and why (sentences of ``compare_commitment``)."""
    c = commitment
    both = c.urgency_matched and c.leading_matched
    head = COMMITMENT_HEADS["matched" if both else "compare"]
    items = "".join(f"<li>{esc(line)}</li>" for line in c.explanation)
    return (
        f'<div class="triage-commitment"><p><b>{esc(head)}</b></p>'
        f'<ul class="triage-commitment-why">{items}</ul></div>'
    )


def student_hidden_html() -> str:
    """The student's panel before the answer is shown: no urgency, no ranking."""
    return _live(
        [
            banner_html(None, "student").replace(esc(NOT_ASSESSED["student"]), esc(STUDENT_HIDDEN)),
        ]
    )


def patient_questions_to_ask(assessment: triage.Assessment) -> list[str]:
    """Plain questions the patient can take to the clinician, from the conditions still open."""
    book = triage.rule_book()
    asks = [f"Could this be {_lower(book.conditions[c].plain_name)}?" for c in assessment.plausible]
    asks += [
        f"Have you checked for {_lower(book.conditions[c].plain_name)}?"
        for c, _ in assessment.not_ruled_out
    ]
    asks.append("When is it safe for me to run again?")
    return asks


def patient_result_html(assessment: triage.Assessment) -> str:
    """The patient's result panel: how soon, the plain next step, questions to ask."""
    a = assessment
    if not a.answered:
        return _live([banner_html(None, "patient")])
    book = triage.rule_book()
    lead = a.urgency_set_by or (a.ranked[0] if a.ranked else None)
    step = book.conditions[lead].plain_action if lead else levels.PATIENT_WORDS["routine"]
    parts = [
        banner_html(a.urgency, "patient"),
        f'<p class="triage-action"><b>What to do:</b> {esc(step)}</p>',
    ]
    asks = "".join(f"<li>{esc(q)}</li>" for q in patient_questions_to_ask(a))
    parts.append(f'<p><b>Questions to ask your clinician</b></p><ul class="triage-ask">{asks}</ul>')
    parts.append(
        '<p class="triage-note">This is not a diagnosis. Your clinician will check your leg.</p>'
    )
    return _live(parts)


class TriageForm(widgets.Box):
    """The form and its live result panel (``triage_form()`` builds one)."""

    def __init__(self, mode: str = "clinician") -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)} (got {mode!r})")
        self.mode = mode
        patient = mode == "patient"
        self.student = mode == "student"
        self.revealed = False
        self.specs = {
            f: s for f, s in triage.findings_spec().items() if s.for_patient or not patient
        }
        self.controls: dict[str, widgets.Widget] = {}
        self.messages: dict[str, widgets.HTML] = {}
        self.result = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.reset_button = widgets.Button(
            description="Start again" if patient else "Reset",
            icon="undo",
            tooltip="Set every question back to 'Not asked'",
        )
        self.reset_button.on_click(self.reset)
        # Shared layout and style models keep the saved widget state (and the notebook) small.
        self._label_layout = widgets.Layout(margin="8px 0 2px 0")
        self._label_style = HTMLStyle()
        self._toggle_layout = widgets.Layout()
        self._toggle_style = widgets.ToggleButtonsStyle(button_width="6.5em")
        # A choice question is its dropdown's own <label> (a separate HTML line would leave the
        # <select> without an accessible name: axe select-name); the label is as wide as its words.
        self._choice_style = DescriptionStyle(description_width="initial")
        self._choice_layout = widgets.Layout(width="auto", max_width="100%", height="auto",
                                             flex_flow="row wrap", align_items="center",
                                             margin="8px 0 2px 0")  # fmt: skip
        intro = (
            f"<p>{esc(PATIENT_INTRO)}</p>"
            if patient
            else STUDENT_INTRO
            if self.student
            else "<p><b>Teaching tool, not a diagnosis.</b> Answer what you know and leave the "
            "rest as <i>Not asked</i>: an unanswered question counts as unknown, never as no.</p>"
        )
        column: list[widgets.Widget] = [widgets.HTML(intro), self.reset_button]
        titles = PATIENT_SECTION_TITLES if patient else triage.SECTION_TITLES
        section = None
        for fid, spec in self.specs.items():
            if spec.section != section:
                section = spec.section
                column.append(
                    widgets.HTML(f'<h4 class="triage-section">{esc(titles[section])}</h4>')
                )
            column.extend(self._question(fid, spec))
        if patient:
            column.append(widgets.HTML(f'<p class="triage-exam-note">{esc(PATIENT_EXAM_NOTE)}</p>'))
        form = widgets.VBox(column, layout=widgets.Layout(flex="1 1 420px", min_width="280px"))
        panel_items: list[widgets.Widget] = [self.result]
        if self.student:
            panel_items = [*self._commit_controls(), self.result]
        panel = widgets.VBox(
            panel_items, layout=widgets.Layout(flex="1 1 320px", min_width="280px")
        )
        # wrap-reverse: side by side on wide screens, the result panel above the form on phones.
        super().__init__(
            [form, panel],
            layout=widgets.Layout(display="flex", flex_flow="row wrap-reverse",
                                  align_items="flex-end", width="100%"),
        )  # fmt: skip
        self.add_class("triage-form")
        self.add_class(f"triage-form-{mode}")
        self.update()

    def _commit_controls(self) -> list[widgets.Widget]:
        """The student's commitment: an urgency, a leading condition and "Show the answer"."""
        style = DescriptionStyle(description_width="initial")
        layout = widgets.Layout(width="auto", max_width="100%")
        self.commit_urgency = widgets.Dropdown(
            options=[(CHOOSE_LABEL, CHOOSE)]
            + [(levels.CLINICIAN_WORDS[u], u) for u in reversed(triage.URGENCY_ORDER)],
            value=CHOOSE, description="Your urgency", style=style, layout=layout,
        )  # fmt: skip
        self.commit_leading = widgets.Dropdown(
            options=[(CHOOSE_LABEL, CHOOSE)]
            + sorted(((n, c) for c, n in triage.condition_names().items())),
            value=CHOOSE, description="Your leading condition", style=style, layout=layout,
        )  # fmt: skip
        self.show_button = widgets.Button(
            description="Show the answer", icon="eye", disabled=True,
            tooltip="Commit to an urgency and a leading condition first",
        )  # fmt: skip
        for control in (self.commit_urgency, self.commit_leading):
            control.observe(self.update, names="value")
        self.show_button.on_click(self.show_answer)
        return [self.commit_urgency, self.commit_leading, self.show_button]

    def show_answer(self, *_: object) -> None:
        """Reveal the triage and the comparison (only once both choices are made)."""
        if self.commit_urgency.value != CHOOSE and self.commit_leading.value != CHOOSE:
            self.update()
            self.revealed = True
            self._draw()

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        """The widget, plus an HTML holder that the static site fills with the JavaScript form
        (``site/static/triage-form.js``): a reader without a kernel still gets a working form."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/html"] = static_holder_html(self.mode)
        return bundle

    def _question(self, fid: str, spec: triage.FindingSpec) -> list[widgets.Widget]:
        text = spec.patient_question if self.mode == "patient" else spec.question
        unknown = "Not sure" if self.mode == "patient" else "Not asked"
        parts: list[widgets.Widget] = []
        if spec.type != "choice":
            label = widgets.HTML(f"<span>{esc(text)}</span>",
                                 layout=self._label_layout, style=self._label_style)  # fmt: skip
            parts.append(label)
        if spec.type == "number":
            control = widgets.Text(value="", placeholder=f"not asked ({spec.unit})",
                                   layout=widgets.Layout(width="12em"))  # fmt: skip
            message = widgets.HTML("")
            self.messages[fid] = message
            parts += [widgets.HBox([control, widgets.Label(spec.unit)]), message]
        elif spec.type == "choice":
            options = [(unknown, NOT_ASKED)] + list(
                zip(spec.choice_labels, spec.choices, strict=True)
            )
            control = widgets.Dropdown(
                options=options,
                value=NOT_ASKED,
                description=text,
                style=self._choice_style,
                layout=self._choice_layout,
            )
            parts.append(control)
        else:
            control = widgets.ToggleButtons(
                options=[(unknown, NOT_ASKED), ("Yes", "yes"), ("No", "no")],
                value=NOT_ASKED,
                layout=self._toggle_layout,
                style=self._toggle_style,
            )
            parts.append(control)
        control.observe(self.update, names="value")
        self.controls[fid] = control
        return parts

    def values(self) -> dict[str, triage.Value]:
        """The answered questions as findings; an invalid number shows a message and is left out."""
        findings: dict[str, triage.Value] = {}
        for message in self.messages.values():
            message.value = ""
        for fid, control in self.controls.items():
            spec, raw = self.specs[fid], control.value
            if raw in (NOT_ASKED, ""):
                continue
            if spec.type == "bool":
                findings[fid] = raw == "yes"
            elif spec.type == "choice":
                findings[fid] = raw
            else:
                try:
                    findings[fid] = triage.check_finding(fid, _number(raw, spec))
                except ValueError:
                    text = f"Not used: {spec.label} must be {spec.expected()} (you typed {raw!r})."
                    self.messages[fid].value = (
                        '<span class="triage-input-error" role="alert" style="color:#B34700">'
                        f"{esc(text)}</span>"
                    )
        return findings

    def update(self, *_: object) -> triage.Assessment:
        """Re-assess the current answers and redraw the result panel (in student mode, any
        change hides the answer until "Show the answer" is pressed again)."""
        self.assessment = triage.assess(self.values())
        self.revealed = False
        self._draw()
        return self.assessment

    def _draw(self) -> None:
        a = self.assessment
        if self.mode == "patient":
            self.result.value = patient_result_html(a)
        elif not self.student:
            self.result.value = result_html(a)
        else:
            committed = CHOOSE not in (self.commit_urgency.value, self.commit_leading.value)
            self.show_button.disabled = not committed
            if not self.revealed:
                self.result.value = student_hidden_html()
                return
            commitment = triage.compare_commitment(
                a, self.commit_urgency.value, self.commit_leading.value
            )
            self.result.value = commitment_html(commitment) + result_html(a)

    def reset(self, *_: object) -> None:
        """Every question back to 'Not asked'."""
        with self.hold_trait_notifications():
            for control in self.controls.values():
                control.unobserve(self.update, names="value")
                control.value = "" if isinstance(control, widgets.Text) else NOT_ASKED
                control.observe(self.update, names="value")
        self.update()


STATIC_HOLDER_CLASS = "soleus-static-triage"


def static_holder_html(mode: str = "clinician") -> str:
    """Where the static site's JavaScript triage form goes (no kernel needed there)."""
    return (
        f'<div class="{STATIC_HOLDER_CLASS}" data-mode="{esc(mode)}">'
        "<p>The triage form loads here on the website. In JupyterLab, run the notebook to use "
        "the live form.</p></div>"
    )


def _lower(name: str) -> str:
    """'A blood clot' -> 'a blood clot' mid-sentence; 'DVT' and names keep their capitals."""
    first = name.split()[0]
    keep = (first.isupper() and len(first) > 1) or first in PROPER_NAMES
    return name if keep else name[0].lower() + name[1:]


def _number(raw: str, spec: triage.FindingSpec) -> float:
    """Typed text as a number; text that is not a number names what was expected."""
    try:
        return float(raw.strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"{spec.id} must be {spec.expected()} (got {raw!r})") from None


def triage_form(mode: str = "clinician") -> TriageForm:
    """The triage widget: ``mode="clinician"`` (lesson 03) or ``"patient"`` (the patient view)."""
    return TriageForm(mode)
