"""Run a partnergraph command that serves HTTP, for tests that talk to a
real server.

``running`` starts the installed console script as a child process and
waits for the line that announces the URL, then yields that URL. At the
end it stops the process with SIGTERM, as a process manager would, and
checks that it stopped cleanly.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

READY_LINE = re.compile(r"partnergraph is running at (http://\S+/)")
START_TIMEOUT_SECONDS = 120


def console_script() -> Path:
    """Return the installed ``partnergraph`` command, or fail the test."""
    script = Path(sys.executable).parent / "partnergraph"
    if not script.exists():
        pytest.fail(f"console script not installed at {script}; run make install")
    return script


@contextmanager
def running(
    arguments: list[str], cwd: Path, env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Run ``partnergraph ARGUMENTS`` in ``cwd`` with ``env`` added to the
    environment, and yield its base URL once it serves."""
    stderr_path = cwd / "server-stderr.log"
    with stderr_path.open("w") as stderr:
        process = subprocess.Popen(
            [str(console_script()), *arguments],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=cwd,
            env={**os.environ, **(env or {})},
        )
        lines: list[str] = []
        ready = threading.Event()
        reader = threading.Thread(
            target=_read_until_ready, args=(process.stdout, lines, ready), daemon=True
        )
        reader.start()
        ready.wait(timeout=START_TIMEOUT_SECONDS)
        match = next(filter(None, map(READY_LINE.search, lines)), None)
        if match is None:
            process.kill()
            process.wait(timeout=30)
            pytest.fail(
                f"partnergraph {' '.join(arguments)} did not start:\n"
                + "".join(lines)
                + stderr_path.read_text(encoding="utf-8")
            )
        try:
            yield match.group(1)
        finally:
            process.send_signal(signal.SIGTERM)
            return_code = process.wait(timeout=30)
            reader.join(timeout=10)
            assert process.stdout is not None
            process.stdout.close()
    log = stderr_path.read_text(encoding="utf-8")
    assert return_code == 0, log
    assert "stopped serving" in log, log


def _read_until_ready(stream, lines: list[str], ready: threading.Event) -> None:
    for line in stream:
        lines.append(line)
        if READY_LINE.search(line):
            ready.set()
    ready.set()


def get(url: str) -> tuple[int, str, str]:
    """Return the status, Content-Type and text of a GET of ``url``."""
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode("utf-8")
        return response.status, response.headers["Content-Type"], body


def post(
    url: str, body: bytes, content_type: str = "application/json"
) -> tuple[int, dict]:
    """POST ``body`` to ``url`` and return the status and the decoded JSON
    response, for error statuses too."""
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": content_type}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def graphql(base: str, query: str, variables: dict | None = None) -> dict:
    """POST a GraphQL request to ``base`` and return the decoded JSON of a
    200 response."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    status, answer = post(base + "graphql", body)
    assert status == 200, answer
    return answer
