"""Moving a partnership into and out of Neo4j with ``partnergraph migrate``
and ``partnergraph export``, on a real server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from api.cli import cli
from graph.access.audit import AuditEntry
from graph.access.users import authenticate, create_user
from graph.migration import read_audit_log
from graph.stores import open_store
from graph.transfer import read_dataset

pytestmark = pytest.mark.neo4j

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def neo4j_url(neo4j_empty, monkeypatch):
    if neo4j_empty.auth is not None:
        monkeypatch.setenv("NEO4J_USER", neo4j_empty.auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", neo4j_empty.auth[1])
    # neo4j:// asks the server for a routing table; bolt:// would not.
    return neo4j_empty.uri.replace("bolt://", "neo4j://", 1)


@pytest.fixture
def sqlite_url(tmp_path, small_dataset):
    url = f"sqlite:///{tmp_path / 'source.db'}"
    with open_store(url) as store:
        store.import_dataset(small_dataset)
    return url


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["-q", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_migrate_sqlite_to_neo4j(sqlite_url, neo4j_url, small_dataset):
    _run("--database", sqlite_url, "migrate", "--to", neo4j_url)

    with open_store(neo4j_url) as store:
        copied = read_dataset(store)
    with open_store(sqlite_url) as store:
        original = read_dataset(store)
    assert copied == original
    assert len(copied.referrals) == len(small_dataset.referrals)


def test_migrate_neo4j_back_to_sqlite(sqlite_url, neo4j_url, tmp_path):
    _run("--database", sqlite_url, "migrate", "--to", neo4j_url)
    back = f"sqlite:///{tmp_path / 'back.db'}"

    _run("--database", neo4j_url, "migrate", "--to", back)

    with open_store(back) as store:
        returned = read_dataset(store)
    with open_store(sqlite_url) as store:
        assert returned == read_dataset(store)


def test_export_from_neo4j_reimports_unchanged(sqlite_url, neo4j_url, tmp_path):
    _run("--database", sqlite_url, "migrate", "--to", neo4j_url)
    folder = tmp_path / "export"

    _run("--database", neo4j_url, "export", str(folder))
    output = _run("--database", neo4j_url, "import", str(folder))

    assert "0 created, 0 updated, 31 unchanged" in output


def test_migrate_round_trip_keeps_access(sqlite_url, neo4j_url, tmp_path):
    with open_store(sqlite_url) as store:
        secrets = store.secrets() | {
            "pseudonym": store.secret("pseudonym"),
            "session": store.secret("session"),
        }
        admin, admin_token = create_user(store, "Ada Admin", "admin", NOW)
        partner, partner_token = create_user(
            store, "Pat Partner", "partner", NOW, partner_id="A"
        )
        entries = [
            AuditEntry(NOW, admin.id, "admin", "read", "participants", ("U1", "U2")),
            AuditEntry(
                NOW, partner.id, "partner", "write", "referrals", ("R01",), "r1"
            ),
            # Stamped before the entry appended ahead of it.
            AuditEntry(
                NOW.replace(hour=8), admin.id, "admin", "export", "participants"
            ),
        ]
        store.append_audit(entries)
    back = f"sqlite:///{tmp_path / 'back.db'}"

    _run("--database", sqlite_url, "migrate", "--to", neo4j_url)
    _run("--database", neo4j_url, "migrate", "--to", back)

    for url in (neo4j_url, back):
        with open_store(url) as store:
            assert store.secrets() == secrets, url
            assert authenticate(store, admin_token, NOW) == admin, url
            assert authenticate(store, partner_token, NOW) == partner, url
            assert read_audit_log(store) == entries, url
