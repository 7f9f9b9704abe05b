"""Lesson 03 triage form: red-flag questions first, then the Wells items, history and tests.

Every question starts as "Not asked" (unknown, never "no"). Each change calls
:func:`soleuslib.triage.assess` and redraws the result panel. The urgency banner carries the CSS
classes ``triage-urgency`` and ``triage-urgency-<level>`` so browser tests and the patient view
can find it.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from soleuslib import references, triage

NOT_ASKED = "not_asked"
BANNER_COLOURS = {  # Okabe-Ito colours for the border; dark text on a light tint for contrast
    "emergency": ("#D55E00", "#FBE3D6"),
    "urgent": ("#E69F00", "#FDF1D6"),
    "routine": ("#009E73", "#D9F2EA"),
}
BANNER_WORDS = {
    "emergency": "EMERGENCY: same-day medical care",
    "urgent": "URGENT: medical review within days; stop running",
    "routine": "ROUTINE: physiotherapy-led care",
}


def banner_html(urgency: str) -> str:
    """The urgency banner: colour and words, with stable CSS classes."""
    border, tint = BANNER_COLOURS[urgency]
    return (
        f'<div class="triage-urgency triage-urgency-{urgency}" role="status" '
        f'style="border-left:10px solid {border};background:{tint};color:#1a1a1a;'
        f'padding:8px 12px;font-weight:600;font-size:1.1em">{BANNER_WORDS[urgency]}</div>'
    )


def result_html(assessment: triage.Assessment) -> str:
    """The result panel: banner, summary, Wells score, ranked list with reasons, references."""
    a = assessment
    names = triage.condition_names()
    book = triage.rule_book()
    esc = html.escape
    parts = [banner_html(a.urgency), f'<p class="triage-summary">{esc(a.summary)}</p>']
    if a.ranked:
        parts.append(f"<p><b>Next step (teaching):</b> {esc(a.action)}</p>")
    if a.red_flag_questions_not_asked:
        asked = ", ".join(esc(book.findings[f].label) for f in a.red_flag_questions_not_asked)
        parts.append(f'<p class="triage-not-asked">Red-flag questions not asked: {asked}.</p>')
    if a.wells_score is None:
        wells = "not answered (no Wells item given)"
    else:
        verdict = "'DVT likely'" if a.wells_likely else "'DVT unlikely'"
        wells = f"{a.wells_score} (threshold {a.wells_threshold} or more: {verdict})"
    parts.append(f'<p class="triage-wells"><b>Wells score:</b> {esc(wells)}</p>')
    if a.ranked:
        score = dict(a.scores)
        items = []
        for cond in a.ranked:
            tag = "red flag" if cond in a.red_flags else f"score {score[cond]}"
            items.append(f"<li>{esc(names[cond])} <small>({tag})</small></li>")
        parts.append("<p><b>Features most consistent with</b> (first = most):</p>")
        parts.append(f'<ol class="triage-ranked">{"".join(items)}</ol>')
    else:
        parts.append(
            '<p class="triage-ranked">Nothing to rank yet: the answers say too little.</p>'
        )
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
    return '<div class="triage-result">' + "".join(parts) + "</div>"


class TriageForm(widgets.Box):
    """The form and its live result panel (``triage_form()`` builds one)."""

    def __init__(self) -> None:
        self.specs = triage.findings_spec()
        self.controls: dict[str, widgets.Widget] = {}
        self.messages: dict[str, widgets.HTML] = {}
        self.result = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.reset_button = widgets.Button(
            description="Reset", icon="undo", tooltip="Set every question back to 'Not asked'"
        )
        self.reset_button.on_click(self.reset)
        # Shared layout and style models keep the saved widget state (and the notebook) small.
        self._label_layout = widgets.Layout(margin="8px 0 2px 0")
        self._label_style = HTMLStyle()
        self._toggle_layout = widgets.Layout()
        self._toggle_style = widgets.ToggleButtonsStyle(button_width="6.5em")
        column = [widgets.HTML(
            "<p><b>Teaching tool, not a diagnosis.</b> Answer what you know and leave the rest "
            "as <i>Not asked</i>: an unanswered question counts as unknown, never as no.</p>"
        ), self.reset_button]  # fmt: skip
        section = None
        for fid, spec in self.specs.items():
            if spec.section != section:
                section = spec.section
                title = html.escape(triage.SECTION_TITLES[section])
                column.append(widgets.HTML(f'<h4 class="triage-section">{title}</h4>'))
            column.extend(self._question(fid, spec))
        form = widgets.VBox(column, layout=widgets.Layout(flex="1 1 420px", min_width="280px"))
        panel = widgets.VBox(
            [self.result], layout=widgets.Layout(flex="1 1 320px", min_width="280px")
        )
        # wrap-reverse: side by side on wide screens, the result panel above the form on phones.
        super().__init__(
            [form, panel],
            layout=widgets.Layout(display="flex", flex_flow="row wrap-reverse",
                                  align_items="flex-end", width="100%"),
        )  # fmt: skip
        self.add_class("triage-form")
        self.update()

    def _question(self, fid: str, spec: triage.FindingSpec) -> list[widgets.Widget]:
        label = widgets.HTML(f"<span>{html.escape(spec.question)}</span>",
                             layout=self._label_layout, style=self._label_style)  # fmt: skip
        parts: list[widgets.Widget] = [label]
        if spec.type == "number":
            control = widgets.Text(value="", placeholder=f"not asked ({spec.unit})",
                                   layout=widgets.Layout(width="12em"))  # fmt: skip
            message = widgets.HTML("")
            self.messages[fid] = message
            parts += [widgets.HBox([control, widgets.Label(spec.unit)]), message]
        elif spec.type == "choice":
            options = [("Not asked", NOT_ASKED)] + list(
                zip(spec.choice_labels, spec.choices, strict=True)
            )
            control = widgets.Dropdown(options=options, value=NOT_ASKED)
            parts.append(control)
        else:
            control = widgets.ToggleButtons(
                options=[("Not asked", NOT_ASKED), ("Yes", "yes"), ("No", "no")],
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
                        f"{html.escape(text)}</span>"
                    )
        return findings

    def update(self, *_: object) -> triage.Assessment:
        """Re-assess the current answers and redraw the result panel."""
        assessment = triage.assess(self.values())
        self.result.value = result_html(assessment)
        self.assessment = assessment
        return assessment

    def reset(self, *_: object) -> None:
        """Every question back to 'Not asked'."""
        with self.hold_trait_notifications():
            for control in self.controls.values():
                control.unobserve(self.update, names="value")
                control.value = "" if isinstance(control, widgets.Text) else NOT_ASKED
                control.observe(self.update, names="value")
        self.update()


def _number(raw: str, spec: triage.FindingSpec) -> float:
    """Typed text as a number; text that is not a number names what was expected."""
    try:
        return float(raw.strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"{spec.id} must be {spec.expected()} (got {raw!r})") from None


def triage_form(mode: str = "clinician") -> TriageForm:
    """The triage widget: ``mode="clinician"`` (lesson 03) or ``"patient"`` (the patient view)."""
    if mode not in ("clinician", "patient"):
        raise ValueError(f"mode must be 'clinician' or 'patient' (got {mode!r})")
    return TriageForm()
