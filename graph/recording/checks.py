"""The checks that every kind of record shares, and the collector of the
problems they find."""

from __future__ import annotations

import uuid
from datetime import date
from enum import Enum
from typing import Final, NoReturn

from graph.errors import FieldProblem, InvalidRecordError
from graph.model import Partner
from graph.rules import MAX_ID_LENGTH, MAX_TEXT_LENGTH
from graph.store import Store

MIN_BIRTH_YEAR = 1900


class Unchanged(Enum):
    """The type of ``UNCHANGED``."""

    UNCHANGED = "unchanged"


# The default of an update's optional fields: the stored value stays, while
# ``None`` clears it.
UNCHANGED: Final = Unchanged.UNCHANGED


class Problems:
    """The problems found so far in one request."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str) -> None:
        self.items.append(FieldProblem(field, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidRecordError(self.items)

    def reject(self) -> NoReturn:
        """Raise the problems found, which the caller knows to be some."""
        raise InvalidRecordError(self.items)


def describe(day: date | None) -> str:
    return day.isoformat() if day is not None else "an unknown date"


def new_id(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex}"


def clean_id(record_id: str | None, problems: Problems) -> str | None:
    """Return the client's id without surrounding spaces, ``None`` for none."""
    if record_id is None:
        return None
    record_id = record_id.strip()
    if not record_id:
        # Generating an id here would make every retry a new record.
        problems.add("id", "must not be empty; leave it out to have one generated")
        return None
    if len(record_id) > MAX_ID_LENGTH:
        problems.add("id", f"expected at most {MAX_ID_LENGTH} characters")
    elif not record_id.isprintable():
        problems.add("id", "must not contain control characters or line breaks")
    return record_id


def report_used_id(kind: str, problems: Problems) -> None:
    problems.add(
        "id",
        f"already used by a different {kind}; send a new id, or none to have "
        "one generated",
    )


def required_text(value: str | None, field: str, problems: Problems) -> str:
    text = optional_text(value, field, problems)
    if text is None:
        problems.add(field, "missing; enter a value")
        return ""
    return text


def optional_text(
    value: str | None,
    field: str,
    problems: Problems,
    max_length: int = MAX_TEXT_LENGTH,
) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > max_length:
        problems.add(field, f"expected at most {max_length} characters")
    return value


def check_birth_year(
    birth_year: int | None, enrolled_on: date, today: date, problems: Problems
) -> None:
    if birth_year is None:
        return
    if not MIN_BIRTH_YEAR <= birth_year <= today.year:
        problems.add(
            "birthYear",
            f"expected a year from {MIN_BIRTH_YEAR} to {today.year}, got {birth_year}",
        )
    elif birth_year > enrolled_on.year:
        problems.add(
            "birthYear",
            f"the participant was born after enrolling in {enrolled_on.year}",
        )


def check_not_future(day: date, field: str, today: date, problems: Problems) -> None:
    if day > today:
        problems.add(
            field,
            f"{day.isoformat()} is in the future (today is {today.isoformat()}); "
            "record events once they have happened",
        )


def find_partner(
    store: Store, partner_id: str, field: str, problems: Problems
) -> Partner | None:
    if not partner_id:
        return None
    partner = store.get_partner(partner_id)
    if partner is None:
        problems.add(field, f"no partner has the id {partner_id!r}")
    return partner


def check_participant_date(
    store: Store,
    participant_id: str,
    day: date,
    date_field: str,
    today: date,
    problems: Problems,
) -> None:
    """Check that the participant exists and that ``day`` falls between
    their enrolment and today."""
    check_not_future(day, date_field, today, problems)
    if not participant_id:
        return
    participant = store.get_participant(participant_id)
    if participant is None:
        problems.add("participantId", f"no participant has the id {participant_id!r}")
    elif day < participant.enrolled_on:
        problems.add(
            date_field,
            f"{day.isoformat()} is before the participant enrolled on "
            f"{participant.enrolled_on.isoformat()}",
        )


def is_used(store: Store, kind: str, record_id: str | None) -> bool:
    return bool(record_id) and bool(store.existing_ids(kind, [record_id or ""]))
