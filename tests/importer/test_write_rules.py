"""The API's write rules, enforced on imported rows: no future event dates,
no event before enrolment, no referral to or enrolment by a partner that has
left, and the API's length and character limits on text.
"""

from datetime import date

import pytest

from graph import rules
from graph.errors import ImportValidationError
from graph.importer import import_path
from graph.model import Participant, Partner, PartnershipConfig
from graph.store import ImportSummary

TODAY = date(2024, 12, 31)


class WritingStore:
    """The Store methods import_path calls; writes are only recorded."""

    def __init__(self, records: tuple[Partner | Participant, ...] = ()):
        self.records = {record.id: record for record in records}
        self.imports = []

    def existing_ids(self, kind, ids):
        return set(ids) & set(self.records)

    def get_partner(self, partner_id):
        record = self.records.get(partner_id)
        return record if isinstance(record, Partner) else None

    def get_participant(self, participant_id):
        record = self.records.get(participant_id)
        return record if isinstance(record, Participant) else None

    def load_config(self):
        return PartnershipConfig()

    def import_dataset(self, dataset, progress=None):
        self.imports.append(dataset)
        return ImportSummary()


def _set_cell(tables, kind, record, column, value):
    """Set a cell of the ``record``-th record row (1 is the first)."""
    header = tables[kind][0]
    tables[kind][record][header.index(column)] = value


def _future(day: str) -> str:
    return (
        f"{day} is in the future (today is 2024-12-31); "
        "record events once they have happened"
    )


LONG_NAME = "x" * (rules.MAX_TEXT_LENGTH + 1)
LONG_REASON = "x" * (rules.MAX_REASON_LENGTH + 1)
LONG_ID = "R" * (rules.MAX_ID_LENGTH + 1)

# (file kind, record row, column, new value, expected message)
BROKEN_RULES = [
    ("partners", 1, "joined_on", "2025-01-01", _future("2025-01-01")),
    ("participants", 1, "enrolled_on", "2025-01-01", _future("2025-01-01")),
    ("referrals", 3, "referred_on", "2025-01-01", _future("2025-01-01")),
    ("referrals", 1, "status_on", "2025-01-01", _future("2025-01-01")),
    ("activities", 1, "occurred_on", "2025-01-01", _future("2025-01-01")),
    ("outcomes", 1, "achieved_on", "2025-01-01", _future("2025-01-01")),
    (
        "referrals",
        1,
        "referred_on",
        "2024-01-31",
        "2024-01-31 is before the participant enrolled on 2024-02-01",
    ),
    (
        "activities",
        1,
        "occurred_on",
        "2024-01-31",
        "2024-01-31 is before the participant enrolled on 2024-02-01",
    ),
    (
        "outcomes",
        2,
        "achieved_on",
        "2024-02-09",
        "2024-02-09 is before the participant enrolled on 2024-02-10",
    ),
    (
        "employers",
        1,
        "name",
        LONG_NAME,
        f"too long: expected at most {rules.MAX_TEXT_LENGTH} characters, "
        f"got {rules.MAX_TEXT_LENGTH + 1}",
    ),
    (
        "referrals",
        3,
        "reason",
        LONG_REASON,
        f"too long: expected at most {rules.MAX_REASON_LENGTH} characters, "
        f"got {rules.MAX_REASON_LENGTH + 1}",
    ),
    (
        "referrals",
        3,
        "id",
        LONG_ID,
        f"too long: expected at most {rules.MAX_ID_LENGTH} characters, "
        f"got {rules.MAX_ID_LENGTH + 1}",
    ),
    (
        "employers",
        1,
        "name",
        "Green\x00Grocers",
        "invalid text: contains control characters such as NUL",
    ),
    (
        "referrals",
        3,
        "id",
        "R\x003",
        "invalid id: contains control characters or line breaks",
    ),
]


