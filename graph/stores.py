"""Open the store named by a database URL.

``PARTNERGRAPH_DATABASE`` selects the store. ``sqlite:///relative/file.db``
is a file relative to the current folder and ``sqlite:////abs/file.db`` an
absolute path: three slashes, then the path.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.errors import ConfigurationError
from graph.store import Store

DEFAULT_DATABASE_URL = "sqlite:///partnergraph.db"
_SQLITE_PREFIX = "sqlite:///"
_NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://")
_ACCEPTED = "sqlite:///relative/file.db or sqlite:////absolute/file.db"


def sqlite_path(url: str | None = None) -> Path | None:
    """Return the file a SQLite URL names, or ``None`` for any other URL."""
    if url is None:
        url = os.environ.get("PARTNERGRAPH_DATABASE") or DEFAULT_DATABASE_URL
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
    if url is None:
        url = os.environ.get("PARTNERGRAPH_DATABASE") or DEFAULT_DATABASE_URL
    if url.startswith(_NEO4J_SCHEMES):
        raise ConfigurationError(
            f"PARTNERGRAPH_DATABASE {url!r} names a Neo4j server, but this "
            f"version of partnergraph has no Neo4j store yet; use {_ACCEPTED}"
        )
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
