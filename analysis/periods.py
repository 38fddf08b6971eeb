"""Named periods of the calendar, such as ``2024Q1``, as date windows."""

from __future__ import annotations

import calendar
import re
from datetime import date

_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})[Qq]([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def window_of(period: str) -> tuple[date, date]:
    """Return the first and last day of ``period``: a year (``2024``), a
    quarter (``2024Q1``) or a month (``2024-03``).

    Raises ValueError naming the period and the forms it may take.

    >>> window_of("2024Q1")
    (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    """
    text = period.strip()
    if match := _QUARTER.fullmatch(text):
        year, quarter = int(match[1]), int(match[2])
        return _months(year, 3 * quarter - 2, 3 * quarter)
    if match := _MONTH.fullmatch(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"invalid period {period!r}: there is no month {month}")
        return _months(year, month, month)
    if match := _YEAR.fullmatch(text):
        return _months(int(match[1]), 1, 12)
    raise ValueError(
        f"invalid period {period!r}: expected a year (2024), a quarter "
        "(2024Q1) or a month (2024-03)"
    )


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    if year < 1:
        raise ValueError(f"invalid year {year}")
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
