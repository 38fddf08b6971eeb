"""Enrolling participants and changing their profiles."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from graph import rules
from graph.model import Participant
from graph.recording.checks import (
    UNCHANGED,
    Problems,
    Unchanged,
    check_birth_year,
    check_not_future,
    clean_id,
    find_partner,
    new_id,
    optional_text,
    report_used_id,
    required_text,
)
from graph.store import Store


def register_participant(
    store: Store,
    *,
    partner_id: str,
    enrolled_on: date,
    record_id: str | None = None,
    birth_year: int | None = None,
    gender: str | None = None,
    ethnicity: str | None = None,
    postcode_district: str | None = None,
    consent_to_share: bool = False,
    today: date | None = None,
    recorded_by: str | None = None,
) -> Participant:
    """Save a new participant enrolled by ``partner_id`` and return it.

    The consent value is recorded as set ``today`` by ``recorded_by``, the
    id of the acting user. Registering the same participant again returns
    the stored one, whoever registers it and on whichever day.
    """
    today = today or date.today()
    problems = Problems()
    record_id = clean_id(record_id, problems)
    partner_id = required_text(partner_id, "partnerId", problems)

    participant = Participant(
        id=record_id or new_id("participant"),
        partner_id=partner_id,
        enrolled_on=enrolled_on,
        birth_year=birth_year,
        gender=optional_text(gender, "gender", problems),
        ethnicity=optional_text(ethnicity, "ethnicity", problems),
        postcode_district=optional_text(
            postcode_district, "postcodeDistrict", problems
        ),
        # An explicit null from a client means no consent was given.
        consent_to_share=bool(consent_to_share),
        consent_recorded_on=today,
        consent_recorded_by=recorded_by,
    )
    existing = store.get_participant(record_id) if record_id else None
    if existing is not None and _same_registration(existing, participant):
        return existing
    if existing is not None:
        report_used_id("participant", problems)

    enrolling = find_partner(store, partner_id, "partnerId", problems)
    left_on = enrolling.left_on if enrolling is not None else None
    message = rules.departure_problem(partner_id, left_on, enrolled_on, rules.ENROL)
    if message is not None:
        problems.add("partnerId", message)
    check_not_future(enrolled_on, "enrolledOn", today, problems)
    check_birth_year(birth_year, enrolled_on, today, problems)

    problems.raise_if_any()
    store.save(participant)
    return participant


def update_participant(
    store: Store,
    *,
    participant_id: str,
    birth_year: int | None | Unchanged = UNCHANGED,
    gender: str | None | Unchanged = UNCHANGED,
    ethnicity: str | None | Unchanged = UNCHANGED,
    postcode_district: str | None | Unchanged = UNCHANGED,
    consent_to_share: bool | None | Unchanged = UNCHANGED,
    today: date | None = None,
    recorded_by: str | None = None,
) -> Participant:
    """Change the given profile fields and consent of a participant and
    return the participant as stored.

    A field left ``UNCHANGED`` keeps its stored value and ``None`` clears
    it, except that ``None`` for ``consent_to_share`` means no consent. The
    enrolling partner and the enrolment date cannot change here. When the
    consent value changes, it is recorded as set ``today`` by
    ``recorded_by``, the id of the acting user. Otherwise the stored
    recording date and recorder stay.
    """
    today = today or date.today()
    problems = Problems()
    participant_id = required_text(participant_id, "id", problems)
    stored = store.get_participant(participant_id) if participant_id else None
    if participant_id and stored is None:
        problems.add("id", f"no participant has the id {participant_id!r}")

    changes: dict[str, Any] = {}
    if birth_year is not UNCHANGED:
        changes["birth_year"] = birth_year
        if stored is not None:
            check_birth_year(birth_year, stored.enrolled_on, today, problems)
    texts = {
        "gender": ("gender", gender),
        "ethnicity": ("ethnicity", ethnicity),
        "postcode_district": ("postcodeDistrict", postcode_district),
    }
    for name, (field, value) in texts.items():
        if value is not UNCHANGED:
            changes[name] = optional_text(value, field, problems)
    if consent_to_share is not UNCHANGED:
        changes["consent_to_share"] = bool(consent_to_share)
        if stored is not None and stored.consent_to_share != bool(consent_to_share):
            changes["consent_recorded_on"] = today
            changes["consent_recorded_by"] = recorded_by

    if stored is None:
        problems.reject()
    problems.raise_if_any()
    updated = replace(stored, **changes)
    if updated != stored:
        store.save(updated)
    return updated


def _same_registration(stored: Participant, new: Participant) -> bool:
    """Return whether ``new`` registers ``stored`` again: the same values,
    apart from the consent recording date and recorder."""
    return stored == replace(
        new,
        consent_recorded_on=stored.consent_recorded_on,
        consent_recorded_by=stored.consent_recorded_by,
    )
