"""Progress towards the programme's outcome targets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis._counts import rate
from analysis.periods import periods_between
from graph.model import PartnershipConfig
from graph.store import OutcomeCount


def progress_against_targets(
    outcome_counts: Iterable[OutcomeCount], config: PartnershipConfig
) -> pd.DataFrame:
    """Compare the participants achieving each outcome type with its target.

    Parameters
    ----------
    outcome_counts : iterable of OutcomeCount
        Outcomes per partner and type, from ``Store.outcome_counts``. Only
        the partnership-wide rows, whose ``partner_id`` is ``None``, are
        used.
    config : PartnershipConfig
        The framework, for the outcome types and their targets.

    Returns
    -------
    progress : pandas.DataFrame
        One row per outcome type, indexed by ``type``: first the types of
        ``config.outcome_types`` in their order, then other types with a
        target, then other types that were achieved, each group sorted by
        name. Columns: ``achieved`` (distinct participants), ``outcomes``
        (outcome records), ``target`` (``None`` without one) and ``share``
        (``achieved / target``, ``None`` without a positive target).

    Notes
    -----
    A participant counts once per outcome type, however many partners
    recorded the outcome, so ``achieved`` can be less than ``outcomes``.
    ``share`` can exceed 1 once a target is passed. ``target`` and
    ``share`` have dtype ``object`` and contain ``None``, never NaN. Small
    numbers are not suppressed here, so callers that show these to funders
    must do that.

    Examples
    --------
    >>> from graph.model import PartnershipConfig
    >>> from graph.store import OutcomeCount
    >>> config = PartnershipConfig(outcome_types=("job_start",),
    ...                            targets={"job_start": 40})
    >>> counts = [OutcomeCount(None, "job_start", 10, 12)]
    >>> progress_against_targets(counts, config).loc["job_start", "share"]
    0.25
    """
    totals = {row.type: row for row in outcome_counts if row.partner_id is None}
    types = _ordered_types(config, totals)

    rows = []
    for outcome_type in types:
        total = totals.get(outcome_type)
        achieved = total.participants if total is not None else 0
        target = config.targets.get(outcome_type)
        rows.append(
            {
                "achieved": achieved,
                "outcomes": total.outcomes if total is not None else 0,
                "target": target,
                "share": rate(achieved, target) if target and target > 0 else None,
            }
        )

    progress = pd.DataFrame(
        rows,
        index=pd.Index(types, name="type", dtype=object),
        columns=["achieved", "outcomes", "target", "share"],
    )
    progress[["achieved", "outcomes"]] = progress[["achieved", "outcomes"]].astype(
        "int64"
    )
    for column in ("target", "share"):
        progress[column] = pd.Series(
            [row[column] for row in rows], index=progress.index, dtype=object
        )
    return progress


def progress_by_partner(outcome_counts: Iterable[OutcomeCount]) -> pd.DataFrame:
    """List the outcomes each partner recorded, per outcome type.

    Parameters
    ----------
    outcome_counts : iterable of OutcomeCount
        Outcomes per partner and type, from ``Store.outcome_counts``. The
        partnership-wide rows, whose ``partner_id`` is ``None``, are left
        out.

    Returns
    -------
    by_partner : pandas.DataFrame
        One row per partner and outcome type with at least one outcome,
        ordered by partner id then type, with columns ``partner_id``,
        ``type``, ``participants`` (distinct participants) and ``outcomes``
        (outcome records).

    Notes
    -----
    Two partners may record the same participant's outcome, so the
    partners' participants can add up to more than the partnership-wide
    ``achieved`` of ``progress_against_targets``.
    """
    rows = sorted(
        (row.partner_id, row.type, row.participants, row.outcomes)
        for row in outcome_counts
        if row.partner_id is not None
    )
    by_partner = pd.DataFrame(
        rows, columns=["partner_id", "type", "participants", "outcomes"]
    )
    by_partner[["participants", "outcomes"]] = by_partner[
        ["participants", "outcomes"]
    ].astype("int64")
    return by_partner


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter, or the part of one inside a window.

    ``label`` names the whole quarter, such as ``2024Q1``; ``first_day``
    and ``last_day`` are inclusive and clipped to the window.
    """

    label: str
    first_day: date
    last_day: date


