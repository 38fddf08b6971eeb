"""Conversion between model records and what Neo4j stores.

A record becomes a row for the upserts of ``graph.neo4j.cypher``: its id,
its own values as node properties, and the ids of the nodes it links to,
which become relationships. Dates travel as Neo4j dates; missing values
are left out of the properties, so they read back as ``None``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from graph.store import RECORD_TYPES

# Fields that are links to other nodes rather than node properties.
LINKS: dict[str, tuple[str, ...]] = {
    "partners": (),
    "employers": (),
    "participants": ("partner_id",),
    "referrals": ("participant_id", "from_partner_id", "to_partner_id")
    + ("to_employer_id",),
    "activities": ("participant_id", "partner_id"),
    "outcomes": ("participant_id", "partner_id", "employer_id"),
}
_FIELDS = {
    kind: tuple(field.name for field in dataclasses.fields(record_type))
    for kind, record_type in RECORD_TYPES.items()
}
_PROPERTIES = {
    kind: tuple(name for name in _FIELDS[kind] if name not in LINKS[kind])
    for kind in RECORD_TYPES
}
_FLOAT_FIELDS = frozenset({"hours"})


def to_row(kind: str, record: Any) -> dict[str, Any]:
    """Return the upsert row of ``record``."""
    properties = {}
    for name in _PROPERTIES[kind]:
        value = _to_property(name, getattr(record, name))
        if value is not None:
            properties[name] = value
    row: dict[str, Any] = {"id": record.id, "properties": properties}
    for name in LINKS[kind]:
        row[name] = getattr(record, name)
    return row


def from_map(kind: str, values: dict[str, Any]) -> Any:
    """Build the record of ``kind`` from a node's projected map."""
    fields = {}
    for name in _FIELDS[kind]:
        if name in values:
            fields[name] = _from_property(values[name])
    return RECORD_TYPES[kind](**fields)


def _to_property(name: str, value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if name in _FLOAT_FIELDS and isinstance(value, int):
        return float(value)
    return value


def _from_property(value: Any) -> Any:
    # neo4j.time.Date and DateTime carry to_native(); other values are
    # already Python's own.
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value
