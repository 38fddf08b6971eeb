"""Read typed values from one table row, collecting a problem per bad value."""

from __future__ import annotations

import re
from datetime import date

from graph import rules
from graph.errors import ImportProblem
from graph.importer.dates import InvalidDateError, parse_date
from graph.importer.tables import CellValue, Row, Table

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")
_TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
_FALSE_WORDS = frozenset({"no", "n", "false", "0"})
# Line breaks and tabs may appear in free text typed into a spreadsheet cell.
_ALLOWED_IN_TEXT = frozenset("\t\n\r")


class RowReader:
    """Typed access to the cells of one row.

    Each method returns ``None`` for an empty cell. For an invalid cell it
    appends an ``ImportProblem`` to ``problems`` and returns ``None``.
    ``valid`` turns false as soon as any value is invalid or a required
    value is missing. A required column that the header lacks makes the row
    invalid without a problem of its own, because the header check reports
    it once.
    """

    def __init__(self, table: Table, row: Row, problems: list[ImportProblem]):
        self.table = table
        self.row = row
        self.problems = problems
        self.valid = True

    def report(self, column: str | None, message: str, value: object = None) -> None:
        """Record a problem with this row and mark the row invalid."""
        self.valid = False
        self.problems.append(
            ImportProblem(
                self.table.source,
                message,
                row=self.row.number,
                field=column,
                value=None if value is None else _display(value),
            )
        )

    def cell(self, column: str) -> CellValue | None:
        """Return the raw value of ``column``, ``None`` if empty or absent."""
        index = self.table.column_index(column)
        if index is None or index >= len(self.row.cells):
            return None
        return self.row.cells[index]

    def text(self, column: str, *, required: bool = False) -> str | None:
        """Return the cell as text, checked against the API's limits.

        Ids (``id`` and columns ending in ``_id``) may have at most
        ``rules.MAX_ID_LENGTH`` characters and no control characters or line
        breaks. ``reason`` may have ``rules.MAX_REASON_LENGTH`` characters,
        other text ``rules.MAX_TEXT_LENGTH``, and neither may contain control
        characters other than tabs and line breaks.
        """
        value = self._present(column, required)
        if isinstance(value, date):
            return value.isoformat()
        if value is None:
            return None
        is_id = column == "id" or column.endswith("_id")
        max_length = _max_length(column, is_id)
        if len(value) > max_length:
            self.report(
                column,
                f"too long: expected at most {max_length} characters, got {len(value)}",
                value,
            )
            return None
        if is_id and not value.isprintable():
            self.report(
                column, "invalid id: contains control characters or line breaks", value
            )
            return None
        if not is_id and not all(
            char.isprintable() or char in _ALLOWED_IN_TEXT for char in value
        ):
            self.report(
                column,
                "invalid text: contains control characters such as NUL",
                value,
            )
            return None
        return value

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self._present(column, required)
        if value is None or isinstance(value, date):
            return value
        try:
            return parse_date(value)
        except InvalidDateError as err:
            self.report(column, f"invalid date: {err.reason}", value)
            return None

    def integer(
        self, column: str, minimum: int, maximum: int, *, required: bool = False
    ) -> int | None:
        """Return a whole number from ``minimum`` to ``maximum`` inclusive."""
        value = self._present(column, required)
        if value is None:
            return None
        expected = f"expected a whole number from {minimum} to {maximum}"
        if isinstance(value, date):
            self.report(column, expected, value)
            return None
        if _INTEGER.fullmatch(value) is None:
            self.report(column, expected, value)
            return None
        number = int(value)
        if not minimum <= number <= maximum:
            self.report(column, expected, value)
            return None
        return number

    def non_negative_number(
        self, column: str, *, required: bool = False
    ) -> float | None:
        value = self._present(column, required)
        if value is None:
            return None
        expected = "expected a number of 0 or more, such as 1.5"
        if isinstance(value, date):
            self.report(column, expected, value)
            return None
        if _DECIMAL.fullmatch(value) is None:
            self.report(column, expected, value)
            return None
        number = float(value)
        if number < 0:
            self.report(column, expected, value)
            return None
        return number

    def boolean(self, column: str, *, default: bool) -> bool:
        """Return a yes/no value; an empty cell is ``default``."""
        value = self._present(column, required=False)
        if value is None:
            return default
        word = value.lower() if isinstance(value, str) else ""
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        self.report(
            column, "expected yes or no (also y/n, true/false, 1/0, in any case)", value
        )
        return default

    def _present(self, column: str, required: bool) -> CellValue | None:
        value = self.cell(column)
        if value is not None or not required:
            return value
        if self.table.column_index(column) is None:
            self.valid = False
        else:
            self.report(column, "missing value; this column is required")
        return None


def _max_length(column: str, is_id: bool) -> int:
    if is_id:
        return rules.MAX_ID_LENGTH
    if column == "reason":
        return rules.MAX_REASON_LENGTH
    return rules.MAX_TEXT_LENGTH


def _display(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
