"""``Neo4jStore``: the store interface on a Neo4j 5 server.

Every read and write runs in a managed transaction, which the driver
retries with backoff on transient errors (a leader change, a deadlock, a
dropped connection), so every transaction function here is safe to run
twice. An import lands whole or not at all: ``graph.neo4j.writes`` runs a
small one as one transaction and undoes a large one's committed batches
if it fails.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable

from graph.access.audit import AuditEntry
from graph.access.users import User
from graph.config_json import config_from_json
from graph.errors import (
    BusyError,
    ConfigurationError,
    PartialImportError,
    StoreError,
)
from graph.journey import STATUS_EVENT_STATUSES
from graph.model import (
    Dataset,
    Employer,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)
from graph.neo4j import cypher, writes
from graph.neo4j.records import from_map, to_row
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
    check_feed_request,
    check_page_request,
    feed_event,
    unknown_cursor,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

ID_CHUNK = 2000
CONNECTION_TIMEOUT_SECONDS = 10.0
INDEX_WAIT_SECONDS = 60

_OUT_OF_TRANSACTION_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"

# Servers whose schema this process has already set up, so that opening a
# store per request costs no schema statements after the first.
_prepared: set[tuple[str, str | None]] = set()
_prepared_lock = threading.Lock()


class Neo4jStore(Store):
    """A partnership stored in a Neo4j database.

    ``uri`` is a ``neo4j://``, ``neo4j+s://`` or ``bolt://`` address;
    ``auth`` a user name and password, or ``None`` for a server without
    authentication; ``database`` the database name, or ``None`` for the
    server's default. An import of up to ``one_transaction_records``
    records is one transaction; a larger one commits in batches and undoes
    them if it fails. Opening checks the connection and creates the
    constraints and indexes if they are missing.
    """

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        one_transaction_records: int = writes.ONE_TRANSACTION_RECORDS,
    ) -> None:
        self.uri = uri
        self.one_transaction_records = one_transaction_records
        self._database = database
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=CONNECTION_TIMEOUT_SECONDS,
                user_agent="partnergraph",
                # Hints such as "relationship type does not exist" on an empty
                # database would otherwise be logged for every query.
                notifications_min_severity="OFF",
            )
        except (ValueError, DriverError) as err:
            raise ConfigurationError(f"invalid Neo4j address {uri!r}: {err}") from err
        try:
            self._driver.verify_connectivity()
            self._prepare_schema()
        except BaseException as err:
            self._driver.close()
            if isinstance(err, AuthError):
                raise ConfigurationError(
                    f"Neo4j at {uri} rejected the user name or password; check "
                    "NEO4J_USER and NEO4J_PASSWORD"
                ) from err
            if isinstance(err, ServiceUnavailable):
                raise StoreError(
                    f"cannot reach Neo4j at {uri}: {err}; check that the server "
                    "is running and the address is right"
                ) from err
            if isinstance(err, (Neo4jError, DriverError)):
                raise StoreError(f"cannot open Neo4j at {uri}: {err}") from err
            raise
        logger.debug("opened Neo4j store at %s", uri)

    def close(self) -> None:
        self._driver.close()

    def _prepare_schema(self) -> None:
        key = (self.uri, self._database)
        with _prepared_lock:
            if key in _prepared:
                return
            for statement in cypher.SCHEMA:
                self._driver.execute_query(statement, database_=self._database)
            self._driver.execute_query(
                cypher.AWAIT_INDEXES,
                {"seconds": INDEX_WAIT_SECONDS},
                database_=self._database,
            )
            for statement in cypher.MIGRATIONS:
                self._driver.execute_query(statement, database_=self._database)
            _prepared.add(key)

    # transactions

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except ServiceUnavailable as err:
            raise StoreError(f"cannot {action}: Neo4j is unavailable: {err}") from err
        except Neo4jError as err:
            if err.code == _OUT_OF_TRANSACTION_MEMORY:
                raise StoreError(
                    f"cannot {action}: the transaction needs more memory than "
                    "the Neo4j server allows; raise its heap "
                    "(server.memory.heap.max_size) or its transaction limit "
                    "(dbms.memory.transaction.total.max), or import a "
                    "smaller partnership"
                ) from err
            raise StoreError(f"cannot {action}: {err}") from err
        except DriverError as err:
            raise StoreError(f"cannot {action}: {err}") from err

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T], action: str) -> T:
        with self._errors(action):
            with self._driver.session(database=self._database) as session:
                return session.execute_read(work)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T], action: str) -> T:
        with self._errors(action):
            with self._driver.session(database=self._database) as session:
                return session.execute_write(work)

    def _records(self, query: str, **parameters: Any) -> list[dict[str, Any]]:
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, parameters)]

        return self._read(work, "read from Neo4j")

    # configuration

    def load_config(self) -> PartnershipConfig:
        rows = self._records(cypher.LOAD_SETTING, key=writes.CONFIG_KEY)
        return config_from_json(rows[0]["value"] if rows else None)

    def save_config(self, config: PartnershipConfig) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            writes.enter_gate(tx)
            writes.write_config(tx, config)

        self._write(work, "save the partnership's framework")

    def secret(self, name: str) -> bytes:
        rows = self._records(cypher.LOAD_SETTING, key=SECRET_PREFIX + name)
        if rows:
            return bytes.fromhex(rows[0]["value"])

        def work(tx: neo4j.ManagedTransaction) -> str:
            record = tx.run(
                cypher.KEEP_SECRET,
                key=SECRET_PREFIX + name,
                value=secrets.token_hex(SECRET_BYTES),
            ).single(strict=True)
            return record["value"]

        return bytes.fromhex(self._write(work, f"keep the {name} secret"))

    def secrets(self) -> dict[str, bytes]:
        rows = self._records(cypher.ALL_SECRETS, prefix=SECRET_PREFIX)
        return {
            row["key"].removeprefix(SECRET_PREFIX): bytes.fromhex(row["value"])
            for row in rows
        }

    def set_secret(self, name: str, value: bytes) -> None:
        if not value:
            raise ValueError(f"the {name} secret must not be empty")

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(
                cypher.SAVE_SETTING, key=SECRET_PREFIX + name, value=value.hex()
            ).consume()

        self._write(work, f"replace the {name} secret")

    # writes

    def import_dataset(
        self, dataset: Dataset, progress: ProgressCallback | None = None
    ) -> ImportSummary:
        size = sum(len(getattr(dataset, kind)) for kind in RECORD_TYPES)
        try:
            with self._errors("import into Neo4j"):
                with self._driver.session(database=self._database) as session:
                    if size <= self.one_transaction_records:
                        summary = writes.import_in_one_transaction(
                            session.execute_write, dataset, progress
                        )
                    else:
                        summary = writes.import_in_batches(
                            session.execute_write, dataset, progress
                        )
        except BusyError:
            raise
        except writes.UndoFailedError as err:
            raise PartialImportError(repr(err.__cause__), str(err)) from err
        except writes.MissingLinkError as err:
            raise StoreError(
                f"import rejected by the database, nothing was written: {err}"
            ) from err
        except StoreError as err:
            raise StoreError(f"{err}; nothing was written") from err
        except Exception as err:
            # A failing progress callback also rolls the import back.
            raise StoreError(f"import failed, nothing was written: {err!r}") from err
        logger.info(
            "imported into %s: %s created, %s updated, %s unchanged",
            self.uri,
            summary.total(summary.created),
            summary.total(summary.updated),
            summary.total(summary.unchanged),
        )
        return summary

    def save(self, record: Record) -> None:
        kind = KIND_OF_TYPE.get(type(record))
        if kind is None:
            raise TypeError(f"cannot store a {type(record).__name__}")

        def work(tx: neo4j.ManagedTransaction) -> None:
            writes.enter_gate(tx)
            writes.write_rows(tx, kind, [to_row(kind, record)])

        try:
            self._write(work, f"save {kind} {record.id!r}")
        except writes.MissingLinkError as err:
            raise StoreError(f"cannot save {kind} {record.id!r}: {err}") from err

    def change_referral_status(self, referral: Referral, expected_status: str) -> bool:
        parameters = {
            "id": referral.id,
            "expected": expected_status,
            "status": referral.status,
            "status_on": referral.status_on,
            "reason": referral.reason,
        }

        def work(tx: neo4j.ManagedTransaction) -> int:
            writes.enter_gate(tx)
            record = tx.run(cypher.CHANGE_REFERRAL_STATUS, parameters).single()
            return 0 if record is None else int(record["changed"])

        return self._write(work, f"change the status of referral {referral.id!r}") == 1

    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        if kind not in RECORD_KINDS:
            raise ValueError(f"unknown kind of record {kind!r}")
        found: set[str] = set()
        for chunk in _chunks(ids):
            rows = self._records(cypher.EXISTING_IDS[kind], ids=chunk)
            found.update(row["id"] for row in rows)
        return found

    # reads

    def _by_ids(self, kind: str, ids: Iterable[str]) -> list[Any]:
        records: list[Any] = []
        for chunk in _chunks(ids):
            rows = self._records(cypher.BY_IDS[kind], ids=chunk)
            records.extend(from_map(kind, row["record"]) for row in rows)
        return records

    def _get(self, kind: str, record_id: str) -> Any:
        found = self._by_ids(kind, [record_id])
        return found[0] if found else None

    def _all(self, kind: str) -> list[Any]:
        rows = self._records(cypher.ALL[kind])
        return [from_map(kind, row["record"]) for row in rows]

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
        count_statement = cypher.page_count(kind, parameters)
        page_statement = cypher.page(kind, order, parameters, after is not None)

        def work(tx: neo4j.ManagedTransaction) -> tuple[int, list[dict[str, Any]]]:
            total = tx.run(count_statement, parameters).single(strict=True)

            after_on = None
            if after is not None and order != "id":
                cursor = tx.run(cypher.DAY_OF[kind], {"after": after}).single()
                if cursor is None:
                    raise unknown_cursor(kind, after)
                after_on = cursor["day"]

            rows = tx.run(
                page_statement,
                {
                    **parameters,
                    "after": after,
                    "after_on": after_on,
                    "limit": first + 1,
                },
            ).data()
            return int(total["count"]), rows

        total, rows = self._read(work, f"list {kind}")
        items = [from_map(kind, row["record"]) for row in rows[:first]]
        return Page(items=items, total_count=total, has_next_page=len(rows) > first)

    def recent_events(
        self,
        since: date | None = None,
        before: FeedEvent | None = None,
        limit: int = 50,
    ) -> list[FeedEvent]:
        check_feed_request(limit)
        rows = self._records(
            cypher.RECENT_EVENTS,
            since=since,
            before_on=None if before is None else before.on,
            before_kind=None if before is None else before.kind,
            before_id=None if before is None else before.record_id,
            statuses=list(STATUS_EVENT_STATUSES),
            limit=limit,
        )
        return [
            feed_event(from_map(row["source"], row["record"]), row["kind"])
            for row in rows
        ]

    def records_for_participants(
        self, kind: str, participant_ids: Iterable[str]
    ) -> dict[str, list[Any]]:
        grouped: dict[str, list[Any]] = {}
        for chunk in _chunks(participant_ids):
            for row in self._records(cypher.FOR_PARTICIPANTS[kind], ids=chunk):
                record = from_map(kind, row["record"])
                grouped.setdefault(record.participant_id, []).append(record)
        return grouped

    # users

    def save_user(self, user: User) -> None:
        properties = {
            name: value for name, value in asdict(user).items() if value is not None
        }

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(cypher.SAVE_USER, {"id": user.id, "properties": properties})

        self._write(work, f"save user {user.id!r}")

    def get_user(self, user_id: str) -> User | None:
        rows = self._records(cypher.USER_BY_ID, id=user_id)
        return _user(rows[0]["user"]) if rows else None

    def user_by_token_hash(self, token_hash: str) -> User | None:
        rows = self._records(cypher.USER_BY_TOKEN_HASH, token_hash=token_hash)
        return _user(rows[0]["user"]) if rows else None

    def list_users(self) -> list[User]:
        return [_user(row["user"]) for row in self._records(cypher.ALL_USERS)]

    # erasure

    def erase_participant(self, participant_id: str) -> dict[str, int]:
        kinds = {
            "Referral": "referrals",
            "Activity": "activities",
            "Outcome": "outcomes",
        }

        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            writes.enter_gate(tx)
            record = tx.run(cypher.ERASE_PARTICIPANT, {"id": participant_id}).single()
            erased = dict.fromkeys(("outcomes", "activities", "referrals"), 0)
            erased["participants"] = 0 if record is None else 1
            for row in record["counts"] if record is not None else []:
                if row["label"] is not None:
                    erased[kinds[row["label"]]] = row["count"]
            return erased

        return self._write(work, f"erase participant {participant_id!r}")

    # audit log

    def append_audit(self, entries: Iterable[AuditEntry]) -> None:
        rows = [
            {
                name: list(value) if isinstance(value, tuple) else value
                for name, value in asdict(entry).items()
                if value is not None
            }
            | {"at": entry.at.astimezone(UTC)}
            for entry in entries
        ]

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(cypher.APPEND_AUDIT, {"rows": rows}).consume()

        self._write(work, "append to the audit log")

    def audit_entries(
        self,
        since: datetime | None = None,
        user_id: str | None = None,
        record_id: str | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        rows = self._records(
            cypher.AUDIT_ENTRIES,
            # Given in another offset, the same instant did not match an
            # entry's time in Neo4j 5.26, so every time is compared in UTC.
            since=None if since is None else since.astimezone(UTC),
            user_id=user_id,
            record_id=record_id,
            limit=limit,
        )
        return [_audit_entry(row["entry"]) for row in rows]

    def numbered_audit_entries(
        self, after: int = 0, limit: int = 1000
    ) -> list[tuple[int, AuditEntry]]:
        rows = self._records(cypher.AUDIT_LOG, after=after, limit=limit)
        return [
            (int(row["entry"]["sequence"]), _audit_entry(row["entry"])) for row in rows
        ]

    def count_records(self) -> dict[str, int]:
        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            return {
                kind: int(tx.run(cypher.COUNT[kind]).single(strict=True)["count"])
                for kind in RECORD_KINDS
            }

        return self._read(work, "count records")

    # aggregates

    def referral_counts(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralCount]:
        rows = self._records(cypher.REFERRAL_COUNTS, since=since, until=until)
        return [ReferralCount(**row) for row in rows]

    def referral_outcomes(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralOutcome]:
        rows = self._records(cypher.REFERRAL_OUTCOMES, since=since, until=until)
        return [ReferralOutcome(**row) for row in rows]

    def referral_chains(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralChain]:
        rows = self._records(cypher.REFERRAL_CHAINS, since=since, until=until)
        return [ReferralChain(**row) for row in rows]

    def referral_durations(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralDuration]:
        rows = self._records(cypher.REFERRAL_DURATIONS, since=since, until=until)
        return [
            ReferralDuration(
                **{
                    **row,
                    "referred_on": None
                    if row["referred_on"] is None
                    else row["referred_on"].to_native(),
                }
            )
            for row in rows
        ]

    def shared_participants(
        self, since: date | None = None, until: date | None = None
    ) -> list[SharedParticipants]:
        rows = self._records(cypher.SHARED_PARTICIPANTS, since=since, until=until)
        return [SharedParticipants(**row) for row in rows]

    def last_referrals(
        self, since: date | None = None, until: date | None = None
    ) -> list[LastReferral]:
        rows = self._records(cypher.LAST_REFERRALS, since=since, until=until)
        return [
            LastReferral(
                row["partner_a"], row["partner_b"], row["referred_on"].to_native()
            )
            for row in rows
        ]

    def partner_reach(
        self, since: date | None = None, until: date | None = None
    ) -> list[PartnerReach]:
        rows = self._records(cypher.PARTNER_REACH, since=since, until=until)
        return [PartnerReach(**row) for row in rows]

    def outcome_counts(
        self, since: date | None = None, until: date | None = None
    ) -> list[OutcomeCount]:
        rows = self._records(cypher.OUTCOME_COUNTS, since=since, until=until)
        return [OutcomeCount(**row) for row in rows]

    def journey_milestones(
        self, since: date | None = None, until: date | None = None
    ) -> list[JourneyMilestones]:
        rows = self._records(cypher.JOURNEY_MILESTONES, since=since, until=until)
        return [
            JourneyMilestones(
                row["enrolled_on"].to_native(),
                {name: day.to_native() for name, day in row["stages"]},
                {name: day.to_native() for name, day in row["outcomes"]},
                row["partners"],
            )
            for row in rows
        ]


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), ID_CHUNK):
        yield unique[start : start + ID_CHUNK]


def _user(properties: dict[str, Any]) -> User:
    """Return the user of a User node's properties; Neo4j gives times back
    as its own DateTime."""
    values = {
        name: value.to_native() if hasattr(value, "to_native") else value
        for name, value in properties.items()
    }
    return User(**values)


def _audit_entry(properties: dict[str, Any]) -> AuditEntry:
    """Return the audit entry of an AuditEntry node's properties."""
    return AuditEntry(
        at=properties["at"].to_native(),
        user_id=properties["user_id"],
        role=properties["role"],
        operation=properties["operation"],
        kind=properties["kind"],
        record_ids=tuple(properties["record_ids"]),
        request_id=properties.get("request_id"),
    )
