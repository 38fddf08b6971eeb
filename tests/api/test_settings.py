"""Server settings from the environment, the GraphQL cost limit, and what
production turns off."""

from __future__ import annotations

import pytest
from graphql import parse

from api.app import create_app
from api.graphql.cost import operation_cost
from api.graphql.schema import schema
from api.graphql.view import _checked_document
from api.settings import from_environment
from graph.errors import ConfigurationError
from tests.api.clients import client_of

INTROSPECTION = "query Schema { __schema { queryType { name } } }"


def _cost(query: str, variables: dict | None = None, list_size: int = 50) -> int:
    document = parse(query)
    operation = document.definitions[-1]
    fragments = {
        definition.name.value: definition for definition in document.definitions[:-1]
    }
    return operation_cost(
        schema.graphql_schema, operation, fragments, variables, list_size
    )


def test_defaults_without_variables():
    config = from_environment({})

    assert config["PARTNERGRAPH_ENV"] == "development"
    assert config["GRAPHQL_INTROSPECTION"] is True
    assert config["MAX_CONTENT_LENGTH"] == 1_000_000
    assert config["GRAPHQL_MAX_COST"] == 200_000


def test_auth_setting_off_is_rejected():
    assert from_environment({"PARTNERGRAPH_AUTH": "required"}) == from_environment({})
    with pytest.raises(ConfigurationError, match="PARTNERGRAPH_AUTH=off is no longer"):
        from_environment({"PARTNERGRAPH_AUTH": "off"})


def test_production_turns_introspection_off():
    assert from_environment({"PARTNERGRAPH_ENV": "production"}) == {
        **from_environment({}),
        "PARTNERGRAPH_ENV": "production",
        "GRAPHQL_INTROSPECTION": False,
        "SESSION_COOKIE_SECURE": True,
    }
    assert from_environment({"PARTNERGRAPH_ENV": "demo"})["GRAPHQL_INTROSPECTION"]


def test_variables_set_the_limits():
    config = from_environment(
        {
            "PARTNERGRAPH_MAX_BODY_BYTES": "2048",
            "PARTNERGRAPH_GRAPHQL_MAX_DEPTH": "4",
            "PARTNERGRAPH_GRAPHQL_MAX_TOKENS": " 300 ",
            "PARTNERGRAPH_GRAPHQL_MAX_COST": "900",
            "PARTNERGRAPH_GRAPHQL_LIST_SIZE": "10",
        }
    )

    assert config["MAX_CONTENT_LENGTH"] == 2048
    assert config["GRAPHQL_MAX_DEPTH"] == 4
    assert config["GRAPHQL_MAX_TOKENS"] == 300
    assert config["GRAPHQL_MAX_COST"] == 900
    assert config["GRAPHQL_LIST_SIZE"] == 10


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PARTNERGRAPH_ENV", "prod", "invalid PARTNERGRAPH_ENV 'prod'"),
        ("PARTNERGRAPH_AUTH", "maybe", "invalid PARTNERGRAPH_AUTH 'maybe'"),
        (
            "PARTNERGRAPH_GRAPHQL_MAX_COST",
            "lots",
            "PARTNERGRAPH_GRAPHQL_MAX_COST 'lots'",
        ),
        ("PARTNERGRAPH_GRAPHQL_MAX_DEPTH", "0", "whole number of 1 or more"),
        ("PARTNERGRAPH_MAX_BODY_BYTES", "-5", "PARTNERGRAPH_MAX_BODY_BYTES '-5'"),
    ],
)
def test_invalid_variable_stops_the_app(variable, value, message, monkeypatch):
    monkeypatch.setenv(variable, value)

    with pytest.raises(ConfigurationError, match=message):
        create_app({"DATABASE": "sqlite:///unused.db"})


# cost


def test_cost_of_flat_fields():
    # partners: 1, then id and name for each of 50 assumed partners.
    assert _cost("query Q { partners { id name } }") == 1 + 50 * 2


def test_cost_multiplies_by_first():
    query = """
    query Q($n: Int) {
      participants(first: $n) { totalCount edges { node { id referrals { id } } } }
    }
    """
    # participants 1; totalCount 1, edges 1; per edge: node 1, id 1,
    # referrals 1, then 50 referral ids.
    expected = 1 + 1 + 1 + 20 * (1 + 1 + 1) + 20 * 50
    assert _cost(query, {"n": 20}) == expected
    assert _cost(query.replace("($n: Int)", "").replace("$n", "20")) == expected
    # Without first, the field's default page size of 50 applies.
    assert _cost(query, {}) == 1 + 1 + 1 + 50 * 3 + 50 * 50


def test_cost_follows_fragments():
    query = """
    fragment Names on Partner { id name }
    query Q { partners { ...Names } employers { ... on Employer { id } } }
    """
    assert _cost(query) == (1 + 50 * 2) + (1 + 50)


def test_introspection_costs_one_per_field():
    assert _cost(INTROSPECTION) == 1


# the app


@pytest.fixture
def url(tmp_path):
    return "sqlite:///" + str(tmp_path / "t.db")


def test_costly_query_is_rejected(url):
    app = create_app({"DATABASE": url, "TESTING": True, "GRAPHQL_MAX_COST": 100})
    query = "query Costly { partners { id name } }"

    response = client_of(app).post("/graphql", json={"query": query})

    assert response.status_code == 400
    assert response.get_json() == {
        "errors": [
            {
                "message": "the query could return about 101 values, more than "
                "the limit of 100; ask for smaller pages with 'first', or fewer "
                "nested lists"
            }
        ]
    }


