"""Turn the pandas tables of ``analysis/`` into rows that graphene resolves."""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date
from typing import Any

import pandas as pd
from graphql import GraphQLError

from analysis.centrality import NetworkMetrics
from analysis.journeys import CollaborationEffect, TimeToOutcome
from analysis.periods import Period


def check_window(since: date | None, until: date | None) -> None:
    """Raise ``GraphQLError`` when the window ends before it starts."""
    if since is not None and until is not None and until < since:
        raise GraphQLError(
            f"'until' ({until.isoformat()}) is before 'since' "
            f"({since.isoformat()}); swap them or widen the window",
            extensions={"code": "BAD_REQUEST"},
        )


def frame_rows(frame: pd.DataFrame, index_name: str | None = None) -> list[dict]:
    """Return one dict per row of ``frame``, with Python values.

    With ``index_name``, each row also gets the row's index label under that
    key.
    """
    rows = []
    for label, values in zip(frame.index, frame.to_dict("records"), strict=True):
        row = {name: _plain(value) for name, value in values.items()}
        if index_name is not None:
            row[index_name] = _plain(label)
        rows.append(row)
    return rows


def metrics_row(metrics: NetworkMetrics) -> dict[str, Any]:
    """Return ``metrics`` as a dict, its per-partner table as rows."""
    row = {
        name: _plain(value)
        for name, value in asdict(metrics).items()
        if name != "per_partner"
    }
    row["per_partner"] = frame_rows(metrics.per_partner, index_name="partner_id")
    return row


def network_period_rows(
    network: pd.DataFrame, partners: pd.DataFrame, periods: list[Period]
) -> list[dict[str, Any]]:
    """Return one row per period of ``api.analyses.network_over_time``: its
    label as ``period``, its first and last day inside the window, its
    network measures, and ``per_partner``, the rows of its partners."""
    partner_rows = frame_rows(partners.reset_index())
    rows = []
    for period, measures in zip(periods, frame_rows(network), strict=True):
        rows.append(
            {
                "period": period.label,
                "first_day": period.first_day,
                "last_day": period.last_day,
                **measures,
                "per_partner": [
                    row for row in partner_rows if row["period"] == period.label
                ],
            }
        )
    return rows


def journey_rows(
    funnel: pd.DataFrame,
    timing: TimeToOutcome,
    effect: CollaborationEffect,
    outcome_type: str,
) -> dict[str, Any]:
    """Return the journey analyses of ``outcome_type`` in the shape that
    ``graph.access.disclosure.journey_result`` suppresses.

    ``time_to_outcome["events_by"]`` maps each day the estimate is read
    at, the checkpoints and the median, to the outcomes reached by then.
    Only the suppression reads it, and no output has it as a field.
    """
    curve = timing.curve
    read_days = [*timing.without_outcome_at]
    if timing.median_days is not None:
        read_days.append(timing.median_days)
    events_by = {
        day: int(curve.loc[curve["days"] <= day, "events"].sum()) for day in read_days
    }
    return {
        "funnel": frame_rows(funnel),
        "time_to_outcome": {
            "outcome_type": outcome_type,
            "participants": timing.participants,
            "with_outcome": timing.with_outcome,
            "median_days": timing.median_days,
            **{
                f"without_outcome_at_{day}": value
                for day, value in timing.without_outcome_at.items()
            },
            "events_by": events_by,
        },
        "collaboration_effect": {
            "outcome_type": outcome_type,
            "groups": frame_rows(effect.table),
            "difference": effect.difference,
            "note": effect.note,
        },
    }


def _plain(value: Any) -> Any:
    """Return numpy scalars as Python values, and NaN as ``None``."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
