"""Run a partnergraph command that serves HTTP, for tests that talk to a
real server.

``running`` starts the installed console script as a child process and
waits for the line that announces the URL, then yields that URL. At the
end it stops the process with SIGTERM, as a process manager would, and
checks that it stopped cleanly. ``get``, ``post`` and ``graphql`` send a
user's token when given one; ``Browser`` signs in with the login form and
keeps the session cookie, as a web browser does.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest

READY_LINE = re.compile(r"partnergraph is running at (http://\S+/)")
# The last line of the announcement that follows READY_LINE.
LAST_ANNOUNCED_LINE = "Press Ctrl+C to stop."
START_TIMEOUT_SECONDS = 120


def console_script() -> Path:
    """Return the installed ``partnergraph`` command, or fail the test."""
    script = Path(sys.executable).parent / "partnergraph"
    if not script.exists():
        pytest.fail(f"console script not installed at {script}; run make install")
    return script


@contextmanager
def running(
    arguments: list[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    output: list[str] | None = None,
) -> Iterator[str]:
    """Run ``partnergraph ARGUMENTS`` in ``cwd`` with ``env`` added to the
    environment, and yield its base URL once it serves.

    ``output``, when given, receives each line that the command prints on
    standard output, from the start until it stops.
    """
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
        lines: list[str] = [] if output is None else output
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
        if line.strip() == LAST_ANNOUNCED_LINE:
            ready.set()
    ready.set()


def bearer(token: str | None) -> dict[str, str]:
    """Return the Authorization header that carries ``token``, if any."""
    return {} if token is None else {"Authorization": f"Bearer {token}"}


def get(url: str, token: str | None = None) -> tuple[int, str, str]:
    """Return the status, Content-Type and text of a GET of ``url``."""
    request = urllib.request.Request(url, headers=bearer(token))
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read().decode("utf-8")
        return response.status, response.headers["Content-Type"], body


def post(
    url: str,
    body: bytes,
    content_type: str = "application/json",
    token: str | None = None,
) -> tuple[int, dict]:
    """POST ``body`` to ``url`` and return the status and the decoded JSON
    response, for error statuses too."""
    headers = {"Content-Type": content_type, **bearer(token)}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def graphql(
    base: str, query: str, variables: dict | None = None, token: str | None = None
) -> dict:
    """POST a GraphQL request to ``base`` and return the decoded JSON of a
    200 response."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    status, answer = post(base + "graphql", body, token=token)
    assert status == 200, answer
    return answer


CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """An HTTP client that keeps cookies and does not follow redirects, so
    a test can follow the login flow of a real server step by step."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def request(
        self,
        path: str,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, Message, str]:
        """Send a GET, or a POST when ``data`` is given, and return the
        status, headers and text of the response, for error statuses too."""
        request = urllib.request.Request(
            self.base + path.lstrip("/"), data=data, headers=dict(headers or {})
        )
        try:
            with self._opener.open(request, timeout=30) as response:
                text = response.read().decode("utf-8")
                return response.status, response.headers, text
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read().decode("utf-8")

    def submit(self, path: str, fields: Mapping[str, str]) -> tuple[int, Message, str]:
        """POST ``fields`` as a form to ``path``."""
        body = urllib.parse.urlencode(fields).encode()
        content_type = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request(path, body, content_type)

    def sign_in(self, token: str, next_path: str = "/") -> tuple[int, Message, str]:
        """Open the login form and submit ``token`` with the form's CSRF
        token, as a person would; return the response to the POST."""
        status, _headers, page = self.request(
            "login?" + urllib.parse.urlencode({"next": next_path})
        )
        assert status == 200, page
        fields = {"csrf_token": csrf_field(page), "token": token, "next": next_path}
        return self.submit("login", fields)


def csrf_field(page: str) -> str:
    """Return the CSRF token of the first form in ``page``."""
    match = CSRF_FIELD.search(page)
    assert match is not None, f"no csrf_token field in the page:\n{page}"
    return match.group(1)


def csrf_meta(page: str) -> str:
    """Return the CSRF token of the page's csrf-token meta tag."""
    match = CSRF_META.search(page)
    assert match is not None, f"no csrf-token meta tag in the page:\n{page}"
    return match.group(1)
