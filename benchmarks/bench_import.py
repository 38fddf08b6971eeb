"""Import throughput of both stores, against the floor of a bare write.

For samples of 2,000 and 50,000 participants, times ``import_dataset`` of
the validated records into an empty SQLite file and an empty Neo4j
database, in records per second, and the same rows written the barest way
each database allows: ``executemany`` INSERTs into tables without keys or
indexes for SQLite, and ``UNWIND $rows CREATE`` of unlinked nodes for
Neo4j. The ratio of the two is the store's overhead over that floor.

Neo4j comes from ``NEO4J_BENCH_URI`` (with ``NEO4J_USER`` and
``NEO4J_PASSWORD``) or, without it, from the server the test suite
launches, with a larger heap. Run with ``python -m benchmarks bench_import``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j

from graph.importer import load_dataset
from graph.model import Dataset
from graph.neo4j import Neo4jStore
from graph.neo4j.records import to_row
from graph.sample import write_sample
from graph.sqlite.records import COLUMNS
from graph.sqlite.records import to_row as sqlite_row
from graph.store import RECORD_TYPES
from graph.stores import open_store

SIZES = tuple(int(s) for s in os.environ.get("BENCH_SIZES", "2000,50000").split(","))
PARTNERS = 40
WARM_UP = 200
BATCH = 2000

# The bare floor writes each kind's rows as unlinked nodes of this label.
_BARE_CREATE = {
    "partners": "UNWIND $rows AS row CREATE (n:BarePartner) SET n = row",
    "employers": "UNWIND $rows AS row CREATE (n:BareEmployer) SET n = row",
    "participants": "UNWIND $rows AS row CREATE (n:BareParticipant) SET n = row",
    "referrals": "UNWIND $rows AS row CREATE (n:BareReferral) SET n = row",
    "activities": "UNWIND $rows AS row CREATE (n:BareActivity) SET n = row",
    "outcomes": "UNWIND $rows AS row CREATE (n:BareOutcome) SET n = row",
}


@contextlib.contextmanager
def _neo4j() -> Iterator[tuple[str, tuple[str, str] | None]]:
    uri = os.environ.get("NEO4J_BENCH_URI")
    if uri:
        user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        yield uri, (user, password) if user and password else None
        return
    from tests.neo4j_server import start_server

    with start_server(heap="4g") as server:
        yield server.uri, None


def _records(dataset: Dataset) -> int:
    return sum(len(getattr(dataset, kind)) for kind in RECORD_TYPES)


def _wipe(driver: neo4j.Driver) -> None:
    # CALL ... IN TRANSACTIONS needs an auto-commit transaction: session.run.
    with driver.session() as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def _sqlite_store(dataset: Dataset, folder: Path) -> float:
    with open_store(f"sqlite:///{folder / 'store.db'}") as store:
        start = time.perf_counter()
        store.import_dataset(dataset)
        return time.perf_counter() - start


def _sqlite_floor(dataset: Dataset, folder: Path) -> float:
    connection = sqlite3.connect(folder / "floor.db", isolation_level=None)
    for kind, columns in COLUMNS.items():
        connection.execute(f"CREATE TABLE {kind} ({', '.join(columns)})")
    start = time.perf_counter()
    connection.execute("BEGIN")
    for kind, columns in COLUMNS.items():
        placeholders = ", ".join("?" for _ in columns)
        connection.executemany(
            f"INSERT INTO {kind} VALUES ({placeholders})",
            [sqlite_row(record) for record in getattr(dataset, kind)],
        )
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def _neo4j_store(dataset: Dataset, uri: str, auth: Any, driver: neo4j.Driver) -> float:
    _wipe(driver)
    with Neo4jStore(uri, auth=auth) as store:
        start = time.perf_counter()
        store.import_dataset(dataset)
        return time.perf_counter() - start


def _neo4j_floor(dataset: Dataset, driver: neo4j.Driver) -> float:
    _wipe(driver)
    rows = {
        kind: [
            {**row.pop("properties"), **row}
            for row in (to_row(kind, record) for record in getattr(dataset, kind))
        ]
        for kind in RECORD_TYPES
    }

    def write(tx: neo4j.ManagedTransaction) -> None:
        for kind, kind_rows in rows.items():
            for start in range(0, len(kind_rows), BATCH):
                tx.run(_BARE_CREATE[kind], {"rows": kind_rows[start : start + BATCH]})

    start = time.perf_counter()
    with driver.session() as session:
        session.execute_write(write)
    elapsed = time.perf_counter() - start
    _wipe(driver)
    return elapsed


def main() -> None:
    """Run the benchmark and print a table of records per second."""
    with _neo4j() as (uri, auth), neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        print("participants  records  store   store rec/s  floor rec/s  ratio")
        # The first size only warms up the JVM and the query caches.
        for size in (WARM_UP, *SIZES):
            with tempfile.TemporaryDirectory() as name:
                folder = Path(name)
                write_sample(
                    folder / "sample", seed=7, partners=PARTNERS, participants=size
                )
                dataset = load_dataset(folder / "sample")
                records = _records(dataset)
                timings = {
                    "sqlite": (
                        _sqlite_store(dataset, folder),
                        _sqlite_floor(dataset, folder),
                    ),
                    "neo4j": (
                        _neo4j_store(dataset, uri, auth, driver),
                        _neo4j_floor(dataset, driver),
                    ),
                }
            if size == WARM_UP:
                continue
            for store, (ours, floor) in timings.items():
                print(
                    f"{size:>12,}  {records:>7,}  {store:<6}  "
                    f"{records / ours:>11,.0f}  {records / floor:>11,.0f}  "
                    f"{ours / floor:>5.1f}"
                )
        _wipe(driver)
