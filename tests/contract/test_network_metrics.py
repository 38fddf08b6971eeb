"""The network measures of api.analyses in each view, on both stores, on
the small partnership of tests/conftest.py.

Referrals between partners: A -> B 1, B -> A 2, A -> C 2, C -> A 1,
C -> D 2. Pairs A-B and A-C have 3 referrals each and are judged; C-D has
2 and is not, so its tie is unscored under strength.
"""

from __future__ import annotations

import pytest

from api.analyses import collaboration, metrics


@pytest.mark.parametrize(
    "directed, ties, density",
    [(True, 5, 5 / 12), (False, 3, 3 / 6)],
    ids=["directed", "undirected"],
)
def test_views_of_the_store(loaded_store, directed, ties, density):
    volume = metrics(loaded_store, directed=directed)
    strength = metrics(loaded_store, directed=directed, weight="strength")

    for result in (volume, strength):
        assert result.ties == ties
        assert result.density == pytest.approx(density)
        assert result.referrals == 8
    assert volume.unscored_ties is None
    assert strength.unscored_ties == 1
    assert strength.weight == "strength"
    assert strength.directed is directed


def test_strength_weights_are_the_scores(loaded_store):
    scores = {
        frozenset((row.partner_a, row.partner_b)): row.score
        for row in collaboration(loaded_store).itertuples()
    }

    table = metrics(loaded_store, directed=False, weight="strength").per_partner

    # A's pairs with B and C are scored. D's only pair, with C, is not, so
    # it adds nothing.
    assert table.loc["A", "weighted_degree"] == pytest.approx(
        scores[frozenset("AB")] + scores[frozenset("AC")]
    )
    assert table.loc["C", "weighted_degree"] == pytest.approx(scores[frozenset("AC")])
    assert table.loc["D", "weighted_degree"] == 0.0


def test_suppressed_scores_leave_ties_unscored(loaded_store):
    # Every pair has fewer referrals than 5, so at that threshold the
    # collaboration table shows no score and every tie is unscored.
    result = metrics(loaded_store, weight="strength", suppress_below=5)

    assert result.unscored_ties == 5
    assert result.per_partner["weighted_degree"].tolist() == [0.0] * 4
    assert result.modularity is None


def test_volume_of_the_store(loaded_store):
    table = metrics(loaded_store, directed=False).per_partner

    # Referrals in and out: A 3 and 3, B 1 and 2, C 2 and 3, D 2 and 0.
    assert table["weighted_degree"].to_dict() == {"A": 6, "B": 3, "C": 5, "D": 2}
    assert table["pagerank"].tolist() == [None] * 4
