"""The ``/graphql`` endpoint: a small Flask view over graphql-core.

POST takes a JSON body ``{"query", "variables", "operationName"}``; GET takes
the same names as query-string parameters and runs queries only, so a link
or an image tag can never change data. A document is parsed with a token
limit, validated with the standard rules and then a depth limit, and run
with a ``RequestContext`` on the request's store.

Settings (Flask config, from ``api.settings``): ``GRAPHQL_MAX_DEPTH`` is
the deepest nesting of fields allowed, ``GRAPHQL_MAX_TOKENS`` the most
lexical tokens a document may have, ``GRAPHQL_MAX_COST`` the highest cost
(``api.graphql.cost``) an operation may have, with ``GRAPHQL_LIST_SIZE``
as the assumed length of a list without ``first``. ``GRAPHQL_INTROSPECTION``
false rejects queries of the schema itself.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, g, request
from graphene.validation import depth_limit_validator
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLFormattedError,
    OperationDefinitionNode,
    OperationType,
    execute_sync,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from werkzeug.exceptions import RequestEntityTooLarge

from api.db import get_store
from api.graphql.context import RequestContext, audit_entries
from api.graphql.cost import operation_cost
from api.graphql.errors import (
    error_response,
    format_errors,
    json_response,
    new_request_id,
)
from api.graphql.guard import GuardMiddleware
from api.graphql.schema import schema
from api.viewer import current_viewer

logger = logging.getLogger(__name__)

# Distinct documents whose parse and validation are remembered. A document
# has at most GRAPHQL_MAX_TOKENS tokens, so this bounds the memory too.
DOCUMENT_CACHE_SIZE = 256

_SUGGESTION = re.compile(r" Did you mean .*\?$")

blueprint = Blueprint("graphql", __name__)


@blueprint.route("/graphql", methods=["GET", "POST"])
def graphql_endpoint() -> Response:
    if request.method == "POST":
        params = _post_params()
    else:
        params = _get_params()
    if isinstance(params, Response):
        return params
    query, variables, operation_name = params

    checked = _checked_document(
        query,
        _setting("GRAPHQL_MAX_TOKENS"),
        _setting("GRAPHQL_MAX_DEPTH"),
        bool(current_app.config["GRAPHQL_INTROSPECTION"]),
    )
    if checked.document is None:
        return json_response({"errors": list(checked.errors)}, 400)
    document = checked.document

    operation = get_operation_ast(document, operation_name)
    if (
        request.method == "GET"
        and operation is not None
        and operation.operation != OperationType.QUERY
    ):
        return error_response(
            f"{operation.operation.value} operations need POST; GET runs queries only",
            405,
            {"Allow": "POST"},
        )
    if checked.errors:
        return json_response({"errors": list(checked.errors)}, 400)

    if operation is not None:
        too_costly = _check_cost(document, operation, variables)
        if too_costly is not None:
            return too_costly
    return _execute(document, variables, operation_name)


@dataclass(frozen=True)
class _Checked:
    """A parsed document and its validation errors, or, when it does not
    parse, no document and the syntax error."""

    document: DocumentNode | None
    errors: tuple[GraphQLFormattedError, ...]


@functools.lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def _checked_document(
    query: str, max_tokens: int, max_depth: int, introspection: bool
) -> _Checked:
    """Parse and validate ``query``, caching the result, because clients
    send the same few operations again and again, and validation costs
    more than running a small query."""
    try:
        document = parse(query, max_tokens=max_tokens)
    except GraphQLError as err:
        return _Checked(None, (err.formatted,))
    rules = list(specified_rules)
    if not introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    errors = validate(schema.graphql_schema, document, rules)
    if not errors:
        # The depth rule runs only on documents the standard rules accept,
        # because it fails on unknown or cyclic fragments.
        depth_rule = depth_limit_validator(max_depth)
        errors = validate(schema.graphql_schema, document, [depth_rule])
    formatted = tuple(error.formatted for error in errors)
    if not introspection:
        # "Did you mean 'name'?" would tell field names to clients that
        # production does not let read the schema.
        formatted = tuple(
            {**error, "message": _SUGGESTION.sub("", error["message"])}  # type: ignore[typeddict-item]
            for error in formatted
        )
    return _Checked(document, formatted)


def _check_cost(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any] | None,
) -> Response | None:
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    cost = operation_cost(
        schema.graphql_schema,
        operation,
        fragments,
        variables,
        _setting("GRAPHQL_LIST_SIZE"),
    )
    limit = _setting("GRAPHQL_MAX_COST")
    if cost <= limit:
        return None
    return error_response(
        f"the query could return about {cost} values, more than the limit of "
        f"{limit}; ask for smaller pages with 'first', or fewer nested lists",
        400,
    )


def _execute(
    document: DocumentNode,
    variables: dict[str, Any] | None,
    operation_name: str | None,
) -> Response:
    request_id = new_request_id()
    try:
        store = get_store()
        context = RequestContext(store, request_id, current_viewer())
        result = execute_sync(
            schema.graphql_schema,
            document,
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
            middleware=[GuardMiddleware()],
        )
        # No data leaves unless its reading was logged.
        store.append_audit(audit_entries(context, g.user))
    except Exception:
        logger.exception("GraphQL request %s failed outside a resolver", request_id)
        return error_response(f"Internal error; request id {request_id}", 500)

    payload: dict[str, Any] = {}
    if result.errors:
        payload["errors"] = format_errors(result.errors, request_id)
    payload["data"] = result.data
    return json_response(payload)


def _post_params() -> tuple[str, dict[str, Any] | None, str | None] | Response:
    if not request.is_json:
        return error_response(
            "expected a JSON body with the header Content-Type: application/json",
            415,
        )
    try:
        text = request.get_data(as_text=True)
    except RequestEntityTooLarge:
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        return error_response(
            f"the request body is larger than the limit of {limit} bytes", 413
        )
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        # RecursionError: arrays or objects nested thousands deep.
        return error_response("the request body is not valid JSON", 400)
    if not isinstance(body, dict):
        return error_response(
            'expected a JSON object such as {"query": "{ partners { id } }"}', 400
        )
    return _check_params(
        body.get("query"), body.get("variables"), body.get("operationName")
    )


def _get_params() -> tuple[str, dict[str, Any] | None, str | None] | Response:
    variables: Any = request.args.get("variables")
    if variables:
        try:
            variables = json.loads(variables)
        except (ValueError, RecursionError):
            return error_response("'variables' is not valid JSON", 400)
    return _check_params(
        request.args.get("query"), variables or None, request.args.get("operationName")
    )


def _check_params(
    query: Any, variables: Any, operation_name: Any
) -> tuple[str, dict[str, Any] | None, str | None] | Response:
    if not isinstance(query, str) or not query.strip():
        return error_response(
            "missing 'query': send a GraphQL document as a string", 400
        )
    if variables is not None and not isinstance(variables, dict):
        return error_response("'variables' must be a JSON object", 400)
    if operation_name is not None and not isinstance(operation_name, str):
        return error_response("'operationName' must be a string", 400)
    return query, variables, operation_name


def _setting(name: str) -> int:
    return int(current_app.config[name])
