"""Read CSV files and workbook sheets into tables of stripped cell values.

A cell value is a string with surrounding spaces removed, a ``date`` (only
from a workbook cell that contains a real date), or ``None`` for an empty cell.
Numbers from a workbook become the text a person would type, so an id cell
holding 12 reads as ``"12"``, not ``"12.0"``.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from graph.errors import ImportProblem

CellValue = str | date


@dataclass(frozen=True)
class Row:
    """One record row; ``number`` is the row number a spreadsheet shows."""

    number: int
    cells: tuple[CellValue | None, ...]


@dataclass(frozen=True)
class Table:
    """The rows of one CSV file or sheet under its header.

    ``source`` names the file (and sheet) in problems. ``header`` lists the
    column names stripped and in lower case, with ``""`` for a column whose
    header cell is empty. Blank rows are left out of ``rows``.
    """

    source: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]

    def column_index(self, name: str) -> int | None:
        """Return the position of the first column called ``name``, if any."""
        try:
            return self.header.index(name)
        except ValueError:
            return None


def read_csv_table(path: Path, source: str) -> tuple[Table | None, list[ImportProblem]]:
    """Read a UTF-8 CSV file, with or without a byte order mark."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [ImportProblem(source, f"the file cannot be read: {err.strerror}")]

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        message = (
            f"the file is not UTF-8 text: the byte 0x{data[err.start]:02x} at "
            f"position {err.start} is invalid; save it as CSV UTF-8"
        )
        return None, [ImportProblem(source, message)]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    numbered_rows = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            numbered_rows.append((number, [_text_cell(cell) for cell in cells]))
    except csv.Error as err:
        problem = ImportProblem(
            source, f"the file is not valid CSV: {err}", row=number + 1
        )
        return None, [problem]
    return build_table(source, numbered_rows)


def read_workbook_tables(
    path: Path,
) -> tuple[list[tuple[str, Table]], list[ImportProblem]]:
    """Read every sheet of an .xlsx workbook as ``(sheet name, table)`` pairs.

    Cells are read as the values Excel last saved, not as formulas.
    """
    source = path.name
    try:
        # openpyxl warns about workbook features it does not read, such as
        # data validation. They do not change cell values, and a test run
        # that treats warnings as errors would fail on them.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as err:
        message = f"the file is not a readable .xlsx workbook: {err}"
        return [], [ImportProblem(source, message)]
    except OSError as err:
        return [], [ImportProblem(source, f"the file cannot be read: {err.strerror}")]

    tables = []
    problems: list[ImportProblem] = []
    try:
        for sheet_name in workbook.sheetnames:
            sheet = workbook[sheet_name]
            sheet_source = f"{source} (sheet {sheet_name})"
            if not hasattr(sheet, "iter_rows"):
                # A chartsheet contains a chart and no cells.
                tables.append((sheet_name, Table(sheet_source, (), ())))
                continue
            numbered_rows = (
                (number, [_excel_cell(value) for value in values])
                for number, values in enumerate(
                    sheet.iter_rows(values_only=True), start=1
                )
            )
            table, sheet_problems = build_table(sheet_source, numbered_rows)
            problems.extend(sheet_problems)
            if table is not None:
                tables.append((sheet_name, table))
    finally:
        workbook.close()
    return tables, problems


def build_table(
    source: str, numbered_rows: Iterable[tuple[int, Sequence[CellValue | None]]]
) -> tuple[Table | None, list[ImportProblem]]:
    """Build a table whose header is the first non-blank row.

    Values in a column without a header name are a problem, reported once
    per column, because their meaning is unknown.
    """
    rows = _non_blank_rows(numbered_rows)
    first = next(rows, None)
    if first is None:
        return Table(source, (), ()), []

    header = [_header_name(cell) for cell in first.cells]
    records = list(rows)
    width = max([len(header), *(len(row.cells) for row in records)])
    header.extend([""] * (width - len(header)))

    problems = []
    for index, name in enumerate(header):
        if name:
            continue
        if any(index < len(row.cells) and row.cells[index] for row in records):
            problems.append(
                ImportProblem(
                    source,
                    f"column {index + 1} has values but has no name in the "
                    "header row; name it or delete it",
                )
            )
    return Table(source, tuple(header), tuple(records)), problems


def _non_blank_rows(
    numbered_rows: Iterable[tuple[int, Sequence[CellValue | None]]],
) -> Iterator[Row]:
    for number, cells in numbered_rows:
        if any(cell is not None for cell in cells):
            yield Row(number, tuple(cells))


def _header_name(cell: CellValue | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return cell.lower()


def _text_cell(text: str) -> str | None:
    stripped = text.strip()
    return stripped or None


def _excel_cell(value: object) -> CellValue | None:
    # datetime is a subclass of date, so it is tested first.
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, time | timedelta):
        return str(value)
    return _text_cell(str(value))


def _number_text(value: float) -> str:
    # Excel stores every number as a float; 12.0 was typed as 12. Floats
    # above 2**53 are not exact integers, so they keep their float form.
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)
