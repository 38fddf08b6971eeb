"""The login form, browser sessions and CSRF checks, on each store, through
Flask's test client."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from api.app import create_app
from api.pages.login import FAILED_MESSAGE, safe_next_path
from graph.access.users import create_user, revoke_user
from graph.stores import open_store
from tests.api.test_graphql import DATASET

QUERY = {"query": "query Partners { partners { id } }"}
PARTNERS = {"data": {"partners": [{"id": "P1"}, {"id": "P2"}, {"id": "P3"}]}}
COOKIE = "partnergraph_session"
HTTPS = "https://localhost"


@pytest.fixture
def site(empty_database_url):
    """Return the URL of a store with the test partnership and an admin,
    and the admin's token."""
    with open_store(empty_database_url) as store:
        store.import_dataset(DATASET)
        _user, token = create_user(store, "Ada", "admin", datetime.now(UTC))
    return empty_database_url, token


@pytest.fixture
def app(site):
    url, _token = site
    return create_app({"DATABASE": url, "TESTING": True})


@pytest.fixture
def token(site):
    return site[1]


def _csrf_field(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match is not None, page
    return match.group(1)


def _csrf_meta(page: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert match is not None, page
    return match.group(1)


def _sign_in(client, token: str, next_path: str = "/", **request):
    """Open the login form and post ``token`` with its CSRF token."""
    form = client.get("/login", **request).get_data(as_text=True)
    fields = {"csrf_token": _csrf_field(form), "token": token, "next": next_path}
    return client.post("/login", data=fields, **request)


def _signed_in(app, token: str):
    client = app.test_client()
    response = _sign_in(client, token)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def _set_cookie(response) -> str:
    cookies = [
        header
        for header in response.headers.getlist("Set-Cookie")
        if header.startswith(COOKIE + "=")
    ]
    assert len(cookies) == 1, response.headers
    return cookies[0]


# the form


def test_login_form_hides_the_token(app):
    page = app.test_client().get("/login").get_data(as_text=True)

    field = re.search(r'<input id="token"[^>]*>', page)
    assert field is not None
    assert 'type="password"' in field.group(0)
    assert 'autocomplete="off"' in field.group(0)
    assert 'method="post"' in page


# signing in


def test_login_sets_httponly_samesite_cookie(app, token):
    client = app.test_client()

    response = _sign_in(client, token, "/dashboard")

    assert response.status_code == 303
    assert response.headers["Location"] == "/dashboard"
    cookie = _set_cookie(response)
    assert "; HttpOnly" in cookie
    assert "; SameSite=Lax" in cookie
    assert "Expires=" in cookie
    assert "Secure" not in cookie
    with client.session_transaction() as session:
        assert set(session) == {"_permanent", "user_id", "signed_in_at"}
    assert token not in cookie
    assert client.get("/dashboard").status_code == 200


def test_login_over_https_sets_secure_cookie(app, token):
    client = app.test_client()
    # Flask-WTF checks that an HTTPS form post comes from this origin.
    request = {"base_url": HTTPS, "headers": {"Referer": HTTPS + "/login"}}

    response = _sign_in(client, token, **request)

    assert response.status_code == 303
    cookie = _set_cookie(response)
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie


def test_production_cookie_is_secure_over_http(site, monkeypatch):
    url, token = site
    monkeypatch.setenv("PARTNERGRAPH_ENV", "production")
    app = create_app({"DATABASE": url, "TESTING": True})

    response = _sign_in(app.test_client(), token)

    assert "; Secure" in _set_cookie(response)


def test_login_rotates_the_session(app, token):
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    before = client.get_cookie(COOKIE).value
    with client.session_transaction() as session:
        old_csrf = session["csrf_token"]

    client.post("/login", data={"csrf_token": _csrf_field(form), "token": token})
    page = client.get("/").get_data(as_text=True)

    assert client.get_cookie(COOKIE).value != before
    with client.session_transaction() as session:
        assert session["csrf_token"] != old_csrf
    assert _csrf_field(page) != _csrf_field(form)


@pytest.mark.parametrize("wrong", ["pg_not-a-real-token", "", "x" * 300])
def test_wrong_token_gets_generic_error(app, wrong, caplog):
    client = app.test_client()
    caplog.set_level(logging.DEBUG)

    response = _sign_in(client, wrong)

    assert response.status_code == 401
    assert FAILED_MESSAGE in response.get_data(as_text=True)
    assert response.headers.getlist("Set-Cookie") == []
    assert client.get("/").status_code == 302
    assert "a sign-in failed" in caplog.text
    if wrong:
        assert wrong not in caplog.text


def test_revoked_token_gets_the_same_error(app, site):
    url, _token = site
    with open_store(url) as store:
        user, revoked_token = create_user(store, "Fay", "funder", datetime.now(UTC))
        revoke_user(store, user.id, datetime.now(UTC))

    response = _sign_in(app.test_client(), revoked_token)

    assert response.status_code == 401
    assert FAILED_MESSAGE in response.get_data(as_text=True)


def test_header_shows_user_and_sign_out(app, token):
    page = _signed_in(app, token).get("/").get_data(as_text=True)

    assert "Signed in as <strong>Ada</strong> (admin)" in page
    assert 'action="/logout"' in page
    assert "Sign out</button>" in page


def test_map_header_shows_user(app, token):
    page = _signed_in(app, token).get("/map").get_data(as_text=True)

    assert "Signed in as <strong>Ada</strong> (admin)" in page
    assert 'action="/logout"' in page


# the session ends


def test_revoked_user_is_signed_out(app, site):
    url, token = site
    client = _signed_in(app, token)
    assert client.get("/").status_code == 200
    with open_store(url) as store:
        (user,) = [user for user in store.list_users() if user.name == "Ada"]
        revoke_user(store, user.id, datetime.now(UTC))

    response = client.get("/dashboard")
    graphql = client.post("/graphql", json=QUERY)

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/dashboard"
    assert graphql.status_code == 401
    with client.session_transaction() as session:
        assert "user_id" not in session
    login_page = client.get("/login").get_data(as_text=True)
    assert "Your session has ended. Sign in again." in login_page


def test_session_ends_after_its_lifetime(app, token):
    client = _signed_in(app, token)
    nine_hours_ago = datetime.now(UTC) - timedelta(hours=9)
    with client.session_transaction() as session:
        session["signed_in_at"] = int(nine_hours_ago.timestamp())

    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/"


def test_logout_clears_the_session(app, token):
    client = _signed_in(app, token)
    home = client.get("/").get_data(as_text=True)

    response = client.post("/logout", data={"csrf_token": _csrf_field(home)})

    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    with client.session_transaction() as session:
        assert "user_id" not in session
    assert client.get("/").status_code == 302
    assert "You are signed out." in client.get("/login").get_data(as_text=True)


# CSRF


@pytest.mark.parametrize("csrf_token", [None, "", "forged"])
def test_logout_without_csrf_token_is_rejected(app, token, csrf_token):
    client = _signed_in(app, token)
    data = {} if csrf_token is None else {"csrf_token": csrf_token}

    response = client.post("/logout", data=data)

    assert response.status_code == 400
    assert "security token is missing, invalid or expired" in response.get_data(
        as_text=True
    )
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("csrf_token", [None, "forged"])
def test_login_without_csrf_token_is_rejected(app, token, csrf_token):
    client = app.test_client()
    client.get("/login")
    data = {"token": token}
    if csrf_token is not None:
        data["csrf_token"] = csrf_token

    response = client.post("/login", data=data)

    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "user_id" not in session


def test_foreign_csrf_token_is_rejected(app, token):
    other = app.test_client()
    foreign = _csrf_field(other.get("/login").get_data(as_text=True))
    client = app.test_client()
    client.get("/login")

    response = client.post("/login", data={"token": token, "csrf_token": foreign})

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("header", "message"),
    [(None, "missing CSRF token"), ("forged", "invalid CSRF token")],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_graphql_cookie_needs_csrf_header(app, token, header, message, method):
    client = _signed_in(app, token)
    headers = {} if header is None else {"X-CSRF-Token": header}

    if method == "GET":
        response = client.get("/graphql", query_string=QUERY, headers=headers)
    else:
        response = client.post("/graphql", json=QUERY, headers=headers)

    assert response.status_code == 403
    body = response.get_json()
    assert list(body) == ["errors"]
    assert body["errors"][0]["message"].startswith(message)


def test_explorer_fetch_with_cookie(app, token):
    client = _signed_in(app, token)
    explorer = client.get("/explorer").get_data(as_text=True)

    response = client.post(
        "/graphql", json=QUERY, headers={"X-CSRF-Token": _csrf_meta(explorer)}
    )

    assert response.status_code == 200
    assert response.get_json() == PARTNERS


def test_explorer_script_sends_csrf_header(app):
    with app.test_client().get("/static/explorer.js") as response:
        script = response.get_data(as_text=True)

    assert 'meta[name="csrf-token"]' in script
    assert '"X-CSRF-Token": csrfToken' in script


# next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/dashboard?since=2024-03-01", "/dashboard?since=2024-03-01"),
        ("/map", "/map"),
        (None, "/"),
        ("", "/"),
        ("dashboard", "/"),
        ("//evil.example/path", "/"),
        ("///evil.example", "/"),
        ("http://evil.example/", "/"),
        ("https:evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\\evil.example", "/"),
        ("/\\/evil.example", "/"),
        ("/ok\\..", "/"),
        ("/\t/evil.example", "/"),
        ("/login", "/"),
        ("/" + "a" * 2000, "/"),
    ],
)
def test_safe_next_path(target, expected):
    assert safe_next_path(target) == expected


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("/map?since=2024-03-01", "/map?since=2024-03-01"),
        ("//evil.example/", "/"),
        ("http://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_login_redirects_only_to_local_paths(app, token, target, location):
    response = _sign_in(app.test_client(), token, target)

    assert response.status_code == 303
    assert response.headers["Location"] == location


# rate limit


def test_failed_logins_are_rate_limited(site, caplog):
    url, token = site
    app = create_app({"DATABASE": url, "TESTING": True, "LOGIN_MAX_FAILURES": 3})
    client = app.test_client()
    caplog.set_level(logging.INFO)

    failures = [_sign_in(client, "pg_wrong").status_code for _ in range(3)]
    blocked = _sign_in(client, token)
    other_address = _sign_in(
        app.test_client(), token, environ_base={"REMOTE_ADDR": "192.0.2.8"}
    )

    assert failures == [401, 401, 401]
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60
    assert "Too many failed sign-ins from your address" in blocked.get_data(
        as_text=True
    )
    assert _set_cookie_names(blocked) == []
    assert other_address.status_code == 303
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "blocked sign-ins" in warnings[0].getMessage()


def _set_cookie_names(response) -> list[str]:
    return [
        header.split("=", 1)[0] for header in response.headers.getlist("Set-Cookie")
    ]
