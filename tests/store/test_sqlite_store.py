"""The SQLite store's own behaviour: its file, migrations and URLs."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from graph.errors import ConfigurationError, StoreError
from graph.model import Activity, Participant
from graph.sqlite import SqliteStore, aggregates
from graph.sqlite.schema import MIGRATIONS, SCHEMA_VERSION
from graph.sqlite.statements import page_statement
from graph.stores import open_store
from tests.contract import riverside


def test_file_is_wal_with_foreign_keys(tmp_path):
    path = tmp_path / "check.db"
    SqliteStore(path).close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store = SqliteStore(path)
    assert store._connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_newer_schema_is_rejected(tmp_path):
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="upgrade partnergraph"):
        SqliteStore(path)


def test_reopening_keeps_data(tmp_path, small_dataset):
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    with open_store(url) as store:
        store.import_dataset(small_dataset)
    with open_store(url) as store:
        assert store.count_records()["referrals"] == 10


def test_open_store_relative_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///relative.db") as store:
        assert isinstance(store, SqliteStore)
    assert (tmp_path / "relative.db").exists()


def test_open_store_absolute_path(tmp_path):
    url = "sqlite:///" + str(tmp_path / "absolute.db")
    assert url.startswith("sqlite:////")
    open_store(url).close()
    assert (tmp_path / "absolute.db").exists()


def test_open_store_reads_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERGRAPH_DATABASE", f"sqlite:///{tmp_path / 'env.db'}")
    open_store().close()
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("neo4j://someone:secret@localhost:7687", "must not contain a user"),
        ("bolt://localhost:7687/graph", "NEO4J_DATABASE"),
        ("neo4j://127.0.0.1:abc", "port from 1 to 65535"),
        ("neo4j://127.0.0.1:99999", "port from 1 to 65535"),
        ("neo4j://127.0.0.1:0", "port from 1 to 65535"),
        ("neo4j:///", "expected scheme://host:port"),
        ("neo4j://:7687", "expected scheme://host:port"),
        ("postgres://localhost/db", "invalid database URL"),
        ("sqlite:///", "invalid database URL"),
        ("partnergraph.db", "invalid database URL"),
        ("sqlite:///no/such/folder/file.db", "does not exist"),
    ],
)
def test_open_store_rejects(url, message):
    with pytest.raises(ConfigurationError, match=message):
        open_store(url)


def test_non_database_file_is_rejected(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database, just text long enough to be read" * 100)
    with pytest.raises(StoreError, match="not a database"):
        SqliteStore(path)


def test_consent_migration_fills_old_rows(tmp_path):
    path = tmp_path / "version5.db"
    with sqlite3.connect(path) as connection:
        for migration in MIGRATIONS[:5]:
            for statement in migration:
                connection.execute(statement)
        connection.execute("PRAGMA user_version = 5")
        connection.execute("INSERT INTO partners (id, name) VALUES ('P1', 'Lead')")
        connection.execute(
            "INSERT INTO participants (id, partner_id, enrolled_on, consent_to_share) "
            "VALUES ('U1', 'P1', '2024-02-01', 1)"
        )
    connection.close()

    with SqliteStore(path) as store:
        participant = store.get_participant("U1")

    assert participant.consent_to_share is True
    assert participant.consent_recorded_on == date(2024, 2, 1)
    assert participant.consent_recorded_by == "import"


class _WriteBeforeSecondQuery:
    """A connection that runs ``write`` just before the second query of
    ``journey_milestones``, as another program could."""

    def __init__(self, connection: sqlite3.Connection, write) -> None:
        self._connection = connection
        self._write = write

    def execute(self, statement, *parameters):
        if statement is aggregates._COHORT_PARTNERS:
            self._write()
        return self._connection.execute(statement, *parameters)

    def __getattr__(self, name):
        return getattr(self._connection, name)


def test_journey_milestones_read_one_snapshot(tmp_path):
    path = tmp_path / "snapshot.db"
    with SqliteStore(path) as store, SqliteStore(path) as writer:
        store.import_dataset(riverside.DATASET)

        def enrol_and_engage() -> None:
            writer.save(Participant("P9", "A", date(2024, 2, 1)))
            writer.save(
                Activity("K9X", "P9", "A", "mentoring", date(2024, 2, 2), "engagement")
            )

        real = store._connection
        store._connection = _WriteBeforeSecondQuery(real, enrol_and_engage)
        try:
            milestones = store.journey_milestones()
        finally:
            store._connection = real

        # Without one snapshot, P9 would come from the second query alone,
        # enrolled but with no first day at the stage it reached.
        assert len(milestones) == 5
        assert len(store.journey_milestones()) == 6


@pytest.mark.parametrize(
    ("kind", "order", "index", "range_"),
    [
        ("activities", "id", "sqlite_autoindex_activities_1", "(id>?)"),
        ("activities", "oldest", "activities_occurred_on", "((occurred_on,id)>(?,?))"),
        ("referrals", "newest", "referrals_referred_on", "((referred_on,id)<(?,?))"),
        ("outcomes", "id", "sqlite_autoindex_outcomes_1", "(id>?)"),
    ],
)
def test_page_after_cursor_searches_index(store, kind, order, index, range_):
    # A "(:after IS NULL OR ...)" cursor condition made SQLite scan the
    # index from its start, so later pages of a long list took longer.
    statement = page_statement(kind, order, {}, after=True)
    plan = store._connection.execute(
        f"EXPLAIN QUERY PLAN {statement}",
        {"after": "A2", "after_on": "2024-03-01", "limit": 51},
    ).fetchall()
    steps = [row[3] for row in plan]
    assert steps == [f"SEARCH {kind} USING INDEX {index} {range_}"]
