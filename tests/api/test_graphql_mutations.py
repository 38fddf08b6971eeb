"""The participant, activity and outcome mutations, through Flask's test
client on both stores.

Each test sends a named operation and compares the whole response. Failed
writes are also checked to have left the store as it was. The partnership
is described in ``tests/api/mutation_support.py``.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest

from api.app import create_app
from tests.api.clients import client_of
from tests.api.mutation_support import (
    FUTURE,
    PROBLEMS,
    future_message,
    invalid,
    send,
    used_id,
)

REGISTER = (
    """
mutation Register($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) {
    __typename
    ... on Participant {
      id partner { id } enrolledOn birthYear gender ethnicity postcodeDistrict
      consentToShare
    }
    ...Problems
  }
}
"""
    + PROBLEMS
)

UPDATE = (
    """
mutation Update($input: UpdateParticipantInput!) {
  updateParticipant(input: $input) {
    __typename
    ... on Participant {
      id partner { id } enrolledOn birthYear gender ethnicity postcodeDistrict
      consentToShare
    }
    ...Problems
  }
}
"""
    + PROBLEMS
)

ACTIVITY = (
    """
mutation Activity($input: RecordActivityInput!) {
  recordActivity(input: $input) {
    __typename
    ... on Activity { id participantId partner { id } type occurredOn stage hours }
    ...Problems
  }
}
"""
    + PROBLEMS
)

OUTCOME = (
    """