def quarters_between(start: date, end: date) -> list[Quarter]:
    """Return the calendar quarters from ``start`` to ``end`` inclusive, in
    order, the first and last clipped to those days; empty when ``end`` is
    before ``start``.

    Examples
    --------
    >>> [q.label for q in quarters_between(date(2024, 2, 10), date(2024, 7, 1))]
    ['2024Q1', '2024Q2', '2024Q3']
    """
    return [
        Quarter(period.label, period.first_day, period.last_day)
        for period in periods_between(start, end, "quarter")
    ]


def progress_by_quarter(
    quarters: Sequence[tuple[Quarter, Iterable[OutcomeCount], Iterable[OutcomeCount]]],
    config: PartnershipConfig,
) -> pd.DataFrame:
    """Follow each outcome type quarter by quarter, against its target.

    Parameters
    ----------
    quarters : sequence of (Quarter, counts in the quarter, counts to date)
        For each quarter in order, ``Store.outcome_counts`` of the quarter
        alone and of the window from its start to the quarter's last day.
        Only the partnership-wide rows, whose ``partner_id`` is ``None``,
        are used.
    config : PartnershipConfig
        The framework, for the outcome types and their targets.

    Returns
    -------
    by_quarter : pandas.DataFrame
        One row per quarter and outcome type, quarters in order and types in
        the order of ``progress_against_targets``, with columns ``quarter``
        (its label), ``first_day``, ``last_day``, ``type``, ``achieved``
        (distinct participants in the quarter), ``outcomes`` (records in the
        quarter), ``achieved_to_date`` (distinct participants from the
        window's start to the quarter's end), ``target`` and
        ``share_to_date`` (``achieved_to_date / target``, ``None`` without a
        positive target).

    Notes
    -----
    ``achieved_to_date`` is counted afresh for each quarter rather than
    summed, because a participant who achieves the same outcome type in two
    quarters counts once.
    """
    in_quarter = []
    to_date = []
    for _quarter, counts, cumulative in quarters:
        in_quarter.append({r.type: r for r in counts if r.partner_id is None})
        to_date.append({r.type: r for r in cumulative if r.partner_id is None})
    seen: dict[str, OutcomeCount] = {}
    for totals in to_date:
        seen.update(totals)
    types = _ordered_types(config, seen)

    rows = []
    for (quarter, _counts, _cumulative), now, so_far in zip(
        quarters, in_quarter, to_date, strict=True
    ):
        for outcome_type in types:
            achieved_to_date = (
                so_far[outcome_type].participants if outcome_type in so_far else 0
            )
            target = config.targets.get(outcome_type)
            rows.append(
                {
                    "quarter": quarter.label,
                    "first_day": quarter.first_day,
                    "last_day": quarter.last_day,
                    "type": outcome_type,
                    "achieved": now[outcome_type].participants
                    if outcome_type in now
                    else 0,
                    "outcomes": now[outcome_type].outcomes
                    if outcome_type in now
                    else 0,
                    "achieved_to_date": achieved_to_date,
                    "target": target,
                    "share_to_date": (
                        rate(achieved_to_date, target)
                        if target and target > 0
                        else None
                    ),
                }
            )
    columns = [
        "quarter",
        "first_day",
        "last_day",
        "type",
        "achieved",
        "outcomes",
        "achieved_to_date",
        "target",
        "share_to_date",
    ]
    by_quarter = pd.DataFrame(rows, columns=columns)
    for column in ("achieved", "outcomes", "achieved_to_date"):
        by_quarter[column] = by_quarter[column].astype("int64")
    for column in ("target", "share_to_date"):
        by_quarter[column] = pd.Series(
            [row[column] for row in rows], index=by_quarter.index, dtype=object
        )
    return by_quarter


def _ordered_types(
    config: PartnershipConfig, totals: dict[str, OutcomeCount]
) -> list[str]:
    types = list(dict.fromkeys(config.outcome_types))
    known = set(types)
    targeted = sorted(set(config.targets) - known)
    achieved = sorted(set(totals) - known - set(targeted))
    return types + targeted + achieved
