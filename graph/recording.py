"""Validate and write single records sent through the API.

Each function checks every field against the store and the partnership's
framework, then either saves the record and returns it or raises
``InvalidRecordError`` listing every problem found. Nothing is written when
any problem exists. Problems name fields as the GraphQL inputs do
(``referredOn``, ``toPartnerId``), so a client can show each one beside its
input. An id that names no record, and a decision the referral's status
does not allow, are problems on the field that carries the id.

A request to create a record may carry its own ``id``. When a record with
that id already exists and matches the request, the function returns it
unchanged, so a client can safely retry a request whose response it lost.
When the stored record differs, the id is reported as already used. An
update or decision that changes nothing returns the stored record, so
those are safe to retry as well.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import replace
from datetime import date
from enum import Enum
from typing import Any, Final, NoReturn

from graph import rules
from graph.errors import FieldProblem, InvalidRecordError
from graph.model import (
    Activity,
    Employer,
    Outcome,
    Participant,
    Partner,
    Referral,
)
from graph.rules import MAX_ID_LENGTH, MAX_REASON_LENGTH, MAX_TEXT_LENGTH
from graph.store import ReferralFilter, Store

MIN_BIRTH_YEAR = 1900

# Participants read per store call when checking a partner's enrolments.
_ENROLMENT_PAGE_SIZE = 500


class Unchanged(Enum):
    """The type of ``UNCHANGED``."""

    UNCHANGED = "unchanged"


# The default of an update's optional fields: the stored value stays, while
# ``None`` clears it.
UNCHANGED: Final = Unchanged.UNCHANGED


class _Problems:
    """The problems found so far in one request."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field: str, message: str) -> None:
        self.items.append(FieldProblem(field, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidRecordError(self.items)

    def reject(self) -> NoReturn:
        """Raise the problems found, which the caller knows to be some."""
        raise InvalidRecordError(self.items)


# participants


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
) -> Participant:
    """Save a new participant enrolled by ``partner_id`` and return it."""
    today = today or date.today()
    problems = _Problems()
    record_id = _clean_id(record_id, problems)
    partner_id = _required_text(partner_id, "partnerId", problems)

    participant = Participant(
        id=record_id or _new_id("participant"),
        partner_id=partner_id,
        enrolled_on=enrolled_on,
        birth_year=birth_year,
        gender=_optional_text(gender, "gender", problems),
        ethnicity=_optional_text(ethnicity, "ethnicity", problems),
        postcode_district=_optional_text(
            postcode_district, "postcodeDistrict", problems
        ),
        # An explicit null from a client means no consent was given.
        consent_to_share=bool(consent_to_share),
    )
    existing = store.get_participant(record_id) if record_id else None
    if existing is not None and existing == participant:
        return existing
    if existing is not None:
        _report_used_id("participant", problems)

    enrolling = _find_partner(store, partner_id, "partnerId", problems)
    left_on = enrolling.left_on if enrolling is not None else None
    message = rules.departure_problem(partner_id, left_on, enrolled_on, rules.ENROL)
    if message is not None:
        problems.add("partnerId", message)
    _check_not_future(enrolled_on, "enrolledOn", today, problems)
    _check_birth_year(birth_year, enrolled_on, today, problems)

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
) -> Participant:
    """Change the given profile fields and consent of a participant and
    return the participant as stored.

    A field left ``UNCHANGED`` keeps its stored value and ``None`` clears
    it, except that ``None`` for ``consent_to_share`` means no consent. The
    enrolling partner and the enrolment date cannot change here.
    """
    today = today or date.today()
    problems = _Problems()
    participant_id = _required_text(participant_id, "id", problems)
    stored = store.get_participant(participant_id) if participant_id else None
    if participant_id and stored is None:
        problems.add("id", f"no participant has the id {participant_id!r}")

    changes: dict[str, Any] = {}
    if birth_year is not UNCHANGED:
        changes["birth_year"] = birth_year
        if stored is not None:
            _check_birth_year(birth_year, stored.enrolled_on, today, problems)
    texts = {
        "gender": ("gender", gender),
        "ethnicity": ("ethnicity", ethnicity),
        "postcode_district": ("postcodeDistrict", postcode_district),
    }
    for name, (field, value) in texts.items():
        if value is not UNCHANGED:
            changes[name] = _optional_text(value, field, problems)
    if consent_to_share is not UNCHANGED:
        changes["consent_to_share"] = bool(consent_to_share)

    if stored is None:
        problems.reject()
    problems.raise_if_any()
    updated = replace(stored, **changes)
    if updated != stored:
        store.save(updated)
    return updated


