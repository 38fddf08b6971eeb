"""The README's quick start, run for real.

``make demo`` runs ``partnergraph demo``. This test runs the same command
with a smaller sample on a free port and talks to the server over HTTP as a
browser would. Then it stops the server with SIGTERM, as a process manager
would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.served import get, graphql, running

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_server(tmp_path):
    arguments = [
        "demo",
        "--dir",
        str(tmp_path / "demo"),
        "--port",
        "0",
        "--participants",
        "300",
        "--partners",
        "8",
    ]
    with running(arguments, cwd=tmp_path) as url:
        yield url


def test_readme_starts_with_demo_and_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make demo", "make test"]


def test_make_demo_runs_the_demo_command():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/partnergraph demo" in makefile


def test_ci_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export CI=true" in script
    assert script.strip().splitlines()[-1] == "make test"


def test_demo_serves_home_graphql_and_map(demo_server):
    base = demo_server

    status, content_type, home = get(base)
    assert status == 200
    assert content_type.startswith("text/html")
    for link in ('href="/explorer"', 'href="/dashboard"', 'href="/map"'):
        assert link in home

    first = graphql(
        base, "query First { participants(first: 1) { edges { node { id } } } }"
    )
    participant_id = first["data"]["participants"]["edges"][0]["node"]["id"]
    journey = graphql(
        base,
        "query Journey($id: ID!) { participant(id: $id) { id journey { on kind } } }",
        {"id": participant_id},
    )
    assert "errors" not in journey
    events = journey["data"]["participant"]["journey"]
    assert events[0]["kind"] == "enrolled"
    assert [event["on"] for event in events] == sorted(event["on"] for event in events)

    status, content_type, map_page = get(base + "map")
    assert status == 200
    assert "vis.Network" in map_page
    assert not re.search(r"""(src|href)=["']https?://""", map_page)

    status, _, dashboard = get(base + "dashboard")
    assert status == 200
    assert participant_id not in dashboard
