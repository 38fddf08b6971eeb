"""Check the order of dates across files: enrolment, events, and leaving.

These are the date rules that ``graph.recording`` applies to a record sent
through the API, checked here for rows that refer to records in other files
or in the store.
"""

from __future__ import annotations

from collections.abc import Callable

from graph import rules
from graph.errors import ImportProblem
from graph.importer.fields import RowReader
from graph.importer.sources import Source
from graph.importer.tables import Row, Table
from graph.model import Participant, Partner
from graph.store import Record, Store

# For each kind of file that records an event for a participant, the column
# with the date of that event.
EVENT_DATES = {
    "referrals": "referred_on",
    "activities": "occurred_on",
    "outcomes": "achieved_on",
}


class _Lookup:
    """Valid records of one kind by id, from the import or else the store.

    An id that some row of the import has, valid or not, is never looked up
    in the store, because the import replaces the stored record.
    """

    def __init__(
        self,
        records: list[Record],
        table: Table | None,
        fetch_from_store: Callable[[str], Record | None] | None,
    ) -> None:
        self._records = {record.id: record for record in records}
        self._in_import = _ids(table)
        self._fetch = fetch_from_store
        self._fetched: dict[str, Record | None] = {}

    def get(self, record_id: str) -> Record | None:
        if record_id in self._in_import:
            return self._records.get(record_id)
        if self._fetch is None:
            return None
        if record_id not in self._fetched:
            self._fetched[record_id] = self._fetch(record_id)
        return self._fetched[record_id]


def check_timeline(
    source: Source,
    records: dict[str, list[Record]],
    store: Store | None,
    problems: list[ImportProblem],
) -> None:
    """Append a problem for every event before its participant's enrolment,
    every referral to a partner on or after the day it left, and every
    enrolment by a partner on or after the day it left.

    A reference to an unknown or invalid record is skipped, because its own
    problem already explains it.
    """
    partners = _Lookup(
        records.get("partners", []),
        source.tables.get("partners"),
        store.get_partner if store is not None else None,
    )
    participants = _Lookup(
        records.get("participants", []),
        source.tables.get("participants"),
        store.get_participant if store is not None else None,
    )

    enrolments = source.tables.get("participants")
    if enrolments is not None:
        for row in enrolments.rows:
            _check_enrolling_partner(enrolments, row, partners, problems)

    for kind, date_column in EVENT_DATES.items():
        event_table = source.tables.get(kind)
        if event_table is None:
            continue
        for row in event_table.rows:
            _check_event(event_table, row, date_column, participants, problems)
            if kind == "referrals":
                _check_receiver(event_table, row, partners, problems)


def _check_enrolling_partner(
    table: Table, row: Row, partners: _Lookup, problems: list[ImportProblem]
) -> None:
    values = RowReader(table, row, [])
    partner_id = values.text("partner_id")
    enrolled_on = values.date("enrolled_on")
    if partner_id is None or enrolled_on is None:
        return
    partner = partners.get(partner_id)
    left_on = partner.left_on if isinstance(partner, Partner) else None
    message = rules.departure_problem(partner_id, left_on, enrolled_on, rules.ENROL)
    if message is not None:
        RowReader(table, row, problems).report("partner_id", message, partner_id)


def _check_event(
    table: Table,
    row: Row,
    date_column: str,
    participants: _Lookup,
    problems: list[ImportProblem],
) -> None:
    values = RowReader(table, row, [])
    participant_id = values.text("participant_id")
    day = values.date(date_column)
    if participant_id is None or day is None:
        return
    participant = participants.get(participant_id)
    if not isinstance(participant, Participant):
        return
    if day < participant.enrolled_on:
        RowReader(table, row, problems).report(
            date_column,
            f"{day.isoformat()} is before the participant enrolled on "
            f"{participant.enrolled_on.isoformat()}",
            day,
        )


def _check_receiver(
    table: Table, row: Row, partners: _Lookup, problems: list[ImportProblem]
) -> None:
    values = RowReader(table, row, [])
    to_partner_id = values.text("to_partner_id")
    referred_on = values.date("referred_on")
    if to_partner_id is None or referred_on is None:
        return
    receiver = partners.get(to_partner_id)
    left_on = receiver.left_on if isinstance(receiver, Partner) else None
    message = rules.departure_problem(
        to_partner_id, left_on, referred_on, rules.RECEIVE_REFERRALS
    )
    if message is not None:
        RowReader(table, row, problems).report("to_partner_id", message, to_partner_id)


def _ids(table: Table | None) -> set[str]:
    if table is None:
        return set()
    ids = set()
    for row in table.rows:
        value = RowReader(table, row, []).text("id")
        if value is not None:
            ids.add(value)
    return ids