# referrals


def record_referral(
    store: Store,
    *,
    participant_id: str,
    from_partner_id: str,
    referred_on: date,
    to_partner_id: str | None = None,
    to_employer_id: str | None = None,
    record_id: str | None = None,
    today: date | None = None,
) -> Referral:
    """Save a new referral, with status ``made``, and return it.

    A retry with the same id returns the stored referral even when its
    receiver has decided on it since, because the request did not carry a
    status.
    """
    today = today or date.today()
    problems = _Problems()
    record_id = _clean_id(record_id, problems)
    participant_id = _required_text(participant_id, "participantId", problems)
    from_partner_id = _required_text(from_partner_id, "fromPartnerId", problems)
    to_partner_id = _optional_text(to_partner_id, "toPartnerId", problems)
    to_employer_id = _optional_text(to_employer_id, "toEmployerId", problems)

    referral = Referral(
        id=record_id or _new_id("referral"),
        participant_id=participant_id,
        from_partner_id=from_partner_id,
        referred_on=referred_on,
        status="made",
        to_partner_id=to_partner_id,
        to_employer_id=to_employer_id,
        status_on=referred_on,
    )
    existing = store.get_referral(record_id) if record_id else None
    if existing is not None and _same_request(existing, referral):
        return existing
    if existing is not None:
        _report_used_id("referral", problems)

    _check_participant_date(
        store, participant_id, referred_on, "referredOn", today, problems
    )
    _find_partner(store, from_partner_id, "fromPartnerId", problems)
    _check_receiver(store, referral, problems)

    problems.raise_if_any()
    store.save(referral)
    return referral


def accept_referral(
    store: Store, *, referral_id: str, on: date, today: date | None = None
) -> Referral:
    """Record that the receiver accepted a made referral on ``on`` and
    return the referral."""
    return _decide(store, referral_id, "accepted", on, None, today)


def decline_referral(
    store: Store,
    *,
    referral_id: str,
    on: date,
    reason: str | None = None,
    today: date | None = None,
) -> Referral:
    """Record that the receiver declined a made referral on ``on``, and why,
    and return the referral."""
    return _decide(store, referral_id, "declined", on, reason, today)


def withdraw_referral(
    store: Store,
    *,
    referral_id: str,
    on: date,
    reason: str | None = None,
    today: date | None = None,
) -> Referral:
    """Record that the referrer withdrew a made or accepted referral on
    ``on``, and why, and return the referral."""
    return _decide(store, referral_id, "withdrawn", on, reason, today)


def complete_referral(
    store: Store, *, referral_id: str, on: date, today: date | None = None
) -> Referral:
    """Record that an accepted referral was completed on ``on`` and return
    the referral."""
    return _decide(store, referral_id, "completed", on, None, today)


def _decide(
    store: Store,
    referral_id: str,
    status: str,
    on: date,
    reason: str | None,
    today: date | None,
) -> Referral:
    """Move a referral to ``status`` on the date ``on`` and return it.

    Only the moves in ``graph.rules.REFERRAL_TRANSITIONS`` are allowed, and
    a problem about the referral's status is reported on ``id``. Sending the
    decision, date and reason the referral already has returns it unchanged.
    """
    today = today or date.today()
    problems = _Problems()
    referral_id = _required_text(referral_id, "id", problems)
    reason = _optional_text(reason, "reason", problems, MAX_REASON_LENGTH)
    referral = store.get_referral(referral_id) if referral_id else None
    if referral is None:
        if referral_id:
            problems.add("id", f"no referral has the id {referral_id!r}")
        _check_not_future(on, "on", today, problems)
        problems.reject()
    if (status, on, reason) == (referral.status, referral.status_on, referral.reason):
        return referral

    if status == referral.status:
        problems.add(
            "id",
            f"the referral is already {status} since {_describe(referral.status_on)} "
            "with a different date or reason; a decision is recorded once",
        )
    elif not rules.can_transition(referral.status, status):
        problems.add("id", _transition_message(referral.status, status))
    _check_not_future(on, "on", today, problems)
    if on < referral.referred_on:
        problems.add(
            "on",
            f"{on.isoformat()} is before the referral was made on "
            f"{referral.referred_on.isoformat()}",
        )
    elif referral.status_on is not None and on < referral.status_on:
        problems.add(
            "on",
            f"{on.isoformat()} is before the referral became {referral.status} "
            f"on {referral.status_on.isoformat()}",
        )

    problems.raise_if_any()
    updated = replace(referral, status=status, status_on=on, reason=reason)
    # Another client may have decided the referral since it was read; the
    # store writes only if the status is still the one checked above.
    if not store.change_referral_status(updated, expected_status=referral.status):
        raise InvalidRecordError(
            [
                FieldProblem(
                    "id",
                    f"the referral changed from {referral.status} while this "
                    "request was checked; read it again and retry",
                )
            ]
        )
    return updated


