"""copy_access: the secrets, users and audit log that ``partnergraph
migrate`` copies besides the records, between two SQLite files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graph.access.audit import AuditEntry
from graph.access.users import authenticate, create_user, revoke_user
from graph.migration import copy_access, read_audit_log
from graph.stores import open_store
from graph.transfer import TransferError

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)

ENTRIES = [
    AuditEntry(NOW, "u1", "partner", "read", "participants", ("U1",), "r1"),
    AuditEntry(NOW, "u2", "admin", "write", "referrals", ("R01",)),
    # Stamped earlier than the entry appended before it.
    AuditEntry(NOW - timedelta(hours=1), "u1", "partner", "export", "participants"),
]


@pytest.fixture
def source(loaded_store):
    loaded_store.append_audit(ENTRIES)
    return loaded_store


@pytest.fixture
def target(tmp_path, small_dataset):
    # migrate copies the records first, so the partners of users exist.
    with open_store(f"sqlite:///{tmp_path / 'target.db'}") as opened:
        opened.import_dataset(small_dataset)
        yield opened


def test_secrets_copied(source, target):
    pseudonyms = source.secret("pseudonym")
    sessions = source.secret("session")

    copied = copy_access(source, target)

    assert copied.secrets == ("pseudonym", "session")
    assert copied.replaced_secrets == ()
    assert target.secret("pseudonym") == pseudonyms
    assert target.secret("session") == sessions


def test_target_secret_replaced(source, target):
    pseudonyms = source.secret("pseudonym")
    target.secret("pseudonym")

    copied = copy_access(source, target)

    assert copied.replaced_secrets == ("pseudonym",)
    assert target.secret("pseudonym") == pseudonyms


def test_users_keep_tokens(source, target):
    admin, admin_token = create_user(source, "Ada Admin", "admin", NOW)
    partner, partner_token = create_user(
        source, "Pat Partner", "partner", NOW, partner_id="A"
    )
    revoked = revoke_user(source, partner.id, NOW + timedelta(days=1))

    copied = copy_access(source, target)

    assert copied.users == 2
    assert target.list_users() == source.list_users()
    assert authenticate(target, admin_token, NOW) == admin
    assert authenticate(target, partner_token, NOW) == revoked
    assert authenticate(target, partner_token, NOW + timedelta(days=2)) is None


def test_audit_log_keeps_append_order(source, target):
    copied = copy_access(source, target)

    assert copied.audit_entries == 3
    assert copied.audit_entries_present == 0
    assert read_audit_log(target) == ENTRIES
    assert [number for number, _ in target.numbered_audit_entries()] == [1, 2, 3]


def test_audit_log_read_in_pages(source):
    assert read_audit_log(source, page_size=2) == ENTRIES
    assert read_audit_log(source, page_size=3) == ENTRIES


def test_second_copy_adds_only_new_entries(source, target):
    copy_access(source, target)
    later = AuditEntry(NOW, "u1", "partner", "read", "participants", ("U2",))
    source.append_audit([later])

    copied = copy_access(source, target)

    assert copied.audit_entries == 1
    assert copied.audit_entries_present == 3
    assert read_audit_log(target) == [*ENTRIES, later]


def test_target_entries_stay_first(source, target):
    own = AuditEntry(NOW, "u9", "admin", "read", "participants", ("X1",))
    target.append_audit([own])

    copied = copy_access(source, target)

    assert copied.audit_entries == 3
    assert read_audit_log(target) == [own, *ENTRIES]


def test_empty_source_copies_nothing(store, target):
    copied = copy_access(store, target)

    assert copied.secrets == ()
    assert copied.users == 0
    assert copied.audit_entries == 0
    assert target.secrets() == {}


def test_unread_secret_is_an_error(source, target, monkeypatch):
    source.secret("session")
    monkeypatch.setattr(type(target), "set_secret", lambda self, name, value: None)

    with pytest.raises(TransferError, match="does not read back the secrets session"):
        copy_access(source, target)
