"""The demo's users: one per role, each with a fresh access token.

``partnergraph demo`` prints the tokens once, on standard output, so the
person who started it can sign in. They are never logged, and the next demo
run replaces the store and with it every token.
"""

from __future__ import annotations

from datetime import datetime

from graph.access.users import User, create_user
from graph.store import Store

ADMIN_NAME = "Demo admin"
FACILITATOR_NAME = "Demo facilitator"
FUNDER_NAME = "Demo funder"


def create_demo_users(store: Store, now: datetime) -> list[tuple[User, str]]:
    """Create an admin, a partner user of the first partner by id (named
    after that partner), a facilitator and a funder, and return each user
    with its token. A store without partners gets no partner user."""
    users = [create_user(store, ADMIN_NAME, "admin", now)]
    partners = store.list_partners()
    if partners:
        first = partners[0]
        users.append(create_user(store, first.name, "partner", now, first.id))
    users.append(create_user(store, FACILITATOR_NAME, "facilitator", now))
    users.append(create_user(store, FUNDER_NAME, "funder", now))
    return users


def users_table(users: list[tuple[User, str]]) -> str:
    """Return a table of role, name and token, one user a line, with a
    header line."""
    rows = [("role", "name", "token")]
    rows += [(user.role, user.name, token) for user, token in users]
    role_width = max(len(row[0]) for row in rows)
    name_width = max(len(row[1]) for row in rows)
    return "\n".join(
        f"  {role:<{role_width}}  {name:<{name_width}}  {token}"
        for role, name, token in rows
    )
