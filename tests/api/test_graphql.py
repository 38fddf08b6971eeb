"""The GraphQL endpoint: queries, request handling, limits and errors.

Tests send named operations through Flask's test client to a real SQLite
store loaded with a small partnership, and compare whole responses.
"""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest
from graphql import get_introspection_query, parse, validate

from api.app import create_app
from api.graphql import view
from api.graphql.paging import encode_cursor
from api.graphql.schema import schema
from api.graphql.sdl import SDL_PATH, schema_sdl
from api.pages.views import SAMPLE_QUERY
from graph.errors import StoreError
from graph.model import (
    Activity,
    Dataset,
    Employer,
    Outcome,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)
from graph.stores import open_store
from tests.api.clients import client_of

DATASET = Dataset(
    config=PartnershipConfig(
        name="Riverside Jobs Partnership",
        stages=("engagement", "training", "job_search"),
        activity_types=("mentoring", "cv_workshop"),
        outcome_types=("job_start", "education"),
        targets={"job_start": 4, "education": 2},
    ),
    partners=(
        Partner(
            "P1", "Riverside Youth Trust", "lead", "Lambeth", date(2024, 1, 1), None
        ),
        Partner("P2", "Northside Training", "delivery", "Hackney"),
        Partner(
            "P3",
            "City Jobs Brokerage",
            "employer_broker",
            "Camden",
            None,
            date(2025, 6, 30),
        ),
    ),
    employers=(Employer("E1", "Green Grocers Ltd", "retail", "small"),),
    participants=(
        Participant(
            "X1", "P1", date(2024, 2, 1), 2004, "female", "Black British", "SE11", True
        ),
        Participant("X2", "P1", date(2024, 3, 1)),
        Participant("X3", "P2", date(2024, 4, 1)),
    ),
    referrals=(
        Referral(
            "R1",
            "X1",
            "P1",
            date(2024, 2, 10),
            "accepted",
            "P2",
            None,
            date(2024, 2, 12),
        ),
        Referral(
            "R2",
            "X1",
            "P2",
            date(2024, 5, 1),
            "completed",
            None,
            "E1",
            date(2024, 5, 20),
        ),
        Referral(
            "R3", "X2", "P1", date(2024, 3, 5), "made", "P2", None, date(2024, 3, 5)
        ),
        Referral(
            "R4",
            "X3",
            "P2",
            date(2024, 4, 10),
            "declined",
            "P3",
            None,
            date(2024, 4, 15),
            "no places left",
        ),
    ),
    activities=(
        Activity("A1", "X1", "P1", "mentoring", date(2024, 2, 5), "engagement", 1.5),
        Activity("A2", "X1", "P2", "cv_workshop", date(2024, 2, 12), "training", 3.0),
    ),
    outcomes=(Outcome("O1", "X1", "P2", "job_start", date(2024, 5, 20), "E1"),),
)


@pytest.fixture
def database_url(empty_database_url):
    url = empty_database_url
    with open_store(url) as store:
        store.import_dataset(DATASET)
    return url


@pytest.fixture
def app(database_url):
    return create_app({"DATABASE": database_url, "TESTING": True})


@pytest.fixture
def client(app):
    return client_of(app)


@pytest.fixture
def cursor(database_url):
    """Return a function that makes the cursor this partnership's API gives
    the record ``record_id`` in a list of ``kind``."""
    with open_store(database_url) as store:
        secret = store.secret("cursor")
    return lambda kind, record_id: encode_cursor(kind, record_id, secret)


