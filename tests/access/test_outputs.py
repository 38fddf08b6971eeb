"""Maps and analysis reports written for a role that sees suppressed
counts, on both stores."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from api.cli import cli


def run(eastbank, *arguments: str) -> str:
    result = CliRunner().invoke(cli, ["--database", eastbank.url, *arguments])
    assert result.exit_code == 0, result.output
    return result.output


def _report_rows(report: dict) -> list[dict]:
    """Return the rows of every table of a report."""
    rows = []
    for table in (
        "flows",
        "later_outcomes",
        "collaboration",
        "partners",
        "progress",
        "over_time",
        "funnel",
        "partner_outcomes",
    ):
        rows += report[table]
    timing = report["time_to_job"]
    rows.append({name: v for name, v in timing.items() if name != "curve"})
    rows += timing["curve"] or []
    rows += report["collaboration_effect"]["groups"]
    return rows


def small_counts_in(report: dict) -> list[tuple[str, int]]:
    """Return the counts from 1 to 4 of a report's tables, by column."""
    # Degrees, and a period's partners, communities and ties, count
    # partners. A community number is a label. Days are durations, not
    # people. A weighted degree under volume counts referrals.
    not_people = (
        "partners",
        "communities",
        "ties",
        "new_ties",
        "lost_ties",
        "in_degree",
        "out_degree",
        "degree",
        "community",
        "days",
        "median_days",
        "days_since_referral",
    )
    found = []
    for row in _report_rows(report):
        for name, value in row.items():
            if isinstance(value, int) and not isinstance(value, bool):
                if 0 < value < 5 and name not in not_people:
                    found.append((name, value))
    return found


@pytest.mark.parametrize("audience", ["funder", "partner"])
def test_report_for_suppressed_roles(eastbank, audience, tmp_path):
    out = tmp_path / "report.json"
    run(eastbank, "analyse", "--for", audience, "--out", str(out))

    report = json.loads(out.read_text())
    assert report["suppressed_below"] == 5
    assert small_counts_in(report) == []
    assert "<5" in out.read_text()


def test_report_for_facilitators_is_exact(eastbank, tmp_path):
    out = tmp_path / "report.json"
    run(eastbank, "analyse", "--out", str(out))

    report = json.loads(out.read_text())
    assert report["suppressed_below"] is None
    assert ("made", 1) in small_counts_in(report)


def test_csv_for_funders_is_suppressed(eastbank):
    text = run(eastbank, "analyse", "--for", "funder", "--format", "csv")

    assert "<5" in text
    header, *rows = text.splitlines()
    made = header.split(",").index("made")
    assert {row.split(",")[made] for row in rows} <= {"0", "<5", "suppressed"}


@pytest.mark.parametrize("audience", ["funder", "partner"])
@pytest.mark.parametrize("view", ["directed", "undirected"])
def test_report_views_for_suppressed_roles(eastbank, audience, view, tmp_path):
    out = tmp_path / "report.json"
    run(
        eastbank,
        *("analyse", "--for", audience, "--out", str(out)),
        *("--view", view, "--weight", "strength"),
    )

    report = json.loads(out.read_text())
    assert small_counts_in(report) == []
    assert report["network"]["directed"] is (view == "directed")
    assert report["network"]["weight"] == "strength"
    # The collaboration table shows no score to these roles (see
    # test_strength_view_for_funders), so no weighted degree has one. The
    # referrals are suppressed, and the ties with them.
    degrees = [row["weighted_degree"] for row in report["partners"]]
    assert degrees == [0.0, None, 0.0]
    assert report["network"]["referrals"] == "suppressed"
    assert report["network"]["unscored_ties"] is None


def test_report_views_for_facilitators(eastbank, tmp_path):
    out = tmp_path / "report.json"
    run(eastbank, "analyse", "--out", str(out), "--view", "undirected")
    strength = tmp_path / "strength.json"
    run(eastbank, "analyse", "--out", str(strength), "--weight", "strength")

    network = json.loads(out.read_text())["network"]
    assert network["directed"] is False
    assert network["centrality_measure"] == "eigenvector"
    # A-B, A-C and B-C: 3 pairs of 3.
    assert (network["ties"], network["density"]) == (3, 1.0)
    # B-C, with B's 2 referrals to C, is not judged: its one tie is unscored.
    assert json.loads(strength.read_text())["network"]["unscored_ties"] == 1


def test_csv_partners_of_undirected_view(eastbank):
    text = run(
        eastbank,
        "analyse",
        "--format",
        "csv",
        "--table",
        "partners",
        "--view",
        "undirected",
    )

    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["partner_id"] for row in rows] == ["A", "B", "C"]
    assert [row["in_degree"] for row in rows] == ["", "", ""]
    # Referrals in and out: A 0 and 8, B 5 and 2, C 5 and 0.
    assert [row["weighted_degree"] for row in rows] == ["8", "7", "5"]
    assert [row["pagerank"] for row in rows] == ["", "", ""]


