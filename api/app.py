"""The Flask application factory."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from api import db

logger = logging.getLogger(__name__)

DEFAULT_MAX_BODY_BYTES = 1_000_000


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application.

    The store comes from ``PARTNERGRAPH_DATABASE`` unless ``test_config``
    overrides it.
    """
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE=os.environ.get("PARTNERGRAPH_DATABASE"),
        MAX_CONTENT_LENGTH=DEFAULT_MAX_BODY_BYTES,
    )
    if test_config is not None:
        app.config.update(test_config)

    db.init_app(app)

    from api.graphql.view import blueprint as graphql_blueprint
    from api.pages import blueprint as pages_blueprint

    app.register_blueprint(graphql_blueprint)
    app.register_blueprint(pages_blueprint)
    return app
