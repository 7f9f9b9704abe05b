"""The rule book compiled to JSON for the static site's triage form (site/static/triage-form.js).

The site has no kernel, so the form runs a small JavaScript evaluator over this JSON. It is built
from the same validated rule book as :func:`soleuslib.triage.assess` (every rule value is parsed
here, once, so the JavaScript never parses a CSV cell), and ``tests/browser/test_triage_parity.py``
checks that both give identical results on every case of ``data/triage_cases.csv`` and on more than
a thousand generated finding sets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from soleuslib import references, triage
from soleuslib import urgency as levels
from soleuslib.triage import display
from soleuslib.triage.assess import DISCLAIMER, PROPER_NAMES
from soleuslib.triage.rules import WELLS_CONDITION, RuleBook
from soleuslib.widgets import triage as form

GLOBAL_NAME = "SOLEUS_TRIAGE_RULEBOOK"
FILE_NAME = "triage-rulebook.js"


def _test(test: tuple) -> list:
    kind, wanted = test
    return [kind, [list(t) for t in wanted] if kind == "all" else wanted]


def rulebook_dict(book: RuleBook | None = None) -> dict[str, Any]:
    """Everything the JavaScript evaluator and form need, in file order."""
    book = book or triage.rule_book()
    keys: set[str] = set()
    conditions = []
    for cid, cond in book.conditions.items():
        keys.update(cond.ref_list)
        conditions.append({
            "id": cid, "name": cond.name, "plain_name": cond.plain_name,
            "urgency": cond.urgency, "plausible_min_score": cond.plausible_min_score,
            "flag_min_score": cond.flag_min_score, "action": cond.action,
            "flag_action": cond.flag_action, "plain_action": cond.plain_action,
            "refs": list(cond.ref_list), "dangerous": book.dangerous(cid),
        })  # fmt: skip
    rules = []
    for rule in book.rules:
        keys.update(rule.refs)
        rules.append({
            "id": rule.id, "condition": rule.condition, "finding": rule.finding,
            "test": _test(rule.test), "effect": rule.effect, "weight": rule.weight,
            "reason": rule.reason, "refs": list(rule.refs),
        })  # fmt: skip
    wells = []
    for item in book.wells_items:
        keys.update(item.refs)
        wells.append({"id": item.id, "finding": item.finding, "test": _test(item.test),
                      "points": item.points, "refs": list(item.refs)})  # fmt: skip
    findings = [
        {"id": s.id, "section": s.section, "label": s.label, "question": s.question,
         "patient_question": s.patient_question, "type": s.type, "choices": list(s.choices),
         "choice_labels": list(s.choice_labels), "min": s.min, "max": s.max, "unit": s.unit}
        for s in book.findings.values()
    ]  # fmt: skip
    cited = {k: references.get(k) for k in sorted(keys)}
    return {
        "version": 1,
        "wells_condition": WELLS_CONDITION,
        "wells_threshold": book.wells_threshold,
        "findings": findings,
        "form_order": list(triage.findings_spec()),
        "conditions": conditions,
        "rules": rules,
        "wells_items": wells,
        "key_findings": {c: list(f) for c, f in book.key_findings.items()},
        "references": {k: {"short": r.short, "link": r.link} for k, r in cited.items()},
        "urgency": {
            "order": list(levels.ORDER),
            "clinician": levels.CLINICIAN_WORDS,
            "patient": levels.PATIENT_WORDS,
            "colours": {k: list(v) for k, v in levels.COLOURS.items()},
            "neutral": list(levels.NEUTRAL_COLOURS),
        },
        "sections": {
            "order": list(triage.SECTION_ORDER),
            "clinician": triage.SECTION_TITLES,
            "patient": form.PATIENT_SECTION_TITLES,
        },
        "texts": {
            "disclaimer": DISCLAIMER,
            "not_assessed": form.NOT_ASSESSED,
            "patient_exam_note": form.PATIENT_EXAM_NOTE,
            "patient_intro": form.PATIENT_INTRO,
        },
        "proper_names": list(PROPER_NAMES),
        "student": {
            # compare_commitment()'s sentences and the widget's student-mode words, from Python.
            "texts": dict(display.COMMITMENT_TEXTS),
            "urgency_words": dict(display.COMMITMENT_URGENCY_WORDS),
            "heads": dict(form.COMMITMENT_HEADS),
            "choose": form.CHOOSE_LABEL,
            "hidden": form.STUDENT_HIDDEN,
            "intro_html": form.STUDENT_INTRO,
        },
    }


def global_script(name: str, payload: dict[str, Any]) -> str:
    """``payload`` as a script setting ``window.<name>`` (a script, not a .json file, so that it
    also loads from ``file://``), compact: every byte counts against the page budget."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.{name} = {text};\n"


def write_script(folder: Path, file_name: str, text: str) -> Path:
    """Write a generated script into ``folder`` (the site's ``_static``) whole or not at all."""
    path = Path(folder) / file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def rulebook_js(book: RuleBook | None = None) -> str:
    """The compiled rule book as a script that sets ``window.SOLEUS_TRIAGE_RULEBOOK``."""
    return global_script(GLOBAL_NAME, rulebook_dict(book))


def write(folder: Path) -> Path:
    """Write ``triage-rulebook.js`` into ``folder``; returns its path."""
    return write_script(folder, FILE_NAME, rulebook_js())
