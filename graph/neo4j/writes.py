"""Writes of the Neo4j store: upserts in batches, and imports that land
whole or not at all.

An import of up to ``ONE_TRANSACTION_RECORDS`` records is one transaction.
A larger one would need more transaction memory than a modest server
allows, so it commits batch by batch and remembers what it did: the ids
it created and the stored version of each record it replaced. If a batch
fails, those writes are undone, so the database ends as it began. While
such an import runs, readers can see the batches committed so far.

Every write transaction passes the import gate first (``enter_gate``).
A batched import marks the gate while it runs, and any other write,
including another import, raises ``BusyError`` until it ends, so nothing
else can build on records the undo would remove.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

import neo4j

from graph.config_json import config_to_json
from graph.errors import BusyError
from graph.model import Dataset, PartnershipConfig
from graph.neo4j import cypher
from graph.neo4j.records import LINKS, from_map, to_row
from graph.store import RECORD_TYPES, ImportSummary, ProgressCallback

logger = logging.getLogger(__name__)

T = TypeVar("T")
Write = Callable[[Callable[[neo4j.ManagedTransaction], T]], T]

BATCH_SIZE = 2000
# Neo4j 5.26 caps the memory of all running transactions together at 70%
# of the heap (dbms.memory.transaction.total.max). With a 512 MB heap, one
# transaction held the 59,000 records of 5,000 sample participants but not
# the 94,000 of 8,000. The Docker Compose file's default heap is 512 MB, so
# 25,000 leaves a margin of two there.
ONE_TRANSACTION_RECORDS = 25_000

CONFIG_KEY = "partnership"

# A batched import refreshes the gate with every batch, within seconds, and
# the driver gives up on a lost server after about 30 s of retries. A mark
# left for five minutes is from an import that died before clearing it.
GATE_STALE_SECONDS = 300

# The kind of node each link field points at, for error messages.
_LINK_KINDS = {
    "partner_id": "partners",
    "participant_id": "participants",
    "from_partner_id": "partners",
    "to_partner_id": "partners",
    "to_employer_id": "employers",
    "employer_id": "employers",
}


class MissingLinkError(Exception):
    """A record links to a node that does not exist."""


class UndoFailedError(Exception):
    """A failed import's committed batches could not all be undone."""


@dataclass
class BatchResult:
    """The records one batch of an import created, replaced and left alone."""

    created: list[str] = field(default_factory=list)
    replaced: list[Any] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class _Undo:
    """The committed writes of an import, kind by kind."""

    created: dict[str, list[str]] = field(default_factory=dict)
    replaced: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, kind: str, result: BatchResult) -> None:
        self.created.setdefault(kind, []).extend(result.created)
        self.replaced.setdefault(kind, []).extend(result.replaced)

    def records(self) -> int:
        return sum(map(len, self.created.values())) + sum(
            map(len, self.replaced.values())
        )


def enter_gate(tx: neo4j.ManagedTransaction, import_id: str | None = None) -> None:
    """Lock the import gate for the rest of ``tx``; raise BusyError when a
    batched import other than ``import_id`` is running."""
    gate = tx.run(
        cypher.ENTER_GATE,
        {"import_id": import_id, "stale_seconds": GATE_STALE_SECONDS},
    ).single(strict=True)
    if gate["blocked"]:
        started = gate["started_at"].to_native()
        expires = gate["active_at"].to_native() + timedelta(seconds=GATE_STALE_SECONDS)
        raise BusyError(
            f"a large import has been writing to the store since "
            f"{started:%Y-%m-%d %H:%M:%S} UTC, so no other write can run until "
            "it ends; try again in a few minutes. If that import stopped "
            "without finishing, other writes can run again from "
            f"{expires:%H:%M:%S} UTC, and importing the same files again "
            "completes it"
        )


def write_config(tx: neo4j.ManagedTransaction, config: PartnershipConfig) -> None:
    """Replace the stored framework."""
    tx.run(
        cypher.SAVE_SETTING, {"key": CONFIG_KEY, "value": config_to_json(config)}
    ).consume()


def write_rows(
    tx: neo4j.ManagedTransaction, kind: str, rows: list[dict[str, Any]]
) -> None:
    """Upsert ``rows`` of ``kind``; raise MissingLinkError, which rolls the
    transaction back, when a row links to a node that does not exist."""
    if not rows:
        return
    written = tx.run(cypher.UPSERT[kind], {"rows": rows}).single(strict=True)
    if written["written"] != len(rows):
        raise MissingLinkError(_missing_link(tx, kind, rows))


def upsert_batch(
    tx: neo4j.ManagedTransaction, kind: str, batch: tuple[Any, ...]
) -> BatchResult:
    """Write the records of ``batch`` that are new or changed, and return
    which were created and the stored versions of those replaced."""
    stored = {
        row["record"]["id"]: from_map(kind, row["record"])
        for row in tx.run(cypher.BY_IDS[kind], {"ids": [r.id for r in batch]})
    }
    result = BatchResult()
    changed = []
    for record in batch:
        before = stored.get(record.id)
        if before is None:
            result.created.append(record.id)
        elif before != record:
            result.replaced.append(before)
        else:
            result.unchanged += 1
            continue
        changed.append(to_row(kind, record))
    write_rows(tx, kind, changed)
    return result


