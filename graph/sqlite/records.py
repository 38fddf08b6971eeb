"""Conversion between model records and SQLite rows.

Dates are stored as ISO 8601 text, so text order is date order; booleans
as 0 or 1; missing values as NULL.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date
from typing import Any

from graph.store import KIND_OF_TYPE, RECORD_TYPES

COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(field.name for field in dataclasses.fields(record_type))
    for kind, record_type in RECORD_TYPES.items()
}
_DATE_COLUMNS = frozenset(
    {"joined_on", "left_on", "enrolled_on", "referred_on", "status_on"}
    | {"occurred_on", "achieved_on", "consent_recorded_on"}
)


def to_row(record: Any) -> tuple[Any, ...]:
    """Return the column values of ``record`` in table order."""
    # dataclasses.astuple deep-copies every value, which dominated imports.
    columns = COLUMNS[KIND_OF_TYPE[type(record)]]
    return tuple(_to_sql(getattr(record, name)) for name in columns)


def from_row(kind: str, row: sqlite3.Row) -> Any:
    """Build the record of ``kind`` stored in ``row``."""
    values = {}
    for name in COLUMNS[kind]:
        value = row[name]
        if value is not None and name in _DATE_COLUMNS:
            value = date.fromisoformat(value)
        elif name == "consent_to_share":
            value = bool(value)
        values[name] = value
    return RECORD_TYPES[kind](**values)


def _to_sql(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