@pytest.mark.parametrize(
    ("kind", "record", "column", "value", "message"),
    BROKEN_RULES,
    ids=[
        f"{kind}-{column}-{message.split(':')[0][:20]}"
        for kind, _, column, _, message in BROKEN_RULES
    ],
)
def test_write_rule_reported(
    write_folder, good_tables, kind, record, column, value, message
):
    _set_cell(good_tables, kind, record, column, value)
    store = WritingStore()

    with pytest.raises(ImportValidationError) as caught:
        import_path(store, write_folder(good_tables), today=TODAY)

    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert str(problems[0]) == (
        f"{kind}.csv row {record + 1}, column {column!r}: {message} (value {value!r})"
    )
    assert store.imports == []


@pytest.mark.parametrize(
    ("left_on", "ok"),
    [("2024-03-09", False), ("2024-03-10", False), ("2024-03-11", True)],
)
def test_referral_to_partner_that_left(write_folder, good_tables, left_on, ok):
    # R3 refers participant 12 to P03 on 2024-03-10.
    _set_cell(good_tables, "partners", 3, "left_on", left_on)
    store = WritingStore()
    folder = write_folder(good_tables)

    if ok:
        import_path(store, folder, today=TODAY)
        assert len(store.imports) == 1
        return
    with pytest.raises(ImportValidationError) as caught:
        import_path(store, folder, today=TODAY)

    assert [str(problem) for problem in caught.value.problems] == [
        f"referrals.csv row 4, column 'to_partner_id': partner 'P03' left the "
        f"partnership on {left_on} and cannot receive new referrals (value 'P03')"
    ]
    assert store.imports == []


def test_enrolment_by_partner_that_left(write_folder, good_tables):
    # Participant 12 is enrolled by P02 on 2024-03-05, the day P02 leaves.
    _set_cell(good_tables, "partners", 2, "left_on", "2024-03-05")
    store = WritingStore()

    with pytest.raises(ImportValidationError) as caught:
        import_path(store, write_folder(good_tables), today=TODAY)

    assert [str(problem) for problem in caught.value.problems] == [
        "participants.csv row 3, column 'partner_id': partner 'P02' left the "
        "partnership on 2024-03-05 and cannot enrol new participants "
        "(value 'P02')"
    ]
    assert store.imports == []


def test_event_before_stored_enrolment(write_folder, good_tables):
    stored = Participant(id="P-OLD", partner_id="P01", enrolled_on=date(2024, 6, 1))
    _set_cell(good_tables, "referrals", 3, "participant_id", "P-OLD")
    store = WritingStore((stored,))

    with pytest.raises(ImportValidationError) as caught:
        import_path(store, write_folder(good_tables), today=TODAY)

    assert [str(problem) for problem in caught.value.problems] == [
        "referrals.csv row 4, column 'referred_on': 2024-03-10 is before the "
        "participant enrolled on 2024-06-01 (value '2024-03-10')"
    ]
    assert store.imports == []


def test_referral_to_stored_partner_that_left(write_folder, good_tables):
    stored = Partner(id="P-OLD", name="Old Trust", left_on=date(2024, 3, 1))
    _set_cell(good_tables, "referrals", 3, "to_partner_id", "P-OLD")
    store = WritingStore((stored,))

    with pytest.raises(ImportValidationError) as caught:
        import_path(store, write_folder(good_tables), today=TODAY)

    assert [problem.message for problem in caught.value.problems] == [
        "partner 'P-OLD' left the partnership on 2024-03-01 and cannot receive "
        "new referrals"
    ]


def test_planned_leaving_date_accepted(write_folder, good_tables):
    _set_cell(good_tables, "partners", 3, "left_on", "2026-06-30")
    store = WritingStore()

    import_path(store, write_folder(good_tables), today=TODAY)

    assert store.imports[0].partners[2].left_on == date(2026, 6, 30)


def test_line_breaks_allowed_in_reason(write_folder, good_tables):
    _set_cell(good_tables, "referrals", 3, "reason", "needs childcare\nfirst")
    store = WritingStore()

    import_path(store, write_folder(good_tables), today=TODAY)

    assert store.imports[0].referrals[2].reason == "needs childcare\nfirst"
