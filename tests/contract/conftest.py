"""Fixtures of the contract suite: an empty database per test, on each
store in turn."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graph.neo4j import Neo4jStore
from graph.store import Store
from graph.stores import open_store


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def open_same_store(request, tmp_path) -> Callable[[], Store]:
    """Return a function that opens another connection to this test's
    empty database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'partnergraph.db'}"
        return lambda: open_store(url)
    server = request.getfixturevalue("neo4j_empty")
    return lambda: Neo4jStore(server.uri, auth=server.auth)


@pytest.fixture
def store(open_same_store):
    with open_same_store() as opened:
        yield opened
