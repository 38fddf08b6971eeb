"""Cursor pagination for the connection fields of the schema.

A cursor is the URL-safe base64 of the list's kind and the last record id
on a page, a dot, and an HMAC of both keyed with the partnership's cursor
secret. Clients treat it as opaque, and a cursor of one list is rejected
by another. The store pages by id, and in a date order it finds that
record's date itself, so a cursor a client made up for a record it may not
see would tell it that record's date: the HMAC makes such a cursor
invalid. A feed cursor encodes the last event's date, kind and record id,
the feed's sort key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import UTC, date, datetime
from typing import Any

import graphene
from graphql import GraphQLError

from graph.store import FeedEvent, Page

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


# Bytes of the HMAC-SHA256 a cursor keeps: 96 bits.
_MAC_BYTES = 12


def encode_cursor(kind: str, key: str, secret: bytes) -> str:
    """Return the cursor of ``key``, a record id or a feed event's sort key,
    in a list of ``kind``, signed with ``secret``."""
    text = f"{kind}:{key}".encode()
    mac = hmac.new(secret, text, hashlib.sha256).digest()[:_MAC_BYTES]
    return (
        base64.urlsafe_b64encode(text).decode("ascii")
        + "."
        + base64.urlsafe_b64encode(mac).decode("ascii")
    )


def decode_cursor(cursor: str | None, kind: str, secret: bytes) -> str | None:
    """Return the key in ``cursor``; raise ``GraphQLError`` when it is not a
    cursor this API made for a list of ``kind``."""
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.partition(".")[0].encode("ascii"))
        key = text.decode("utf-8").partition(":")[2]
    except (UnicodeError, binascii.Error, ValueError) as err:
        raise _invalid_cursor(cursor) from err
    # Only the cursor this API makes for the kind and key is valid: the
    # decoder skips characters outside its alphabet, and the HMAC covers
    # the kind and the key.
    if not hmac.compare_digest(encode_cursor(kind, key, secret), cursor):
        raise _invalid_cursor(cursor)
    return key


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


def connection(page: Page[Any], kind: str, secret: bytes) -> dict[str, Any]:
    """Return ``page`` of a list of ``kind`` in the shape of a connection
    type, with cursors signed with ``secret``."""
    edges = [
        {"cursor": encode_cursor(kind, item.id, secret), "node": item}
        for item in page.items
    ]
    end_cursor = edges[-1]["cursor"] if edges else None
    return {
        "edges": edges,
        "page_info": {"has_next_page": page.has_next_page, "end_cursor": end_cursor},
        "total_count": page.total_count,
    }


def encode_feed_cursor(event: FeedEvent, secret: bytes) -> str:
    key = json.dumps([event.on.isoformat(), event.kind, event.record_id])
    return encode_cursor("feed", key, secret)


def decode_feed_cursor(cursor: str | None, secret: bytes) -> FeedEvent | None:
    """Return an event with the sort key in ``cursor``, enough to continue
    the feed after it.

    Raises ``GraphQLError`` when it is not a feed cursor this API made.
    """
    text = decode_cursor(cursor, "feed", secret)
    if text is None:
        return None
    try:
        on, kind, record_id = json.loads(text)
        day = date.fromisoformat(on)
    except (ValueError, TypeError) as err:
        raise _invalid_cursor(cursor or "") from err
    if not isinstance(kind, str) or not isinstance(record_id, str):
        raise _invalid_cursor(cursor or "")
    return FeedEvent(day, kind, record_id, participant_id="", partner_id="")


def feed_connection(
    events: list[FeedEvent], first: int, secret: bytes
) -> dict[str, Any]:
    """Return the first ``first`` of ``events``, fetched one longer than a
    page, in the shape of a connection type."""
    edges = [
        {"cursor": encode_feed_cursor(event, secret), "node": event}
        for event in events[:first]
    ]
    end_cursor = edges[-1]["cursor"] if edges else None
    return {
        "edges": edges,
        "page_info": {"has_next_page": len(events) > first, "end_cursor": end_cursor},
        "as_of": datetime.now(UTC).replace(microsecond=0),
    }


ListOrder = graphene.Enum(
    "ListOrder",
    [("ID", "id"), ("OLDEST", "oldest"), ("NEWEST", "newest")],
    description="ID orders by record id; OLDEST and NEWEST by the record's "
    "date (made, took place or achieved), then id.",
)


def order_value(order: Any) -> str:
    """Return the store's name of a ``ListOrder`` argument."""
    return str(getattr(order, "value", order))


def page_arguments(**extra: Any) -> dict[str, Any]:
    """Return the arguments of a connection field: ``first``, ``after`` and
    ``extra``."""
    return {
        "first": graphene.Int(
            default_value=DEFAULT_PAGE_SIZE,
            description=f"Page size, from 1 to {MAX_PAGE_SIZE}.",
        ),
        "after": graphene.String(
            description="The endCursor of the previous page; omit for the first."
        ),
        **extra,
    }


def window_arguments() -> dict[str, Any]:
    """Return the ``since`` and ``until`` arguments of a date window."""
    return {
        "since": graphene.Date(description="First day of the window, inclusive."),
        "until": graphene.Date(description="Last day of the window, inclusive."),
    }
