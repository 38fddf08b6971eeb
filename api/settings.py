"""The server's settings, read from the environment once, when the app is
built.

``PARTNERGRAPH_ENV`` is ``development`` (the default), ``demo`` or
``production``. Production turns off GraphQL introspection and the
explorer page, so the server does not describe its API to any client.
The GraphQL limits each have a variable of their own; every value is
checked, and an invalid one stops the server from starting.
Every request needs a user (``api.auth``); production also marks the
session cookie Secure.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from graph.errors import ConfigurationError

ENVIRONMENTS = ("development", "demo", "production")

# Config key, environment variable and default of each whole-number limit.
# The defaults allow the explorer's sample query and graphql-core's full
# introspection query, with room to spare, and bound what one request costs.
LIMITS = {
    "MAX_CONTENT_LENGTH": ("PARTNERGRAPH_MAX_BODY_BYTES", 1_000_000),
    "GRAPHQL_MAX_DEPTH": ("PARTNERGRAPH_GRAPHQL_MAX_DEPTH", 10),
    "GRAPHQL_MAX_TOKENS": ("PARTNERGRAPH_GRAPHQL_MAX_TOKENS", 2000),
    "GRAPHQL_MAX_COST": ("PARTNERGRAPH_GRAPHQL_MAX_COST", 200_000),
    "GRAPHQL_LIST_SIZE": ("PARTNERGRAPH_GRAPHQL_LIST_SIZE", 50),
}


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the Flask config values the environment sets; raise
    ConfigurationError naming the variable and value when one is invalid."""
    environ = os.environ if environ is None else environ
    env = environ.get("PARTNERGRAPH_ENV", "").strip() or "development"
    if env not in ENVIRONMENTS:
        raise ConfigurationError(
            f"invalid PARTNERGRAPH_ENV {env!r}: expected one of "
            f"{', '.join(ENVIRONMENTS)}"
        )
    _check_auth_setting(environ)
    config: dict[str, Any] = {
        "PARTNERGRAPH_ENV": env,
        "GRAPHQL_INTROSPECTION": env != "production",
        # Behind a proxy that terminates TLS the server receives plain HTTP,
        # so production marks the cookie Secure whatever the request's scheme.
        "SESSION_COOKIE_SECURE": env == "production",
    }
    for key, (variable, default) in LIMITS.items():
        config[key] = _positive_int(environ, variable, default)
    return config


def _check_auth_setting(environ: Mapping[str, str]) -> None:
    """Raise ConfigurationError when ``PARTNERGRAPH_AUTH`` is set to anything
    but ``required``, the only mode left, so an old ``off`` cannot pass
    unnoticed."""
    auth = environ.get("PARTNERGRAPH_AUTH", "").strip()
    if auth in ("", "required"):
        return
    if auth == "off":
        raise ConfigurationError(
            "PARTNERGRAPH_AUTH=off is no longer supported: every request now "
            "needs a user's token or a signed-in session. Remove the variable "
            "and create users with: partnergraph users add"
        )
    raise ConfigurationError(
        f"invalid PARTNERGRAPH_AUTH {auth!r}: authentication is always on, so "
        "remove the variable"
    )


def _positive_int(environ: Mapping[str, str], variable: str, default: int) -> int:
    text = environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigurationError(
            f"invalid {variable} {text!r}: expected a whole number of 1 or more"
        )
    return value
