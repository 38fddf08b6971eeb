"""Bearer tokens and the open endpoints, on each store: every request but
/healthz, the login form and static files needs a user."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from flask import g, jsonify

from api.app import create_app
from graph.access.users import create_user, revoke_user
from graph.stores import open_store
from tests.api.test_graphql import DATASET

QUERY = {"query": "query Partners { partners { id } }"}
PARTNERS = {"data": {"partners": [{"id": "P1"}, {"id": "P2"}, {"id": "P3"}]}}
PAGES = ["/", "/dashboard", "/map", "/explorer"]


@pytest.fixture
def app(empty_database_url):
    with open_store(empty_database_url) as store:
        store.import_dataset(DATASET)
    app = create_app({"DATABASE": empty_database_url, "TESTING": True})

    @app.route("/whoami")
    def whoami():
        return jsonify({"name": g.user.name, "role": g.user.role})

    return app


@pytest.fixture
def tokens(empty_database_url, app):
    """Return the token of an active facilitator and of a revoked funder."""
    now = datetime.now(UTC)
    with open_store(empty_database_url) as store:
        _user, token = create_user(store, "Kofi", "facilitator", now)
        revoked, revoked_token = create_user(store, "Fay", "funder", now)
        revoke_user(store, revoked.id, now)
    return token, revoked_token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_valid_token_gets_data(app, tokens):
    token, _revoked = tokens

    response = app.test_client().post("/graphql", json=QUERY, headers=_bearer(token))

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
def test_bad_or_missing_token_gets_401(app, tokens, header, message, caplog):
    headers = {"Authorization": header} if header is not None else {}
    caplog.set_level(logging.DEBUG)

    response = app.test_client().post("/graphql", json=QUERY, headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="partnergraph"'
    body = response.get_json()
    assert list(body) == ["errors"]
    assert body["errors"][0]["message"].startswith(message)
    assert "pg_not-a-real-token" not in caplog.text


def test_revoked_token_gets_401(app, tokens):
    _token, revoked_token = tokens

    response = app.test_client().post(
        "/graphql", json=QUERY, headers=_bearer(revoked_token)
    )

    assert response.status_code == 401


def test_token_user_is_in_g(app, tokens):
    token, _revoked = tokens

    response = app.test_client().get("/whoami", headers=_bearer(token))

    assert response.get_json() == {"name": "Kofi", "role": "facilitator"}


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/", "/login?next=/"),
        ("/dashboard", "/login?next=/dashboard"),
        ("/map", "/login?next=/map"),
        ("/explorer", "/login?next=/explorer"),
        ("/whoami", "/login?next=/whoami"),
        ("/dashboard?since=2024-01-01", "/login?next=/dashboard?since%3D2024-01-01"),
    ],
)
def test_page_without_credentials_redirects(app, path, location):
    response = app.test_client().get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == location


@pytest.mark.parametrize("path", PAGES)
def test_page_with_invalid_token_redirects(app, tokens, path):
    _token, revoked_token = tokens

    response = app.test_client().get(path, headers=_bearer(revoked_token))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", PAGES)
def test_pages_accept_bearer_token(app, tokens, path):
    token, _revoked = tokens

    response = app.test_client().get(path, headers=_bearer(token))

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Signed in as <strong>Kofi</strong> (facilitator)" in page
    # A token has no session to end, so there is no sign-out button.
    assert "Sign out" not in page


def test_health_check_needs_no_token(app):
    assert app.test_client().get("/healthz").status_code == 200


def test_login_page_needs_no_token(app):
    response = app.test_client().get("/login")

    assert response.status_code == 200
    assert 'type="password"' in response.get_data(as_text=True)


def test_static_file_needs_no_token(app):
    with app.test_client().get("/static/style.css") as response:
        assert response.status_code == 200


def test_unknown_path_is_404_without_token(app):
    assert app.test_client().get("/no-such-page").status_code == 404
