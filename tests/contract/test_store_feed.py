"""The store contract for the partnership's activity feed.

Each test runs on the SQLite store and on a real Neo4j server. The expected
events are worked out by hand from the small partnership of
``tests/conftest.py``.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.journey import build_journey
from graph.model import Activity, Outcome, Referral
from graph.store import FeedEvent


def _day(month: int, day: int) -> date:
    return date(2024, month, day)


def _made(on, referral, participant, sender, status, to_partner=None, employer=None):
    return FeedEvent(
        on=on,
        kind="referral_made",
        record_id=referral,
        participant_id=participant,
        partner_id=sender,
        to_partner_id=to_partner,
        to_employer_id=employer,
        status=status,
    )


def _decided(on, referral, participant, actor, status, to_partner, reason=None):
    return FeedEvent(
        on=on,
        kind=f"referral_{status}",
        record_id=referral,
        participant_id=participant,
        partner_id=actor,
        to_partner_id=to_partner,
        status=status,
        reason=reason,
    )


def _activity(on, activity, participant, partner, type, stage):
    return FeedEvent(
        on=on,
        kind="activity",
        record_id=activity,
        participant_id=participant,
        partner_id=partner,
        type=type,
        stage=stage,
    )


def _outcome(on, outcome, participant, partner, type, employer=None):
    return FeedEvent(
        on=on,
        kind="outcome",
        record_id=outcome,
        participant_id=participant,
        partner_id=partner,
        type=type,
        employer_id=employer,
    )


# Every event of the small partnership, newest first. Events on one day
# follow their kind in reverse alphabetical order, then their record id.
# R06 and R10 are still "made", so they give no second event. D made R08 to
# the employer E1, and an employer's decision counts as the referrer's.
FEED = [
    _outcome(_day(5, 10), "O3", "U7", "D", "job_start", "E2"),
    _made(_day(5, 1), "R10", "U7", "D", "made", employer="E2"),
    _outcome(_day(5, 1), "O2", "U5", "A", "education"),
    _decided(_day(4, 20), "R09", "U8", "A", "withdrawn", "B", "moved away"),
    _outcome(_day(4, 20), "O1", "U1", "D", "job_start", "E1"),
    _made(_day(4, 15), "R09", "U8", "A", "withdrawn", "B"),
    FeedEvent(
        on=_day(4, 15),
        kind="referral_completed",
        record_id="R08",
        participant_id="U1",
        partner_id="D",
        to_employer_id="E1",
        status="completed",
    ),
    _decided(_day(4, 10), "R05", "U5", "A", "completed", "A"),
    _made(_day(4, 1), "R08", "U1", "D", "completed", employer="E1"),
    _decided(_day(3, 25), "R07", "U1", "D", "accepted", "D"),
    _made(_day(3, 20), "R07", "U1", "C", "accepted", "D"),
    _made(_day(3, 15), "R06", "U6", "C", "made", "D"),
    _made(_day(3, 10), "R05", "U5", "C", "completed", "A"),
    _activity(_day(3, 5), "A4", "U5", "C", "cv_workshop", "training"),
    _decided(_day(3, 1), "R01", "U1", "C", "completed", "C"),
    _decided(_day(2, 25), "R04", "U4", "A", "declined", "A", "outside our area"),
    _activity(_day(2, 25), "A3", "U3", "A", "mentoring", "engagement"),
    _made(_day(2, 20), "R04", "U4", "B", "declined", "A"),
    _decided(_day(2, 20), "R03", "U3", "A", "accepted", "A"),
    _made(_day(2, 15), "R03", "U3", "B", "accepted", "A"),
    _activity(_day(2, 15), "A2", "U1", "C", "cv_workshop", "training"),
    _decided(_day(2, 10), "R02", "U2", "C", "accepted", "C"),
    _made(_day(2, 5), "R02", "U2", "A", "accepted", "C"),
    _made(_day(2, 1), "R01", "U1", "A", "completed", "C"),
    _activity(_day(1, 20), "A1", "U1", "A", "mentoring", "engagement"),
]


def test_feed_lists_every_event(loaded_store):
    assert loaded_store.recent_events(limit=100) == FEED


def test_feed_limit_takes_newest(loaded_store):
    assert loaded_store.recent_events(limit=3) == FEED[:3]
    assert loaded_store.recent_events(limit=0) == []


def test_feed_since_drops_older_days(loaded_store):
    assert loaded_store.recent_events(since=_day(4, 15), limit=100) == FEED[:7]
    assert loaded_store.recent_events(since=_day(5, 11), limit=100) == []


@pytest.mark.parametrize("size", [1, 2, 4, 7])
def test_feed_pages_cover_feed_once(loaded_store, size):
    pages = []
    before = None
    while len(pages) <= len(FEED):
        page = loaded_store.recent_events(before=before, limit=size)
        if not page:
            break
        pages.append(page)
        before = page[-1]

    assert [event for page in pages for event in page] == FEED
    assert [len(page) for page in pages[:-1]] == [size] * (len(pages) - 1)


def test_feed_before_continues_inside_a_day(loaded_store):
    # FEED[5] is R09 made on 04-15, and R08's completion follows on that day.
    assert loaded_store.recent_events(before=FEED[5], limit=2) == FEED[6:8]


def test_feed_before_and_since_together(loaded_store):
    page = loaded_store.recent_events(since=_day(4, 15), before=FEED[3], limit=100)
    assert page == FEED[4:7]


def test_feed_rejects_negative_limit(loaded_store):
    with pytest.raises(ValueError, match="limit must not be negative"):
        loaded_store.recent_events(limit=-1)


@pytest.fixture
def edge_store(loaded_store):
    # An accepted referral without a status date gives only its made event.
    # R21 and R22 are decided on the day they are made, and their kinds sort
    # against their ids. An activity and an outcome share the id X1. All
    # fall on O3's day.
    extra = [
        Referral("R20", "U2", "B", _day(5, 10), "accepted", to_partner_id="D"),
        Referral("R21", "U2", "A", _day(5, 10), "withdrawn", "B", None, _day(5, 10)),
        Referral("R22", "U3", "B", _day(5, 10), "accepted", "A", None, _day(5, 10)),
        Activity("X1", "U3", "B", "mentoring", _day(5, 10)),
        Outcome("X1", "U3", "B", "education", _day(5, 10)),
    ]
    for record in extra:
        loaded_store.save(record)
    return loaded_store


EDGE_DAY = [
    _decided(_day(5, 10), "R21", "U2", "A", "withdrawn", "B"),
    _made(_day(5, 10), "R22", "U3", "B", "accepted", "A"),
    _made(_day(5, 10), "R21", "U2", "A", "withdrawn", "B"),
    _made(_day(5, 10), "R20", "U2", "B", "accepted", "D"),
    _decided(_day(5, 10), "R22", "U3", "A", "accepted", "A"),
    _outcome(_day(5, 10), "X1", "U3", "B", "education"),
    _outcome(_day(5, 10), "O3", "U7", "D", "job_start", "E2"),
    FeedEvent(
        on=_day(5, 10),
        kind="activity",
        record_id="X1",
        participant_id="U3",
        partner_id="B",
        type="mentoring",
    ),
]


def test_feed_orders_ties_on_one_day(edge_store):
    assert edge_store.recent_events(since=_day(5, 10), limit=100) == EDGE_DAY


def test_feed_pages_through_ties_one_by_one(edge_store):
    found = []
    before = None
    for _ in EDGE_DAY:
        page = edge_store.recent_events(before=before, limit=1)
        found.extend(page)
        before = page[-1]
    assert found == EDGE_DAY
    assert edge_store.recent_events(before=before, limit=1) == FEED[1:2]


def _journey_feed(store) -> list[FeedEvent]:
    participants = store.list_participants(first=1000).items
    ids = [participant.id for participant in participants]
    referrals = store.referrals_for_participants(ids)
    activities = store.activities_for_participants(ids)
    outcomes = store.outcomes_for_participants(ids)

    events = []
    for participant in participants:
        journey = build_journey(
            participant,
            referrals.get(participant.id, []),
            activities.get(participant.id, []),
            outcomes.get(participant.id, []),
        )
        events.extend(
            FeedEvent(
                on=event.on,
                kind=event.kind,
                record_id=event.record_id,
                participant_id=participant.id,
                partner_id=event.partner_id,
                to_partner_id=event.to_partner_id,
                to_employer_id=event.to_employer_id,
                type=event.type,
                stage=event.stage,
                status=event.status,
                reason=event.reason,
                employer_id=event.employer_id,
            )
            for event in journey
            if event.kind != "enrolled"
        )
    events.sort(key=lambda e: (e.on, e.kind, e.record_id), reverse=True)
    return events


def test_feed_matches_journeys(loaded_store):
    assert loaded_store.recent_events(limit=1000) == _journey_feed(loaded_store)


def test_feed_matches_journeys_at_edges(edge_store):
    assert edge_store.recent_events(limit=1000) == _journey_feed(edge_store)
