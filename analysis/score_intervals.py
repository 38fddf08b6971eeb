"""Bootstrap intervals for collaboration scores.

A pair's score rests on few records: a handful of referrals and shared
participants. The bootstrap estimates how much the score would move had those
same numbers of records fallen differently. Each resample draws the pair's
referrals again, with replacement, from its own mix of directions and
decisions, and its shared participants from its own share with an outcome,
then recomputes the score. The interval holds the middle ``confidence`` of
the resampled scores (the percentile method).

Only ``reciprocity``, ``acceptance`` and ``joint_outcomes`` vary. ``volume``
and ``shared`` are scaled by the busiest pair of the table and ``recency``
comes from one day, so they stay as computed: the interval says how firm
the rates are, not how the pair compares with others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

# The components a resample draws again; the others stay fixed.
RESAMPLED = ("reciprocity", "acceptance", "joint_outcomes")


@dataclass(frozen=True)
class PairEvidence:
    """The records behind one pair's score, by direction: ``ab`` from the
    pair's first partner to its second, ``ba`` back."""

    taken_on_ab: int
    declined_ab: int
    undecided_ab: int
    taken_on_ba: int
    declined_ba: int
    undecided_ba: int
    shared: int
    shared_with_outcome: int

    def categories(self) -> np.ndarray:
        """Return the referral counts taken on, declined and undecided of
        each direction, the direction whose counts sort higher first.

        The measures drawn are the same both ways round, so the order only
        keeps the draws of a pair the same when its partners swap places.
        """
        ab = (self.taken_on_ab, self.declined_ab, self.undecided_ab)
        ba = (self.taken_on_ba, self.declined_ba, self.undecided_ba)
        first, second = sorted((ab, ba), reverse=True)
        return np.array([*first, *second])


def score_interval(
    evidence: PairEvidence,
    fixed: Mapping[str, float | None],
    weights: Mapping[str, float],
    resamples: int,
    seed: int,
    confidence: float = 0.95,
) -> tuple[float, float] | None:
    """Return the bootstrap interval of one pair's score.

    ``fixed`` maps each component that is not resampled to its value, or
    ``None`` where it is undefined, and ``weights`` maps every component to
    its weight. Returns ``None`` when no resample gives a score.

    The random draws are seeded with ``seed`` and the pair's own counts, so
    a pair's interval does not depend on the other pairs of the table or on
    the partners' ids.
    """
    counts = [*evidence.categories().tolist(), evidence.shared]
    rng = np.random.default_rng([seed, *counts, evidence.shared_with_outcome])
    varying = _resample(evidence, resamples, rng)
    names = list(weights)
    values = np.column_stack(
        [
            varying[name]
            if name in varying
            else np.full(resamples, np.nan if fixed[name] is None else fixed[name])
            for name in names
        ]
    )
    weight_row = np.array([weights[name] for name in names])
    defined = ~np.isnan(values)
    weight_sums = (defined * weight_row).sum(axis=1)
    totals = np.where(defined, values, 0.0) @ weight_row
    scored = weight_sums > 0
    if not scored.any():
        return None
    scores = totals[scored] / weight_sums[scored]
    tail = (1 - confidence) / 2
    low, high = np.quantile(scores, [tail, 1 - tail])
    return float(low), float(high)


def _resample(
    evidence: PairEvidence, resamples: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Draw the resampled components, NaN where one is undefined."""
    counts = evidence.categories()
    total = int(counts.sum())
    if total:
        drawn = rng.multinomial(total, counts / total, size=resamples)
    else:
        drawn = np.zeros((resamples, len(counts)), dtype=np.int64)
    sent_ab = drawn[:, 0:3].sum(axis=1)
    sent_ba = drawn[:, 3:6].sum(axis=1)
    larger = np.maximum(sent_ab, sent_ba)
    smaller = np.minimum(sent_ab, sent_ba)
    reciprocity = np.divide(smaller, larger, out=np.zeros(resamples), where=larger > 0)
    taken_on = drawn[:, 0] + drawn[:, 3]
    decided = taken_on + drawn[:, 1] + drawn[:, 4]
    acceptance = np.divide(
        taken_on, decided, out=np.full(resamples, np.nan), where=decided > 0
    )
    if evidence.shared:
        share = evidence.shared_with_outcome / evidence.shared
        joint = rng.binomial(evidence.shared, share, size=resamples) / evidence.shared
    else:
        joint = np.full(resamples, np.nan)
    return {
        "reciprocity": reciprocity,
        "acceptance": acceptance,
        "joint_outcomes": joint,
    }
