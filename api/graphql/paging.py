"""Cursor pagination for the connection fields of the schema.

A cursor is the URL-safe base64 of the last record id on a page, so clients
treat it as opaque and the store pages by id.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from graphql import GraphQLError

from graph.store import Page

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


def encode_cursor(record_id: str) -> str:
    return base64.urlsafe_b64encode(record_id.encode("utf-8")).decode("ascii")


def decode_cursor(cursor: str | None) -> str | None:
    """Return the record id in ``cursor``; raise ``GraphQLError`` when it is
    not a cursor this API made."""
    if cursor is None:
        return None
    try:
        record_id = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except (UnicodeError, binascii.Error, ValueError) as err:
        raise _invalid_cursor(cursor) from err
    # The decoder skips characters outside the alphabet, so only a cursor
    # that encodes back to itself is one this API made.
    if encode_cursor(record_id) != cursor:
        raise _invalid_cursor(cursor)
    return record_id


def _invalid_cursor(cursor: str) -> GraphQLError:
    return GraphQLError(
        f"invalid cursor {cursor!r} in 'after'; pass the endCursor of an "
        "earlier page, or leave 'after' out to start at the first page",
        extensions={"code": "BAD_REQUEST"},
    )


def check_page_size(first: int) -> int:
    """Return ``first`` when it is an allowed page size, else raise
    ``GraphQLError``."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise GraphQLError(
            f"'first' must be from 1 to {MAX_PAGE_SIZE}, got {first}; "
            "ask for more pages with 'after' instead",
            extensions={"code": "BAD_REQUEST"},
        )
    return first


def connection(page: Page[Any]) -> dict[str, Any]:
    """Return ``page`` in the shape of a connection type."""
    edges = [{"cursor": encode_cursor(item.id), "node": item} for item in page.items]
    end_cursor = edges[-1]["cursor"] if edges else None
    return {
        "edges": edges,
        "page_info": {"has_next_page": page.has_next_page, "end_cursor": end_cursor},
        "total_count": page.total_count,
    }
