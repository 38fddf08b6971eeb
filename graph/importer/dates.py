"""Parse dates written as ISO 8601 or in the UK's day-first order.

Accepted forms, each optionally followed by a time of day that is ignored
(``2024-03-05 14:30`` or ``05/03/2024 14:30:00``):

- ``2024-03-05``: ISO 8601, year first;
- ``05/03/2024``, ``5/3/2024``, ``05-03-2024``, ``05.03.2024``: day first,
  so ``05/03/2024`` is 5 March 2024 and never 3 May;
- ``5 March 2024``, ``5 Mar 2024``, ``05-Mar-2024``: English month names.

Years must have four digits, because ``05/03/24`` could mean 1924 or 2024.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_DAY_FIRST_DATE = re.compile(
    r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d+)"
)
_NAMED_MONTH_DATE = re.compile(
    r"(?P<day>\d{1,2})[ -](?P<month>[A-Za-z]+)\.?[ -](?P<year>\d+)"
)
_TIME_OF_DAY = re.compile(
    r"(?:[T ]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
)

_MONTHS_BY_NAME = {
    name.lower(): number
    for names in (calendar.month_name, calendar.month_abbr)
    for number, name in enumerate(names)
    if name
}
_MONTHS_BY_NAME["sept"] = 9

EXPECTED_FORMS = "YYYY-MM-DD or day first as DD/MM/YYYY"


class InvalidDateError(ValueError):
    """A text that is not a date in an accepted form.

    ``reason`` explains what is wrong without repeating the text, for
    messages that show the value separately.
    """

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"invalid date {text!r}: {reason}")
        self.text = text
        self.reason = reason


def parse_date(text: str) -> date:
    """Parse an ISO 8601 or UK day-first date, ignoring a time of day.

    Raises ``InvalidDateError`` (a ``ValueError``) whose message names the
    text, what is wrong with it and the accepted forms.
    """
    stripped = text.strip()
    if not stripped:
        raise InvalidDateError(text, f"the date is empty; expected {EXPECTED_FORMS}")

    for pattern, reader in (
        (_ISO_DATE, _read_iso),
        (_DAY_FIRST_DATE, _read_day_first),
        (_NAMED_MONTH_DATE, _read_named_month),
    ):
        match = pattern.match(stripped)
        if match is None:
            continue
        time_of_day = _TIME_OF_DAY.fullmatch(stripped, match.end())
        if time_of_day is None:
            break
        _check_time_of_day(text, time_of_day)
        return reader(text, match)

    raise InvalidDateError(text, f"expected {EXPECTED_FORMS}")


def _read_iso(text: str, match: re.Match[str]) -> date:
    year = int(match["year"])
    month = int(match["month"])
    day = int(match["day"])
    if not 1 <= month <= 12:
        raise InvalidDateError(
            text, f"month {month} does not exist; ISO dates are YYYY-MM-DD"
        )
    return _make_date(text, year, month, day)


def _read_day_first(text: str, match: re.Match[str]) -> date:
    year = _four_digit_year(text, match["year"])
    day = int(match["day"])
    month = int(match["month"])
    if not 1 <= month <= 12:
        if 1 <= day <= 12 and month <= 31:
            separator = match["sep"]
            raise InvalidDateError(
                text,
                f"{month} is not a month, and dates like this are read day first "
                f"(DD{separator}MM{separator}YYYY), so this looks like a "
                f"month-first date; write {month:02d}{separator}{day:02d}"
                f"{separator}{year} or {year}-{day:02d}-{month:02d}",
            )
        raise InvalidDateError(
            text,
            f"month {month} does not exist; dates like this are read day first "
            "as DD/MM/YYYY",
        )
    return _make_date(text, year, month, day)


def _read_named_month(text: str, match: re.Match[str]) -> date:
    year = _four_digit_year(text, match["year"])
    month = _MONTHS_BY_NAME.get(match["month"].lower())
    if month is None:
        raise InvalidDateError(
            text, f"{match['month']!r} is not an English month name or abbreviation"
        )
    return _make_date(text, year, month, int(match["day"]))


def _four_digit_year(text: str, digits: str) -> int:
    if len(digits) != 4:
        raise InvalidDateError(
            text,
            "the year must have four digits, because a two-digit year could be "
            "in either century",
        )
    return int(digits)


def _make_date(text: str, year: int, month: int, day: int) -> date:
    if year < 1:
        raise InvalidDateError(text, f"year {year} does not exist")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = calendar.month_name[month]
        raise InvalidDateError(
            text,
            f"day {day} does not exist in {month_name} {year}, which has "
            f"{days_in_month} days",
        )
    return date(year, month, day)


def _check_time_of_day(text: str, match: re.Match[str]) -> None:
    if match["hour"] is None:
        return
    hour = int(match["hour"])
    minute = int(match["minute"])
    second = int(match["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidDateError(
            text,
            f"the time of day {hour}:{minute:02d} is invalid; hours run 0 to 23 "
            "and minutes 0 to 59",
        )
