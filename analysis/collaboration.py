"""Collaboration strength: how closely each pair of partners works together."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis._counts import StatusTally, rate, tally_referrals
from analysis.score_intervals import RESAMPLED, PairEvidence, score_interval
from graph.rules import COLLABORATION_COMPONENTS, DEFAULT_RECENCY_HALF_LIFE_DAYS
from graph.store import LastReferral, ReferralCount, SharedParticipants

# The parts of the score, each scaled from 0 to 1.
COMPONENTS = COLLABORATION_COMPONENTS

# Equal weights: no evidence favours one part over another, and equal
# weights are the easiest for a funder to check by hand.
DEFAULT_WEIGHTS: Mapping[str, float] = dict.fromkeys(COMPONENTS, 1.0)

# Pairs with fewer referrals than this in both directions together get no
# score, because a rate over one or two referrals says little.
DEFAULT_MIN_REFERRALS = 3

# The fewest and most bootstrap resamples per pair. Below 100 the ends of
# a 95% interval rest on two or three resampled scores each, so they can
# miss the score itself. 10,000 pins the ends down to about 0.01, and the
# cost grows with each resample for every pair.
MIN_RESAMPLES = 100
MAX_RESAMPLES = 10_000

COLLABORATION_COLUMNS = (
    "partner_a",
    "partner_b",
    "referrals_ab",
    "referrals_ba",
    "referrals",
    "decided",
    "shared_participants",
    "shared_with_outcome",
    "last_referred_on",
    "days_since_referral",
    *COMPONENTS,
    "score",
    "score_low",
    "score_high",
    "judged",
)


@dataclass
class _Pair:
    referrals_ab: int = 0
    referrals_ba: int = 0
    taken_on_ab: int = 0
    taken_on_ba: int = 0
    declined_ab: int = 0
    declined_ba: int = 0
    shared_participants: int = 0
    shared_with_outcome: int = 0
    last_referred_on: date | None = None

    @property
    def referrals(self) -> int:
        return self.referrals_ab + self.referrals_ba

    @property
    def taken_on(self) -> int:
        return self.taken_on_ab + self.taken_on_ba

    @property
    def decided(self) -> int:
        return self.taken_on + self.declined_ab + self.declined_ba

    def add_referrals(self, tally: StatusTally, a_sends: bool) -> None:
        declined = tally.decided - tally.taken_on
        if a_sends:
            self.referrals_ab += tally.total
            self.taken_on_ab += tally.taken_on
            self.declined_ab += declined
        else:
            self.referrals_ba += tally.total
            self.taken_on_ba += tally.taken_on
            self.declined_ba += declined

    def evidence(self) -> PairEvidence:
        """Return the records a bootstrap resamples."""
        return PairEvidence(
            taken_on_ab=self.taken_on_ab,
            declined_ab=self.declined_ab,
            undecided_ab=self.referrals_ab - self.taken_on_ab - self.declined_ab,
            taken_on_ba=self.taken_on_ba,
            declined_ba=self.declined_ba,
            undecided_ba=self.referrals_ba - self.taken_on_ba - self.declined_ba,
            shared=self.shared_participants,
            shared_with_outcome=self.shared_with_outcome,
        )


def collaboration_strength(
    counts: Iterable[ReferralCount],
    shared: Iterable[SharedParticipants],
    weights: Mapping[str, float] | None = None,
    min_referrals: int = DEFAULT_MIN_REFERRALS,
    last_referrals: Iterable[LastReferral] = (),
    reference_day: date | None = None,
    half_life_days: int = DEFAULT_RECENCY_HALF_LIFE_DAYS,
    resamples: int = 0,
    confidence: float = 0.95,
    seed: int = 1,
) -> pd.DataFrame:
    """Score how strongly each pair of partners collaborates, from 0 to 1.

    Parameters
    ----------
    counts : iterable of ReferralCount
        Referrals per sender, receiver and status, from
        ``Store.referral_counts``. Referrals to employers and a partner's
        referrals to itself are left out.
    shared : iterable of SharedParticipants
        Participants both partners of a pair worked with, and those of them
        with an outcome, from ``Store.shared_participants``.
    weights : mapping of str to float, optional
        Weight of each component, keyed by a name in ``COMPONENTS``. A
        missing key keeps its default weight of 1. Weights must be zero or
        more and must not all be 0.
    min_referrals : int, optional (default=3)
        Pairs with fewer referrals, counting both directions, are not
        judged.
    last_referrals : iterable of LastReferral, optional
        The day of each pair's latest referral, from
        ``Store.last_referrals``. Without it, no pair has a recency.
    reference_day : date, optional
        The day recency is measured from, normally the window's last day.
        Without it, the latest referral of the table.
    half_life_days : int, optional (default=90)
        The age in days at which a last referral gives a recency of 0.5.
    resamples : int, optional (default=0)
        Bootstrap resamples for each judged pair's ``score_low`` and
        ``score_high`` (``analysis.score_intervals``); 0 leaves them
        ``None``. Otherwise from ``MIN_RESAMPLES`` to ``MAX_RESAMPLES``.
    confidence : float, optional (default=0.95)
        The share of resampled scores the interval holds.
    seed : int, optional (default=1)
        Seed of the resampling, so that the same records give the same
        intervals.

    Returns
    -------
    strength : pandas.DataFrame
        One row per unordered pair of partners with at least one referral or
        shared participant, with ``partner_a`` sorting before ``partner_b``.
        Columns: ``referrals_ab`` (from a to b), ``referrals_ba``,
        ``referrals``, ``decided``, ``shared_participants``,
        ``shared_with_outcome`` (counts), ``last_referred_on`` (a date) and
        ``days_since_referral``, the components in ``COMPONENTS`` (each from
        0 to 1, or ``None`` where undefined), ``score`` (from 0 to 1, or
        ``None``), ``score_low`` and ``score_high`` (the bootstrap interval,
        or ``None``) and ``judged``. Columns that can hold ``None`` have dtype
        ``object`` and never contain NaN. Judged pairs come first, strongest
        first, then the rest. Pairs with equal scores are ordered by ids.

    Raises
    ------
    ValueError
        If ``weights`` has an unknown key, a negative or non-finite weight,
        or only zero weights, if ``min_referrals`` is negative,
        ``half_life_days`` is not positive, ``resamples`` is neither 0 nor
        from ``MIN_RESAMPLES`` to ``MAX_RESAMPLES``, or ``confidence`` is
        not between 0 and 1.

    Notes
    -----
    The components of a pair with ``r_ab`` referrals from a to b, ``r_ba``
    back, ``s`` shared participants of whom ``j`` achieved an outcome, and
    a last referral ``d`` days before the reference day are:

    - ``volume = log(1 + r_ab + r_ba) / log(1 + R)``, where ``R`` is the
      most referrals of any pair in the table. The logarithm gives
      diminishing returns: going from 1 to 10 referrals says more about two
      partners working together than going from 90 to 100.
    - ``reciprocity = min(r_ab, r_ba) / max(r_ab, r_ba)``: 1 when referrals
      flow equally both ways, 0 when they flow one way only or not at all.
    - ``acceptance``: referrals accepted (completed or not) over referrals
      decided, in both directions together. It is ``None`` when no referral
      was decided.
    - ``shared = log(1 + s) / log(1 + S)``, with ``S`` the most shared
      participants of any pair in the table.
    - ``joint_outcomes = j / s``: the share of the people both partners
      worked with who achieved an outcome. It is ``None`` when ``s`` is 0.
    - ``recency = 0.5 ** (d / half_life_days)``: 1 for a referral on the
      reference day, 0.5 for one a half-life earlier. It is ``None`` for a
      pair without a referral in the window.

    ``volume`` is ``None`` when no pair has a referral, and ``shared`` when
    no pair shares a participant, because there is nothing to scale by.

    ``score`` is the weighted mean of the components that are not ``None``,
    so it stays between 0 and 1 whatever the weights. A pair with fewer than
    ``min_referrals`` referrals has ``judged`` ``False`` and ``score``
    ``None``: such a pair is not weak, there is too little evidence to say.

    Limits: the score describes observed behaviour in one window and is
    relative to the busiest pair of the same table, so scores from
    different partnerships or windows are not comparable. It measures
    association, not cause: a high score does not show that working
    together improved anyone's outcomes. Shared participants count any
    contact, including one partner enrolling a participant the other
    referred, so ``shared`` partly repeats ``volume``. An outcome counts for
    every pair that worked with the person, whichever partner it is
    credited to, and only outcomes inside the window count, so a short
    window sees few of them.

    Examples
    --------
    >>> from graph.store import ReferralCount
    >>> counts = [
    ...     ReferralCount("P1", "P2", "partner", "accepted", 2),
    ...     ReferralCount("P2", "P1", "partner", "accepted", 2),
    ... ]
    >>> row = collaboration_strength(counts, []).iloc[0]
    >>> float(row["reciprocity"]), float(row["score"])
    (1.0, 1.0)
    """
    weights = _checked_weights(weights)
    if min_referrals < 0:
        raise ValueError(
            f"invalid min_referrals {min_referrals}: it must be zero or more"
        )
    if half_life_days <= 0:
        raise ValueError(
            f"invalid half_life_days {half_life_days}: it must be 1 or more"
        )
    if resamples != 0 and not MIN_RESAMPLES <= resamples <= MAX_RESAMPLES:
        raise ValueError(
            f"invalid resamples {resamples}: give 0 for no interval, or from "
            f"{MIN_RESAMPLES} to {MAX_RESAMPLES:,}"
        )
    if not 0 < confidence < 1:
        raise ValueError(
            f"invalid confidence {confidence}: give a share between 0 and 1, "
            "such as 0.95"
        )

    pairs = _collect_pairs(counts, shared, last_referrals)
    max_referrals = max((pair.referrals for pair in pairs.values()), default=0)
    max_shared = max((pair.shared_participants for pair in pairs.values()), default=0)
    if reference_day is None:
        reference_day = max(
            (pair.last_referred_on for pair in pairs.values() if pair.last_referred_on),
            default=None,
        )

    rows: list[dict[str, object]] = []
    for (partner_a, partner_b), pair in pairs.items():
        days = _days_since(pair.last_referred_on, reference_day)
        components = {
            "volume": _log_scaled(pair.referrals, max_referrals),
            "reciprocity": _reciprocity(pair.referrals_ab, pair.referrals_ba),
            "acceptance": rate(pair.taken_on, pair.decided),
            "shared": _log_scaled(pair.shared_participants, max_shared),
            "joint_outcomes": rate(pair.shared_with_outcome, pair.shared_participants),
            "recency": None if days is None else 0.5 ** (days / half_life_days),
        }
        judged = pair.referrals >= min_referrals
        score = _weighted_mean(components, weights) if judged else None
        interval = None
        if judged and resamples and score is not None:
            fixed = {
                name: value
                for name, value in components.items()
                if name not in RESAMPLED
            }
            interval = score_interval(
                pair.evidence(), fixed, weights, resamples, seed, confidence
            )
        rows.append(
            {
                "partner_a": partner_a,
                "partner_b": partner_b,
                "referrals_ab": pair.referrals_ab,
                "referrals_ba": pair.referrals_ba,
                "referrals": pair.referrals,
                "decided": pair.decided,
                "shared_participants": pair.shared_participants,
                "shared_with_outcome": pair.shared_with_outcome,
                "last_referred_on": pair.last_referred_on,
                "days_since_referral": days,
                **components,
                "score": score,
                "score_low": None if interval is None else interval[0],
                "score_high": None if interval is None else interval[1],
                "judged": judged,
            }
        )
    rows.sort(key=_strongest_first)
    return _to_frame(rows)


def _checked_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    checked = dict(DEFAULT_WEIGHTS)
    for name, weight in (weights or {}).items():
        if name not in checked:
            raise ValueError(
                f"unknown collaboration weight {name!r}: expected one of "
                f"{', '.join(COMPONENTS)}"
            )
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(
                f"invalid collaboration weight {name} = {weight}: weights must "
                "be finite numbers, zero or more"
            )
        checked[name] = float(weight)
    if not any(checked.values()):
        raise ValueError(
            "invalid collaboration weights: all are 0, so no score can be "
            "computed. Give at least one component a positive weight"
        )
    return checked


def _collect_pairs(
    counts: Iterable[ReferralCount],
    shared: Iterable[SharedParticipants],
    last_referrals: Iterable[LastReferral],
) -> dict[tuple[str, str], _Pair]:
    pairs: dict[tuple[str, str], _Pair] = {}
    for (sender, receiver), tally in tally_referrals(counts).items():
        if tally.to_kind != "partner" or sender == receiver:
            continue
        key = (min(sender, receiver), max(sender, receiver))
        pair = pairs.setdefault(key, _Pair())
        pair.add_referrals(tally, a_sends=sender == key[0])

    for row in shared:
        if row.partner_a == row.partner_b or row.count <= 0:
            continue
        key = (min(row.partner_a, row.partner_b), max(row.partner_a, row.partner_b))
        pair = pairs.setdefault(key, _Pair())
        pair.shared_participants += row.count
        pair.shared_with_outcome += row.with_outcome

    # A last referral only dates a pair that has referrals in the table.
    for last in last_referrals:
        key = (min(last.partner_a, last.partner_b), max(last.partner_a, last.partner_b))
        if key not in pairs or pairs[key].referrals == 0:
            continue
        known = pairs[key].last_referred_on
        if known is None or last.referred_on > known:
            pairs[key].last_referred_on = last.referred_on
    return dict(sorted(pairs.items()))


def _days_since(day: date | None, reference_day: date | None) -> int | None:
    """Return the whole days from ``day`` to ``reference_day``, 0 when
    ``day`` is later, or ``None`` without a day."""
    if day is None or reference_day is None:
        return None
    return max(0, (reference_day - day).days)


def _log_scaled(value: int, maximum: int) -> float | None:
    if maximum <= 0:
        return None
    return math.log1p(value) / math.log1p(maximum)


def _reciprocity(referrals_ab: int, referrals_ba: int) -> float:
    larger = max(referrals_ab, referrals_ba)
    if larger == 0:
        return 0.0
    return min(referrals_ab, referrals_ba) / larger


def _weighted_mean(
    components: Mapping[str, float | None], weights: Mapping[str, float]
) -> float | None:
    total = 0.0
    weight_sum = 0.0
    for name, value in components.items():
        if value is None:
            continue
        total += weights[name] * value
        weight_sum += weights[name]
    if weight_sum == 0:
        return None
    return total / weight_sum


def _strongest_first(row: dict[str, object]) -> tuple[object, ...]:
    score = row["score"]
    return (
        not row["judged"],
        -score if isinstance(score, float) else 0.0,
        row["partner_a"],
        row["partner_b"],
    )


def _to_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLLABORATION_COLUMNS))
    integer_columns = [
        "referrals_ab",
        "referrals_ba",
        "referrals",
        "decided",
        "shared_participants",
        "shared_with_outcome",
    ]
    frame[integer_columns] = frame[integer_columns].astype("int64")
    for column in (
        "last_referred_on",
        "days_since_referral",
        *COMPONENTS,
        "score",
        "score_low",
        "score_high",
    ):
        frame[column] = pd.Series(
            [row[column] for row in rows], index=frame.index, dtype=object
        )
    frame["judged"] = frame["judged"].astype(bool)
    return frame
