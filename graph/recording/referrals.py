"""Recording referrals and the receiver's or referrer's decisions on them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from graph import rules
from graph.errors import FieldProblem, InvalidRecordError
from graph.model import Referral
from graph.recording.checks import (
    Problems,
    check_not_future,
    check_participant_date,
    clean_id,
    describe,
    find_partner,
    new_id,
    optional_text,
    report_used_id,
    required_text,
)
from graph.rules import MAX_REASON_LENGTH
from graph.store import Store


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
    problems = Problems()
    record_id = clean_id(record_id, problems)
    participant_id = required_text(participant_id, "participantId", problems)
    from_partner_id = required_text(from_partner_id, "fromPartnerId", problems)
    to_partner_id = optional_text(to_partner_id, "toPartnerId", problems)
    to_employer_id = optional_text(to_employer_id, "toEmployerId", problems)

    referral = Referral(
        id=record_id or new_id("referral"),
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
        report_used_id("referral", problems)

    check_participant_date(
        store, participant_id, referred_on, "referredOn", today, problems
    )
    find_partner(store, from_partner_id, "fromPartnerId", problems)
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
    problems = Problems()
    referral_id = required_text(referral_id, "id", problems)
    reason = optional_text(reason, "reason", problems, MAX_REASON_LENGTH)
    referral = store.get_referral(referral_id) if referral_id else None
    if referral is None:
        if referral_id:
            problems.add("id", f"no referral has the id {referral_id!r}")
        check_not_future(on, "on", today, problems)
        problems.reject()
    if (status, on, reason) == (referral.status, referral.status_on, referral.reason):
        return referral

    if status == referral.status:
        problems.add(
            "id",
            f"the referral is already {status} since {describe(referral.status_on)} "
            "with a different date or reason; a decision is recorded once",
        )
    elif not rules.can_transition(referral.status, status):
        problems.add("id", _transition_message(referral.status, status))
    check_not_future(on, "on", today, problems)
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


def _check_receiver(store: Store, referral: Referral, problems: Problems) -> None:
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
        receiver = find_partner(store, to_partner_id, "toPartnerId", problems)
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
