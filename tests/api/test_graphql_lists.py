"""Filtered and ordered lists, the inbox, the activity feed and a
partner's own view, on each store, with answers worked out by hand from
the records of ``test_graphql.DATASET``:

    referrals  R1 X1 P1 -> P2  made 2024-02-10, accepted 2024-02-12
               R2 X1 P2 -> E1  made 2024-05-01, completed 2024-05-20
               R3 X2 P1 -> P2  made 2024-03-05, waiting
               R4 X3 P2 -> P3  made 2024-04-10, declined 2024-04-15
    activities A1 X1 P1 2024-02-05 engagement; A2 X1 P2 2024-02-12 training
    outcomes   O1 X1 P2 2024-05-20 job_start at E1
"""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta

import pytest

from api.app import create_app
from graph.stores import open_store
from tests.api.clients import client_of
from tests.api.test_graphql import DATASET, _post


@pytest.fixture
def client(empty_database_url):
    with open_store(empty_database_url) as store:
        store.import_dataset(DATASET)
    return client_of(create_app({"DATABASE": empty_database_url, "TESTING": True}))


def _ids(connection: dict) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


def test_inbox_lists_waiting_referrals_oldest_first(client):
    query = """
    query Inbox($partnerId: ID!) {
      inbox(partnerId: $partnerId) {
        totalCount
        edges { node { id referredOn fromPartner { id } daysWaiting } }
      }
    }
    """

    p2 = _post(client, query, {"partnerId": "P2"})
    p3 = _post(client, query, {"partnerId": "P3"})

    waited = (date.today() - date(2024, 3, 5)).days
    assert p2 == {
        "data": {
            "inbox": {
                "totalCount": 1,
                "edges": [
                    {
                        "node": {
                            "id": "R3",
                            "referredOn": "2024-03-05",
                            "fromPartner": {"id": "P1"},
                            "daysWaiting": waited,
                        }
                    }
                ],
            }
        }
    }
    # R4 to P3 was declined, so P3's inbox is empty.
    assert p3 == {"data": {"inbox": {"totalCount": 0, "edges": []}}}


def test_referrals_newest_first_across_pages(client):
    query = """
    query Newest($after: String) {
      referrals(partnerId: "P2", order: NEWEST, first: 2, after: $after) {
        totalCount
        edges { node { id daysWaiting } }
        pageInfo { hasNextPage endCursor }
      }
    }
    """

    first = _post(client, query)["data"]["referrals"]
    second = _post(client, query, {"after": first["pageInfo"]["endCursor"]})
    second = second["data"]["referrals"]

    # Every referral involves P2; by date made, newest first.
    assert (first["totalCount"], _ids(first), first["pageInfo"]["hasNextPage"]) == (
        4,
        ["R2", "R4"],
        True,
    )
    assert (_ids(second), second["pageInfo"]["hasNextPage"]) == (["R3", "R1"], False)
    assert [edge["node"]["daysWaiting"] for edge in first["edges"]] == [None, None]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ('partnerId: "P2"', ["A2"]),
        ('stage: "engagement"', ["A1"]),
        ('type: "cv_workshop", participantId: "X1"', ["A2"]),
        ('since: "2024-02-06"', ["A2"]),
        ("order: NEWEST", ["A2", "A1"]),
        ('partnerId: "P3"', []),
    ],
)
def test_activities_filters(client, arguments, expected):
    query = f"query A {{ activities({arguments}) {{ edges {{ node {{ id }} }} }} }}"

    assert _ids(_post(client, query)["data"]["activities"]) == expected


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ('type: "job_start", employerId: "E1"', ["O1"]),
        ('partnerId: "P1"', []),
        ('until: "2024-05-19"', []),
    ],
)
def test_outcomes_filters(client, arguments, expected):
    query = (
        f"query Outcomes {{ outcomes({arguments}) {{ edges {{ node {{ id }} }} }} }}"
    )

    assert _ids(_post(client, query)["data"]["outcomes"]) == expected


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ("consentToShare: true", ["X1"]),
        ("consentToShare: false", ["X2", "X3"]),
        ('enrolledSince: "2024-03-01"', ["X2", "X3"]),
        ('enrolledUntil: "2024-02-29", partnerId: "P1"', ["X1"]),
    ],
)
def test_participants_filters(client, arguments, expected):
    query = (
        f"query People {{ participants({arguments}) {{ edges {{ node {{ id }} }} }} }}"
    )

    assert _ids(_post(client, query)["data"]["participants"]) == expected


