"""The views of the web pages and the health check."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    g,
    jsonify,
    render_template,
    request,
    url_for,
)

from api import analyses
from api.db import get_store
from api.pages.dashboard import build_dashboard, format_count
from api.pages.journey_panel import build_journey_panel
from api.pages.maps import add_map_header
from api.pages.network_panels import build_network_panels
from api.pages.windows import parse_window
from api.viewer import current_viewer
from graph.store import RECORD_KINDS
from visualisations.network_map import render_network_map

GRAPHQL_PATH = "/graphql"

# The query the explorer opens with on a first visit. It needs no ids, and
# every role may run it, so it works for anyone on any partnership.
SAMPLE_QUERY = """\
# The partnergraph GraphQL explorer.
#
# Run this query with the play button or
# Ctrl+Enter. The Docs button on the left
# lists every type and field. What you may
# read depends on your role: fields your
# role may not see come back as errors.

query PartnersAndTheirReferrals {
  partners {
    id
    name
    type
    borough
    referralCounts {
      sent { total }
      received { total }
    }
  }
}
"""

# Allows the page's own files only. Styles may be inline because GraphiQL
# and the dashboard's bars set style attributes. Fonts and images may be data
# URLs because GraphiQL's stylesheet inlines its fonts.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# The network map keeps its scripts and styles inline, but it may still
# load nothing from another origin.
MAP_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def home() -> Response:
    store = get_store()
    config = store.load_config()
    counts = store.count_records()
    viewer = current_viewer()
    rows = [
        (
            kind,
            format_count(
                counts.get(kind, 0), 1 if viewer.exact_counts else viewer.threshold
            ),
        )
        for kind in RECORD_KINDS
    ]
    return html_response(render_template("home.html", config=config, counts=rows))


def dashboard() -> Response:
    window = parse_window(request.args)
    store = get_store()
    config = store.load_config()
    context = build_dashboard(store, window.since, window.until)
    context.update(build_network_panels(store, window.since, window.until))
    context.update(build_journey_panel(store, window.since, window.until))
    page = render_template("dashboard.html", config=config, window=window, **context)
    return html_response(page)


def network_map() -> Response:
    window = parse_window(request.args)
    store = get_store()
    config = store.load_config()
    graph = analyses.referral_graph(store, window.since, window.until)

    title = f"{config.name}: referral network, {window.describe()}"
    viewer = current_viewer()
    html = render_network_map(
        graph,
        title=title,
        suppress_below=None if viewer.exact_counts else viewer.threshold,
    )
    header = render_template(
        "_map_header.html", window=window, action=url_for("pages.network_map")
    )
    return html_response(add_map_header(html, header), csp=MAP_CSP)


def page_globals() -> dict[str, object]:
    """Return the values every page template can use: whether the explorer
    is on, the signed-in user (``None`` on open pages) and whether a
    session, which the sign-out button ends, identified the user."""
    return {
        "explorer_enabled": bool(current_app.config["GRAPHQL_INTROSPECTION"]),
        "current_user": g.get("user"),
        "signed_in_with_session": g.get("credentials") == "session",
    }


def explorer() -> Response:
    if not current_app.config["GRAPHQL_INTROSPECTION"]:
        # The explorer needs introspection, which production turns off.
        abort(404)
    page = render_template(
        "explorer.html", endpoint=GRAPHQL_PATH, default_query=SAMPLE_QUERY
    )
    return html_response(page)


def healthz() -> Response:
    """Report that the process serves requests, without opening the store."""
    response = jsonify({"status": "ok"})
    response.headers["Cache-Control"] = "no-store"
    return response


def html_response(html: str, csp: str = PAGE_CSP, status: int = 200) -> Response:
    """Return ``html`` as a page with its security headers."""
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = csp
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Pages show the signed-in user and the partnership's data, so no cache
    # may keep them.
    response.headers["Cache-Control"] = "no-store"
    return response
