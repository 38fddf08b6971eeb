"""The partnership's activity feed, computed by SQLite.

One compound query lists the feed's keys (date, kind, record id) newest
first, and the records behind the keys of one page are then read by id, so
only that page's records reach Python. Each arm of the query takes at most
``:limit`` rows through the date-and-id indexes before the arms are merged.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

from graph.journey import STATUS_EVENT_STATUSES
from graph.sqlite.records import from_row
from graph.sqlite.statements import SELECT_BY_IDS, chunk_ids, placeholder_list
from graph.store import FeedEvent, check_feed_request, feed_event

# The row value (on_day, kind, record_id) orders the feed. An event comes
# after the cursor event when its row value is smaller.
_BEFORE = (
    "(:before_on IS NULL "
    "OR ({day}, {kind}, id) < (:before_on, :before_kind, :before_id))"
)
_SINCE = "(:since IS NULL OR {day} >= :since)"


def _arm(source: str, day: str, kind: str, condition: str = "1", kinds: int = 1) -> str:
    where = " AND ".join(
        [
            condition,
            _SINCE.format(day=day),
            _BEFORE.format(day=day, kind=kind),
        ]
    )
    # An arm of one kind reads the date-and-id index in order. The arm of
    # several kinds also sorts the kinds within each day.
    order_by = f"{day} DESC, id DESC"
    if kinds > 1:
        order_by = f"{day} DESC, {kind} DESC, id DESC"
    return f"""
    SELECT * FROM (
        SELECT {day} AS on_day, {kind} AS kind, id AS record_id,
               '{source}' AS source
        FROM {source}
        WHERE {where}
        ORDER BY {order_by}
        LIMIT :limit
    )"""


# A referral gives its made event, and a second event for a status in
# :statuses (a JSON list) once that status has a date.
RECENT_EVENTS = (
    "SELECT on_day, kind, record_id, source FROM ("
    + " UNION ALL ".join(
        [
            _arm("referrals", "referred_on", "'referral_made'"),
            _arm(
                "referrals",
                "status_on",
                "'referral_' || status",
                # The unary plus keeps SQLite off the status index, so that
                # the arm reads status_on in index order.
                "status_on IS NOT NULL "
                "AND +status IN (SELECT value FROM json_each(:statuses))",
                kinds=len(STATUS_EVENT_STATUSES),
            ),
            _arm("activities", "occurred_on", "'activity'"),
            _arm("outcomes", "achieved_on", "'outcome'"),
        ]
    )
    + ") ORDER BY on_day DESC, kind DESC, record_id DESC LIMIT :limit"
)


def recent_events(
    connection: sqlite3.Connection,
    since: date | None,
    before: FeedEvent | None,
    limit: int,
) -> list[FeedEvent]:
    """Read one page of the feed, as ``Store.recent_events`` describes."""
    check_feed_request(limit)
    parameters = {
        "since": None if since is None else since.isoformat(),
        "before_on": None if before is None else before.on.isoformat(),
        "before_kind": None if before is None else before.kind,
        "before_id": None if before is None else before.record_id,
        "statuses": json.dumps(STATUS_EVENT_STATUSES),
        "limit": limit,
    }
    keys = connection.execute(RECENT_EVENTS, parameters).fetchall()

    records = _records_by_source(connection, keys)
    return [
        feed_event(records[key["source"], key["record_id"]], key["kind"])
        for key in keys
    ]


def _records_by_source(
    connection: sqlite3.Connection, keys: list[sqlite3.Row]
) -> dict[tuple[str, str], Any]:
    ids_by_source: dict[str, set[str]] = {}
    for key in keys:
        ids_by_source.setdefault(key["source"], set()).add(key["record_id"])

    records: dict[tuple[str, str], Any] = {}
    for source, ids in ids_by_source.items():
        for chunk in chunk_ids(ids):
            statement = SELECT_BY_IDS[source].format(
                placeholders=placeholder_list(len(chunk))
            )
            for row in connection.execute(statement, chunk):
                records[source, row["id"]] = from_row(source, row)
    return records