# activities and outcomes


def record_activity(
    store: Store,
    *,
    participant_id: str,
    partner_id: str,
    type: str,
    occurred_on: date,
    stage: str | None = None,
    hours: float | None = None,
    record_id: str | None = None,
    today: date | None = None,
) -> Activity:
    """Save an activity a partner did with a participant and return it.

    ``type`` and ``stage`` must be in the partnership's lists when it has
    them; an empty list allows any text.
    """
    today = today or date.today()
    problems = _Problems()
    record_id = _clean_id(record_id, problems)
    participant_id = _required_text(participant_id, "participantId", problems)
    partner_id = _required_text(partner_id, "partnerId", problems)
    type = _required_text(type, "type", problems)
    stage = _optional_text(stage, "stage", problems)

    activity = Activity(
        id=record_id or _new_id("activity"),
        participant_id=participant_id,
        partner_id=partner_id,
        type=type,
        occurred_on=occurred_on,
        stage=stage,
        hours=hours,
    )
    if _is_retry(store, "activities", record_id, activity, problems):
        return activity

    config = store.load_config()
    _check_delivery(store, activity, occurred_on, "occurredOn", today, problems)
    _check_vocabulary(type, config.activity_types, "type", problems)
    if stage is not None:
        _check_vocabulary(stage, config.stages, "stage", problems)
    if hours is not None and not (math.isfinite(hours) and hours >= 0):
        problems.add("hours", f"expected a number of hours of 0 or more, got {hours}")

    problems.raise_if_any()
    store.save(activity)
    return activity


def record_outcome(
    store: Store,
    *,
    participant_id: str,
    partner_id: str,
    type: str,
    achieved_on: date,
    employer_id: str | None = None,
    record_id: str | None = None,
    today: date | None = None,
) -> Outcome:
    """Save an outcome a participant achieved, credited to a partner, and
    return it.

    ``type`` must be one of the partnership's outcome types, or of
    ``graph.rules.DEFAULT_OUTCOME_TYPES`` when the framework lists none.
    """
    today = today or date.today()
    problems = _Problems()
    record_id = _clean_id(record_id, problems)
    participant_id = _required_text(participant_id, "participantId", problems)
    partner_id = _required_text(partner_id, "partnerId", problems)
    type = _required_text(type, "type", problems)
    employer_id = _optional_text(employer_id, "employerId", problems)

    outcome = Outcome(
        id=record_id or _new_id("outcome"),
        participant_id=participant_id,
        partner_id=partner_id,
        type=type,
        achieved_on=achieved_on,
        employer_id=employer_id,
    )
    if _is_retry(store, "outcomes", record_id, outcome, problems):
        return outcome

    config = store.load_config()
    _check_delivery(store, outcome, achieved_on, "achievedOn", today, problems)
    _check_vocabulary(type, config.outcome_types, "type", problems)
    if employer_id and store.get_employer(employer_id) is None:
        problems.add("employerId", f"no employer has the id {employer_id!r}")

    problems.raise_if_any()
    store.save(outcome)
    return outcome


