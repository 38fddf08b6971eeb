"""The numbers on the progress dashboard, ready for its template.

Every number is an aggregate over participants or referrals; nothing here
carries a participant id.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from api import analyses
from graph.rules import DECIDED_STATUSES, REFERRAL_STATUSES
from graph.store import Store

# The dashboard lists this many referral flows, busiest first.
TOP_FLOWS = 10

# Decided statuses in which the receiver took the participant on.
ACCEPTED_STATUSES = frozenset({"accepted", "completed"})


@dataclass(frozen=True)
class ProgressRow:
    """Participants who achieved one outcome type, against its target.

    ``target`` and ``percent`` are ``None`` for an outcome type without a
    target. ``percent`` may exceed 100; ``bar_width`` is capped at 100.
    """

    label: str
    achieved: int
    target: int | None
    percent: float | None

    @property
    def bar_width(self) -> float:
        """The filled share of the bar, in percent from 0 to 100."""
        if self.percent is None:
            return 0.0
        return round(min(self.percent, 100.0), 1)


@dataclass(frozen=True)
class FlowRow:
    """Referrals from one partner to one partner or employer.

    ``acceptance_rate`` is a fraction from 0 to 1, or ``None`` when the
    receiver has decided on none of the referrals yet.
    """

    from_name: str
    to_name: str
    referrals: int
    acceptance_rate: float | None


def build_dashboard(
    store: Store, since: date | None, until: date | None
) -> dict[str, Any]:
    """Compute the dashboard's tables for the window, as template variables."""
    statuses = referrals_by_status(store, since, until)
    return {
        "progress": progress_rows(store, since, until),
        "statuses": statuses,
        "referral_total": sum(count for _, count in statuses),
        "flows": top_flows(store, since, until),
    }


def referrals_by_status(
    store: Store, since: date | None, until: date | None
) -> list[tuple[str, int]]:
    """Count the referrals made in the window by their current status.

    Every status of the referral life cycle is listed, with zero where no
    referral has it, followed by any other status the store holds.
    """
    totals: Counter[str] = Counter()
    for row in store.referral_counts(since, until):
        totals[row.status] += row.count
    extra = sorted(set(totals) - set(REFERRAL_STATUSES))
    return [(status, totals[status]) for status in (*REFERRAL_STATUSES, *extra)]


def progress_rows(
    store: Store, since: date | None, until: date | None
) -> list[ProgressRow]:
    """Return one row per outcome type, in the order ``analyses.progress`` gives."""
    frame = analyses.progress(store, since, until)
    rows = []
    for outcome_type, values in frame.iterrows():
        target = _optional_int(values["target"])
        share = _optional_float(values["share"])
        rows.append(
            ProgressRow(
                label=_humanise(str(outcome_type)),
                achieved=int(values["achieved"]),
                target=target,
                percent=None if share is None or target is None else share * 100,
            )
        )
    return rows


def top_flows(
    store: Store, since: date | None, until: date | None, limit: int = TOP_FLOWS
) -> list[FlowRow]:
    """Return the busiest referral flows of the window, with receiver names.

    Flows are ordered by referrals, most first, then by sender and receiver
    name so that ties keep one order.
    """
    totals: Counter[tuple[str, str]] = Counter()
    decided: Counter[tuple[str, str]] = Counter()
    accepted: Counter[tuple[str, str]] = Counter()
    for row in store.referral_counts(since, until):
        key = (row.from_partner_id, row.to_id)
        totals[key] += row.count
        if row.status in DECIDED_STATUSES:
            decided[key] += row.count
        if row.status in ACCEPTED_STATUSES:
            accepted[key] += row.count

    names = {partner.id: partner.name for partner in store.list_partners()}
    names.update({employer.id: employer.name for employer in store.list_employers()})
    rows = [
        FlowRow(
            from_name=names.get(sender, sender),
            to_name=names.get(receiver, receiver),
            referrals=count,
            acceptance_rate=(
                accepted[(sender, receiver)] / decided[(sender, receiver)]
                if decided[(sender, receiver)]
                else None
            ),
        )
        for (sender, receiver), count in totals.items()
    ]
    rows.sort(key=lambda row: (-row.referrals, row.from_name, row.to_name))
    return rows[:limit]


def _humanise(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _optional_int(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def _optional_float(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
