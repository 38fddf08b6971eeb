"""Participants' journeys: how far they get through the programme stages,
how long they take to start a job, and whether people supported by more
than one partner reach outcomes more often.

Every function reads ``JourneyMilestones`` rows, one per participant
enrolled in a window, so none needs individual records.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

import pandas as pd

from graph.store import JourneyMilestones

FUNNEL_COLUMNS = (
    "stage",
    "reached",
    "dropped",
    "dropped_share",
    "median_days_from_previous",
)
CURVE_COLUMNS = ("days", "at_risk", "events", "censored", "without_outcome")
EFFECT_COLUMNS = (
    "group",
    "participants",
    "with_outcome",
    "share",
    "ci_low",
    "ci_high",
)

# The days since enrolment at which ``time_to_outcome`` reports the curve.
CHECKPOINT_DAYS = (90, 180, 365)

# The 0.975 quantile of the standard normal distribution, for two-sided 95%
# intervals.
Z_95 = 1.959963984540054

ASSOCIATION_NOTE = (
    "This is an association, not proof that support from more partners "
    "causes the outcome. People supported by more partners may differ in "
    "other ways, such as their needs, how long they have been enrolled, "
    "or which partner enrolled them."
)


def stage_funnel(
    milestones: Iterable[JourneyMilestones], stages: Sequence[str]
) -> pd.DataFrame:
    """Count the participants who reached each programme stage, and those
    lost since the stage before.

    Returns one row per stage, in the order of ``stages``, with
    ``reached`` (participants who reached the stage at any time),
    ``dropped`` (participants who reached the previous stage but never
    this one), ``dropped_share`` (``dropped`` over those who reached the
    previous stage, ``None`` when nobody did) and
    ``median_days_from_previous``: the median days from the first day at
    the previous stage to the first day at this one, over participants
    who reached both, or ``None`` when nobody did. The stage before the
    first is enrolment, which every participant has reached.

    >>> rows = [
    ...     JourneyMilestones(date(2024, 1, 1), {"engaged": date(2024, 1, 3)}, {}, 1),
    ...     JourneyMilestones(date(2024, 1, 1), {}, {}, 1),
    ... ]
    >>> stage_funnel(rows, ["engaged"]).iloc[0].tolist()
    ['engaged', 1, 1, 0.5, 2.0]

    Notes
    -----
    A participant may reach a stage without the one before it, so
    ``reached`` need not fall from stage to stage. A participant whose
    first day at a stage comes before their first day at the previous
    stage adds a negative number of days to the median.
    """
    people = list(milestones)
    rows = []
    previous_days: list[date | None] = [person.enrolled_on for person in people]
    for stage in stages:
        days = [person.stages.get(stage) for person in people]
        reached_before = sum(day is not None for day in previous_days)
        dropped = sum(
            before is not None and now is None
            for before, now in zip(previous_days, days, strict=True)
        )
        gaps = [
            (now - before).days
            for before, now in zip(previous_days, days, strict=True)
            if before is not None and now is not None
        ]
        rows.append(
            (
                stage,
                sum(day is not None for day in days),
                dropped,
                dropped / reached_before if reached_before else None,
                float(median(gaps)) if gaps else None,
            )
        )
        previous_days = days
    return pd.DataFrame(rows, columns=list(FUNNEL_COLUMNS), dtype=object)


@dataclass(frozen=True)
class TimeToOutcome:
    """A Kaplan–Meier estimate of the share of participants still without
    an outcome, by days since enrolment.

    ``curve`` has one row per day on which an outcome or a censoring
    happened, with the columns in ``CURVE_COLUMNS``. ``median_days`` is
    the first day on which the estimate falls to 0.5 or below, and
    ``None`` when it never does. ``without_outcome_at`` maps each day in
    ``CHECKPOINT_DAYS`` to the estimate on that day, or to ``None`` when
    the day is past the last participant followed.
    """

    participants: int
    with_outcome: int
    median_days: int | None
    without_outcome_at: dict[int, float | None]
    curve: pd.DataFrame


def time_to_outcome(
    milestones: Iterable[JourneyMilestones],
    end: date,
    outcome_type: str = "job_start",
) -> TimeToOutcome:
    """Estimate how long participants take to reach an outcome, counting
    those without it as censored rather than dropping them.

    Each participant enrolled on or before ``end`` is followed from
    enrolment to their first ``outcome_type`` if it came on or before
    ``end``. Otherwise they are censored at ``end``: they are known to
    have gone that long without the outcome. Pass the window's end, or
    today for a window still open.

    >>> job = {"job_start": date(2024, 1, 11)}
    >>> rows = [
    ...     JourneyMilestones(date(2024, 1, 1), {}, job, 1),
    ...     JourneyMilestones(date(2024, 1, 1), {}, {}, 1),
    ... ]
    >>> result = time_to_outcome(rows, end=date(2024, 1, 31))
    >>> result.curve["without_outcome"].tolist()
    [0.5, 0.5]
    >>> result.median_days
    10

    Notes
    -----
    The estimate is the product-limit (Kaplan–Meier) estimator: on each
    day with outcomes it multiplies the running share by one minus the
    outcomes over the participants still followed. A participant censored
    on a day with outcomes counts as still followed on that day. An
    outcome recorded before enrolment counts as day 0.

    A one-off comparison with lifelines 0.30.3's ``KaplanMeierFitter`` on
    300 random samples of up to 40 participants agreed to within 1e-15.
    Its ``median_survival_time_`` is the
    first day the curve falls below 0.5, while ``median_days`` here is
    the first day it reaches 0.5 or below, so the two differ when the
    curve rests at exactly 0.5.
    """
    durations: list[int] = []
    observed: list[bool] = []
    for person in milestones:
        if person.enrolled_on > end:
            continue
        reached_on = person.outcomes.get(outcome_type)
        if reached_on is not None and reached_on <= end:
            # NOTE: an outcome dated before enrolment is clamped to day 0.
            durations.append(max((reached_on - person.enrolled_on).days, 0))
            observed.append(True)
        else:
            durations.append((end - person.enrolled_on).days)
            observed.append(False)

    curve = kaplan_meier(durations, observed)
    return TimeToOutcome(
        participants=len(durations),
        with_outcome=sum(observed),
        median_days=_median_days(curve),
        without_outcome_at={
            day: _estimate_at(curve, day, max(durations, default=-1))
            for day in CHECKPOINT_DAYS
        },
        curve=curve,
    )


def kaplan_meier(durations: Sequence[int], observed: Sequence[bool]) -> pd.DataFrame:
    """Compute the product-limit estimate of the share without the event.

    ``durations[i]`` is the day participant ``i`` had the event when
    ``observed[i]`` is true, and the last day they were followed when it
    is false. Returns one row per distinct duration, in order, with the
    columns in ``CURVE_COLUMNS``.

    >>> kaplan_meier([3, 5, 6], [True, False, True])["without_outcome"].tolist()
    [0.6666666666666667, 0.6666666666666667, 0.0]
    """
    if len(durations) != len(observed):
        raise ValueError(
            f"durations has {len(durations)} values but observed has "
            f"{len(observed)}; pass one of each per participant"
        )

    frame = pd.DataFrame({"days": durations, "event": observed})
    rows = []
    at_risk = len(frame)
    share = 1.0
    for day, group in frame.groupby("days", sort=True):
        events = int(group["event"].sum())
        censored = len(group) - events
        share *= 1 - events / at_risk
        rows.append((int(day), at_risk, events, censored, share))
        at_risk -= len(group)
    return pd.DataFrame(rows, columns=list(CURVE_COLUMNS))


def _median_days(curve: pd.DataFrame) -> int | None:
    below = curve[curve["without_outcome"] <= 0.5]
    return None if below.empty else int(below["days"].iloc[0])


def _estimate_at(curve: pd.DataFrame, day: int, last_day: int) -> float | None:
    """Return the step function's value on ``day``, or ``None`` past the
    last day anyone was followed, where the estimate is undefined."""
    if day > last_day:
        return None
    before = curve[curve["days"] <= day]
    return 1.0 if before.empty else float(before["without_outcome"].iloc[-1])


@dataclass(frozen=True)
class CollaborationEffect:
    """The share of participants with an outcome among those supported by
    one partner and by two or more.

    ``table`` has the columns in ``EFFECT_COLUMNS`` and two rows, with
    groups ``"one partner"`` and ``"two or more partners"``.
    ``difference`` is the share of the second group minus the share of
    the first, or ``None`` when either group is empty. ``note`` is
    ``ASSOCIATION_NOTE``.
    """

    outcome_type: str
    table: pd.DataFrame
    difference: float | None
    note: str = ASSOCIATION_NOTE


def collaboration_effect(
    milestones: Iterable[JourneyMilestones],
    outcome_type: str = "job_start",
    end: date | None = None,
) -> CollaborationEffect:
    """Compare the share with an outcome of participants supported by one
    partner and by two or more, with 95% Wilson score intervals.

    A participant has the outcome when they first reached ``outcome_type``
    on or before ``end``, or at any time without it, so that the
    comparison follows people as long as ``time_to_outcome`` does. A group
    with no participants has share and interval ``None``.

    >>> rows = [
    ...     JourneyMilestones(date(2024, 1, 1), {}, {}, 1),
    ...     JourneyMilestones(date(2024, 1, 1), {}, {"job_start": date(2024, 2, 1)}, 2),
    ... ]
    >>> effect = collaboration_effect(rows)
    >>> effect.table["with_outcome"].tolist()
    [0, 1]
    >>> effect.difference
    1.0

    Notes
    -----
    The comparison shows an association only. People supported by more
    partners may differ in other ways, and the number of partners can
    grow because someone stayed longer or was already doing well. The
    count includes partners whose support came after the outcome, such
    as in-work support after a job start.
    """
    groups = {"one partner": [0, 0], "two or more partners": [0, 0]}
    for person in milestones:
        counts = groups[
            "one partner" if person.partners <= 1 else "two or more partners"
        ]
        counts[0] += 1
        first_day = person.outcomes.get(outcome_type)
        counts[1] += first_day is not None and (end is None or first_day <= end)

    rows = []
    shares = []
    for name, (participants, with_outcome) in groups.items():
        share = with_outcome / participants if participants else None
        low, high = wilson_interval(with_outcome, participants)
        rows.append((name, participants, with_outcome, share, low, high))
        shares.append(share)

    one, more = shares
    difference = None if one is None or more is None else more - one
    table = pd.DataFrame(rows, columns=list(EFFECT_COLUMNS), dtype=object)
    return CollaborationEffect(outcome_type, table, difference)


def wilson_interval(
    successes: int, trials: int, z: float = Z_95
) -> tuple[float | None, float | None]:
    """Return the Wilson score interval of a binomial proportion, or
    ``(None, None)`` when there are no trials.

    >>> low, high = wilson_interval(8, 10)
    >>> round(low, 4), round(high, 4)
    (0.4902, 0.9433)
    """
    if trials == 0:
        return None, None
    share = successes / trials
    z_squared = z * z
    denominator = 1 + z_squared / trials
    centre = (share + z_squared / (2 * trials)) / denominator
    half_width = (
        z
        / denominator
        * math.sqrt(share * (1 - share) / trials + z_squared / (4 * trials * trials))
    )
    # The bounds at 0 and at ``trials`` successes are exactly 0 and 1, but
    # rounding can leave them a little inside, off the observed share.
    low = 0.0 if successes == 0 else centre - half_width
    high = 1.0 if successes == trials else centre + half_width
    return low, high