def _post(client, query: str, variables: dict | None = None, **extra) -> dict:
    body = {"query": query, "variables": variables or {}, **extra}
    response = client.post("/graphql", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


class _CallCounter:
    """A stand-in for the request's store that counts the calls to each
    method and forwards them to the real store."""

    def __init__(self, store):
        self.store = store
        self.calls: dict[str, int] = {}

    def __getattr__(self, name):
        method = getattr(self.store, name)

        def counted(*args, **kwargs):
            self.calls[name] = self.calls.get(name, 0) + 1
            return method(*args, **kwargs)

        return counted


# partners and employers


def test_partners_lists_every_partner(client):
    query = "query Partners { partners { id name type borough joinedOn leftOn } }"

    assert _post(client, query) == {
        "data": {
            "partners": [
                {
                    "id": "P1",
                    "name": "Riverside Youth Trust",
                    "type": "lead",
                    "borough": "Lambeth",
                    "joinedOn": "2024-01-01",
                    "leftOn": None,
                },
                {
                    "id": "P2",
                    "name": "Northside Training",
                    "type": "delivery",
                    "borough": "Hackney",
                    "joinedOn": None,
                    "leftOn": None,
                },
                {
                    "id": "P3",
                    "name": "City Jobs Brokerage",
                    "type": "employer_broker",
                    "borough": "Camden",
                    "joinedOn": None,
                    "leftOn": "2025-06-30",
                },
            ]
        }
    }


def test_partner_by_id_and_missing(client):
    query = """
    query Partner {
      found: partner(id: "P2") { id name }
      missing: partner(id: "P9") { id }
    }
    """

    assert _post(client, query) == {
        "data": {"found": {"id": "P2", "name": "Northside Training"}, "missing": None}
    }


def test_employers_and_employer(client):
    query = """
    query Employers {
      employers { id name sector size }
      employer(id: "E1") { name }
    }
    """

    assert _post(client, query) == {
        "data": {
            "employers": [
                {
                    "id": "E1",
                    "name": "Green Grocers Ltd",
                    "sector": "retail",
                    "size": "small",
                }
            ],
            "employer": {"name": "Green Grocers Ltd"},
        }
    }


# participants


PARTICIPANT_PAGE = """
query Page($first: Int, $after: String, $partnerId: ID) {
  participants(first: $first, after: $after, partnerId: $partnerId) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id } }
  }
}
"""


def test_participants_pages_by_cursor(client, cursor):
    first = _post(client, PARTICIPANT_PAGE, {"first": 2})
    end_cursor = first["data"]["participants"]["pageInfo"]["endCursor"]
    second = _post(client, PARTICIPANT_PAGE, {"first": 2, "after": end_cursor})

    assert first == {
        "data": {
            "participants": {
                "totalCount": 3,
                "pageInfo": {
                    "hasNextPage": True,
                    "endCursor": cursor("participants", "X2"),
                },
                "edges": [
                    {"cursor": cursor("participants", "X1"), "node": {"id": "X1"}},
                    {"cursor": cursor("participants", "X2"), "node": {"id": "X2"}},
                ],
            }
        }
    }
    assert second == {
        "data": {
            "participants": {
                "totalCount": 3,
                "pageInfo": {
                    "hasNextPage": False,
                    "endCursor": cursor("participants", "X3"),
                },
                "edges": [
                    {"cursor": cursor("participants", "X3"), "node": {"id": "X3"}}
                ],
            }
        }
    }


def test_participants_of_one_partner(client, cursor):
    body = _post(client, PARTICIPANT_PAGE, {"partnerId": "P2"})

    assert body == {
        "data": {
            "participants": {
                "totalCount": 1,
                "pageInfo": {
                    "hasNextPage": False,
                    "endCursor": cursor("participants", "X3"),
                },
                "edges": [
                    {"cursor": cursor("participants", "X3"), "node": {"id": "X3"}}
                ],
            }
        }
    }


def test_participants_empty_page(client):
    body = _post(client, PARTICIPANT_PAGE, {"partnerId": "P3"})

    assert body == {
        "data": {
            "participants": {
                "totalCount": 0,
                "pageInfo": {"hasNextPage": False, "endCursor": None},
                "edges": [],
            }
        }
    }


@pytest.mark.parametrize("first", [0, 101])
def test_participants_rejects_page_size(client, first):
    body = _post(client, PARTICIPANT_PAGE, {"first": first})

    assert body == {
        "errors": [
            {
                "message": f"'first' must be from 1 to 100, got {first}; "
                "ask for more pages with 'after' instead",
                "locations": [{"line": 3, "column": 3}],
                "path": ["participants"],
                "extensions": {"code": "BAD_REQUEST"},
            }
        ],
        "data": {"participants": None},
    }


def test_participants_rejects_foreign_cursor(client):
    body = _post(client, PARTICIPANT_PAGE, {"after": "not a cursor!"})

    assert body == {
        "errors": [
            {
                "message": "invalid cursor 'not a cursor!' in 'after'; pass the "
                "endCursor of an earlier page, or leave 'after' out to start at "
                "the first page",
                "locations": [{"line": 3, "column": 3}],
                "path": ["participants"],
                "extensions": {"code": "BAD_REQUEST"},
            }
        ],
        "data": {"participants": None},
    }


def test_participant_profile_and_lists(client):
    query = """
    query Profile($id: ID!) {
      participant(id: $id) {
        id partner { id } enrolledOn birthYear gender ethnicity postcodeDistrict
        consentToShare
        referrals { id status toPartner { id } toEmployer { id } }
        activities { id type stage hours partner { id } }
        outcomes { id type achievedOn employer { name } }
      }
    }
    """

    assert _post(client, query, {"id": "X1"}) == {
        "data": {
            "participant": {
                "id": "X1",
                "partner": {"id": "P1"},
                "enrolledOn": "2024-02-01",
                "birthYear": 2004,
                "gender": "female",
                "ethnicity": "Black British",
                "postcodeDistrict": "SE11",
                "consentToShare": True,
                "referrals": [
                    {
                        "id": "R1",
                        "status": "accepted",
                        "toPartner": {"id": "P2"},
                        "toEmployer": None,
                    },
                    {
                        "id": "R2",
                        "status": "completed",
                        "toPartner": None,
                        "toEmployer": {"id": "E1"},
                    },
                ],
                "activities": [
                    {
                        "id": "A1",
                        "type": "mentoring",
                        "stage": "engagement",
                        "hours": 1.5,
                        "partner": {"id": "P1"},
                    },
                    {
                        "id": "A2",
                        "type": "cv_workshop",
                        "stage": "training",
                        "hours": 3.0,
                        "partner": {"id": "P2"},
                    },
                ],
                "outcomes": [
                    {
                        "id": "O1",
                        "type": "job_start",
                        "achievedOn": "2024-05-20",
                        "employer": {"name": "Green Grocers Ltd"},
                    }
                ],
            }
        }
    }


def test_participant_journey_in_date_order(client):
    query = """
    query Journey($id: ID!) {
      participant(id: $id) {
        journey {
          on kind partner { id } recordId status type stage hours
          toPartner { id } toEmployer { id } employer { id } reason
        }
      }
    }
    """
    empty = {
        "status": None,
        "type": None,
        "stage": None,
        "hours": None,
        "toPartner": None,
        "toEmployer": None,
        "employer": None,
        "reason": None,
    }

    def event(on, kind, partner, record, **fields):
        return {
            "on": on,
            "kind": kind,
            "partner": {"id": partner},
            "recordId": record,
            **empty,
            **fields,
        }

    assert _post(client, query, {"id": "X1"}) == {
        "data": {
            "participant": {
                "journey": [
                    event("2024-02-01", "enrolled", "P1", "X1"),
                    event(
                        "2024-02-05",
                        "activity",
                        "P1",
                        "A1",
                        type="mentoring",
                        stage="engagement",
                        hours=1.5,
                    ),
                    event(
                        "2024-02-10",
                        "referral_made",
                        "P1",
                        "R1",
                        status="accepted",
                        toPartner={"id": "P2"},
                    ),
                    # Same day: the activity sorts before the referral decision.
                    event(
                        "2024-02-12",
                        "activity",
                        "P2",
                        "A2",
                        type="cv_workshop",
                        stage="training",
                        hours=3.0,
                    ),
                    event(
                        "2024-02-12",
                        "referral_accepted",
                        "P2",
                        "R1",
                        status="accepted",
                        toPartner={"id": "P2"},
                    ),
                    event(
                        "2024-05-01",
                        "referral_made",
                        "P2",
                        "R2",
                        status="completed",
                        toEmployer={"id": "E1"},
                    ),
                    # An employer's decision is credited to the referrer.
                    event(
                        "2024-05-20",
                        "referral_completed",
                        "P2",
                        "R2",
                        status="completed",
                        toEmployer={"id": "E1"},
                    ),
                    event(
                        "2024-05-20",
                        "outcome",
                        "P2",
                        "O1",
                        type="job_start",
                        employer={"id": "E1"},
                    ),
                ]
            }
        }
    }


def test_participant_journey_of_declined_referral(client):
    query = """
    query Journey {
      participant(id: "X3") { journey { on kind partner { id } reason } }
    }
    """

    assert _post(client, query) == {
        "data": {
            "participant": {
                "journey": [
                    {
                        "on": "2024-04-01",
                        "kind": "enrolled",
                        "partner": {"id": "P2"},
                        "reason": None,
                    },
                    {
                        "on": "2024-04-10",
                        "kind": "referral_made",
                        "partner": {"id": "P2"},
                        "reason": None,
                    },
                    {
                        "on": "2024-04-15",
                        "kind": "referral_declined",
                        "partner": {"id": "P3"},
                        "reason": "no places left",
                    },
                ]
            }
        }
    }


def test_participant_missing_is_null(client):
    query = 'query Missing { participant(id: "X404") { id } }'

    assert _post(client, query) == {"data": {"participant": None}}


def test_participant_page_loads_lists_in_batches(client, monkeypatch):
    counters = []
    real_get_store = view.get_store

    def counting_store():
        counter = _CallCounter(real_get_store())
        counters.append(counter)
        return counter

    monkeypatch.setattr(view, "get_store", counting_store)
    query = """
    query Busy {
      participants(first: 3) {
        edges {
          node {
            id
            partner { name }
            referrals { id fromPartner { id } toPartner { id } toEmployer { id } }
            activities { id }
            outcomes { id employer { id } }
            journey { kind partner { id } }
          }
        }
      }
    }
    """

    body = _post(client, query)

    nodes = [edge["node"] for edge in body["data"]["participants"]["edges"]]
    assert [node["id"] for node in nodes] == ["X1", "X2", "X3"]
    assert [len(node["referrals"]) for node in nodes] == [2, 1, 1]
    assert counters[0].calls == {
        "list_participants": 1,
        "list_partners": 1,
        "referrals_for_participants": 1,
        "activities_for_participants": 1,
        "outcomes_for_participants": 1,
        "list_employers": 1,
        # one entry per kind of record read, written once per request
        "append_audit": 1,
        # the key that signs the page's cursors
        "secret": 1,
    }


# referrals


REFERRALS = """
query Referrals(
  $status: String, $fromPartnerId: ID, $toPartnerId: ID,
  $since: Date, $until: Date, $first: Int, $after: String
) {
  referrals(
    status: $status, fromPartnerId: $fromPartnerId, toPartnerId: $toPartnerId,
    since: $since, until: $until, first: $first, after: $after
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id participantId referredOn status } }
  }
}
"""


def test_referrals_inbox_of_partner(client, cursor):
    body = _post(client, REFERRALS, {"toPartnerId": "P2", "status": "made"})

    assert body == {
        "data": {
            "referrals": {
                "totalCount": 1,
                "pageInfo": {
                    "hasNextPage": False,
                    "endCursor": cursor("referrals", "R3"),
                },
                "edges": [
                    {
                        "node": {
                            "id": "R3",
                            "participantId": "X2",
                            "referredOn": "2024-03-05",
                            "status": "made",
                        }
                    }
                ],
            }
        }
    }


@pytest.mark.parametrize(
    ("variables", "ids"),
    [
        ({}, ["R1", "R2", "R3", "R4"]),
        ({"fromPartnerId": "P2"}, ["R2", "R4"]),
        ({"since": "2024-03-05", "until": "2024-04-10"}, ["R3", "R4"]),
        ({"status": "declined"}, ["R4"]),
        ({"toPartnerId": "P3", "status": "made"}, []),
    ],
    ids=["all", "from partner", "window", "status", "none"],
)
def test_referrals_filters(client, variables, ids):
    body = _post(client, REFERRALS, variables)

    edges = body["data"]["referrals"]["edges"]
    assert [edge["node"]["id"] for edge in edges] == ids
    assert body["data"]["referrals"]["totalCount"] == len(ids)


def test_referrals_pages_by_cursor(client, cursor):
    first = _post(client, REFERRALS, {"first": 3})
    end_cursor = first["data"]["referrals"]["pageInfo"]["endCursor"]
    second = _post(client, REFERRALS, {"first": 3, "after": end_cursor})

    assert first["data"]["referrals"]["pageInfo"] == {
        "hasNextPage": True,
        "endCursor": cursor("referrals", "R3"),
    }
    assert second["data"]["referrals"]["edges"] == [
        {
            "node": {
                "id": "R4",
                "participantId": "X3",
                "referredOn": "2024-04-10",
                "status": "declined",
            }
        }
    ]


def test_referrals_rejects_unknown_status(client):
    body = _post(client, REFERRALS, {"status": "Made"})

    assert body == {
        "errors": [
            {
                "message": "unknown status 'Made'; expected one of made, accepted, "
                "declined, withdrawn, completed",
                "locations": [{"line": 6, "column": 3}],
                "path": ["referrals"],
                "extensions": {"code": "BAD_REQUEST"},
            }
        ],
        "data": {"referrals": None},
    }


def test_referrals_rejects_page_size(client):
    body = _post(client, REFERRALS, {"first": 500})

    assert body["data"] == {"referrals": None}
    assert body["errors"][0]["message"] == (
        "'first' must be from 1 to 100, got 500; ask for more pages with "
        "'after' instead"
    )


# request handling


def test_get_runs_a_query(client):
    response = client.get(
        "/graphql",
        query_string={
            "query": "query One($id: ID!) { partner(id: $id) { name } }",
            "variables": '{"id": "P1"}',
            "operationName": "One",
        },
    )

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "data": {"partner": {"name": "Riverside Youth Trust"}}
    }


