"""``partnergraph export-person`` on a real SQLite file."""

from __future__ import annotations

import json
import stat

from click.testing import CliRunner

from api.cli import cli
from graph.stores import open_store


def _database(tmp_path, small_dataset) -> str:
    url = f"sqlite:///{tmp_path / 'people.db'}"
    with open_store(url) as store:
        store.import_dataset(small_dataset)
    return url


def test_export_person_private_file_audited(tmp_path, small_dataset):
    url = _database(tmp_path, small_dataset)
    out = tmp_path / "u1.json"

    result = CliRunner().invoke(
        cli, ["--database", url, "export-person", "U1", "--out", str(out)]
    )

    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["participant"]["id"] == "U1"
    assert [r["id"] for r in report["referrals"]] == ["R01", "R07", "R08"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with open_store(url) as store:
        entries = store.audit_entries(record_id="U1")
    assert [(e.operation, e.kind, e.record_ids, e.role) for e in entries] == [
        ("export", "participants", ("U1",), "admin")
    ]
    assert entries[0].user_id.startswith("cli:")


def test_export_person_to_stdout(tmp_path, small_dataset):
    url = _database(tmp_path, small_dataset)

    result = CliRunner().invoke(cli, ["--database", url, "export-person", "U4"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["participant"]["consent_to_share"] is False


def test_export_person_rejects_bad_targets(tmp_path, small_dataset):
    url = _database(tmp_path, small_dataset)
    out = tmp_path / "existing.json"
    out.write_text("someone else", encoding="utf-8")

    existing = CliRunner().invoke(
        cli, ["--database", url, "export-person", "U1", "--out", str(out)]
    )
    unknown = CliRunner().invoke(cli, ["--database", url, "export-person", "nobody"])

    assert existing.exit_code == 1
    assert "exists; choose a new file" in existing.output
    assert out.read_text(encoding="utf-8") == "someone else"
    assert unknown.exit_code == 1
    assert "Error: participant 'nobody' not found" in unknown.output
    with open_store(url) as store:
        assert store.audit_entries() == []


def test_erase_person_asks_erases_and_audits(tmp_path, small_dataset):
    url = _database(tmp_path, small_dataset)

    declined = CliRunner().invoke(
        cli, ["--database", url, "erase-person", "U1"], input="n\n"
    )
    with open_store(url) as store:
        assert store.get_participant("U1") is not None
    erased = CliRunner().invoke(cli, ["--database", url, "erase-person", "U1", "--yes"])
    again = CliRunner().invoke(cli, ["--database", url, "erase-person", "U1", "--yes"])

    assert declined.exit_code == 1
    assert erased.exit_code == 0, erased.output
    assert erased.output.startswith(
        "erased participant U1: 3 referrals, 2 activities, 1 outcomes."
    )
    assert again.exit_code == 1
    assert "participant 'U1' not found; nothing was erased" in again.output
    with open_store(url) as store:
        assert store.get_participant("U1") is None
        entries = store.audit_entries(record_id="U1")
    assert [(e.operation, e.record_ids) for e in entries] == [("erase", ("U1",))]
