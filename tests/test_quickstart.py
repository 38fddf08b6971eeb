"""The README's quick start, run for real.

``make demo`` runs ``partnergraph demo``. This test runs the same command
with a smaller sample on a free port and talks to the server over HTTP as a
browser would. Then it stops the server with SIGTERM, as a process manager
would.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
READY_LINE = re.compile(r"partnergraph is running at (http://\S+/)")


def _console_script() -> Path:
    script = Path(sys.executable).parent / "partnergraph"
    if not script.exists():
        pytest.fail(f"console script not installed at {script}; run make install")
    return script


def _read_until_ready(stream, lines: list[str], ready: threading.Event) -> None:
    for line in stream:
        lines.append(line)
        if READY_LINE.search(line):
            ready.set()
    ready.set()


def _get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode("utf-8")
        return response.status, response.headers["Content-Type"], body


def _graphql(base: str, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        base + "graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def demo_server(tmp_path):
    stderr_path = tmp_path / "stderr.log"
    with stderr_path.open("w") as stderr:
        process = subprocess.Popen(
            [
                str(_console_script()),
                "demo",
                "--dir",
                str(tmp_path / "demo"),
                "--port",
                "0",
                "--participants",
                "300",
                "--partners",
                "8",
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=tmp_path,
        )
        lines: list[str] = []
        ready = threading.Event()
        reader = threading.Thread(
            target=_read_until_ready, args=(process.stdout, lines, ready), daemon=True
        )
        reader.start()
        ready.wait(timeout=120)
        match = next(filter(None, map(READY_LINE.search, lines)), None)
        if match is None:
            process.kill()
            process.wait(timeout=30)
            process.stdout.close()
            pytest.fail(
                "demo did not start:\n"
                + "".join(lines)
                + stderr_path.read_text(encoding="utf-8")
            )
        try:
            yield match.group(1)
        finally:
            process.send_signal(signal.SIGTERM)
            return_code = process.wait(timeout=30)
            reader.join(timeout=10)
            process.stdout.close()
    log = stderr_path.read_text(encoding="utf-8")
    assert return_code == 0, log
    assert "stopped serving" in log, log


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

    status, content_type, home = _get(base)
    assert status == 200
    assert content_type.startswith("text/html")
    for link in ('href="/explorer"', 'href="/dashboard"', 'href="/map"'):
        assert link in home

    first = _graphql(
        base, "query First { participants(first: 1) { edges { node { id } } } }"
    )
    participant_id = first["data"]["participants"]["edges"][0]["node"]["id"]
    journey = _graphql(
        base,
        "query Journey($id: ID!) { participant(id: $id) { id journey { on kind } } }",
        {"id": participant_id},
    )
    assert "errors" not in journey
    events = journey["data"]["participant"]["journey"]
    assert events[0]["kind"] == "enrolled"
    assert [event["on"] for event in events] == sorted(event["on"] for event in events)

    status, content_type, map_page = _get(base + "map")
    assert status == 200
    assert "vis.Network" in map_page
    assert not re.search(r"""(src|href)=["']https?://""", map_page)

    status, _, dashboard = _get(base + "dashboard")
    assert status == 200
    assert participant_id not in dashboard
