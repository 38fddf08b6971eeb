"""Turn the pandas tables of ``analysis/`` into rows that graphene resolves."""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date
from typing import Any

import pandas as pd
from graphql import GraphQLError

from analysis.centrality import NetworkMetrics


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


def _plain(value: Any) -> Any:
    """Return numpy scalars as Python values, and NaN as ``None``."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
