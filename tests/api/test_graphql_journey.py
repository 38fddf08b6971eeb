"""build_journey on hand-made records, without a store or HTTP."""

from __future__ import annotations

from datetime import date

from graph.journey import JourneyEvent, build_journey
from graph.model import Activity, Outcome, Participant, Referral

PARTICIPANT = Participant("X1", "P1", date(2024, 2, 1))


def test_journey_of_enrolment_only():
    assert build_journey(PARTICIPANT, [], [], []) == [
        JourneyEvent(date(2024, 2, 1), "enrolled", "P1", "X1")
    ]


def test_journey_ties_order_by_kind_then_id():
    day = date(2024, 2, 1)
    activities = [
        Activity("A2", "X1", "P2", "mentoring", day),
        Activity("A1", "X1", "P1", "mentoring", day),
    ]
    referrals = [Referral("R1", "X1", "P1", day, "accepted", "P2", None, day)]
    outcomes = [Outcome("O1", "X1", "P2", "job_start", day)]

    events = build_journey(PARTICIPANT, referrals, activities, outcomes)

    assert [(event.kind, event.record_id) for event in events] == [
        ("enrolled", "X1"),
        ("activity", "A1"),
        ("activity", "A2"),
        ("referral_made", "R1"),
        ("referral_accepted", "R1"),
        ("outcome", "O1"),
    ]


def test_journey_open_referral_has_one_event():
    referral = Referral(
        "R1", "X1", "P1", date(2024, 2, 3), "made", "P2", None, date(2024, 2, 3)
    )

    events = build_journey(PARTICIPANT, [referral], [], [])

    assert events[1:] == [
        JourneyEvent(
            date(2024, 2, 3),
            "referral_made",
            "P1",
            "R1",
            status="made",
            to_partner_id="P2",
        )
    ]


def test_journey_withdrawal_is_the_referrers():
    referral = Referral(
        "R1",
        "X1",
        "P1",
        date(2024, 2, 3),
        "withdrawn",
        "P2",
        None,
        date(2024, 2, 9),
        "moved away",
    )

    events = build_journey(PARTICIPANT, [referral], [], [])

    assert events[2] == JourneyEvent(
        date(2024, 2, 9),
        "referral_withdrawn",
        "P1",
        "R1",
        status="withdrawn",
        to_partner_id="P2",
        reason="moved away",
    )


def test_journey_decision_without_date_is_left_out():
    referral = Referral("R1", "X1", "P1", date(2024, 2, 3), "declined", "P2")

    events = build_journey(PARTICIPANT, [referral], [], [])

    assert [event.kind for event in events] == ["enrolled", "referral_made"]
