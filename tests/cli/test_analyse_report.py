"""The journey tables and the network over time in ``partnergraph
analyse``, on both stores.

Every number comes from the milestone table of Riverside in
tests/contract/riverside.py. The window and the programme end on 30 April
2024, so every participant is in it and followed to that day.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner

from api.cli import analyse, cli
from api.report import CSV_TABLES
from graph.model import Partner
from graph.stores import open_store
from tests.conftest import build_small_dataset
from tests.contract.riverside import DATASET

UNTIL = ("--until", "2024-04-30")

# Riverside with its programme ending on 30 April 2024, the day the
# journey analyses follow participants to, so that the numbers below do
# not move with the day the tests run.
ENDED = replace(DATASET, config=replace(DATASET.config, end_on=date(2024, 4, 30)))


def _load(url: str, dataset=ENDED) -> str:
    with open_store(url) as store:
        store.import_dataset(dataset)
    return url


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def riverside(request, tmp_path, monkeypatch) -> str:
    """The URL of Riverside in an empty SQLite file, then in an empty Neo4j
    database."""
    if request.param == "sqlite":
        return _load(f"sqlite:///{tmp_path / 'riverside.db'}")
    server = request.getfixturevalue("neo4j_empty")
    if server.auth is not None:
        monkeypatch.setenv("NEO4J_USER", server.auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", server.auth[1])
    return _load(server.uri)


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def empty_store(request, tmp_path, monkeypatch) -> str:
    """The URL of an empty SQLite file, then of an empty Neo4j database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        open_store(url).close()
        return url
    server = request.getfixturevalue("neo4j_empty")
    if server.auth is not None:
        monkeypatch.setenv("NEO4J_USER", server.auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", server.auth[1])
    return server.uri


def run(url: str, *arguments: str) -> str:
    result = CliRunner().invoke(cli, ["--database", url, "analyse", *arguments])
    assert result.exit_code == 0, result.output
    return result.output


def report_of(url: str, *arguments: str) -> dict:
    return json.loads(run(url, *UNTIL, *arguments))


def csv_rows(url: str, table: str, *arguments: str) -> list[dict[str, str]]:
    text = run(url, *UNTIL, "--format", "csv", "--table", table, *arguments)
    return list(csv.DictReader(io.StringIO(text)))


def test_funnel(riverside):
    report = report_of(riverside)

    # engagement: P5, P1, P2, P3 of 5 enrolled; P4 dropped (1/5). Days from
    # enrolment 4, 1, 0, 0 -> median 0.5. training: P1, P3; P5 and P2
    # dropped. job_search: P3; P1 dropped.
    assert report["funnel"] == [
        {
            "stage": "engagement",
            "reached": 4,
            "dropped": 1,
            "dropped_share": 0.2,
            "median_days_from_previous": 0.5,
        },
        {
            "stage": "training",
            "reached": 2,
            "dropped": 2,
            "dropped_share": 0.5,
            "median_days_from_previous": 10.0,
        },
        {
            "stage": "job_search",
            "reached": 1,
            "dropped": 1,
            "dropped_share": 0.5,
            "median_days_from_previous": 10.0,
        },
    ]


def test_time_to_job(riverside):
    timing = report_of(riverside)["time_to_job"]

    # Job starts: P3 on day 30, P1 on day 60. Censored on 30 April: P4 on
    # day 60, P2 on day 106, P5 on day 151.
    #   day 30: 5 at risk, 1 job -> 4/5
    #   day 60: 4 at risk, 1 job, 1 censored -> 4/5 * 3/4 = 0.6
    # The curve never falls to 0.5, and 180 and 365 are past day 151.
    curve = timing.pop("curve")
    assert timing == {
        "outcome_type": "job_start",
        "participants": 5,
        "with_outcome": 2,
        "censored": 3,
        "median_days": None,
        "without_outcome_at_90": pytest.approx(0.6),
        "without_outcome_at_180": None,
        "without_outcome_at_365": None,
        "followed_until": "2024-04-30",
    }
    assert [
        (step["days"], step["at_risk"], step["events"], step["censored"])
        for step in curve
    ] == [(30, 5, 1, 0), (60, 4, 1, 1), (106, 2, 0, 1), (151, 1, 0, 1)]
    assert [step["without_outcome"] for step in curve] == pytest.approx(
        [0.8, 0.6, 0.6, 0.6]
    )


def test_collaboration_effect(riverside):
    effect = report_of(riverside)["collaboration_effect"]

    # One partner: P5, P2, P4, none with a job. Two or more: P1 and P3,
    # both with one. Wilson intervals: 0 of 3 -> [0, 0.5615], 2 of 2 ->
    # [0.3424, 1].
    one, more = effect["groups"]
    assert (one["group"], one["participants"], one["with_outcome"]) == (
        "one partner",
        3,
        0,
    )
    assert (more["group"], more["participants"], more["with_outcome"]) == (
        "two or more partners",
        2,
        2,
    )
    assert (one["share"], more["share"]) == (0.0, 1.0)
    assert [one["ci_low"], one["ci_high"]] == pytest.approx([0.0, 0.5615], abs=1e-4)
    assert [more["ci_low"], more["ci_high"]] == pytest.approx([0.3424, 1.0], abs=1e-4)
    assert effect["difference"] == 1.0
    assert "not proof" in effect["note"]


def test_partner_outcomes(riverside):
    report = report_of(riverside)

    # Up to 30 April: P1's qualification with A, P1's job with B, and P3's
    # two job starts with C.
    assert report["partner_outcomes"] == [
        {
            "partner_id": "A",
            "name": "Riverside Hub",
            "type": "training_qualification",
            "participants": 1,
            "outcomes": 1,
        },
        {
            "partner_id": "B",
            "name": "Skills Yard",
            "type": "job_start",
            "participants": 1,
            "outcomes": 1,
        },
        {
            "partner_id": "C",
            "name": "Job Link",
            "type": "job_start",
            "participants": 1,
            "outcomes": 2,
        },
    ]


def test_another_outcome_type(riverside):
    report = report_of(riverside, "--outcome-type", "training_qualification")

    # P1 reached a qualification 19 days after enrolment; nobody else did.
    timing = report["time_to_job"]
    assert timing["outcome_type"] == "training_qualification"
    assert (timing["with_outcome"], timing["censored"]) == (1, 4)
    assert timing["curve"][0]["days"] == 19
    groups = report["collaboration_effect"]["groups"]
    assert [group["with_outcome"] for group in groups] == [0, 1]


def test_over_time_by_month(riverside):
    report = report_of(riverside, "--period", "month")

    # The open start is the programme's, 1 December 2023. R1 (A -> C) and
    # R2 (A -> B) are January's two referrals.
    assert report["period_length"] == "month"
    assert [
        (row["period"], row["first_day"], row["last_day"], row["referrals"])
        for row in report["over_time"]
    ] == [
        ("2023-12", "2023-12-01", "2023-12-31", 0),
        ("2024-01", "2024-01-01", "2024-01-31", 2),
        ("2024-02", "2024-02-01", "2024-02-29", 0),
        ("2024-03", "2024-03-01", "2024-03-31", 0),
        ("2024-04", "2024-04-01", "2024-04-30", 0),
    ]
    assert [row["lost_ties"] for row in report["over_time"]] == [None, 0, 2, 0, 0]


@pytest.mark.parametrize(
    ("length", "labels"),
    [
        ("quarter", ["2023Q4", "2024Q1", "2024Q2"]),
        ("half-year", ["2023H2", "2024H1"]),
        ("year", ["2023", "2024"]),
    ],
)
def test_over_time_labels(riverside, length, labels):
    rows = csv_rows(riverside, "over_time", "--period", length)

    assert [row["period"] for row in rows] == labels
    assert rows[0]["first_day"] == "2023-12-01"
    assert rows[-1]["last_day"] == "2024-04-30"


def test_too_many_periods_leaves_a_note(riverside):
    report = json.loads(
        run(riverside, "--since", "2019-01-01", *UNTIL, "--period", "month")
    )

    # 2019-01 to 2024-04 is 64 months.
    assert report["over_time"] == []
    assert "spans 64 months" in report["over_time_note"]
    assert "quarter gives 22" in report["over_time_note"]
    assert report["funnel"]


@pytest.mark.parametrize("audience", ["funder", "partner"])
def test_journeys_suppressed(riverside, audience):
    report = report_of(riverside, "--for", audience, "--period", "month")

    assert [(step["reached"], step["dropped"]) for step in report["funnel"]] == [
        ("<5", "<5")
    ] * 3
    assert {step["dropped_share"] for step in report["funnel"]} == {None}
    timing = report["time_to_job"]
    # 5 participants reach the threshold; the 2 job starts do not, so the
    # estimates, which are their own days, are hidden with them.
    assert (timing["participants"], timing["with_outcome"]) == (5, "<5")
    assert timing["censored"] == "<5"
    assert timing["median_days"] is None
    assert timing["without_outcome_at_90"] is None
    assert timing["curve"] is None
    effect = report["collaboration_effect"]
    assert [group["participants"] for group in effect["groups"]] == ["<5", "<5"]
    assert {group["share"] for group in effect["groups"]} == {None}
    assert effect["difference"] is None
    assert {row["participants"] for row in report["partner_outcomes"]} == {"<5"}
    # 2 referrals in the window: every month reads "<5", zeros too.
    assert {row["referrals"] for row in report["over_time"]} == {"<5"}
    assert {row["ties"] for row in report["over_time"]} == {None}


def test_journey_csv_tables(riverside):
    funnel = csv_rows(riverside, "funnel")
    assert [(row["stage"], row["reached"]) for row in funnel] == [
        ("engagement", "4"),
        ("training", "2"),
        ("job_search", "1"),
    ]

    [timing] = csv_rows(riverside, "time_to_job")
    assert "curve" not in timing
    assert (timing["participants"], timing["censored"]) == ("5", "3")
    assert timing["without_outcome_at_180"] == ""

    curve = csv_rows(riverside, "time_to_job_curve")
    assert [row["days"] for row in curve] == ["30", "60", "106", "151"]
    assert list(curve[0]) == [
        "days",
        "at_risk",
        "events",
        "censored",
        "without_outcome",
    ]

    effect = csv_rows(riverside, "collaboration_effect")
    assert [row["group"] for row in effect] == ["one partner", "two or more partners"]
    assert {row["difference"] for row in effect} == {"1.0"}
    assert all("association" in row["note"] for row in effect)

    outcomes = csv_rows(riverside, "partner_outcomes", "--for", "funder")
    assert [row["outcomes"] for row in outcomes] == ["<5", "<5", "<5"]


def test_curve_not_written_for_funders(riverside):
    result = CliRunner().invoke(
        cli,
        [
            "--database",
            riverside,
            "analyse",
            "--for",
            "funder",
            "--format",
            "csv",
            "--table",
            "time_to_job_curve",
        ],
    )

    assert result.exit_code == 2
    assert "time_to_job_curve table is left out" in result.output
    assert "Traceback" not in result.output


def test_partner_names_never_run_as_formulas(tmp_path):
    hostile = Partner("B", "=HYPERLINK(1)")
    dataset = replace(
        DATASET, partners=(DATASET.partners[0], hostile, DATASET.partners[2])
    )
    url = _load(f"sqlite:///{tmp_path / 'formula.db'}", dataset)

    rows = csv_rows(url, "partner_outcomes")

    assert rows[1]["name"] == "'=HYPERLINK(1)"


def test_unknown_outcome_type(tmp_path):
    url = _load(f"sqlite:///{tmp_path / 'riverside.db'}")

    result = CliRunner().invoke(
        cli, ["--database", url, "analyse", "--outcome-type", "job-start"]
    )

    assert result.exit_code == 2
    assert "unknown outcome type 'job-start'" in result.output
    assert "expected one of apprenticeship, education, job_start," in result.output


def test_report_of_an_empty_store(empty_store):
    report = report_of(empty_store, "--period", "month")

    # Without a programme start or a referral, an open start has no day.
    assert report["over_time"] == []
    assert report["over_time_note"] is None
    assert report["funnel"] == []
    assert report["partner_outcomes"] == []
    timing = report["time_to_job"]
    assert (timing["participants"], timing["censored"]) == (0, 0)
    assert timing["median_days"] is None
    assert timing["curve"] == []
    groups = report["collaboration_effect"]["groups"]
    assert [group["participants"] for group in groups] == [0, 0]
    assert report["collaboration_effect"]["difference"] is None
    # The table is empty, and standard error says so.
    assert run(empty_store, "--format", "csv", "--table", "time_to_job_curve") == (
        "the time_to_job_curve table has no rows for this window\n"
    )


def test_every_csv_table_is_an_option():
    table = next(param for param in analyse.params if param.name == "table")

    assert tuple(table.type.choices) == CSV_TABLES


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def judged_pairs(request, tmp_path, monkeypatch) -> str:
    """The URL of the partnership of tests/conftest.py, whose pairs A-B and
    A-C have enough referrals to be judged, in SQLite and then Neo4j."""
    if request.param == "sqlite":
        return _load(f"sqlite:///{tmp_path / 'small.db'}", build_small_dataset())
    server = request.getfixturevalue("neo4j_empty")
    if server.auth is not None:
        monkeypatch.setenv("NEO4J_USER", server.auth[0])
        monkeypatch.setenv("NEO4J_PASSWORD", server.auth[1])
    return _load(server.uri, build_small_dataset())


def test_collaboration_intervals(judged_pairs):
    plain = report_of(judged_pairs)["collaboration"]
    resampled = report_of(judged_pairs, "--resamples", "500")["collaboration"]

    judged = [row for row in resampled if row["judged"]]
    assert len(judged) == 2
    for row in judged:
        assert row["score_low"] <= row["score"] <= row["score_high"]
    assert all(row["score_low"] is None for row in plain)
    # The intervals change nothing else.
    for row in resampled:
        row.pop("score_low")
        row.pop("score_high")
    for row in plain:
        row.pop("score_low")
        row.pop("score_high")
    assert resampled == plain


def test_too_many_resamples_rejected(tmp_path):
    url = _load(f"sqlite:///{tmp_path / 'riverside.db'}")

    result = CliRunner().invoke(
        cli, ["--database", url, "analyse", "--resamples", "20000"]
    )

    assert result.exit_code == 2
    assert "--resamples" in result.output


def test_report_progress_counts_every_analysis(tmp_path):
    from api.report import REPORT_STEPS, analysis_report

    url = _load(f"sqlite:///{tmp_path / 'riverside.db'}")
    calls = []

    with open_store(url) as store:
        analysis_report(store, progress=lambda *call: calls.append(call))

    assert calls == [("analyses", done, REPORT_STEPS) for done in range(1, 9)]


def test_framework_without_job_start(tmp_path):
    # A partnership that counts only education and apprenticeships: the
    # journey tables time its first outcome type, education.
    config = replace(DATASET.config, outcome_types=("education", "apprenticeship"))
    kept = tuple(
        outcome for outcome in DATASET.outcomes if outcome.type in config.outcome_types
    )
    url = _load(
        f"sqlite:///{tmp_path / 'education.db'}",
        replace(DATASET, config=config, outcomes=kept),
    )

    report = json.loads(run(url, *UNTIL))

    assert report["time_to_job"]["outcome_type"] == "education"
    assert report["collaboration_effect"]["outcome_type"] == "education"


def test_empty_csv_table_says_why(tmp_path):
    url = _load(f"sqlite:///{tmp_path / 'riverside.db'}")

    result = CliRunner().invoke(
        cli,
        [
            "--database",
            url,
            "analyse",
            "--since",
            "2015-01-01",
            "--until",
            "2025-12-31",
            "--period",
            "month",
            "--format",
            "csv",
            "--table",
            "over_time",
        ],
    )

    assert result.exit_code == 0
    assert "the over_time table has no rows for this window" in result.output
    assert "more than the 60 periods" in result.output


def test_too_few_resamples_rejected(tmp_path):
    url = _load(f"sqlite:///{tmp_path / 'riverside.db'}")

    result = CliRunner().invoke(cli, ["--database", url, "analyse", "--resamples", "2"])

    assert result.exit_code == 2
    assert "2 resamples are too few for a 95% interval" in result.output
