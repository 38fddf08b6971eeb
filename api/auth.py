"""Bearer tokens on the GraphQL endpoint.

With ``AUTH_REQUIRED`` set, a request to ``/graphql`` must carry
``Authorization: Bearer <token>`` with the token of an active user, or it
gets 401 and no data. The user goes into ``flask.g.user`` for the request.
The token is never logged; a rejected request logs only that it was.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import Response, current_app, g, request

from api.db import get_store
from api.graphql.errors import error_response
from graph.access.users import authenticate

logger = logging.getLogger(__name__)

_SCHEME = "bearer "


def require_user() -> Response | None:
    """Return a 401 response unless the request carries an active user's
    token; run before each request of the GraphQL blueprint."""
    g.user = None
    if not current_app.config.get("AUTH_REQUIRED"):
        return None
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith(_SCHEME):
        return _unauthorised(
            "missing token: send the header Authorization: Bearer <token>; "
            "an administrator creates tokens with partnergraph users add"
        )
    user = authenticate(get_store(), header[len(_SCHEME) :].strip(), datetime.now(UTC))
    if user is None:
        logger.info("rejected a GraphQL request with an invalid or expired token")
        return _unauthorised(
            "invalid token: it is unknown, expired or revoked; ask an "
            "administrator for a new one"
        )
    g.user = user
    return None


def _unauthorised(message: str) -> Response:
    return error_response(
        message, 401, {"WWW-Authenticate": 'Bearer realm="partnergraph"'}
    )
