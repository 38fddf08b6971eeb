from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.importer import InvalidDateError, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("05/03/2024", date(2024, 3, 5)),
        ("5/3/2024", date(2024, 3, 5)),
        ("05-03-2024", date(2024, 3, 5)),
        ("05.03.2024", date(2024, 3, 5)),
        ("5 March 2024", date(2024, 3, 5)),
        ("5 mar 2024", date(2024, 3, 5)),
        ("05-Mar-2024", date(2024, 3, 5)),
        ("5 Sept 2024", date(2024, 9, 5)),
        ("  2024-03-05  ", date(2024, 3, 5)),
        ("2024-03-05T14:30:00", date(2024, 3, 5)),
        ("05/03/2024 14:30", date(2024, 3, 5)),
        ("29/02/2024", date(2024, 2, 29)),
        ("31/12/2025", date(2025, 12, 31)),
    ],
)
def test_parse_date_accepts(text, expected):
    assert parse_date(text) == expected


def test_slash_date_is_day_first():
    assert parse_date("05/03/2024") == date(2024, 3, 5)
    assert parse_date("12/01/2024") == date(2024, 1, 12)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("13/13/2024", "month 13 does not exist"),
        ("03/25/2024", "looks like a month-first date; write 25/03/2024"),
        ("31/02/2024", "day 31 does not exist in February 2024"),
        ("29/02/2023", "day 29 does not exist in February 2023"),
        ("2024-13-01", "month 13 does not exist"),
        ("05/03/24", "the year must have four digits"),
        ("5 Marchember 2024", "not an English month name"),
        ("next tuesday", "expected YYYY-MM-DD or day first as DD/MM/YYYY"),
        ("2024-03-05x", "expected YYYY-MM-DD"),
        ("05/03/2024 25:00", "the time of day 25:00 is invalid"),
        ("", "the date is empty"),
    ],
)
def test_parse_date_rejects(text, reason):
    with pytest.raises(InvalidDateError) as caught:
        parse_date(text)

    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"invalid date {text!r}: ")


def test_invalid_date_is_value_error():
    with pytest.raises(ValueError, match="invalid date '13/13/2024'"):
        parse_date("13/13/2024")


@given(st.dates(min_value=date(1000, 1, 1)))
def test_iso_and_day_first_round_trip(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}") == day
    assert parse_date(f"{day.day} {day:%B} {day.year}") == day
