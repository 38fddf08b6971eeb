"""The analyses of a date window, read from a store.

GraphQL, the web pages and the command line all call these, so each number
they show comes from the same code. Each function fetches the store's
aggregates for the window and hands them to ``analysis/``, so none loads
individual records. Both ends of a window are inclusive, and ``None`` leaves
an end open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd

from analysis.centrality import NetworkMetrics, network_metrics
from analysis.change import network_change
from analysis.collaboration import collaboration_strength
from analysis.flows import later_outcomes, referral_flows, with_chains
from analysis.journeys import (
    CollaborationEffect,
    TimeToOutcome,
    stage_funnel,
    time_to_outcome,
)
from analysis.journeys import collaboration_effect as compare_collaboration
from analysis.network_views import STRENGTH, VOLUME
from analysis.periods import PERIOD_LENGTHS, Period, count_periods, periods_between
from analysis.progress import (
    progress_against_targets,
    progress_by_partner,
    progress_by_quarter,
    quarters_between,
)
from analysis.referral_graph import build_referral_graph
from analysis.timings import DEFAULT_WAITING_DAYS, referral_timings
from graph.access import disclosure
from graph.model import PartnershipConfig
from graph.store import Page, Store

# The outcome the journey analyses time and compare unless asked for
# another: the one a jobs programme is for.
DEFAULT_OUTCOME_TYPE = "job_start"

# The maximum number of calendar quarters ``quarterly_progress`` reads at
# once: ten years.
MAX_QUARTERS = 40

# The maximum number of periods ``network_over_time`` measures at once. Each
# period costs the store reads and network measures of one window, as much
# as one ``metrics`` call, so this caps one request at 60 such calls: five
# years of months or fifteen of quarters.
MAX_PERIODS = 60


def referral_graph(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    include_employers: bool = False,
    with_reach: bool = True,
) -> nx.DiGraph:
    """Build the partner-level referral graph of the window.

    With ``include_employers``, employers that received referrals are nodes
    too. Without ``with_reach``, every node's ``participants`` is 0: the
    network measures do not read it, and counting who each partner worked
    with visits every participant, the costliest read of a window.
    """
    employers = store.list_employers() if include_employers else ()
    reach = store.partner_reach(since, until) if with_reach else ()
    return build_referral_graph(
        store.list_partners(),
        store.referral_counts(since, until),
        reach,
        employers=employers,
        include_employers=include_employers,
    )


def flows(
    store: Store, since: date | None = None, until: date | None = None
) -> pd.DataFrame:
    """Return the referral flows between partners in the window, with the
    referrals that passed participants on or sent them back."""
    return with_chains(
        referral_flows(store.referral_counts(since, until)),
        store.referral_chains(since, until),
    )


def flow_table(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    waiting_days: int = DEFAULT_WAITING_DAYS,
    today: date | None = None,
) -> pd.DataFrame:
    """Return the referral flows of the window with how long their
    referrals took: ``median_days_to_decision``,
    ``median_days_to_completion``, ``waiting_over`` and ``timed_decisions``
    (the decisions the first median is over)."""
    table = flows(store, since, until)
    timed = timings(store, since, until, waiting_days, today).set_index(
        ["from_partner_id", "to_id", "to_kind"]
    )
    keys = list(
        zip(table["from_partner_id"], table["to_id"], table["to_kind"], strict=True)
    )

    def column(name: str, missing: object) -> list:
        return [timed.at[key, name] if key in timed.index else missing for key in keys]

    table["median_days_to_decision"] = pd.Series(
        column("median_days_to_decision", None), index=table.index, dtype=object
    )
    table["median_days_to_completion"] = pd.Series(
        column("median_days_to_completion", None), index=table.index, dtype=object
    )
    table["waiting_over"] = pd.Series(column("waiting_over", 0), index=table.index)
    table["timed_decisions"] = pd.Series(column("decided", 0), index=table.index)
    return table


def outcomes_after_referral(
    store: Store, since: date | None = None, until: date | None = None
) -> pd.DataFrame:
    """Return, per flow of the window and outcome type, the share of
    referred participants who later achieved it."""
    return later_outcomes(store.referral_outcomes(since, until))


def timings(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    waiting_days: int = DEFAULT_WAITING_DAYS,
    today: date | None = None,
) -> pd.DataFrame:
    """Return days to decision and completion and overdue referrals for
    each sender and receiver in the window."""
    return referral_timings(
        store.referral_durations(since, until), today or date.today(), waiting_days
    )


def collaboration(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
    resamples: int = 0,
) -> pd.DataFrame:
    """Return the collaboration strength of each pair of partners.

    Recency is measured from ``until`` or ``today``, whichever is earlier,
    and in an open-ended window from the latest referral between partners,
    so that the same records give the same scores on any day. With
    ``resamples``, each judged score gets a 95% bootstrap interval.
    """
    config = store.load_config()
    reference_day = None if until is None else min(until, today or date.today())
    return collaboration_strength(
        store.referral_counts(since, until),
        store.shared_participants(since, until),
        weights=config.collaboration_weights,
        last_referrals=store.last_referrals(since, until),
        reference_day=reference_day,
        half_life_days=config.recency_half_life_days,
        resamples=resamples,
    )


def metrics(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    directed: bool = True,
    weight: str = VOLUME,
    suppress_below: int | None = None,
) -> NetworkMetrics:
    """Compute the network measures of the window's referral graph in one
    view (``analysis.network_views``).

    With ``weight="strength"`` the ties weigh the pairs' collaboration
    scores. With ``suppress_below`` as well, a pair whose score the
    collaboration table hides at that threshold counts as unscored, so that
    no weighted measure gives a hidden score back. Counts in the result are
    not suppressed here: ``graph.access.disclosure.metrics_row`` does that.
    """
    strength = None
    if weight == STRENGTH:
        strength = collaboration(store, since, until)
        if suppress_below is not None:
            strength = _shown_scores(strength, suppress_below)
    graph = referral_graph(store, since, until, with_reach=False)
    return network_metrics(graph, directed, weight, strength)


def _shown_scores(strength: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Return the pairs of a collaboration table with the scores shown to
    a viewer of suppressed counts, ``None`` where hidden."""
    shown = disclosure.collaboration_rows(strength.to_dict("records"), threshold)
    return pd.DataFrame(
        {
            "partner_a": [row["partner_a"] for row in shown],
            "partner_b": [row["partner_b"] for row in shown],
            "score": pd.Series([row["score"] for row in shown], dtype=object),
        }
    )


