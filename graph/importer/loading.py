"""Load a whole import, validate it, and hand it to a store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from graph.errors import ImportProblem, ImportValidationError
from graph.importer.columns import FILE_SPECS, PARTNERSHIP_FILE, check_header
from graph.importer.config import default_config, read_config
from graph.importer.records import Vocabulary, read_records
from graph.importer.references import check_organisation_ids, check_references
from graph.importer.sources import read_source
from graph.importer.timeline import check_timeline
from graph.model import (
    Activity,
    Dataset,
    Employer,
    Outcome,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)
from graph.store import RECORD_KINDS, ImportSummary, ProgressCallback, Record, Store

logger = logging.getLogger(__name__)

RecordT = TypeVar("RecordT")


@dataclass(frozen=True)
class ImportReport:
    """Record counts of an import and the store's summary of its write.

    ``read`` counts the records read per kind. ``summary`` is ``None`` on a
    dry run, which writes nothing.
    """

    read: dict[str, int]
    summary: ImportSummary | None


def load_dataset(
    path: str | Path, store: Store | None = None, *, today: date | None = None
) -> Dataset:
    """Read and validate a folder of CSV files or an .xlsx workbook.

    ``partnership.toml`` in the folder, or beside the workbook, sets the
    framework. Without one, the framework is the store's when ``store`` is
    given, so importing new rows does not reset it, and the defaults
    otherwise. References are resolved against the import and, with a
    ``store``, the records it already contains. Dates of events must not be
    after ``today``, which defaults to the current date.

    Raises ``ImportValidationError`` listing every problem in every file.
    """
    path = Path(path)
    source = read_source(path)
    problems = list(source.problems)

    config, vocabulary = _framework(source.config_path, store, problems)

    today = today or date.today()
    records: dict[str, list[Record]] = {}
    for kind, table in source.tables.items():
        problems.extend(check_header(table, FILE_SPECS[kind]))
        records[kind] = read_records(kind, table, vocabulary, problems, today)
    check_references(source, store, problems)
    check_organisation_ids(source, store, problems)
    check_timeline(source, records, store, problems)

    if problems:
        order = [PARTNERSHIP_FILE, *(source.names.get(kind) for kind in FILE_SPECS)]
        raise ImportValidationError(_sorted(problems, order))

    return Dataset(
        config=config,
        partners=_of_type(records, "partners", Partner),
        employers=_of_type(records, "employers", Employer),
        participants=_of_type(records, "participants", Participant),
        referrals=_of_type(records, "referrals", Referral),
        activities=_of_type(records, "activities", Activity),
        outcomes=_of_type(records, "outcomes", Outcome),
    )


def import_path(
    store: Store,
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    today: date | None = None,
) -> ImportReport:
    """Validate the import at ``path`` and, unless ``dry_run``, write it.

    Nothing is written unless every file is valid, and the store writes the
    whole dataset in one transaction. ``today`` is passed to
    ``load_dataset``. Records are upserted by id, so
    importing the same files again changes nothing.
    """
    try:
        dataset = load_dataset(path, store, today=today)
    except ImportValidationError as err:
        logger.info("import of %s rejected: %d problems", path, len(err.problems))
        raise
    read = {kind: len(getattr(dataset, kind)) for kind in RECORD_KINDS}
    if dry_run:
        logger.info("dry run of %s: valid, nothing written", path)
        return ImportReport(read, None)

    # The store logs the counts of what it wrote.
    summary = store.import_dataset(dataset, progress)
    return ImportReport(read, summary)


def _framework(
    config_path: Path | None, store: Store | None, problems: list[ImportProblem]
) -> tuple[PartnershipConfig, Vocabulary]:
    if config_path is None:
        config = store.load_config() if store is not None else default_config()
        invalid_keys: set[str] = set()
    else:
        reading = read_config(config_path)
        problems.extend(reading.problems)
        config = reading.config
        invalid_keys = reading.invalid_keys

    def allowed(key: str, values: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if key in invalid_keys or not values else values

    vocabulary = Vocabulary(
        stages=allowed("stages", config.stages),
        activity_types=allowed("activity_types", config.activity_types),
        outcome_types=allowed("outcome_types", config.outcome_types),
    )
    return config, vocabulary


def _of_type(
    records: dict[str, list[Record]], kind: str, record_type: type[RecordT]
) -> tuple[RecordT, ...]:
    return tuple(
        record for record in records.get(kind, ()) if isinstance(record, record_type)
    )


def _sorted(
    problems: list[ImportProblem], files: list[str | None]
) -> list[ImportProblem]:
    """Order problems by file, in import order, then by row; the sort is
    stable, so problems in one row keep the order of its columns."""

    def key(problem: ImportProblem) -> tuple[int, int]:
        file_rank = files.index(problem.file) if problem.file in files else -1
        return (file_rank, problem.row or 0)

    return sorted(problems, key=key)
