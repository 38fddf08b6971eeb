"""The server's settings, read from the environment once, when the app is
built.

``PARTNERGRAPH_ENV`` is ``development`` (the default), ``demo`` or
``production``. Production turns off GraphQL introspection and the
explorer page, so the server does not describe its API to any client.
The GraphQL limits each have a variable of their own; every value is
checked, and an invalid one stops the server from starting.
``PARTNERGRAPH_AUTH=required`` makes every GraphQL request carry a user's
token (``api.auth``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from graph.errors import ConfigurationError

ENVIRONMENTS = ("development", "demo", "production")
# NOTE: "off" is the default only until every role's view is in place;
# until then a token grants all access.
AUTH_MODES = ("off", "required")

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
    auth = environ.get("PARTNERGRAPH_AUTH", "").strip() or "off"
    if auth not in AUTH_MODES:
        raise ConfigurationError(
            f"invalid PARTNERGRAPH_AUTH {auth!r}: expected one of "
            f"{', '.join(AUTH_MODES)}"
        )
    config: dict[str, Any] = {
        "PARTNERGRAPH_ENV": env,
        "GRAPHQL_INTROSPECTION": env != "production",
        "AUTH_REQUIRED": auth == "required",
    }
    for key, (variable, default) in LIMITS.items():
        config[key] = _positive_int(environ, variable, default)
    return config


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
