"""The embedded store: one SQLite file, no server."""

from graph.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