def test_current_stage_is_the_latest_staged_activity(client):
    query = """
    query Stages { participants { edges { node { id currentStage } } } }
    """

    body = _post(client, query)

    # X1's activities: engagement on 02-05, training on 02-12.
    assert [edge["node"] for edge in body["data"]["participants"]["edges"]] == [
        {"id": "X1", "currentStage": "training"},
        {"id": "X2", "currentStage": None},
        {"id": "X3", "currentStage": None},
    ]


def test_partner_view(client):
    query = """
    query Partner {
      partner(id: "P2") {
        participants { totalCount edges { node { id } } }
        referralsIn { edges { node { id status } } }
        referralsOut(order: OLDEST) { edges { node { id status } } }
        waiting: referralsIn(status: "made") { totalCount }
        referralCounts {
          sent { made accepted declined withdrawn completed total }
          received { made accepted declined withdrawn completed total }
        }
        activities { edges { node { id } } }
        outcomes { edges { node { id } } }
        networkPosition { inDegree outDegree referralsIn referralsOut }
      }
    }
    """

    body = _post(client, query)

    assert body == {
        "data": {
            "partner": {
                "participants": {"totalCount": 1, "edges": [{"node": {"id": "X3"}}]},
                "referralsIn": {
                    "edges": [
                        {"node": {"id": "R1", "status": "accepted"}},
                        {"node": {"id": "R3", "status": "made"}},
                    ]
                },
                "referralsOut": {
                    "edges": [
                        {"node": {"id": "R4", "status": "declined"}},
                        {"node": {"id": "R2", "status": "completed"}},
                    ]
                },
                "waiting": {"totalCount": 1},
                # Sent: R2 (completed, to an employer) and R4 (declined).
                # Received: R1 (accepted) and R3 (made).
                "referralCounts": {
                    "sent": {
                        "made": 0,
                        "accepted": 0,
                        "declined": 1,
                        "withdrawn": 0,
                        "completed": 1,
                        "total": 2,
                    },
                    "received": {
                        "made": 1,
                        "accepted": 1,
                        "declined": 0,
                        "withdrawn": 0,
                        "completed": 0,
                        "total": 2,
                    },
                },
                "activities": {"edges": [{"node": {"id": "A2"}}]},
                "outcomes": {"edges": [{"node": {"id": "O1"}}]},
                # Between partners: P1 -> P2 twice (R1, R3), P2 -> P3 once (R4).
                "networkPosition": {
                    "inDegree": 1,
                    "outDegree": 1,
                    "referralsIn": 2,
                    "referralsOut": 1,
                },
            }
        }
    }