def test_get_rejects_a_mutation(client, database_url):
    mutation = """
    mutation Sneaky {
      registerParticipant(input: {partnerId: "P1", enrolledOn: "2024-03-01"}) {
        __typename
      }
    }
    """

    response = client.get("/graphql", query_string={"query": mutation})

    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.get_json() == {
        "errors": [{"message": "mutation operations need POST; GET runs queries only"}]
    }
    with open_store(database_url) as store:
        assert store.count_records()["participants"] == 3


def test_operation_name_picks_operation(client):
    document = """
    query First { partner(id: "P1") { id } }
    query Second { partner(id: "P2") { id } }
    """

    body = _post(client, document, operationName="Second")

    assert body == {"data": {"partner": {"id": "P2"}}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "the request body is not valid JSON"),
        ("[1, 2]", 'expected a JSON object such as {"query": "{ partners { id } }"}'),
        ("{}", "missing 'query': send a GraphQL document as a string"),
        ('{"query": "  "}', "missing 'query': send a GraphQL document as a string"),
        (
            '{"query": "{ partners { id } }", "variables": [1]}',
            "'variables' must be a JSON object",
        ),
        (
            '{"query": "{ partners { id } }", "operationName": 7}',
            "'operationName' must be a string",
        ),
    ],
    ids=[
        "malformed",
        "not an object",
        "no query",
        "blank query",
        "variables list",
        "operation number",
    ],
)
def test_post_rejects_bad_body(client, data, message):
    response = client.post("/graphql", data=data, content_type="application/json")

    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.get_json() == {"errors": [{"message": message}]}


