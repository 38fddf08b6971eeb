"""Bootstrap intervals of collaboration scores."""

from __future__ import annotations

import pytest

from analysis.collaboration import collaboration_strength
from graph.store import ReferralCount, SharedParticipants

# With every weight but acceptance set to 0, the score is the acceptance.
ACCEPTANCE_ONLY = {
    "volume": 0,
    "reciprocity": 0,
    "acceptance": 1,
    "shared": 0,
    "joint_outcomes": 0,
    "recency": 0,
}


def _one_way(accepted: int, declined: int) -> list[ReferralCount]:
    return [
        ReferralCount("A", "B", "partner", "accepted", accepted),
        ReferralCount("A", "B", "partner", "declined", declined),
    ]


def _interval(table, pair=("A", "B")):
    row = table[(table["partner_a"] == pair[0]) & (table["partner_b"] == pair[1])]
    assert len(row) == 1
    return row.iloc[0]["score_low"], row.iloc[0]["score_high"]


def test_acceptance_interval_matches_binomial():
    # 20 referrals one way, 10 accepted and 10 declined. Each resample's
    # acceptance is X / 20 with X ~ Binomial(20, 0.5). P(X <= 5) = 0.021
    # and P(X <= 6) = 0.058, so the 2.5% point is 6; P(X <= 13) = 0.942
    # and P(X <= 14) = 0.979, so the 97.5% point is 14. The interval is
    # (6/20, 14/20).
    table = collaboration_strength(
        _one_way(10, 10), [], weights=ACCEPTANCE_ONLY, resamples=10_000
    )

    assert table.loc[0, "score"] == pytest.approx(0.5)
    assert _interval(table) == (pytest.approx(0.3), pytest.approx(0.7))


def test_certain_pair_has_no_width():
    # One way only and all accepted: every resample has reciprocity 0 and
    # acceptance 1, and both shared participants have an outcome, so every
    # resample gives the score itself.
    table = collaboration_strength(
        _one_way(6, 0), [SharedParticipants("A", "B", 2, 2)], resamples=500
    )

    score = table.loc[0, "score"]
    assert _interval(table) == (pytest.approx(score), pytest.approx(score))


def test_more_referrals_narrow_interval():
    small = collaboration_strength(_one_way(6, 4), [], resamples=2000)
    large = collaboration_strength(_one_way(60, 40), [], resamples=2000)

    small_low, small_high = _interval(small)
    large_low, large_high = _interval(large)
    assert large_high - large_low < small_high - small_low


def test_interval_within_score_range():
    counts = [
        *_one_way(7, 3),
        ReferralCount("B", "A", "partner", "completed", 4),
        ReferralCount("B", "A", "partner", "made", 2),
    ]
    shared = [SharedParticipants("A", "B", 9, 4)]

    table = collaboration_strength(counts, shared, resamples=2000)

    low, high = _interval(table)
    assert 0 <= low <= high <= 1
    assert low < table.loc[0, "score"] < high


def test_interval_reproducible_and_rename_free():
    counts = [*_one_way(7, 3), ReferralCount("B", "A", "partner", "declined", 3)]
    renamed = [
        ReferralCount("Q", "P", "partner", "accepted", 7),
        ReferralCount("Q", "P", "partner", "declined", 3),
        ReferralCount("P", "Q", "partner", "declined", 3),
    ]

    first = collaboration_strength(counts, [], resamples=1000)
    again = collaboration_strength(counts, [], resamples=1000)
    other = collaboration_strength(renamed, [], resamples=1000)

    assert _interval(first) == _interval(again)
    # P sorts first, so the pair's directions swap but its counts do not.
    assert _interval(other, ("P", "Q")) == pytest.approx(_interval(first))


def test_other_pairs_leave_interval_alone():
    counts = _one_way(7, 3)
    more = [*counts, ReferralCount("C", "D", "partner", "accepted", 5)]

    alone = collaboration_strength(counts, [], resamples=1000)
    beside = collaboration_strength(more, [], resamples=1000)

    assert _interval(alone) == _interval(beside)


def test_no_interval_without_resamples_or_judgement():
    counts = [*_one_way(7, 3), ReferralCount("C", "D", "partner", "accepted", 2)]

    plain = collaboration_strength(counts, [])
    resampled = collaboration_strength(counts, [], resamples=500)

    assert _interval(plain) == (None, None)
    # C, D has 2 referrals, too few to judge, so it has no score to bound.
    assert _interval(resampled, ("C", "D")) == (None, None)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"resamples": -1}, "invalid resamples -1"),
        ({"resamples": 1}, "invalid resamples 1: give 0 for no interval"),
        ({"resamples": 99}, "from 100 to 10,000"),
        ({"resamples": 10_001}, "from 100 to 10,000"),
        ({"confidence": 1.0}, "invalid confidence 1.0"),
        ({"confidence": 0}, "invalid confidence 0"),
    ],
)
def test_invalid_bootstrap_options_rejected(options, message):
    with pytest.raises(ValueError, match=message):
        collaboration_strength(_one_way(1, 1), [], **options)