FEED = """
query Feed($since: Date, $first: Int, $after: String) {
  activityFeed(since: $since, first: $first, after: $after) {
    edges { node { on kind recordId participantId partner { id } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def _events(body: dict) -> list[tuple[str, str, str, str]]:
    return [
        (
            edge["node"]["on"],
            edge["node"]["kind"],
            edge["node"]["recordId"],
            edge["node"]["partner"]["id"],
        )
        for edge in body["data"]["activityFeed"]["edges"]
    ]


def test_activity_feed_newest_first_in_pages(client):
    first = _post(client, FEED, {"first": 3})
    cursor = first["data"]["activityFeed"]["pageInfo"]["endCursor"]
    second = _post(client, FEED, {"first": 3, "after": cursor})

    # On 2024-05-20 the kinds sort referral_completed before outcome. An
    # employer completed R2, so the referrer P2 is credited.
    assert _events(first) == [
        ("2024-05-20", "referral_completed", "R2", "P2"),
        ("2024-05-20", "outcome", "O1", "P2"),
        ("2024-05-01", "referral_made", "R2", "P2"),
    ]
    assert first["data"]["activityFeed"]["pageInfo"]["hasNextPage"] is True
    assert _events(second) == [
        ("2024-04-15", "referral_declined", "R4", "P3"),
        ("2024-04-10", "referral_made", "R4", "P2"),
        ("2024-03-05", "referral_made", "R3", "P1"),
    ]


def test_activity_feed_says_when_it_was_read(client):
    before = datetime.now(UTC).replace(microsecond=0)
    body = _post(client, "query Fresh { activityFeed(first: 1) { asOf } }")
    after = datetime.now(UTC)

    as_of = datetime.fromisoformat(body["data"]["activityFeed"]["asOf"])
    assert as_of.utcoffset() == timedelta(0)
    assert before <= as_of <= after


def test_activity_feed_since_and_end(client):
    recent = _post(client, FEED, {"since": "2024-04-15"})
    everything = _post(client, FEED, {"first": 100})

    assert [event[2] for event in _events(recent)] == ["R2", "O1", "R2", "R4"]
    assert recent["data"]["activityFeed"]["pageInfo"]["hasNextPage"] is False
    # Ten events: seven referral events (R3 is still waiting), two
    # activities and one outcome, the oldest being A1 on 2024-02-05.
    assert len(_events(everything)) == 10
    assert _events(everything)[-3:] == [
        ("2024-02-12", "activity", "A2", "P2"),
        ("2024-02-10", "referral_made", "R1", "P1"),
        ("2024-02-05", "activity", "A1", "P1"),
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            '{ activityFeed(after: "bm90LWEtZmVlZA==") { edges { cursor } } }',
            "invalid cursor",
        ),
        ("{ activityFeed(first: 0) { edges { cursor } } }", "'first' must be from 1"),
        # A cursor made up by a client, here for the referral X99, is not
        # one the API signed.
        (
            '{ referrals(order: OLDEST, after: "cmVmZXJyYWxzOlg5OQ==") '
            "{ totalCount } }",
            "invalid cursor",
        ),
        (
            '{ referrals(after: "cGFydGljaXBhbnRzOlAx") { totalCount } }',
            "invalid cursor",
        ),
        (
            '{ activities(since: "2024-05-01", until: "2024-01-01") { totalCount } }',
            "'until' (2024-01-01) is before 'since'",
        ),
        (
            '{ progress(since: "0001-01-01", until: "9999-12-31") '
            "{ byQuarter { quarter } } }",
            "spans 39996 quarters, more than the 40",
        ),
    ],
)
def test_bad_list_arguments(client, query, message):
    body = _post(client, query)

    # The list is null (the whole data, under a required field), and the
    # error says why.
    assert body["data"] is None or list(body["data"].values()) == [None]
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_cursor_of_an_erased_record(empty_database_url):
    with open_store(empty_database_url) as store:
        store.import_dataset(DATASET)
    client = client_of(create_app({"DATABASE": empty_database_url, "TESTING": True}))
    first = _post(
        client,
        "{ referrals(order: OLDEST, first: 1) "
        "{ pageInfo { endCursor } edges { node { participantId } } } }",
    )
    cursor = first["data"]["referrals"]["pageInfo"]["endCursor"]
    participant_id = first["data"]["referrals"]["edges"][0]["node"]["participantId"]
    with open_store(empty_database_url) as store:
        store.erase_participant(participant_id)

    body = _post(
        client,
        "query Next($after: String) { referrals(order: OLDEST, after: $after) "
        "{ totalCount } }",
        {"after": cursor},
    )

    assert body["data"] == {"referrals": None}
    assert "the record it names no longer exists" in body["errors"][0]["message"]


def test_forged_cursor_is_rejected(client):
    # The cursor of a record the user never got, made up from its id, could
    # tell the record's date in a date order.
    forged = base64.urlsafe_b64encode(b"referrals:R2").decode() + ".AAAAAAAAAAAAAAAA"

    body = _post(
        client,
        "query Next($after: String) { referrals(order: OLDEST, after: $after) "
        "{ totalCount } }",
        {"after": forged},
    )

    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "invalid cursor" in body["errors"][0]["message"]
