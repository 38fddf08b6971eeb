"""Turn table rows into model records, checking each row on its own.

Checks that need other files live in ``graph.importer.references`` (unknown
ids) and ``graph.importer.timeline`` (dates before enrolment or after a
partner left).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from graph import rules
from graph.errors import ImportProblem
from graph.importer.fields import RowReader
from graph.importer.tables import Table
from graph.model import Activity, Employer, Outcome, Participant, Partner, Referral
from graph.store import Record

# Birth years before this are taken as typing mistakes.
MIN_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class Vocabulary:
    """The values a partnership allows; ``None`` allows any text."""

    stages: tuple[str, ...] | None
    activity_types: tuple[str, ...] | None
    outcome_types: tuple[str, ...] | None


def read_records(
    kind: str,
    table: Table,
    vocabulary: Vocabulary,
    problems: list[ImportProblem],
    today: date,
) -> list[Record]:
    """Build a record from every valid row of ``table``.

    Appends a problem for every invalid value, and for every id already used
    on an earlier row, naming that row. Rows with any problem give no record.
    """
    build = _BUILDERS[kind]
    first_row_of_id: dict[str, int] = {}
    records = []
    for row in table.rows:
        reader = RowReader(table, row, problems)
        record = build(reader, vocabulary, today)

        # The builder already reported an invalid id, so read it quietly.
        record_id = RowReader(table, row, []).text("id")
        if record_id is not None:
            first_row = first_row_of_id.setdefault(record_id, row.number)
            if first_row != row.number:
                reader.report(
                    "id",
                    f"duplicate id: row {first_row} has the same id; "
                    "every id in a file must be unique",
                    record_id,
                )
        if record is not None and reader.valid:
            records.append(record)
    return records


def _partner(reader: RowReader, vocabulary: Vocabulary, today: date) -> Record | None:
    joined_on = _past_date(reader, "joined_on", today)
    left_on = reader.date("left_on")
    if joined_on and left_on and left_on < joined_on:
        reader.report(
            "left_on",
            f"the partner left before it joined on {joined_on.isoformat()}",
            left_on,
        )
    record = Partner(
        id=reader.text("id", required=True) or "",
        name=reader.text("name", required=True) or "",
        type=reader.text("type"),
        borough=reader.text("borough"),
        joined_on=joined_on,
        left_on=left_on,
    )
    return record if reader.valid else None


def _employer(reader: RowReader, vocabulary: Vocabulary, today: date) -> Record | None:
    record = Employer(
        id=reader.text("id", required=True) or "",
        name=reader.text("name", required=True) or "",
        sector=reader.text("sector"),
        size=reader.text("size"),
    )
    return record if reader.valid else None


def _participant(
    reader: RowReader, vocabulary: Vocabulary, today: date
) -> Record | None:
    record_id = reader.text("id", required=True)
    partner_id = reader.text("partner_id", required=True)
    enrolled_on = _past_date(reader, "enrolled_on", today, required=True)
    birth_year = reader.integer("birth_year", MIN_BIRTH_YEAR, today.year)
    if enrolled_on and birth_year and birth_year > enrolled_on.year:
        reader.report(
            "birth_year",
            f"the participant was born after enrolling in {enrolled_on.year}",
            birth_year,
        )
    gender = reader.text("gender")
    ethnicity = reader.text("ethnicity")
    postcode_district = reader.text("postcode_district")
    consent = reader.boolean("consent_to_share", default=False)
    consent_recorded_on = _past_date(reader, "consent_recorded_on", today)
    if enrolled_on and consent_recorded_on and consent_recorded_on < enrolled_on:
        reader.report(
            "consent_recorded_on",
            f"the consent was recorded before the participant enrolled on "
            f"{enrolled_on.isoformat()}",
            consent_recorded_on,
        )
    consent_recorded_by = reader.text("consent_recorded_by")

    if not reader.valid or enrolled_on is None:
        return None
    # An empty recording date or recorder gets the values that the SQLite
    # migration gives older rows: the enrolment date and the import.
    return Participant(
        id=record_id or "",
        partner_id=partner_id or "",
        enrolled_on=enrolled_on,
        birth_year=birth_year,
        gender=gender,
        ethnicity=ethnicity,
        postcode_district=postcode_district,
        consent_to_share=consent,
        consent_recorded_on=consent_recorded_on or enrolled_on,
        consent_recorded_by=consent_recorded_by or rules.IMPORT_RECORDER,
    )


def _referral(reader: RowReader, vocabulary: Vocabulary, today: date) -> Record | None:
    record_id = reader.text("id", required=True)
    participant_id = reader.text("participant_id", required=True)
    from_partner_id = reader.text("from_partner_id", required=True)
    to_partner_id = reader.text("to_partner_id")
    to_employer_id = reader.text("to_employer_id")
    referred_on = _past_date(reader, "referred_on", today, required=True)
    status = _status(reader)
    status_on = _past_date(reader, "status_on", today)
    reason = reader.text("reason")

    receiver_columns = [
        column
        for column in ("to_partner_id", "to_employer_id")
        if reader.table.column_index(column) is not None
    ]
    if to_partner_id and to_employer_id:
        reader.report(
            "to_employer_id",
            "a referral goes to a partner or an employer, not both; "
            "leave to_partner_id or to_employer_id empty",
            to_employer_id,
        )
    elif not to_partner_id and not to_employer_id and receiver_columns:
        reader.report(
            receiver_columns[0],
            "missing receiver; fill in to_partner_id or to_employer_id",
        )
    if to_partner_id and to_partner_id == from_partner_id:
        reader.report(
            "to_partner_id",
            "a partner cannot refer to itself; to_partner_id equals from_partner_id",
            to_partner_id,
        )
    if referred_on and status_on and status_on < referred_on:
        reader.report(
            "status_on",
            f"the status date is before the referral was made on "
            f"{referred_on.isoformat()}",
            status_on,
        )

    if not reader.valid or referred_on is None or status is None:
        return None
    return Referral(
        id=record_id or "",
        participant_id=participant_id or "",
        from_partner_id=from_partner_id or "",
        referred_on=referred_on,
        status=status,
        to_partner_id=to_partner_id,
        to_employer_id=to_employer_id,
        status_on=status_on,
        reason=reason,
    )


def _past_date(
    reader: RowReader, column: str, today: date, *, required: bool = False
) -> date | None:
    """Read a date of an event, which must not be after ``today``."""
    day = reader.date(column, required=required)
    if day is not None and day > today:
        reader.report(
            column,
            f"{day.isoformat()} is in the future (today is {today.isoformat()}); "
            "record events once they have happened",
            day,
        )
        return None
    return day


def _status(reader: RowReader) -> str | None:
    # Statuses are a fixed list, so "Accepted" is read as "accepted".
    value = reader.text("status", required=True)
    if value is None:
        return None
    if value.lower() in rules.REFERRAL_STATUSES:
        return value.lower()
    reader.report(
        "status", f"expected one of {', '.join(rules.REFERRAL_STATUSES)}", value
    )
    return None


def _activity(reader: RowReader, vocabulary: Vocabulary, today: date) -> Record | None:
    record_id = reader.text("id", required=True)
    participant_id = reader.text("participant_id", required=True)
    partner_id = reader.text("partner_id", required=True)
    activity_type = _vocabulary_text(reader, "type", vocabulary.activity_types)
    stage = _vocabulary_text(reader, "stage", vocabulary.stages, required=False)
    occurred_on = _past_date(reader, "occurred_on", today, required=True)
    hours = reader.non_negative_number("hours")

    if not reader.valid or occurred_on is None or activity_type is None:
        return None
    return Activity(
        id=record_id or "",
        participant_id=participant_id or "",
        partner_id=partner_id or "",
        type=activity_type,
        occurred_on=occurred_on,
        stage=stage,
        hours=hours,
    )


def _outcome(reader: RowReader, vocabulary: Vocabulary, today: date) -> Record | None:
    record_id = reader.text("id", required=True)
    participant_id = reader.text("participant_id", required=True)
    partner_id = reader.text("partner_id", required=True)
    outcome_type = _vocabulary_text(reader, "type", vocabulary.outcome_types)
    achieved_on = _past_date(reader, "achieved_on", today, required=True)
    employer_id = reader.text("employer_id")

    if not reader.valid or achieved_on is None or outcome_type is None:
        return None
    return Outcome(
        id=record_id or "",
        participant_id=participant_id or "",
        partner_id=partner_id or "",
        type=outcome_type,
        achieved_on=achieved_on,
        employer_id=employer_id,
    )


def _vocabulary_text(
    reader: RowReader,
    column: str,
    allowed: tuple[str, ...] | None,
    *,
    required: bool = True,
) -> str | None:
    value = reader.text(column, required=required)
    if value is None or allowed is None or value in allowed:
        return value
    reader.report(
        column,
        f"not in the partnership's list; expected one of {', '.join(allowed)}",
        value,
    )
    return None


_BUILDERS: dict[str, Callable[[RowReader, Vocabulary, date], Record | None]] = {
    "partners": _partner,
    "employers": _employer,
    "participants": _participant,
    "referrals": _referral,
    "activities": _activity,
    "outcomes": _outcome,
}
