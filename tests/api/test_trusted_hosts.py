"""The server accepts requests only for trusted host names."""

from __future__ import annotations

import pytest

from api.app import create_app, trusted_hosts
from tests.api.clients import client_of


@pytest.fixture
def client(tmp_path, small_dataset):
    from graph.stores import open_store

    url = f"sqlite:///{tmp_path / 'hosts.db'}"
    with open_store(url) as store:
        store.import_dataset(small_dataset)
    return client_of(create_app({"DATABASE": url, "TESTING": True}))


QUERY = {"query": 'query One { participant(id: "U1") { id gender } }'}


def test_loopback_host_is_answered(client):
    response = client.post("/graphql", json=QUERY, headers={"Host": "127.0.0.1:8000"})
    assert response.status_code == 200
    assert response.get_json()["data"]["participant"]["id"] == "U1"


def test_rebound_host_is_rejected(client):
    response = client.post(
        "/graphql", json=QUERY, headers={"Host": "attacker.example:8000"}
    )
    assert response.status_code == 400
    assert b"U1" not in response.data


def test_trusted_hosts_setting(monkeypatch):
    monkeypatch.setenv("PARTNERGRAPH_TRUSTED_HOSTS", "jobs.example.org, 10.0.0.5")
    assert trusted_hosts() == ["jobs.example.org", "10.0.0.5"]
    assert trusted_hosts(extra="0.0.0.0") == ["jobs.example.org", "10.0.0.5"]


def test_served_host_is_trusted(monkeypatch):
    monkeypatch.delenv("PARTNERGRAPH_TRUSTED_HOSTS", raising=False)
    assert "192.0.2.7" in trusted_hosts(extra="192.0.2.7")
    assert "localhost" in trusted_hosts()
