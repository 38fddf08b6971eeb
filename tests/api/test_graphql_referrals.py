"""The referral mutations, recording a referral and the four decisions on
it, through Flask's test client on both stores.

Each test sends a named operation and compares the whole response. The
partnership is described in ``tests/api/mutation_support.py``: R1 is made,
R2 declined and R3 accepted.
"""

from __future__ import annotations

import pytest

from tests.api.mutation_support import (
    FUTURE,
    PROBLEMS,
    future_message,
    invalid,
    send,
    used_id,
)

REFER = (
    """
mutation Refer($input: RecordReferralInput!) {
  recordReferral(input: $input) {
    __typename
    ... on Referral {
      id participantId fromPartner { id } toPartner { id } toEmployer { id }
      referredOn status statusOn reason
    }
    ...Problems
  }
}
"""
    + PROBLEMS
)

# The document of each decision, by mutation name.
DECISIONS = {
    name: f"""
mutation Decide($input: {input_type}!) {{
  {name}(input: $input) {{
    __typename
    ... on Referral {{ id status statusOn reason }}
    ...Problems
  }}
}}
"""
    + PROBLEMS
    for name, input_type in [
        ("acceptReferral", "AcceptReferralInput"),
        ("declineReferral", "DeclineReferralInput"),
        ("withdrawReferral", "WithdrawReferralInput"),
        ("completeReferral", "CompleteReferralInput"),
    ]
}

READ = """
query Read {
  referrals(first: 10) { edges { node { id status statusOn reason } } }
}
"""


def _decide(client, mutation: str, **fields: str) -> dict:
    return send(client, DECISIONS[mutation], {"input": fields})


def _referral(
    status: str, on: str, reason: str | None = None, referral_id: str = "R1"
) -> dict:
    return {
        "__typename": "Referral",
        "id": referral_id,
        "status": status,
        "statusOn": on,
        "reason": reason,
    }


def _stored_referrals(client) -> list[dict]:
    body = send(client, READ, {})
    return [edge["node"] for edge in body["data"]["referrals"]["edges"]]


STORED = [
    {"id": "R1", "status": "made", "statusOn": "2024-02-10", "reason": None},
    {
        "id": "R2",
        "status": "declined",
        "statusOn": "2024-02-15",
        "reason": "no places left",
    },
    {"id": "R3", "status": "accepted", "statusOn": "2024-02-20", "reason": None},
]


# recordReferral


def _referral_input(**changes: str | None) -> dict:
    fields = {
        "participantId": "X1",
        "fromPartnerId": "P1",
        "toPartnerId": "P2",
        "referredOn": "2024-03-01",
    }
    fields.update(changes)
    return {"input": {name: value for name, value in fields.items() if value}}


def test_record_referral_to_partner(mutation_client, record_counts):
    variables = _referral_input(id="R9", fromPartnerId="P2", toPartnerId="P1")

    body = send(mutation_client, REFER, variables)

    assert body == {
        "data": {
            "recordReferral": {
                "__typename": "Referral",
                "id": "R9",
                "participantId": "X1",
                "fromPartner": {"id": "P2"},
                "toPartner": {"id": "P1"},
                "toEmployer": None,
                "referredOn": "2024-03-01",
                "status": "made",
                "statusOn": "2024-03-01",
                "reason": None,
            }
        }
    }
    assert record_counts()["referrals"] == 4


def test_record_referral_to_employer(mutation_client):
    variables = _referral_input(id="R9", toPartnerId=None, toEmployerId="E1")

    body = send(mutation_client, REFER, variables)

    assert body == {
        "data": {
            "recordReferral": {
                "__typename": "Referral",
                "id": "R9",
                "participantId": "X1",
                "fromPartner": {"id": "P1"},
                "toPartner": None,
                "toEmployer": {"id": "E1"},
                "referredOn": "2024-03-01",
                "status": "made",
                "statusOn": "2024-03-01",
                "reason": None,
            }
        }
    }


