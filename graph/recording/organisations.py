"""Adding partners and employers, and recording that a partner left."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from graph.model import (
    Employer,
    Partner,
)
from graph.recording.checks import (
    UNCHANGED,
    Problems,
    Unchanged,
    check_not_future,
    clean_id,
    new_id,
    optional_text,
    report_used_id,
    required_text,
)
from graph.store import ReferralFilter, Store

# Participants read per store call when checking a partner's enrolments.
_ENROLMENT_PAGE_SIZE = 500


def add_partner(
    store: Store,
    *,
    name: str,
    type: str | None = None,
    borough: str | None = None,
    joined_on: date | None = None,
    record_id: str | None = None,
    today: date | None = None,
) -> Partner:
    """Save a new partner and return it.

    A retry with the same id returns the stored partner even when it has
    left since, because the request did not carry a leaving date.
    """
    today = today or date.today()
    problems = Problems()
    record_id = clean_id(record_id, problems)
    partner = Partner(
        id=record_id or new_id("partner"),
        name=required_text(name, "name", problems),
        type=optional_text(type, "type", problems),
        borough=optional_text(borough, "borough", problems),
        joined_on=joined_on,
    )
    existing = store.get_partner(record_id) if record_id else None
    if existing is not None and replace(existing, left_on=None) == partner:
        return existing
    if existing is not None:
        report_used_id("partner", problems)
    elif record_id and store.get_employer(record_id) is not None:
        report_used_id("employer", problems)
    if joined_on is not None:
        check_not_future(joined_on, "joinedOn", today, problems)

    problems.raise_if_any()
    store.save(partner)
    return partner


def update_partner(
    store: Store,
    *,
    partner_id: str,
    name: str | None | Unchanged = UNCHANGED,
    type: str | None | Unchanged = UNCHANGED,
    borough: str | None | Unchanged = UNCHANGED,
    left_on: date | None | Unchanged = UNCHANGED,
    today: date | None = None,
) -> Partner:
    """Change the given fields of a partner and return it as stored.

    A field left ``UNCHANGED`` keeps its stored value and ``None`` clears
    it; the name cannot be cleared. A partner that leaves keeps its history,
    so ``left_on`` must come after every referral the partner received and
    every participant it enrolled. From ``left_on`` onwards it can receive
    no referrals and enrol no one. Clearing ``left_on`` takes the partner
    back into the partnership.
    """
    today = today or date.today()
    problems = Problems()
    partner_id = required_text(partner_id, "id", problems)
    stored = store.get_partner(partner_id) if partner_id else None
    if partner_id and stored is None:
        problems.add("id", f"no partner has the id {partner_id!r}")

    changes: dict[str, Any] = {}
    if name is not UNCHANGED:
        changes["name"] = required_text(name, "name", problems)
    if type is not UNCHANGED:
        changes["type"] = optional_text(type, "type", problems)
    if borough is not UNCHANGED:
        changes["borough"] = optional_text(borough, "borough", problems)
    if left_on is not UNCHANGED:
        changes["left_on"] = left_on
    if stored is None:
        problems.reject()
    if left_on is not UNCHANGED and left_on is not None and left_on != stored.left_on:
        _check_leaving_date(store, stored, left_on, today, problems)

    problems.raise_if_any()
    updated = replace(stored, **changes)
    if updated != stored:
        store.save(updated)
    return updated


def add_employer(
    store: Store,
    *,
    name: str,
    sector: str | None = None,
    size: str | None = None,
    record_id: str | None = None,
) -> Employer:
    """Save a new employer and return it."""
    problems = Problems()
    record_id = clean_id(record_id, problems)
    employer = Employer(
        id=record_id or new_id("employer"),
        name=required_text(name, "name", problems),
        sector=optional_text(sector, "sector", problems),
        size=optional_text(size, "size", problems),
    )
    existing = store.get_employer(record_id) if record_id else None
    if existing is not None and existing == employer:
        return existing
    if existing is not None:
        report_used_id("employer", problems)
    elif record_id and store.get_partner(record_id) is not None:
        report_used_id("partner", problems)

    problems.raise_if_any()
    store.save(employer)
    return employer


def _check_leaving_date(
    store: Store, partner: Partner, left_on: date, today: date, problems: Problems
) -> None:
    """Check that a partner could have left on ``left_on``: not in the
    future, not before it joined, and after the work it took on."""
    check_not_future(left_on, "leftOn", today, problems)
    if partner.joined_on is not None and left_on < partner.joined_on:
        problems.add(
            "leftOn",
            f"{left_on.isoformat()} is before the partner joined on "
            f"{partner.joined_on.isoformat()}",
        )

    received = store.list_referrals(
        where=ReferralFilter(to_partner_id=partner.id, since=left_on), first=1
    )
    if received.total_count:
        problems.add(
            "leftOn",
            f"the partner received {_count(received.total_count, 'referral')} on "
            f"or after {left_on.isoformat()}; send a date after the last of them",
        )
    enrolled = _count_enrolments_since(store, partner.id, left_on)
    if enrolled:
        problems.add(
            "leftOn",
            f"the partner enrolled {_count(enrolled, 'participant')} on or after "
            f"{left_on.isoformat()}; send a date after the last of them",
        )


def _count_enrolments_since(store: Store, partner_id: str, since: date) -> int:
    # The store filters participants by partner but not by date, so this
    # reads every participant the partner enrolled, a page at a time.
    count = 0
    after: str | None = None
    while True:
        page = store.list_participants(
            partner_id=partner_id, after=after, first=_ENROLMENT_PAGE_SIZE
        )
        count += sum(1 for item in page.items if item.enrolled_on >= since)
        if not page.has_next_page or not page.items:
            return count
        after = page.items[-1].id


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
