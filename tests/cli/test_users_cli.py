"""``partnergraph users``: adding, listing and revoking users, through
click's test runner on a real SQLite file."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from api.cli import cli
from graph.access.users import authenticate
from graph.stores import open_store

TOKEN = re.compile(r"^token: (pg_\S+)$", re.MULTILINE)
ADDED = re.compile(r"^added user (\w+) ", re.MULTILINE)


@pytest.fixture
def database(tmp_path, small_dataset):
    url = f"sqlite:///{tmp_path / 'users.db'}"
    with open_store(url) as store:
        store.import_dataset(small_dataset)
    return url


def _run(database, *args):
    return CliRunner().invoke(cli, ["--database", database, *args])


def test_add_prints_a_working_token_once(database, caplog):
    caplog.set_level(logging.DEBUG)

    result = _run(
        database,
        "users",
        "add",
        "--name",
        "Amara",
        "--role",
        "partner",
        "--partner",
        "A",
        "--expires-in-days",
        "30",
    )

    assert result.exit_code == 0, result.output
    token = TOKEN.search(result.output).group(1)
    user_id = ADDED.search(result.output).group(1)
    assert "Amara, partner, partner A, expires " in result.output
    with open_store(database) as store:
        user = authenticate(store, token, datetime.now(UTC))
        assert user is not None
        assert (user.id, user.role, user.partner_id) == (user_id, "partner", "A")
    assert token not in caplog.text


def test_list_shows_state_and_never_tokens(database):
    added = _run(database, "users", "add", "--name", "Fay", "--role", "funder")
    token = TOKEN.search(added.output).group(1)
    user_id = ADDED.search(added.output).group(1)
    revoked = _run(database, "users", "revoke", user_id)
    _run(database, "users", "add", "--name", "Kofi", "--role", "facilitator")

    listed = _run(database, "users", "list")

    assert revoked.exit_code == 0, revoked.output
    assert revoked.output.startswith(f"revoked user {user_id} at ")
    lines = listed.output.splitlines()
    assert lines[0] == f"{user_id}  revoked  Fay, funder"
    assert re.fullmatch(r"\w+  active   Kofi, facilitator", lines[1])
    assert token not in listed.output
    with open_store(database) as store:
        assert authenticate(store, token, datetime.now(UTC)) is None


def test_list_without_users_says_how_to_add(database):
    result = _run(database, "users", "list")

    assert result.output == "no users yet; add one with: partnergraph users add\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--name", "Sam", "--role", "partner"), "partner: missing"),
        (
            ("--name", "Sam", "--role", "partner", "--partner", "NOPE"),
            "'NOPE' not found",
        ),
        (("--name", "Sam", "--role", "king"), "'king' is not one of"),
        (("--name", "Sam", "--role", "admin", "--expires-in-days", "0"), "0 is not"),
    ],
)
def test_add_rejects_bad_input(database, args, message):
    result = _run(database, "users", "add", *args)

    assert result.exit_code != 0
    assert message in result.output
    assert _run(database, "users", "list").output.startswith("no users yet")


def test_revoke_unknown_user(database):
    result = _run(database, "users", "revoke", "nobody")

    assert result.exit_code == 1
    assert "Error: user 'nobody' not found" in result.output
