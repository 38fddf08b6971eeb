"""The analysis report the ``analyse`` command writes, as JSON or CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from api import analyses
from api.graphql.tables import frame_rows, metrics_row
from graph.access import disclosure
from graph.store import Store

# The tables a CSV report can hold, each a list of rows in the JSON report.
CSV_TABLES = (
    "flows",
    "later_outcomes",
    "collaboration",
    "partners",
    "progress",
    "over_time",
)

# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def analysis_report(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    suppress_below: int | None = None,
    directed: bool = True,
    weight: str = "volume",
) -> dict[str, Any]:
    """Compute every analysis of the window into one JSON-ready dict.

    The report contains partner-level aggregates only, never a participant.
    With ``suppress_below``, counts of people below that threshold are
    suppressed as ``graph.access.disclosure`` describes. ``directed`` and
    ``weight`` choose the view of the network and partners tables
    (``analysis.network_views``).
    """
    network = metrics_row(
        analyses.metrics(store, since, until, directed, weight, suppress_below)
    )
    flows = frame_rows(analyses.flow_table(store, since, until))
    later = frame_rows(analyses.outcomes_after_referral(store, since, until))
    collaboration = frame_rows(analyses.collaboration(store, since, until))
    progress = frame_rows(analyses.progress(store, since, until), "type")
    try:
        quarters, _partners, _labels = analyses.network_over_time(store, since, until)
        over_time = frame_rows(quarters, "quarter")
        over_time_note = None
    except ValueError as err:
        # More quarters than are shown at once: the rest of the report
        # still stands.
        over_time, over_time_note = [], str(err)
    if suppress_below is not None:
        over_time = disclosure.period_rows(over_time, suppress_below)
        network = disclosure.metrics_row(network, suppress_below)
        flows = disclosure.flow_rows(flows, suppress_below)
        later = disclosure.later_outcome_rows(later, suppress_below)
        collaboration = disclosure.collaboration_rows(collaboration, suppress_below)
        progress = disclosure.progress_rows(progress, suppress_below)
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
        "progress": [{"type": row["type"], **row} for row in progress],
        "over_time": [{"quarter": row["quarter"], **row} for row in over_time],
        "over_time_note": over_time_note,
    }


def report_table_csv(report: dict[str, Any], table: str) -> str:
    """Return one table of ``report`` as CSV text with a header row."""
    if table not in CSV_TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of {CSV_TABLES}")
    rows = report[table]
    buffer = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        [{key: safe_cell(value) for key, value in row.items()} for row in rows]
    )
    return buffer.getvalue()


def safe_cell(value: Any) -> Any:
    """Return ``value``, with a leading quote when it is text a spreadsheet
    would run as a formula."""
    # A partner named "=HYPERLINK(...)" must stay text when a funder opens
    # the file, so text that a spreadsheet would run gets a leading quote.
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
