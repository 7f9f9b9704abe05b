"""Schema of ``data/self_checks.csv``: every lesson's self-check questions, answers and feedback.

One row is one question. The cross-column rules (how many options and correct answers each kind
needs, feedback aligned with the options, inline citations listed in ``refs``) are field validators,
so a broken row is reported with its line *and* the column at fault.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from soleuslib.schemas import Row, TableSpec
from soleuslib.schemas.core import LessonId

CheckKind = Literal["single choice", "multiple choice", "free text"]
# "predict" opens a demo (asked before the learner sees the answer); "check" tests an objective.
CheckPurpose = Literal["predict", "check"]
# Bloom's revised taxonomy, lowest first (soleuslib.pedagogy.LEVELS).
CheckLevel = Literal["remember", "understand", "apply", "analyse", "evaluate", "create"]
CHOICE_KINDS = ("single choice", "multiple choice")
# Inline citations in question, answer, explanation and feedback text: {cite:p}`Key1,Key2`.
CITE_ROLE = re.compile(r"\{cite(?::([a-z]+))?\}`([^`]+)`")
TEXT_COLUMNS = ("question", "options", "correct", "explanation", "feedback")


def split_list(cell: str) -> list[str]:
    """A ';'-separated cell as stripped parts, keeping empty parts (feedback is positional)."""
    return [part.strip() for part in cell.split(";")] if cell.strip() else []


def cited_keys(text: str) -> list[str]:
    """Citation keys of the ``{cite:p}`...``` roles in ``text``; other roles are refused."""
    keys = []
    for role, group in CITE_ROLE.findall(text):
        if role not in ("", "p"):
            raise ValueError(f"only {{cite:p}} citations are supported here (got {{cite:{role}}})")
        keys += [k.strip() for k in group.split(",") if k.strip()]
    return keys


class SelfCheck(Row):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="check id, used by self_check()")
    lesson: LessonId = Field(description="lesson id of data/lessons.csv")
    section: str = Field(
        min_length=1,
        description="the lesson's '## N.' section number, or its '##' heading if unnumbered",
    )
    kind: CheckKind
    question: str = Field(min_length=10)
    options: str = Field(
        default="", validate_default=True, description="';'-separated; empty for free text"
    )
    correct: str = Field(description="the correct option(s), or the model answer for free text")
    explanation: str = Field(
        default="", validate_default=True, description="why; required for choice questions"
    )
    feedback: str = Field(default="", description="';'-separated, one per option (may be empty)")
    refs: str = Field(
        default="", validate_default=True, description="bib keys, incl. every inline citation"
    )
    purpose: CheckPurpose = Field(description="predict (before a demo) or check (an objective)")
    level: CheckLevel = Field(description="the thinking the question asks for (Bloom's levels)")

    @field_validator(*TEXT_COLUMNS)
    @classmethod
    def _citations_use_the_cite_p_role(cls, value: str) -> str:
        cited_keys(value)
        return value

    @field_validator("options")
    @classmethod
    def _options_fit_the_kind(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        options = split_list(value)
        if kind == "free text":
            if options:
                raise ValueError("a free-text check has no options (leave the cell empty)")
            return value
        if len(options) < 2 or "" in options:
            raise ValueError("a choice question needs at least two non-empty ';'-separated options")
        if len(set(options)) != len(options):
            raise ValueError("options must be different from each other")
        return value

    @field_validator("correct")
    @classmethod
    def _correct_answers_are_options(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind == "free text" or "options" not in info.data:
            if kind == "free text" and len(value) < 10:
                raise ValueError("a free-text check needs a model answer of 10 characters or more")
            return value
        options = split_list(info.data["options"])
        correct = split_list(value)
        for answer in correct:
            if answer not in options:
                raise ValueError(f"correct answer {answer!r} is not one of the options")
        if kind == "single choice" and len(correct) != 1:
            raise ValueError(
                f"a single-choice question has exactly one correct option (got {value!r})"
            )
        if kind == "multiple choice" and not 2 <= len(correct) < len(options):
            raise ValueError(
                "a multiple-choice question needs at least two correct options and one wrong one"
            )
        return value

    @field_validator("explanation")
    @classmethod
    def _choice_questions_explain(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("kind") in CHOICE_KINDS and len(value) < 20:
            raise ValueError("a choice question needs an explanation (20 characters or more)")
        return value

    @field_validator("feedback")
    @classmethod
    def _feedback_is_one_per_option(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            return value
        if info.data.get("kind") == "free text":
            raise ValueError("a free-text check has no per-option feedback (leave the cell empty)")
        options = split_list(info.data.get("options", ""))
        feedback = split_list(value)
        if len(feedback) != len(options):
            raise ValueError(
                f"give one feedback per option, in the same order ({len(options)} options, "
                f"{len(feedback)} feedback parts); leave a part empty for no feedback"
            )
        correct = set(split_list(info.data.get("correct", "")))
        for option, text in zip(options, feedback, strict=True):
            if option in correct and text:
                raise ValueError(f"no feedback for the correct option {option!r}: the explanation")
        return value

    @field_validator("refs")
    @classmethod
    def _inline_citations_are_listed(cls, value: str, info: ValidationInfo) -> str:
        listed = set(split_list(value))
        for column in TEXT_COLUMNS:
            for key in cited_keys(str(info.data.get(column, ""))):
                if key not in listed:
                    raise ValueError(f"'{key}' is cited in {column} but not listed in refs")
        return value


TABLES = [
    TableSpec(
        "self_checks",
        SelfCheck,
        "every lesson's self-check questions with answers, explanations and feedback",
        ref_columns=("refs",),
        foreign_keys=(("lesson", "lessons"),),
    ),
]
