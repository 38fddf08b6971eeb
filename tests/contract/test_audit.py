"""The audit log on both stores: appended entries come back in order and
filter by time, user and record."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from graph.access.audit import AuditEntry

T0 = datetime(2024, 6, 3, 9, 0, 0, 250000, tzinfo=UTC)

ENTRIES = [
    AuditEntry(T0, "u1", "partner", "read", "participants", ("P1", "P2"), "r1"),
    AuditEntry(T0, "u2", "admin", "write", "referrals", ("R9",)),
    AuditEntry(T0 + timedelta(minutes=5), "u1", "partner", "export", "participants"),
    AuditEntry(
        T0 + timedelta(hours=1), "u2", "admin", "erase", "participants", ("P2",)
    ),
]


def test_entries_come_back_in_order(store):
    store.append_audit(ENTRIES[:2])
    store.append_audit(ENTRIES[2:])

    assert store.audit_entries() == ENTRIES


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"user_id": "u1"}, [0, 2]),
        ({"record_id": "P2"}, [0, 3]),
        ({"record_id": "P"}, []),
        ({"since": T0 + timedelta(minutes=5)}, [2, 3]),
        # The same moment in another offset selects the same entries.
        (
            {
                "since": (T0 + timedelta(minutes=5)).astimezone(
                    timezone(timedelta(hours=1))
                )
            },
            [2, 3],
        ),
        ({"user_id": "u2", "since": T0 + timedelta(minutes=1)}, [3]),
        ({"limit": 1}, [0]),
    ],
)
def test_entries_filter(store, filters, expected):
    store.append_audit(ENTRIES)

    assert store.audit_entries(**filters) == [ENTRIES[i] for i in expected]


def test_unknown_operation_is_rejected():
    with pytest.raises(ValueError, match="unknown audit operation 'peek'"):
        AuditEntry(T0, "u1", "admin", "peek", "participants")


def test_sqlite_log_cannot_be_rewritten(tmp_path):
    from graph.stores import open_store

    url = f"sqlite:///{tmp_path / 'audit.db'}"
    with open_store(url) as store:
        store.append_audit(ENTRIES[:1])
    connection = sqlite3.connect(tmp_path / "audit.db")

    for statement in ("UPDATE audit_log SET user_id = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement)
    connection.close()
    with open_store(url) as store:
        assert store.audit_entries() == ENTRIES[:1]


def test_numbered_entries_in_append_order(store):
    # Appended out of time order, as clocks that disagree could stamp them.
    store.append_audit([ENTRIES[3], ENTRIES[0]])
    store.append_audit([ENTRIES[2]])

    assert store.numbered_audit_entries() == [
        (1, ENTRIES[3]),
        (2, ENTRIES[0]),
        (3, ENTRIES[2]),
    ]
    assert store.numbered_audit_entries(after=1, limit=1) == [(2, ENTRIES[0])]
    assert store.numbered_audit_entries(after=3) == []
