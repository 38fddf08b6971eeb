"""The date window of a page, read from its ``since`` and ``until`` parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from werkzeug.exceptions import BadRequest

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

# An invalid value is echoed in the error page up to this length.
MAX_SHOWN_CHARS = 40


@dataclass(frozen=True)
class DateWindow:
    """An inclusive range of days; ``None`` leaves that end open."""

    since: date | None = None
    until: date | None = None

    def describe(self) -> str:
        """Return the window as a phrase for a page heading."""
        if self.since is None:
            if self.until is None:
                return "all dates"
            return f"up to {format_day(self.until)}"
        if self.until is None:
            return f"from {format_day(self.since)}"
        return f"{format_day(self.since)} to {format_day(self.until)}"

    def query_args(self) -> dict[str, str]:
        """Return the window as query parameters, leaving out open ends."""
        args = {}
        if self.since is not None:
            args["since"] = self.since.isoformat()
        if self.until is not None:
            args["until"] = self.until.isoformat()
        return args


def format_day(day: date) -> str:
    """Return ``day`` as people write it in the UK, such as 1 March 2026."""
    return f"{day.day} {day:%B %Y}"


def parse_window(args: Mapping[str, str]) -> DateWindow:
    """Read ``since`` and ``until`` from query parameters.

    A missing or blank parameter leaves that end open, because a date form
    submits empty fields as blanks. Raises ``BadRequest`` naming the invalid
    value, or when ``since`` is after ``until``.
    """
    since = _parse_date(args, "since")
    until = _parse_date(args, "until")
    if since is not None and until is not None and since > until:
        raise BadRequest(
            f"The window is empty: since {since.isoformat()} is after until "
            f"{until.isoformat()}. Choose a since date on or before the until date."
        )
    return DateWindow(since, until)


def _parse_date(args: Mapping[str, str], name: str) -> date | None:
    value = args.get(name, "").strip()
    if not value:
        return None

    # date.fromisoformat also accepts 20260131 and week dates such as
    # 2026-W05-3. The pages document one format and accept only that.
    if ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass

    displayed = (
        value if len(value) <= MAX_SHOWN_CHARS else value[:MAX_SHOWN_CHARS] + "…"
    )
    raise BadRequest(
        f"Invalid {name} date {displayed!r}: expected a calendar date written "
        "YYYY-MM-DD, for example 2026-01-31."
    )
