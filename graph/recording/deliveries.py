"""Recording the activities partners deliver and the outcomes participants
achieve."""

from __future__ import annotations

import math
from datetime import date

from graph.model import (
    Activity,
    Outcome,
)
from graph.recording.checks import (
    Problems,
    check_participant_date,
    clean_id,
    find_partner,
    is_used,
    new_id,
    optional_text,
    report_used_id,
    required_text,
)
from graph.store import Store


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
    problems = Problems()
    record_id = clean_id(record_id, problems)
    participant_id = required_text(participant_id, "participantId", problems)
    partner_id = required_text(partner_id, "partnerId", problems)
    type = required_text(type, "type", problems)
    stage = optional_text(stage, "stage", problems)

    activity = Activity(
        id=record_id or new_id("activity"),
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
    problems = Problems()
    record_id = clean_id(record_id, problems)
    participant_id = required_text(participant_id, "participantId", problems)
    partner_id = required_text(partner_id, "partnerId", problems)
    type = required_text(type, "type", problems)
    employer_id = optional_text(employer_id, "employerId", problems)

    outcome = Outcome(
        id=record_id or new_id("outcome"),
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
    problems: Problems,
) -> bool:
    """Return whether ``record`` is stored exactly as sent, so the request is
    a retry; report the id as used when a different record has it."""
    if not is_used(store, kind, record_id):
        return False
    # The store reads activities and outcomes by participant, so an id used
    # by another participant's record is found used but never matches.
    if kind == "activities":
        stored: dict = store.activities_for_participants([record.participant_id])
    else:
        stored = store.outcomes_for_participants([record.participant_id])
    if record in stored.get(record.participant_id, []):
        return True
    report_used_id("activity" if kind == "activities" else "outcome", problems)
    return False


def _check_delivery(
    store: Store,
    record: Activity | Outcome,
    day: date,
    date_field: str,
    today: date,
    problems: Problems,
) -> None:
    """Check the participant's dates and the partner of an activity or
    outcome."""
    check_participant_date(
        store, record.participant_id, day, date_field, today, problems
    )
    find_partner(store, record.partner_id, "partnerId", problems)


def _check_vocabulary(
    value: str,
    allowed: tuple[str, ...] | None,
    field: str,
    problems: Problems,
) -> None:
    if value and allowed and value not in allowed:
        problems.add(
            field,
            f"{value!r} is not in the partnership's list; expected one of "
            f"{', '.join(allowed)}",
        )
