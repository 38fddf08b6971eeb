"""The users table of the SQLite store.

Times are stored as ISO 8601 text in UTC, so text order is time order.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from graph.access.users import User

COLUMNS = (
    "id",
    "name",
    "role",
    "token_hash",
    "created_at",
    "partner_id",
    "expires_at",
    "revoked_at",
)
SAVE = (
    f"INSERT INTO users ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join(':' + name for name in COLUMNS)}) "
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in COLUMNS[1:])
)
BY_ID = "SELECT * FROM users WHERE id = ?"
BY_TOKEN_HASH = "SELECT * FROM users WHERE token_hash = ?"
ALL = "SELECT * FROM users ORDER BY created_at, id"


def to_row(user: User) -> dict[str, str | None]:
    """Return the column values of ``user``."""
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role,
        "token_hash": user.token_hash,
        "created_at": user.created_at.isoformat(),
        "partner_id": user.partner_id,
        "expires_at": _text(user.expires_at),
        "revoked_at": _text(user.revoked_at),
    }


def from_row(row: sqlite3.Row) -> User:
    """Return the user of a row of the users table."""
    return User(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        token_hash=row["token_hash"],
        created_at=datetime.fromisoformat(row["created_at"]),
        partner_id=row["partner_id"],
        expires_at=_time(row["expires_at"]),
        revoked_at=_time(row["revoked_at"]),
    )


def _text(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
