"""Users and their tokens, stored and checked the same way on both stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from graph.access.users import (
    TOKEN_PREFIX,
    authenticate,
    create_user,
    hash_token,
    revoke_user,
)
from graph.errors import InvalidRecordError, NotFoundError

NOW = datetime(2024, 6, 3, 9, 15, 30, 123456, tzinfo=UTC)


def test_user_round_trips_with_its_times(loaded_store):
    user, token = create_user(
        loaded_store,
        "Amara Okafor",
        "partner",
        NOW,
        partner_id="A",
        expires_at=NOW + timedelta(days=90),
    )

    assert loaded_store.get_user(user.id) == user
    assert loaded_store.user_by_token_hash(hash_token(token)) == user
    assert loaded_store.list_users() == [user]
    assert loaded_store.get_user(user.id).created_at.utcoffset() == timedelta(0)
    assert loaded_store.get_user("nobody") is None


def test_token_is_random_and_stored_only_as_hash(loaded_store):
    first, first_token = create_user(loaded_store, "Admin One", "admin", NOW)
    second, second_token = create_user(loaded_store, "Admin Two", "admin", NOW)

    assert first_token.startswith(TOKEN_PREFIX)
    assert len(first_token) == len(TOKEN_PREFIX) + 43
    assert first_token != second_token
    assert first.token_hash == hash_token(first_token)
    assert first_token not in repr(loaded_store.list_users())
    # Created at the same moment, users list by id.
    assert loaded_store.list_users() == sorted([first, second], key=lambda u: u.id)


def test_authenticate_checks_expiry_and_revocation(loaded_store):
    user, token = create_user(
        loaded_store, "Funder", "funder", NOW, expires_at=NOW + timedelta(days=1)
    )

    assert authenticate(loaded_store, token, NOW) == user
    assert authenticate(loaded_store, token, NOW + timedelta(days=1)) is None
    assert authenticate(loaded_store, token + "x", NOW) is None
    assert authenticate(loaded_store, "not-a-token", NOW) is None

    revoked = revoke_user(loaded_store, user.id, NOW + timedelta(hours=1))
    assert revoked == replace(user, revoked_at=NOW + timedelta(hours=1))
    assert authenticate(loaded_store, token, NOW + timedelta(hours=2)) is None
    assert authenticate(loaded_store, token, NOW + timedelta(minutes=30)) == revoked
    # Revoking again keeps the first time.
    assert revoke_user(loaded_store, user.id, NOW + timedelta(hours=5)) == revoked
    assert loaded_store.get_user(user.id) == revoked


def test_revoking_an_unknown_user_is_an_error(loaded_store):
    with pytest.raises(NotFoundError, match="user 'nobody' not found"):
        revoke_user(loaded_store, "nobody", NOW)


@pytest.mark.parametrize(
    ("arguments", "problems"),
    [
        (("", "admin"), ["name: missing; give the user's name"]),
        (("X" * 201, "admin"), ["name: longer than 200 characters"]),
        (
            ("Sam", "superuser"),
            [
                "role: unknown role 'superuser'; expected one of admin, partner, "
                "facilitator, funder"
            ],
        ),
        (("Sam", "partner"), ["partner: missing; a partner user belongs to a partner"]),
    ],
)
def test_invalid_users_are_rejected(loaded_store, arguments, problems):
    with pytest.raises(InvalidRecordError) as rejected:
        create_user(loaded_store, *arguments, NOW)

    assert [str(problem) for problem in rejected.value.problems] == problems
    assert loaded_store.list_users() == []


def test_partner_must_exist_and_fit_the_role(loaded_store):
    with pytest.raises(InvalidRecordError) as unknown:
        create_user(loaded_store, "Sam", "partner", NOW, partner_id="NOPE")
    with pytest.raises(InvalidRecordError) as wrong_role:
        create_user(loaded_store, "Sam", "funder", NOW, partner_id="A")
    with pytest.raises(InvalidRecordError) as past:
        create_user(loaded_store, "Sam", "admin", NOW, expires_at=NOW)

    assert [str(p) for p in unknown.value.problems] == [
        "partner: partner 'NOPE' not found"
    ]
    assert [str(p) for p in wrong_role.value.problems] == [
        "partner: only partner users belong to a partner, not funder"
    ]
    assert [str(p) for p in past.value.problems] == [
        "expires: 2024-06-03T09:15:30.123456+00:00 is not in the future"
    ]
