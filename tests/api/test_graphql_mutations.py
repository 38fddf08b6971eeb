"""The GraphQL mutations, through Flask's test client on a real SQLite store.

Each test sends a named operation and compares the whole response. Failed
writes are also checked to have left the store as it was.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest

from api.app import create_app
from graph.model import (
    Dataset,
    Employer,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)
from graph.stores import open_store

# A date no test run will reach, to check that future dates are rejected.
FUTURE = "2999-01-01"

DATASET = Dataset(
    config=PartnershipConfig(
        name="Riverside Jobs Partnership",
        stages=("engagement", "training"),
        activity_types=("mentoring", "cv_workshop"),
        outcome_types=("job_start", "education"),
        targets={"job_start": 10},
    ),
    partners=(
        Partner("P1", "Riverside Youth Trust", joined_on=date(2024, 1, 1)),
        Partner("P2", "Northside Training"),
        Partner("P3", "City Jobs Brokerage", left_on=date(2024, 6, 30)),
    ),
    employers=(Employer("E1", "Green Grocers Ltd"),),
    participants=(Participant("X1", "P1", date(2024, 2, 1)),),
    referrals=(
        Referral(
            "R1", "X1", "P1", date(2024, 2, 10), "made", "P2", None, date(2024, 2, 10)
        ),
        Referral(
            "R2",
            "X1",
            "P1",
            date(2024, 2, 11),
            "declined",
            "P3",
            None,
            date(2024, 2, 15),
            "no places left",
        ),
    ),
)

REGISTER = """
mutation Register($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) {
    id partner { id } enrolledOn birthYear gender ethnicity postcodeDistrict
    consentToShare
  }
}
"""

REFER = """
mutation Refer($input: RecordReferralInput!) {
  recordReferral(input: $input) {
    id participantId fromPartner { id } toPartner { id } toEmployer { id }
    referredOn status statusOn reason
  }
}
"""

DECIDE = """
mutation Decide($input: UpdateReferralStatusInput!) {
  updateReferralStatus(input: $input) { id status statusOn reason }
}
"""

ACTIVITY = """
mutation Activity($input: RecordActivityInput!) {
  recordActivity(input: $input) {
    id participantId partner { id } type occurredOn stage hours
  }
}
"""

OUTCOME = """
mutation Outcome($input: RecordOutcomeInput!) {
  recordOutcome(input: $input) {
    id participantId partner { id } type achievedOn employer { id }
  }
}
"""


@pytest.fixture
def database_url(empty_database_url):
    url = empty_database_url
    with open_store(url) as store:
        store.import_dataset(DATASET)
    return url


@pytest.fixture
def client(database_url):
    return create_app({"DATABASE": database_url, "TESTING": True}).test_client()


@pytest.fixture
def counts(database_url):
    """Return the store's record counts at the time of the call."""

    def count() -> dict[str, int]:
        with open_store(database_url) as store:
            return store.count_records()

    return count


def _send(client, query: str, variables: dict) -> dict:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def _rejected(mutation: str, line: int, problems: list[tuple[str, str]]) -> dict:
    """Return the response body of a mutation rejected for ``problems``."""
    text = "; ".join(f"{field}: {message}" for field, message in problems)
    return {
        "errors": [
            {
                "message": f"invalid input, nothing was written: {text}",
                "locations": [{"line": line, "column": 3}],
                "path": [mutation],
                "extensions": {
                    "code": "INVALID_INPUT",
                    "problems": [
                        {"field": field, "message": message}
                        for field, message in problems
                    ],
                },
            }
        ],
        "data": None,
    }


# registerParticipant


