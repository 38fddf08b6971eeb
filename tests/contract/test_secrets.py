"""The partnership's secrets: made once, kept, and the same for everyone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from graph.store import SECRET_BYTES


def test_secret_is_random_and_kept(open_same_store):
    with open_same_store() as store:
        pseudonyms = store.secret("pseudonym")
        sessions = store.secret("session")

    with open_same_store() as store:
        assert store.secret("pseudonym") == pseudonyms
        assert store.secret("session") == sessions

    assert len(pseudonyms) == SECRET_BYTES
    assert pseudonyms != sessions


def test_callers_at_once_get_one_secret(open_same_store):
    open_same_store().close()

    def read(_: int) -> bytes:
        with open_same_store() as store:
            return store.secret("pseudonym")

    with ThreadPoolExecutor(max_workers=4) as pool:
        secrets = set(pool.map(read, range(8)))

    assert len(secrets) == 1


def test_secrets_lists_held_secrets(store):
    assert store.secrets() == {}

    pseudonyms = store.secret("pseudonym")

    assert store.secrets() == {"pseudonym": pseudonyms}


def test_set_secret_replaces_value(open_same_store):
    value = bytes(range(SECRET_BYTES))
    with open_same_store() as store:
        store.secret("session")
        store.set_secret("session", value)
        store.set_secret("pseudonym", value[::-1])

    with open_same_store() as store:
        assert store.secret("session") == value
        assert store.secret("pseudonym") == value[::-1]
        assert store.secrets() == {"session": value, "pseudonym": value[::-1]}


def test_empty_secret_is_rejected(store):
    with pytest.raises(ValueError, match="the session secret must not be empty"):
        store.set_secret("session", b"")

    assert store.secrets() == {}
