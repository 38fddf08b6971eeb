"""The analyses of the small partnership in ``tests/conftest.py``, from the
store's own aggregates to the numbers, worked out by hand from the table of
referrals in that module's docstring."""

from __future__ import annotations

import math

import pytest

from analysis.centrality import network_metrics
from analysis.flows import referral_flows
from analysis.progress import progress_against_targets
from analysis.referral_graph import build_referral_graph
from api import analyses


@pytest.fixture
def graph(loaded_store):
    return build_referral_graph(
        loaded_store.list_partners(),
        loaded_store.referral_counts(),
        loaded_store.partner_reach(),
    )


def test_participants_per_partner(graph):
    # A: U1, U2, U8 enrolled, U3, U4, U5 referred to it. B: U3, U4 enrolled,
    # U8 referred. C: U5, U6 enrolled, U1, U2 referred. D: U7 enrolled, U1,
    # U6 referred.
    participants = dict(graph.nodes(data="participants"))

    assert participants == {"A": 6, "B": 3, "C": 4, "D": 3}


def test_flows(loaded_store):
    flows = referral_flows(loaded_store.referral_counts())

    #   flow     referrals  decided  acceptance  completion
    #   A -> C       2         2       2/2         1/2
    #   B -> A       2         2       1/2         0/1
    #   C -> D       2         1       1/1         0/1
    #   A -> B       1         0       None        None (withdrawn)
    #   C -> A       1         1       1/1         1/1
    #   D -> E1      1         1       1/1         1/1
    #   D -> E2      1         0       None        None (made)
    rows = {
        (row.from_partner_id, row.to_id): row for row in flows.itertuples(index=False)
    }
    assert list(rows) == [
        ("A", "C"),
        ("B", "A"),
        ("C", "D"),
        ("A", "B"),
        ("C", "A"),
        ("D", "E1"),
        ("D", "E2"),
    ]
    assert rows[("A", "C")].completion_rate == 0.5
    assert rows[("B", "A")].acceptance_rate == 0.5
    assert rows[("B", "A")].completion_rate == 0.0
    assert rows[("C", "D")].decided == 1
    assert rows[("A", "B")].acceptance_rate is None
    assert rows[("D", "E1")].to_kind == "employer"
    assert rows[("D", "E2")].completion_rate is None


def test_network_measures(graph):
    metrics = network_metrics(graph)

    # Ties A->B, A->C, B->A, C->A, C->D: 5 of 4 * 3, four of them reciprocated.
    assert metrics.ties == 5
    assert metrics.referrals == 8
    assert metrics.density == pytest.approx(5 / 12)
    assert metrics.reciprocity == pytest.approx(4 / 5)
    assert metrics.components == 1


def test_betweenness(graph):
    # Routes through another partner: A->D via C; B->C via A; B->D via A and
    # C; C->B via A. So A lies on 3 and C on 2 of the routes, over
    # (4 - 1) * (4 - 2) = 6.
    betweenness = network_metrics(graph).per_partner["betweenness"]

    assert betweenness.to_dict() == pytest.approx(
        {"A": 0.5, "B": 0.0, "C": 1 / 3, "D": 0.0}
    )


def test_collaboration(loaded_store):
    strength = analyses.collaboration(loaded_store)

    # Shared participants: A-B U3, U4, U8; A-C U1, U2, U5; A-D U1; C-D U1,
    # U6. The busiest pairs have R = 3 referrals and S = 3 shared. Of the
    # shared, U1 and U5 have outcomes. The latest referral between
    # partners is A-B's R09 on 2024-04-15, the day recency is measured
    # from in an open window; A-C's last is R05 on 2024-03-10, 36 days
    # earlier, and the half-life is 90 days.
    #   A, C: volume 1, reciprocity 1/2, acceptance 3/3, shared 1,
    #         joint outcomes 2/3, recency 0.5 ** (36/90)
    #   A, B: volume 1, reciprocity 1/2, acceptance 1/2, shared 1,
    #         joint outcomes 0, recency 1 -> 4/6
    #   A, D and C, D have fewer than 3 referrals.
    rows = {
        (row.partner_a, row.partner_b): row for row in strength.itertuples(index=False)
    }
    assert list(rows) == [("A", "C"), ("A", "B"), ("A", "D"), ("C", "D")]
    recency = 0.5 ** (36 / 90)
    assert rows[("A", "C")].recency == pytest.approx(recency)
    assert rows[("A", "C")].joint_outcomes == pytest.approx(2 / 3)
    assert rows[("A", "C")].score == pytest.approx(
        (1 + 1 / 2 + 1 + 1 + 2 / 3 + recency) / 6
    )
    assert rows[("A", "B")].score == pytest.approx(4 / 6)
    assert rows[("A", "D")].shared == pytest.approx(0.5)
    assert not rows[("C", "D")].judged
    assert rows[("C", "D")].volume == pytest.approx(math.log(3) / math.log(4))


def test_progress(loaded_store):
    progress = progress_against_targets(
        loaded_store.outcome_counts(), loaded_store.load_config()
    )

    # job_start: U1 and U7, target 10. education: U5, target 4.
    assert progress.loc["job_start", "achieved"] == 2
    assert progress.loc["job_start", "share"] == pytest.approx(0.2)
    assert progress.loc["education", "share"] == pytest.approx(0.25)
    assert progress.loc["apprenticeship", "target"] is None
