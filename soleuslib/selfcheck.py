"""Self-checks for every lesson, from ``data/self_checks.csv``, as HTML that needs no kernel.

``self_check("fibular_origin")`` shows one question; ``self_check("triage/1")`` every question of
section 1 of the triage lesson, in file order. The output is plain HTML: each answer option is a
native ``<details>``/``<summary>`` disclosure that reveals "Correct." with the explanation, or
"Not quite." with that option's feedback; a free-text question folds its model answer the same way.

Why this design and not jupyterquiz or radio buttons (evidence, checked for JupyterLab 4.6):

- JupyterLab sanitizes the stored HTML of an untrusted notebook (one a learner has just cloned)
  with ``@jupyterlab/apputils``' Sanitizer: it drops ``<style>`` and ``<script>``, adds
  ``disabled`` to every ``<input>``, removes ``name`` and renames ``id`` (so ``<label for>``
  breaks), but keeps ``details``, ``summary``, ``fieldset``, ``legend`` and ``class``
  (``tests/test_selfcheck.py`` runs that very sanitizer from ``site/node_modules``). Radio buttons
  revealed by CSS ``:checked`` would therefore be dead there; ``<details>`` still works.
- jupyterquiz builds its quiz with a JavaScript output: untrusted notebooks do not run it, and its
  container id is random (a stored output would not reproduce under nbval).
- ``<details>`` needs no script and no stylesheet, so the same output works in JupyterLab (trusted
  or not), in Voilà, on the static site and in a page saved to disk. Tab reaches each option, Enter
  or Space opens it, and the browser shows the focus ring. The small ``<style>`` block only adds
  colour and spacing where styles are allowed; without it nothing is lost.

Citations inside the text (``{cite:p}`Key```) and any other key of ``refs`` render as author-year
links through :mod:`soleuslib.references`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from soleuslib import data, references
from soleuslib.schemas.selfcheck import CITE_ROLE, split_list

CORRECT = "Correct."
NOT_QUITE = "Not quite."
NO_FEEDBACK = "Try another answer."
_CODE = re.compile(r"`([^`]+)`")

STYLE = """<style>
.soleus-check{border:1px solid #b9c6d3;border-radius:6px;margin:.75rem 0;padding:.5rem 1rem .75rem;
max-width:46rem;background:#fbfcfe}
.soleus-check legend{font-size:1.05rem;line-height:1.4;font-weight:600;padding:0 .25rem}
.soleus-check .soleus-check-hint{font-size:.9em;color:#4a5560;margin:.25rem 0 .5rem}
.soleus-check details{margin:.35rem 0;border:1px solid #d5dde5;border-radius:4px;background:#fff}
.soleus-check summary{cursor:pointer;padding:.4rem .6rem}
.soleus-check summary:focus-visible{outline:3px solid #0072b2;outline-offset:2px}
.soleus-check details[open]>summary{font-weight:600}
.soleus-check .soleus-check-feedback{margin:0;padding:.4rem .75rem .5rem;
border-top:1px solid #d5dde5}
.soleus-check .soleus-check-right .soleus-check-feedback{border-left:4px solid #009e73}
.soleus-check .soleus-check-wrong .soleus-check-feedback{border-left:4px solid #d55e00}
.soleus-check .soleus-check-model .soleus-check-feedback{border-left:4px solid #0072b2}
</style>"""


@dataclass(frozen=True)
class Check:
    """One self-check question as stored in ``data/self_checks.csv``."""

    id: str
    lesson: str
    section: str
    kind: str
    question: str
    options: tuple[str, ...]
    correct: tuple[str, ...]
    explanation: str
    feedback: tuple[str, ...]  # one per option ("" = none), or empty
    refs: tuple[str, ...]
    purpose: str = "check"  # "predict" (opens a demo) or "check" (tests an objective)
    level: str = "understand"  # Bloom's level the question asks for

    def feedback_for(self, option: str) -> str:
        """What opening ``option`` reveals: the verdict and why (plain text, citations as keys)."""
        if option not in self.options:
            raise ValueError(f"{option!r} is not an option of check '{self.id}'")
        if option in self.correct:
            return f"{CORRECT} {self.explanation}"
        given = self.feedback[self.options.index(option)] if self.feedback else ""
        return f"{NOT_QUITE} {given or NO_FEEDBACK}"


def _row_to_check(row: dict) -> Check:
    return Check(
        id=row["id"],
        lesson=row["lesson"],
        section=row["section"],
        kind=row["kind"],
        question=row["question"],
        options=tuple(split_list(row["options"])),
        correct=(row["correct"],)
        if row["kind"] == "free text"
        else tuple(split_list(row["correct"])),
        explanation=row["explanation"],
        feedback=tuple(split_list(row["feedback"])),
        refs=tuple(data.split_keys(row["refs"])),
        purpose=row["purpose"],
        level=row["level"],
    )


def checks(lesson: str | None = None) -> list[Check]:
    """Every check in file order (or one lesson's), validated on load."""
    rows = data.load("self_checks").to_dict(orient="records")
    return [_row_to_check(r) for r in rows if lesson is None or r["lesson"] == lesson]


def select(selector: str) -> list[Check]:
    """The checks a selector names: a check id, or ``"<lesson id>/<section>"``."""
    if "/" in selector:
        lesson, section = (part.strip() for part in selector.split("/", 1))
        found = [c for c in checks(lesson) if c.section == section]
        if not found:
            known = sorted({f"{c.lesson}/{c.section}" for c in checks()})
            raise KeyError(f"no self-check in section '{selector}'; known: {', '.join(known)}")
        return found
    found = [c for c in checks() if c.id == selector]
    if not found:
        raise KeyError(
            f"no self-check '{selector}' in self_checks.csv; give a check id or "
            "'<lesson>/<section>', e.g. 'triage/1'"
        )
    return found


def lesson_refs(lesson: str) -> list[str]:
    """Citation keys used by one lesson's checks (they join the lesson's reference list)."""
    return sorted({key for c in checks(lesson) for key in c.refs})


# --------------------------------------------------------------------------- rendering


def _text_html(text: str) -> str:
    """Escaped text with `code` spans and {cite:p}`Key` citations as author-year links."""
    parts, last = [], 0
    for match in CITE_ROLE.finditer(text):
        parts.append(_CODE.sub(r"<code>\1</code>", html.escape(text[last : match.start()])))
        keys = [k.strip() for k in match.group(2).split(",") if k.strip()]
        parts.append(references.cite(*keys)._repr_html_())
        last = match.end()
    parts.append(_CODE.sub(r"<code>\1</code>", html.escape(text[last:])))
    return "".join(parts)


def _plain(text: str) -> str:
    """Text with citations as (Author, Year) and no backticks, for the text/plain output."""

    def label(match: re.Match) -> str:
        keys = [k.strip() for k in match.group(2).split(",") if k.strip()]
        return repr(references.cite(*keys))

    return CITE_ROLE.sub(label, text).replace("`", "")


def _uncited(check: Check) -> list[str]:
    """Keys of ``refs`` not already cited inline: they follow the explanation."""
    inline = {k.strip() for t in (check.correct + (check.explanation,)) for k in _keys(t)}
    return [k for k in check.refs if k not in inline]


def _keys(text: str) -> list[str]:
    return [k for m in CITE_ROLE.finditer(text) for k in m.group(2).split(",")]


def _sources_html(check: Check) -> str:
    extra = _uncited(check)
    return f" {references.cite(*extra)._repr_html_()}" if extra else ""


def _option_html(check: Check, index: int, option: str) -> str:
    right = option in check.correct
    if right:
        verdict = CORRECT if check.kind == "single choice" else "Yes, this is one of them."
        body = _text_html(check.explanation) + _sources_html(check)
    else:
        verdict = NOT_QUITE
        given = check.feedback[index] if check.feedback else ""
        body = _text_html(given) if given else html.escape(NO_FEEDBACK)
    css = "soleus-check-right" if right else "soleus-check-wrong"
    return (
        f'<details class="soleus-check-option {css}"><summary>{html.escape(option)}</summary>'
        f'<p class="soleus-check-feedback"><strong>{verdict}</strong> {body}</p></details>'
    )


def check_html(check: Check, number: int | None = None) -> str:
    """One check as a fieldset: the question as legend, then one disclosure per option."""
    prefix = f"{number}. " if number is not None else ""
    legend = f"<legend>{html.escape(prefix)}{_text_html(check.question)}</legend>"
    head = f'<fieldset class="soleus-check" data-check="{html.escape(check.id)}">{legend}'
    if check.kind == "free text":
        hint = "Answer in your own words first (aloud or on paper), then compare."
        model = _text_html(check.correct[0])
        if check.explanation:
            model += " " + _text_html(check.explanation)
        body = (
            f'<p class="soleus-check-hint">{hint}</p>'
            '<details class="soleus-check-model"><summary>Compare with the model answer</summary>'
            f'<p class="soleus-check-feedback"><strong>Model answer.</strong> {model}'
            f"{_sources_html(check)}</p></details>"
        )
    else:
        how = "one answer" if check.kind == "single choice" else "every answer you think is right"
        hint = f"Choose {how}: open it to check."
        options = "".join(_option_html(check, i, o) for i, o in enumerate(check.options))
        body = f'<p class="soleus-check-hint">{hint}</p>{options}'
    return f"{head}{body}</fieldset>"


def check_text(check: Check, number: int | None = None) -> str:
    """One check as plain text (the text/plain output: terminals, diffs)."""
    prefix = f"{number}. " if number is not None else ""
    lines = [f"{prefix}{_plain(check.question)}"]
    lines += [f"   - {o}" for o in check.options]
    answer = "; ".join(check.correct)
    label = "Model answer" if check.kind == "free text" else "Answer"
    lines.append(f"   {label}: {_plain(answer)} {_plain(check.explanation)}".rstrip())
    return "\n".join(lines)


class SelfCheck:
    """Rich output of one or more checks: self-contained HTML (no script, no kernel)."""

    def __init__(self, checks_: list[Check]):
        self.checks = tuple(checks_)

    def _numbers(self) -> list[int | None]:
        return list(range(1, len(self.checks) + 1)) if len(self.checks) > 1 else [None]

    def __repr__(self) -> str:
        return "\n".join(
            check_text(c, n) for c, n in zip(self.checks, self._numbers(), strict=True)
        )

    def _repr_html_(self) -> str:
        parts = [check_html(c, n) for c, n in zip(self.checks, self._numbers(), strict=True)]
        return f'<div class="soleus-checks">{STYLE}{"".join(parts)}</div>'

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": repr(self)}


def self_check(*selectors: str) -> SelfCheck:
    """The checks named by each selector (a check id or ``"<lesson>/<section>"``), in order."""
    if not selectors:
        raise ValueError("self_check() needs a check id or '<lesson>/<section>', e.g. 'triage/1'")
    return SelfCheck([c for s in selectors for c in select(s)])
