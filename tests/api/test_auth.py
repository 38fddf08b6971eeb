"""Bearer tokens on /graphql, on each store, when PARTNERGRAPH_AUTH is
required."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from api.app import create_app
from graph.access.users import create_user, revoke_user
from graph.stores import open_store
from tests.api.test_graphql import DATASET

QUERY = {"query": "query Partners { partners { id } }"}
PARTNERS = {"data": {"partners": [{"id": "P1"}, {"id": "P2"}, {"id": "P3"}]}}


@pytest.fixture
def setup(empty_database_url):
    now = datetime.now(UTC)
    with open_store(empty_database_url) as store:
        store.import_dataset(DATASET)
        _user, token = create_user(store, "Kofi", "facilitator", now)
        revoked, revoked_token = create_user(store, "Fay", "funder", now)
        revoke_user(store, revoked.id, now)
    app = create_app(
        {"DATABASE": empty_database_url, "TESTING": True, "AUTH_REQUIRED": True}
    )
    return app.test_client(), token, revoked_token


def test_valid_token_gets_data(setup):
    client, token, _revoked = setup

    response = client.post(
        "/graphql", json=QUERY, headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 200
    assert response.get_json() == PARTNERS


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "missing token"),
        ("Basic a2Vybjpwdw==", "missing token"),
        ("Bearer pg_not-a-real-token", "invalid token"),
        ("Bearer ", "invalid token"),
    ],
)
def test_bad_or_missing_token_gets_401(setup, header, message, caplog):
    client, token, _revoked = setup
    headers = {"Authorization": header} if header is not None else {}
    caplog.set_level(logging.DEBUG)

    response = client.post("/graphql", json=QUERY, headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="partnergraph"'
    body = response.get_json()
    assert list(body) == ["errors"]
    assert body["errors"][0]["message"].startswith(message)
    assert "pg_not-a-real-token" not in caplog.text


def test_revoked_token_gets_401(setup):
    client, _token, revoked_token = setup

    response = client.post(
        "/graphql", json=QUERY, headers={"Authorization": f"Bearer {revoked_token}"}
    )

    assert response.status_code == 401


def test_tokens_are_not_checked_when_auth_is_off(empty_database_url):
    with open_store(empty_database_url) as store:
        store.import_dataset(DATASET)
    client = create_app({"DATABASE": empty_database_url, "TESTING": True}).test_client()

    assert client.post("/graphql", json=QUERY).get_json() == PARTNERS


def test_health_check_needs_no_token(setup):
    client, _token, _revoked = setup

    assert client.get("/healthz").status_code == 200
