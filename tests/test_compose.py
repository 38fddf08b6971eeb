"""Checks on docker-compose.yml, the Dockerfile and .env.example.

No Docker engine runs in the test suite, so these tests read the files and
check them against the real command line and the real Flask app: the
Dockerfile's command must parse with ``partnergraph serve``, its health
check must hit a route that returns 200, and the compose file must keep
Neo4j's password out of the file and every port on 127.0.0.1.

PyYAML is not a dependency, so ``_children`` reads the compose file by
indentation. It understands only block mappings and lists indented by two
spaces, which is how docker-compose.yml is written.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from api.app import create_app
from api.cli import cli
from api.settings import from_environment
from graph.stores import is_neo4j_url

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"

REQUIRED_PASSWORD = "${NEO4J_PASSWORD:?set NEO4J_PASSWORD in .env}"
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[-?+]([^}]*))?\}")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _children(lines: list[str], key: str, indent: int) -> list[str]:
    """Return the content lines nested under ``key:`` at ``indent`` spaces."""
    prefix = " " * indent + key + ":"
    starts = [number for number, line in enumerate(lines) if line.rstrip() == prefix]
    if len(starts) != 1:
        pytest.fail(f"expected one block {key!r} at indent {indent}: found {starts}")
    start = starts[0]
    children = []
    for line in lines[start + 1 :]:
        if not _is_content(line):
            continue
        if _indent(line) <= indent:
            break
        children.append(line)
    return children


def _scalar(lines: list[str], key: str, indent: int) -> str:
    """Return the value of ``key: value`` at ``indent`` spaces."""
    prefix = " " * indent + key + ": "
    values = [line[len(prefix) :].strip() for line in lines if line.startswith(prefix)]
    assert len(values) == 1, f"expected one {key!r} at indent {indent}: {values}"
    return values[0].strip('"')


def _mapping(lines: list[str], key: str, indent: int) -> dict[str, str]:
    children = _children(lines, key, indent)
    mapping = {}
    for line in children:
        if _indent(line) == indent + 2:
            name, _, value = line.strip().partition(": ")
            mapping[name] = value.strip('"')
    return mapping


def _list(lines: list[str], key: str, indent: int) -> list[str]:
    children = _children(lines, key, indent)
    return [
        line.strip().removeprefix("- ").strip('"')
        for line in children
        if line.strip().startswith("- ")
    ]


def _service(name: str) -> list[str]:
    services = _children(COMPOSE.read_text().splitlines(), "services", 0)
    return _children(services, name, 2)


def _interpolate(value: str, environment: dict[str, str]) -> str:
    """Expand ``${NAME}`` and ``${NAME:-default}`` as compose does."""

    def expand(match: re.Match[str]) -> str:
        return environment.get(match[1]) or (match[2] or "")

    return INTERPOLATION.sub(expand, value)


def _instructions() -> list[tuple[str, str]]:
    """Return the Dockerfile's instructions as (keyword, arguments) pairs."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in text.splitlines():
        if not _is_content(line):
            continue
        keyword, _, arguments = line.strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def _arguments(keyword: str) -> list[str]:
    return [arguments for name, arguments in _instructions() if name == keyword]


def _command() -> list[str]:
    commands = _arguments("CMD")
    assert len(commands) == 1, f"expected one CMD in the Dockerfile: {commands}"
    command = json.loads(commands[0])
    assert isinstance(command, list), "CMD must use the exec (JSON array) form"
    return command


def _healthcheck_url() -> str:
    checks = _arguments("HEALTHCHECK")
    assert len(checks) == 1, f"expected one HEALTHCHECK in the Dockerfile: {checks}"
    _, _, exec_form = checks[0].partition("CMD ")
    urls = re.findall(r"http://[^'\"\s]+", " ".join(json.loads(exec_form)))
    assert len(urls) == 1, f"expected one URL in the health check: {urls}"
    return urls[0]


def _option(command: list[str], name: str) -> str:
    assert name in command, f"{name} missing from the Dockerfile's CMD {command}"
    return command[command.index(name) + 1]


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'compose.db'}"


