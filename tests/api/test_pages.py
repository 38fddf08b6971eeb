"""The web pages, through Flask's test client on a store loaded with the
fixture partnership of ``tests/conftest.py``.

The fixture's small-number threshold is 5, so on the dashboard every one of
its counts is suppressed. The tests of exact numbers lower the threshold to 1
first.
"""

from __future__ import annotations

import dataclasses
import html
import json
import logging
import re

import pytest

from analysis.flows import referral_flows
from api.app import create_app
from api.pages.dashboard import referrals_by_status
from graph.model import Partner
from graph.store import ReferralCount
from graph.stores import open_store
from tests.api.clients import client_of

ABSOLUTE_URL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
STATIC_REFERENCE = re.compile(r"""(?:src|href)="([^"]+)\"""")
PARTICIPANT_ID = re.compile(r"\bU[1-8]\b")


@pytest.fixture
def database_url(tmp_path, small_dataset):
    url = "sqlite:///" + str(tmp_path / "pages.db")
    with open_store(url) as store:
        store.import_dataset(small_dataset)
    return url


@pytest.fixture
def app(database_url):
    return create_app({"DATABASE": database_url, "TESTING": True})


@pytest.fixture
def exact_client(database_url):
    """A client on the fixture partnership with no small-number suppression."""
    with open_store(database_url) as store:
        config = store.load_config()
        store.save_config(dataclasses.replace(config, small_number_threshold=1))
    return client_of(create_app({"DATABASE": database_url, "TESTING": True}))


@pytest.fixture
def client(app):
    return client_of(app)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _table_rows(page: str, heading_id: str) -> list[list[str]]:
    """Return the text of each body row's cells in the table after a heading."""
    section = page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


# home


