"""Declared schemas of the files in ``data/``: one pydantic row model per table.

Each module in this package defines ``TABLES``, a list of :class:`TableSpec`. A new lesson adds its
own module here (for example ``schemas/anatomy.py``); nothing else needs editing.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict


class Row(BaseModel):
    """Base of every row model: unknown columns are refused, values are not silently altered."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


@dataclass(frozen=True)
class TableSpec:
    """How to load and check one CSV file ``data/<name>.csv``."""

    name: str
    row: type[Row]
    description: str
    id_column: str | None = "id"
    ref_columns: tuple[str, ...] = ()  # columns of ";"-separated references.bib keys
    # Columns whose values must be ids of another table: {column: table name}.
    foreign_keys: tuple[tuple[str, str], ...] = ()


@cache
def registry() -> dict[str, TableSpec]:
    """Every declared table, discovered from the modules of this package."""
    found: dict[str, TableSpec] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for spec in getattr(module, "TABLES", []):
            if spec.name in found:
                raise RuntimeError(f"table '{spec.name}' is declared twice")
            found[spec.name] = spec
    return found
