"""Eastbank on each store, with one user of each role and a client that
sends that user's token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from api.app import create_app
from graph.access.users import create_user
from graph.stores import open_store
from tests.access.eastbank import DATASET

# The users of each test: a role, and the partner of a partner user.
USERS = {
    "admin": ("admin", None),
    "partner": ("partner", "B"),
    "partner of A": ("partner", "A"),
    "facilitator": ("facilitator", None),
    "funder": ("funder", None),
}


@dataclass
class Partnership:
    """Eastbank in one database, its users' tokens, and clients for them."""

    url: str
    tokens: dict[str, str]

    def client(self, user: str) -> Any:
        app = create_app({"DATABASE": self.url, "TESTING": True})
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[user]}"
        return client

    def __post_init__(self) -> None:
        self._clients: dict[str, Any] = {}

    def query(self, user: str, query: str, **variables: Any) -> dict[str, Any]:
        """Send ``query`` as ``user`` and return the response body."""
        if user not in self._clients:
            self._clients[user] = self.client(user)
        response = self._clients[user].post(
            "/graphql", json={"query": query, "variables": variables}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()


def load_eastbank(url: str) -> Partnership:
    now = datetime.now(UTC)
    tokens = {}
    with open_store(url) as store:
        store.import_dataset(DATASET)
        for name, (role, partner_id) in USERS.items():
            _user, tokens[name] = create_user(
                store, name.title(), role, now, partner_id=partner_id
            )
    return Partnership(url, tokens)


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def eastbank(request, tmp_path, monkeypatch) -> Partnership:
    """Eastbank in an empty SQLite file, then in an empty Neo4j database."""
    if request.param == "sqlite":
        return load_eastbank("sqlite:///" + str(tmp_path / "eastbank.db"))
    server = request.getfixturevalue("neo4j_empty")
    if server.auth is not None:
        monkeypatch.setenv("NEO4J_USER", server.auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", server.auth[1])
    return load_eastbank(server.uri)
