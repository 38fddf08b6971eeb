"""After a participant is erased, nothing the product shows or writes
holds their id or any of their values, on both stores."""

from __future__ import annotations

import json

from click.testing import CliRunner

from api.cli import cli

# A1 was enrolled by A and referred to B. Their records: referrals RA1 and
# RC1, activities KA1 and KA1A, outcomes OA1 and OA1A.
ERASED_ID = "A1"
ERASED_RECORDS = ("RA1", "RC1", "KA1", "KA1A", "OA1", "OA1A")
ERASED_VALUES = ("N15",)

EVERYTHING = """
{
  participants(first: 50) { edges { node { id postcodeDistrict birthYear
    journey { recordId } } } }
  referrals(first: 50) { edges { node { id participantId } } }
  activities(first: 50) { edges { node { id participantId } } }
  outcomes(first: 50) { edges { node { id participantId } } }
  activityFeed(first: 50) { edges { node { recordId participantId } } }
  referralFlows { fromPartner { id } toId made }
  collaborationStrength { partnerA { id } partnerB { id } sharedParticipants }
  networkMetrics { referrals perPartner { partner { id } referralsIn } }
  progress { type achieved byPartner { participants } }
}
"""


def leftovers(text: str) -> list[str]:
    """Return the erased participant's ids and values found in ``text``."""
    found = [value for value in ERASED_VALUES if value in text]
    for record_id in (ERASED_ID, *ERASED_RECORDS):
        for quoted in (f'"{record_id}"', f"{record_id},", f",{record_id}\n"):
            if quoted in text:
                found.append(quoted)
    return found


def test_erased_participant_is_gone_everywhere(eastbank, tmp_path):
    before = json.dumps(eastbank.query("admin", EVERYTHING))
    assert leftovers(before), "the search must find A1 before the erasure"

    erased = eastbank.query(
        "partner of A",
        f'mutation {{ eraseParticipant(id: "{ERASED_ID}") {{ id records }} }}',
    )

    assert erased["data"]["eraseParticipant"] == {"id": ERASED_ID, "records": 6}
    after = eastbank.query("admin", EVERYTHING)
    assert "errors" not in after
    assert leftovers(json.dumps(after)) == []
    gone = eastbank.query("admin", f'{{ participant(id: "{ERASED_ID}") {{ id }} }}')
    assert gone["data"] == {"participant": None}

    runner = CliRunner()
    for arguments in (
        ["export", str(tmp_path / "export")],
        ["map", "--out", str(tmp_path / "map.html")],
        ["analyse", "--out", str(tmp_path / "report.json")],
        ["analyse", "--format", "csv", "--out", str(tmp_path / "flows.csv")],
    ):
        result = runner.invoke(cli, ["--database", eastbank.url, *arguments])
        assert result.exit_code == 0, result.output
    written = [
        path
        for path in tmp_path.rglob("*")
        if path.is_file() and not path.name.startswith("eastbank.db")
    ]
    assert len(written) >= 7
    for path in written:
        assert leftovers(path.read_text(encoding="utf-8")) == [], path


def test_erasure_is_audited_by_id(eastbank):
    eastbank.query(
        "admin", f'mutation {{ eraseParticipant(id: "{ERASED_ID}") {{ id }} }}'
    )

    log = eastbank.query(
        "admin",
        f'{{ auditLog(recordId: "{ERASED_ID}") {{ role operation kind recordIds }} }}',
    )

    assert {
        "role": "admin",
        "operation": "erase",
        "kind": "participants",
        "recordIds": [ERASED_ID],
    } in log["data"]["auditLog"]


def test_erasing_an_unknown_participant_changes_nothing(eastbank):
    body = eastbank.query("admin", 'mutation { eraseParticipant(id: "ZZ9") { id } }')

    assert body["data"] is None
    assert body["errors"][0]["message"] == "participant 'ZZ9' not found"
    count = eastbank.query("admin", "{ participants(first: 1) { totalCount } }")
    assert count["data"]["participants"]["totalCount"] == 6


def test_erased_values_leave_the_sqlite_file(tmp_path):
    # Deleted rows stay in a SQLite file's free pages and in its write-ahead
    # log unless the store overwrites and checkpoints them.
    from tests.access.conftest import load_eastbank

    path = tmp_path / "eastbank.db"
    partnership = load_eastbank(f"sqlite:///{path}")
    partnership.query("admin", "{ participants(first: 50) { totalCount } }")
    assert b"N15" in path.read_bytes() + _wal(path)

    partnership.query("admin", 'mutation { eraseParticipant(id: "A1") { id } }')

    assert b"N15" not in path.read_bytes() + _wal(path)


def _wal(path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""
