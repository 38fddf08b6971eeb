"""partnergraph audit: the log as JSON or CSV, filtered, in a private file."""

from __future__ import annotations

import csv
import io
import json
import stat

from click.testing import CliRunner

from api.cli import cli
from tests.access.conftest import load_eastbank


def run(url: str, *arguments: str) -> str:
    result = CliRunner().invoke(cli, ["--database", url, *arguments])
    assert result.exit_code == 0, result.output
    return result.output


def test_audit_lists_reads_and_exports(tmp_path):
    partnership = load_eastbank(f"sqlite:///{tmp_path / 'eastbank.db'}")
    partnership.query("partner", '{ participant(id: "B1") { postcodeDistrict } }')
    run(partnership.url, "export-person", "A1", "--out", str(tmp_path / "a1.json"))

    entries = json.loads(run(partnership.url, "audit"))

    assert [
        (e["role"], e["operation"], e["kind"], e["record_ids"]) for e in entries
    ] == [
        ("partner", "read", "participants", ["B1"]),
        ("admin", "export", "participants", ["A1"]),
    ]
    assert entries[1]["user_id"].startswith("cli:")
    assert "N15" not in json.dumps(entries)


def test_audit_filters_and_csv(tmp_path):
    partnership = load_eastbank(f"sqlite:///{tmp_path / 'eastbank.db'}")
    partnership.query("admin", '{ participant(id: "B1") { id } }')
    partnership.query("admin", '{ participant(id: "B2") { id } }')

    text = run(partnership.url, "audit", "--record", "B2", "--format", "csv")

    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["record_ids"] for row in rows] == ["B2"]
    assert rows[0]["operation"] == "read"


def test_audit_file_is_private_and_new(tmp_path):
    partnership = load_eastbank(f"sqlite:///{tmp_path / 'eastbank.db'}")
    out = tmp_path / "audit.json"

    run(partnership.url, "audit", "--out", str(out))
    again = CliRunner().invoke(
        cli, ["--database", partnership.url, "audit", "--out", str(out)]
    )

    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert again.exit_code == 1
    assert "exists; choose a new file" in again.output
