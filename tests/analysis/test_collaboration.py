from __future__ import annotations

import math
from datetime import date

import pytest

from analysis.collaboration import (
    COLLABORATION_COLUMNS,
    COMPONENTS,
    collaboration_strength,
)
from graph.store import LastReferral, ReferralCount, SharedParticipants

# Four pairs, worked by hand. The busiest pair has R = 15 referrals and the
# most shared participants are S = 15, so volume = log(1 + r) / log(16) and
# shared = log(1 + s) / log(16): 15 -> 1, 3 -> log 4 / log 16 = 0.5,
# 1 -> log 2 / log 16 = 0.25, 0 -> 0. Joint outcomes is the shared
# participants with an outcome over the shared participants. Recency is
# 0.5 ** (days / 90) from the last referral to 2024-03-31.
#
#   pair   a->b  b->a  decided  taken on  shared  with outcome  last referral
#   A, B     9     6     14       10        15        6          2024-03-31
#   A, C     3     0      0        0         3        0          2024-01-01
#   B, C     0     1      1        0         0        0          2024-03-01
#   C, D     0     0      0        0         1        1          (none)
#
#   pair   volume  recip.  accept.  shared  joint  recency
#   A, B     1      6/9     10/14    1       6/15   1 (0 days)
#   A, C     0.5    0       None     0.5     0      0.5 (90 days)
#   B, C     0.25   0       0        0       None   0.5 ** (30/90)
#   C, D     0      0       None     0.25    1      None
#
# A -> B is 6 accepted, 2 declined, 1 made; B -> A is 4 completed, 2
# declined. With equal weights:
#   A, B: (1 + 2/3 + 5/7 + 1 + 2/5 + 1) / 6 = (502/105) / 6 = 251/315
#   A, C: (0.5 + 0 + 0.5 + 0 + 0.5) / 5 = 0.3, because acceptance is None
#   B, C and C, D have fewer than 3 referrals and are not judged.
COUNTS = [
    ReferralCount("A", "B", "partner", "accepted", 6),
    ReferralCount("A", "B", "partner", "declined", 2),
    ReferralCount("A", "B", "partner", "made", 1),
    ReferralCount("B", "A", "partner", "completed", 4),
    ReferralCount("B", "A", "partner", "declined", 2),
    ReferralCount("A", "C", "partner", "made", 3),
    ReferralCount("C", "B", "partner", "declined", 1),
    # Referrals to employers and to oneself are not collaboration.
    ReferralCount("A", "E1", "employer", "accepted", 40),
    ReferralCount("A", "A", "partner", "accepted", 40),
]
SHARED = [
    SharedParticipants("A", "B", 15, 6),
    # Given in the wrong order on purpose: the pair is still (A, C).
    SharedParticipants("C", "A", 3, 0),
    SharedParticipants("C", "D", 1, 1),
]
LAST = [
    LastReferral("A", "B", date(2024, 3, 31)),
    LastReferral("C", "A", date(2024, 1, 1)),
    LastReferral("B", "C", date(2024, 3, 1)),
    # C and D have no referral in COUNTS, so this day is ignored.
    LastReferral("C", "D", date(2024, 3, 31)),
]
END = date(2024, 3, 31)


def _strength(**options):
    return collaboration_strength(
        COUNTS, SHARED, last_referrals=LAST, reference_day=END, **options
    )


@pytest.fixture
def strength():
    return _strength()


def _row(frame, partner_a, partner_b):
    match = frame[(frame["partner_a"] == partner_a) & (frame["partner_b"] == partner_b)]
    assert len(match) == 1, f"expected one row for {partner_a}, {partner_b}"
    return match.iloc[0]


def test_pairs_ordered_strongest_first(strength):
    pairs = list(zip(strength["partner_a"], strength["partner_b"], strict=True))

    assert pairs == [("A", "B"), ("A", "C"), ("B", "C"), ("C", "D")]


def test_columns(strength):
    assert list(strength.columns) == list(COLLABORATION_COLUMNS)