NETWORK_STRENGTH = (
    "{ networkMetrics(weight: STRENGTH) { unscoredTies "
    "perPartner { partner { id } weightedDegree } } }"
)


def test_strength_view_for_facilitators(eastbank):
    body = eastbank.query("facilitator", NETWORK_STRENGTH)

    metrics = body["data"]["networkMetrics"]
    # B -> C is the one tie of a pair with fewer than 3 referrals.
    assert metrics["unscoredTies"] == 1
    c = metrics["perPartner"][2]
    assert c["partner"] == {"id": "C"}
    assert c["weightedDegree"] > 0


def test_strength_view_for_funders(eastbank):
    body = eastbank.query("funder", NETWORK_STRENGTH)

    metrics = body["data"]["networkMetrics"]
    # The collaboration table hides the score of A-C (3 referrals) and of
    # A-B (3 decided referrals), so the funder's weighted measures use no
    # score. A's and C's counts are shown, and their weighted degrees do
    # not give those scores back. B's referrals out (2) are hidden, and with
    # them the total and the ties.
    assert [row["weightedDegree"] for row in metrics["perPartner"]] == [
        0.0,
        None,
        0.0,
    ]
    assert metrics["unscoredTies"] is None


def tooltips(page: str) -> list[str]:
    """Return the tooltips of the map's nodes and edges, as shown."""
    literals = re.findall(r'"title": ("(?:[^"\\]|\\.)*")', page)
    return [json.loads(literal) for literal in literals]


def test_map_for_funders_hides_small_counts(eastbank, tmp_path):
    out = tmp_path / "map.html"
    run(eastbank, "map", "--for", "funder", "--out", str(out))

    titles = tooltips(out.read_text())
    assert titles
    counts = [
        int(number) for title in titles for number in re.findall(r": (\d+)", title)
    ]
    assert [n for n in counts if 0 < n < 5] == []
    assert any("<5" in title for title in titles)


def test_map_for_facilitators_is_exact(eastbank, tmp_path):
    out = tmp_path / "map.html"
    run(eastbank, "map", "--out", str(out))

    # B referred two people to C.
    assert any("Referrals: 2" in title for title in tooltips(out.read_text()))


@pytest.mark.parametrize(
    ("user", "suppressed"),
    [("funder", True), ("partner", True), ("facilitator", False), ("admin", False)],
)
def test_map_page_follows_the_role(eastbank, user, suppressed):
    page = eastbank.client(user).get("/map").get_data(as_text=True)

    titles = tooltips(page)
    assert titles
    shown_small = any("Referrals: 2" in title for title in titles)
    assert shown_small is not suppressed
    assert any("<5" in title for title in titles) is suppressed


NETWORK_OVER_TIME = (
    '{ networkOverTime(since: "2024-01-01", until: "2024-06-30") '
    "{ period referrals ties newTies lostTies perPartner { partner { id } "
    "betweenness } } }"
)


def test_network_over_time_for_facilitators(eastbank):
    body = eastbank.query("facilitator", NETWORK_OVER_TIME)

    first, second = body["data"]["networkOverTime"]
    # Every referral was made in February: ten referrals over three ties
    # (A -> B, A -> C, B -> C), all lost in the second quarter.
    assert (first["period"], first["referrals"], first["ties"]) == ("2024Q1", 10, 3)
    assert first["newTies"] is None
    assert (second["referrals"], second["ties"], second["lostTies"]) == (0, 0, 3)
    assert [p["partner"]["id"] for p in first["perPartner"]] == ["A", "B", "C"]


OVER_TIME_BY = (
    "query Periods($since: Date, $until: Date, $period: PeriodLength) "
    "{ networkOverTime(since: $since, until: $until, period: $period) "
    "{ period firstDay lastDay referrals ties newTies lostTies "
    "perPartner { partner { id } degreeCentrality } } }"
)


@pytest.mark.parametrize(
    ("period", "labels"),
    [
        ("MONTH", ["2024-01", "2024-02", "2024-03"]),
        ("QUARTER", ["2024Q1"]),
        ("HALF_YEAR", ["2024H1"]),
        ("YEAR", ["2024"]),
    ],
)
def test_network_over_time_by_period(eastbank, period, labels):
    body = eastbank.query(
        "facilitator",
        OVER_TIME_BY,
        since="2024-01-15",
        until="2024-03-10",
        period=period,
    )

    rows = body["data"]["networkOverTime"]
    assert [row["period"] for row in rows] == labels
    # The first and last period are clipped to the window.
    assert rows[0]["firstDay"] == "2024-01-15"
    assert rows[-1]["lastDay"] == "2024-03-10"
    # The ten referrals of February, over three ties.
    assert sum(row["referrals"] for row in rows) == 10
    assert max(row["ties"] for row in rows) == 3


