"""The optional consent_recorded_on and consent_recorded_by columns of
participants.csv: their defaults and the problems they can have."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph.errors import ImportProblem, ImportValidationError
from graph.importer import load_dataset
from graph.rules import MAX_TEXT_LENGTH

TODAY = date(2025, 6, 30)

# Participants 0012 (enrolled 2024-02-01), 12 (05/03/2024) and 0013
# (2024-02-10), with a recording date and recorder for each.
RECORDED = [
    ("2024-03-01", "a1b2c3d4e5f6"),
    ("", ""),
    ("2024-02-10", ""),
]


def _with_consent_columns(tables, recorded=RECORDED):
    participants = tables["participants"]
    participants[0] += ["consent_recorded_on", "consent_recorded_by"]
    for row, cells in zip(participants[1:], recorded, strict=True):
        row += list(cells)
    return tables


def _participants(folder):
    dataset = load_dataset(folder, today=TODAY)
    return {participant.id: participant for participant in dataset.participants}


def _problems(folder) -> list[ImportProblem]:
    with pytest.raises(ImportValidationError) as caught:
        load_dataset(folder, today=TODAY)
    return caught.value.problems


def test_absent_columns_give_defaults(write_folder, good_tables):
    participants = _participants(write_folder(good_tables))

    for participant in participants.values():
        assert participant.consent_recorded_on == participant.enrolled_on
        assert participant.consent_recorded_by == "import"


def test_given_values_are_read(write_folder, good_tables):
    participants = _participants(write_folder(_with_consent_columns(good_tables)))

    assert participants["0012"].consent_recorded_on == date(2024, 3, 1)
    assert participants["0012"].consent_recorded_by == "a1b2c3d4e5f6"


def test_empty_cells_give_defaults(write_folder, good_tables):
    participants = _participants(write_folder(_with_consent_columns(good_tables)))

    assert participants["12"].consent_recorded_on == date(2024, 3, 5)
    assert participants["12"].consent_recorded_by == "import"
    assert participants["0013"].consent_recorded_on == date(2024, 2, 10)
    assert participants["0013"].consent_recorded_by == "import"


def test_recorder_without_date(write_folder, good_tables):
    recorded = [("", "a1b2c3d4e5f6"), ("", ""), ("", "")]
    folder = write_folder(_with_consent_columns(good_tables, recorded))

    participant = _participants(folder)["0012"]

    assert participant.consent_recorded_on == date(2024, 2, 1)
    assert participant.consent_recorded_by == "a1b2c3d4e5f6"


def test_workbook_columns_read(write_workbook, good_tables):
    path = write_workbook(_with_consent_columns(good_tables))

    participant = _participants(path)["0012"]

    assert participant.consent_recorded_on == date(2024, 3, 1)
    assert participant.consent_recorded_by == "a1b2c3d4e5f6"


# (recording date, recorder, column, expected message)
BAD_VALUES = [
    (
        "2024-01-31",
        "",
        "consent_recorded_on",
        "participants.csv row 2, column 'consent_recorded_on': the consent was "
        "recorded before the participant enrolled on 2024-02-01 "
        "(value '2024-01-31')",
    ),
    (
        (TODAY + timedelta(days=1)).isoformat(),
        "",
        "consent_recorded_on",
        "participants.csv row 2, column 'consent_recorded_on': 2025-07-01 is in "
        "the future (today is 2025-06-30); record events once they have happened "
        "(value '2025-07-01')",
    ),
    (
        "31/02/2024",
        "",
        "consent_recorded_on",
        "participants.csv row 2, column 'consent_recorded_on': invalid date: day "
        "31 does not exist in February 2024, which has 29 days (value '31/02/2024')",
    ),
    (
        "",
        "x" * (MAX_TEXT_LENGTH + 1),
        "consent_recorded_by",
        "participants.csv row 2, column 'consent_recorded_by': too long: expected "
        f"at most {MAX_TEXT_LENGTH} characters, got {MAX_TEXT_LENGTH + 1} "
        f"(value '{'x' * (MAX_TEXT_LENGTH + 1)}')",
    ),
    (
        "",
        "admin\x00",
        "consent_recorded_by",
        "participants.csv row 2, column 'consent_recorded_by': invalid text: "
        "contains control characters such as NUL (value 'admin\\x00')",
    ),
]


@pytest.mark.parametrize(
    ("recorded_on", "recorded_by", "column", "text"),
    BAD_VALUES,
    ids=["before-enrolment", "future", "invalid-date", "too-long", "nul"],
)
def test_bad_value_reported(
    write_folder, good_tables, recorded_on, recorded_by, column, text
):
    recorded = [(recorded_on, recorded_by), ("", ""), ("", "")]
    folder = write_folder(_with_consent_columns(good_tables, recorded))

    problems = _problems(folder)

    assert len(problems) == 1, problems
    assert problems[0].file == "participants.csv"
    assert problems[0].row == 2
    assert problems[0].field == column
    assert str(problems[0]) == text


def test_recorded_on_enrolment_day_accepted(write_folder, good_tables):
    recorded = [("2024-02-01", ""), ("05/03/2024", ""), ("", "")]
    folder = write_folder(_with_consent_columns(good_tables, recorded))

    assert _participants(folder)["0012"].consent_recorded_on == date(2024, 2, 1)
