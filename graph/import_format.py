"""Write records and the partnership's framework in the import format.

The files are the ones ``graph.importer`` reads from a folder: one CSV file
per kind of record and ``partnership.toml``. Both the sample generator and
the export write through this module, so every value is written in a form
the importer reads back as the same value.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from graph.importer.columns import FILE_SPECS
from graph.model import PartnershipConfig

# Columns of each CSV file, in the order they are written: the importer's
# own column lists, so the files always match the format it reads.
COLUMNS: dict[str, tuple[str, ...]] = {
    kind: spec.columns for kind, spec in FILE_SPECS.items()
}

# TOML keys made of these characters need no quotes.
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def write_csv(path: Path, columns: Sequence[str], records: Iterable[object]) -> int:
    """Write one CSV file with a header row and return the number of records.

    Each column is read from the record's attribute of the same name. Dates
    are written as YYYY-MM-DD, booleans as yes or no, numbers without an
    exponent and ``None`` as an empty cell.
    """
    count = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        # With lineterminator "\n", the csv module of Python 3.11 quotes a
        # cell that contains "\n" but not one that contains only "\r", which
        # a reader takes as the end of the row. Such rows are quoted whole.
        quoting_writer = csv.writer(file, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(columns)
        for record in records:
            cells = [cell_text(getattr(record, name)) for name in columns]
            if any("\r" in cell for cell in cells):
                quoting_writer.writerow(cells)
            else:
                writer.writerow(cells)
            count += 1
    return count


def cell_text(value: object) -> str:
    """Return the text of one CSV cell for a record's field value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _decimal_text(value)
    return str(value)


def _decimal_text(value: float) -> str:
    # repr is the shortest text that reads back as the same float, but it
    # uses an exponent for values such as 1e-05, which the importer rejects.
    # Decimal rewrites it in positional notation with the same digits.
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def partnership_toml(config: PartnershipConfig) -> str:
    """Return the text of ``partnership.toml`` for ``config``.

    Keys whose value is the importer's "left out" meaning are left out:
    dates that are ``None``, empty ``stages``, ``activity_types`` that is
    ``None``, and empty ``targets`` and ``collaboration_weights``.
    """
    lines = [f"name = {toml_string(config.name)}"]
    if config.start_on is not None:
        lines.append(f"start_on = {config.start_on.isoformat()}")
    if config.end_on is not None:
        lines.append(f"end_on = {config.end_on.isoformat()}")
    if config.stages:
        lines.append(f"stages = {toml_list(config.stages)}")
    if config.activity_types is not None:
        lines.append(f"activity_types = {toml_list(config.activity_types)}")
    lines.append(f"outcome_types = {toml_list(config.outcome_types)}")
    lines.append(f"small_number_threshold = {config.small_number_threshold}")
    lines.append(f"recency_half_life_days = {config.recency_half_life_days}")
    if config.targets:
        lines += ["", "[targets]"]
        lines += [
            f"{_toml_key(outcome_type)} = {target}"
            for outcome_type, target in config.targets.items()
        ]
    if config.collaboration_weights:
        lines += ["", "[collaboration_weights]"]
        lines += [
            f"{name} = {weight!r}"
            for name, weight in config.collaboration_weights.items()
        ]
    return "\n".join(lines) + "\n"


def write_partnership_toml(path: Path, config: PartnershipConfig) -> None:
    """Write ``config`` to ``path`` as ``partnership.toml``."""
    path.write_text(partnership_toml(config), encoding="utf-8")


def toml_string(text: str) -> str:
    """Return ``text`` as a TOML basic string, in double quotes."""
    # json.dumps escapes quotes, backslashes and the control characters
    # below U+0020 as TOML basic strings need. DEL is the one control
    # character TOML also forbids and JSON leaves as it is.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_list(items: Iterable[str]) -> str:
    """Return ``items`` as a TOML array of strings on one line."""
    return "[" + ", ".join(toml_string(item) for item in items) + "]"


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)
