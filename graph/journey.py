"""A participant's journey: every recorded event, in the order it happened.

The journey is built from records already read from a store, so building it
costs no store calls of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from graph.model import Activity, Outcome, Participant, Referral

# Events on the same day follow this order, then their record id: a
# participant is enrolled before anything else happens, and a referral is
# made before its receiver decides on it.
EVENT_KINDS = (
    "enrolled",
    "activity",
    "referral_made",
    "referral_accepted",
    "referral_declined",
    "referral_withdrawn",
    "referral_completed",
    "outcome",
)

_KIND_RANK = {kind: rank for rank, kind in enumerate(EVENT_KINDS)}

# The receiver sets these statuses, while the referrer withdraws a referral.
_RECEIVER_STATUSES = frozenset({"accepted", "declined", "completed"})

# Statuses that give a referral a second event, on its ``status_on`` date.
# Stores that build events in their own query language take this list as a
# parameter, so they and this module agree on which events exist.
STATUS_EVENT_STATUSES = tuple(
    kind.removeprefix("referral_")
    for kind in EVENT_KINDS
    if kind.startswith("referral_") and kind != "referral_made"
)


@dataclass(frozen=True)
class JourneyEvent:
    """One event of a participant's journey.

    ``partner_id`` is the partner that acted: the enrolling partner, the
    partner that delivered an activity or outcome, the referrer of a
    referral made or withdrawn, and the receiving partner of a referral it
    accepted, declined or completed. It is the referrer when an employer
    decided. ``record_id`` is the id of the participant, activity, referral
    or outcome the event comes from. The other fields describe the event
    and are ``None`` where they do not apply.
    """

    on: date
    kind: str
    partner_id: str
    record_id: str
    status: str | None = None
    type: str | None = None
    stage: str | None = None
    hours: float | None = None
    to_partner_id: str | None = None
    to_employer_id: str | None = None
    employer_id: str | None = None
    reason: str | None = None


def build_journey(
    participant: Participant,
    referrals: Iterable[Referral],
    activities: Iterable[Activity],
    outcomes: Iterable[Outcome],
) -> list[JourneyEvent]:
    """Return every event of ``participant`` ordered by date, kind and id.

    A referral gives a ``referral_made`` event and, once its status has
    moved on from ``made`` and has a date, one event for the status it now
    has. A store keeps only the current status of a referral, so a completed
    referral shows no separate acceptance.
    """
    events = [
        JourneyEvent(
            on=participant.enrolled_on,
            kind="enrolled",
            partner_id=participant.partner_id,
            record_id=participant.id,
        )
    ]
    records: list[Referral | Activity | Outcome] = [*activities, *referrals, *outcomes]
    for record in records:
        events.extend(record_events(record))

    events.sort(key=lambda event: (event.on, _KIND_RANK[event.kind], event.record_id))
    return events


def current_stage(activities: Iterable[Activity]) -> str | None:
    """Return the stage of the participant's latest activity that has one,
    ``None`` when none has; of two on the same day, the larger id counts."""
    staged = [activity for activity in activities if activity.stage]
    if not staged:
        return None
    return max(staged, key=lambda activity: (activity.occurred_on, activity.id)).stage


def record_events(record: Referral | Activity | Outcome) -> list[JourneyEvent]:
    """Return the events that one referral, activity or outcome gives.

    A referral gives one or two events, as ``build_journey`` describes, and
    an activity or outcome gives one.
    """
    if isinstance(record, Referral):
        return _referral_events(record)
    if isinstance(record, Activity):
        return [_activity_event(record)]
    return [_outcome_event(record)]


def _activity_event(activity: Activity) -> JourneyEvent:
    return JourneyEvent(
        on=activity.occurred_on,
        kind="activity",
        partner_id=activity.partner_id,
        record_id=activity.id,
        type=activity.type,
        stage=activity.stage,
        hours=activity.hours,
    )


def _referral_events(referral: Referral) -> list[JourneyEvent]:
    made_event = JourneyEvent(
        on=referral.referred_on,
        kind="referral_made",
        partner_id=referral.from_partner_id,
        record_id=referral.id,
        status=referral.status,
        to_partner_id=referral.to_partner_id,
        to_employer_id=referral.to_employer_id,
    )
    if referral.status_on is None or referral.status not in STATUS_EVENT_STATUSES:
        return [made_event]

    acting_partner = referral.from_partner_id
    if referral.status in _RECEIVER_STATUSES and referral.to_partner_id:
        acting_partner = referral.to_partner_id
    status_event = JourneyEvent(
        on=referral.status_on,
        kind=f"referral_{referral.status}",
        partner_id=acting_partner,
        record_id=referral.id,
        status=referral.status,
        to_partner_id=referral.to_partner_id,
        to_employer_id=referral.to_employer_id,
        reason=referral.reason,
    )
    return [made_event, status_event]


def _outcome_event(outcome: Outcome) -> JourneyEvent:
    return JourneyEvent(
        on=outcome.achieved_on,
        kind="outcome",
        partner_id=outcome.partner_id,
        record_id=outcome.id,
        type=outcome.type,
        employer_id=outcome.employer_id,
    )
