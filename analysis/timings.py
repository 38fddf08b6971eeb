"""How long referrals wait: days to a decision, days to completion, and
referrals still waiting longer than a partnership allows.

The store keeps each referral's current status and the day it reached it,
so a referral that was accepted and then completed keeps only its
completion day. Days to a decision are therefore counted over referrals
whose current status is ``accepted`` or ``declined``, and days to
completion over ``completed`` ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from statistics import median

import pandas as pd

from graph.store import ReferralDuration

# A referral still waiting for a decision after this many days counts as
# overdue unless the caller says otherwise.
DEFAULT_WAITING_DAYS = 30

TIMING_COLUMNS = (
    "from_partner_id",
    "to_id",
    "to_kind",
    "decided",
    "median_days_to_decision",
    "completed",
    "median_days_to_completion",
    "waiting",
    "waiting_over",
)


def referral_timings(
    durations: Iterable[ReferralDuration],
    today: date,
    waiting_days: int = DEFAULT_WAITING_DAYS,
) -> pd.DataFrame:
    """Summarise how long each sender's referrals to each receiver took.

    Returns one row per sender and receiver, ordered by their ids, with
    ``decided`` (accepted or declined, as their current status) and the
    median days from referral to that decision, ``completed`` and the
    median days to completion, ``waiting`` (made, still undecided) and
    ``waiting_over``: those made more than ``waiting_days`` days before
    ``today``. A median over no referrals is ``None``.

    >>> rows = [
    ...     ReferralDuration("A", "B", "partner", "accepted", 3, None, 2),
    ...     ReferralDuration("A", "B", "partner", "declined", 10, None, 1),
    ...     ReferralDuration("A", "B", "partner", "made", None, date(2024, 1, 1), 1),
    ... ]
    >>> table = referral_timings(rows, today=date(2024, 3, 1))
    >>> table.loc[0, ["decided", "median_days_to_decision", "waiting_over"]].tolist()
    [3, 3.0, 1]
    """
    if waiting_days < 0:
        raise ValueError(f"waiting days must be 0 or more, got {waiting_days}")
    pairs: dict[tuple[str, str, str], dict[str, list[int] | int]] = {}
    for row in durations:
        key = (row.from_partner_id, row.to_id, row.to_kind)
        pair = pairs.setdefault(
            key, {"decision": [], "completion": [], "waiting": 0, "over": 0}
        )
        if row.status in ("accepted", "declined") and row.days is not None:
            pair["decision"] += [row.days] * row.count  # type: ignore[operator]
        elif row.status == "completed" and row.days is not None:
            pair["completion"] += [row.days] * row.count  # type: ignore[operator]
        elif row.status == "made" and row.referred_on is not None:
            pair["waiting"] += row.count  # type: ignore[operator]
            if (today - row.referred_on).days > waiting_days:
                pair["over"] += row.count  # type: ignore[operator]
    rows = []
    for (sender, receiver, kind), pair in sorted(pairs.items()):
        decision: list[int] = pair["decision"]  # type: ignore[assignment]
        completion: list[int] = pair["completion"]  # type: ignore[assignment]
        rows.append(
            {
                "from_partner_id": sender,
                "to_id": receiver,
                "to_kind": kind,
                "decided": len(decision),
                "median_days_to_decision": _median(decision),
                "completed": len(completion),
                "median_days_to_completion": _median(completion),
                "waiting": pair["waiting"],
                "waiting_over": pair["over"],
            }
        )
    return pd.DataFrame(rows, columns=list(TIMING_COLUMNS), dtype=object)


def _median(values: list[int]) -> float | None:
    return float(median(values)) if values else None
