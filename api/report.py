"""The analysis report the ``analyse`` command writes, as JSON or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

from api import analyses
from api.graphql.tables import (
    frame_rows,
    journey_rows,
    metrics_row,
    network_period_rows,
)
from graph.access import disclosure
from graph.access.disclosure import hidden
from graph.store import Store

# The analyses ``analysis_report`` runs one after another, for its progress.
REPORT_STEPS = 8

# The tables a CSV report can hold. Each is a list of rows in the JSON
# report, except those that ``_table_rows`` takes from a nested part.
CSV_TABLES = (
    "flows",
    "later_outcomes",
    "collaboration",
    "partners",
    "progress",
    "over_time",
    "funnel",
    "time_to_job",
    "time_to_job_curve",
    "collaboration_effect",
    "partner_outcomes",
)

# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TableNotWritten(ValueError):
    """The requested table is left out of this report."""


def analysis_report(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    suppress_below: int | None = None,
    period_length: str = "quarter",
    outcome_type: str = "job_start",
    today: date | None = None,
    resamples: int = 0,
    directed: bool = True,
    weight: str = "volume",
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Compute every analysis of the window into one JSON-ready dict.

    The report contains partner-level aggregates only, never a participant.
    With ``suppress_below``, counts of people below that threshold are
    suppressed as ``graph.access.disclosure`` describes, and the steps of
    the time-to-job curve are left out. ``period_length`` splits the
    window for ``over_time`` and ``outcome_type`` is the outcome of
    ``time_to_job`` and ``collaboration_effect``. ``today`` ends open
    windows and the follow-up of participants, and defaults to the
    current day. ``resamples`` gives each judged collaboration score a
    bootstrap interval. ``directed`` and ``weight`` choose the view of the
    network and partners tables (``analysis.network_views``). ``progress``
    receives ``("analyses", done, total)`` after each analysis, as the
    progress bars of ``api.progress`` take it.
    """
    today = today or date.today()
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress("analyses", done, REPORT_STEPS)

    network = metrics_row(
        analyses.metrics(store, since, until, directed, weight, suppress_below)
    )
    step()
    flows = frame_rows(analyses.flow_table(store, since, until, today=today))
    step()
    later = frame_rows(analyses.outcomes_after_referral(store, since, until))
    step()
    collaboration = frame_rows(
        analyses.collaboration(store, since, until, today, resamples=resamples)
    )
    step()
    targets = frame_rows(analyses.progress(store, since, until), "type")
    step()
    over_time, over_time_note = _over_time(store, since, until, today, period_length)
    step()
    journeys = _journeys(store, since, until, today, outcome_type)
    curve: list[dict[str, Any]] | None = journeys.pop("curve")
    step()
    partner_outcomes = _partner_outcomes(store, since, until)
    step()
    if suppress_below is not None:
        network = disclosure.metrics_row(network, suppress_below)
        over_time = disclosure.period_rows(
            over_time, suppress_below, hidden(network["referrals"])
        )
        flows = disclosure.flow_rows(flows, suppress_below)
        later = disclosure.later_outcome_rows(later, suppress_below)
        collaboration = disclosure.collaboration_rows(collaboration, suppress_below)
        targets = disclosure.progress_rows(targets, suppress_below)
        journeys = disclosure.journey_result(journeys, suppress_below)
        partner_outcomes = _suppress_by_type(partner_outcomes, suppress_below)
        # Each step of the curve is a day on which one participant or a
        # few reached the outcome or stopped being followed.
        curve = None
    # Only the suppression reads the outcomes by each day the estimate is
    # read at, and they are no column of the report.
    journeys["time_to_outcome"].pop("events_by", None)
    return {
        "partnership": store.load_config().name,
        "window": {
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        },
        "suppressed_below": suppress_below,
        "flows": flows,
        "later_outcomes": later,
        "collaboration": collaboration,
        "network": {name: v for name, v in network.items() if name != "per_partner"},
        "partners": [
            {"partner_id": row["partner_id"], **row} for row in network["per_partner"]
        ],
        "progress": [{"type": row["type"], **row} for row in targets],
        "period_length": period_length,
        "over_time": [
            {
                **row,
                "first_day": row["first_day"].isoformat(),
                "last_day": row["last_day"].isoformat(),
            }
            for row in over_time
        ],
        "over_time_note": over_time_note,
        "funnel": journeys["funnel"],
        "time_to_job": {
            **journeys["time_to_outcome"],
            "followed_until": analyses.follow_up_end(
                store.load_config(), today
            ).isoformat(),
            "curve": curve,
        },
        "collaboration_effect": journeys["collaboration_effect"],
        "partner_outcomes": partner_outcomes,
    }


