"""Subject access: everything partnergraph stores about one participant.

A participant may ask what is held about them. ``person_report`` gathers
their profile, every referral, activity and outcome, their journey, and the
audit entries that name them, as plain JSON values.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from graph.errors import NotFoundError
from graph.journey import build_journey
from graph.store import Store


def person_report(store: Store, participant_id: str, now: datetime) -> dict[str, Any]:
    """Return everything held about ``participant_id`` as JSON values.

    Raises NotFoundError when no participant has that id.
    """
    participant = store.get_participant(participant_id)
    if participant is None:
        raise NotFoundError("participant", participant_id)
    referrals = store.referrals_for_participants([participant_id]).get(
        participant_id, []
    )
    activities = store.activities_for_participants([participant_id]).get(
        participant_id, []
    )
    outcomes = store.outcomes_for_participants([participant_id]).get(participant_id, [])
    journey = build_journey(participant, referrals, activities, outcomes)
    partner_ids = (
        {participant.partner_id}
        | {event.partner_id for event in journey}
        | {r.to_partner_id for r in referrals if r.to_partner_id}
    )
    partners = {
        partner.id: partner.name
        for partner in store.list_partners()
        if partner.id in partner_ids
    }
    return _plain(
        {
            "generated_at": now,
            "participant": asdict(participant),
            "partners": partners,
            "referrals": [asdict(referral) for referral in referrals],
            "activities": [asdict(activity) for activity in activities],
            "outcomes": [asdict(outcome) for outcome in outcomes],
            "journey": [asdict(event) for event in journey],
            "audit": [
                asdict(entry) for entry in store.audit_entries(record_id=participant_id)
            ],
        }
    )


def _plain(value: Any) -> Any:
    """Return ``value`` with dates and times as ISO 8601 text and tuples as
    lists."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
