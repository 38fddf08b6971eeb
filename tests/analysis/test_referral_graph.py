from __future__ import annotations

import pytest

from analysis.referral_graph import build_referral_graph
from graph.model import Employer, Partner
from graph.store import PartnerReach, ReferralCount

PARTNERS = [
    Partner("P3", "Youth club", "youth service"),
    Partner("P1", "CV support", "training provider"),
    Partner("P2", "Job brokers", "employer broker"),
    Partner("P4", "Quiet partner"),
]

COUNTS = [
    ReferralCount("P1", "P2", "partner", "made", 1),
    ReferralCount("P1", "P2", "partner", "accepted", 2),
    ReferralCount("P1", "P2", "partner", "completed", 3),
    ReferralCount("P1", "P2", "partner", "completed", 1),
    ReferralCount("P3", "P1", "partner", "declined", 4),
    ReferralCount("P2", "E1", "employer", "accepted", 5),
]


def test_nodes_sorted_with_isolated_partner():
    graph = build_referral_graph(PARTNERS, COUNTS)

    assert list(graph.nodes) == ["P1", "P2", "P3", "P4"]
    assert graph.degree("P4") == 0


def test_node_attributes():
    reach = [PartnerReach("P1", 12), PartnerReach("P3", 0)]

    graph = build_referral_graph(PARTNERS, COUNTS, reach)

    assert graph.nodes["P1"] == {
        "name": "CV support",
        "type": "training provider",
        "kind": "partner",
        "participants": 12,
    }
    # A partner missing from the reach rows has 0 participants.
    assert graph.nodes["P2"]["participants"] == 0
    assert graph.nodes["P4"]["type"] is None


def test_edge_attributes_sum_statuses():
    graph = build_referral_graph(PARTNERS, COUNTS)

    # P1 -> P2: made 1, accepted 2, completed 3 + 1, so 7 in all.
    assert graph.edges["P1", "P2"] == {
        "made": 1,
        "accepted": 2,
        "declined": 0,
        "withdrawn": 0,
        "completed": 4,
        "referrals": 7,
    }
    assert graph.edges["P3", "P1"]["declined"] == 4
    assert graph.edges["P3", "P1"]["referrals"] == 4


def test_edges_sorted():
    graph = build_referral_graph(PARTNERS, list(reversed(COUNTS)))

    assert list(graph.edges) == [("P1", "P2"), ("P3", "P1")]


def test_employers_left_out_by_default():
    graph = build_referral_graph(PARTNERS, COUNTS)

    assert "E1" not in graph
    assert graph.number_of_edges() == 2


def test_employers_included_on_request():
    employers = [Employer("E1", "Warehouse Ltd"), Employer("E9", "Never referred")]

    graph = build_referral_graph(
        PARTNERS, COUNTS, employers=employers, include_employers=True
    )

    assert list(graph.nodes) == ["E1", "P1", "P2", "P3", "P4"]
    assert graph.nodes["E1"] == {
        "name": "Warehouse Ltd",
        "type": None,
        "kind": "employer",
        "participants": 0,
    }
    assert graph.edges["P2", "E1"]["accepted"] == 5


def test_unlisted_employer_named_by_id():
    graph = build_referral_graph(PARTNERS, COUNTS, include_employers=True)

    assert graph.nodes["E1"]["name"] == "E1"


def test_unknown_partner_rejected():
    counts = [ReferralCount("P1", "P9", "partner", "made", 1)]

    with pytest.raises(ValueError, match="'P9'"):
        build_referral_graph(PARTNERS, counts)


def test_employer_id_clash_rejected():
    counts = [ReferralCount("P1", "P2", "employer", "made", 1)]

    with pytest.raises(ValueError, match="also a partner id"):
        build_referral_graph(PARTNERS, counts, include_employers=True)


def test_negative_count_rejected():
    counts = [ReferralCount("P1", "P2", "partner", "made", -1)]

    with pytest.raises(ValueError, match="-1"):
        build_referral_graph(PARTNERS, counts)


def test_empty_partnership():
    graph = build_referral_graph([], [])

    assert graph.number_of_nodes() == 0
    assert graph.is_directed()