def test_pair_counts(strength):
    row = _row(strength, "A", "B")

    assert row["referrals_ab"] == 9
    assert row["referrals_ba"] == 6
    assert row["referrals"] == 15
    assert row["decided"] == 14
    assert row["shared_participants"] == 15
    assert row["shared_with_outcome"] == 6
    assert row["last_referred_on"] == date(2024, 3, 31)
    assert row["days_since_referral"] == 0


def test_components_of_busiest_pair(strength):
    row = _row(strength, "A", "B")

    assert row["volume"] == pytest.approx(1.0)
    assert row["reciprocity"] == pytest.approx(2 / 3)
    assert row["acceptance"] == pytest.approx(5 / 7)
    assert row["shared"] == pytest.approx(1.0)
    assert row["joint_outcomes"] == pytest.approx(2 / 5)
    assert row["recency"] == pytest.approx(1.0)
    assert row["score"] == pytest.approx(251 / 315)
    assert row["judged"]


def test_one_way_pair_without_decisions(strength):
    row = _row(strength, "A", "C")

    assert row["referrals_ab"] == 3
    assert row["referrals_ba"] == 0
    assert row["volume"] == pytest.approx(0.5)
    assert row["reciprocity"] == 0.0
    assert row["acceptance"] is None
    assert row["shared"] == pytest.approx(0.5)
    assert row["joint_outcomes"] == 0.0
    assert row["days_since_referral"] == 90
    assert row["recency"] == pytest.approx(0.5)
    assert row["score"] == pytest.approx(0.3)


def test_small_pair_not_judged(strength):
    row = _row(strength, "B", "C")

    assert not row["judged"]
    assert row["score"] is None
    assert row["volume"] == pytest.approx(0.25)
    assert row["acceptance"] == 0.0
    assert row["shared"] == 0.0
    assert row["joint_outcomes"] is None
    assert row["recency"] == pytest.approx(0.5 ** (30 / 90))


def test_pair_with_only_shared_participants(strength):
    row = _row(strength, "C", "D")

    assert row["referrals"] == 0
    assert row["volume"] == 0.0
    assert row["shared"] == pytest.approx(0.25)
    assert row["joint_outcomes"] == 1.0
    assert row["last_referred_on"] is None
    assert row["recency"] is None
    assert not row["judged"]
    assert row["score"] is None


def test_custom_weights():
    strength = _strength(weights={"volume": 2, "reciprocity": 0})

    # A, B: (2 * 1 + 0 * 2/3 + 5/7 + 1 + 2/5 + 1) / (2 + 0 + 1 + 1 + 1 + 1)
    # = (22/5 + 5/7) / 6 = 179/210.
    assert _row(strength, "A", "B")["score"] == pytest.approx(179 / 210)
    # A, C: (2 * 0.5 + 0 + 0.5 + 0 + 0.5) / (2 + 0 + 1 + 1 + 1) = 0.4, with
    # acceptance left out.
    assert _row(strength, "A", "C")["score"] == pytest.approx(0.4)


def test_lower_min_referrals_judges_small_pair():
    strength = _strength(min_referrals=1)

    row = _row(strength, "B", "C")
    # (0.25 + 0 + 0 + 0 + 0.5 ** (1/3)) / 5, with joint outcomes left out.
    assert row["judged"]
    assert row["score"] == pytest.approx((0.25 + 0.5 ** (1 / 3)) / 5)


def test_no_shared_data_leaves_shared_out():
    counts = [
        ReferralCount("A", "B", "partner", "accepted", 2),
        ReferralCount("B", "A", "partner", "accepted", 2),
    ]

    row = collaboration_strength(counts, []).iloc[0]

    # No pair shares a participant, so there is nothing to scale by.
    assert row["shared"] is None
    assert row["score"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    "weights, message",
    [
        ({"trust": 1.0}, "unknown collaboration weight 'trust'"),
        ({"volume": -1.0}, "volume = -1.0"),
        ({"volume": math.nan}, "volume = nan"),
        (dict.fromkeys(COMPONENTS, 0), "all"),
    ],
)
def test_invalid_weights_rejected(weights, message):
    with pytest.raises(ValueError, match=message):
        collaboration_strength(COUNTS, SHARED, weights=weights)