# docker-compose.yml


def test_neo4j_image_is_pinned_526():
    image = _scalar(_service("neo4j"), "image", 4)
    assert re.fullmatch(r"neo4j:5\.26\.\d+-community", image), image


def test_neo4j_password_comes_from_env_file():
    environment = _mapping(_service("neo4j"), "environment", 4)
    assert environment["NEO4J_AUTH"] == "neo4j/" + REQUIRED_PASSWORD


def test_app_password_comes_from_env_file():
    environment = _mapping(_service("partnergraph"), "environment", 4)
    assert environment["NEO4J_USER"] == "neo4j"
    assert environment["NEO4J_PASSWORD"] == REQUIRED_PASSWORD


def test_compose_has_no_literal_password():
    text = COMPOSE.read_text()
    assignments = re.findall(
        r"^\s+(?:-\s*)?(NEO4J_(?:AUTH|PASSWORD))\s*[:=]\s*(.*)$", text, re.MULTILINE
    )
    assert len(assignments) == 2, assignments
    for name, value in assignments:
        assert REQUIRED_PASSWORD in value, f"{name} does not use {REQUIRED_PASSWORD}"


def test_neo4j_environment_contains_only_settings():
    # The image writes every NEO4J_* variable except a few of its own (such
    # as NEO4J_AUTH) into neo4j.conf, where NEO4J_PASSWORD would become an
    # unknown setting that stops the server.
    environment = _mapping(_service("neo4j"), "environment", 4)
    for name in environment:
        if name == "NEO4J_AUTH":
            continue
        assert re.fullmatch(r"NEO4J_[a-z][a-z0-9_]*", name), name


def test_every_published_port_is_loopback():
    for name in ("neo4j", "partnergraph"):
        ports = _list(_service(name), "ports", 4)
        assert ports, f"{name} publishes no port"
        for port in ports:
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port}"


def test_app_port_maps_to_container_8000():
    ports = _list(_service("partnergraph"), "ports", 4)
    assert _interpolate(ports[0], {}) == "127.0.0.1:8000:8000"


def test_app_waits_for_healthy_neo4j():
    depends_on = _children(_service("partnergraph"), "depends_on", 4)
    neo4j = _children(depends_on, "neo4j", 6)
    assert _scalar(neo4j, "condition", 8) == "service_healthy"


def test_neo4j_has_a_healthcheck():
    test = _list(_service("neo4j"), "test", 6)
    assert test[0] == "CMD-SHELL"
    assert "cypher-shell" in test[1]
    # $$ leaves the expansion to the container, which has NEO4J_AUTH.
    assert "$${NEO4J_AUTH#neo4j/}" in test[1]


def test_database_url_names_neo4j_service():
    environment = _mapping(_service("partnergraph"), "environment", 4)
    url = environment["PARTNERGRAPH_DATABASE"]
    assert is_neo4j_url(url), url
    parts = urlsplit(url)
    assert parts.hostname == "neo4j"
    assert parts.port == 7687
    assert _service(parts.hostname)


def test_neo4j_data_and_logs_are_named_volumes():
    volumes = _list(_service("neo4j"), "volumes", 4)
    assert "neo4j-data:/data" in volumes
    assert "neo4j-logs:/logs" in volumes
    declared = _children(COMPOSE.read_text().splitlines(), "volumes", 0)
    assert "  neo4j-data:" in declared
    assert "  neo4j-logs:" in declared


def test_app_environment_is_valid_production():
    environment = _mapping(_service("partnergraph"), "environment", 4)
    values = {name: _interpolate(value, {}) for name, value in environment.items()}

    config = from_environment(values)

    assert "PARTNERGRAPH_AUTH" not in environment
    assert config["PARTNERGRAPH_ENV"] == "production"
    assert config["SESSION_COOKIE_SECURE"] is True


def test_app_restarts_unless_stopped():
    assert _scalar(_service("partnergraph"), "restart", 4) == "unless-stopped"