def test_register_participant_saves_it(client, counts):
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

    body = _send(client, REGISTER, variables)

    assert body == {
        "data": {
            "registerParticipant": {
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
    assert counts()["participants"] == 2


def test_register_participant_generates_an_id(client):
    variables = {"input": {"partnerId": "P1", "enrolledOn": "2024-03-01"}}

    body = _send(client, REGISTER, variables)

    new_id = body["data"]["registerParticipant"]["id"]
    assert new_id.startswith("participant-")
    assert body == {
        "data": {
            "registerParticipant": {
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


def test_register_participant_rejects_every_problem(client, counts):
    variables = {
        "input": {
            "partnerId": "P404",
            "enrolledOn": FUTURE,
            "birthYear": 1850,
        }
    }

    body = _send(client, REGISTER, variables)

    today = date.today().isoformat()
    assert body == _rejected(
        "registerParticipant",
        3,
        [
            ("partnerId", "no partner has the id 'P404'"),
            (
                "enrolledOn",
                f"{FUTURE} is in the future (today is {today}); "
                "record events once they have happened",
            ),
            (
                "birthYear",
                f"expected a year from 1900 to {date.today().year}, got 1850",
            ),
        ],
    )
    assert counts()["participants"] == 1


def test_register_participant_rejects_birth_after_enrolment(client):
    variables = {
        "input": {"partnerId": "P1", "enrolledOn": "2024-03-01", "birthYear": 2025}
    }

    body = _send(client, REGISTER, variables)

    assert body == _rejected(
        "registerParticipant",
        3,
        [("birthYear", "the participant was born after enrolling in 2024")],
    )


def test_register_participant_retry_returns_same(client, counts):
    variables = {"input": {"id": "X9", "partnerId": "P1", "enrolledOn": "2024-03-01"}}

    first = _send(client, REGISTER, variables)
    second = _send(client, REGISTER, variables)

    assert second == first
    assert counts()["participants"] == 2


def test_register_participant_rejects_used_id(client):
    variables = {"input": {"id": "X1", "partnerId": "P2", "enrolledOn": "2024-03-01"}}

    body = _send(client, REGISTER, variables)

    assert body == _rejected(
        "registerParticipant",
        3,
        [
            (
                "id",
                "already used by a different participant; send a new id, "
                "or none to have one generated",
            )
        ],
    )


# recordReferral


def test_record_referral_to_partner(client, counts):
    variables = {
        "input": {
            "id": "R9",
            "participantId": "X1",
            "fromPartnerId": "P2",
            "toPartnerId": "P1",
            "referredOn": "2024-03-01",
        }
    }

    body = _send(client, REFER, variables)

    assert body == {
        "data": {
            "recordReferral": {
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
    assert counts()["referrals"] == 3


def test_record_referral_to_employer(client):
    variables = {
        "input": {
            "id": "R9",
            "participantId": "X1",
            "fromPartnerId": "P2",
            "toEmployerId": "E1",
            "referredOn": "2024-03-01",
        }
    }

    body = _send(client, REFER, variables)

    assert body["data"]["recordReferral"]["toEmployer"] == {"id": "E1"}
    assert body["data"]["recordReferral"]["toPartner"] is None


def _referral_input(**changes: str | None) -> dict:
    fields = {
        "participantId": "X1",
        "fromPartnerId": "P1",
        "toPartnerId": "P2",
        "referredOn": "2024-03-01",
    }
    fields.update(changes)
    return {"input": {name: value for name, value in fields.items() if value}}


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
            {"participantId": "X404", "fromPartnerId": "P404"},
            [
                ("participantId", "no participant has the id 'X404'"),
                ("fromPartnerId", "no partner has the id 'P404'"),
            ],
        ),
        (
            {"referredOn": "2024-01-31"},
            [
                (
                    "referredOn",
                    "2024-01-31 is before the participant enrolled on 2024-02-01",
                )
            ],
        ),
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
        (
            {"fromPartnerId": " ", "toPartnerId": "P404"},
            [
                ("fromPartnerId", "missing; enter a value"),
                ("toPartnerId", "no partner has the id 'P404'"),
            ],
        ),
    ],
    ids=[
        "self-referral",
        "two receivers",
        "no receiver",
        "unknown employer",
        "unknown participant and partner",
        "before enrolment",
        "partner has left",
        "blank sender",
    ],
)
def test_record_referral_rejects(client, counts, changes, problems):
    body = _send(client, REFER, _referral_input(**changes))

    assert body == _rejected("recordReferral", 3, problems)
    assert counts()["referrals"] == 2


def test_record_referral_rejection_is_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="api.graphql.errors"):
        _send(client, REFER, _referral_input(toPartnerId="P1"))

    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 1
    assert messages[0].endswith(
        "rejected at recordReferral: InvalidRecordError on toPartnerId"
    )


def test_record_referral_rejects_future_date(client):
    body = _send(client, REFER, _referral_input(referredOn=FUTURE))

    today = date.today().isoformat()
    message = (
        f"{FUTURE} is in the future (today is {today}); "
        "record events once they have happened"
    )
    assert body == _rejected("recordReferral", 3, [("referredOn", message)])


def test_record_referral_to_leaving_partner_before_it_left(client):
    body = _send(
        client, REFER, _referral_input(toPartnerId="P3", referredOn="2024-06-29")
    )

    assert body["data"]["recordReferral"]["toPartner"] == {"id": "P3"}


def test_record_referral_retry_after_decision(client, counts):
    variables = _referral_input(id="R9")
    first = _send(client, REFER, variables)
    decision = {"input": {"id": "R9", "status": "accepted", "on": "2024-03-02"}}
    _send(client, DECIDE, decision)

    retry = _send(client, REFER, variables)

    assert first["data"]["recordReferral"]["status"] == "made"
    assert retry["data"]["recordReferral"]["status"] == "accepted"
    assert retry["data"]["recordReferral"]["statusOn"] == "2024-03-02"
    assert counts()["referrals"] == 3


def test_record_referral_rejects_used_id(client):
    body = _send(client, REFER, _referral_input(id="R1", referredOn="2024-03-01"))

    assert body == _rejected(
        "recordReferral",
        3,
        [
            (
                "id",
                "already used by a different referral; send a new id, "
                "or none to have one generated",
            )
        ],
    )


def test_record_referral_rejects_long_id(client):
    body = _send(client, REFER, _referral_input(id="R" * 65))

    assert body == _rejected(
        "recordReferral", 3, [("id", "expected at most 64 characters")]
    )


# updateReferralStatus


def test_update_referral_status_accepts(client):
    variables = {"input": {"id": "R1", "status": "accepted", "on": "2024-02-12"}}

    body = _send(client, DECIDE, variables)

    assert body == {
        "data": {
            "updateReferralStatus": {
                "id": "R1",
                "status": "accepted",
                "statusOn": "2024-02-12",
                "reason": None,
            }
        }
    }


def test_update_referral_status_accept_then_complete(client):
    accept = {"input": {"id": "R1", "status": "accepted", "on": "2024-02-12"}}
    complete = {"input": {"id": "R1", "status": "completed", "on": "2024-03-12"}}

    _send(client, DECIDE, accept)
    body = _send(client, DECIDE, complete)

    assert body["data"]["updateReferralStatus"] == {
        "id": "R1",
        "status": "completed",
        "statusOn": "2024-03-12",
        "reason": None,
    }


def test_update_referral_status_retry_is_unchanged(client):
    variables = {
        "input": {
            "id": "R1",
            "status": "declined",
            "on": "2024-02-12",
            "reason": "course full",
        }
    }

    first = _send(client, DECIDE, variables)
    second = _send(client, DECIDE, variables)

    assert second == first
    assert first["data"]["updateReferralStatus"]["reason"] == "course full"


@pytest.mark.parametrize(
    ("referral_id", "status", "on", "problems"),
    [
        (
            "R2",
            "completed",
            "2024-03-01",
            [
                (
                    "status",
                    "the referral is declined, which is final, so it cannot "
                    "become completed",
                )
            ],
        ),
        (
            "R1",
            "completed",
            "2024-03-01",
            [
                (
                    "status",
                    "the referral is made, so it cannot become completed; "
                    "expected one of accepted, declined, withdrawn",
                )
            ],
        ),
        (
            "R1",
            "lost",
            "2024-03-01",
            [
                (
                    "status",
                    "unknown status 'lost'; expected one of made, accepted, "
                    "declined, withdrawn, completed",
                )
            ],
        ),
        (
            "R1",
            "accepted",
            "2024-02-09",
            [("on", "2024-02-09 is before the referral was made on 2024-02-10")],
        ),
        (
            "R2",
            "declined",
            "2024-02-16",
            [
                (
                    "status",
                    "the referral is already declined since 2024-02-15 with a "
                    "different date or reason; a status is set once",
                )
            ],
        ),
    ],
    ids=[
        "declined cannot complete",
        "made cannot complete",
        "unknown status",
        "before it was made",
        "status set twice",
    ],
)
def test_update_referral_status_rejects(client, referral_id, status, on, problems):
    variables = {"input": {"id": referral_id, "status": status, "on": on}}

    body = _send(client, DECIDE, variables)

    assert body == _rejected("updateReferralStatus", 3, problems)


def test_update_referral_status_rejects_future(client):
    variables = {"input": {"id": "R1", "status": "accepted", "on": FUTURE}}

    body = _send(client, DECIDE, variables)

    today = date.today().isoformat()
    message = (
        f"{FUTURE} is in the future (today is {today}); "
        "record events once they have happened"
    )
    assert body == _rejected("updateReferralStatus", 3, [("on", message)])


def test_update_referral_status_leaves_failed_unchanged(client):
    bad = {"input": {"id": "R1", "status": "completed", "on": "2024-03-01"}}
    _send(client, DECIDE, bad)

    body = client.post(
        "/graphql",
        json={"query": 'query Check { referrals(status: "made") { totalCount } }'},
    ).get_json()

    assert body == {"data": {"referrals": {"totalCount": 1}}}


def test_update_referral_status_unknown_referral(client):
    variables = {"input": {"id": "R404", "status": "accepted", "on": "2024-03-01"}}

    body = _send(client, DECIDE, variables)

    assert body == {
        "errors": [
            {
                "message": "referral 'R404' not found",
                "locations": [{"line": 3, "column": 3}],
                "path": ["updateReferralStatus"],
                "extensions": {"code": "NOT_FOUND"},
            }
        ],
        "data": None,
    }


# recordActivity


def test_record_activity_saves_it(client, counts):
    variables = {
        "input": {
            "id": "A9",
            "participantId": "X1",
            "partnerId": "P2",
            "type": "cv_workshop",
            "occurredOn": "2024-02-20",
            "stage": "training",
            "hours": 2.5,
        }
    }

    body = _send(client, ACTIVITY, variables)

    assert body == {
        "data": {
            "recordActivity": {
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
    assert counts()["activities"] == 1


def test_record_activity_rejects_every_problem(client, counts):
    variables = {
        "input": {
            "participantId": "X1",
            "partnerId": "P404",
            "type": "golf",
            "occurredOn": "2024-01-01",
            "stage": "retired",
            "hours": -1,
        }
    }

    body = _send(client, ACTIVITY, variables)

    assert body == _rejected(
        "recordActivity",
        3,
        [
            (
                "occurredOn",
                "2024-01-01 is before the participant enrolled on 2024-02-01",
            ),
            ("partnerId", "no partner has the id 'P404'"),
            (
                "type",
                "'golf' is not in the partnership's list; expected one of "
                "mentoring, cv_workshop",
            ),
            (
                "stage",
                "'retired' is not in the partnership's list; expected one of "
                "engagement, training",
            ),
            ("hours", "expected a number of hours of 0 or more, got -1.0"),
        ],
    )
    assert counts()["activities"] == 0


def test_record_activity_retry_and_used_id(client, counts):
    variables = {
        "input": {
            "id": "A9",
            "participantId": "X1",
            "partnerId": "P1",
            "type": "mentoring",
            "occurredOn": "2024-02-20",
        }
    }
    first = _send(client, ACTIVITY, variables)

    retry = _send(client, ACTIVITY, variables)
    variables["input"]["type"] = "cv_workshop"
    changed = _send(client, ACTIVITY, variables)

    assert retry == first
    assert changed == _rejected(
        "recordActivity",
        3,
        [
            (
                "id",
                "already used by a different activity; send a new id, "
                "or none to have one generated",
            )
        ],
    )
    assert counts()["activities"] == 1


# recordOutcome


def test_record_outcome_saves_it(client, counts):
    variables = {
        "input": {
            "id": "O9",
            "participantId": "X1",
            "partnerId": "P2",
            "type": "job_start",
            "achievedOn": "2024-05-01",
            "employerId": "E1",
        }
    }

    body = _send(client, OUTCOME, variables)

    assert body == {
        "data": {
            "recordOutcome": {
                "id": "O9",
                "participantId": "X1",
                "partner": {"id": "P2"},
                "type": "job_start",
                "achievedOn": "2024-05-01",
                "employer": {"id": "E1"},
            }
        }
    }
    assert counts()["outcomes"] == 1


def test_record_outcome_rejects_every_problem(client, counts):
    variables = {
        "input": {
            "participantId": "X404",
            "partnerId": "P1",
            "type": "lottery_win",
            "achievedOn": "2024-05-01",
            "employerId": "E404",
        }
    }

    body = _send(client, OUTCOME, variables)

    assert body == _rejected(
        "recordOutcome",
        3,
        [
            ("participantId", "no participant has the id 'X404'"),
            (
                "type",
                "'lottery_win' is not in the partnership's list; expected one of "
                "job_start, education",
            ),
            ("employerId", "no employer has the id 'E404'"),
        ],
    )
    assert counts()["outcomes"] == 0


def test_record_outcome_retry_and_used_id(client, counts):
    variables = {
        "input": {
            "id": "O9",
            "participantId": "X1",
            "partnerId": "P2",
            "type": "education",
            "achievedOn": "2024-05-01",
        }
    }
    first = _send(client, OUTCOME, variables)

    retry = _send(client, OUTCOME, variables)
    variables["input"]["achievedOn"] = "2024-05-02"
    changed = _send(client, OUTCOME, variables)

    assert retry == first
    assert changed["errors"][0]["extensions"]["problems"] == [
        {
            "field": "id",
            "message": "already used by a different outcome; send a new id, "
            "or none to have one generated",
        }
    ]
    assert counts()["outcomes"] == 1


# input coercion


def test_mutation_rejects_invalid_date(client):
    variables = _referral_input(referredOn="1 March 2024")

    response = client.post("/graphql", json={"query": REFER, "variables": variables})

    body = response.get_json()
    assert response.status_code == 200
    assert body["data"] is None
    assert len(body["errors"]) == 1
    assert body["errors"][0]["message"].startswith(
        "Variable '$input' got invalid value '1 March 2024' at 'input.referredOn'"
    )
