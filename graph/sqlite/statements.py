"""SQL text that the SQLite store builds once from the model's columns.

Table and column names come from the model's dataclasses, never from input,
and every value is a parameter. ``{placeholders}`` is filled with one ``?``
per id of a chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

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

# The date column that the date orders and windows of each list use.
DAY = {
    "participants": "enrolled_on",
    "referrals": "referred_on",
    "activities": "occurred_on",
    "outcomes": "achieved_on",
}


# The condition each filter parameter adds to its list, by kind. A list's
# WHERE joins those of the parameters that are set, so SQLite can use the
# index of each: a "(:x IS NULL OR x = :x)" form would hide it.
CONDITIONS: dict[str, dict[str, str]] = {
    "participants": {
        "partner_id": "partner_id = :partner_id",
        "consent_to_share": "consent_to_share = :consent_to_share",
    },
    "referrals": {
        "status": "status = :status",
        "from_partner_id": "from_partner_id = :from_partner_id",
        "to_partner_id": "to_partner_id = :to_partner_id",
        "to_employer_id": "to_employer_id = :to_employer_id",
        "partner_id": "(from_partner_id = :partner_id OR to_partner_id = :partner_id)",
        "participant_id": "participant_id = :participant_id",
    },
    "activities": {
        "participant_id": "participant_id = :participant_id",
        "partner_id": "partner_id = :partner_id",
        "type": "type = :type",
        "stage": "stage = :stage",
    },
    "outcomes": {
        "participant_id": "participant_id = :participant_id",
        "partner_id": "partner_id = :partner_id",
        "type": "type = :type",
        "employer_id": "employer_id = :employer_id",
    },
}
for _kind, _conditions in CONDITIONS.items():
    _conditions["since"] = f"{DAY[_kind]} >= :since"
    _conditions["until"] = f"{DAY[_kind]} <= :until"

DAY_OF = {
    kind: f"SELECT {day} FROM {kind} WHERE id = :after" for kind, day in DAY.items()
}


def where(kind: str, parameters: dict[str, Any]) -> str:
    """Return the WHERE condition of a ``kind`` list for the parameters that
    are set, built only from the fixed texts of ``CONDITIONS``."""
    parts = [
        condition
        for name, condition in CONDITIONS[kind].items()
        if parameters.get(name) is not None
    ]
    return " AND ".join(parts) or "1"


def count_statement(kind: str, parameters: dict[str, Any]) -> str:
    return f"SELECT COUNT(*) FROM {kind} WHERE {where(kind, parameters)}"


def page_statement(
    kind: str, order: str, parameters: dict[str, Any], after: bool
) -> str:
    """Return the statement of one page of a ``kind`` list in ``order``.

    ``after`` is true when the page continues after a cursor record.
    """
    # :limit is one more than the page size, to tell whether a page follows.
    # The cursor condition is left out of a first page, rather than written
    # as "(:after IS NULL OR ...)", so that SQLite searches the id or date
    # index from the cursor instead of scanning it from the start. In a
    # date order the cursor's position is (:after_on, :after), so records
    # on the cursor's day continue by id.
    day = DAY[kind]
    if order == "id":
        position = "id > :after"
        order_by = "id"
    elif order == "oldest":
        position = f"({day}, id) > (:after_on, :after)"
        order_by = f"{day}, id"
    else:
        position = f"({day}, id) < (:after_on, :after)"
        order_by = f"{day} DESC, id DESC"
    conditions = where(kind, parameters)
    if after:
        conditions = f"{conditions} AND {position}"
    return f"SELECT * FROM {kind} WHERE {conditions} ORDER BY {order_by} LIMIT :limit"


def chunk_ids(ids: Iterable[str]) -> Iterator[list[str]]:
    """Yield the distinct ``ids`` in sorted lists of at most ``ID_CHUNK``."""
    unique = sorted(set(ids))
    for start in range(0, len(unique), ID_CHUNK):
        yield unique[start : start + ID_CHUNK]


def placeholder_list(count: int) -> str:
    """Return ``count`` comma-separated ``?`` placeholders for an IN list."""
    return ", ".join("?" for _ in range(count))
