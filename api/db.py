"""The store of the current request, opened on first use and closed after."""

from __future__ import annotations

from flask import Flask, current_app, g

from graph.store import Store
from graph.stores import open_store


def get_store() -> Store:
    """Return the store of this request, opening it on first use."""
    if "store" not in g:
        g.store = open_store(current_app.config["DATABASE"])
    return g.store


def close_store(_error: BaseException | None = None) -> None:
    """Close the request's store, if one was opened."""
    store = g.pop("store", None)
    if store is not None:
        store.close()


def init_app(app: Flask) -> None:
    """Register the store's teardown with ``app``."""
    app.teardown_appcontext(close_store)