def _is_retry(
    store: Store,
    kind: str,
    record_id: str | None,
    record: Activity | Outcome,
    problems: _Problems,
) -> bool:
    """Return whether ``record`` is stored exactly as sent, so the request is
    a retry; report the id as used when a different record has it."""
    if not _is_used(store, kind, record_id):
        return False
    # The store reads activities and outcomes by participant, so an id used
    # by another participant's record is found used but never matches.
    if kind == "activities":
        stored: dict = store.activities_for_participants([record.participant_id])
    else:
        stored = store.outcomes_for_participants([record.participant_id])
    if record in stored.get(record.participant_id, []):
        return True
    _report_used_id("activity" if kind == "activities" else "outcome", problems)
    return False


def _check_delivery(
    store: Store,
    record: Activity | Outcome,
    day: date,
    date_field: str,
    today: date,
    problems: _Problems,
) -> None:
    """Check the participant's dates and the partner of an activity or
    outcome."""
    _check_participant_date(
        store, record.participant_id, day, date_field, today, problems
    )
    _find_partner(store, record.partner_id, "partnerId", problems)


def _is_used(store: Store, kind: str, record_id: str | None) -> bool:
    return bool(record_id) and bool(store.existing_ids(kind, [record_id or ""]))


# partners and employers


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
    problems = _Problems()
    record_id = _clean_id(record_id, problems)
    partner = Partner(
        id=record_id or _new_id("partner"),
        name=_required_text(name, "name", problems),
        type=_optional_text(type, "type", problems),
        borough=_optional_text(borough, "borough", problems),
        joined_on=joined_on,
    )
    existing = store.get_partner(record_id) if record_id else None
    if existing is not None and replace(existing, left_on=None) == partner:
        return existing
    if existing is not None:
        _report_used_id("partner", problems)
    if joined_on is not None:
        _check_not_future(joined_on, "joinedOn", today, problems)

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
    no referrals and enrol nobody. Clearing ``left_on`` takes the partner
    back into the partnership.
    """
    today = today or date.today()
    problems = _Problems()
    partner_id = _required_text(partner_id, "id", problems)
    stored = store.get_partner(partner_id) if partner_id else None
    if partner_id and stored is None:
        problems.add("id", f"no partner has the id {partner_id!r}")

    changes: dict[str, Any] = {}
    if name is not UNCHANGED:
        changes["name"] = _required_text(name, "name", problems)
    if type is not UNCHANGED:
        changes["type"] = _optional_text(type, "type", problems)
    if borough is not UNCHANGED:
        changes["borough"] = _optional_text(borough, "borough", problems)
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
    problems = _Problems()
    record_id = _clean_id(record_id, problems)
    employer = Employer(
        id=record_id or _new_id("employer"),
        name=_required_text(name, "name", problems),
        sector=_optional_text(sector, "sector", problems),
        size=_optional_text(size, "size", problems),
    )
    existing = store.get_employer(record_id) if record_id else None
    if existing is not None and existing == employer:
        return existing
    if existing is not None:
        _report_used_id("employer", problems)

    problems.raise_if_any()
    store.save(employer)
    return employer


def _check_leaving_date(
    store: Store, partner: Partner, left_on: date, today: date, problems: _Problems
) -> None:
    """Check that a partner could have left on ``left_on``: not in the
    future, not before it joined, and after the work it took on."""
    _check_not_future(left_on, "leftOn", today, problems)
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


# shared checks


def _describe(day: date | None) -> str:
    return day.isoformat() if day is not None else "an unknown date"


def _new_id(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex}"


def _clean_id(record_id: str | None, problems: _Problems) -> str | None:
    """Return the client's id without surrounding spaces, ``None`` for none."""
    if record_id is None:
        return None
    record_id = record_id.strip()
    if not record_id:
        # Generating an id here would make every retry a new record.
        problems.add("id", "must not be empty; leave it out to have one generated")
        return None
    if len(record_id) > MAX_ID_LENGTH:
        problems.add("id", f"expected at most {MAX_ID_LENGTH} characters")
    elif not record_id.isprintable():
        problems.add("id", "must not contain control characters or line breaks")
    return record_id


def _report_used_id(kind: str, problems: _Problems) -> None:
    problems.add(
        "id",
        f"already used by a different {kind}; send a new id, or none to have "
        "one generated",
    )


def _required_text(value: str | None, field: str, problems: _Problems) -> str:
    text = _optional_text(value, field, problems)
    if text is None:
        problems.add(field, "missing; enter a value")
        return ""
    return text


