"""Named periods as date windows, and windows split into calendar periods."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.periods import (
    PERIOD_LENGTHS,
    Period,
    count_periods,
    periods_between,
    window_of,
)


@pytest.mark.parametrize(
    ("period", "window"),
    [
        ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
        ("2024H1", (date(2024, 1, 1), date(2024, 6, 30))),
        ("2024h2", (date(2024, 7, 1), date(2024, 12, 31))),
        ("2024Q1", (date(2024, 1, 1), date(2024, 3, 31))),
        ("2024q4", (date(2024, 10, 1), date(2024, 12, 31))),
        # 2024 is a leap year, 2023 is not.
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2023-02", (date(2023, 2, 1), date(2023, 2, 28))),
        (" 2025-11 ", (date(2025, 11, 1), date(2025, 11, 30))),
    ],
)
def test_window_of(period, window):
    assert window_of(period) == window


@pytest.mark.parametrize(
    "period", ["2024Q0", "2024Q5", "2024H0", "2024H3", "24Q1", "2024-1", "Q1", ""]
)
def test_invalid_periods(period):
    with pytest.raises(ValueError, match="invalid period"):
        window_of(period)


def _periods(*rows: tuple[str, str, str]) -> list[Period]:
    return [
        Period(label, date.fromisoformat(first), date.fromisoformat(last))
        for label, first, last in rows
    ]


@pytest.mark.parametrize(
    ("start", "end", "length", "expected"),
    [
        # A window from mid-January: the first month is clipped, February
        # of a leap year has 29 days, and the last month ends on 10 March.
        (
            date(2024, 1, 15),
            date(2024, 3, 10),
            "month",
            _periods(
                ("2024-01", "2024-01-15", "2024-01-31"),
                ("2024-02", "2024-02-01", "2024-02-29"),
                ("2024-03", "2024-03-01", "2024-03-10"),
            ),
        ),
        (
            date(2023, 2, 1),
            date(2023, 2, 28),
            "month",
            _periods(("2023-02", "2023-02-01", "2023-02-28")),
        ),
        (
            date(2024, 2, 29),
            date(2024, 7, 1),
            "quarter",
            _periods(
                ("2024Q1", "2024-02-29", "2024-03-31"),
                ("2024Q2", "2024-04-01", "2024-06-30"),
                ("2024Q3", "2024-07-01", "2024-07-01"),
            ),
        ),
        (
            date(2024, 5, 10),
            date(2025, 7, 1),
            "half-year",
            _periods(
                ("2024H1", "2024-05-10", "2024-06-30"),
                ("2024H2", "2024-07-01", "2024-12-31"),
                ("2025H1", "2025-01-01", "2025-06-30"),
                ("2025H2", "2025-07-01", "2025-07-01"),
            ),
        ),
        # Two days either side of new year are two years of one day each.
        (
            date(2023, 12, 31),
            date(2024, 1, 1),
            "year",
            _periods(
                ("2023", "2023-12-31", "2023-12-31"),
                ("2024", "2024-01-01", "2024-01-01"),
            ),
        ),
        (
            date(2023, 7, 1),
            date(2024, 12, 31),
            "year",
            _periods(
                ("2023", "2023-07-01", "2023-12-31"),
                ("2024", "2024-01-01", "2024-12-31"),
            ),
        ),
    ],
)
def test_periods_between(start, end, length, expected):
    assert periods_between(start, end, length) == expected


@pytest.mark.parametrize(
    ("length", "label"),
    [
        ("month", "2024-02"),
        ("quarter", "2024Q1"),
        ("half-year", "2024H1"),
        ("year", "2024"),
    ],
)
def test_one_day_window(length, label):
    day = date(2024, 2, 29)

    assert periods_between(day, day, length) == [Period(label, day, day)]


@pytest.mark.parametrize("length", PERIOD_LENGTHS)
def test_window_ending_before_it_starts(length):
    assert periods_between(date(2024, 3, 2), date(2024, 3, 1), length) == []
    assert count_periods(date(2024, 3, 2), date(2024, 3, 1), length) == 0


@pytest.mark.parametrize(
    ("length", "labels"),
    [
        ("month", ["9999-11", "9999-12"]),
        ("quarter", ["9999Q4"]),
        ("half-year", ["9999H2"]),
        ("year", ["9999"]),
    ],
)
def test_last_day_of_the_calendar(length, labels):
    periods = periods_between(date(9999, 11, 30), date(9999, 12, 31), length)

    assert [period.label for period in periods] == labels
    assert periods[-1].last_day == date(9999, 12, 31)


def test_quarter_is_the_default():
    periods = periods_between(date(2024, 1, 1), date(2024, 12, 31))

    assert [period.label for period in periods] == [
        "2024Q1",
        "2024Q2",
        "2024Q3",
        "2024Q4",
    ]


def test_invalid_period_length():
    with pytest.raises(ValueError, match="invalid period length 'week'"):
        periods_between(date(2024, 1, 1), date(2024, 1, 31), "week")
    with pytest.raises(ValueError, match="expected one of month, quarter"):
        count_periods(date(2024, 1, 1), date(2024, 1, 31), "weekly")


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@given(days, days, st.sampled_from(PERIOD_LENGTHS))
def test_periods_cover_the_window_once(start, end, length):
    start, end = min(start, end), max(start, end)

    periods = periods_between(start, end, length)

    assert len(periods) == count_periods(start, end, length)
    assert periods[0].first_day == start
    assert periods[-1].last_day == end
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.first_day == before.last_day + timedelta(days=1)
    for period in periods:
        # Each period lies inside the calendar period its label names, and
        # only the first and last may be shorter than it.
        whole_first, whole_last = window_of(period.label)
        assert whole_first <= period.first_day <= period.last_day <= whole_last
    for period in periods[1:-1]:
        assert (period.first_day, period.last_day) == window_of(period.label)
