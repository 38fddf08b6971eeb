"""The login form, sign-in with an access token, and sign-out.

``api.auth`` checks the CSRF token of both form posts before these views
run. A failed sign-in gets one generic message, whatever the reason, and
the log records only that a sign-in failed.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import (
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from api import sessions
from api.db import get_store
from api.login_limits import FailedLoginLimiter
from api.pages.views import html_response
from graph.access.users import authenticate

logger = logging.getLogger(__name__)

# Defaults of the config keys LOGIN_MAX_FAILURES and
# LOGIN_FAILURE_WINDOW_SECONDS: failed sign-ins allowed per client address
# within the window.
MAX_FAILURES = 10
FAILURE_WINDOW_SECONDS = 60

# Longer "next" values are ignored, because no page of this server needs more.
MAX_NEXT_LENGTH = 2000

FAILED_MESSAGE = (
    "Sign-in failed: the token is not valid. Check that you pasted the whole "
    "token, or ask an administrator for a new one."
)

_LIMITER_KEY = "partnergraph.login_limiter"


def login() -> ResponseReturnValue:
    """Show the login form, or sign in with the posted token."""
    next_path = safe_next_path(request.values.get("next"))
    if request.method == "GET":
        return _form(next_path)

    limiter = _limiter()
    # NOTE: behind a reverse proxy remote_addr is the proxy's address, so all
    # clients share one limit there.
    address = request.remote_addr or "unknown"
    wait = limiter.retry_after(address, time.monotonic())
    if wait is not None:
        response = _form(
            next_path,
            f"Too many failed sign-ins from your address. Wait {wait} seconds "
            "and try again.",
            429,
        )
        response.headers["Retry-After"] = str(wait)
        return response

    now = datetime.now(UTC)
    user = authenticate(get_store(), request.form.get("token", "").strip(), now)
    if user is None:
        logger.info("a sign-in failed")
        if limiter.record_failure(address, time.monotonic()):
            logger.warning(
                "blocked sign-ins from one address after %d failures within %d s",
                limiter.max_failures,
                limiter.window_seconds,
            )
        response = _form(next_path, FAILED_MESSAGE, 401)
        response.headers["WWW-Authenticate"] = 'Bearer realm="partnergraph"'
        return response

    sessions.sign_in(user, now)
    logger.info("user %s signed in", user.id)
    return redirect(next_path, 303)


def logout() -> ResponseReturnValue:
    """End the session and go back to the login form."""
    sessions.sign_out()
    if g.user is not None:
        logger.info("user %s signed out", g.user.id)
    flash("You are signed out.")
    return redirect(url_for("pages.login"), 303)


def safe_next_path(target: str | None) -> str:
    """Return ``target`` when it is a path on this server, else ``"/"``.

    Rejects absolute URLs, protocol-relative ``//host`` paths, backslashes
    (which some browsers read as ``/``) and control characters, so a link
    to the login form cannot send the user to another site after sign-in.
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return "/"
    if not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path in ("/login", "/logout"):
        return "/"
    return target


def _form(next_path: str, error: str | None = None, status: int = 200) -> Response:
    minutes = int(current_app.permanent_session_lifetime.total_seconds() // 60)
    if minutes % 60 == 0:
        lifetime = f"{minutes // 60} hours"
    else:
        lifetime = f"{minutes} minutes"
    page = render_template(
        "login.html", next_path=next_path, error=error, lifetime=lifetime
    )
    return html_response(page, status=status)


def _limiter() -> FailedLoginLimiter:
    extensions = current_app.extensions
    limiter = extensions.get(_LIMITER_KEY)
    if limiter is None:
        config = current_app.config
        created = FailedLoginLimiter(
            config.get("LOGIN_MAX_FAILURES", MAX_FAILURES),
            config.get("LOGIN_FAILURE_WINDOW_SECONDS", FAILURE_WINDOW_SECONDS),
        )
        # setdefault keeps the first limiter when two threads create one.
        limiter = extensions.setdefault(_LIMITER_KEY, created)
    return limiter
