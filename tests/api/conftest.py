"""An empty database for the API tests, on each store in turn, and the
Riverside partnership that the mutation tests write into."""

from __future__ import annotations

import pytest

from api.app import create_app
from graph.stores import open_store
from tests.api.clients import client_of
from tests.api.mutation_support import DATASET


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def empty_database_url(request, tmp_path, monkeypatch) -> str:
    """Return the URL of an empty SQLite file, then of an empty Neo4j
    database, with Neo4j's credentials in the environment."""
    if request.param == "sqlite":
        return "sqlite:///" + str(tmp_path / "t.db")
    server = request.getfixturevalue("neo4j_empty")
    if server.auth is not None:
        monkeypatch.setenv("NEO4J_USER", server.auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", server.auth[1])
    return server.uri


@pytest.fixture
def mutation_database_url(empty_database_url) -> str:
    """Return the URL of a database holding the Riverside partnership of
    ``tests/api/mutation_support.py``."""
    with open_store(empty_database_url) as store:
        store.import_dataset(DATASET)
    return empty_database_url


@pytest.fixture
def mutation_client(mutation_database_url):
    """Return a test client of an app on the Riverside partnership."""
    app = create_app({"DATABASE": mutation_database_url, "TESTING": True})
    return client_of(app)


@pytest.fixture
def record_counts(mutation_database_url):
    """Return a function that reads the store's record counts."""

    def count() -> dict[str, int]:
        with open_store(mutation_database_url) as store:
            return store.count_records()

    return count