def import_in_one_transaction(
    write: Write[ImportSummary],
    dataset: Dataset,
    progress: ProgressCallback | None,
) -> ImportSummary:
    """Import ``dataset`` in one transaction, so a failure writes nothing."""

    def work(tx: neo4j.ManagedTransaction) -> ImportSummary:
        # A retry runs this again from the start, so the summary too.
        summary = ImportSummary()
        enter_gate(tx)
        write_config(tx, dataset.config)
        for kind in RECORD_TYPES:
            records = getattr(dataset, kind)
            results = []
            for start in range(0, len(records), BATCH_SIZE):
                batch = records[start : start + BATCH_SIZE]
                results.append(upsert_batch(tx, kind, batch))
                if progress is not None:
                    progress(kind, start + len(batch), len(records))
            _count(summary, kind, results)
        return summary

    return write(work)


def import_in_batches(
    write: Write[Any],
    dataset: Dataset,
    progress: ProgressCallback | None,
) -> ImportSummary:
    """Import ``dataset`` one committed batch at a time; on failure, undo
    every committed batch and raise the failure.

    Raises BusyError when another batched import is running, and
    UndoFailedError, chained to the failure, when the undo fails too.
    """
    import_id = uuid.uuid4().hex
    write(partial(_mark_gate, import_id=import_id))
    try:
        return _write_batches(_gated(write, import_id), dataset, progress)
    finally:
        try:
            write(partial(_clear_gate, import_id=import_id))
        except Exception as err:
            logger.warning(
                "failed to clear the import gate (%s); other writes can run "
                "again in %s seconds",
                err,
                GATE_STALE_SECONDS,
            )


def _write_batches(
    write: Write[Any], dataset: Dataset, progress: ProgressCallback | None
) -> ImportSummary:
    summary = ImportSummary()
    undo = _Undo()
    try:
        for kind in RECORD_TYPES:
            records = getattr(dataset, kind)
            results = []
            for start in range(0, len(records), BATCH_SIZE):
                batch = records[start : start + BATCH_SIZE]
                result = write(partial(upsert_batch, kind=kind, batch=batch))
                undo.add(kind, result)
                results.append(result)
                if progress is not None:
                    progress(kind, start + len(batch), len(records))
            _count(summary, kind, results)
        # The framework goes last, so a failure leaves the old one in place.
        write(partial(write_config, config=dataset.config))
    except BaseException as failure:
        logger.warning(
            "import failed after writing %s records; undoing them", undo.records()
        )
        try:
            _undo(write, undo)
        except Exception as err:
            raise UndoFailedError(str(err)) from failure
        raise
    return summary


def _gated(write: Write[Any], import_id: str) -> Write[Any]:
    """Return ``write`` with each transaction passing the gate as
    ``import_id`` first."""

    def gated_write(work: Callable[[neo4j.ManagedTransaction], Any]) -> Any:
        def gated_work(tx: neo4j.ManagedTransaction) -> Any:
            enter_gate(tx, import_id)
            return work(tx)

        return write(gated_work)

    return gated_write


def _mark_gate(tx: neo4j.ManagedTransaction, import_id: str) -> None:
    enter_gate(tx)
    tx.run(cypher.MARK_GATE, {"import_id": import_id}).consume()


def _clear_gate(tx: neo4j.ManagedTransaction, import_id: str) -> None:
    tx.run(cypher.CLEAR_GATE, {"import_id": import_id}).consume()


def _undo(write: Write[Any], undo: _Undo) -> None:
    # Replaced records go back first, in import order so their links
    # resolve; created nodes go last, children before parents.
    for kind in RECORD_TYPES:
        replaced = undo.replaced.get(kind, [])
        for start in range(0, len(replaced), BATCH_SIZE):
            rows = [to_row(kind, r) for r in replaced[start : start + BATCH_SIZE]]
            write(partial(write_rows, kind=kind, rows=rows))
    for kind in reversed(RECORD_TYPES):
        created = undo.created.get(kind, [])
        for start in range(0, len(created), BATCH_SIZE):
            ids = created[start : start + BATCH_SIZE]
            write(partial(_delete, kind=kind, ids=ids))


def _delete(tx: neo4j.ManagedTransaction, kind: str, ids: list[str]) -> None:
    tx.run(cypher.DELETE_BY_IDS[kind], {"ids": ids}).consume()


def _count(summary: ImportSummary, kind: str, results: list[BatchResult]) -> None:
    summary.created[kind] = sum(len(result.created) for result in results)
    summary.updated[kind] = sum(len(result.replaced) for result in results)
    summary.unchanged[kind] = sum(result.unchanged for result in results)


def _missing_link(
    tx: neo4j.ManagedTransaction, kind: str, rows: list[dict[str, Any]]
) -> str:
    """Name the first link in ``rows`` whose node does not exist."""
    for name in LINKS[kind]:
        wanted = {row[name] for row in rows if row[name] is not None}
        if not wanted:
            continue
        query = cypher.EXISTING_IDS[_LINK_KINDS[name]]
        found = {record["id"] for record in tx.run(query, {"ids": sorted(wanted)})}
        for row in rows:
            if row[name] is not None and row[name] not in found:
                return f"{kind} {row['id']!r}: {name} {row[name]!r} does not exist"
    return f"{kind}: a linked record does not exist"
