"""Properties every analysis keeps, whatever the referrals: scores in
range, names that do not matter, and counts that only grow with referrals."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.collaboration import collaboration_strength
from analysis.flows import referral_flows
from graph.rules import REFERRAL_STATUSES
from graph.store import ReferralCount, SharedParticipants

PARTNERS = ("A", "B", "C", "D")

referral = st.tuples(
    st.sampled_from(PARTNERS),
    st.sampled_from(PARTNERS),
    st.sampled_from(REFERRAL_STATUSES),
)
referrals = st.lists(referral, max_size=40)
shared_counts = st.dictionaries(
    st.tuples(st.sampled_from(PARTNERS), st.sampled_from(PARTNERS)).filter(
        lambda pair: pair[0] < pair[1]
    ),
    st.integers(min_value=1, max_value=20),
    max_size=6,
)


def counts_of(items) -> list[ReferralCount]:
    tally = Counter(items)
    return [
        ReferralCount(sender, receiver, "partner", status, count)
        for (sender, receiver, status), count in sorted(tally.items())
    ]


def shared_of(pairs: dict) -> list[SharedParticipants]:
    return [SharedParticipants(a, b, count) for (a, b), count in sorted(pairs.items())]


@settings(max_examples=200, deadline=None)
@given(referrals, shared_counts)
def test_scores_stay_in_range(items, pairs):
    table = collaboration_strength(counts_of(items), shared_of(pairs))

    for column in ("volume", "reciprocity", "acceptance", "shared", "score"):
        values = [value for value in table[column] if value is not None]
        assert all(0.0 <= value <= 1.0 for value in values), (column, values)
    assert all((row.score is None) == (not row.judged) for row in table.itertuples())


@settings(max_examples=100, deadline=None)
@given(referrals, shared_counts, st.permutations(["P", "Q", "R", "S"]))
def test_renaming_partners_keeps_every_number(items, pairs, names):
    rename = dict(zip(PARTNERS, names, strict=True))
    renamed_items = [(rename[s], rename[r], status) for s, r, status in items]
    renamed_pairs = {
        tuple(sorted((rename[a], rename[b]))): count for (a, b), count in pairs.items()
    }

    original = collaboration_strength(counts_of(items), shared_of(pairs))
    renamed = collaboration_strength(counts_of(renamed_items), shared_of(renamed_pairs))

    def by_pair(table, names_of):
        rows = {}
        for row in table.to_dict("records"):
            key = frozenset((names_of(row["partner_a"]), names_of(row["partner_b"])))
            rows[key] = {
                "referrals": row["referrals"],
                "shared_participants": row["shared_participants"],
                "score": row["score"],
                "reciprocity": row["reciprocity"],
            }
        return rows

    back = {new: old for old, new in rename.items()}
    expected = by_pair(original, lambda name: name)
    actual = by_pair(renamed, lambda name: back[name])
    assert actual.keys() == expected.keys()
    for pair, values in expected.items():
        for name, value in values.items():
            assert actual[pair][name] == pytest.approx(value), (pair, name)


@settings(max_examples=200, deadline=None)
@given(referrals, referral)
def test_another_referral_never_lowers_a_count(items, extra):
    sender, receiver, _status = extra
    before = referral_flows(counts_of(items))
    after = referral_flows(counts_of([*items, extra]))

    def count(table, a, b):
        rows = table[(table["from_partner_id"] == a) & (table["to_id"] == b)]
        return int(rows["referrals"].sum())

    for a in PARTNERS:
        for b in PARTNERS:
            grown = 1 if (a, b) == (sender, receiver) else 0
            assert count(after, a, b) == count(before, a, b) + grown