@pytest.mark.parametrize("extra_hosts", ["", "partners.example.org"])
def test_compose_trusted_hosts_pass_healthcheck(monkeypatch, database_url, extra_hosts):
    environment = _mapping(_service("partnergraph"), "environment", 4)
    value = _interpolate(
        environment["PARTNERGRAPH_TRUSTED_HOSTS"],
        {"PARTNERGRAPH_TRUSTED_HOSTS": extra_hosts},
    )
    monkeypatch.setenv("PARTNERGRAPH_TRUSTED_HOSTS", value)
    client = create_app({"DATABASE": database_url, "TESTING": True}).test_client()
    url = urlsplit(_healthcheck_url())

    assert client.get(url.path, headers={"Host": url.netloc}).status_code == 200
    assert client.get(url.path, headers={"Host": "localhost:8000"}).status_code == 200
    rebound = client.get(url.path, headers={"Host": "attacker.example:8000"})
    assert rebound.status_code == 400
    if extra_hosts:
        extra = client.get(url.path, headers={"Host": extra_hosts})
        assert extra.status_code == 200


def test_healthcheck_fails_without_loopback_host(monkeypatch, database_url):
    # The compose file always adds 127.0.0.1, because a setting that lists
    # only other names rejects the health check's own request.
    monkeypatch.setenv("PARTNERGRAPH_TRUSTED_HOSTS", "partners.example.org")
    client = create_app({"DATABASE": database_url, "TESTING": True}).test_client()
    url = urlsplit(_healthcheck_url())
    assert client.get(url.path, headers={"Host": url.netloc}).status_code == 400


# .env.example and ignore files


def test_env_example_lists_every_variable():
    documented = set(re.findall(r"^(\w+)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    used = {match[1] for match in INTERPOLATION.finditer(COMPOSE.read_text())}
    used.discard("NEO4J_AUTH")  # expanded by the container's shell, not compose
    assert used - documented == set()


def test_env_example_password_is_empty():
    lines = ENV_EXAMPLE.read_text().splitlines()
    assert "NEO4J_PASSWORD=" in lines


def test_env_file_is_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored


def test_dockerignore_keeps_env_and_databases_out():
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if _is_content(line)
    ]
    assert lines[0] == "*"
    for line in lines:
        assert ".env" not in line, line
        assert ".db" not in line, line


# Dockerfile


def test_base_images_pin_python_311_slim():
    for arguments in _arguments("FROM"):
        image = arguments.split()[0]
        assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", image), image


def test_install_has_no_editable_or_dev():
    installs = [run for run in _arguments("RUN") if "pip install" in run]
    assert installs
    for run in installs:
        assert " -e " not in run, run
        assert "--editable" not in run, run
        assert "[dev]" not in run, run


def test_runs_as_non_root_user():
    users = _arguments("USER")
    assert users, "the Dockerfile sets no USER, so the service runs as root"
    assert users[-1].split(":")[0] not in ("root", "0")
    keywords = [name for name, _ in _instructions()]
    assert keywords.index("USER") < keywords.index("CMD")


def test_command_is_console_script():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    command = _command()
    assert command[0] in pyproject["project"]["scripts"]
    assert command[1] == "serve"


def test_command_options_exist_in_serve():
    command = _command()
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0, result.output
    options = [word for word in command[2:] if word.startswith("-")]
    assert options
    for option in options:
        assert option in result.output, f"serve --help does not list {option}"


def test_command_arguments_parse():
    command = _command()
    serve = cli.commands["serve"]
    with serve.make_context("serve", command[2:]) as context:
        assert context.params["host"] == "0.0.0.0"
        assert context.params["port"] == 8000


def test_exposed_port_matches_command():
    port = _option(_command(), "--port")
    assert _arguments("EXPOSE") == [port]


def test_healthcheck_uses_served_port():
    url = urlsplit(_healthcheck_url())
    assert url.hostname == "127.0.0.1"
    assert str(url.port) == _option(_command(), "--port")


def test_healthcheck_path_is_a_route(database_url):
    client = create_app({"DATABASE": database_url, "TESTING": True}).test_client()
    url = urlsplit(_healthcheck_url())
    response = client.get(url.path, headers={"Host": url.netloc})
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