def test_record_referral_before_partner_left(mutation_client):
    variables = _referral_input(toPartnerId="P3", referredOn="2024-06-29")

    body = send(mutation_client, REFER, variables)

    assert body["data"]["recordReferral"]["__typename"] == "Referral"
    assert body["data"]["recordReferral"]["toPartner"] == {"id": "P3"}


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        (
            {"toPartnerId": "P1"},
            [
                (
                    "toPartnerId",
                    "a partner cannot refer to itself; toPartnerId equals "
                    "fromPartnerId",
                )
            ],
        ),
        (
            {"toEmployerId": "E1"},
            [
                (
                    "toEmployerId",
                    "a referral goes to a partner or an employer, not both; "
                    "send toPartnerId or toEmployerId",
                )
            ],
        ),
        (
            {"toPartnerId": None},
            [("toPartnerId", "missing receiver; send toPartnerId or toEmployerId")],
        ),
        (
            {"toPartnerId": None, "toEmployerId": "E404"},
            [("toEmployerId", "no employer has the id 'E404'")],
        ),
        (
            {"toPartnerId": "P404"},
            [("toPartnerId", "no partner has the id 'P404'")],
        ),
        (
            {"participantId": "X404"},
            [("participantId", "no participant has the id 'X404'")],
        ),
        (
            {"fromPartnerId": "P404"},
            [("fromPartnerId", "no partner has the id 'P404'")],
        ),
        ({"fromPartnerId": " "}, [("fromPartnerId", "missing; enter a value")]),
        (
            {"referredOn": "2024-01-31"},
            [
                (
                    "referredOn",
                    "2024-01-31 is before the participant enrolled on 2024-02-01",
                )
            ],
        ),
        ({"referredOn": FUTURE}, [("referredOn", None)]),
        (
            {"toPartnerId": "P3", "referredOn": "2024-06-30"},
            [
                (
                    "toPartnerId",
                    "partner 'P3' left the partnership on 2024-06-30 and cannot "
                    "receive new referrals",
                )
            ],
        ),
        ({"id": "R" * 65}, [("id", "expected at most 64 characters")]),
        ({"id": "R1"}, [used_id("referral")]),
        (
            {"participantId": "X404", "fromPartnerId": "P404", "toPartnerId": "P405"},
            [
                ("participantId", "no participant has the id 'X404'"),
                ("fromPartnerId", "no partner has the id 'P404'"),
                ("toPartnerId", "no partner has the id 'P405'"),
            ],
        ),
    ],
    ids=[
        "self-referral",
        "two receivers",
        "no receiver",
        "unknown employer",
        "unknown receiving partner",
        "unknown participant",
        "unknown sender",
        "blank sender",
        "before enrolment",
        "future date",
        "partner has left",
        "long id",
        "used id",
        "every problem",
    ],
)
def test_record_referral_rejects(mutation_client, record_counts, changes, problems):
    body = send(mutation_client, REFER, _referral_input(**changes))

    expected = [(field, message or future_message()) for field, message in problems]
    assert body == invalid("recordReferral", expected)
    assert record_counts()["referrals"] == 3


def test_record_referral_retry_returns_same(mutation_client, record_counts):
    variables = _referral_input(id="R9")

    first = send(mutation_client, REFER, variables)
    second = send(mutation_client, REFER, variables)

    assert first["data"]["recordReferral"]["id"] == "R9"
    assert second == first
    assert record_counts()["referrals"] == 4


def test_record_referral_retry_after_decision(mutation_client, record_counts):
    variables = _referral_input(id="R9")
    first = send(mutation_client, REFER, variables)
    _decide(mutation_client, "acceptReferral", id="R9", on="2024-03-02")

    retry = send(mutation_client, REFER, variables)

    accepted = {"status": "accepted", "statusOn": "2024-03-02"}
    assert first["data"]["recordReferral"]["status"] == "made"
    assert retry == {
        "data": {"recordReferral": {**first["data"]["recordReferral"], **accepted}}
    }
    assert record_counts()["referrals"] == 4


# the four decisions


@pytest.mark.parametrize(
    ("mutation", "fields", "expected"),
    [
        (
            "acceptReferral",
            {"id": "R1", "on": "2024-02-12"},
            _referral("accepted", "2024-02-12"),
        ),
        (
            "declineReferral",
            {"id": "R1", "on": "2024-02-12", "reason": " course full "},
            _referral("declined", "2024-02-12", "course full"),
        ),
        (
            "declineReferral",
            {"id": "R1", "on": "2024-02-12"},
            _referral("declined", "2024-02-12"),
        ),
        (
            "withdrawReferral",
            {"id": "R1", "on": "2024-02-10", "reason": "moved away"},
            _referral("withdrawn", "2024-02-10", "moved away"),
        ),
        (
            "withdrawReferral",
            {"id": "R3", "on": "2024-03-01", "reason": "found work"},
            _referral("withdrawn", "2024-03-01", "found work", referral_id="R3"),
        ),
        (
            "completeReferral",
            {"id": "R3", "on": "2024-02-20"},
            _referral("completed", "2024-02-20", referral_id="R3"),
        ),
    ],
    ids=[
        "accept made",
        "decline with reason",
        "decline without reason",
        "withdraw made on its day",
        "withdraw accepted",
        "complete accepted on its day",
    ],
)
def test_decision_saves_it(mutation_client, mutation, fields, expected):
    body = _decide(mutation_client, mutation, **fields)

    assert body == {"data": {mutation: expected}}
    stored = {node["id"]: node for node in _stored_referrals(mutation_client)}
    assert stored[expected["id"]] == {
        key: value for key, value in expected.items() if key != "__typename"
    }


def test_accept_then_complete(mutation_client):
    _decide(mutation_client, "acceptReferral", id="R1", on="2024-02-12")

    body = _decide(mutation_client, "completeReferral", id="R1", on="2024-03-12")

    assert body == {"data": {"completeReferral": _referral("completed", "2024-03-12")}}


