"""Copy a whole partnership out of a store into a Dataset, and into files.

``read_dataset`` reads every record and the framework through the public
``Store`` interface only, so it works on every store. ``write_folder`` writes
a Dataset in the import format and checks, before it replaces any file,
that importing the files gives back the same records.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import ImportValidationError, PartnergraphError
from graph.import_format import COLUMNS, write_csv, write_partnership_toml
from graph.importer import load_dataset
from graph.importer.columns import PARTNERSHIP_FILE
from graph.model import Dataset
from graph.rules import IMPORT_RECORDER
from graph.store import RECORD_KINDS, Page, ProgressCallback, Record, Store

logger = logging.getLogger(__name__)

# Records per call when paging through participants and referrals, and
# participant ids per call when reading activities and outcomes.
PAGE_SIZE = 500

# Problems listed in the message of a folder that would not import again.
MAX_PROBLEMS_SHOWN = 10

RecordT = TypeVar("RecordT", bound=Record)


class TransferError(PartnergraphError):
    """A partnership could not be copied whole and unchanged."""


# reading


def read_dataset(
    store: Store,
    progress: ProgressCallback | None = None,
    *,
    page_size: int = PAGE_SIZE,
) -> Dataset:
    """Read every record and the framework of ``store``.

    Records of each kind are ordered by id. ``progress`` receives
    ``(kind, records read, records in the store)`` after each call to the
    store. The reads are separate calls, not one transaction.

    Raises ``TransferError`` when the number of records read differs from
    the store's ``count_records``: a write during the read, or records the
    interface cannot reach, such as an activity whose participant is
    missing.
    """
    if page_size < 1:
        raise ValueError(f"page size must be 1 or more, got {page_size}")
    expected = store.count_records()

    def report(kind: str, done: int) -> None:
        if progress is not None:
            progress(kind, done, expected.get(kind, 0))

    config = store.load_config()
    partners = store.list_partners()
    report("partners", len(partners))
    employers = store.list_employers()
    report("employers", len(employers))

    participants = _read_pages(
        lambda after: store.list_participants(after=after, first=page_size),
        lambda done: report("participants", done),
    )
    referrals = _read_pages(
        lambda after: store.list_referrals(after=after, first=page_size),
        lambda done: report("referrals", done),
    )

    participant_ids = [participant.id for participant in participants]
    activities = _read_by_participant(
        store.activities_for_participants,
        participant_ids,
        page_size,
        lambda done: report("activities", done),
    )
    outcomes = _read_by_participant(
        store.outcomes_for_participants,
        participant_ids,
        page_size,
        lambda done: report("outcomes", done),
    )

    dataset = Dataset(
        config=config,
        partners=_by_id(partners),
        employers=_by_id(employers),
        participants=_by_id(participants),
        referrals=_by_id(referrals),
        activities=_by_id(activities),
        outcomes=_by_id(outcomes),
    )
    _check_counts(dataset, expected)
    return dataset


def _read_pages(
    read_page: Callable[[str | None], Page[RecordT]],
    report: Callable[[int], None],
) -> list[RecordT]:
    records: list[RecordT] = []
    after: str | None = None
    while True:
        page = read_page(after)
        records.extend(page.items)
        report(len(records))
        if not page.has_next_page:
            return records
        if not page.items or page.items[-1].id == after:
            # A store that reports more pages without moving on would
            # otherwise keep this loop running for ever.
            raise TransferError(
                f"the store reported another page after id {after!r} but "
                "returned no new records; its paging is broken"
            )
        after = page.items[-1].id


def _read_by_participant(
    read_chunk: Callable[[list[str]], dict[str, list[RecordT]]],
    participant_ids: Sequence[str],
    chunk_size: int,
    report: Callable[[int], None],
) -> list[RecordT]:
    records: list[RecordT] = []
    if not participant_ids:
        report(0)
    for start in range(0, len(participant_ids), chunk_size):
        chunk = list(participant_ids[start : start + chunk_size])
        for grouped in read_chunk(chunk).values():
            records.extend(grouped)
        report(len(records))
    return records


def _by_id(records: Iterable[RecordT]) -> tuple[RecordT, ...]:
    return tuple(sorted(records, key=lambda record: record.id))


def _check_counts(dataset: Dataset, expected: dict[str, int]) -> None:
    read = record_counts(dataset)
    wrong = [kind for kind in RECORD_KINDS if read[kind] != expected.get(kind, 0)]
    if wrong:
        details = ", ".join(
            f"{read[kind]} {kind} read, {expected.get(kind, 0)} counted"
            for kind in wrong
        )
        raise TransferError(
            f"the records read differ from the store's counts ({details}). "
            "Either the store was written to during the read, or it holds "
            "records that are not linked to a participant. Retry when nothing "
            "else writes to the store"
        )


def record_counts(dataset: Dataset) -> dict[str, int]:
    """Return the number of records of each kind in ``dataset``."""
    return {kind: len(getattr(dataset, kind)) for kind in RECORD_KINDS}


# comparing


def first_difference(
    expected: Dataset, actual: Dataset, *, allow_extra: bool = False
) -> str | None:
    """Describe the first way ``actual`` differs from ``expected``, or
    return ``None`` when they hold the same framework and records.

    Records are matched by id, so their order does not matter. With
    ``allow_extra``, records that only ``actual`` contains are no difference.
    The description names kinds, ids and field names but no field values,
    because values may be personal data.
    """
    if actual.config != expected.config:
        names = _differing_fields(expected.config, actual.config)
        return f"the partnership's framework differs in {', '.join(names)}"
    for kind in RECORD_KINDS:
        wanted = {record.id: record for record in getattr(expected, kind)}
        found = {record.id: record for record in getattr(actual, kind)}
        for record_id, record in wanted.items():
            other = found.get(record_id)
            if other is None:
                return f"{kind}: {record_id!r} is missing"
            if other != record:
                names = _differing_fields(record, other)
                return f"{kind}: {record_id!r} differs in {', '.join(names)}"
        extra = sorted(found.keys() - wanted.keys())
        if extra and not allow_extra:
            return f"{kind}: {extra[0]!r} is not in the original"
    return None


def _differing_fields(first: Any, second: Any) -> list[str]:
    return [
        field.name
        for field in fields(first)
        if getattr(first, field.name) != getattr(second, field.name)
    ]


# writing


def write_folder(
    dataset: Dataset, out_dir: Path, *, today: date | None = None
) -> dict[str, int]:
    """Write ``dataset`` into ``out_dir`` in the import format.

    Writes ``partnership.toml`` and one CSV file per kind of record,
    replacing files of those names and leaving other files alone. The
    files are first written to a temporary folder beside ``out_dir`` and
    imported from there, without a store. Only when that gives back exactly
    ``dataset`` are they moved into ``out_dir``, which is created if
    missing. A new ``out_dir`` is readable by its owner only, because the
    files contain personal data.

    ``today`` is the date the check import treats as today, by default the
    current date. Returns the number of records written per kind. Raises
    ``TransferError``, with ``out_dir`` unchanged, when the files would
    import differently or not at all.

    The files hold no secret, user or token hash. A participant whose
    consent recording date or recorder is unknown (``None``) is written
    with the values an import gives an empty cell: the enrolment date and
    ``graph.rules.IMPORT_RECORDER``.
    """
    dataset = with_consent_defaults(dataset)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise TransferError(f"{out_dir} is a file; expected a folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)

    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        written = _write_files(dataset, staging)
        _check_imports_unchanged(dataset, staging, today)
        _move_files(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    logger.info("wrote %d records to %s", sum(written.values()), out_dir)
    return written


def with_consent_defaults(dataset: Dataset) -> Dataset:
    """Return ``dataset`` with each unknown consent recording date and
    recorder of a participant set to what an import gives an empty cell."""
    participants = tuple(
        replace(
            participant,
            consent_recorded_on=participant.consent_recorded_on
            or participant.enrolled_on,
            consent_recorded_by=participant.consent_recorded_by or IMPORT_RECORDER,
        )
        for participant in dataset.participants
    )
    return replace(dataset, participants=participants)


def _write_files(dataset: Dataset, folder: Path) -> dict[str, int]:
    written = {
        kind: write_csv(folder / f"{kind}.csv", COLUMNS[kind], getattr(dataset, kind))
        for kind in RECORD_KINDS
    }
    write_partnership_toml(folder / PARTNERSHIP_FILE, dataset.config)
    return written


def _check_imports_unchanged(
    dataset: Dataset, folder: Path, today: date | None
) -> None:
    try:
        imported = load_dataset(folder, today=today)
    except ImportValidationError as err:
        shown = err.problems[:MAX_PROBLEMS_SHOWN]
        noun = "problem" if len(err.problems) == 1 else "problems"
        lines = [
            f"the records would not import again: {len(err.problems)} {noun}; "
            "nothing was written",
            *(f"  {problem}" for problem in shown),
        ]
        if len(shown) < len(err.problems):
            lines.append(f"  ... and {len(err.problems) - len(shown)} more")
        raise TransferError("\n".join(lines)) from err

    difference = first_difference(dataset, imported)
    if difference is not None:
        # NOTE: the import format cannot hold every value a store accepts,
        # such as an empty string (an empty cell reads as None) or text
        # with surrounding spaces (the importer strips them).
        raise TransferError(
            f"the import format cannot hold these records unchanged ({difference}); "
            "nothing was written"
        )


def _move_files(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        # One rename, so the folder appears with every file or not at all.
        staging.rename(out_dir)
        return
    # NOTE: each file is replaced atomically, but the set is not. A failure
    # between two renames, such as another program removing the folder,
    # would leave some files new and some old.
    names = [f"{kind}.csv" for kind in RECORD_KINDS] + [PARTNERSHIP_FILE]
    for name in names:
        os.replace(staging / name, out_dir / name)