def test_post_rejects_form_body(client):
    response = client.post("/graphql", data={"query": "{ partners { id } }"})

    assert response.status_code == 415
    assert response.get_json() == {
        "errors": [
            {
                "message": "expected a JSON body with the header "
                "Content-Type: application/json"
            }
        ]
    }


def test_post_rejects_large_body(database_url):
    app = create_app(
        {"DATABASE": database_url, "TESTING": True, "MAX_CONTENT_LENGTH": 100}
    )
    query = "query Big { partners { id } }" + " " * 100

    response = client_of(app).post("/graphql", json={"query": query})

    assert response.status_code == 413
    assert response.get_json() == {
        "errors": [
            {"message": "the request body is larger than the limit of 100 bytes"}
        ]
    }


def test_get_rejects_bad_variables(client):
    response = client.get(
        "/graphql", query_string={"query": "{ partners { id } }", "variables": "{"}
    )

    assert response.status_code == 400
    assert response.get_json() == {
        "errors": [{"message": "'variables' is not valid JSON"}]
    }


def test_syntax_error_is_400(client):
    response = client.post("/graphql", json={"query": "query Broken { partners { id }"})

    assert response.status_code == 400
    assert response.get_json() == {
        "errors": [
            {
                "message": "Syntax Error: Expected Name, found <EOF>.",
                "locations": [{"line": 1, "column": 31}],
            }
        ]
    }