def test_negative_min_referrals_rejected():
    with pytest.raises(ValueError, match="min_referrals -1"):
        collaboration_strength(COUNTS, SHARED, min_referrals=-1)


def test_scores_contain_no_nan(strength):
    for column in (*COMPONENTS, "score", "score_low", "score_high"):
        values = strength[column].tolist()
        assert not any(isinstance(v, float) and math.isnan(v) for v in values)


def test_empty_inputs():
    strength = collaboration_strength([], [])

    assert strength.empty
    assert list(strength.columns) == list(COLLABORATION_COLUMNS)


def test_weights_from_the_partnership(tmp_path):
    # One pair: A sends 3 to B, B sends 1 back, all accepted on one day,
    # all for X, whom both worked with and who has no outcome. Volume is 1
    # (the busiest pair), reciprocity 1/3, acceptance 1, shared 1 (the pair
    # with most), joint outcomes 0 and recency 1, because the open window
    # measures from the latest referral. Equal weights:
    # (1 + 1/3 + 1 + 1 + 0 + 1) / 6 = 13/18. Reciprocity weighted 2 and
    # shared 0: (1 + 2 x 1/3 + 1 + 0 + 0 + 1) / (1 + 2 + 1 + 0 + 1 + 1)
    # = 11/18.
    from datetime import date

    from api import analyses
    from graph.model import Dataset, Participant, Partner, PartnershipConfig, Referral
    from graph.stores import open_store

    def dataset(weights):
        referrals = [
            Referral(f"R{i}", "X", "A", date(2024, 2, 1), "accepted", "B")
            for i in range(3)
        ] + [Referral("R9", "X", "B", date(2024, 2, 1), "accepted", "A")]
        return Dataset(
            config=PartnershipConfig(collaboration_weights=weights),
            partners=(Partner("A", "Alpha"), Partner("B", "Beta")),
            participants=(Participant("X", "A", date(2024, 1, 1)),),
            referrals=tuple(referrals),
        )

    scores = {}
    for label, weights in (("equal", {}), ("set", {"reciprocity": 2, "shared": 0})):
        with open_store(f"sqlite:///{tmp_path / label}.db") as store:
            store.import_dataset(dataset(weights))
            table = analyses.collaboration(store)
        scores[label] = table.loc[0, "score"]

    assert scores["equal"] == pytest.approx(13 / 18)
    assert scores["set"] == pytest.approx(11 / 18)


def test_recency_halves_each_half_life():
    strength = _strength(half_life_days=30)

    # A, C is 90 days old: three half-lives of 30 days.
    assert _row(strength, "A", "C")["recency"] == pytest.approx(1 / 8)
    # B, C is 30 days old: one half-life.
    assert _row(strength, "B", "C")["recency"] == pytest.approx(0.5)


def test_recency_measured_from_latest_referral():
    strength = collaboration_strength(COUNTS, SHARED, last_referrals=LAST)

    # Without a reference day, the latest referral of the table, A, B's on
    # 2024-03-31, is day 0, as with END.
    assert _row(strength, "A", "C")["days_since_referral"] == 90
    assert _row(strength, "A", "B")["recency"] == pytest.approx(1.0)


def test_referral_after_reference_day_is_today():
    late = [LastReferral("A", "B", date(2024, 4, 10))]

    strength = collaboration_strength(
        COUNTS, SHARED, last_referrals=late, reference_day=END
    )

    assert _row(strength, "A", "B")["days_since_referral"] == 0
    assert _row(strength, "A", "B")["recency"] == pytest.approx(1.0)


def test_without_last_referrals_recency_left_out():
    strength = collaboration_strength(COUNTS, SHARED)

    row = _row(strength, "A", "C")
    assert row["recency"] is None
    # (0.5 + 0 + 0.5 + 0) / 4, acceptance and recency left out.
    assert row["score"] == pytest.approx(0.25)


@pytest.mark.parametrize("days", [0, -5])
def test_invalid_half_life_rejected(days):
    with pytest.raises(ValueError, match=f"half_life_days {days}"):
        _strength(half_life_days=days)
