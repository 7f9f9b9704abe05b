"""Schema of the glossary: clinical words with a plain meaning for patients and a precise one.

Used by the site's hover definitions (``soleuslib.glossary``) and the readability gate
(``soleuslib.readability``). A definition cites sources in ``refs`` or, when it is general
vocabulary that needs no source, says so in ``source_note``: exactly one of the two is filled.
"""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

from soleuslib.schemas import Row, TableSpec

GENERAL_VOCABULARY = "general anatomical/medical vocabulary"
TERM_PATTERN = r"^[a-z][a-z0-9_]*$"
SENTENCE_ENDS = (".", "!", "?")


def _forms(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


class GlossaryTerm(Row):
    term: str = Field(pattern=TERM_PATTERN, description="id-like unique key, e.g. pitting_oedema")
    word: str = Field(min_length=2, description="the word as written in text, e.g. 'oedema'")
    variants: str = Field(default="", description="';'-separated other spellings and forms")
    patient_forbidden: bool = Field(
        description="yes: jargon that patient text must avoid or explain next to the word"
    )
    plain: str = Field(min_length=10, max_length=160, description="plain meaning, one sentence")
    clinical: str = Field(min_length=10, description="the precise clinical meaning")
    refs: str = Field(default="", description="';'-separated keys of references.bib")
    source_note: str = Field(
        default="",
        validate_default=True,
        description=f"'{GENERAL_VOCABULARY}' exactly when refs is empty, else empty",
    )

    @field_validator("word")
    @classmethod
    def _word_is_text(cls, value: str) -> str:
        if ";" in value:
            raise ValueError("word must be one form; put other forms in variants")
        return value

    @field_validator("variants")
    @classmethod
    def _variants_are_forms(cls, value: str) -> str:
        for form in _forms(value):
            if len(form) < 2:
                raise ValueError(f"variant '{form}' is too short (at least 2 characters)")
        return value

    @field_validator("plain")
    @classmethod
    def _plain_is_one_sentence(cls, value: str) -> str:
        if not value.endswith(SENTENCE_ENDS):
            raise ValueError("plain must be one sentence ending with '.', '!' or '?'")
        inner = value[:-1]
        if any(f"{end} " in inner for end in SENTENCE_ENDS):
            raise ValueError("plain must be one short sentence, not several")
        return value

    @field_validator("source_note")
    @classmethod
    def _source_note_when_uncited(cls, value: str, info: ValidationInfo) -> str:
        refs = info.data.get("refs", "")
        if not refs and value != GENERAL_VOCABULARY:
            raise ValueError(
                f"refs is empty, so source_note must say '{GENERAL_VOCABULARY}' "
                "(or cite a references.bib key in refs)"
            )
        if refs and value:
            raise ValueError("source_note must be empty when refs cites a source")
        return value


TABLES = [
    TableSpec(
        "glossary",
        GlossaryTerm,
        "clinical words with a plain and a clinical meaning (hover text, readability gate)",
        id_column="term",
        ref_columns=("refs",),
    ),
]