@pytest.mark.parametrize(
    ("mutation", "fields"),
    [
        ("acceptReferral", {"id": "R1", "on": "2024-02-12"}),
        ("declineReferral", {"id": "R1", "on": "2024-02-12", "reason": "full"}),
        ("withdrawReferral", {"id": "R3", "on": "2024-03-01", "reason": "moved"}),
        ("completeReferral", {"id": "R3", "on": "2024-03-01"}),
    ],
    ids=["accept", "decline", "withdraw", "complete"],
)
def test_decision_retry_returns_same(mutation_client, mutation, fields):
    first = _decide(mutation_client, mutation, **fields)
    second = _decide(mutation_client, mutation, **fields)

    assert first["data"][mutation]["__typename"] == "Referral"
    assert second == first


def test_decision_on_stored_decision_returns_it(mutation_client):
    # R2 was declined on 2024-02-15 for this reason when it was imported.
    fields = {"id": "R2", "on": "2024-02-15", "reason": "no places left"}

    body = _decide(mutation_client, "declineReferral", **fields)

    expected = _referral("declined", "2024-02-15", "no places left", referral_id="R2")
    assert body == {"data": {"declineReferral": expected}}


@pytest.mark.parametrize(
    ("mutation", "fields", "problems"),
    [
        (
            "acceptReferral",
            {"id": "R404", "on": "2024-03-01"},
            [("id", "no referral has the id 'R404'")],
        ),
        (
            "withdrawReferral",
            {"id": "R404", "on": FUTURE},
            [("id", "no referral has the id 'R404'"), ("on", None)],
        ),
        (
            "completeReferral",
            {"id": " ", "on": "2024-03-01"},
            [("id", "missing; enter a value")],
        ),
        (
            "completeReferral",
            {"id": "R1", "on": "2024-03-01"},
            [
                (
                    "id",
                    "the referral is made, so it cannot become completed; it can "
                    "become accepted, declined or withdrawn",
                )
            ],
        ),
        (
            "declineReferral",
            {"id": "R3", "on": "2024-03-01"},
            [
                (
                    "id",
                    "the referral is accepted, so it cannot become declined; it can "
                    "become completed or withdrawn",
                )
            ],
        ),
        (
            "acceptReferral",
            {"id": "R2", "on": "2024-03-01"},
            [
                (
                    "id",
                    "the referral is declined, which is final, so it cannot "
                    "become accepted",
                )
            ],
        ),
        (
            "withdrawReferral",
            {"id": "R2", "on": "2024-03-01"},
            [
                (
                    "id",
                    "the referral is declined, which is final, so it cannot "
                    "become withdrawn",
                )
            ],
        ),
        (
            "declineReferral",
            {"id": "R2", "on": "2024-02-16", "reason": "no places left"},
            [
                (
                    "id",
                    "the referral is already declined since 2024-02-15 with a "
                    "different date or reason; a decision is recorded once",
                )
            ],
        ),
        (
            "acceptReferral",
            {"id": "R3", "on": "2024-02-21"},
            [
                (
                    "id",
                    "the referral is already accepted since 2024-02-20 with a "
                    "different date or reason; a decision is recorded once",
                )
            ],
        ),
        (
            "acceptReferral",
            {"id": "R1", "on": "2024-02-09"},
            [("on", "2024-02-09 is before the referral was made on 2024-02-10")],
        ),
        (
            "completeReferral",
            {"id": "R3", "on": "2024-02-19"},
            [("on", "2024-02-19 is before the referral became accepted on 2024-02-20")],
        ),
        ("acceptReferral", {"id": "R1", "on": FUTURE}, [("on", None)]),
        (
            "declineReferral",
            {"id": "R1", "on": "2024-02-12", "reason": "r" * 1001},
            [("reason", "expected at most 1000 characters")],
        ),
        (
            "completeReferral",
            {"id": "R1", "on": "2024-02-09"},
            [
                (
                    "id",
                    "the referral is made, so it cannot become completed; it can "
                    "become accepted, declined or withdrawn",
                ),
                ("on", "2024-02-09 is before the referral was made on 2024-02-10"),
            ],
        ),
    ],
    ids=[
        "unknown referral",
        "unknown referral and future date",
        "blank id",
        "made cannot complete",
        "accepted cannot be declined",
        "declined cannot be accepted",
        "declined cannot be withdrawn",
        "declined twice, other date",
        "accepted twice, other date",
        "before it was made",
        "before its status",
        "future date",
        "long reason",
        "every problem",
    ],
)
def test_decision_rejects(mutation_client, mutation, fields, problems):
    body = _decide(mutation_client, mutation, **fields)

    expected = [(field, message or future_message()) for field, message in problems]
    assert body == invalid(mutation, expected)
    assert _stored_referrals(mutation_client) == STORED


def test_update_referral_status_is_gone(mutation_client):
    document = """
    mutation Old {
      updateReferralStatus(input: {id: "R1", status: "accepted", on: "2024-02-12"}) {
        __typename
      }
    }
    """

    response = mutation_client.post("/graphql", json={"query": document})

    assert response.status_code == 400
    assert response.get_json() == {
        "errors": [
            {
                "message": "Cannot query field 'updateReferralStatus' on type "
                "'Mutation'.",
                "locations": [{"line": 3, "column": 7}],
            }
        ]
    }
