"""The numbers on the progress dashboard, ready for its template.

Every number is an aggregate over participants or referrals, and nothing
here carries a participant id. Funders read this page, so counts from 1 up
to the partnership's ``small_number_threshold`` are suppressed: the page
shows "fewer than N" in their place, and hides the shares and rates that
would reveal them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from api import analyses
from graph.access.privacy import SUPPRESSED, suppress_counts
from graph.rules import REFERRAL_STATUSES
from graph.store import Store

# The dashboard lists this many referral flows, busiest first.
TOP_FLOWS = 10


@dataclass(frozen=True)
class ProgressRow:
    """Participants who achieved one outcome type, against its target.

    ``percent`` is ``None`` for an outcome type without a target, or when
    ``achieved`` is suppressed. It may exceed 100, but ``bar_width`` stops
    at 100.
    """

    label: str
    achieved: str
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

    ``acceptance_rate`` is a fraction from 0 to 1, or ``None`` when fewer
    referrals were decided, taken on or declined than the small-number
    threshold, because the rate would reveal that count.
    """

    from_name: str
    to_name: str
    referrals: str
    acceptance_rate: float | None


def build_dashboard(
    store: Store, since: date | None, until: date | None
) -> dict[str, Any]:
    """Compute the dashboard's tables for the window, as template variables."""
    config = store.load_config()
    threshold = config.small_number_threshold
    flows = analyses.flows(store, since, until)
    names = {partner.id: partner.name for partner in store.list_partners()}
    names.update({employer.id: employer.name for employer in store.list_employers()})

    statuses, referral_total = referrals_by_status(flows, threshold)
    return {
        "threshold": threshold,
        "top_flows": TOP_FLOWS,
        "progress": progress_rows(analyses.progress(store, since, until), threshold),
        "statuses": statuses,
        "referral_total": referral_total,
        "flows": top_flows(flows, names, threshold),
    }


def format_count(count: int, threshold: int) -> str:
    """Return ``count`` with thousands separators, or "fewer than N" when it
    is from 1 to ``threshold`` - 1."""
    if 0 < count < threshold:
        return f"fewer than {threshold}"
    return f"{count:,}"


def progress_rows(progress: pd.DataFrame, threshold: int) -> list[ProgressRow]:
    """Return one row per outcome type of ``analyses.progress``, in its order."""
    rows = []
    for outcome_type, values in progress.iterrows():
        achieved = int(values["achieved"])
        share = values["share"]
        if share is None or 0 < achieved < threshold:
            percent = None
        else:
            percent = float(share) * 100
        target = values["target"]
        rows.append(
            ProgressRow(
                label=_humanise(str(outcome_type)),
                achieved=format_count(achieved, threshold),
                target=None if target is None else int(target),
                percent=percent,
            )
        )
    return rows


def referrals_by_status(
    flows: pd.DataFrame, threshold: int
) -> tuple[list[tuple[str, str]], str]:
    """Count the referrals made in the window by their current status, and
    return the rows with the total below them.

    Every status of the referral life cycle is listed, with zero where no
    referral has it. The counts are suppressed with their total, as
    ``graph.access.privacy.suppress_counts`` describes.
    """
    counts = {status: int(flows[status].sum()) for status in REFERRAL_STATUSES}
    other = int(flows["referrals"].sum()) - sum(counts.values())
    if other:
        counts["other"] = other
    shown = suppress_counts(counts, threshold)
    rows = [(status, count_text(value)) for status, value in shown.counts.items()]
    return rows, count_text(shown.total)


def count_text(value: int | str) -> str:
    """Return a count, or the text of a suppressed one, as the page shows it."""
    if isinstance(value, int):
        return f"{value:,}"
    if value == SUPPRESSED:
        return "suppressed"
    return "fewer than " + value.removeprefix("<")


def top_flows(
    flows: pd.DataFrame, names: dict[str, str], threshold: int, limit: int = TOP_FLOWS
) -> list[FlowRow]:
    """Return the first ``limit`` rows of ``analyses.flows``, with names.

    ``analyses.flows`` orders flows by referrals, most first. A receiver
    without a name, such as an employer missing from the store, shows its id.
    """
    rows = []
    for values in flows.head(limit).itertuples(index=False):
        rate = values.acceptance_rate
        # A rate with its base reveals both the referrals taken on and those
        # declined, so each must clear the threshold, not only the base.
        taken_on = int(values.accepted) + int(values.completed)
        declined = int(values.declined)
        small = [count for count in (taken_on, declined) if 0 < count < threshold]
        if values.decided < threshold or small:
            rate = None
        rows.append(
            FlowRow(
                from_name=names.get(values.from_partner_id, values.from_partner_id),
                to_name=names.get(values.to_id, values.to_id),
                referrals=format_count(int(values.referrals), threshold),
                acceptance_rate=rate,
            )
        )
    return rows


def _humanise(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]
