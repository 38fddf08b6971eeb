"""Flask test clients that send a user's token with every request.

Every request but ``/healthz``, the login form and static files needs a
user, so tests that talk to the app use these helpers. The user is created
directly in the store, as ``partnergraph users add`` would.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from api.app import create_app
from graph.access.users import create_user
from graph.stores import open_store


def add_user(
    database_url: str, role: str = "admin", partner_id: str | None = None
) -> str:
    """Create a user of ``role`` in the store at ``database_url`` and return
    its token. A ``partner`` user needs the ``partner_id`` of a stored
    partner."""
    with open_store(database_url) as store:
        _user, token = create_user(
            store, f"Test {role}", role, datetime.now(UTC), partner_id=partner_id
        )
    return token


def client_of(
    app: Flask, role: str = "admin", partner_id: str | None = None
) -> FlaskClient:
    """Return a test client of ``app`` whose every request carries the token
    of a new user of ``role`` in the app's store."""
    token = add_user(app.config["DATABASE"], role, partner_id)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + token
    return client


def client_for(
    database_url: str,
    role: str = "admin",
    partner_id: str | None = None,
    **config: Any,
) -> FlaskClient:
    """Return a test client of a new testing app on ``database_url``, with
    ``config`` added, signed in as a new user of ``role``."""
    app = create_app({"DATABASE": database_url, "TESTING": True, **config})
    return client_of(app, role, partner_id)
