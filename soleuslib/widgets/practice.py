"""Lesson 06 practice form: pick a case, ask questions one at a time, decide, read the feedback.

The widget holds no logic: :func:`soleuslib.practice.ask` answers, :func:`soleuslib.practice.grade`
grades and :func:`soleuslib.practice.write_attempts` saves. On the static site,
``site/static/practice.js`` fills the ``soleus-static-practice`` holder with the same form.
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as widgets

from soleuslib import practice, references, triage

STATIC_HOLDER_CLASS = "soleus-static-practice"
esc = html.escape


def grade_html(result: practice.Grade) -> str:
    """The feedback panel: verdict, each part with its cited rules and sources, teaching point."""
    case = practice.get_case(result.case)
    kind = "pass" if result.passed else "unsafe" if result.unsafe else "fail"
    parts = [f'<p class="practice-verdict practice-{kind}"><b>{esc(result.verdict)}</b></p>']
    parts.append('<ul class="practice-parts">')
    for part in result.parts:
        items = []
        for item in part.feedback:
            refs = "; ".join(references.get(k).short for k in item.refs)
            cites = "rules: " + "; ".join(item.rules) + (f"; sources: {refs}" if refs else "")
            small = f'<small class="practice-cites">({esc(cites)})</small>'
            items.append(f"<li>{esc(item.text)} {small}</li>")
        title = practice.PART_TITLES[part.name]
        parts.append(f'<li data-part="{part.name}"><b>{esc(title)}: {practice.fmt(part.points)} / '
                     f"{part.max}</b><ul>{''.join(items)}</ul></li>")  # fmt: skip
    parts.append("</ul>")
    parts.append(f'<p class="practice-teaching"><b>Level {case.level}. Teaching point:</b> '
                 f"{esc(case.teaching_point)}</p>")  # fmt: skip
    return (
        '<div class="practice-feedback" role="status" aria-live="polite">'
        + "".join(parts)
        + "</div>"
    )


def static_holder_html() -> str:
    """Where the static site's JavaScript practice form goes (no kernel needed there)."""
    return (
        f'<div class="{STATIC_HOLDER_CLASS}"><p>The practice form loads here on the website. In '
        "JupyterLab, run the notebook to use the live form.</p></div>"
    )


class PracticeForm(widgets.VBox):
    """Pick a case, ask, decide, read the graded feedback, save the attempts as a CSV file."""

    def __init__(self) -> None:
        self.case_ids = list(practice.cases())
        self.attempts: list[dict[str, str]] = []
        self.asked: list[str] = []
        self.case = widgets.Dropdown(
            options=[(f"Case {n}", cid) for n, cid in enumerate(self.case_ids, 1)],
            description="Case",
        )
        self.opening = widgets.HTML()
        self.question = widgets.Select(rows=8, layout=widgets.Layout(width="100%"))
        self.ask_button = widgets.Button(description="Ask", icon="question")
        self.answer_log = widgets.HTML()
        self.urgency = widgets.ToggleButtons(
            options=[("Not decided", "")]
            + [(practice.URGENCY_LABELS[u], u) for u in reversed(triage.URGENCY_ORDER)],
            description="Urgency",
        )
        self.leading = widgets.Dropdown(
            options=[("Not decided", "")] + [(n, c) for c, n in triage.condition_names().items()],
            description="Leading",
        )
        self.grade_button = widgets.Button(description="Grade my reasoning", icon="check",
                                           layout=widgets.Layout(width="auto"))  # fmt: skip
        self.feedback = widgets.HTML()
        self.path = widgets.Text(value="my_practice_attempts.csv", description="Save to")
        self.save_button = widgets.Button(description="Save my attempts", icon="download",
                                          layout=widgets.Layout(width="auto"))  # fmt: skip
        self.saved = widgets.HTML()
        self.case.observe(self.restart, names="value")
        self.ask_button.on_click(self.ask)
        self.grade_button.on_click(self.grade)
        self.save_button.on_click(self.save)
        super().__init__([
            widgets.HTML("<p><b>Teaching tool, not a diagnosis.</b> Pick a case, ask one question "
                         "at a time, then decide.</p>"),
            self.case, self.opening, self.question, self.ask_button,
            widgets.HTML("<h4>Answers so far</h4>"), self.answer_log,
            self.urgency, self.leading, self.grade_button, self.feedback,
            widgets.HBox([self.path, self.save_button]), self.saved,
        ])  # fmt: skip
        self.add_class("practice-form")
        self.restart()

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        """The widget, plus an HTML holder that the static site fills with practice.js."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/html"] = static_holder_html()
        return bundle

    def restart(self, *_: object) -> None:
        """A fresh attempt at the chosen case."""
        self.asked = []
        self.opening.value = f"<p>{esc(practice.get_case(self.case.value).opening)}</p>"
        self.answer_log.value = "<p><i>No questions asked yet.</i></p>"
        self.feedback.value = ""
        self.urgency.value, self.leading.value = "", ""
        self._questions()

    def _questions(self) -> None:
        specs = triage.findings_spec()
        self.question.options = [(s.question, f) for f, s in specs.items() if f not in self.asked]

    def ask(self, *_: object) -> None:
        """Ask the selected question and add the answer to the log."""
        fid = self.question.value
        if not fid:
            return
        self.asked.append(fid)
        items = "".join(
            f"<li><b>{esc(triage.finding_labels()[f])}:</b> "
            f"{esc(practice.ask(self.case.value, f))}</li>"
            for f in self.asked
        )
        self.answer_log.value = f'<ol class="practice-log">{items}</ol>'
        self._questions()

    def grade(self, *_: object) -> practice.Grade | None:
        """Grade the attempt and show the feedback; the attempt joins the record."""
        if not self.urgency.value:
            self.feedback.value = '<p class="practice-error">Choose an urgency first.</p>'
            return None
        result = practice.grade(self.case.value, self.asked, self.urgency.value,
                                self.leading.value or None)  # fmt: skip
        self.feedback.value = grade_html(result)
        self.attempts.append(practice.attempt_row(result, dt.date.today()))
        return result

    def save(self, *_: object) -> None:
        """Write the attempts to the file the student named (on this computer only)."""
        try:
            path = practice.write_attempts(self.path.value, self.attempts)
        except (ValueError, OSError) as exc:
            self.saved.value = f'<p class="practice-error">{esc(str(exc))}</p>'
            return
        self.saved.value = f"<p>Saved {len(self.attempts)} attempt(s) to {esc(str(path))}.</p>"


def practice_form() -> PracticeForm:
    """The live practice form of lesson 06."""
    return PracticeForm()
