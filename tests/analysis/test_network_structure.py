"""The measures of network structure added to ``network_metrics``, each on
a small network worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from analysis.centrality import network_metrics


def referrals(*ties: tuple[str, str, int]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for sender, receiver, volume in ties:
        graph.add_edge(sender, receiver, referrals=volume)
    return graph


def test_weighted_betweenness_follows_busy_routes():
    # A sends 10 to B and B 10 to C, but only 1 straight to C. By steps,
    # A reaches C directly, so B lies on no shortest route: betweenness 0.
    # By length 1 / referrals, A-B-C is 0.2 against 1.0 for A-C, so B lies
    # on the one route between the other two: 1 / ((3 - 1) * (3 - 2)) = 0.5.
    metrics = network_metrics(referrals(("A", "B", 10), ("B", "C", 10), ("A", "C", 1)))

    b = metrics.per_partner.loc["B"]
    assert b["betweenness"] == 0.0
    assert b["weighted_betweenness"] == pytest.approx(0.5)


def test_pagerank_of_a_pair_is_shared():
    # Two partners referring to each other equally are interchangeable.
    metrics = network_metrics(referrals(("A", "B", 3), ("B", "A", 3)))

    assert metrics.per_partner["pagerank"].tolist() == pytest.approx([0.5, 0.5])


def test_star_is_fully_centralised():
    # A hub tied to three partners that are not tied to each other:
    # degrees 3, 1, 1, 1, so (2 + 2 + 2) / ((4 - 1) * (4 - 2)) = 1.
    star = network_metrics(referrals(("hub", "a", 5), ("hub", "b", 5), ("c", "hub", 5)))
    # Every partner tied to every other: no one stands out.
    ring = network_metrics(referrals(("a", "b", 1), ("b", "c", 1), ("c", "a", 1)))

    assert star.degree_centralisation == pytest.approx(1.0)
    assert ring.degree_centralisation == pytest.approx(0.0)


def test_two_groups_and_an_isolate():
    # Two triangles joined by nothing, and a partner without ties: three
    # communities (each triangle, and the isolate on its own), numbered by
    # size and then by smallest id.
    graph = referrals(
        ("a", "b", 4),
        ("b", "c", 4),
        ("c", "a", 4),
        ("x", "y", 4),
        ("y", "z", 4),
        ("z", "x", 4),
    )
    graph.add_node("lonely")

    metrics = network_metrics(graph)

    communities = metrics.per_partner["community"].to_dict()
    assert communities == {
        "a": 1,
        "b": 1,
        "c": 1,
        "lonely": 3,
        "x": 2,
        "y": 2,
        "z": 2,
    }
    assert (metrics.isolates, metrics.communities) == (1, 3)
    # Two equal halves with no tie between them: modularity 1/2.
    assert metrics.modularity == pytest.approx(0.5)
    lonely = metrics.per_partner.loc["lonely"]
    assert lonely["effective_size"] is None
    assert lonely["constraint"] is None


@pytest.mark.parametrize(
    "graph",
    [nx.DiGraph(), nx.DiGraph([("only", "only")]), referrals()],
    ids=["empty", "one partner referring to itself", "no ties"],
)
def test_degenerate_networks_are_defined(graph):
    metrics = network_metrics(graph)

    assert metrics.degree_centralisation is None
    assert metrics.modularity is None
    assert metrics.isolates == metrics.partners


def test_senders_and_receivers():
    # A sends 30 to B and 5 to C and gets 10 back from B:
    # (35 - 10) / 45 = 5/9, at least a third, so it mostly sends.
    # B: (10 - 30) / 40 = -1/2, mostly receives. C only receives: -1.
    # D: 4 out and 3 in from E, (4 - 3) / 7 = 1/7: sends and receives.
    graph = referrals(
        ("A", "B", 30), ("A", "C", 5), ("B", "A", 10), ("D", "E", 4), ("E", "D", 3)
    )
    graph.add_node("F")

    table = network_metrics(graph).per_partner

    assert table.loc["A", "referral_balance"] == pytest.approx(5 / 9)
    assert table.loc["B", "referral_balance"] == pytest.approx(-0.5)
    assert table.loc["C", "referral_balance"] == pytest.approx(-1.0)
    assert table["referral_role"].to_dict() == {
        "A": "mostly sends",
        "B": "mostly receives",
        "C": "mostly receives",
        "D": "sends and receives",
        "E": "sends and receives",
        "F": "no referrals",
    }
    assert table.loc["F", "referral_balance"] is None
