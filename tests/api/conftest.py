"""An empty database for the API tests, on each store in turn."""

from __future__ import annotations

import pytest


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