def test_unknown_field_is_400(client):
    response = client.post(
        "/graphql", json={"query": "query Bad { partners { email } }"}
    )

    assert response.status_code == 400
    assert response.get_json() == {
        "errors": [
            {
                "message": "Cannot query field 'email' on type 'Partner'.",
                "locations": [{"line": 1, "column": 24}],
            }
        ]
    }


# limits


def test_depth_limit_rejects_deep_query(database_url):
    app = create_app(
        {"DATABASE": database_url, "TESTING": True, "GRAPHQL_MAX_DEPTH": 3}
    )
    query = """
    query Deep {
      participants { edges { node { referrals { fromPartner { id } } } } }
    }
    """

    response = client_of(app).post("/graphql", json={"query": query})

    assert response.status_code == 400
    assert response.get_json() == {
        "errors": [
            {
                "message": "'Deep' exceeds maximum operation depth of 3.",
                "locations": [{"line": 3, "column": 49}],
            }
        ]
    }


def test_default_depth_allows_explorer_query(client):
    query = """
    query Deepest {
      participants(first: 1) {
        edges { node { journey { toPartner { id } } referrals { fromPartner { id } } } }
      }
    }
    """

    body = _post(client, query)

    assert "errors" not in body


def test_token_limit_rejects_long_document(database_url):
    app = create_app(
        {"DATABASE": database_url, "TESTING": True, "GRAPHQL_MAX_TOKENS": 50}
    )
    query = (
        "query Many { " + " ".join(f"p{i}: partners {{ id }}" for i in range(20)) + " }"
    )

    response = client_of(app).post("/graphql", json={"query": query})

    assert response.status_code == 400
    assert response.get_json() == {
        "errors": [
            {
                "message": "Syntax Error: Document contains more than 50 tokens. "
                "Parsing aborted.",
                "locations": [{"line": 1, "column": 172}],
            }
        ]
    }


def test_default_token_limit_allows_introspection(client):
    body = _post(client, get_introspection_query(descriptions=True))

    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"] == {"name": "Query", "kind": "OBJECT"}


def test_cyclic_fragments_rejected_cleanly(client):
    query = """
    query Loop { partners { ...A } }
    fragment A on Partner { id ...B }
    fragment B on Partner { name ...A }
    """

    response = client.post("/graphql", json={"query": query})

    assert response.status_code == 400
    messages = [error["message"] for error in response.get_json()["errors"]]
    assert messages == [
        "Cannot spread fragment 'A' within itself via 'B'.",
    ]


# errors


def test_unexpected_error_is_masked(client, monkeypatch, caplog):
    class FailingStore(_CallCounter):
        def list_partners(self):
            raise RuntimeError("database file /srv/secret.db is corrupt")

    real_get_store = view.get_store

    def failing_store():
        return FailingStore(real_get_store())

    monkeypatch.setattr(view, "get_store", failing_store)

    with caplog.at_level(logging.ERROR, logger="api.graphql.errors"):
        body = _post(client, "query Names { partners { name } }")

    error = body["errors"][0]
    request_id = error["extensions"]["requestId"]
    assert body == {
        "errors": [
            {
                "message": f"Internal error; request id {request_id}",
                "locations": [{"line": 1, "column": 15}],
                "path": ["partners"],
                "extensions": {"code": "INTERNAL_ERROR", "requestId": request_id},
            }
        ],
        "data": None,
    }
    assert len(request_id) == 16
    assert "secret" not in str(body)
    assert "Traceback" not in str(body)
    assert len(caplog.records) == 1
    assert request_id in caplog.records[0].getMessage()
    assert "corrupt" in caplog.text


