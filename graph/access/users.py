"""Users and their access tokens.

A user has one role. ``admin`` sets up the partnership and its users,
``partner`` is staff of one partner organisation, ``facilitator`` runs
analyses and workshops across the partnership, and ``funder`` reads
aggregates only. Each user has one token, a random string shown once when
the user is created. The store keeps only the token's SHA-256 hash, so a
copy of the database gives no working token: the tokens are random and
long, so a fast hash is enough, unlike for passwords people choose.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from graph.errors import FieldProblem, InvalidRecordError, NotFoundError

ROLES = ("admin", "partner", "facilitator", "funder")
TOKEN_PREFIX = "pg_"
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class User:
    """A person or program that may call partnergraph, with one role.

    ``partner_id`` is the partner organisation of a ``partner`` user and
    ``None`` for every other role. Times are timezone-aware, in UTC.
    """

    id: str
    name: str
    role: str
    token_hash: str
    created_at: datetime
    partner_id: str | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None

    def is_active(self, now: datetime) -> bool:
        """Return whether the user's token is accepted at ``now``."""
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.expires_at is None or now < self.expires_at


def new_token() -> str:
    """Return a new random access token: 256 bits, URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Return the hex SHA-256 of ``token``, the form the store keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(
    store: UserStore,
    name: str,
    role: str,
    now: datetime,
    partner_id: str | None = None,
    expires_at: datetime | None = None,
) -> tuple[User, str]:
    """Save a new user and return it with its token, which is not stored
    and cannot be shown again.

    Raises InvalidRecordError listing every invalid field.
    """
    problems = []
    name = name.strip()
    if not name:
        problems.append(FieldProblem("name", "missing; give the user's name"))
    elif len(name) > MAX_NAME_LENGTH:
        problems.append(
            FieldProblem("name", f"longer than {MAX_NAME_LENGTH} characters")
        )
    if role not in ROLES:
        problems.append(
            FieldProblem(
                "role", f"unknown role {role!r}; expected one of {', '.join(ROLES)}"
            )
        )
    if role == "partner" and partner_id is None:
        problems.append(
            FieldProblem("partner", "missing; a partner user belongs to a partner")
        )
    if role != "partner" and partner_id is not None:
        problems.append(
            FieldProblem(
                "partner", f"only partner users belong to a partner, not {role}"
            )
        )
    if partner_id is not None and store.get_partner(partner_id) is None:
        problems.append(FieldProblem("partner", f"partner {partner_id!r} not found"))
    if expires_at is not None and expires_at <= now:
        problems.append(
            FieldProblem("expires", f"{expires_at.isoformat()} is not in the future")
        )
    if problems:
        raise InvalidRecordError(problems)

    token = new_token()
    user = User(
        id=uuid.uuid4().hex[:12],
        name=name,
        role=role,
        token_hash=hash_token(token),
        created_at=now,
        partner_id=partner_id,
        expires_at=expires_at,
    )
    store.save_user(user)
    return user, token


def authenticate(store: UserStore, token: str, now: datetime) -> User | None:
    """Return the active user whose token is ``token``, or ``None``."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    user = store.user_by_token_hash(hash_token(token))
    if user is None or not user.is_active(now):
        return None
    return user


def revoke_user(store: UserStore, user_id: str, now: datetime) -> User:
    """Revoke the token of the user ``user_id`` from ``now`` on and return
    the user; revoking again keeps the first time. Raises NotFoundError."""
    user = store.get_user(user_id)
    if user is None:
        raise NotFoundError("user", user_id)
    if user.revoked_at is not None:
        return user
    revoked = replace(user, revoked_at=now)
    store.save_user(revoked)
    return revoked


class UserStore(Protocol):
    """The store methods this module uses; every ``graph.store.Store`` has
    them."""

    def get_partner(self, partner_id: str) -> object | None: ...

    def save_user(self, user: User) -> None: ...

    def get_user(self, user_id: str) -> User | None: ...

    def user_by_token_hash(self, token_hash: str) -> User | None: ...
