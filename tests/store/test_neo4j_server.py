"""The Neo4j test server and its fixtures: a reachable server that starts
each test empty and stores temporal values as Neo4j types."""

from __future__ import annotations

import datetime
import socket

import neo4j
import pytest

from tests.neo4j_server import Neo4jServerError, start_server

pytestmark = pytest.mark.neo4j


@pytest.fixture
def driver(neo4j_empty):
    with neo4j.GraphDatabase.driver(neo4j_empty.uri, auth=neo4j_empty.auth) as opened:
        yield opened


def test_server_runs_a_query(driver):
    records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_uri_fixture_matches_server(neo4j_uri, neo4j_server):
    assert neo4j_uri == neo4j_server.uri
    assert neo4j_uri.startswith(("bolt://", "neo4j://"))


def test_date_property_round_trip(driver):
    driver.execute_query(
        "CREATE (:Sample {id: $id, on: $on})", id="S1", on=datetime.date(2024, 2, 29)
    )
    records, _, _ = driver.execute_query(
        "MATCH (s:Sample {id: $id}) RETURN s.on AS on", id="S1"
    )
    stored = records[0]["on"]
    assert isinstance(stored, neo4j.time.Date)
    assert type(stored.to_native()) is datetime.date
    assert stored.to_native() == datetime.date(2024, 2, 29)


@pytest.fixture(scope="module")
def sample_constraint(neo4j_server):
    """Create a uniqueness constraint for this module and drop it afterwards,
    so that other tests on the same server see only their own schema."""
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as admin:
        admin.execute_query(
            "CREATE CONSTRAINT sample_id IF NOT EXISTS "
            "FOR (s:Sample) REQUIRE s.id IS UNIQUE"
        )
        yield "sample_id"
        admin.execute_query("DROP CONSTRAINT sample_id IF EXISTS")


# The two tests below run in file order. The first leaves nodes and a
# relationship behind, and the second checks that neo4j_empty deleted them but
# kept the constraint.
def test_writes_data_under_constraint(sample_constraint, driver):
    driver.execute_query("CREATE (:Sample {id: 'S2'})-[:NEXT]->(:Sample {id: 'S3'})")
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS nodes")
    assert records[0]["nodes"] == 2


def test_empty_keeps_constraints(sample_constraint, driver):
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS nodes")
    assert records[0]["nodes"] == 0
    records, _, _ = driver.execute_query(
        "MATCH ()-[r]->() RETURN count(r) AS relationships"
    )
    assert records[0]["relationships"] == 0
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name WHERE name = $name RETURN name",
        name=sample_constraint,
    )
    assert [record["name"] for record in records] == [sample_constraint]


def test_port_in_use_is_rejected_before_launch():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(Neo4jServerError, match=f"port {port} .* is in use"):
            start_server(port=port)