def test_store_error_is_masked(client, monkeypatch, caplog):
    class FailingStore(_CallCounter):
        def get_participant(self, participant_id):
            raise StoreError("cannot open database /srv/secret.db: disk I/O error")

    real_get_store = view.get_store
    monkeypatch.setattr(view, "get_store", lambda: FailingStore(real_get_store()))

    with caplog.at_level(logging.ERROR, logger="api.graphql.errors"):
        body = _post(client, 'query One { participant(id: "X1") { id } }')

    error = body["errors"][0]
    assert error["message"].startswith("Internal error; request id ")
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert "secret" not in str(body)
    assert len(caplog.records) == 1


def test_store_failure_outside_resolver_is_masked(client, monkeypatch, caplog):
    def broken_store():
        raise RuntimeError("cannot open /srv/secret.db")

    monkeypatch.setattr(view, "get_store", broken_store)

    with caplog.at_level(logging.ERROR, logger="api.graphql.view"):
        response = client.post(
            "/graphql", json={"query": "query P { partners { id } }"}
        )

    message = response.get_json()["errors"][0]["message"]
    assert response.status_code == 500
    assert message.startswith("Internal error; request id ")
    assert "secret" not in response.get_data(as_text=True)
    assert len(caplog.records) == 1


# schema


def test_explorer_sample_query_runs(client):
    body = _post(client, SAMPLE_QUERY)

    assert "errors" not in body
    assert len(body["data"]["partners"]) == 3


def _documented_operations() -> list[str]:
    text = (SDL_PATH.parent / "api.md").read_text(encoding="utf-8")
    return re.findall(r"```graphql\n(.*?)```", text, flags=re.DOTALL)


def test_api_docs_examples_are_valid():
    operations = _documented_operations()

    assert len(operations) == 13
    for operation in operations:
        errors = validate(schema.graphql_schema, parse(operation))
        assert errors == [], operation


def test_schema_file_matches_live_schema():
    checked_in = SDL_PATH.read_text(encoding="utf-8")

    assert checked_in == schema_sdl(), (
        "docs/schema.graphql differs from the schema; "
        "run `python -m api.graphql.sdl` and review the change"
    )


# analyses
#
# Hand-worked from DATASET: P1 referred X1 (accepted) and X2 (made) to P2,
# P2 referred X1 to employer E1 (completed) and X3 to P3 (declined). X1 and
# X2 worked with P1 and P2, X3 with P2 and P3.


def test_referral_flows_whole_programme(client):
    query = """
    query Flows {
      referralFlows {
        fromPartner { id } toId toKind toPartner { id } toEmployer { id }
        made accepted declined withdrawn completed referrals decided
        acceptanceRate completionRate
      }
    }
    """

    def flow(sender, receiver, kind, **counts):
        statuses = dict.fromkeys(
            ("made", "accepted", "declined", "withdrawn", "completed"), 0
        )
        statuses.update(counts)
        return {
            "fromPartner": {"id": sender},
            "toId": receiver,
            "toKind": kind,
            "toPartner": {"id": receiver} if kind == "partner" else None,
            "toEmployer": {"id": receiver} if kind == "employer" else None,
            **statuses,
        }

    assert _post(client, query) == {
        "data": {
            "referralFlows": [
                {
                    **flow("P1", "P2", "partner", made=1, accepted=1),
                    "referrals": 2,
                    "decided": 1,
                    "acceptanceRate": 1.0,
                    "completionRate": 0.0,
                },
                {
                    **flow("P2", "E1", "employer", completed=1),
                    "referrals": 1,
                    "decided": 1,
                    "acceptanceRate": 1.0,
                    "completionRate": 1.0,
                },
                {
                    **flow("P2", "P3", "partner", declined=1),
                    "referrals": 1,
                    "decided": 1,
                    "acceptanceRate": 0.0,
                    "completionRate": None,
                },
            ]
        }
    }


def test_referral_flows_in_window(client):
    query = """
    query Window($since: Date, $until: Date) {
      referralFlows(since: $since, until: $until) { fromPartner { id } toId referrals }
    }
    """

    body = _post(client, query, {"since": "2024-03-01", "until": "2024-04-30"})

    assert body == {
        "data": {
            "referralFlows": [
                {"fromPartner": {"id": "P1"}, "toId": "P2", "referrals": 1},
                {"fromPartner": {"id": "P2"}, "toId": "P3", "referrals": 1},
            ]
        }
    }


def test_analysis_rejects_reversed_window(client):
    query = """
    query Reversed { progress(since: "2024-05-01", until: "2024-04-01") { type } }
    """

    body = _post(client, query)

    assert body == {
        "errors": [
            {
                "message": "'until' (2024-04-01) is before 'since' (2024-05-01); "
                "swap them or widen the window",
                "locations": [{"line": 2, "column": 22}],
                "path": ["progress"],
                "extensions": {"code": "BAD_REQUEST"},
            }
        ],
        "data": None,
    }


