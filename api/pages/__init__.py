"""The web pages: home, progress dashboard, network map, GraphQL explorer
and the login form.

Templates are in ``api/templates`` and the stylesheet and the vendored
GraphiQL in ``api/static``, both served by the application itself, so every
page works with no internet connection.
"""

from __future__ import annotations

from flask import Blueprint

from api.pages import errors, login, views
from api.pages.windows import format_day

blueprint = Blueprint("pages", __name__)

blueprint.add_url_rule("/", view_func=views.home)
blueprint.add_url_rule("/dashboard", view_func=views.dashboard)
blueprint.add_url_rule("/map", view_func=views.network_map)
blueprint.add_url_rule("/explorer", view_func=views.explorer)
blueprint.add_url_rule("/healthz", view_func=views.healthz)
blueprint.add_url_rule("/login", view_func=login.login, methods=["GET", "POST"])
blueprint.add_url_rule("/logout", view_func=login.logout, methods=["POST"])
blueprint.add_app_template_filter(format_day, name="day")
blueprint.app_context_processor(views.page_globals)
errors.register(blueprint)