def test_query_within_the_cost_limit_runs(url):
    app = create_app({"DATABASE": url, "TESTING": True, "GRAPHQL_MAX_COST": 101})
    query = "query Cheap { partners { id name } }"

    response = client_of(app).post("/graphql", json={"query": query})

    assert response.status_code == 200
    assert response.get_json() == {"data": {"partners": []}}


def test_production_hides_introspection_and_explorer(url, monkeypatch):
    monkeypatch.setenv("PARTNERGRAPH_ENV", "production")
    client = client_of(create_app({"DATABASE": url, "TESTING": True}))

    response = client.post("/graphql", json={"query": INTROSPECTION})
    home = client.get("/").get_data(as_text=True)

    assert response.status_code == 400
    assert response.get_json()["errors"][0]["message"] == (
        "GraphQL introspection has been disabled, but the requested query "
        "contained the field '__schema'."
    )
    assert client.get("/explorer").status_code == 404
    assert 'href="/explorer"' not in home
    assert 'href="/dashboard"' in home


def test_development_serves_the_explorer(url):
    client = client_of(create_app({"DATABASE": url, "TESTING": True}))

    response = client.post("/graphql", json={"query": INTROSPECTION})

    assert response.get_json() == {
        "data": {"__schema": {"queryType": {"name": "Query"}}}
    }
    assert client.get("/explorer").status_code == 200
    assert 'href="/explorer"' in client.get("/").get_data(as_text=True)


def test_default_cost_allows_journey_pages():
    query = """
    query Journeys {
      participants(first: 100) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node {
          id enrolledOn consentToShare partner { id name }
          referrals { id status statusOn toPartner { id } toEmployer { id } }
          activities { id type hours }
          outcomes { id type }
          journey {
            on kind recordId status type stage hours reason
            partner { id } toPartner { id } toEmployer { id } employer { id }
          }
        } }
      }
    }
    """
    cost = _cost(query)

    assert 100_000 < cost <= from_environment({})["GRAPHQL_MAX_COST"]


def test_repeated_document_is_validated_once(url):
    client = client_of(create_app({"DATABASE": url, "TESTING": True}))
    query = "query Repeated { partners { id } }"
    _checked_document.cache_clear()

    answers = [client.post("/graphql", json={"query": query}) for _ in range(3)]
    info = _checked_document.cache_info()

    assert [answer.get_json() for answer in answers] == [{"data": {"partners": []}}] * 3
    assert (info.misses, info.hits) == (1, 2)


def test_analysis_fields_cost_a_tenth_of_the_limit():
    one = "query One { networkMetrics { ties } }"
    aliased = (
        "query Many { "
        + " ".join(
            f'm{i}: networkMetrics(since: "2024-01-0{i}") {{ ties }}'
            for i in range(1, 10)
        )
        + " }"
    )
    # A partner's own counts cost as much only with a window of their own.
    shared = "query Shared { partners { referralCounts { sent { total } } } }"
    windowed = (
        'query Windowed { partners { referralCounts(since: "2024-01-01") '
        "{ sent { total } } } }"
    )

    assert _cost(one) == 20_000 + 1
    assert _cost(aliased) == 9 * (20_000 + 1)
    assert _cost(shared) == 1 + 50 * (1 + 1 + 1)
    assert _cost(windowed) == 1 + 50 * (20_000 + 1 + 1)


def test_period_and_journey_fields_cost_analyses():
    journeys = "query J { journeys { funnel { stage } } }"
    periods = "query P { networkOverTime { period } }"
    four = (
        "query T { "
        + " ".join(f"p{i}: networkOverTime {{ period }}" for i in range(4))
        + " }"
    )

    # journeys is one analysis, and its funnel a list of the assumed length
    # of 50 stages. networkOverTime counts as three analyses, and its periods
    # as a list of 50.
    assert _cost(journeys) == 20_000 + 1 + 50
    assert _cost(periods) == 3 * 20_000 + 50
    assert _cost(four) > from_environment({})["GRAPHQL_MAX_COST"]


def test_variable_default_counts_as_the_page_size():
    query = (
        "query Q($n: Int = 100) { participants(first: $n) { edges { node { id } } } }"
    )

    assert _cost(query) == 1 + 1 + 100 * 2
    assert _cost(query, {"n": 10}) == 1 + 1 + 10 * 2


def test_eleven_analyses_are_rejected(url):
    client = client_of(create_app({"DATABASE": url, "TESTING": True}))
    query = (
        "query Many { "
        + " ".join(f"m{i}: referralFlows {{ made }}" for i in range(11))
        + " }"
    )

    response = client.post("/graphql", json={"query": query})

    assert response.status_code == 400
    assert (
        "more than the limit of 200000" in response.get_json()["errors"][0]["message"]
    )


def test_deeply_nested_json_is_a_bad_request(url):
    client = client_of(create_app({"DATABASE": url, "TESTING": True}))
    body = (
        '{"query": "{ partners { id } }", "variables": '
        + "[" * 100_000
        + "]" * 100_000
        + "}"
    )

    response = client.post("/graphql", data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.get_json() == {
        "errors": [{"message": "the request body is not valid JSON"}]
    }


def test_production_gives_no_field_suggestions(url, monkeypatch):
    query = 'query Typo { partner(id: "P1") { nme } }'
    development = client_of(create_app({"DATABASE": url, "TESTING": True}))
    monkeypatch.setenv("PARTNERGRAPH_ENV", "production")
    production = client_of(create_app({"DATABASE": url, "TESTING": True}))

    hinted = development.post("/graphql", json={"query": query}).get_json()
    plain = production.post("/graphql", json={"query": query}).get_json()

    assert hinted["errors"][0]["message"] == (
        "Cannot query field 'nme' on type 'Partner'. Did you mean 'name'?"
    )
    assert (
        plain["errors"][0]["message"] == "Cannot query field 'nme' on type 'Partner'."
    )
