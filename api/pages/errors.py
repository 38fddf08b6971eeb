"""Error pages: 400 for invalid parameters or a form without its CSRF token,
404, and 500 with a request id.

A client that sends JSON, or prefers JSON to HTML in its ``Accept`` header,
such as the GraphQL explorer, gets ``{"errors": [{"message": ...}]}``
instead of a page.
"""

from __future__ import annotations

import logging
import secrets

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

logger = logging.getLogger(__name__)


def register(blueprint: Blueprint) -> None:
    """Register the error handlers on ``blueprint``.

    The 400 handler applies to the pages' own views. The 404 and 500
    handlers apply to the whole application, because an unknown path
    matches no blueprint.
    """
    blueprint.register_error_handler(400, handle_bad_request)
    blueprint.register_error_handler(CSRFError, handle_csrf_error)
    blueprint.app_errorhandler(404)(handle_not_found)
    blueprint.app_errorhandler(Exception)(handle_exception)


def handle_bad_request(error: HTTPException) -> ResponseReturnValue:
    message = error.description or ""
    # The message quotes at most a short, repr-escaped piece of the query
    # string, such as an invalid date, so it is safe to log.
    logger.info("rejected %s %s: %s", request.method, request.path, message)
    return _error_response(400, "Invalid request", message)


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    # Flask-WTF has logged the reason already.
    message = (
        "The form's security token is missing, invalid or expired. Reload "
        "the page and submit the form again."
    )
    return _error_response(400, "Form expired", message)


def handle_not_found(error: HTTPException) -> ResponseReturnValue:
    message = (
        f"No page exists at {request.path}. Check the address, "
        "or start again from the home page."
    )
    return _error_response(404, "Page not found", message)


def handle_exception(error: Exception) -> ResponseReturnValue:
    """Log an unhandled exception once with a request id and show a plain 500.

    Other HTTP errors keep their own response. As in Flask's own handler,
    the exception is re-raised instead when ``PROPAGATE_EXCEPTIONS`` is set,
    or is unset and the app is in testing or debug mode, so tests and the
    debugger see the traceback.
    """
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return error

    propagate = current_app.config.get("PROPAGATE_EXCEPTIONS")
    if propagate is None:
        propagate = current_app.testing or current_app.debug
    if propagate:
        raise error

    # abort(500) has no original exception, so there is no traceback to log.
    if isinstance(error, InternalServerError):
        cause = error.original_exception
    else:
        cause = error
    request_id = secrets.token_hex(8)
    logger.error(
        "request %s failed: %s %s",
        request_id,
        request.method,
        request.path,
        exc_info=cause,
    )

    message = (
        "Something went wrong on the server and the error was logged. "
        f"If it happens again, give the administrator the request id {request_id}."
    )
    response = _error_response(500, "Internal server error", message, request_id)
    response.headers["X-Request-ID"] = request_id
    return response


def _error_response(
    status: int, title: str, message: str, request_id: str | None = None
) -> Response:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if request.is_json or best == "application/json":
        response = jsonify({"errors": [{"message": message}]})
    else:
        page = render_template(
            "error.html",
            status=status,
            title=title,
            message=message,
            request_id=request_id,
        )
        response = make_response(page)
    response.status_code = status
    return response
