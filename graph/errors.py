"""The exceptions partnergraph raises, in one small hierarchy.

Every message names the value that was wrong, what was expected and what to
do. Nothing here carries a participant's personal data beyond the ids and
the single offending value the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass


class PartnergraphError(Exception):
    """Base class of every error partnergraph raises on purpose."""


class ConfigurationError(PartnergraphError):
    """A setting, such as ``PARTNERGRAPH_DATABASE``, is invalid."""


class StoreError(PartnergraphError):
    """The store failed to read or write, or contains data it cannot use."""


class PartialImportError(StoreError):
    """An import that failed part-way and whose writes could not be undone,
    so the store contains part of it. ``failure`` describes why the import
    failed and ``undo_failure`` why the undo did."""

    def __init__(self, failure: str, undo_failure: str) -> None:
        super().__init__(
            f"import failed: {failure}; undoing what it had written failed "
            f"too ({undo_failure}), so the store holds part of the import. "
            "Run the same import again to complete it"
        )
        self.failure = failure
        self.undo_failure = undo_failure


class BusyError(PartnergraphError):
    """A write rejected because a large import is running. The same write
    succeeds once the import ends."""


class NotFoundError(PartnergraphError):
    """A record with the given id does not exist."""

    def __init__(self, kind: str, record_id: str) -> None:
        super().__init__(f"{kind} {record_id!r} not found")
        self.kind = kind
        self.record_id = record_id


@dataclass(frozen=True)
class ImportProblem:
    """One invalid value in an import file.

    ``row`` is the row number as a spreadsheet shows it: the header is row 1,
    the first record row 2. ``row`` and ``field`` are ``None`` for problems
    with a whole file or column.
    """

    file: str
    message: str
    row: int | None = None
    field: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        place = self.file
        if self.row is not None:
            place += f" row {self.row}"
        if self.field is not None:
            place += f", column {self.field!r}"
        if self.value is not None:
            return f"{place}: {self.message} (value {self.value!r})"
        return f"{place}: {self.message}"


class ImportValidationError(PartnergraphError):
    """An import was rejected; ``problems`` lists every invalid value found."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"import rejected, nothing was written: {count} {noun}\n{lines}"
        )


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field of a record sent through the API."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidRecordError(PartnergraphError):
    """A record sent to be written is invalid; nothing was written."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))
