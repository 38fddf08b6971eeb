"""The partner and employer mutations, through Flask's test client on both
stores, with the rule that a partner that left takes on no new work.

Each test sends a named operation and compares the whole response. The
partnership is described in ``tests/api/mutation_support.py``: P1 joined on
2024-01-01, enrolled X1 on 02-01 and received R3 on 02-12; P2 received R1
on 02-10; P3 left on 06-30.
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

PARTNER_FIELDS = "id name type borough joinedOn leftOn"

ADD_PARTNER = (
    f"""
mutation AddPartner($input: AddPartnerInput!) {{
  addPartner(input: $input) {{
    __typename
    ... on Partner {{ {PARTNER_FIELDS} }}
    ...Problems
  }}
}}
"""
    + PROBLEMS
)

UPDATE_PARTNER = (
    f"""
mutation UpdatePartner($input: UpdatePartnerInput!) {{
  updatePartner(input: $input) {{
    __typename
    ... on Partner {{ {PARTNER_FIELDS} }}
    ...Problems
  }}
}}
"""
    + PROBLEMS
)

ADD_EMPLOYER = (
    """
mutation AddEmployer($input: AddEmployerInput!) {
  addEmployer(input: $input) {
    __typename
    ... on Employer { id name sector size }
    ...Problems
  }
}
"""
    + PROBLEMS
)

REFER = (
    """
mutation Refer($input: RecordReferralInput!) {
  recordReferral(input: $input) {
    __typename
    ... on Referral { id toPartner { id } }
    ...Problems
  }
}
"""
    + PROBLEMS
)

REGISTER = (
    """
