"""SQL text that the SQLite store builds once from the model's columns.

Table and column names come from the model's dataclasses, never from input,
and every value is a parameter. ``{placeholders}`` is filled with one ``?``
per id of a chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graph.sqlite.records import COLUMNS
from graph.store import RECORD_TYPES

# SQLite 3.32+ accepts 32,766 parameters per statement by default (999 before),
# so chunks of 500 ids fit either limit.
ID_CHUNK = 500


def _upsert_statement(kind: str) -> str:
    columns = COLUMNS[kind]
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns[1:])
    placeholders = ", ".join("?" for _ in columns)
    return (
        f"INSERT INTO {kind} ({', '.join(columns)}) VALUES ({placeholders}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}"
    )


UPSERT = {kind: _upsert_statement(kind) for kind in RECORD_TYPES}
SELECT_BY_IDS = {
    kind: f"SELECT * FROM {kind} WHERE id IN ({{placeholders}})"
    for kind in RECORD_TYPES
}
FOR_PARTICIPANTS = {
    "referrals": "SELECT * FROM referrals WHERE participant_id IN ({placeholders}) "
    "ORDER BY referred_on, id",
    "activities": "SELECT * FROM activities WHERE participant_id IN "
    "({placeholders}) ORDER BY occurred_on, id",
    "outcomes": "SELECT * FROM outcomes WHERE participant_id IN ({placeholders}) "
    "ORDER BY achieved_on, id",
}

PARTICIPANT_FILTER = "(:partner_id IS NULL OR partner_id = :partner_id)"
REFERRAL_FILTER = """
    (:status IS NULL OR status = :status)
    AND (:from_partner_id IS NULL OR from_partner_id = :from_partner_id)
    AND (:to_partner_id IS NULL OR to_partner_id = :to_partner_id)
    AND (:participant_id IS NULL OR participant_id = :participant_id)
    AND (:since IS NULL OR referred_on >= :since)
    AND (:until IS NULL OR referred_on <= :until)
"""


def chunk_ids(ids: Iterable[str]) -> Iterator[list[str]]:
    """Yield the distinct ``ids`` in sorted lists of at most ``ID_CHUNK``."""
    unique = sorted(set(ids))
    for start in range(0, len(unique), ID_CHUNK):
        yield unique[start : start + ID_CHUNK]


def placeholder_list(count: int) -> str:
    """Return ``count`` comma-separated ``?`` placeholders for an IN list."""
    return ", ".join("?" for _ in range(count))