def progress(
    store: Store, since: date | None = None, until: date | None = None
) -> pd.DataFrame:
    """Return the participants achieving each outcome type against its
    target, for the partnership as a whole."""
    return progress_against_targets(
        store.outcome_counts(since, until), store.load_config()
    )


def partner_progress(
    store: Store, since: date | None = None, until: date | None = None
) -> pd.DataFrame:
    """Return the outcomes each partner recorded in the window, per type."""
    return progress_by_partner(store.outcome_counts(since, until))


def quarterly_progress(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Return progress per calendar quarter of the window.

    An open start is the programme's ``start_on`` or the first outcome,
    whichever is earlier, and an open end the programme's ``end_on`` or
    ``today``, whichever is earlier, or the last outcome if that is later.
    So every outcome that ``progress`` counts falls in a quarter. Without
    a start date or any outcome the table is empty. Each quarter costs two
    aggregate queries, so a window of more than ``MAX_QUARTERS`` raises
    ValueError.
    """
    config = store.load_config()
    first, last = _first_and_last_days(
        store.list_outcomes, lambda outcome: outcome.achieved_on
    )
    ends = _window_ends(config, since, until, first, last, today)
    quarters = [] if ends is None else quarters_between(*ends)
    if len(quarters) > MAX_QUARTERS:
        start, end = quarters[0].first_day, quarters[-1].last_day
        raise ValueError(
            f"the window from {start} to {end} spans {len(quarters)} quarters, "
            f"more than the {MAX_QUARTERS} shown at once; give a shorter "
            "window with since and until"
        )
    if not quarters:
        return progress_by_quarter([], config)
    start = quarters[0].first_day
    return progress_by_quarter(
        [
            (
                quarter,
                store.outcome_counts(quarter.first_day, quarter.last_day),
                store.outcome_counts(start, quarter.last_day),
            )
            for quarter in quarters
        ],
        config,
    )


def network_over_time(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
    period_length: str = "quarter",
) -> tuple[pd.DataFrame, pd.DataFrame, list[Period]]:
    """Measure the referral network of each calendar period of the window
    and its change from the period before (``analysis.change``).

    ``period_length`` is one of ``analysis.periods.PERIOD_LENGTHS``, and
    the first and last period are clipped to the window
    (``analysis.periods.periods_between``). An open start is the
    programme's ``start_on`` or the first referral, whichever is earlier.
    An open end is its ``end_on`` or ``today``, whichever is earlier, or
    the last referral if that is later. Returns the network table, the
    partner table and the periods. Raises ValueError for an unknown
    ``period_length``, or when the window spans more than ``MAX_PERIODS``
    periods, with the fix in the message.
    """
    config = store.load_config()
    first, last = _first_and_last_days(
        store.list_referrals, lambda referral: referral.referred_on
    )
    ends = _window_ends(config, since, until, first, last, today)
    periods = [] if ends is None else _periods(*ends, period_length)
    network, partners = network_change(
        [
            (
                period.label,
                referral_graph(
                    store, period.first_day, period.last_day, with_reach=False
                ),
            )
            for period in periods
        ]
    )
    return network, partners, periods


def journey_funnel(
    store: Store, since: date | None = None, until: date | None = None
) -> pd.DataFrame:
    """Return the stage funnel (``analysis.journeys.stage_funnel``) of the
    participants enrolled in the window, over the partnership's stages.

    Stages reached after the window still count, because the window
    selects participants by enrolment day.
    """
    return stage_funnel(
        store.journey_milestones(since, until), store.load_config().stages
    )


@dataclass(frozen=True)
class Journeys:
    """The three journey analyses of one cohort, from one read."""

    funnel: pd.DataFrame
    timing: TimeToOutcome
    effect: CollaborationEffect


def journeys(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    outcome_type: str = DEFAULT_OUTCOME_TYPE,
    today: date | None = None,
) -> Journeys:
    """Return the funnel, the time to ``outcome_type`` and the collaboration
    effect of the participants enrolled in the window, as
    ``journey_funnel``, ``time_to_job`` and ``collaboration_effect`` do,
    reading the cohort's milestones once for all three."""
    config = store.load_config()
    milestones = store.journey_milestones(since, until)
    end = follow_up_end(config, today)
    return Journeys(
        funnel=stage_funnel(milestones, config.stages),
        timing=time_to_outcome(milestones, end, outcome_type),
        effect=compare_collaboration(milestones, outcome_type, end),
    )


def journey_outcome_type(store: Store, requested: str | None = None) -> str:
    """Return the outcome type the journey analyses time and compare.

    Without ``requested``, a job start when the framework or the records
    have that type, and otherwise the first outcome type of the framework. Raise
    ValueError for a requested type that is neither in the framework nor
    recorded, which would give empty tables without saying why.
    """
    config = store.load_config()
    known = set(config.outcome_types) | set(config.targets)
    known |= {row.type for row in store.outcome_counts()}
    if requested is None:
        if DEFAULT_OUTCOME_TYPE in known or not config.outcome_types:
            return DEFAULT_OUTCOME_TYPE
        return config.outcome_types[0]
    if known and requested not in known:
        raise ValueError(
            f"unknown outcome type {requested!r}; expected one of "
            f"{', '.join(sorted(known))}"
        )
    return requested


def time_to_job(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
    outcome_type: str = "job_start",
) -> TimeToOutcome:
    """Estimate the days from enrolment to a first job start of the
    participants enrolled in the window.

    Participants are followed to ``follow_up_end``, and those without a
    job start by then are censored there.
    """
    end = follow_up_end(store.load_config(), today)
    return time_to_outcome(store.journey_milestones(since, until), end, outcome_type)


def follow_up_end(config: PartnershipConfig, today: date | None = None) -> date:
    """Return the day the journey analyses follow participants to: the
    programme's ``end_on`` or ``today``, whichever is earlier.

    The window only picks the participants, by their enrolment day, so a
    cohort enrolled in one quarter is followed past that quarter to the
    end of the programme.
    """
    today = today or date.today()
    return today if config.end_on is None else min(config.end_on, today)


def collaboration_effect(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    outcome_type: str = "job_start",
    today: date | None = None,
) -> CollaborationEffect:
    """Compare the share with ``outcome_type`` of participants enrolled in
    the window and supported by one partner or by two or more.

    The outcome counts up to ``follow_up_end``, as in ``time_to_job``, and
    the supporting partners at any date, including after the window.
    """
    end = follow_up_end(store.load_config(), today)
    return compare_collaboration(
        store.journey_milestones(since, until), outcome_type, end
    )


def _first_and_last_days(
    list_page: Callable[..., Page[Any]], day_of: Callable[[Any], date]
) -> tuple[date | None, date | None]:
    """Return the day of the oldest and of the newest record of a list, or
    ``None`` for both when it is empty."""
    oldest = list_page(first=1, order="oldest").items
    newest = list_page(first=1, order="newest").items
    if not oldest or not newest:
        return None, None
    return day_of(oldest[0]), day_of(newest[0])


def _window_ends(
    config: PartnershipConfig,
    since: date | None,
    until: date | None,
    first: date | None,
    last: date | None,
    today: date | None,
) -> tuple[date, date] | None:
    """Fill in the open ends of a window from the programme's dates and the
    first and last record's day. Return ``None`` when the start is open
    and neither the programme's start nor a first record gives one."""
    start = since or min((day for day in (config.start_on, first) if day), default=None)
    if start is None:
        return None
    end = until or max(
        min(day for day in (config.end_on, today or date.today()) if day),
        last or date.min,
    )
    return start, end


def _periods(start: date, end: date, period_length: str) -> list[Period]:
    """Split the window into periods, or raise ValueError when there are
    more than ``MAX_PERIODS``, suggesting a longer period that fits."""
    count = count_periods(start, end, period_length)
    if count <= MAX_PERIODS:
        return periods_between(start, end, period_length)
    fix = "give a shorter window with since and until"
    longer = PERIOD_LENGTHS[PERIOD_LENGTHS.index(period_length) + 1 :]
    for length in longer:
        longer_count = count_periods(start, end, length)
        if longer_count <= MAX_PERIODS:
            fix += f", or a longer period: {length} gives {longer_count}"
            break
    raise ValueError(
        f"the window from {start} to {end} spans {count} {period_length}s, more "
        f"than the {MAX_PERIODS} periods measured at once; {fix}"
    )
