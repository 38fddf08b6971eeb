"""The README's quick start, run for real.

``make demo`` runs ``partnergraph demo``. This test runs the same command
with a smaller sample on a free port, reads the tokens it prints, signs in
with the admin's and talks to the server over HTTP as a browser would. Then
it stops the server with SIGTERM, as a process manager would.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.served import Browser, csrf_meta, get, graphql, running

ROOT = Path(__file__).resolve().parents[1]

# A row of the demo's users table: role, name, token.
USER_ROW = re.compile(r"^  (admin|partner|facilitator|funder)  +(.+?)  +(pg_\S+)$")


@dataclass(frozen=True)
class Demo:
    """The demo server's base URL, the tokens it printed by role, and its
    standard output."""

    url: str
    tokens: dict[str, str]
    output: list[str]


@pytest.fixture
def demo(tmp_path):
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
    output: list[str] = []
    with running(arguments, cwd=tmp_path, output=output) as url:
        rows = [USER_ROW.match(line.rstrip("\n")) for line in output]
        tokens = {row.group(1): row.group(3) for row in rows if row is not None}
        yield Demo(url, tokens, output)


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


def test_demo_prints_one_token_per_role(demo, tmp_path):
    assert sorted(demo.tokens) == ["admin", "facilitator", "funder", "partner"]
    assert len(set(demo.tokens.values())) == 4
    assert any(f"Sign in at {demo.url}login" in line for line in demo.output)
    log = (tmp_path / "server-stderr.log").read_text(encoding="utf-8")
    for token in demo.tokens.values():
        assert token not in log


def test_demo_partner_user_name(demo):
    rows = [USER_ROW.match(line.rstrip("\n")) for line in demo.output]
    names = {row.group(1): row.group(2) for row in rows if row is not None}
    answer = graphql(
        demo.url, "query P { partners { id name } }", token=demo.tokens["admin"]
    )
    first_partner = min(answer["data"]["partners"], key=lambda partner: partner["id"])

    assert names["admin"] == "Demo admin"
    assert names["partner"] == first_partner["name"]


def test_demo_admin_signs_in(demo):
    browser = Browser(demo.url)

    status, headers, _text = browser.sign_in(demo.tokens["admin"], "/dashboard")
    dashboard = browser.request("dashboard")
    explorer = browser.request("explorer")
    query = json.dumps({"query": "query P { partners { id } }"}).encode()
    answer = browser.request(
        "graphql",
        query,
        {"Content-Type": "application/json", "X-CSRF-Token": csrf_meta(explorer[2])},
    )

    assert status == 303
    assert headers["Location"] == "/dashboard"
    assert dashboard[0] == 200
    assert "Signed in as <strong>Demo admin</strong> (admin)" in dashboard[2]
    assert answer[0] == 200
    assert len(json.loads(answer[2])["data"]["partners"]) == 8


def test_demo_serves_home_graphql_and_map(demo):
    base = demo.url
    token = demo.tokens["admin"]

    status, content_type, home = get(base, token)
    assert status == 200
    assert content_type.startswith("text/html")
    for link in ('href="/explorer"', 'href="/dashboard"', 'href="/map"'):
        assert link in home

    first = graphql(
        base,
        "query First { participants(first: 1) { edges { node { id } } } }",
        token=token,
    )
    participant_id = first["data"]["participants"]["edges"][0]["node"]["id"]
    journey = graphql(
        base,
        "query Journey($id: ID!) { participant(id: $id) { id journey { on kind } } }",
        {"id": participant_id},
        token,
    )
    assert "errors" not in journey
    events = journey["data"]["participant"]["journey"]
    assert events[0]["kind"] == "enrolled"
    assert [event["on"] for event in events] == sorted(event["on"] for event in events)

    status, content_type, map_page = get(base + "map", token)
    assert status == 200
    assert "vis.Network" in map_page
    assert not re.search(r"""(src|href)=["']https?://""", map_page)

    status, _, dashboard = get(base + "dashboard", token)
    assert status == 200
    assert participant_id not in dashboard