def test_collaboration_strength_pairs(client):
    query = """
    query Strength {
      collaborationStrength {
        partnerA { id } partnerB { id } referralsAb referralsBa referrals decided
        sharedParticipants volume reciprocity acceptance shared score judged
      }
    }
    """

    body = _post(client, query)

    # Fewer than three referrals per pair, so no pair is judged or scored.
    log_2_over_log_3 = pytest.approx(0.6309297535714574)
    assert body == {
        "data": {
            "collaborationStrength": [
                {
                    "partnerA": {"id": "P1"},
                    "partnerB": {"id": "P2"},
                    "referralsAb": 2,
                    "referralsBa": 0,
                    "referrals": 2,
                    "decided": 1,
                    "sharedParticipants": 2,
                    "volume": 1.0,
                    "reciprocity": 0.0,
                    "acceptance": 1.0,
                    "shared": 1.0,
                    "score": None,
                    "judged": False,
                },
                {
                    "partnerA": {"id": "P2"},
                    "partnerB": {"id": "P3"},
                    "referralsAb": 1,
                    "referralsBa": 0,
                    "referrals": 1,
                    "decided": 1,
                    "sharedParticipants": 1,
                    "volume": log_2_over_log_3,
                    "reciprocity": 0.0,
                    "acceptance": 0.0,
                    "shared": log_2_over_log_3,
                    "score": None,
                    "judged": False,
                },
            ]
        }
    }


def test_network_metrics_of_chain(client):
    query = """
    query Metrics {
      networkMetrics {
        partners ties referrals density reciprocity components eigenvectorStatus
        perPartner {
          partner { id } inDegree outDegree referralsIn referralsOut
          degreeCentrality betweenness eigenvector pagerank
        }
      }
    }
    """

    body = _post(client, query)

    # The directed chain P1 -> P2 -> P3. PageRank with damping 0.85: every
    # partner gets 0.05 plus a third of P3's rank, which sends nothing,
    # say y. P1 gets y, P2 y + 0.85 y, P3 y + 0.85 * 1.85 y, adding up to
    # 5.4225 y = 1.
    y = 1 / 5.4225

    def partner(partner_id, degrees, volumes, centrality, betweenness, pagerank):
        return {
            "partner": {"id": partner_id},
            "inDegree": degrees[0],
            "outDegree": degrees[1],
            "referralsIn": volumes[0],
            "referralsOut": volumes[1],
            "degreeCentrality": centrality,
            "betweenness": betweenness,
            "eigenvector": None,
            "pagerank": pytest.approx(pagerank, rel=1e-3),
        }

    assert body == {
        "data": {
            "networkMetrics": {
                "partners": 3,
                "ties": 2,
                "referrals": 3,
                "density": pytest.approx(1 / 3),
                "reciprocity": 0.0,
                "components": 1,
                "eigenvectorStatus": "not applicable: the directed view uses PageRank",
                "perPartner": [
                    partner("P1", (0, 1), (0, 2), 0.5, 0.0, y),
                    partner("P2", (1, 1), (2, 1), 1.0, 0.5, 1.85 * y),
                    partner("P3", (1, 0), (1, 0), 0.5, 0.0, 2.5725 * y),
                ],
            }
        }
    }


def test_network_metrics_in_other_views(client):
    query = """
    query Views {
      volume: networkMetrics(view: UNDIRECTED) {
        view weight ties unscoredTies density reciprocity centralityMeasure
        eigenvectorStatus inDegreeCentralisation
        perPartner {
          partner { id } inDegree degree weightedDegree betweenness centrality
          eigenvector pagerank
        }
      }
      strength: networkMetrics(view: UNDIRECTED, weight: STRENGTH) {
        view weight ties unscoredTies eigenvectorStatus modularity
        perPartner { partner { id } weightedDegree betweenness centrality }
      }
    }
    """

    body = _post(client, query)

    # The undirected view is the path P1 -2- P2 -1- P3, whose leading
    # eigenvector is (2, sqrt 5, 1) / sqrt 10. P2 lies on the one route
    # between P1 and P3: betweenness 2 / (2 * 1) = 1.
    def volume(partner_id, degree, weighted, betweenness, eigenvector):
        return {
            "partner": {"id": partner_id},
            "inDegree": None,
            "degree": degree,
            "weightedDegree": weighted,
            "betweenness": betweenness,
            "centrality": pytest.approx(eigenvector, rel=1e-3),
            "eigenvector": pytest.approx(eigenvector, rel=1e-3),
            "pagerank": None,
        }

    # Both pairs have fewer than 3 referrals, so neither has a collaboration
    # score: both ties are unscored, and no weighted measure has a tie.
    def strength(partner_id, betweenness):
        return {
            "partner": {"id": partner_id},
            "weightedDegree": 0.0,
            "betweenness": betweenness,
            "centrality": None,
        }

    assert body == {
        "data": {
            "volume": {
                "view": "UNDIRECTED",
                "weight": "VOLUME",
                "ties": 2,
                "unscoredTies": None,
                "density": pytest.approx(2 / 3),
                "reciprocity": None,
                "centralityMeasure": "eigenvector",
                "eigenvectorStatus": "computed",
                "inDegreeCentralisation": None,
                "perPartner": [
                    volume("P1", 1, 2.0, 0.0, 2 / 10**0.5),
                    volume("P2", 2, 3.0, 1.0, 1 / 2**0.5),
                    volume("P3", 1, 1.0, 0.0, 1 / 10**0.5),
                ],
            },
            "strength": {
                "view": "UNDIRECTED",
                "weight": "STRENGTH",
                "ties": 2,
                "unscoredTies": 2,
                "eigenvectorStatus": "not applicable: no tie has a "
                "collaboration score above 0",
                "modularity": None,
                "perPartner": [
                    strength("P1", 0.0),
                    strength("P2", 1.0),
                    strength("P3", 0.0),
                ],
            },
        }
    }