@pytest.mark.parametrize(
    ("period", "label"),
    [
        ("MONTH", "2024-02"),
        ("QUARTER", "2024Q1"),
        ("HALF_YEAR", "2024H1"),
        ("YEAR", "2024"),
    ],
)
def test_network_over_time_suppressed_by_period(eastbank, period, label):
    # RB1 and RB2 (B -> C) on 1 February and RA1 (A -> B) on the 2nd.
    body = eastbank.query(
        "funder",
        OVER_TIME_BY,
        since="2024-02-01",
        until="2024-02-02",
        period=period,
    )

    [row] = body["data"]["networkOverTime"]
    assert row["period"] == label
    assert (row["referrals"], row["ties"]) == ("<5", None)
    assert {p["degreeCentrality"] for p in row["perPartner"]} == {None}


def test_network_over_time_months_for_funders(eastbank):
    body = eastbank.query(
        "funder", OVER_TIME_BY, since="2024-01-01", until="2024-03-31", period="MONTH"
    )

    # February's ten referrals are the window's total, which the network
    # measures of the window hide. Beside two empty months February would
    # give it back, so every month is hidden.
    rows = body["data"]["networkOverTime"]
    assert [(row["referrals"], row["ties"]) for row in rows] == [
        ("suppressed", None),
        ("suppressed", None),
        ("suppressed", None),
    ]
    assert rows[1]["perPartner"][0]["degreeCentrality"] is None


def test_network_over_time_too_many_periods(eastbank):
    body = eastbank.query(
        "funder", OVER_TIME_BY, since="2019-01-01", until="2024-12-31", period="MONTH"
    )

    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"] == (
        "the window from 2019-01-01 to 2024-12-31 spans 72 months, more than "
        "the 60 periods measured at once; give a shorter window with since and "
        "until, or a longer period: quarter gives 24"
    )


def test_network_over_time_for_funders(eastbank):
    body = eastbank.query(
        "funder",
        NETWORK_OVER_TIME.replace('until: "2024-06-30"', 'until: "2024-03-31"').replace(
            'since: "2024-01-01"', 'since: "2024-02-01"'
        ),
    )

    [quarter] = body["data"]["networkOverTime"]
    # The network measures of the window hide its 10 referrals, because
    # each partner's referrals in and out are small, and the quarter is the
    # whole window.
    assert quarter["referrals"] == "suppressed"
    assert quarter["ties"] is None
    # One day of referrals is a small count; ties go with it.
    one_day = eastbank.query(
        "funder",
        '{ networkOverTime(since: "2024-02-02", until: "2024-02-02") '
        "{ referrals ties newTies } }",
    )
    assert one_day["data"]["networkOverTime"] == [
        {"referrals": "<5", "ties": None, "newTies": None}
    ]


FLOW_TIMES = (
    "{ referralFlows(waitingDays: 30) { fromPartner { id } toId "
    "medianDaysToDecision medianDaysToCompletion waitingOver } }"
)


def test_flow_timings(eastbank):
    body = eastbank.query("facilitator", FLOW_TIMES)

    flows = {
        (f["fromPartner"]["id"], f["toId"]): f for f in body["data"]["referralFlows"]
    }
    # A -> B: RC1 and RC2 accepted after 2 days, RD3 declined after 3, so
    # the median is 2; RA1 and RA2, made in February 2024, still wait.
    assert flows["A", "B"]["medianDaysToDecision"] == 2.0
    assert flows["A", "B"]["medianDaysToCompletion"] is None
    assert flows["A", "B"]["waitingOver"] == 2
    # B -> C: RB2 accepted after 4 days.
    assert flows["B", "C"]["medianDaysToDecision"] == 4.0


def test_flow_timings_for_funders(eastbank):
    body = eastbank.query("funder", FLOW_TIMES)

    flows = {
        (f["fromPartner"]["id"], f["toId"]): f for f in body["data"]["referralFlows"]
    }
    # Three decisions are too few: the median would tell how long each took.
    assert flows["A", "B"]["medianDaysToDecision"] is None
    assert flows["A", "B"]["waitingOver"] == "<5"


def test_negative_waiting_days_rejected(eastbank):
    body = eastbank.query("admin", "{ referralFlows(waitingDays: -1) { toId } }")

    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


LATER = (
    "{ referralFlows { fromPartner { id } toId "
    "laterOutcomes { type participants referred share } } }"
)