def test_home_links_to_the_three_pages(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.mimetype_params["charset"] == "utf-8"
    page = _text(response)
    for link in ('href="/explorer"', 'href="/dashboard"', 'href="/map"'):
        assert link in page
    assert "<h1>Riverside Test Partnership</h1>" in page


def test_home_shows_record_counts(client):
    page = _text(client.get("/"))

    # The fixture has 4 partners, 2 employers, 8 participants (U1 to U8),
    # 10 referrals (R01 to R10), 4 activities and 3 outcomes.
    assert _table_rows(page, "records-heading") == [
        ["Partners", "4"],
        ["Employers", "2"],
        ["Participants", "8"],
        ["Referrals", "10"],
        ["Activities", "4"],
        ["Outcomes", "3"],
    ]


# dashboard


def test_dashboard_progress_all_dates(exact_client):
    page = _text(exact_client.get("/dashboard"))

    # job_start: U1 (O1) and U7 (O3), 2 of the target 10. education: U5
    # (O2), 1 of 4. The other default outcome types have no outcome and no
    # target.
    assert _table_rows(page, "progress-heading") == [
        ["Job start", "2", "10", "20%", ""],
        ["Job sustained 13w", "0", "no target", "–", ""],
        ["Job sustained 26w", "0", "no target", "–", ""],
        ["Apprenticeship", "0", "no target", "–", ""],
        ["Training qualification", "0", "no target", "–", ""],
        ["Education", "1", "4", "25%", ""],
    ]
    assert 'aria-label="Job start: 2 of 10, 20%"' in page
    assert 'style="width: 20.0%"' in page
    assert 'aria-label="Education: 1 of 4, 25%"' in page


def test_dashboard_referrals_by_status(exact_client):
    page = _text(exact_client.get("/dashboard"))

    # made: R06, R10. accepted: R02, R03, R07. declined: R04.
    # withdrawn: R09. completed: R01, R05, R08.
    assert _table_rows(page, "status-heading") == [
        ["Made", "2"],
        ["Accepted", "3"],
        ["Declined", "1"],
        ["Withdrawn", "1"],
        ["Completed", "3"],
    ]
    assert re.search(r"<th scope=\"row\">Total</th><td[^>]*>10</td>", page)


def test_dashboard_top_flows(exact_client):
    page = _text(exact_client.get("/dashboard"))

    # Acceptance rate = (accepted + completed) / (accepted + completed +
    # declined). A->C: R01 completed, R02 accepted, 2 of 2. B->A: R03
    # accepted, R04 declined, 1 of 2. C->D: R06 made, R07 accepted, 1 of 1.
    # A->B: R09 withdrawn, none decided. D->E2: R10 made, none decided.
    # Ties are ordered by sender id, then receiver id.
    assert _table_rows(page, "flows-heading") == [
        ["Lead Trust", "Skills & Training Hub", "2", "100%"],
        ["Youth Club", "Lead Trust", "2", "50%"],
        ["Skills & Training Hub", "Jobs Broker", "2", "100%"],
        ["Lead Trust", "Youth Club", "1", "–"],
        ["Skills & Training Hub", "Lead Trust", "1", "100%"],
        ["Jobs Broker", "Riverside Bakery", "1", "100%"],
        ["Jobs Broker", "Camden Builders", "1", "–"],
    ]
    assert "Skills &amp; Training Hub" in page


def test_dashboard_window_filters_counts(exact_client):
    page = _text(exact_client.get("/dashboard?since=2024-03-01&until=2024-04-30"))

    assert "Showing 1 March 2024 to 30 April 2024" in page
    # Referred in March and April: R05 completed, R06 made, R07 accepted,
    # R08 completed, R09 withdrawn.
    assert _table_rows(page, "status-heading") == [
        ["Made", "1"],
        ["Accepted", "1"],
        ["Declined", "0"],
        ["Withdrawn", "1"],
        ["Completed", "2"],
    ]
    # Achieved in the window: only O1, U1's job start on 20 April.
    progress = _table_rows(page, "progress-heading")
    assert progress[0] == ["Job start", "1", "10", "10%", ""]
    assert progress[-1] == ["Education", "0", "4", "0%", ""]
    assert 'value="2024-03-01"' in page
    assert 'value="2024-04-30"' in page
    assert 'href="/map?since=2024-03-01&amp;until=2024-04-30"' in page


def test_dashboard_collaboration_pairs(exact_client):
    page = _text(exact_client.get("/dashboard"))

    # Partner pairs, whole programme: A-C has R01, R02 (A->C) and R05
    # (C->A), all taken on; A-B has R09 (A->B, withdrawn), R03 accepted and
    # R04 declined (B->A). Both have 3 referrals, the most of any pair, and
    # 3 shared participants (A-C: U1 U2 U5; A-B: U3 U4 U8), so volume and
    # shared are 1. Of those shared, U1 and U5 have outcomes. Recency runs
    # from the latest referral, R09 on 15 April: A-B 0 days, A-C (R05, 10
    # March) 36 days, 0.5 ** (36/90) = 0.76.
    #   A-C: (1 + 0.5 + 1 + 1 + 2/3 + 0.758) / 6 = 0.82
    #   A-B: (1 + 0.5 + 0.5 + 1 + 0 + 1) / 6 = 0.67
    # C-D (2 referrals) and A-D (no referral, U1 shared) are not judged.
    assert _table_rows(page, "collaboration-heading") == [
        [
            "Lead Trust and Skills & Training Hub",
            "3",
            "3",
            "1.00",
            "0.50",
            "1.00",
            "1.00",
            "0.67",
            "0.76",
            "0.82",
        ],
        [
            "Lead Trust and Youth Club",
            "3",
            "3",
            "1.00",
            "0.50",
            "0.50",
            "1.00",
            "0.00",
            "1.00",
            "0.67",
        ],
    ]
    assert "2 pairs of partners have too few referrals to judge" in page


def test_dashboard_network_panel(exact_client):
    page = _text(exact_client.get("/dashboard"))

    # Ties A->B, A->C, B->A, C->A, C->D carry 8 referrals: 5 of 12
    # possible ties, 4 of them returned. Undirected degrees A 2, B 1, C 2,
    # D 1 give centralisation (0 + 1 + 0 + 1) / (3 * 2) = 0.33. Louvain
    # splits {A, B} and {C, D}: with tie weights A-B 3, A-C 3, C-D 2, so
    # m = 8 and weighted degrees A 6, B 3, C 5, D 2, modularity is
    # 3/8 - (9/16)^2 + 2/8 - (7/16)^2 = 0.12.
    rows = dict(_table_rows(page, "network-heading"))
    assert rows["Ties"] == "5"
    assert rows["Referrals between partners"] == "8"
    assert rows["Density"] == "42%"
    assert rows["Reciprocity"] == "80%"
    assert rows["Degree centralisation"] == "0.33"
    assert rows["Communities"] == "2"
    assert rows["Modularity"] == "0.12"
    # Betweenness A 3/6 and C 2/6 (the routes B->C, B->D, C->B and A->D
    # pass through them). Each has two contacts not tied to each other, so
    # its constraint is (1/2)^2 + (1/2)^2. A sends R01 R02 R09 and receives
    # R03 R04 R05; C sends R05 R06 R07 and receives R01 R02.
    assert _table_rows(page, "brokers-heading") == [
        ["Lead Trust", "0.50", "0.50", "sends and receives", "3", "3"],
        ["Skills & Training Hub", "0.33", "0.50", "sends and receives", "3", "2"],
    ]


def test_dashboard_panels_suppressed(client):
    page = _text(client.get("/dashboard"))

    # Every pair has fewer than 5 referrals, so none is judged, and every
    # partner's referrals in and out are from 1 to 4.
    assert "No pair of partners has enough referrals" in page
    assert "4 pairs of partners have too few referrals to judge" in page
    rows = dict(_table_rows(page, "network-heading"))
    assert rows["Ties"] == "–"
    assert rows["Density"] == "–"
    assert rows["Reciprocity"] == "–"
    assert rows["Modularity"] == "–"
    assert rows["Referrals between partners"] == "suppressed"
    brokers = _table_rows(page, "brokers-heading")
    assert brokers[0] == [
        "Lead Trust",
        "0.50",
        "–",
        "–",
        "fewer than 5",
        "fewer than 5",
    ]


def test_dashboard_journeys(exact_client):
    page = _text(exact_client.get("/dashboard?until=2024-06-30"))

    # All eight participants are enrolled by 30 June 2024, and followed to
    # the programme's end, 31 December 2025. Engagement: U1 (A1, 10 days
    # after enrolment) and U3 (A3, 24 days), so 6 of 8 dropped and the
    # median is 17 days. Training: U1 (26 days after engagement) and U5,
    # who skipped engagement; U3 dropped. Nobody reached job search, so U1
    # and U5 dropped.
    assert "followed to 31 December 2025" in page
    assert _table_rows(page, "funnel-heading") == [
        ["Engagement", "2", "6", "75%", "17"],
        ["Training", "2", "1", "50%", "26"],
        ["Job search", "0", "2", "100%", "–"],
    ]
    # Job starts: U7 after 39 days, with 8 at risk, and U1 after 101 days,
    # with the 7 others at risk. Everyone else is followed for more than a
    # year. So 7/8 are still without one at 90 days and 7/8 x 6/7 = 6/8
    # from 101 days on, and the estimate never falls to a half.
    assert _table_rows(page, "time-to-job-heading") == [
        ["Participants", "8"],
        ["With a job start", "2"],
        ["Median days to a job start", "–"],
        ["Still without one after 90 days", "88%"],
        ["Still without one after 180 days", "75%"],
        ["Still without one after 365 days", "75%"],
    ]
    # Supporting partners, the enrolling one and those with an activity:
    # U1 (A, and C for A2) and U3 (B, and A for A3) have two; U2, U4, U5,
    # U6, U7 and U8 one. D recorded U1's job start and A U5's education,
    # which is not support. Wilson 95% intervals: 1 of 6 is 3.0% to 56.4%,
    # and 1 of 2 is 9.5% to 90.5%.
    assert _table_rows(page, "effect-heading") == [
        ["One partner", "6", "1", "17%", "3% to 56%"],
        ["Two or more partners", "2", "1", "50%", "9% to 91%"],
    ]
    assert "Difference, two or more partners against one: +33 points." in page
    assert "association, not proof" in page


def test_dashboard_journeys_suppressed(client):
    page = _text(client.get("/dashboard?until=2024-06-30"))

    funnel = _table_rows(page, "funnel-heading")
    # 2 reached engagement and 6 did not, of the 8 shown below: both hidden.
    assert funnel[0] == ["Engagement", "suppressed", "suppressed", "–", "–"]
    timing = dict(_table_rows(page, "time-to-job-heading"))
    assert timing["Participants"] == "8"
    assert timing["With a job start"] == "suppressed"
    assert timing["Still without one after 90 days"] == "–"
    # The groups, 6 and 2, split the 8 participants shown above, so the 6
    # would give the 2 away. The 1 of the 6 with a job start is small, and
    # the 5 without one are too few to hide it, so both read "suppressed".
    groups = _table_rows(page, "effect-heading")
    assert groups == [
        ["One partner", "suppressed", "suppressed", "–", "–"],
        ["Two or more partners", "suppressed", "fewer than 5", "–", "–"],
    ]


def test_dashboard_suppresses_small_numbers(client):
    page = _text(client.get("/dashboard"))

    # The threshold is 5, and every count of the fixture but the total of
    # 10 referrals is from 1 to 4.
    progress = _table_rows(page, "progress-heading")
    assert progress[0] == ["Job start", "fewer than 5", "10", "–", ""]
    assert progress[1] == ["Job sustained 13w", "0", "no target", "–", ""]
    assert progress[-1] == ["Education", "fewer than 5", "4", "–", ""]
    assert 'role="img"' not in page
    assert _table_rows(page, "status-heading") == [
        ["Made", "fewer than 5"],
        ["Accepted", "fewer than 5"],
        ["Declined", "fewer than 5"],
        ["Withdrawn", "fewer than 5"],
        ["Completed", "fewer than 5"],
    ]
    flows = _table_rows(page, "flows-heading")
    assert flows[0] == ["Lead Trust", "Skills & Training Hub", "fewer than 5", "–"]
    assert {row[2] for row in flows} == {"fewer than 5"}
    assert {row[3] for row in flows} == {"–"}


@pytest.mark.parametrize(
    ("status_counts", "expected", "total"),
    [
        # Nothing below the threshold: every count is shown.
        ({"made": 5, "completed": 18}, ["5", "0", "0", "0", "18"], "23"),
        # One small count. Hiding declined (6) with it would leave
        # made + declined = 8, so made at most 3; hiding completed as well
        # would hide every count, so the total is hidden instead.
        (
            {"made": 2, "declined": 6, "completed": 18},
            ["fewer than 5", "0", "6", "0", "18"],
            "suppressed",
        ),
        # One small count, hidden with the smallest other one: made +
        # completed = 20, with completed at least 5, leaves made anything
        # from 1 to 4.
        (
            {"made": 2, "declined": 22, "completed": 18, "withdrawn": 30},
            ["fewer than 5", "0", "22", "30", "suppressed"],
            "72",
        ),
        # Two small counts whose sum, 5, leaves each anything from 1 to 4.
        (
            {"made": 2, "withdrawn": 3, "completed": 18},
            ["fewer than 5", "0", "0", "fewer than 5", "18"],
            "23",
        ),
        # Two counts of 1: a total would give both away.
        (
            {"declined": 1, "withdrawn": 1, "completed": 6},
            ["0", "0", "fewer than 5", "fewer than 5", "6"],
            "suppressed",
        ),
    ],
)
def test_status_counts_suppression(status_counts, expected, total):
    counts = [
        ReferralCount("A", "B", "partner", status, count)
        for status, count in status_counts.items()
    ]

    rows, shown_total = referrals_by_status(referral_flows(counts), threshold=5)

    assert shown_total == total
    assert [status for status, _ in rows] == [
        "made",
        "accepted",
        "declined",
        "withdrawn",
        "completed",
    ]
    assert [text for _, text in rows] == expected


def test_dashboard_shows_no_participant(exact_client):
    page = _text(exact_client.get("/dashboard"))

    assert PARTICIPANT_ID.search(page) is None


# map


def _json_escaped(text: str) -> str:
    """Return ``text`` as the map's node data writes it inside a script."""
    escaped = json.dumps(text)[1:-1]
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        escaped = escaped.replace(char, code)
    return escaped


def test_map_is_self_contained(client):
    response = client.get("/map")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = _text(response)
    assert "vis.Network" in page
    assert not ABSOLUTE_URL.search(page)
    assert 'href="/"' in page


def test_map_contains_every_partner_escaped(client, small_dataset):
    page = _text(client.get("/map"))

    for partner in small_dataset.partners:
        assert f'"label": "{_json_escaped(partner.name)}"' in page
    assert "Skills & Training Hub" not in page


def test_map_escapes_hostile_partner_name(database_url):
    name = "</script><script>alert(1)</script>"
    with open_store(database_url) as store:
        store.save(Partner("X", name, "<b>type</b>"))
    client = client_of(create_app({"DATABASE": database_url, "TESTING": True}))

    page = _text(client.get("/map"))

    assert "<script>alert(1)" not in page
    assert "<b>type" not in page
    assert _json_escaped(name) in page


def test_map_title_names_window(client):
    page = _text(client.get("/map?since=2024-03-01&until=2024-04-30"))

    expected = (
        "Riverside Test Partnership: referral network, 1 March 2024 to 30 April 2024"
    )
    assert f"<title>{expected}</title>" in page
    assert 'value="2024-03-01"' in page


# healthz


def test_healthz_reports_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {"status": "ok"}


def test_healthz_opens_no_store(tmp_path):
    missing = tmp_path / "no-such-folder" / "store.db"
    app = create_app({"DATABASE": "sqlite:///" + str(missing), "TESTING": True})

    response = app.test_client().get("/healthz")

    assert response.status_code == 200
    assert not missing.parent.exists()


# explorer


def test_explorer_loads_only_static_assets(client):
    page = _text(client.get("/explorer"))

    references = STATIC_REFERENCE.findall(page)
    assets = [ref for ref in references if ref.startswith("/static/")]
    assert not ABSOLUTE_URL.search(page)
    # The rest are the navigation links and an empty data URL as the icon,
    # which stops the browser from requesting /favicon.ico.
    others = set(references) - set(assets)
    assert others <= {"/", "/dashboard", "/map", "/explorer", "data:,"}
    assert len(assets) == 6


@pytest.mark.parametrize(
    ("path", "mimetype"),
    [
        ("/static/style.css", "text/css"),
        ("/static/explorer.js", "text/javascript"),
        ("/static/graphiql/graphiql.min.css", "text/css"),
        ("/static/graphiql/graphiql.min.js", "text/javascript"),
        ("/static/graphiql/react.production.min.js", "text/javascript"),
        ("/static/graphiql/react-dom.production.min.js", "text/javascript"),
    ],
)
def test_explorer_asset_is_served(client, path, mimetype):
    page = _text(client.get("/explorer"))
    assert f'"{path}"' in page

    with client.get(path) as response:
        assert response.status_code == 200
        assert response.mimetype == mimetype


def test_explorer_mounts_graphiql_on_graphql(client):
    page = _text(client.get("/explorer"))
    assert 'data-endpoint="/graphql"' in page

    with client.get("/static/explorer.js") as response:
        script = _text(response)
    assert "GraphiQL.createFetcher" in script
    assert "ReactDOM.createRoot" in script

    # The bundle reads the globals that the React UMD builds define.
    with client.get("/static/graphiql/graphiql.min.js") as response:
        bundle = response.data
    assert b'window["React"]' in bundle
    assert b'window["ReactDOM"]' in bundle
    assert b"window.GraphiQL =" in bundle


def test_explorer_sample_query_runs(client):
    page = _text(client.get("/explorer"))
    match = re.search(r'data-default-query="([^"]*)"', page)
    assert match is not None
    query = html.unescape(match.group(1))

    response = client.post("/graphql", json={"query": query})

    body = response.get_json()
    assert response.status_code == 200, body
    assert "errors" not in body, body
    assert body["data"]["partners"]


# errors


@pytest.mark.parametrize("path", ["/dashboard", "/map"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "since=31-01-2026",
            "Invalid since date '31-01-2026': expected a calendar date "
            "written YYYY-MM-DD",
        ),
        (
            "until=2026-02-30",
            "Invalid until date '2026-02-30': expected a calendar date "
            "written YYYY-MM-DD",
        ),
        (
            "since=2026-03-01&until=2026-02-01",
            "The window is empty: since 2026-03-01 is after until 2026-02-01.",
        ),
    ],
)
def test_invalid_window_is_rejected(client, path, query, message):
    response = client.get(f"{path}?{query}")

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert message in html.unescape(_text(response))
    assert "Traceback" not in _text(response)


