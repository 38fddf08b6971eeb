"""The Flask application factory."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from api import auth, db, settings
from api.sessions import SESSION_LIFETIME

logger = logging.getLogger(__name__)

# Host names the server accepts unless PARTNERGRAPH_TRUSTED_HOSTS sets
# others. Checking the Host header stops a web page that rebinds its own
# domain to 127.0.0.1 from reading the API through the user's browser.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def trusted_hosts(extra: str | None = None) -> list[str]:
    """Return the host names to accept: ``PARTNERGRAPH_TRUSTED_HOSTS``
    (comma-separated) if set, else the loopback names, plus ``extra``."""
    setting = os.environ.get("PARTNERGRAPH_TRUSTED_HOSTS", "")
    hosts = [name.strip() for name in setting.split(",") if name.strip()]
    hosts = hosts or list(LOOPBACK_HOSTS)
    if extra and extra not in ("0.0.0.0", "::") and extra not in hosts:
        hosts.append(extra)
    return hosts


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application.

    The store comes from ``PARTNERGRAPH_DATABASE`` and the limits from the
    variables ``api.settings`` reads, unless ``test_config`` overrides them.
    Every request but the open ones needs a user (``api.auth``).
    Raises ConfigurationError when a variable is invalid.
    """
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE=os.environ.get("PARTNERGRAPH_DATABASE"),
        TRUSTED_HOSTS=trusted_hosts(),
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        **settings.from_environment(),
    )
    if test_config is not None:
        app.config.update(test_config)

    db.init_app(app)
    auth.init_app(app)

    from api.graphql.view import blueprint as graphql_blueprint
    from api.pages import blueprint as pages_blueprint

    app.register_blueprint(graphql_blueprint)
    app.register_blueprint(pages_blueprint)
    return app
