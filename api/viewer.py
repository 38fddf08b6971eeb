"""The signed-in user of the request, as the access rules see them."""

from __future__ import annotations

from flask import g

from api.db import get_store
from graph.access.policy import FACILITATOR, Viewer


def current_viewer() -> Viewer:
    """Return the ``Viewer`` of ``g.user`` with the partnership's
    small-number threshold and, for facilitators, its pseudonym secret."""
    store = get_store()
    user = g.user
    secret = store.secret("pseudonym") if user.role == FACILITATOR else b""
    threshold = store.load_config().small_number_threshold
    return Viewer.of(user, secret, threshold)