def test_outcomes_after_referral(eastbank):
    body = eastbank.query("facilitator", LATER)

    flows = {
        (f["fromPartner"]["id"], f["toId"]): f for f in body["data"]["referralFlows"]
    }
    # A referred A1, A2 and A3 to B; A1 and A3 later started jobs, A1 and
    # A2 went into education.
    assert flows["A", "B"]["laterOutcomes"] == [
        {"type": "education", "participants": 2, "referred": 3, "share": 2 / 3},
        {"type": "job_start", "participants": 2, "referred": 3, "share": 2 / 3},
    ]
    funder = eastbank.query("funder", LATER)
    hidden = {
        (f["fromPartner"]["id"], f["toId"]): f for f in funder["data"]["referralFlows"]
    }
    assert hidden["A", "B"]["laterOutcomes"][0] == {
        "type": "education",
        "participants": "<5",
        "referred": "<5",
        "share": None,
    }


JOURNEYS = (
    "{ journeys { funnel { stage reached dropped } "
    "timeToOutcome { participants withOutcome medianDays } "
    "collaborationEffect { groups { group participants withOutcome share } "
    "difference note } } }"
)


def test_journeys(eastbank):
    body = eastbank.query("facilitator", JOURNEYS)

    journeys = body["data"]["journeys"]
    # Engagement: B1, B2 and A1 (KB1, KB2, KA1A); training: A1, A2, A3. Of
    # the six enrolled, three never reached engagement; B1 and B2 reached
    # it but not training.
    assert journeys["funnel"] == [
        {"stage": "engagement", "reached": 3, "dropped": 3},
        {"stage": "training", "reached": 3, "dropped": 2},
    ]
    # B1, B2, A1 and A3 started jobs.
    timing = journeys["timeToOutcome"]
    assert (timing["participants"], timing["withOutcome"]) == (6, 4)
    # One partner: B1 and B2 (both jobs), A4 (none). Two or more: A1 and A3
    # (jobs), A2 (none).
    groups = journeys["collaborationEffect"]["groups"]
    assert [(g["participants"], g["withOutcome"]) for g in groups] == [(3, 2), (3, 2)]
    assert journeys["collaborationEffect"]["difference"] == 0.0
    assert "association" in journeys["collaborationEffect"]["note"]


def test_journeys_for_funders(eastbank):
    body = eastbank.query("funder", JOURNEYS)

    journeys = body["data"]["journeys"]
    # 3 reached engagement and 3 did not, of the 6 enrolled that the time
    # to an outcome shows: with 6 known, 3 hidden as "<5" would leave the
    # other at 6 less it, so both read "suppressed".
    first = journeys["funnel"][0]
    assert (first["reached"], first["dropped"]) == ("suppressed", "suppressed")
    assert journeys["timeToOutcome"]["participants"] == 6
    assert journeys["timeToOutcome"]["medianDays"] is None
    assert journeys["collaborationEffect"]["groups"][0]["share"] is None
    assert journeys["collaborationEffect"]["difference"] is None


INTERVALS = (
    "{ collaborationStrength(resamples: 2000) { partnerA { id } partnerB { id } "
    "referrals score scoreLow scoreHigh judged } }"
)


def test_score_intervals(eastbank):
    body = eastbank.query("facilitator", INTERVALS)

    pairs = body["data"]["collaborationStrength"]
    judged = [pair for pair in pairs if pair["judged"]]
    assert judged, "expected a judged pair in Eastbank"
    for pair in judged:
        assert pair["scoreLow"] <= pair["score"] <= pair["scoreHigh"]
    for pair in pairs:
        if not pair["judged"]:
            assert (pair["scoreLow"], pair["scoreHigh"]) == (None, None)


def test_score_intervals_hidden_with_score(eastbank):
    body = eastbank.query("funder", INTERVALS)

    for pair in body["data"]["collaborationStrength"]:
        if pair["score"] is None:
            assert (pair["scoreLow"], pair["scoreHigh"]) == (None, None)


def test_score_intervals_off_by_default(eastbank):
    body = eastbank.query(
        "facilitator", "{ collaborationStrength { judged scoreLow scoreHigh } }"
    )

    for pair in body["data"]["collaborationStrength"]:
        assert (pair["scoreLow"], pair["scoreHigh"]) == (None, None)


@pytest.mark.parametrize("resamples", [-1, 1, 99, 10_001])
def test_invalid_resamples_rejected(eastbank, resamples):
    body = eastbank.query(
        "admin",
        "query Q($n: Int!) { collaborationStrength(resamples: $n) { score } }",
        n=resamples,
    )

    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("outcome_type", ["nonsense", ""])
def test_unknown_journey_outcome_rejected(eastbank, outcome_type):
    body = eastbank.query(
        "facilitator",
        "query Q($type: String) { journeys(outcomeType: $type) { funnel { stage } } }",
        type=outcome_type,
    )

    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "unknown outcome type" in body["errors"][0]["message"]