def test_invalid_date_value_is_escaped(client):
    response = client.get("/dashboard?since=<script>alert(1)</script>")

    assert response.status_code == 400
    assert "<script>alert(1)" not in _text(response)
    assert "&lt;script&gt;alert(1)" in _text(response)


def test_blank_window_fields_mean_all_dates(client):
    response = client.get("/dashboard?since=&until=")

    assert response.status_code == 200
    assert "Showing all dates" in _text(response)


def test_unknown_path_is_404_page(client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "No page exists at /no-such-page" in _text(response)
    assert 'href="/"' in _text(response)


def test_unknown_path_is_json_for_json_clients(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})

    assert response.status_code == 404
    message = response.get_json()["errors"][0]["message"]
    assert message.startswith("No page exists at /no-such-page")


def _app_with_failing_view(database_url):
    app = create_app({"DATABASE": database_url, "PROPAGATE_EXCEPTIONS": False})

    @app.route("/fail")
    def fail():
        raise RuntimeError("store exploded")

    return app


def test_unhandled_error_shows_request_id(database_url, caplog):
    client = client_of(_app_with_failing_view(database_url))

    with caplog.at_level(logging.ERROR, logger="api.pages.errors"):
        response = client.get("/fail")

    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", request_id)
    page = _text(response)
    assert request_id in page
    assert "store exploded" not in page
    assert "Traceback" not in page

    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert request_id in errors[0].getMessage()
    assert errors[0].exc_info is not None
    assert isinstance(errors[0].exc_info[1], RuntimeError)


def test_unhandled_error_propagates_when_testing(app):
    @app.route("/fail")
    def fail():
        raise RuntimeError("store exploded")

    with pytest.raises(RuntimeError, match="store exploded"):
        client_of(app).get("/fail")


@pytest.mark.parametrize(
    ("declined", "completed", "shown"),
    [
        # 6 declined and 1 completed: 1/7 would reveal a count of one.
        (6, 1, False),
        # 1 declined and 6 completed: 6/7 reveals the one decline.
        (1, 6, False),
        # 5 and 5: both counts clear the threshold of 5.
        (5, 5, True),
        # 0 declined: a rate of 100% reveals no small count.
        (0, 7, True),
    ],
)
def test_top_flow_rate_hides_small_counts(declined, completed, shown):
    from api.pages.dashboard import top_flows

    counts = [
        ReferralCount("A", "B", "partner", "declined", declined),
        ReferralCount("A", "B", "partner", "completed", completed),
    ]
    counts = [count for count in counts if count.count]

    (row,) = top_flows(referral_flows(counts), {}, threshold=5)

    assert (row.acceptance_rate is not None) is shown
