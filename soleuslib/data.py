"""Load the facts in ``data/`` as pandas DataFrames, validated against their declared schemas.

A malformed file raises :class:`DataFileError` naming the file, the row and the column.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from soleuslib import paths
from soleuslib.schemas import TableSpec, registry

FIRST_DATA_LINE = 2  # line 1 of a CSV file is its header


class DataFileError(ValueError):
    """A data file that breaks its schema. Carries the file, row (CSV line) and column."""

    def __init__(self, file: Path, message: str, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column = Path(file), row, column
        where = self.file.name
        if row is not None:
            where += f", line {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


def table_names() -> list[str]:
    """Names of every declared table, in alphabetical order."""
    return sorted(registry())


def spec(name: str) -> TableSpec:
    """The declared schema of ``name``; an unknown name lists the known ones."""
    try:
        return registry()[name]
    except KeyError:
        raise KeyError(
            f"no data table '{name}'; known tables: {', '.join(table_names())}"
        ) from None


def is_ref_column(column: str) -> bool:
    """Columns named ``refs`` or ending in ``_refs`` hold citation keys by convention."""
    return column == "refs" or column.endswith("_refs")


def ref_columns(table: TableSpec) -> tuple[str, ...]:
    """Columns checked as ';'-separated references.bib keys: ``refs``, ``*_refs`` and any
    other column the table declares in ``ref_columns``."""
    by_name = [c for c in table.row.model_fields if is_ref_column(c)]
    return tuple(dict.fromkeys([*by_name, *table.ref_columns]))


def split_keys(cell: str | None) -> list[str]:
    """A ';'-separated list cell as a list of stripped, non-empty strings."""
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _read_raw(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise DataFileError(path, "file not found")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"cannot be read as UTF-8 CSV ({exc})") from None


def _check_header(path: Path, table: TableSpec, columns: list[str]) -> None:
    expected = list(table.row.model_fields)
    missing = [c for c in expected if c not in columns]
    unknown = [c for c in columns if c not in expected]
    if missing:
        raise DataFileError(
            path, f"missing column (expected columns: {', '.join(expected)})", column=missing[0]
        )
    if unknown:
        raise DataFileError(
            path, f"unknown column (expected columns: {', '.join(expected)})", column=unknown[0]
        )


def _validate_rows(path: Path, table: TableSpec, raw: pd.DataFrame) -> list[dict]:
    rows = []
    context = {"data_dir": path.parent}  # where validators find data/lessons.csv
    for index, record in enumerate(raw.to_dict(orient="records")):
        values = {k: v for k, v in record.items() if v != ""}  # an empty cell takes the default
        try:
            rows.append(table.row.model_validate(values, context=context).model_dump())
        except ValidationError as exc:
            err = exc.errors()[0]
            column = str(err["loc"][0]) if err["loc"] else None
            if err["type"] == "missing":
                message = "empty cell, but a value is required"
            else:
                message = f"{err['msg']} (got {values.get(column)!r})"
            raise DataFileError(path, message, row=index + FIRST_DATA_LINE, column=column) from None
    return rows


def _nullable_dtypes(table: TableSpec) -> dict[str, str]:
    """Integer and boolean columns that may be empty keep their type (pandas nullable dtypes)."""
    dtypes = {}
    for name, field in table.row.model_fields.items():
        text = str(field.annotation)
        if "None" in text and "int" in text:
            dtypes[name] = "Int64"
        elif "None" in text and "bool" in text:
            dtypes[name] = "boolean"
    return dtypes


def _check_ids(path: Path, table: TableSpec, frame: pd.DataFrame) -> None:
    if table.id_column is None:
        return
    duplicated = frame[table.id_column].duplicated()
    if duplicated.any():
        index = int(duplicated.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            f"duplicate id '{frame[table.id_column].iloc[index]}'",
            row=index + FIRST_DATA_LINE,
            column=table.id_column,
        )


def _check_refs(path: Path, table: TableSpec, frame: pd.DataFrame, bib: Path | None) -> None:
    from soleuslib.references import did_you_mean, keys

    known = keys(bib)
    for column in ref_columns(table):
        for index, cell in enumerate(frame[column]):
            for key in split_keys(cell):
                if key not in known:
                    raise DataFileError(
                        path,
                        f"citation key '{key}' is not in references.bib."
                        + did_you_mean(key, known),
                        row=index + FIRST_DATA_LINE,
                        column=column,
                    )


def _check_foreign_keys(
    path: Path, table: TableSpec, frame: pd.DataFrame, folder: Path, bib: Path | None
) -> None:
    for column, other in table.foreign_keys:
        if other == table.name:  # a table may link to its own rows (progression -> exercise)
            targets = set(frame[table.id_column])
        else:
            targets = set(_load(other, folder, bib)[spec(other).id_column])
        for index, cell in enumerate(frame[column]):
            for value in split_keys(cell):
                if value not in targets:
                    raise DataFileError(
                        path,
                        f"'{value}' is not an id of {other}.csv",
                        row=index + FIRST_DATA_LINE,
                        column=column,
                    )


@lru_cache(maxsize=64)
def _load(name: str, folder: Path, bib: Path | None) -> pd.DataFrame:
    table = spec(name)
    path = folder / f"{name}.csv"
    raw = _read_raw(path)
    _check_header(path, table, list(raw.columns))
    frame = pd.DataFrame(_validate_rows(path, table, raw), columns=list(table.row.model_fields))
    frame = frame.astype(_nullable_dtypes(table))
    _check_ids(path, table, frame)
    _check_refs(path, table, frame, bib)
    _check_foreign_keys(path, table, frame, folder, bib)
    return frame


def load(name: str, data_dir: Path | None = None, bib: Path | None = None) -> pd.DataFrame:
    """The validated table ``data/<name>.csv`` (a fresh copy of a cached load)."""
    folder = Path(data_dir or paths.DATA_DIR).resolve()
    return _load(name, folder, Path(bib).resolve() if bib else None).copy()


def load_all(data_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every declared table, validated."""
    return {name: load(name, data_dir) for name in table_names()}


def clear_cache() -> None:
    """Forget cached loads (after editing a data file in a live session)."""
    _load.cache_clear()
