"""The sample partnership gives the same answers on both stores.

The sample is imported with the command line into a SQLite file and into
a real Neo4j server; then the analyses, the map and GraphQL queries, the
journey query among them, must agree byte for byte.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from api.app import create_app
from api.cli import cli
from graph.sample import write_sample
from tests.api.clients import client_of

pytestmark = pytest.mark.neo4j

QUERIES = {
    "journeys": """
        query ($after: String) {
          participants(first: 40, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { node {
              id enrolledOn consentToShare birthYear partner { id }
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
    """,
    "referrals": """
        {
          referrals(status: "accepted", since: "2024-01-01", first: 100) {
            totalCount
            edges { node { id status referredOn statusOn reason } }
          }
        }
    """,
    "analyses": """
        {
          referralFlows {
            fromPartner { id } toId toKind made accepted declined completed
            acceptanceRate completionRate
          }
          collaborationStrength(since: "2024-01-01", until: "2025-06-30") {
            partnerA { id } partnerB { id } referrals sharedParticipants
            score judged
          }
          networkMetrics {
            partners ties referrals density reciprocity components
            perPartner {
              partner { id } inDegree outDegree referralsIn degreeCentrality
            }
          }
          progress { type achieved outcomes target share }
        }
    """,
}


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    write_sample(folder, seed=7, partners=10, participants=300)
    return folder


@pytest.fixture
def both_stores(tmp_path, sample_folder, neo4j_empty, monkeypatch):
    """Import the sample into both stores; return their database URLs."""
    if neo4j_empty.auth is not None:
        monkeypatch.setenv("NEO4J_USER", neo4j_empty.auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", neo4j_empty.auth[1])
    urls = {"sqlite": f"sqlite:///{tmp_path / 'sample.db'}", "neo4j": neo4j_empty.uri}
    runner = CliRunner()
    for url in urls.values():
        result = runner.invoke(
            cli, ["-q", "--database", url, "import", str(sample_folder)]
        )
        assert result.exit_code == 0, result.output
        assert "created" in result.output
    return urls


def _cli_output(url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-q", "--database", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_analyses_agree(both_stores):
    reports = {
        name: _cli_output(url, "analyse", "--format", "json")
        for name, url in both_stores.items()
    }
    assert json.loads(reports["sqlite"])["flows"], "the sample has referral flows"
    assert reports["neo4j"] == reports["sqlite"]

    windowed = {
        name: _cli_output(
            url, "analyse", "--since", "2024-04-01", "--until", "2024-09-30"
        )
        for name, url in both_stores.items()
    }
    assert windowed["neo4j"] == windowed["sqlite"]
    assert windowed["sqlite"] != reports["sqlite"]


def test_maps_agree(both_stores, tmp_path):
    pages = {}
    for name, url in both_stores.items():
        out = tmp_path / f"{name}.html"
        _cli_output(url, "map", "--out", str(out), "--employers")
        pages[name] = out.read_bytes()
    assert b"vis-network" in pages["sqlite"] or b"vis.Network" in pages["sqlite"]
    assert pages["neo4j"] == pages["sqlite"]


def _graphql(url: str, query: str, variables: dict | None = None) -> dict:
    app = create_app({"DATABASE": url, "TESTING": True})
    with client_of(app) as client:
        response = client.post(
            "/graphql", json={"query": query, "variables": variables}
        )
    body = response.get_json()
    assert response.status_code == 200, body
    assert "errors" not in body, body
    return body["data"]


def _all_journeys(url: str) -> list:
    pages, after = [], None
    while True:
        data = _graphql(url, QUERIES["journeys"], {"after": after})
        info = data["participants"]["pageInfo"]
        # Each store signs cursors with its own secret, so only what a
        # cursor points to is compared: the next page.
        after = info.pop("endCursor")
        pages.append(data)
        if not info["hasNextPage"]:
            return pages


def test_graphql_answers_agree(both_stores):
    journeys = {name: _all_journeys(url) for name, url in both_stores.items()}
    assert journeys["sqlite"][0]["participants"]["totalCount"] == 300
    assert journeys["neo4j"] == journeys["sqlite"]

    for name in ("referrals", "analyses"):
        answers = {
            store: _graphql(url, QUERIES[name]) for store, url in both_stores.items()
        }
        assert answers["neo4j"] == answers["sqlite"], name
