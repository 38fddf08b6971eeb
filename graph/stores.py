"""Open the store named by a database URL.

``PARTNERGRAPH_DATABASE`` selects the store. ``sqlite:///relative/file.db``
is a file relative to the current folder and ``sqlite:////abs/file.db`` an
absolute path: three slashes, then the path. ``neo4j://host:7687``,
``neo4j+s://``, ``bolt://`` and ``bolt+s://`` name a Neo4j server; its user
name and password come from ``NEO4J_USER`` and ``NEO4J_PASSWORD``, never
from the URL, and ``NEO4J_DATABASE`` names a database other than the
server's default.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import ConfigurationError
from graph.store import Store

DEFAULT_DATABASE_URL = "sqlite:///partnergraph.db"
_SQLITE_PREFIX = "sqlite:///"
_NEO4J_SCHEMES = (
    "neo4j://",
    "neo4j+s://",
    "neo4j+ssc://",
    "bolt://",
    "bolt+s://",
    "bolt+ssc://",
)
_ACCEPTED = (
    "sqlite:///relative/file.db, sqlite:////absolute/file.db, or a Neo4j "
    "address such as neo4j://host:7687, neo4j+s://host:7687 or bolt://host:7687"
)


def sqlite_path(url: str | None = None) -> Path | None:
    """Return the file a SQLite URL names, or ``None`` for any other URL."""
    url = database_url(url)
    if not url.startswith(_SQLITE_PREFIX) or url == _SQLITE_PREFIX:
        return None
    return Path(url.removeprefix(_SQLITE_PREFIX))


def open_store(url: str | None = None, *, must_exist: bool = False) -> Store:
    """Open the store at ``url``, or at ``PARTNERGRAPH_DATABASE``, or the
    default ``sqlite:///partnergraph.db``.

    A missing SQLite file is created, unless ``must_exist`` is set: commands
    that only read use it, so a mistyped path is an error rather than an
    empty partnership. Raises ConfigurationError for a URL no store accepts.
    """
    url = database_url(url)
    if is_neo4j_url(url):
        return open_neo4j(url)
    path = sqlite_path(url)
    if path is None:
        raise ConfigurationError(f"invalid database URL {url!r}: expected {_ACCEPTED}")
    if not path.parent.is_dir():
        raise ConfigurationError(
            f"the folder of database {str(path)!r} does not exist; create it "
            "or choose another path"
        )
    if must_exist and not path.exists():
        raise ConfigurationError(
            f"database {str(path)!r} does not exist; import a partnership "
            "into it first (partnergraph import PATH), or choose another "
            "database with --database or PARTNERGRAPH_DATABASE"
        )

    from graph.sqlite import SqliteStore

    return SqliteStore(path)


def database_url(url: str | None = None) -> str:
    """Return ``url``, or ``PARTNERGRAPH_DATABASE``, or the default."""
    if url is None:
        url = os.environ.get("PARTNERGRAPH_DATABASE") or DEFAULT_DATABASE_URL
    return url


def is_neo4j_url(url: str) -> bool:
    """Return whether ``url`` names a Neo4j server."""
    return url.startswith(_NEO4J_SCHEMES)


def open_neo4j(url: str) -> Store:
    """Open the Neo4j store at ``url`` with the credentials of the
    environment."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        # Addresses end up in logs and shell history; passwords must not.
        raise ConfigurationError(
            "the Neo4j address must not contain a user name or password; "
            "set NEO4J_USER and NEO4J_PASSWORD instead"
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not parts.hostname or port in (-1, 0):
        raise ConfigurationError(
            f"invalid Neo4j address {url!r}: expected scheme://host:port, "
            "such as neo4j://127.0.0.1:7687, with a port from 1 to 65535"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ConfigurationError(
            f"invalid Neo4j address {url!r}: expected scheme://host:port; "
            "name a database with NEO4J_DATABASE"
        )
    user = os.environ.get("NEO4J_USER") or None
    password = os.environ.get("NEO4J_PASSWORD") or None
    if password is not None and user is None:
        user = "neo4j"
    if user is not None and password is None:
        raise ConfigurationError(
            f"NEO4J_USER is set to {user!r} but NEO4J_PASSWORD is not; set both, "
            "or neither for a server without authentication"
        )
    auth = (user, password) if user is not None and password is not None else None

    from graph.neo4j import Neo4jStore

    return Neo4jStore(url, auth=auth, database=os.environ.get("NEO4J_DATABASE") or None)
