"""``partnergraph users``: add, list and revoke the users of the API.

A new user's token is printed once, on standard output, and never logged
or stored: only its hash is kept.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import click

from graph.access.users import ROLES, User, create_user, revoke_user
from graph.stores import open_store


@click.group()
def users() -> None:
    """Add, list and revoke the users who may call the API."""


@users.command()
@click.option("--name", required=True, help="The person's or program's name.")
@click.option(
    "--role",
    required=True,
    type=click.Choice(ROLES),
    help="admin sets up the partnership; partner is staff of one partner; "
    "facilitator runs analyses across partners; funder reads aggregates.",
)
@click.option("--partner", "partner_id", help="The partner of a partner user.")
@click.option(
    "--expires-in-days",
    type=click.IntRange(min=1),
    help="Days until the token stops working. Default: it does not expire.",
)
@click.pass_context
def add(
    ctx: click.Context,
    name: str,
    role: str,
    partner_id: str | None,
    expires_in_days: int | None,
) -> None:
    """Add a user and print its access token, which is shown only now."""
    now = datetime.now(UTC)
    expires_at = None if expires_in_days is None else now + timedelta(expires_in_days)
    with open_store(ctx.obj["database"], must_exist=True) as store:
        user, token = create_user(
            store, name, role, now, partner_id=partner_id, expires_at=expires_at
        )
    click.echo(f"added user {user.id} ({_describe(user)})")
    click.echo(f"token: {token}")
    click.echo(
        "Give the token to the user over a private channel. It is not stored "
        "and cannot be shown again; to replace it, revoke this user and add "
        "another."
    )


@users.command(name="list")
@click.pass_context
def list_command(ctx: click.Context) -> None:
    """List every user, with role, partner and state. Tokens are never
    shown."""
    with open_store(ctx.obj["database"], must_exist=True) as store:
        found = store.list_users()
    if not found:
        click.echo("no users yet; add one with: partnergraph users add")
        return
    now = datetime.now(UTC)
    for user in found:
        click.echo(f"{user.id}  {_state(user, now):<7}  {_describe(user)}")


@users.command()
@click.argument("user_id", metavar="ID")
@click.pass_context
def revoke(ctx: click.Context, user_id: str) -> None:
    """Stop the token of the user ID from working, from now on."""
    now = datetime.now(UTC)
    with open_store(ctx.obj["database"], must_exist=True) as store:
        user = revoke_user(store, user_id, now)
    assert user.revoked_at is not None
    verb = "revoked" if user.revoked_at == now else "already revoked"
    click.echo(f"{verb} user {user.id} at {user.revoked_at:%Y-%m-%d %H:%M} UTC")


def _describe(user: User) -> str:
    parts = [user.name, user.role]
    if user.partner_id is not None:
        parts.append(f"partner {user.partner_id}")
    if user.expires_at is not None:
        parts.append(f"expires {user.expires_at:%Y-%m-%d %H:%M} UTC")
    return ", ".join(parts)


def _state(user: User, now: datetime) -> str:
    if user.revoked_at is not None and user.revoked_at <= now:
        return "revoked"
    if not user.is_active(now):
        return "expired"
    return "active"