def test_network_position_in_each_view(client):
    query = """
    query Position {
      partner(id: "P2") {
        directed: networkPosition { inDegree eigenvector centrality }
        undirected: networkPosition(view: UNDIRECTED) {
          inDegree eigenvector centrality
        }
      }
    }
    """

    body = _post(client, query)

    # P2 in the path P1 -2- P2 -1- P3: see test_network_metrics_of_chain
    # and test_network_metrics_in_other_views.
    assert body == {
        "data": {
            "partner": {
                "directed": {
                    "inDegree": 1,
                    "eigenvector": None,
                    "centrality": pytest.approx(1.85 / 5.4225, rel=1e-3),
                },
                "undirected": {
                    "inDegree": None,
                    "eigenvector": pytest.approx(1 / 2**0.5, rel=1e-3),
                    "centrality": pytest.approx(1 / 2**0.5, rel=1e-3),
                },
            }
        }
    }


def test_progress_by_partner_and_quarter(client):
    query = """
    query Quarterly($since: Date, $until: Date) {
      progress(since: $since, until: $until) {
        type
        byPartner { partner { id } participants outcomes }
        byQuarter {
          quarter firstDay lastDay achieved outcomes achievedToDate
          target shareToDate
        }
      }
    }
    """

    body = _post(client, query, {"since": "2024-05-01", "until": "2024-07-15"})
    open_window = _post(client, query)

    # O1, P2's job start on 2024-05-20, is the only outcome.
    def quarters(type_, target, achieved_q2):
        share = achieved_q2 / target
        return [
            {
                "quarter": "2024Q2",
                "firstDay": "2024-05-01",
                "lastDay": "2024-06-30",
                "achieved": achieved_q2,
                "outcomes": achieved_q2,
                "achievedToDate": achieved_q2,
                "target": target,
                "shareToDate": share,
            },
            {
                "quarter": "2024Q3",
                "firstDay": "2024-07-01",
                "lastDay": "2024-07-15",
                "achieved": 0,
                "outcomes": 0,
                "achievedToDate": achieved_q2,
                "target": target,
                "shareToDate": share,
            },
        ]

    assert body == {
        "data": {
            "progress": [
                {
                    "type": "job_start",
                    "byPartner": [
                        {"partner": {"id": "P2"}, "participants": 1, "outcomes": 1}
                    ],
                    "byQuarter": quarters("job_start", 4, 1),
                },
                {
                    "type": "education",
                    "byPartner": [],
                    "byQuarter": quarters("education", 2, 0),
                },
            ]
        }
    }
    # Without a window, quarters run from the first outcome to today, so
    # the last quarter's total to date is the whole programme's.
    job_starts = open_window["data"]["progress"][0]["byQuarter"]
    assert job_starts[0]["quarter"] == "2024Q2"
    assert job_starts[0]["firstDay"] == "2024-05-20"
    assert job_starts[-1]["lastDay"] == date.today().isoformat()
    assert [q["achieved"] for q in job_starts] == [1] + [0] * (len(job_starts) - 1)
    assert job_starts[-1]["achievedToDate"] == 1
    assert open_window["data"]["progress"][0]["byPartner"] == [
        {"partner": {"id": "P2"}, "participants": 1, "outcomes": 1}
    ]


def test_progress_against_targets(client):
    query = """
    query Progress($since: Date) {
      progress(since: $since) { type achieved outcomes target share }
    }
    """

    whole = _post(client, query)
    late = _post(client, query, {"since": "2024-06-01"})

    assert whole == {
        "data": {
            "progress": [
                {
                    "type": "job_start",
                    "achieved": 1,
                    "outcomes": 1,
                    "target": 4,
                    "share": 0.25,
                },
                {
                    "type": "education",
                    "achieved": 0,
                    "outcomes": 0,
                    "target": 2,
                    "share": 0.0,
                },
            ]
        }
    }
    assert [row["achieved"] for row in late["data"]["progress"]] == [0, 0]
