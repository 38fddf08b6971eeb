"""Browser sessions: a signed cookie that contains the signed-in user's id.

The cookie is Flask's signed session cookie. It contains the user's id, the
time of sign-in and the CSRF token, never the access token. It is HttpOnly,
SameSite=Lax, and Secure when the request came over HTTPS or the server
runs in production. A session lasts at most ``SESSION_LIFETIME`` from
sign-in, however active the user is. The signing key is the store's
``session`` secret, so sessions survive restarts and work in every process
that serves the same store.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, Request, current_app, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from api.db import get_store
from graph.access.users import User

SESSION_LIFETIME = timedelta(hours=8)
COOKIE_NAME = "partnergraph_session"
SECRET_NAME = "session"

_USER_ID = "user_id"
_SIGNED_IN_AT = "signed_in_at"


class StoreKeySessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, signed with the store's secret and
    marked Secure per request.

    The key is read from the store only when a cookie must be read or
    written, so ``/healthz`` and other requests without a cookie work while
    the store is unreachable.
    """

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        load_secret_key(app)
        return super().get_signing_serializer(app)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_app(app: Flask) -> None:
    """Use the store-signed cookie sessions in ``app``, with their flags.

    The lifetime is the config's ``PERMANENT_SESSION_LIFETIME``, which the
    app factory sets to ``SESSION_LIFETIME``.
    """
    app.session_interface = StoreKeySessionInterface()
    app.config["SESSION_COOKIE_NAME"] = COOKIE_NAME
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    # A request does not move the cookie's expiry, because the lifetime
    # counts from sign-in. signed_in_at enforces it on the server too.
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False


def load_secret_key(app: Flask | None = None) -> None:
    """Set the app's ``SECRET_KEY`` from the store's session secret, unless
    it is set already.

    Every thread writes the same value, because the store makes the secret
    once and keeps it, so no lock is needed.
    """
    app = app or current_app
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = get_store().secret(SECRET_NAME)


def sign_in(user: User, now: datetime) -> None:
    """Start a new session for ``user``, dropping everything the old one
    contained, its CSRF token too, so a session id planted before sign-in
    (session fixation) is worth nothing after it."""
    session.clear()
    session.permanent = True
    session[_USER_ID] = user.id
    session[_SIGNED_IN_AT] = int(now.timestamp())


def sign_out() -> None:
    """End the session, so that the response deletes the cookie."""
    # NOTE: the cookie is the whole session, so a copy taken before sign-out
    # stays valid until its lifetime ends, unless the user is revoked.
    session.clear()


def session_user_id(now: datetime) -> str | None:
    """Return the id of the user signed in to this session, or ``None`` when
    no one is or the session is older than its lifetime."""
    user_id = session.get(_USER_ID)
    signed_in_at = session.get(_SIGNED_IN_AT)
    if not isinstance(user_id, str) or not isinstance(signed_in_at, int):
        return None
    lifetime = current_app.permanent_session_lifetime
    if now.timestamp() - signed_in_at >= lifetime.total_seconds():
        return None
    return user_id


def has_session_user() -> bool:
    """Return whether the session names a user, whether still valid or not."""
    return _USER_ID in session