mutation Outcome($input: RecordOutcomeInput!) {
  recordOutcome(input: $input) {
    __typename
    ... on Outcome { id participantId partner { id } type achievedOn employer { id } }
    ...Problems
  }
}
"""
    + PROBLEMS
)

X1 = {
    "__typename": "Participant",
    "id": "X1",
    "partner": {"id": "P1"},
    "enrolledOn": "2024-02-01",
    "birthYear": 2001,
    "gender": "male",
    "ethnicity": "White British",
    "postcodeDistrict": "SE1",
    "consentToShare": True,
}


# registerParticipant


def test_register_participant_saves_it(mutation_client, record_counts):
    variables = {
        "input": {
            "id": "X9",
            "partnerId": "P2",
            "enrolledOn": "2024-03-01",
            "birthYear": 2003,
            "gender": "female",
            "ethnicity": "Black British",
            "postcodeDistrict": "SE11",
            "consentToShare": True,
        }
    }

    body = send(mutation_client, REGISTER, variables)

    assert body == {
        "data": {
            "registerParticipant": {
                "__typename": "Participant",
                "id": "X9",
                "partner": {"id": "P2"},
                "enrolledOn": "2024-03-01",
                "birthYear": 2003,
                "gender": "female",
                "ethnicity": "Black British",
                "postcodeDistrict": "SE11",
                "consentToShare": True,
            }
        }
    }
    assert record_counts()["participants"] == 2


def test_register_participant_generates_an_id(mutation_client):
    variables = {"input": {"partnerId": "P1", "enrolledOn": "2024-03-01"}}

    body = send(mutation_client, REGISTER, variables)

    new_id = body["data"]["registerParticipant"]["id"]
    assert new_id.startswith("participant-")
    assert body == {
        "data": {
            "registerParticipant": {
                "__typename": "Participant",
                "id": new_id,
                "partner": {"id": "P1"},
                "enrolledOn": "2024-03-01",
                "birthYear": None,
                "gender": None,
                "ethnicity": None,
                "postcodeDistrict": None,
                "consentToShare": False,
            }
        }
    }


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"partnerId": "P404"}, [("partnerId", "no partner has the id 'P404'")]),
        ({"partnerId": "  "}, [("partnerId", "missing; enter a value")]),
        ({"enrolledOn": FUTURE}, [("enrolledOn", None)]),
        (
            {"birthYear": 1850},
            [
                (
                    "birthYear",
                    f"expected a year from 1900 to {date.today().year}, got 1850",
                )
            ],
        ),
        (
            {"birthYear": 2025},
            [("birthYear", "the participant was born after enrolling in 2024")],
        ),
        (
            {"partnerId": "P3", "enrolledOn": "2024-06-30"},
            [
                (
                    "partnerId",
                    "partner 'P3' left the partnership on 2024-06-30 and cannot "
                    "enrol new participants",
                )
            ],
        ),
        (
            {"id": " "},
            [("id", "must not be empty; leave it out to have one generated")],
        ),
        ({"id": "X" * 65}, [("id", "expected at most 64 characters")]),
        (
            {"id": "X\n9"},
            [("id", "must not contain control characters or line breaks")],
        ),
        ({"gender": "f" * 201}, [("gender", "expected at most 200 characters")]),
        ({"id": "X1"}, [used_id("participant")]),
    ],
    ids=[
        "unknown partner",
        "blank partner",
        "future enrolment",
        "birth year out of range",
        "born after enrolling",
        "partner has left",
        "empty id",
        "long id",
        "id with line break",
        "long text",
        "used id",
    ],
)
def test_register_participant_rejects(
    mutation_client, record_counts, changes, problems
):
    fields = {"partnerId": "P2", "enrolledOn": "2024-03-01", **changes}

    body = send(mutation_client, REGISTER, {"input": fields})

    expected = [(field, message or future_message()) for field, message in problems]
    assert body == invalid("registerParticipant", expected)
    assert record_counts()["participants"] == 1


def test_register_participant_lists_every_problem(mutation_client):
    variables = {
        "input": {"partnerId": "P404", "enrolledOn": FUTURE, "birthYear": 1850}
    }

    body = send(mutation_client, REGISTER, variables)

    assert body == invalid(
        "registerParticipant",
        [
            ("partnerId", "no partner has the id 'P404'"),
            ("enrolledOn", future_message()),
            (
                "birthYear",
                f"expected a year from 1900 to {date.today().year}, got 1850",
            ),
        ],
    )


def test_register_participant_retry_returns_same(mutation_client, record_counts):
    variables = {"input": {"id": "X9", "partnerId": "P1", "enrolledOn": "2024-03-01"}}

    first = send(mutation_client, REGISTER, variables)
    second = send(mutation_client, REGISTER, variables)

    assert first["data"]["registerParticipant"]["id"] == "X9"
    assert second == first
    assert record_counts()["participants"] == 2


def test_register_participant_rejection_is_logged(mutation_client, caplog):
    variables = {"input": {"partnerId": "P404", "enrolledOn": "2024-03-01"}}

    with caplog.at_level(logging.INFO, logger="api.graphql.mutations"):
        send(mutation_client, REGISTER, variables)

    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1
    assert messages[0].startswith("GraphQL request ")
    assert messages[0].endswith("rejected at registerParticipant: invalid partnerId")


# updateParticipant


def test_update_participant_changes_given_fields(mutation_client):
    variables = {"input": {"id": "X1", "gender": "female", "consentToShare": False}}

    body = send(mutation_client, UPDATE, variables)

    expected = {**X1, "gender": "female", "consentToShare": False}
    assert body == {"data": {"updateParticipant": expected}}
    reread = send(mutation_client, UPDATE, {"input": {"id": "X1"}})
    assert reread == body


def test_update_participant_null_clears_field(mutation_client):
    variables = {"input": {"id": "X1", "birthYear": None, "postcodeDistrict": None}}

    body = send(mutation_client, UPDATE, variables)

    expected = {**X1, "birthYear": None, "postcodeDistrict": None}
    assert body == {"data": {"updateParticipant": expected}}


def test_update_participant_null_consent_is_no(mutation_client):
    body = send(
        mutation_client, UPDATE, {"input": {"id": "X1", "consentToShare": None}}
    )

    assert body == {"data": {"updateParticipant": {**X1, "consentToShare": False}}}


def test_update_participant_retry_returns_same(mutation_client):
    variables = {"input": {"id": "X1", "ethnicity": "Mixed", "birthYear": 2000}}

    first = send(mutation_client, UPDATE, variables)
    second = send(mutation_client, UPDATE, variables)

    assert first == {
        "data": {"updateParticipant": {**X1, "ethnicity": "Mixed", "birthYear": 2000}}
    }
    assert second == first


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"id": "X404"}, [("id", "no participant has the id 'X404'")]),
        ({"id": " "}, [("id", "missing; enter a value")]),
        (
            {"birthYear": 1850},
            [
                (
                    "birthYear",
                    f"expected a year from 1900 to {date.today().year}, got 1850",
                )
            ],
        ),
        (
            {"birthYear": 2025},
            [("birthYear", "the participant was born after enrolling in 2024")],
        ),
        (
            {"ethnicity": "e" * 201},
            [("ethnicity", "expected at most 200 characters")],
        ),
        (
            {"id": "X404", "postcodeDistrict": "p" * 201},
            [
                ("id", "no participant has the id 'X404'"),
                ("postcodeDistrict", "expected at most 200 characters"),
            ],
        ),
    ],
    ids=[
        "unknown participant",
        "blank id",
        "birth year out of range",
        "born after enrolling",
        "long text",
        "every problem",
    ],
)
def test_update_participant_rejects(mutation_client, changes, problems):
    fields = {"id": "X1", "gender": "female", **changes}

    body = send(mutation_client, UPDATE, {"input": fields})

    assert body == invalid("updateParticipant", problems)
    unchanged = send(mutation_client, UPDATE, {"input": {"id": "X1"}})
    assert unchanged == {"data": {"updateParticipant": X1}}


def test_update_participant_cannot_change_partner(mutation_client):
    variables = {"input": {"id": "X1", "partnerId": "P2"}}

    response = mutation_client.post(
        "/graphql", json={"query": UPDATE, "variables": variables}
    )

    body = response.get_json()
    assert response.status_code == 200
    assert body["data"] is None
    assert len(body["errors"]) == 1
    assert body["errors"][0]["message"].startswith(
        "Variable '$input' got invalid value {'id': 'X1', 'partnerId': 'P2'}; "
        "Field 'partnerId' is not defined by type 'UpdateParticipantInput'."
    )


# recordActivity


def _activity(**changes: object) -> dict:
    fields = {
        "participantId": "X1",
        "partnerId": "P2",
        "type": "cv_workshop",
        "occurredOn": "2024-02-20",
    }
    fields.update(changes)
    return {"input": fields}


def test_record_activity_saves_it(mutation_client, record_counts):
    variables = _activity(id="A9", stage="training", hours=2.5)

    body = send(mutation_client, ACTIVITY, variables)

    assert body == {
        "data": {
            "recordActivity": {
                "__typename": "Activity",
                "id": "A9",
                "participantId": "X1",
                "partner": {"id": "P2"},
                "type": "cv_workshop",
                "occurredOn": "2024-02-20",
                "stage": "training",
                "hours": 2.5,
            }
        }
    }
    assert record_counts()["activities"] == 1


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        (
            {"participantId": "X404"},
            [("participantId", "no participant has the id 'X404'")],
        ),
        ({"partnerId": "P404"}, [("partnerId", "no partner has the id 'P404'")]),
        ({"type": " "}, [("type", "missing; enter a value")]),
        (
            {"type": "golf"},
            [
                (
                    "type",
                    "'golf' is not in the partnership's list; expected one of "
                    "mentoring, cv_workshop",
                )
            ],
        ),
        (
            {"stage": "retired"},
            [
                (
                    "stage",
                    "'retired' is not in the partnership's list; expected one of "
                    "engagement, training",
                )
            ],
        ),
        (
            {"hours": -1},
            [("hours", "expected a number of hours of 0 or more, got -1.0")],
        ),
        (
            {"occurredOn": "2024-01-31"},
            [
                (
                    "occurredOn",
                    "2024-01-31 is before the participant enrolled on 2024-02-01",
                )
            ],
        ),
        ({"occurredOn": FUTURE}, [("occurredOn", None)]),
        ({"id": "A" * 65}, [("id", "expected at most 64 characters")]),
    ],
    ids=[
        "unknown participant",
        "unknown partner",
        "missing type",
        "type not in list",
        "stage not in list",
        "negative hours",
        "before enrolment",
        "future date",
        "long id",
    ],
)
def test_record_activity_rejects(mutation_client, record_counts, changes, problems):
    body = send(mutation_client, ACTIVITY, _activity(**changes))

    expected = [(field, message or future_message()) for field, message in problems]
    assert body == invalid("recordActivity", expected)
    assert record_counts()["activities"] == 0


def test_record_activity_retry_and_used_id(mutation_client, record_counts):
    variables = _activity(id="A9", type="mentoring")
    first = send(mutation_client, ACTIVITY, variables)

    retry = send(mutation_client, ACTIVITY, variables)
    changed = send(mutation_client, ACTIVITY, _activity(id="A9", type="cv_workshop"))

    assert first["data"]["recordActivity"]["id"] == "A9"
    assert retry == first
    assert changed == invalid("recordActivity", [used_id("activity")])
    assert record_counts()["activities"] == 1


# recordOutcome


def _outcome(**changes: object) -> dict:
    fields = {
        "participantId": "X1",
        "partnerId": "P2",
        "type": "job_start",
        "achievedOn": "2024-05-01",
    }
    fields.update(changes)
    return {"input": fields}


def test_record_outcome_saves_it(mutation_client, record_counts):
    body = send(mutation_client, OUTCOME, _outcome(id="O9", employerId="E1"))

    assert body == {
        "data": {
            "recordOutcome": {
                "__typename": "Outcome",
                "id": "O9",
                "participantId": "X1",
                "partner": {"id": "P2"},
                "type": "job_start",
                "achievedOn": "2024-05-01",
                "employer": {"id": "E1"},
            }
        }
    }
    assert record_counts()["outcomes"] == 1


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        (
            {"participantId": "X404"},
            [("participantId", "no participant has the id 'X404'")],
        ),
        ({"partnerId": "P404"}, [("partnerId", "no partner has the id 'P404'")]),
        ({"employerId": "E404"}, [("employerId", "no employer has the id 'E404'")]),
        (
            {"type": "lottery_win"},
            [
                (
                    "type",
                    "'lottery_win' is not in the partnership's list; expected one "
                    "of job_start, education",
                )
            ],
        ),
        (
            {"achievedOn": "2024-01-31"},
            [
                (
                    "achievedOn",
                    "2024-01-31 is before the participant enrolled on 2024-02-01",
                )
            ],
        ),
        ({"achievedOn": FUTURE}, [("achievedOn", None)]),
        (
            {"partnerId": "", "type": " "},
            [
                ("partnerId", "missing; enter a value"),
                ("type", "missing; enter a value"),
            ],
        ),
    ],
    ids=[
        "unknown participant",
        "unknown partner",
        "unknown employer",
        "type not in list",
        "before enrolment",
        "future date",
        "missing partner and type",
    ],
)
def test_record_outcome_rejects(mutation_client, record_counts, changes, problems):
    body = send(mutation_client, OUTCOME, _outcome(**changes))

    expected = [(field, message or future_message()) for field, message in problems]
    assert body == invalid("recordOutcome", expected)
    assert record_counts()["outcomes"] == 0


def test_record_outcome_retry_and_used_id(mutation_client, record_counts):
    first = send(mutation_client, OUTCOME, _outcome(id="O9"))

    retry = send(mutation_client, OUTCOME, _outcome(id="O9"))
    changed = send(mutation_client, OUTCOME, _outcome(id="O9", type="education"))

    assert first["data"]["recordOutcome"]["id"] == "O9"
    assert retry == first
    assert changed == invalid("recordOutcome", [used_id("outcome")])
    assert record_counts()["outcomes"] == 1


# requests around the mutations


def test_mutation_rejects_invalid_date(mutation_client):
    variables = _activity(occurredOn="1 March 2024")

    response = mutation_client.post(
        "/graphql", json={"query": ACTIVITY, "variables": variables}
    )

    body = response.get_json()
    assert response.status_code == 200
    assert body["data"] is None
    assert len(body["errors"]) == 1
    assert body["errors"][0]["message"].startswith(
        "Variable '$input' got invalid value '1 March 2024' at 'input.occurredOn'"
    )


def test_mutation_cost_counts_union_members(mutation_database_url):
    # The fragment on Participant adds 3 lists of 50 assumed items, each with
    # one field, to the 2 fields around them: 2 + 3 + 3 x 50 = 155.
    document = """
    mutation Costly($input: UpdateParticipantInput!) {
      updateParticipant(input: $input) {
        __typename
        ... on Participant { referrals { id } activities { id } outcomes { id } }
      }
    }
    """
    app = create_app(
        {"DATABASE": mutation_database_url, "TESTING": True, "GRAPHQL_MAX_COST": 154}
    )

    response = client_of(app).post(
        "/graphql", json={"query": document, "variables": {"input": {"id": "X1"}}}
    )

    assert response.status_code == 400
    assert response.get_json() == {
        "errors": [
            {
                "message": "the query could return about 155 values, more than the "
                "limit of 154; ask for smaller pages with 'first', or fewer nested "
                "lists"
            }
        ]
    }


def test_organisations_cannot_share_an_id(mutation_client):
    employer = send(
        mutation_client,
        'mutation { addEmployer(input: {id: "P2", name: "Shadow Foods"}) '
        "{ ... on InvalidInput { problems { field message } } } }",
        {},
    )
    partner = send(
        mutation_client,
        'mutation { addPartner(input: {id: "E1", name: "Shadow Trust"}) '
        "{ ... on InvalidInput { problems { field message } } } }",
        {},
    )

    field, message = used_id("partner")
    assert employer["data"]["addEmployer"]["problems"] == [
        {"field": field, "message": message}
    ]
    field, message = used_id("employer")
    assert partner["data"]["addPartner"]["problems"] == [
        {"field": field, "message": message}
    ]
