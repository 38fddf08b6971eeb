"""Who sends each request: a user's access token or a signed-in session.

``load_user`` runs before every request and puts the active ``User`` in
``flask.g.user``. Only ``/healthz``, the login page and the static files are
open to anyone. A request carries one of:

- ``Authorization: Bearer <token>`` with the token of an active user, for
  API clients and scripts, on ``/graphql`` and on the pages alike;
- the session cookie that ``POST /login`` sets (``api.sessions``). On
  ``/graphql`` it counts only together with the header ``X-CSRF-Token``,
  which a page of this server reads from its ``csrf-token`` meta tag, so a
  form or script on another site cannot use the cookie.

Without valid credentials ``/graphql`` gets 401 and no data, and a page
redirects to the login form. Every form post must carry the session's CSRF
token (Flask-WTF's ``CSRFProtect``). Tokens are never logged, and a rejected
request logs only that it was rejected.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import Flask, flash, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFProtect, validate_csrf
from werkzeug.wrappers import Response
from wtforms import ValidationError

from api import sessions
from api.db import get_store
from api.graphql.errors import error_response
from graph.access.users import authenticate

logger = logging.getLogger(__name__)

CSRF_HEADER = "X-CSRF-Token"
LOGIN_ENDPOINT = "pages.login"
# Endpoints that need no user and open no session: the health check must
# work while the store is down.
OPEN_ENDPOINTS = frozenset({"pages.healthz", "static"})

MISSING_CREDENTIALS = (
    "missing token: send the header Authorization: Bearer <token>, or sign in "
    "at /login in a browser; an administrator creates tokens with "
    "partnergraph users add"
)
INVALID_TOKEN = (
    "invalid token: it is unknown, expired or revoked; ask an administrator "
    "for a new one"
)
SESSION_ENDED = (
    "session ended: it reached its time limit, or the user's token was "
    "revoked or expired; sign in again"
)

_BEARER = "bearer "

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    """Require a user on every request of ``app`` but the open ones, with
    cookie sessions and CSRF checks."""
    sessions.init_app(app)
    # load_user runs the check itself, after it has loaded the signing key.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config["WTF_CSRF_HEADERS"] = [CSRF_HEADER]
    # A CSRF token is valid as long as its session, which SESSION_LIFETIME
    # bounds. Flask-WTF's default of one hour would break an explorer left
    # open.
    app.config["WTF_CSRF_TIME_LIMIT"] = None
    csrf.init_app(app)
    app.before_request(load_user)


def load_user() -> ResponseReturnValue | None:
    """Put the request's user in ``g.user``, or return the response that
    rejects the request.

    ``g.credentials`` is ``"token"`` or ``"session"``, whichever identified
    the user, and ``None`` on open endpoints.
    """
    g.user = None
    g.credentials = None
    if request.routing_exception is not None or request.endpoint in OPEN_ENDPOINTS:
        # A path or method that matches no view gets its 404 or 405, which
        # reveals no data.
        return None

    sessions.load_secret_key()
    is_graphql = request.blueprint == "graphql"
    if not is_graphql:
        # Raises CSRFError (400) for a form post without the session's token.
        csrf.protect()
    if request.endpoint == LOGIN_ENDPOINT:
        return None

    now = datetime.now(UTC)
    token = _bearer_token()
    if token is not None:
        return _accept_token(token, now, is_graphql)
    return _accept_session(now, is_graphql)


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith(_BEARER):
        return None
    return header[len(_BEARER) :].strip()


def _accept_token(token: str, now: datetime, is_graphql: bool) -> Response | None:
    user = authenticate(get_store(), token, now)
    if user is None:
        logger.info(
            "rejected a request to %s with an invalid or expired token", request.path
        )
        return _reject(INVALID_TOKEN, is_graphql)
    g.user = user
    g.credentials = "token"
    return None


def _accept_session(now: datetime, is_graphql: bool) -> Response | None:
    user_id = sessions.session_user_id(now)
    if user_id is None:
        if not sessions.has_session_user():
            return _reject(MISSING_CREDENTIALS, is_graphql)
        sessions.sign_out()
        logger.info("ended a session that reached its time limit")
        return _reject(SESSION_ENDED, is_graphql)

    user = get_store().get_user(user_id)
    if user is None or not user.is_active(now):
        sessions.sign_out()
        logger.info(
            "ended the session of user %s, who is revoked, expired or deleted",
            user_id,
        )
        return _reject(SESSION_ENDED, is_graphql)

    if is_graphql:
        rejected = _check_csrf_header()
        if rejected is not None:
            return rejected
    g.user = user
    g.credentials = "session"
    return None


def _check_csrf_header() -> Response | None:
    header = request.headers.get(CSRF_HEADER)
    try:
        validate_csrf(header)
    except ValidationError as err:
        logger.info("rejected a GraphQL request with a session cookie: %s", err)
        problem = "missing" if not header else "invalid"
        return error_response(
            f"{problem} CSRF token: a request that sends the session cookie "
            f"must send the header {CSRF_HEADER} with the token in the page's "
            "csrf-token meta tag; API clients send Authorization: Bearer "
            "<token> instead",
            403,
        )
    return None


def _reject(message: str, is_graphql: bool) -> Response:
    if is_graphql:
        return error_response(
            message, 401, {"WWW-Authenticate": 'Bearer realm="partnergraph"'}
        )
    if message == SESSION_ENDED:
        flash("Your session has ended. Sign in again.")
    if request.method not in ("GET", "HEAD"):
        return redirect(url_for(LOGIN_ENDPOINT), 303)
    target = request.path
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(url_for(LOGIN_ENDPOINT, next=target))
