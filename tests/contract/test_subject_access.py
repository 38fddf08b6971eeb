"""Subject access on both stores: everything held about one participant,
worked out from the shared small partnership. U1 enrolled with A on
2024-01-10, was referred A -> C (R01), C -> D (R07) and D -> E1 (R08), had
activities A1 and A2 and the outcome O1."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.access.audit import AuditEntry
from graph.access.subject import person_report
from graph.errors import NotFoundError

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


def test_report_lists_every_record(loaded_store):
    loaded_store.append_audit(
        [
            AuditEntry(NOW, "u1", "partner", "read", "participants", ("U1", "U2")),
            AuditEntry(NOW, "u1", "partner", "read", "participants", ("U2",)),
        ]
    )

    report = person_report(loaded_store, "U1", NOW)

    assert report["generated_at"] == "2024-06-03T09:00:00+00:00"
    assert report["participant"]["id"] == "U1"
    assert report["participant"]["partner_id"] == "A"
    assert report["participant"]["enrolled_on"] == "2024-01-10"
    assert [r["id"] for r in report["referrals"]] == ["R01", "R07", "R08"]
    assert [a["id"] for a in report["activities"]] == ["A1", "A2"]
    assert [o["id"] for o in report["outcomes"]] == ["O1"]
    assert report["journey"][0] == {
        "on": "2024-01-10",
        "kind": "enrolled",
        "partner_id": "A",
        "record_id": "U1",
        "status": None,
        "type": None,
        "stage": None,
        "hours": None,
        "to_partner_id": None,
        "to_employer_id": None,
        "employer_id": None,
        "reason": None,
    }
    assert sorted(report["partners"]) == ["A", "C", "D"]
    # Only the entry naming U1, not the one about U2 alone.
    assert [entry["record_ids"] for entry in report["audit"]] == [["U1", "U2"]]


def test_report_of_unknown_person_is_an_error(loaded_store):
    with pytest.raises(NotFoundError, match="participant 'nobody' not found"):
        person_report(loaded_store, "nobody", NOW)
