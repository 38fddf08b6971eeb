"""The network quarter by quarter, worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from analysis.change import network_change


def test_new_and_lost_ties_and_movers():
    # Q1: A -> B and B -> C, so B sits between A and C.
    # Q2: A -> B kept, B -> C lost, A -> C and C -> A new, so B is on no
    # route and C is new to nobody.
    q1 = nx.DiGraph([("A", "B"), ("B", "C")])
    q2 = nx.DiGraph([("A", "B"), ("A", "C"), ("C", "A")])

    network, partners = network_change([("2024Q1", q1), ("2024Q2", q2)])

    assert network.loc["2024Q1", "ties"] == 2
    assert network.loc["2024Q1", "new_ties"] is None
    assert network.loc["2024Q2", ["ties", "new_ties", "lost_ties"]].tolist() == [
        3,
        2,
        1,
    ]
    # Betweenness of B: 1 of the (3 - 1) * (3 - 2) = 2 ordered pairs of
    # others routes through it in Q1 (A to C), none in Q2.
    assert partners.loc[("2024Q1", "B"), "betweenness"] == pytest.approx(0.5)
    assert partners.loc[("2024Q1", "B"), "betweenness_change"] is None
    assert partners.loc[("2024Q2", "B"), "betweenness_change"] == pytest.approx(-0.5)


def test_partner_new_in_a_period():
    q1 = nx.DiGraph([("A", "B")])
    q2 = nx.DiGraph([("A", "B"), ("B", "D")])

    _network, partners = network_change([("2024Q1", q1), ("2024Q2", q2)])

    assert partners.loc[("2024Q2", "D"), "betweenness_change"] is None
    assert partners.loc[("2024Q2", "A"), "betweenness_change"] == pytest.approx(0.0)


def test_no_periods():
    network, partners = network_change([])

    assert network.empty
    assert partners.empty
