"""``SqliteStore``: the store interface on one SQLite file.

The connection runs in autocommit mode and every write opens its own
``BEGIN IMMEDIATE`` transaction, so an import either lands whole or not at
all. A second writer waits for the first, up to the busy timeout, instead
of failing at once.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from graph.access.audit import AuditEntry
from graph.access.users import User
from graph.config_json import config_from_json, config_to_json
from graph.errors import StoreError
from graph.model import (
    Dataset,
    Employer,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)
from graph.sqlite import aggregates, audit, feed, users
from graph.sqlite.records import from_row, to_row
from graph.sqlite.schema import migrate
from graph.sqlite.statements import (
    DAY_OF,
    FOR_PARTICIPANTS,
    SELECT_BY_IDS,
    UPSERT,
    chunk_ids,
    count_statement,
    page_statement,
    placeholder_list,
)
from graph.store import (
    KIND_OF_TYPE,
    RECORD_KINDS,
    RECORD_TYPES,
    SECRET_BYTES,
    SECRET_PREFIX,
    FeedEvent,
    ImportSummary,
    JourneyMilestones,
    LastReferral,
    Order,
    OutcomeCount,
    Page,
    PartnerReach,
    ProgressCallback,
    Record,
    ReferralChain,
    ReferralCount,
    ReferralDuration,
    ReferralOutcome,
    SharedParticipants,
    Store,
    check_page_request,
    unknown_cursor,
)

logger = logging.getLogger(__name__)

# The deletes of an erasure, children before the participant they name.
ERASE = (
    ("outcomes", "DELETE FROM outcomes WHERE participant_id = ?"),
    ("activities", "DELETE FROM activities WHERE participant_id = ?"),
    ("referrals", "DELETE FROM referrals WHERE participant_id = ?"),
    ("participants", "DELETE FROM participants WHERE id = ?"),
)

BATCH_SIZE = 2000
BUSY_TIMEOUT_SECONDS = 5.0

_CONFIG_KEY = "partnership"


class SqliteStore(Store):
    """A partnership stored in one SQLite file at ``path``.

    The file is created, and its schema migrated, when opened.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
        except sqlite3.Error as err:
            raise StoreError(f"cannot open database {self.path}: {err}") from err
        self._connection.row_factory = sqlite3.Row
        try:
            self._connection.execute("PRAGMA foreign_keys = ON")
            self._connection.execute("PRAGMA journal_mode = WAL")
            # Overwrite deleted rows with zeros, so an erased participant's
            # data does not stay in the file's free pages.
            self._connection.execute("PRAGMA secure_delete = ON")
            migrate(self._connection)
        except BaseException as err:
            self._connection.close()
            if isinstance(err, sqlite3.Error):
                raise StoreError(
                    f"cannot open database {self.path}: {err}; check that the "
                    "file is a partnergraph database"
                ) from err
            raise
        logger.debug("opened database %s", self.path)

    def close(self) -> None:
        self._connection.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield self._connection
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        # A deferred transaction reads one snapshot of the file (WAL mode)
        # and takes no write lock.
        self._connection.execute("BEGIN")
        try:
            yield self._connection
        finally:
            # SQLite may already have ended the transaction after an error.
            if self._connection.in_transaction:
                self._connection.execute("COMMIT")

    # configuration

    def load_config(self) -> PartnershipConfig:
        row = self._connection.execute(
            "SELECT value FROM settings WHERE key = ?", (_CONFIG_KEY,)
        ).fetchone()
        return config_from_json(row["value"] if row else None)

    def save_config(self, config: PartnershipConfig) -> None:
        with self._transaction() as connection:
            self._write_config(connection, config)

    def secret(self, name: str) -> bytes:
        key = SECRET_PREFIX + name
        row = self._connection.execute(
            "SELECT value FROM settings WHERE key = ?", (key,)
        ).fetchone()
        if row is not None:
            return bytes.fromhex(row["value"])
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                (key, secrets.token_hex(SECRET_BYTES)),
            )
            row = connection.execute(
                "SELECT value FROM settings WHERE key = ?", (key,)
            ).fetchone()
        return bytes.fromhex(row["value"])

    def secrets(self) -> dict[str, bytes]:
        rows = self._connection.execute(
            "SELECT key, value FROM settings "
            "WHERE substr(key, 1, length(:prefix)) = :prefix",
            {"prefix": SECRET_PREFIX},
        )
        return {
            row["key"].removeprefix(SECRET_PREFIX): bytes.fromhex(row["value"])
            for row in rows
        }

    def set_secret(self, name: str, value: bytes) -> None:
        if not value:
            raise ValueError(f"the {name} secret must not be empty")
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (SECRET_PREFIX + name, value.hex()),
            )

    def _write_config(
        self, connection: sqlite3.Connection, config: PartnershipConfig
    ) -> None:
        connection.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_CONFIG_KEY, config_to_json(config)),
        )

    # writes

    def import_dataset(
        self, dataset: Dataset, progress: ProgressCallback | None = None
    ) -> ImportSummary:
        summary = ImportSummary()
        try:
            with self._transaction() as connection:
                self._write_config(connection, dataset.config)
                for kind in RECORD_TYPES:
                    records = getattr(dataset, kind)
                    self._upsert_kind(connection, kind, records, summary, progress)
        except sqlite3.IntegrityError as err:
            raise StoreError(
                f"import rejected by the database, nothing was written: {err}"
            ) from err
        except sqlite3.Error as err:
            raise StoreError(f"import failed, nothing was written: {err}") from err
        except Exception as err:
            # A bad record or a failing progress callback also rolls back.
            raise StoreError(f"import failed, nothing was written: {err!r}") from err
        logger.info(
            "imported into %s: %s created, %s updated, %s unchanged",
            self.path,
            summary.total(summary.created),
            summary.total(summary.updated),
            summary.total(summary.unchanged),
        )
        return summary

    def _upsert_kind(
        self,
        connection: sqlite3.Connection,
        kind: str,
        records: tuple[Any, ...],
        summary: ImportSummary,
        progress: ProgressCallback | None,
    ) -> None:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for start in range(0, len(records), BATCH_SIZE):
            batch = records[start : start + BATCH_SIZE]
            existing = self._rows_by_id(connection, kind, [r.id for r in batch])
            changed = []
            for record in batch:
                row = to_row(record)
                stored = existing.get(record.id)
                if stored is None:
                    counts["created"] += 1
                elif tuple(stored) != row:
                    counts["updated"] += 1
                else:
                    counts["unchanged"] += 1
                    continue
                changed.append(row)
            try:
                connection.executemany(UPSERT[kind], changed)
            except sqlite3.IntegrityError as err:
                raise sqlite3.IntegrityError(f"{kind}: {err}") from err
            if progress is not None:
                progress(kind, start + len(batch), len(records))
        summary.created[kind] = counts["created"]
        summary.updated[kind] = counts["updated"]
        summary.unchanged[kind] = counts["unchanged"]

    def _rows_by_id(
        self, connection: sqlite3.Connection, kind: str, ids: list[str]
    ) -> dict[str, sqlite3.Row]:
        rows: dict[str, sqlite3.Row] = {}
        for chunk in chunk_ids(ids):
            statement = SELECT_BY_IDS[kind].format(
                placeholders=placeholder_list(len(chunk))
            )
            for row in connection.execute(statement, chunk):
                rows[row["id"]] = row
        return rows

    def save(self, record: Record) -> None:
        kind = KIND_OF_TYPE.get(type(record))
        if kind is None:
            raise TypeError(f"cannot store a {type(record).__name__}")
        try:
            with self._transaction() as connection:
                connection.execute(UPSERT[kind], to_row(record))
        except sqlite3.IntegrityError as err:
            raise StoreError(f"cannot save {kind} {record.id!r}: {err}") from err

    def change_referral_status(self, referral: Referral, expected_status: str) -> bool:
        with self._transaction() as connection:
            cursor = connection.execute(
                "UPDATE referrals SET status = ?, status_on = ?, reason = ? "
                "WHERE id = ? AND status = ?",
                (
                    referral.status,
                    referral.status_on.isoformat() if referral.status_on else None,
                    referral.reason,
                    referral.id,
                    expected_status,
                ),
            )
        return cursor.rowcount == 1

    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        if kind not in RECORD_KINDS:
            raise ValueError(f"unknown kind of record {kind!r}")
        return set(self._rows_by_id(self._connection, kind, list(ids)))

    # reads

    def _get(self, kind: str, record_id: str) -> Any:
        row = self._rows_by_id(self._connection, kind, [record_id]).get(record_id)
        return None if row is None else from_row(kind, row)

    def _all(self, kind: str) -> list[Any]:
        rows = self._connection.execute(f"SELECT * FROM {kind} ORDER BY id")
        return [from_row(kind, row) for row in rows]

    def get_partner(self, partner_id: str) -> Partner | None:
        return self._get("partners", partner_id)

    def list_partners(self) -> list[Partner]:
        return self._all("partners")

    def get_employer(self, employer_id: str) -> Employer | None:
        return self._get("employers", employer_id)

    def list_employers(self) -> list[Employer]:
        return self._all("employers")

    def get_participant(self, participant_id: str) -> Participant | None:
        return self._get("participants", participant_id)

    def get_referral(self, referral_id: str) -> Referral | None:
        return self._get("referrals", referral_id)

    def page(
        self,
        kind: str,
        parameters: dict[str, Any],
        after: str | None,
        first: int,
        order: Order,
    ) -> Page[Any]:
        check_page_request(first, order)
        # SQLite stores dates as ISO 8601 text.
        parameters = {
            name: _text(value) if isinstance(value, date) else value
            for name, value in parameters.items()
        }
        with self._reading() as connection:
            total = connection.execute(
                count_statement(kind, parameters), parameters
            ).fetchone()[0]

            after_on = None
            if after is not None and order != "id":
                row = connection.execute(DAY_OF[kind], {"after": after}).fetchone()
                if row is None:
                    raise unknown_cursor(kind, after)
                after_on = row[0]

            rows = connection.execute(
                page_statement(kind, order, parameters, after is not None),
                {
                    **parameters,
                    "after": after,
                    "after_on": after_on,
                    "limit": first + 1,
                },
            ).fetchall()
        items = [from_row(kind, row) for row in rows[:first]]
        return Page(items=items, total_count=total, has_next_page=len(rows) > first)

    def records_for_participants(
        self, kind: str, participant_ids: Iterable[str]
    ) -> dict[str, list[Any]]:
        grouped: dict[str, list[Any]] = {}
        for chunk in chunk_ids(participant_ids):
            statement = FOR_PARTICIPANTS[kind].format(
                placeholders=placeholder_list(len(chunk))
            )
            for row in self._connection.execute(statement, chunk):
                grouped.setdefault(row["participant_id"], []).append(
                    from_row(kind, row)
                )
        return grouped

    # users

    def save_user(self, user: User) -> None:
        try:
            with self._transaction() as connection:
                connection.execute(users.SAVE, users.to_row(user))
        except sqlite3.IntegrityError as err:
            raise StoreError(f"cannot save user {user.id!r}: {err}") from err

    def get_user(self, user_id: str) -> User | None:
        row = self._connection.execute(users.BY_ID, (user_id,)).fetchone()
        return None if row is None else users.from_row(row)

    def user_by_token_hash(self, token_hash: str) -> User | None:
        row = self._connection.execute(users.BY_TOKEN_HASH, (token_hash,)).fetchone()
        return None if row is None else users.from_row(row)

    def list_users(self) -> list[User]:
        return [users.from_row(row) for row in self._connection.execute(users.ALL)]

    # erasure

    def erase_participant(self, participant_id: str) -> dict[str, int]:
        erased = {}
        with self._transaction() as connection:
            for kind, statement in ERASE:
                erased[kind] = connection.execute(statement, (participant_id,)).rowcount
        # The write-ahead log still holds the pages as they were before the
        # erasure; copy it into the database and empty it. A reader that is
        # still open can keep it from finishing, so say so.
        busy, _pages, _done = self._connection.execute(
            "PRAGMA wal_checkpoint(TRUNCATE)"
        ).fetchone()
        if busy:
            logger.warning(
                "the erased records stay in %s-wal until the other connections "
                "to the database close and it is checkpointed",
                self.path,
            )
        return erased

    # audit log

    def append_audit(self, entries: Iterable[AuditEntry]) -> None:
        rows = [audit.to_row(entry) for entry in entries]
        with self._transaction() as connection:
            connection.executemany(audit.INSERT, rows)

    def audit_entries(
        self,
        since: datetime | None = None,
        user_id: str | None = None,
        record_id: str | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        parameters = {
            "since": None if since is None else audit.utc_text(since),
            "user_id": user_id,
            "record_id": record_id,
            "limit": limit,
        }
        rows = self._connection.execute(audit.SELECT, parameters)
        return [audit.from_row(row) for row in rows]

    def numbered_audit_entries(
        self, after: int = 0, limit: int = 1000
    ) -> list[tuple[int, AuditEntry]]:
        rows = self._connection.execute(
            audit.SELECT_NUMBERED, {"after": after, "limit": limit}
        )
        return [(row["sequence"], audit.from_row(row)) for row in rows]

    def count_records(self) -> dict[str, int]:
        return {
            kind: self._connection.execute(f"SELECT COUNT(*) FROM {kind}").fetchone()[0]
            for kind in RECORD_KINDS
        }

    def recent_events(
        self,
        since: date | None = None,
        before: FeedEvent | None = None,
        limit: int = 50,
    ) -> list[FeedEvent]:
        with self._reading() as connection:
            return feed.recent_events(connection, since, before, limit)

    # aggregates

    def referral_counts(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralCount]:
        return aggregates.referral_counts(self._connection, since, until)

    def referral_durations(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralDuration]:
        return aggregates.referral_durations(self._connection, since, until)

    def referral_chains(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralChain]:
        return aggregates.referral_chains(self._connection, since, until)

    def referral_outcomes(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralOutcome]:
        return aggregates.referral_outcomes(self._connection, since, until)

    def shared_participants(
        self, since: date | None = None, until: date | None = None
    ) -> list[SharedParticipants]:
        return aggregates.shared_participants(self._connection, since, until)

    def last_referrals(
        self, since: date | None = None, until: date | None = None
    ) -> list[LastReferral]:
        return aggregates.last_referrals(self._connection, since, until)

    def partner_reach(
        self, since: date | None = None, until: date | None = None
    ) -> list[PartnerReach]:
        return aggregates.partner_reach(self._connection, since, until)

    def outcome_counts(
        self, since: date | None = None, until: date | None = None
    ) -> list[OutcomeCount]:
        return aggregates.outcome_counts(self._connection, since, until)

    def journey_milestones(
        self, since: date | None = None, until: date | None = None
    ) -> list[JourneyMilestones]:
        # Its two queries read one snapshot, so a participant enrolled
        # between them cannot appear in one and not in the other.
        with self._reading() as connection:
            return aggregates.journey_milestones(connection, since, until)


def _text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