def _over_time(
    store: Store,
    since: date | None,
    until: date | None,
    today: date,
    period_length: str,
) -> tuple[list[dict[str, Any]], str | None]:
    """Return the rows of the network over time and a note. When the window
    has more periods than are measured at once, the rows are empty and the
    note is the error's message, so the rest of the report is still
    written."""
    try:
        network, partners, periods = analyses.network_over_time(
            store, since, until, today, period_length
        )
    except ValueError as err:
        return [], str(err)
    rows = network_period_rows(network, partners, periods)
    # The report has no table of partners per period.
    for row in rows:
        del row["per_partner"]
    return rows, None


def _journeys(
    store: Store,
    since: date | None,
    until: date | None,
    today: date,
    outcome_type: str,
) -> dict[str, Any]:
    """Return the journey analyses as ``tables.journey_rows`` shapes them,
    with the participants still without the outcome at the end of
    follow-up as ``censored`` and the Kaplan–Meier steps as ``curve``."""
    cohort = analyses.journeys(store, since, until, outcome_type, today)
    timing = cohort.timing
    journeys = journey_rows(cohort.funnel, timing, cohort.effect, outcome_type)
    summary: dict[str, Any] = {}
    for name, value in journeys["time_to_outcome"].items():
        summary[name] = value
        if name == "with_outcome":
            summary["censored"] = timing.participants - timing.with_outcome
    journeys["time_to_outcome"] = summary
    journeys["curve"] = frame_rows(timing.curve)
    return journeys


def _partner_outcomes(
    store: Store, since: date | None, until: date | None
) -> list[dict[str, Any]]:
    """Return the outcomes per partner and type, with each partner's name."""
    names = {partner.id: partner.name for partner in store.list_partners()}
    return [
        {"partner_id": row["partner_id"], "name": names.get(row["partner_id"]), **row}
        for row in frame_rows(analyses.partner_progress(store, since, until))
    ]


def _suppress_by_type(rows: list[dict[str, Any]], threshold: int) -> list[dict]:
    """Suppress the partner rows of each outcome type against the type's
    totals, as GraphQL's ``byPartner`` does, keeping the rows' order."""
    positions: dict[str, list[int]] = {}
    for position, row in enumerate(rows):
        positions.setdefault(row["type"], []).append(position)
    result = list(rows)
    for indexes in positions.values():
        shown = disclosure.partner_progress_rows([rows[i] for i in indexes], threshold)
        for index, row in zip(indexes, shown, strict=True):
            result[index] = row
    return result


def report_table_csv(report: dict[str, Any], table: str) -> str:
    """Return one table of ``report`` as CSV text with a header row, or an
    empty string for a table without rows.

    Raises ValueError for an unknown table, and ``TableNotWritten`` for
    the time-to-job curve of a report with small numbers suppressed.
    """
    if table not in CSV_TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of {CSV_TABLES}")
    rows = _table_rows(report, table)
    buffer = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        [{key: safe_cell(value) for key, value in row.items()} for row in rows]
    )
    return buffer.getvalue()


def _table_rows(report: dict[str, Any], table: str) -> list[dict[str, Any]]:
    if table == "time_to_job":
        summary = report["time_to_job"]
        return [{name: v for name, v in summary.items() if name != "curve"}]
    if table == "time_to_job_curve":
        curve = report["time_to_job"]["curve"]
        if curve is None:
            raise TableNotWritten(
                "the time_to_job_curve table is left out of reports with small "
                "numbers suppressed (--for partner or funder), because each "
                "step is a day on which one participant or a few reached the "
                "outcome; the time_to_job table has the estimates at 90, 180 "
                "and 365 days"
            )
        return curve
    if table == "collaboration_effect":
        effect = report["collaboration_effect"]
        # Each group's row repeats the difference and the note, so that
        # the statement that this is an association travels with the CSV.
        return [
            {
                "outcome_type": effect["outcome_type"],
                **group,
                "difference": effect["difference"],
                "note": effect["note"],
            }
            for group in effect["groups"]
        ]
    return report[table]


def safe_cell(value: Any) -> Any:
    """Return ``value``, with a leading quote when it is text a spreadsheet
    would run as a formula."""
    # A partner named "=HYPERLINK(...)" must stay text when a funder opens
    # the file, so text that a spreadsheet would run gets a leading quote.
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
