"""Progress towards the programme's outcome targets."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis._counts import rate
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


def _ordered_types(
    config: PartnershipConfig, totals: dict[str, OutcomeCount]
) -> list[str]:
    types = list(dict.fromkeys(config.outcome_types))
    known = set(types)
    targeted = sorted(set(config.targets) - known)
    achieved = sorted(set(totals) - known - set(targeted))
    return types + targeted + achieved
