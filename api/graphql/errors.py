"""The JSON error bodies of the GraphQL endpoint, and the masking of
unexpected errors.

Every error body has the GraphQL shape ``{"errors": [{"message": ...}]}``.
Invalid mutation input is not an error here, because mutations return it
as ``InvalidInput`` (``api.graphql.results``). Errors about the request
(``GraphQLError`` and the subclasses of ``PartnergraphError``, such as
``BusyError``) reach the client with their message; ``Forbidden``, for a
field or write the user's role may not have, has the code ``FORBIDDEN``. Any other
exception in a resolver is logged with its traceback and a request id, and
the client gets only that id, so no stack trace or internal message leaks.
``StoreError`` and ``ConfigurationError`` count as other exceptions, because
they describe the server and their messages can contain file paths.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from flask import Response
from graphql import GraphQLError

from graph.access.policy import Forbidden
from graph.errors import (
    BusyError,
    ConfigurationError,
    PartnergraphError,
    StoreError,
)

logger = logging.getLogger(__name__)


def json_response(payload: dict[str, Any], status: int = 200) -> Response:
    """Return ``payload`` as a JSON response, keys in the order given, because
    GraphQL results list fields in the order the query asked for them."""
    return Response(json.dumps(payload), status=status, mimetype="application/json")


def error_response(
    message: str, status: int, headers: dict[str, str] | None = None
) -> Response:
    """Return an error body with one message, for requests that never reach
    GraphQL execution."""
    response = json_response({"errors": [{"message": message}]}, status)
    response.headers.update(headers or {})
    return response


def format_errors(errors: list[GraphQLError], request_id: str) -> list[dict[str, Any]]:
    """Return the client's view of ``errors``, masking unexpected ones."""
    return [_format(error, request_id) for error in errors]


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


# Errors of ours that describe the server rather than the request.
_SERVER_ERRORS = (StoreError, ConfigurationError)


def _format(error: GraphQLError, request_id: str) -> dict[str, Any]:
    original = error.original_error
    if isinstance(original, _SERVER_ERRORS):
        return _masked(error, request_id)
    if isinstance(original, PartnergraphError):
        # Logs the error's class only, because its message may quote a
        # value the user typed.
        logger.info(
            "GraphQL request %s rejected at %s: %s",
            request_id,
            _path(error),
            type(original).__name__,
        )
    if isinstance(original, BusyError):
        return _with(error, str(original), {"code": "BUSY"})
    if isinstance(original, Forbidden):
        return _with(error, str(original), {"code": "FORBIDDEN"})
    if isinstance(original, PartnergraphError):
        return _with(error, str(original), {"code": "BAD_REQUEST"})
    if original is None or isinstance(original, GraphQLError) or error.path is None:
        # Syntax, validation and variable errors carry no path. A GraphQLError
        # that a resolver raised is a message meant for the client.
        return dict(error.formatted)

    return _masked(error, request_id)


def _masked(error: GraphQLError, request_id: str) -> dict[str, Any]:
    logger.error(
        "GraphQL request %s failed at %s",
        request_id,
        _path(error),
        exc_info=error.original_error,
    )
    return _with(
        error,
        f"Internal error; request id {request_id}",
        {"code": "INTERNAL_ERROR", "requestId": request_id},
    )


def _path(error: GraphQLError) -> str:
    return ".".join(str(key) for key in error.path or ())


def _with(
    error: GraphQLError, message: str, extensions: dict[str, Any]
) -> dict[str, Any]:
    formatted: dict[str, Any] = dict(error.formatted)
    formatted["message"] = message
    formatted["extensions"] = extensions
    return formatted
