"""Referral flows: what became of the referrals from one partner to another."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis._counts import StatusTally, rate, tally_referrals
from graph.rules import REFERRAL_STATUSES
from graph.store import ReferralChain, ReferralCount, ReferralOutcome

FLOW_COLUMNS = (
    "from_partner_id",
    "to_id",
    "to_kind",
    *REFERRAL_STATUSES,
    "referrals",
    "decided",
    "acceptance_rate",
    "completion_rate",
)


LATER_OUTCOME_COLUMNS = (
    "from_partner_id",
    "to_id",
    "to_kind",
    "outcome_type",
    "participants",
    "referred",
    "share",
)


def referral_flows(counts: Iterable[ReferralCount]) -> pd.DataFrame:
    """Summarise the referrals from each sender to each receiver.

    Parameters
    ----------
    counts : iterable of ReferralCount
        Referrals per sender, receiver and status, from
        ``Store.referral_counts``.

    Returns
    -------
    flows : pandas.DataFrame
        One row per sender and receiver, with columns ``from_partner_id``,
        ``to_id``, ``to_kind`` (``"partner"`` or ``"employer"``), one count
        per status (``made``, ``accepted``, ``declined``, ``withdrawn``,
        ``completed``), ``referrals`` (all statuses), ``decided``,
        ``acceptance_rate`` and ``completion_rate``. Rows are ordered by
        ``referrals``, most first, then by sender and receiver id.

    Notes
    -----
    The counts are of current statuses, so a referral that was accepted and
    then completed counts as completed only. Hence:

    - ``decided = accepted + completed + declined``: referrals the receiver
      has taken a decision on.
    - ``acceptance_rate = (accepted + completed) / decided``.
    - ``completion_rate = completed / (accepted + completed)``.

    A rate is ``None`` when its denominator is 0, because a rate of 0 would
    claim that every referral was declined or that none was completed. Rate
    columns have dtype ``object`` and contain Python floats or ``None``,
    never NaN.

    Referrals withdrawn after being accepted count as withdrawn, so they
    leave both rates. Referrals accepted and still open lower the completion
    rate until they are completed.

    Examples
    --------
    >>> from graph.store import ReferralChain, ReferralCount, ReferralOutcome
    >>> counts = [
    ...     ReferralCount("P1", "P2", "partner", "completed", 3),
    ...     ReferralCount("P1", "P2", "partner", "declined", 1),
    ... ]
    >>> referral_flows(counts).loc[0, "acceptance_rate"]
    0.75
    """
    rows = [
        _flow_row(sender, receiver, tally)
        for (sender, receiver), tally in tally_referrals(counts).items()
    ]
    rows.sort(key=lambda row: (-row["referrals"], row["from_partner_id"], row["to_id"]))

    flows = pd.DataFrame(rows, columns=list(FLOW_COLUMNS))
    integer_columns = [*REFERRAL_STATUSES, "referrals", "decided"]
    flows[integer_columns] = flows[integer_columns].astype("int64")
    for column in ("acceptance_rate", "completion_rate"):
        flows[column] = pd.Series(
            [row[column] for row in rows], index=flows.index, dtype=object
        )
    return flows


def _flow_row(sender: str, receiver: str, tally: StatusTally) -> dict[str, Any]:
    return {
        "from_partner_id": sender,
        "to_id": receiver,
        "to_kind": tally.to_kind,
        **tally.by_status,
        "referrals": tally.total,
        "decided": tally.decided,
        "acceptance_rate": rate(tally.taken_on, tally.decided),
        "completion_rate": rate(tally.by_status["completed"], tally.taken_on),
    }


def with_chains(flows: pd.DataFrame, chains: Iterable[ReferralChain]) -> pd.DataFrame:
    """Return ``flows`` with ``onward`` and ``back`` columns from
    ``Store.referral_chains``: of each flow's referrals, those that passed
    a participant on from an earlier referral, and those that sent a
    participant back to the partner that had referred them (a loop). Both
    are 0 for flows to employers.

    >>> from graph.store import ReferralChain, ReferralCount, ReferralOutcome
    >>> flows = referral_flows([ReferralCount("B", "A", "partner", "made", 3)])
    >>> table = with_chains(flows, [ReferralChain("B", "A", 2, 1)])
    >>> table[["onward", "back"]].values.tolist()
    [[2, 1]]
    """
    found = {(c.from_partner_id, c.to_partner_id): c for c in chains}
    result = flows.copy()
    for column in ("onward", "back"):
        result[column] = [
            getattr(found[sender, receiver], column)
            if kind == "partner" and (sender, receiver) in found
            else 0
            for sender, receiver, kind in zip(
                flows["from_partner_id"], flows["to_id"], flows["to_kind"], strict=True
            )
        ]
        result[column] = result[column].astype("int64")
    return result


def later_outcomes(rows: Iterable[ReferralOutcome]) -> pd.DataFrame:
    """Return, for each sender, receiver and outcome type, the participants
    referred and the share of them who later achieved the outcome, from
    ``Store.referral_outcomes``.

    Columns: ``from_partner_id``, ``to_id``, ``to_kind``, ``outcome_type``,
    ``participants`` (with the outcome), ``referred`` (all referred
    participants of the flow) and ``share``. Rows are ordered by sender,
    receiver and type.

    >>> rows = [
    ...     ReferralOutcome("A", "B", "partner", None, 4),
    ...     ReferralOutcome("A", "B", "partner", "job_start", 1),
    ... ]
    >>> later_outcomes(rows)[["outcome_type", "participants", "share"]].values.tolist()
    [['job_start', 1, 0.25]]
    """
    rows = list(rows)
    referred = {
        (row.from_partner_id, row.to_id, row.to_kind): row.participants
        for row in rows
        if row.outcome_type is None
    }
    records = [
        {
            "from_partner_id": row.from_partner_id,
            "to_id": row.to_id,
            "to_kind": row.to_kind,
            "outcome_type": row.outcome_type,
            "participants": row.participants,
            "referred": referred.get((row.from_partner_id, row.to_id, row.to_kind), 0),
        }
        for row in rows
        if row.outcome_type is not None
    ]
    table = pd.DataFrame(records, columns=list(LATER_OUTCOME_COLUMNS[:-1]))
    table["share"] = [
        rate(participants, total)
        for participants, total in zip(
            table["participants"], table["referred"], strict=True
        )
    ]
    table["share"] = table["share"].astype(object)
    return table.sort_values(
        ["from_partner_id", "to_id", "outcome_type"], ignore_index=True
    )