def _optional_text(
    value: str | None,
    field: str,
    problems: _Problems,
    max_length: int = MAX_TEXT_LENGTH,
) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > max_length:
        problems.add(field, f"expected at most {max_length} characters")
    return value


def _check_birth_year(
    birth_year: int | None, enrolled_on: date, today: date, problems: _Problems
) -> None:
    if birth_year is None:
        return
    if not MIN_BIRTH_YEAR <= birth_year <= today.year:
        problems.add(
            "birthYear",
            f"expected a year from {MIN_BIRTH_YEAR} to {today.year}, got {birth_year}",
        )
    elif birth_year > enrolled_on.year:
        problems.add(
            "birthYear",
            f"the participant was born after enrolling in {enrolled_on.year}",
        )


def _check_not_future(day: date, field: str, today: date, problems: _Problems) -> None:
    if day > today:
        problems.add(
            field,
            f"{day.isoformat()} is in the future (today is {today.isoformat()}); "
            "record events once they have happened",
        )


def _find_partner(
    store: Store, partner_id: str, field: str, problems: _Problems
) -> Partner | None:
    if not partner_id:
        return None
    partner = store.get_partner(partner_id)
    if partner is None:
        problems.add(field, f"no partner has the id {partner_id!r}")
    return partner


def _check_participant_date(
    store: Store,
    participant_id: str,
    day: date,
    date_field: str,
    today: date,
    problems: _Problems,
) -> None:
    """Check that the participant exists and that ``day`` falls between
    their enrolment and today."""
    _check_not_future(day, date_field, today, problems)
    if not participant_id:
        return
    participant = store.get_participant(participant_id)
    if participant is None:
        problems.add("participantId", f"no participant has the id {participant_id!r}")
    elif day < participant.enrolled_on:
        problems.add(
            date_field,
            f"{day.isoformat()} is before the participant enrolled on "
            f"{participant.enrolled_on.isoformat()}",
        )


def _check_receiver(store: Store, referral: Referral, problems: _Problems) -> None:
    """Check that the referral has exactly one receiver, that it exists, and
    that a receiving partner is still in the partnership."""
    to_partner_id = referral.to_partner_id
    to_employer_id = referral.to_employer_id
    if to_partner_id and to_employer_id:
        problems.add(
            "toEmployerId",
            "a referral goes to a partner or an employer, not both; "
            "send toPartnerId or toEmployerId",
        )
    elif not to_partner_id and not to_employer_id:
        problems.add(
            "toPartnerId", "missing receiver; send toPartnerId or toEmployerId"
        )

    if to_partner_id and to_partner_id == referral.from_partner_id:
        problems.add(
            "toPartnerId",
            "a partner cannot refer to itself; toPartnerId equals fromPartnerId",
        )
    elif to_partner_id:
        receiver = _find_partner(store, to_partner_id, "toPartnerId", problems)
        left_on = receiver.left_on if receiver is not None else None
        message = rules.departure_problem(
            to_partner_id, left_on, referral.referred_on, rules.RECEIVE_REFERRALS
        )
        if message is not None:
            problems.add("toPartnerId", message)
    if to_employer_id and store.get_employer(to_employer_id) is None:
        problems.add("toEmployerId", f"no employer has the id {to_employer_id!r}")


def _same_request(existing: Referral, requested: Referral) -> bool:
    """Return whether a stored referral matches a request to record one,
    ignoring the status, which only the decisions set."""
    return (
        existing.participant_id == requested.participant_id
        and existing.from_partner_id == requested.from_partner_id
        and existing.to_partner_id == requested.to_partner_id
        and existing.to_employer_id == requested.to_employer_id
        and existing.referred_on == requested.referred_on
    )


def _transition_message(current: str, new: str) -> str:
    allowed = sorted(rules.allowed_transitions(current))
    if not allowed:
        return f"the referral is {current}, which is final, so it cannot become {new}"
    return (
        f"the referral is {current}, so it cannot become {new}; "
        f"it can become {_join_or(allowed)}"
    )


def _join_or(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} or {words[-1]}"


def _check_vocabulary(
    value: str,
    allowed: tuple[str, ...] | None,
    field: str,
    problems: _Problems,
) -> None:
    if value and allowed and value not in allowed:
        problems.add(
            field,
            f"{value!r} is not in the partnership's list; expected one of "
            f"{', '.join(allowed)}",
        )
