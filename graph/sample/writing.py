"""Writing the sample partnership in the import format."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from graph.importer.columns import FILE_SPECS
from graph.rules import DEFAULT_OUTCOME_TYPES, DEFAULT_SMALL_NUMBER_THRESHOLD
from graph.sample.catalogue import (
    ACTIVITY_TYPES,
    END_ON,
    PARTNERSHIP_NAME,
    STAGES,
    START_ON,
)

# Columns of each CSV file, in the order they are written: the importer's
# own column lists, so the sample always matches the format it reads.
COLUMNS: dict[str, tuple[str, ...]] = {
    kind: spec.columns for kind, spec in FILE_SPECS.items()
}

# Programme targets as a share of participants, so job_start is 700 for
# 2,000 participants.
TARGET_SHARES = {
    "job_start": 0.35,
    "job_sustained_13w": 0.25,
    "job_sustained_26w": 0.18,
    "apprenticeship": 0.05,
    "training_qualification": 0.3,
    "education": 0.05,
}


def write_csv(path: Path, columns: Sequence[str], records: Iterable[object]) -> int:
    """Write one CSV file with a header row and return the number of records.

    Dates are written as YYYY-MM-DD, booleans as yes or no and ``None`` as an
    empty cell.
    """
    count = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow([_cell(getattr(record, name)) for name in columns])
            count += 1
    return count


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_config(path: Path, participants: int) -> None:
    """Write ``partnership.toml``: the sample's data collection framework."""
    targets = {
        outcome_type: max(1, round(share * participants))
        for outcome_type, share in TARGET_SHARES.items()
    }
    lines = [
        f"name = {_toml_string(PARTNERSHIP_NAME)}",
        f"start_on = {START_ON.isoformat()}",
        f"end_on = {END_ON.isoformat()}",
        f"stages = {_toml_list(STAGES)}",
        f"activity_types = {_toml_list(ACTIVITY_TYPES)}",
        f"outcome_types = {_toml_list(DEFAULT_OUTCOME_TYPES)}",
        f"small_number_threshold = {DEFAULT_SMALL_NUMBER_THRESHOLD}",
        "",
        "[targets]",
    ]
    lines += [f"{name} = {count}" for name, count in targets.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _toml_string(text: str) -> str:
    # json.dumps escapes quotes, backslashes and control characters below
    # U+0020 as a TOML basic string needs. The sample's names contain no DEL,
    # the one control character TOML also forbids and JSON leaves as it is.
    return json.dumps(text, ensure_ascii=False)


def _toml_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(_toml_string(item) for item in items) + "]"
