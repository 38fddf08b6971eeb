"""The audit_log table of the SQLite store.

The table's triggers reject UPDATE and DELETE, so even a program that
writes SQL to the file cannot rewrite the log without dropping them first.
Record ids are stored as a JSON list; times as ISO 8601 text in UTC.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

from graph.access.audit import AuditEntry

INSERT = (
    "INSERT INTO audit_log (at, user_id, role, operation, kind, record_ids, "
    "request_id) VALUES (:at, :user_id, :role, :operation, :kind, :record_ids, "
    ":request_id)"
)
SELECT = """
    SELECT * FROM audit_log
    WHERE (:since IS NULL OR at >= :since)
      AND (:user_id IS NULL OR user_id = :user_id)
      AND (:record_id IS NULL OR EXISTS (
            SELECT 1 FROM json_each(audit_log.record_ids)
            WHERE json_each.value = :record_id))
    ORDER BY at, sequence
    LIMIT :limit
"""
SELECT_NUMBERED = """
    SELECT * FROM audit_log
    WHERE sequence > :after
    ORDER BY sequence
    LIMIT :limit
"""


def to_row(entry: AuditEntry) -> dict[str, Any]:
    """Return the column values of ``entry``."""
    return {
        "at": utc_text(entry.at),
        "user_id": entry.user_id,
        "role": entry.role,
        "operation": entry.operation,
        "kind": entry.kind,
        "record_ids": json.dumps(list(entry.record_ids)),
        "request_id": entry.request_id,
    }


def from_row(row: sqlite3.Row) -> AuditEntry:
    """Return the entry of a row of the audit_log table."""
    return AuditEntry(
        at=datetime.fromisoformat(row["at"]),
        user_id=row["user_id"],
        role=row["role"],
        operation=row["operation"],
        kind=row["kind"],
        record_ids=tuple(json.loads(row["record_ids"])),
        request_id=row["request_id"],
    )


def utc_text(moment: datetime) -> str:
    """Return ``moment`` in UTC as ISO 8601 text, so text order is time
    order."""
    return moment.astimezone(UTC).isoformat()
