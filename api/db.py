"""The store the current request reads and writes.

A SQLite store is opened on first use in each request and closed after it:
a connection is cheap, and each request gets its own. A Neo4j store keeps
a pool of connections that requests share, so the app opens it once and
keeps it until the process ends.
"""

from __future__ import annotations

import threading
import weakref

from flask import Flask, current_app, g

from graph.store import Store
from graph.stores import database_url, is_neo4j_url, open_store

_SHARED_KEY = "partnergraph.shared_store"
_shared_lock = threading.Lock()


def get_store() -> Store:
    """Return the store of this request, opening it on first use."""
    url = database_url(current_app.config["DATABASE"])
    if is_neo4j_url(url):
        return _shared_store(current_app._get_current_object(), url)  # type: ignore[attr-defined]
    if "store" not in g:
        g.store = open_store(url)
    return g.store


def _shared_store(app: Flask, url: str) -> Store:
    with _shared_lock:
        store = app.extensions.get(_SHARED_KEY)
        if store is None:
            store = open_store(url)
            app.extensions[_SHARED_KEY] = store
            # Closed when the app is garbage-collected, or at exit.
            weakref.finalize(app, store.close)
        return store


def close_store(_error: BaseException | None = None) -> None:
    """Close the request's store, if one was opened."""
    store = g.pop("store", None)
    if store is not None:
        store.close()


def init_app(app: Flask) -> None:
    """Register the store's teardown with ``app``."""
    app.teardown_appcontext(close_store)
