"""Copy what a store contains besides the partnership's records: its
secrets, users and audit log.

``partnergraph migrate`` copies these after the records, so that in the
new store pseudonyms stay the same, web sessions stay signed, every user's
token still works and the audit log keeps its entries in the order they
were appended. None of them belongs in an export folder, and
``graph.transfer.write_folder`` writes none of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from graph.access.audit import AuditEntry
from graph.store import Store
from graph.transfer import TransferError

logger = logging.getLogger(__name__)

# Audit entries per call when reading a store's audit log.
AUDIT_PAGE_SIZE = 1000


@dataclass(frozen=True)
class AccessCopy:
    """The result of ``copy_access``: names of the secrets copied, the
    number of users and audit entries copied, and what the target had.

    ``replaced_secrets`` names the secrets that the target contained with
    another value, so the pseudonyms and sessions it made with them changed.
    ``audit_entries_present`` counts the source's entries that the target's
    log already began with, from an earlier copy, and that were not copied
    again.
    """

    secrets: tuple[str, ...]
    replaced_secrets: tuple[str, ...]
    users: int
    audit_entries: int
    audit_entries_present: int


def copy_access(source: Store, target: Store) -> AccessCopy:
    """Copy the secrets, users and audit log of ``source`` into ``target``
    and check that ``target`` reads them back unchanged.

    Users replace the target's users with the same id. Audit entries are
    appended after those of the target in one call, all or none, except
    the ones its log already begins with, so running the copy twice adds no
    entry twice. Raises TransferError when the target reads back anything
    else, and StoreError when a store fails.
    """
    secrets, replaced = copy_secrets(source, target)
    users = copy_users(source, target)
    appended, present = copy_audit_log(source, target)
    logger.info(
        "copied %d secrets, %d users and %d audit entries",
        len(secrets),
        users,
        appended,
    )
    return AccessCopy(secrets, replaced, users, appended, present)


def copy_secrets(
    source: Store, target: Store
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Give ``target`` every secret of ``source``. Return the names copied
    and, of those, the ones the target contained with another value."""
    previous = target.secrets()
    copied = source.secrets()
    for name, value in sorted(copied.items()):
        if previous.get(name) != value:
            target.set_secret(name, value)

    stored = target.secrets()
    wrong = sorted(name for name, value in copied.items() if stored.get(name) != value)
    if wrong:
        raise TransferError(
            f"the target does not read back the secrets {', '.join(wrong)} "
            "that were copied to it"
        )
    replaced = tuple(
        sorted(
            name
            for name, value in copied.items()
            if name in previous and previous[name] != value
        )
    )
    return tuple(sorted(copied)), replaced


def copy_users(source: Store, target: Store) -> int:
    """Save every user of ``source``, token hash included, in ``target``
    and return how many there were."""
    users = source.list_users()
    for user in users:
        target.save_user(user)

    for user in users:
        if target.get_user(user.id) != user:
            raise TransferError(
                f"the target does not read back user {user.id!r} as it was copied"
            )
    return len(users)


def copy_audit_log(source: Store, target: Store) -> tuple[int, int]:
    """Append the audit entries of ``source`` to ``target`` in the order
    they were appended to ``source``.

    Returns the number of entries appended and the number skipped because
    the target's log already began with them.
    """
    entries = read_audit_log(source)
    previous = read_audit_log(target)
    present = _common_start(entries, previous)
    missing = entries[present:]
    if missing:
        target.append_audit(missing)

    appended = read_audit_log(target)[len(previous) :]
    if appended != missing:
        raise TransferError(
            f"the target's audit log does not end with the {len(missing)} "
            f"entries copied to it; it gained {len(appended)}"
        )
    return len(missing), present


def read_audit_log(store: Store, page_size: int = AUDIT_PAGE_SIZE) -> list[AuditEntry]:
    """Return every audit entry of ``store`` in the order they were
    appended."""
    entries: list[AuditEntry] = []
    after = 0
    while True:
        page = store.numbered_audit_entries(after=after, limit=page_size)
        entries.extend(entry for _, entry in page)
        if len(page) < page_size:
            return entries
        after = page[-1][0]


def _common_start(first: list[AuditEntry], second: list[AuditEntry]) -> int:
    """Return how many entries both lists begin with."""
    count = 0
    for first_entry, second_entry in zip(first, second, strict=False):
        if first_entry != second_entry:
            break
        count += 1
    return count
