"""Calendar periods as date windows: a named period such as ``2024Q1``, and
a window split into months, quarters, half-years or years."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# The period lengths a window can be split into, shortest first.
PERIOD_LENGTHS = ("month", "quarter", "half-year", "year")
_MONTHS_PER_PERIOD = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}

_YEAR = re.compile(r"(\d{4})")
_HALF_YEAR = re.compile(r"(\d{4})[Hh]([12])")
_QUARTER = re.compile(r"(\d{4})[Qq]([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def window_of(period: str) -> tuple[date, date]:
    """Return the first and last day of ``period``: a year (``2024``), a
    half-year (``2024H1``), a quarter (``2024Q1``) or a month (``2024-03``).

    Raises ValueError naming the period and the forms it may take.

    >>> window_of("2024Q1")
    (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    """
    text = period.strip()
    if match := _QUARTER.fullmatch(text):
        year, quarter = int(match[1]), int(match[2])
        return _months(year, 3 * quarter - 2, 3 * quarter)
    if match := _HALF_YEAR.fullmatch(text):
        year, half = int(match[1]), int(match[2])
        return _months(year, 6 * half - 5, 6 * half)
    if match := _MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"invalid period {period!r}: there is no month {month}")
        return _months(year, month, month)
    if match := _YEAR.fullmatch(text):
        return _months(int(match[1]), 1, 12)
    raise ValueError(
        f"invalid period {period!r}: expected a year (2024), a half-year "
        "(2024H1), a quarter (2024Q1) or a month (2024-03)"
    )


@dataclass(frozen=True)
class Period:
    """A calendar period, or the part of one inside a window.

    ``label`` names the whole period, in the form ``window_of`` reads:
    ``2024-03``, ``2024Q1``, ``2024H1`` or ``2024``. ``first_day`` and
    ``last_day`` are inclusive and clipped to the window.
    """

    label: str
    first_day: date
    last_day: date


def periods_between(start: date, end: date, length: str = "quarter") -> list[Period]:
    """Split the days from ``start`` to ``end`` into calendar periods.

    Parameters
    ----------
    start, end : datetime.date
        The window's first and last day, both inclusive.
    length : {"month", "quarter", "half-year", "year"}
        The period length. Periods follow the calendar: quarters start in
        January, April, July and October, half-years in January and July.

    Returns
    -------
    periods : list of Period
        Every period that contains a day of the window, in order. Empty
        when ``end`` is before ``start``.

    Raises
    ------
    ValueError
        If ``length`` is not one of ``PERIOD_LENGTHS``.

    Notes
    -----
    The first and last period are clipped to the window, so they can be
    shorter than the others: months from 15 March start with the 17 days
    from 15 to 31 March. Clipping keeps every period inside the window, so
    the figures of the periods cover exactly the window's days. Compare a
    clipped period with a whole one with care, because it had fewer days
    to collect referrals in.

    Examples
    --------
    >>> halves = periods_between(date(2024, 5, 10), date(2025, 1, 1), "half-year")
    >>> [p.label for p in halves]
    ['2024H1', '2024H2', '2025H1']
    >>> halves[0].first_day, halves[-1].last_day
    (datetime.date(2024, 5, 10), datetime.date(2025, 1, 1))
    """
    months = _months_per_period(length)
    if end < start:
        return []
    periods = []
    for index in range(_period_index(start, months), _period_index(end, months) + 1):
        year, first_month = divmod(index * months, 12)
        first_month += 1
        # The period's own days come from the calendar rather than from the
        # next period's first day, which does not exist after 9999-12-31.
        first, last = _months(year, first_month, first_month + months - 1)
        label = _label(year, first_month, length)
        periods.append(Period(label, max(first, start), min(last, end)))
    return periods


def count_periods(start: date, end: date, length: str) -> int:
    """Return how many periods ``periods_between`` would return, without
    building them.

    >>> count_periods(date(2024, 1, 31), date(2024, 3, 1), "month")
    3
    """
    months = _months_per_period(length)
    if end < start:
        return 0
    return _period_index(end, months) - _period_index(start, months) + 1


def _months_per_period(length: str) -> int:
    if length not in _MONTHS_PER_PERIOD:
        raise ValueError(
            f"invalid period length {length!r}: expected one of "
            f"{', '.join(PERIOD_LENGTHS)}"
        )
    return _MONTHS_PER_PERIOD[length]


def _period_index(day: date, months: int) -> int:
    """Return the number of whole periods of ``months`` months from the
    start of year 0 to the period that contains ``day``."""
    return (day.year * 12 + day.month - 1) // months


def _label(year: int, first_month: int, length: str) -> str:
    if length == "month":
        return f"{year:04d}-{first_month:02d}"
    if length == "quarter":
        return f"{year:04d}Q{(first_month - 1) // 3 + 1}"
    if length == "half-year":
        return f"{year:04d}H{(first_month - 1) // 6 + 1}"
    return f"{year:04d}"


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    if year < 1:
        raise ValueError(f"invalid year {year}")
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
