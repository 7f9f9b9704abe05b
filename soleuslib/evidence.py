"""The one evidence scale: every graded claim of the collection, shown the same way everywhere.

A grade pairs a *support* label (supported, partly, not shown, not studied: how far the evidence
backs the claim) with the *design* of the best evidence behind it (an OCEBM-style level, 1 =
systematic review to 5 = laboratory work or expert opinion). Lesson tables hold only a ``grade``
column naming a row of ``data/evidence_grades.csv``; :func:`attach` adds the words to show.
"""

from __future__ import annotations

import pandas as pd

from soleuslib import data
from soleuslib.tables import Table, table

SUPPORT_ORDER = ("supported", "partly", "not shown", "not studied")
# Every table that grades a claim, with the column that names its grade.
GRADED_TABLES = (
    ("seed_claims", "grade"),
    ("chain_evidence", "grade"),
    ("chain_fix_now", "grade"),
    ("exercises", "grade"),
    ("loading_criteria", "grade"),
)


def scale() -> pd.DataFrame:
    """The scale's steps: support labels in order, then design levels 1-5."""
    frame = data.load("evidence_scale")
    return frame.sort_values(["axis", "rank"], ascending=[False, True]).reset_index(drop=True)


def grades() -> pd.DataFrame:
    """Every graded claim with its support label, design label, level and display label."""
    steps = data.load("evidence_scale").set_index("id")
    frame = data.load("evidence_grades")
    problems = [
        f"evidence_grades '{g}': {column} '{v}' is not a {axis} step of evidence_scale.csv"
        for g, column, axis, v in [
            *((r.id, "support", "support", r.support) for r in frame.itertuples()),
            *((r.id, "design", "design", r.design) for r in frame.itertuples()),
        ]
        if steps.loc[v, "axis"] != axis
    ]
    if problems:
        raise ValueError("; ".join(problems))
    frame["support_label"] = frame["support"].map(steps["label"])
    frame["design_label"] = frame["design"].map(steps["label"])
    frame["level"] = frame["design"].map(steps["rank"]).astype(int)
    frame["evidence"] = [
        label_text(s, d, lv)
        for s, d, lv in zip(
            frame["support_label"], frame["design_label"], frame["level"], strict=True
        )
    ]
    return frame


def label_text(support: str, design: str, level: int) -> str:
    """The grade as one phrase: support first, then the best design and its level."""
    which = "nearest" if support == "not studied" else "best"
    return f"{support} · {which} evidence: {design} (level {level})"


def grade(grade_id: str) -> dict:
    """One grade by id; an unknown id lists the known ones."""
    frame = grades().set_index("id", drop=False)
    if grade_id not in frame.index:
        raise KeyError(f"no grade '{grade_id}'; known: {', '.join(frame.index)}")
    return frame.loc[grade_id].to_dict()


def attach(frame: pd.DataFrame, column: str = "grade") -> pd.DataFrame:
    """``frame`` with the grade's words added: support, design, level, evidence, studies."""
    info = grades().set_index("id")
    shown = frame.copy()
    shown["support"] = frame[column].map(info["support_label"])
    shown["design"] = frame[column].map(info["design_label"])
    shown["level"] = frame[column].map(info["level"])
    shown["evidence"] = frame[column].map(info["evidence"])
    shown["studies"] = frame[column].map(info["studies"])
    return shown


def usage() -> pd.DataFrame:
    """Where each grade is used: one row per (table, row id, grade)."""
    rows = []
    for name, column in GRADED_TABLES:
        frame = data.load(name)
        for row_id, grade_id in zip(frame[data.spec(name).id_column], frame[column], strict=True):
            rows.append({"table": name, "row": row_id, "grade": grade_id})
    return pd.DataFrame(rows, columns=["table", "row", "grade"])


def scale_table() -> Table:
    """The scale for lesson 00: each step, its level or order, and what it means."""
    frame = scale().assign(
        axis=lambda f: f["axis"].map({"support": "Support", "design": "Best design"})
    )
    return table(
        frame,
        {
            "axis": "Half of the grade",
            "rank": "Order / level",
            "label": "Label",
            "meaning": "Meaning",
        },
        caption="The evidence scale: a support label always paired with the best design",
    )


def claims_table() -> Table:
    """The seed's claims beside their finding and their grade (lesson 00)."""
    from soleuslib.catalog import refs_column

    claims = attach(data.load("seed_claims"))
    claims["refs"] = refs_column(claims)
    return table(
        claims,
        {
            "claim": "The post claims",
            "finding": "What was found",
            "support": "Support",
            "design": "Best evidence",
            "level": "Level",
            "studies": "Studies",
            "refs": "Source",
        },
        caption="The seed's claims and the evidence",
    )