mutation Register($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) {
    __typename
    ... on Participant { id partner { id } }
    ...Problems
  }
}
"""
    + PROBLEMS
)

PARTNERS = "query Partners { partners { " + PARTNER_FIELDS + " } }"

P1 = {
    "__typename": "Partner",
    "id": "P1",
    "name": "Riverside Youth Trust",
    "type": "lead",
    "borough": "Lambeth",
    "joinedOn": "2024-01-01",
    "leftOn": None,
}

P2 = {
    "__typename": "Partner",
    "id": "P2",
    "name": "Northside Training",
    "type": None,
    "borough": None,
    "joinedOn": None,
    "leftOn": None,
}


def _stored_partners(client) -> list[dict]:
    return send(client, PARTNERS, {})["data"]["partners"]


def _without_typename(record: dict) -> dict:
    return {key: value for key, value in record.items() if key != "__typename"}


# addPartner


def test_add_partner_saves_it(mutation_client, record_counts):
    variables = {
        "input": {
            "id": "P9",
            "name": " Eastside Careers ",
            "type": "delivery",
            "borough": "Hackney",
            "joinedOn": "2024-04-01",
        }
    }

    body = send(mutation_client, ADD_PARTNER, variables)

    expected = {
        "__typename": "Partner",
        "id": "P9",
        "name": "Eastside Careers",
        "type": "delivery",
        "borough": "Hackney",
        "joinedOn": "2024-04-01",
        "leftOn": None,
    }
    assert body == {"data": {"addPartner": expected}}
    assert _stored_partners(mutation_client)[-1] == _without_typename(expected)
    assert record_counts()["partners"] == 4


def test_add_partner_generates_an_id(mutation_client):
    body = send(mutation_client, ADD_PARTNER, {"input": {"name": "Eastside Careers"}})

    new_id = body["data"]["addPartner"]["id"]
    assert new_id.startswith("partner-")
    assert body == {
        "data": {
            "addPartner": {
                "__typename": "Partner",
                "id": new_id,
                "name": "Eastside Careers",
                "type": None,
                "borough": None,
                "joinedOn": None,
                "leftOn": None,
            }
        }
    }


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"name": "  "}, [("name", "missing; enter a value")]),
        ({"name": "n" * 201}, [("name", "expected at most 200 characters")]),
        ({"borough": "b" * 201}, [("borough", "expected at most 200 characters")]),
        ({"joinedOn": FUTURE}, [("joinedOn", None)]),
        ({"id": ""}, [("id", "must not be empty; leave it out to have one generated")]),
        ({"id": "P1"}, [used_id("partner")]),
    ],
    ids=[
        "blank name",
        "long name",
        "long borough",
        "future date",
        "empty id",
        "used id",
    ],
)
def test_add_partner_rejects(mutation_client, record_counts, changes, problems):
    fields = {"id": "P9", "name": "Eastside Careers", **changes}

    body = send(mutation_client, ADD_PARTNER, {"input": fields})

    expected = [(field, message or future_message()) for field, message in problems]
    assert body == invalid("addPartner", expected)
    assert record_counts()["partners"] == 3


def test_add_partner_retry_returns_same(mutation_client, record_counts):
    variables = {"input": {"id": "P9", "name": "Eastside Careers", "type": "delivery"}}

    first = send(mutation_client, ADD_PARTNER, variables)
    second = send(mutation_client, ADD_PARTNER, variables)

    assert first["data"]["addPartner"]["id"] == "P9"
    assert second == first
    assert record_counts()["partners"] == 4


def test_add_partner_retry_after_leaving(mutation_client):
    variables = {"input": {"id": "P9", "name": "Eastside Careers"}}
    first = send(mutation_client, ADD_PARTNER, variables)
    leave = {"input": {"id": "P9", "leftOn": "2024-05-01"}}
    send(mutation_client, UPDATE_PARTNER, leave)

    retry = send(mutation_client, ADD_PARTNER, variables)

    expected = {**first["data"]["addPartner"], "leftOn": "2024-05-01"}
    assert retry == {"data": {"addPartner": expected}}


# updatePartner


def test_update_partner_changes_given_fields(mutation_client):
    variables = {"input": {"id": "P1", "name": "Riverside Youth", "borough": None}}

    body = send(mutation_client, UPDATE_PARTNER, variables)

    expected = {**P1, "name": "Riverside Youth", "borough": None}
    assert body == {"data": {"updatePartner": expected}}
    assert _stored_partners(mutation_client)[0] == _without_typename(expected)


def test_update_partner_records_leaving(mutation_client):
    variables = {"input": {"id": "P2", "leftOn": "2024-03-01"}}

    body = send(mutation_client, UPDATE_PARTNER, variables)

    assert body == {"data": {"updatePartner": {**P2, "leftOn": "2024-03-01"}}}


def test_update_partner_retry_returns_same(mutation_client):
    variables = {"input": {"id": "P2", "leftOn": "2024-03-01", "type": "delivery"}}

    first = send(mutation_client, UPDATE_PARTNER, variables)
    second = send(mutation_client, UPDATE_PARTNER, variables)

    assert first["data"]["updatePartner"]["leftOn"] == "2024-03-01"
    assert second == first


def test_update_partner_takes_back_partner(mutation_client):
    variables = {"input": {"id": "P3", "leftOn": None}}

    body = send(mutation_client, UPDATE_PARTNER, variables)
    refer = {
        "input": {
            "id": "R9",
            "participantId": "X1",
            "fromPartnerId": "P1",
            "toPartnerId": "P3",
            "referredOn": "2024-07-01",
        }
    }
    referral = send(mutation_client, REFER, refer)

    assert body["data"]["updatePartner"]["leftOn"] is None
    assert referral == {
        "data": {
            "recordReferral": {
                "__typename": "Referral",
                "id": "R9",
                "toPartner": {"id": "P3"},
            }
        }
    }


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        (
            {"id": "P404", "name": "Lost"},
            [("id", "no partner has the id 'P404'")],
        ),
        ({"id": " "}, [("id", "missing; enter a value")]),
        ({"id": "P1", "name": None}, [("name", "missing; enter a value")]),
        (
            {"id": "P1", "type": "t" * 201},
            [("type", "expected at most 200 characters")],
        ),
        ({"id": "P2", "leftOn": FUTURE}, [("leftOn", None)]),
        (
            {"id": "P1", "leftOn": "2023-12-31"},
            [
                ("leftOn", "2023-12-31 is before the partner joined on 2024-01-01"),
                (
                    "leftOn",
                    "the partner received 1 referral on or after 2023-12-31; "
                    "send a date after the last of them",
                ),
                (
                    "leftOn",
                    "the partner enrolled 1 participant on or after 2023-12-31; "
                    "send a date after the last of them",
                ),
            ],
        ),
        (
            {"id": "P2", "leftOn": "2024-02-10"},
            [
                (
                    "leftOn",
                    "the partner received 1 referral on or after 2024-02-10; "
                    "send a date after the last of them",
                )
            ],
        ),
        (
            {"id": "P1", "leftOn": "2024-02-01"},
            [
                (
                    "leftOn",
                    "the partner received 1 referral on or after 2024-02-01; "
                    "send a date after the last of them",
                ),
                (
                    "leftOn",
                    "the partner enrolled 1 participant on or after 2024-02-01; "
                    "send a date after the last of them",
                ),
            ],
        ),
    ],
    ids=[
        "unknown partner",
        "blank id",
        "name cleared",
        "long type",
        "future leaving date",
        "left before joining",
        "left on a referral's day",
        "left on an enrolment's day",
    ],
)
def test_update_partner_rejects(mutation_client, fields, problems):
    before = _stored_partners(mutation_client)

    body = send(mutation_client, UPDATE_PARTNER, {"input": fields})

    expected = [(field, message or future_message()) for field, message in problems]
    assert body == invalid("updatePartner", expected)
    assert _stored_partners(mutation_client) == before


def test_partner_that_left_receives_no_referrals(mutation_client, record_counts):
    send(
        mutation_client, UPDATE_PARTNER, {"input": {"id": "P2", "leftOn": "2024-03-01"}}
    )
    refer = {
        "input": {
            "participantId": "X1",
            "fromPartnerId": "P1",
            "toPartnerId": "P2",
            "referredOn": "2024-03-01",
        }
    }

    body = send(mutation_client, REFER, refer)

    assert body == invalid(
        "recordReferral",
        [
            (
                "toPartnerId",
                "partner 'P2' left the partnership on 2024-03-01 and cannot "
                "receive new referrals",
            )
        ],
    )
    assert record_counts()["referrals"] == 3


def test_partner_that_left_enrols_nobody(mutation_client, record_counts):
    send(
        mutation_client, UPDATE_PARTNER, {"input": {"id": "P2", "leftOn": "2024-03-01"}}
    )
    register = {"input": {"partnerId": "P2", "enrolledOn": "2024-03-02"}}

    body = send(mutation_client, REGISTER, register)

    assert body == invalid(
        "registerParticipant",
        [
            (
                "partnerId",
                "partner 'P2' left the partnership on 2024-03-01 and cannot "
                "enrol new participants",
            )
        ],
    )
    assert record_counts()["participants"] == 1


def test_partner_that_left_keeps_history(mutation_client):
    document = """
    query History {
      referrals(toPartnerId: "P2", first: 10) { edges { node { id status } } }
    }
    """
    send(
        mutation_client, UPDATE_PARTNER, {"input": {"id": "P2", "leftOn": "2024-03-01"}}
    )

    body = send(mutation_client, document, {})

    assert body == {
        "data": {"referrals": {"edges": [{"node": {"id": "R1", "status": "made"}}]}}
    }


# addEmployer


def test_add_employer_saves_it(mutation_client, record_counts):
    variables = {
        "input": {
            "id": "E9",
            "name": "Camden Builders",
            "sector": "construction",
            "size": "medium",
        }
    }

    body = send(mutation_client, ADD_EMPLOYER, variables)

    assert body == {
        "data": {
            "addEmployer": {
                "__typename": "Employer",
                "id": "E9",
                "name": "Camden Builders",
                "sector": "construction",
                "size": "medium",
            }
        }
    }
    assert record_counts()["employers"] == 2


def test_add_employer_generates_an_id(mutation_client):
    body = send(mutation_client, ADD_EMPLOYER, {"input": {"name": "Camden Builders"}})

    new_id = body["data"]["addEmployer"]["id"]
    assert new_id.startswith("employer-")
    assert body == {
        "data": {
            "addEmployer": {
                "__typename": "Employer",
                "id": new_id,
                "name": "Camden Builders",
                "sector": None,
                "size": None,
            }
        }
    }


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"name": ""}, [("name", "missing; enter a value")]),
        ({"sector": "s" * 201}, [("sector", "expected at most 200 characters")]),
        ({"size": "s" * 201}, [("size", "expected at most 200 characters")]),
        ({"id": "E" * 65}, [("id", "expected at most 64 characters")]),
        ({"id": "E1"}, [used_id("employer")]),
    ],
    ids=["blank name", "long sector", "long size", "long id", "used id"],
)
def test_add_employer_rejects(mutation_client, record_counts, changes, problems):
    fields = {"id": "E9", "name": "Camden Builders", **changes}

    body = send(mutation_client, ADD_EMPLOYER, {"input": fields})

    assert body == invalid("addEmployer", problems)
    assert record_counts()["employers"] == 1


def test_add_employer_retry_returns_same(mutation_client, record_counts):
    variables = {"input": {"id": "E9", "name": "Camden Builders", "size": "medium"}}

    first = send(mutation_client, ADD_EMPLOYER, variables)
    second = send(mutation_client, ADD_EMPLOYER, variables)

    assert first["data"]["addEmployer"]["id"] == "E9"
    assert second == first
    assert record_counts()["employers"] == 2
