"""The GraphQL API and the login through a real HTTP server: ``partnergraph
serve`` under waitress, on each store, serving requests sent over a socket."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from graph.stores import open_store
from tests.api.clients import add_user
from tests.api.test_graphql import DATASET
from tests.served import (
    Browser,
    bearer,
    csrf_field,
    csrf_meta,
    get,
    graphql,
    post,
    running,
)


@pytest.fixture
def server(empty_database_url, tmp_path):
    with open_store(empty_database_url) as store:
        store.import_dataset(DATASET)
    arguments = ["--database", empty_database_url, "serve", "--port", "0"]
    with running(arguments, cwd=tmp_path) as url:
        yield url


@pytest.fixture
def token(empty_database_url):
    """Return the token of an admin of the served store."""
    return add_user(empty_database_url)


def test_named_query_over_http(server, token):
    query = """
    query Referrals($status: String) {
      referrals(status: $status, first: 2) {
        totalCount
        edges { node { id status fromPartner { id } toPartner { id } } }
        pageInfo { hasNextPage }
      }
    }
    """

    body = graphql(server, query, {"status": "made"}, token)

    assert body == {
        "data": {
            "referrals": {
                "totalCount": 1,
                "edges": [
                    {
                        "node": {
                            "id": "R3",
                            "status": "made",
                            "fromPartner": {"id": "P1"},
                            "toPartner": {"id": "P2"},
                        }
                    }
                ],
                "pageInfo": {"hasNextPage": False},
            }
        }
    }


def test_journey_query_over_http(server, token):
    query = """
    query Journey($id: ID!) {
      participant(id: $id) { id journey { on kind partner { id } recordId } }
    }
    """

    body = graphql(server, query, {"id": "X1"}, token)

    events = body["data"]["participant"]["journey"]
    assert body["data"]["participant"]["id"] == "X1"
    assert events[0] == {
        "on": "2024-02-01",
        "kind": "enrolled",
        "partner": {"id": "P1"},
        "recordId": "X1",
    }
    assert [event["on"] for event in events] == sorted(e["on"] for e in events)


def test_get_runs_queries_but_not_mutations(server, token):
    query = urllib.parse.quote("query Partners { partners { id } }")
    status, content_type, text = get(f"{server}graphql?query={query}", token)
    mutation = urllib.parse.quote("mutation M { __typename }")
    request = urllib.request.Request(
        f"{server}graphql?query={mutation}", headers=bearer(token)
    )

    assert status == 200
    assert content_type == "application/json"
    assert json.loads(text) == {
        "data": {"partners": [{"id": "P1"}, {"id": "P2"}, {"id": "P3"}]}
    }
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 405
    assert refused.value.headers["Allow"] == "POST"
    refused.value.close()


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        (b"{}", "text/plain", 415, "expected a JSON body"),
        (b"{not json", "application/json", 400, "not valid JSON"),
        (b'{"query": "{ partners { id "}', "application/json", 400, "Syntax Error"),
        (b"x" * 1_000_001, "application/json", 413, "larger than the limit"),
    ],
)
def test_bad_requests_over_http(server, token, body, content_type, status, message):
    answer_status, answer = post(server + "graphql", body, content_type, token)

    assert answer_status == status
    assert message in answer["errors"][0]["message"]


def test_mutation_and_retry_over_http(server, token):
    mutation = """
    mutation Accept($input: AcceptReferralInput!) {
      acceptReferral(input: $input) {
        __typename
        ... on Referral { id status statusOn daysWaiting }
        ... on InvalidInput { problems { field message } }
      }
    }
    """
    accept = {"input": {"id": "R3", "on": "2024-03-08"}}
    inbox = 'query Inbox { inbox(partnerId: "P2") { totalCount } }'

    first = graphql(server, mutation, accept, token)
    retry = graphql(server, mutation, accept, token)
    after = graphql(server, inbox, token=token)

    accepted = {
        "data": {
            "acceptReferral": {
                "__typename": "Referral",
                "id": "R3",
                "status": "accepted",
                "statusOn": "2024-03-08",
                "daysWaiting": None,
            }
        }
    }
    assert first == accepted
    assert retry == accepted
    assert after == {"data": {"inbox": {"totalCount": 0}}}


# authentication


def test_graphql_without_token_is_401_over_http(server):
    body = json.dumps({"query": "query Partners { partners { id } }"}).encode()

    status, answer = post(server + "graphql", body)

    assert status == 401
    assert list(answer) == ["errors"]
    assert answer["errors"][0]["message"].startswith("missing token")


def test_page_without_session_redirects_over_http(server):
    status, headers, _text = Browser(server).request("dashboard")

    assert status == 302
    assert headers["Location"] == "/login?next=/dashboard"


def test_login_cookie_flags_over_http(server, token):
    browser = Browser(server)

    status, headers, _text = browser.sign_in(token, "/dashboard")

    assert status == 303
    assert headers["Location"] == "/dashboard"
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("partnergraph_session=")
    assert "; HttpOnly" in cookie
    assert "; SameSite=Lax" in cookie
    # Plain HTTP outside production: a Secure cookie would never come back.
    assert "Secure" not in cookie
    assert token not in cookie
    status, _headers, page = browser.request("dashboard")
    assert status == 200
    assert "Signed in as <strong>Test admin</strong> (admin)" in page


def test_explorer_session_queries_over_http(server, token):
    browser = Browser(server)
    browser.sign_in(token)
    _status, _headers, explorer = browser.request("explorer")
    body = json.dumps({"query": "query Partners { partners { id } }"}).encode()
    json_type = {"Content-Type": "application/json"}

    without_header = browser.request("graphql", body, json_type)
    with_header = browser.request(
        "graphql", body, {**json_type, "X-CSRF-Token": csrf_meta(explorer)}
    )

    assert without_header[0] == 403
    assert "missing CSRF token" in without_header[2]
    assert with_header[0] == 200
    assert json.loads(with_header[2]) == {
        "data": {"partners": [{"id": "P1"}, {"id": "P2"}, {"id": "P3"}]}
    }


def test_logout_over_http(server, token):
    browser = Browser(server)
    browser.sign_in(token)
    _status, _headers, home = browser.request("")

    status, headers, _text = browser.submit("logout", {"csrf_token": csrf_field(home)})
    after = browser.request("")

    assert status == 303
    assert headers["Location"] == "/login"
    assert after[0] == 302
