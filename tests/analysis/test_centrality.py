from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx
import pytest

from analysis.centrality import PARTNER_COLUMNS, network_metrics
from analysis.referral_graph import build_referral_graph
from graph.model import Partner
from graph.store import ReferralCount

REFERENCE_VALUES = json.loads(
    (Path(__file__).parents[1] / "data" / "reference_values.json").read_text(
        encoding="utf-8"
    )
)


def _tolerance(text: str) -> float:
    """Turn "3 decimal places" into an absolute tolerance of 0.001."""
    places, unit = text.split(" ", 1)
    assert unit == "decimal places", f"unexpected tolerance {text!r}"
    return 10.0 ** -int(places)


def _referral_graph(undirected: nx.Graph) -> nx.DiGraph:
    """Build our referral graph from an undirected graph, with one referral
    each way per tie, through the same function the service uses."""
    partners = [Partner(str(node), str(node)) for node in undirected]
    counts = []
    for a, b in undirected.edges:
        counts.append(ReferralCount(str(a), str(b), "partner", "accepted", 1))
        counts.append(ReferralCount(str(b), str(a), "partner", "accepted", 1))
    return build_referral_graph(partners, counts)


def _published_cases():
    for graph_name, generator in [
        ("florentine_families", nx.florentine_families_graph),
        ("krackhardt_kite", nx.krackhardt_kite_graph),
    ]:
        for measure, column in [
            ("betweenness_normalized", "betweenness"),
            ("degree_centrality", "degree_centrality"),
        ]:
            yield pytest.param(
                generator,
                REFERENCE_VALUES[graph_name][measure],
                column,
                id=f"{graph_name}-{column}",
            )


@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
@pytest.mark.parametrize("generator, reference, column", list(_published_cases()))
def test_published_values(generator, reference, column, directed):
    # One referral each way per tie: in the directed view every route runs
    # both ways, so both views give the published undirected values.
    metrics = network_metrics(_referral_graph(generator()), directed=directed)
    tolerance = _tolerance(reference["tolerance"])

    assert set(metrics.per_partner.index) == set(reference["values"])
    for node, expected in reference["values"].items():
        actual = metrics.per_partner.loc[node, column]
        assert actual == pytest.approx(expected, abs=tolerance), (
            f"{column} of {node}: {actual}, published {expected} "
            f"({reference['source']})"
        )


def _borgatti_graph() -> nx.DiGraph:
    """Borgatti's example as referrals, one way, tie weights as volumes."""
    reference = REFERENCE_VALUES["structural_holes_borgatti_1997"]
    partners = sorted({node for edge in reference["edges"] for node in edge})
    counts = [
        ReferralCount(a, b, "partner", "accepted", reference["weights"][f"{a}-{b}"])
        for a, b in reference["edges"]
    ]
    return build_referral_graph([Partner(p, p) for p in partners], counts)


@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
@pytest.mark.parametrize(
    "measure, column, tolerance",
    [
        ("effective_size_unweighted", "effective_size", 0.005),
        ("constraint_unweighted", "constraint", 0.0005),
        ("constraint_weighted", "weighted_constraint", 0.0005),
    ],
)
def test_borgatti_brokerage_in_each_view(directed, measure, column, tolerance):
    # Burt's measures take each pair once, so the direction of the
    # referrals does not matter, and the volume is the tie weight. Borgatti
    # publishes effective size to two decimals and constraint to three.
    reference = REFERENCE_VALUES["structural_holes_borgatti_1997"]

    table = network_metrics(_borgatti_graph(), directed=directed).per_partner

    for node, value in reference[measure].items():
        assert table.loc[node, column] == pytest.approx(value, abs=tolerance), (
            f"{column} of {node} ({reference['source']})"
        )


def test_karate_club_modularity_in_undirected_view():
    # Louvain is a heuristic: it cannot beat the proven optimum, and a good
    # split comes within a few hundredths of it.
    reference = REFERENCE_VALUES["zachary_karate_club"]

    metrics = network_metrics(_referral_graph(nx.karate_club_graph()), directed=False)

    assert metrics.modularity <= reference["max_modularity_unweighted"] + 1e-9
    assert metrics.modularity >= reference["max_modularity_unweighted"] - 0.03


# A small network worked by hand: A -> B 3 referrals, B -> A 1, B -> C 2,
# and D with no ties.
#
# Directed view, weighted by volume:
#   ties = 3, density = 3 / (4 * 3) = 0.25
#   reciprocity: A -> B and B -> A have their reverse, B -> C does not: 2/3
#   components: {A, B, C} and {D}
#   degree centrality: A 1/3, B 2/3, C 1/3, D 0 (distinct partners of 3)
#   weighted degree: referrals in and out, A 4, B 6, C 2, D 0
#   betweenness: only the route A -> C passes through another partner, B,
#     so B has 1 / ((4 - 1) * (4 - 2)) = 1/6 and the others 0. By length
#     1 / referrals the only route from A to C is the same.
#   in-degree centralisation: in-degrees 1, 1, 1, 0, so 1 / 3^2 = 1/9;
#     out-degrees 1, 2, 0, 0, so (1 + 2 + 2) / 9 = 5/9
#   degree centralisation: degrees 1, 2, 1, 0, so (1 + 1 + 2) / (3 * 2) = 2/3
#
# Undirected view, weighted by volume:
#   ties A-B (4 referrals) and B-C (2), density 2 / (4 * 3 / 2) = 1/3, no
#   reciprocity.
#   betweenness: the pair A, C has its one route through B, so B has
#     2 / ((4 - 1) * (4 - 2)) = 1/3, networkx's normalisation of an
#     undirected network.
#   eigenvector: with x_B = 1, lambda = sqrt(4^2 + 2^2) = 2 sqrt 5,
#     x_A = 4 / lambda = 2 / sqrt 5, x_C = 2 / lambda = 1 / sqrt 5. The norm
#     is sqrt 2, so A = 2 / sqrt 10, B = 1 / sqrt 2, C = 1 / sqrt 10, D = 0.
#
# In both views: B's contacts A and C share no tie, so its constraint is
# (1/2)^2 + (1/2)^2 = 1/2 and, weighted by volume 4 and 2,
# (4/6)^2 + (2/6)^2 = 5/9. A and C have one contact: constraint 1.
HAND_PARTNERS = [Partner(pid, f"Partner {pid}") for pid in "ABCD"]
HAND_COUNTS = [
    ReferralCount("A", "B", "partner", "completed", 2),
    ReferralCount("A", "B", "partner", "declined", 1),
    ReferralCount("B", "A", "partner", "made", 1),
    ReferralCount("B", "C", "partner", "accepted", 2),
]


@pytest.fixture
def hand_metrics():
    return network_metrics(build_referral_graph(HAND_PARTNERS, HAND_COUNTS))


@pytest.fixture
def hand_undirected():
    graph = build_referral_graph(HAND_PARTNERS, HAND_COUNTS)
    return network_metrics(graph, directed=False)


def test_partnership_measures(hand_metrics):
    assert hand_metrics.partners == 4
    assert hand_metrics.ties == 3
    assert hand_metrics.referrals == 6
    assert hand_metrics.density == pytest.approx(0.25)
    assert hand_metrics.reciprocity == pytest.approx(2 / 3)
    assert hand_metrics.components == 2
    assert hand_metrics.degree_centralisation == pytest.approx(2 / 3)
    assert hand_metrics.in_degree_centralisation == pytest.approx(1 / 9)
    assert hand_metrics.out_degree_centralisation == pytest.approx(5 / 9)
    assert hand_metrics.centrality_measure == "pagerank"
    assert hand_metrics.eigenvector_status == (
        "not applicable: the directed view uses PageRank"
    )
    assert hand_metrics.unscored_ties is None


def test_undirected_partnership_measures(hand_undirected):
    assert hand_undirected.partners == 4
    assert hand_undirected.ties == 2
    assert hand_undirected.referrals == 6
    assert hand_undirected.density == pytest.approx(1 / 3)
    assert hand_undirected.reciprocity is None
    assert hand_undirected.components == 2
    assert hand_undirected.degree_centralisation == pytest.approx(2 / 3)
    assert hand_undirected.in_degree_centralisation is None
    assert hand_undirected.out_degree_centralisation is None
    assert hand_undirected.centrality_measure == "eigenvector"
    assert hand_undirected.eigenvector_status == "computed"


EIGENVECTOR = {
    "A": 2 / math.sqrt(10),
    "B": 1 / math.sqrt(2),
    "C": 1 / math.sqrt(10),
    "D": 0.0,
}


@pytest.mark.parametrize(
    "column, expected",
    [
        ("in_degree", {"A": 1, "B": 1, "C": 1, "D": 0}),
        ("out_degree", {"A": 1, "B": 2, "C": 0, "D": 0}),
        ("degree", {"A": 1, "B": 2, "C": 1, "D": 0}),
        ("referrals_in", {"A": 1, "B": 3, "C": 2, "D": 0}),
        ("referrals_out", {"A": 3, "B": 3, "C": 0, "D": 0}),
        ("weighted_degree", {"A": 4, "B": 6, "C": 2, "D": 0}),
        ("degree_centrality", {"A": 1 / 3, "B": 2 / 3, "C": 1 / 3, "D": 0.0}),
        ("betweenness", {"A": 0.0, "B": 1 / 6, "C": 0.0, "D": 0.0}),
        ("weighted_betweenness", {"A": 0.0, "B": 1 / 6, "C": 0.0, "D": 0.0}),
        ("constraint", {"A": 1.0, "B": 0.5, "C": 1.0}),
        ("weighted_constraint", {"A": 1.0, "B": 5 / 9, "C": 1.0}),
    ],
)
def test_per_partner_measures(hand_metrics, column, expected):
    for partner, value in expected.items():
        actual = hand_metrics.per_partner.loc[partner, column]
        assert actual == pytest.approx(value, abs=1e-4), f"{column} of {partner}"


@pytest.mark.parametrize(
    "column, expected",
    [
        ("degree", {"A": 1, "B": 2, "C": 1, "D": 0}),
        ("weighted_degree", {"A": 4, "B": 6, "C": 2, "D": 0}),
        ("degree_centrality", {"A": 1 / 3, "B": 2 / 3, "C": 1 / 3, "D": 0.0}),
        ("betweenness", {"A": 0.0, "B": 1 / 3, "C": 0.0, "D": 0.0}),
        ("weighted_betweenness", {"A": 0.0, "B": 1 / 3, "C": 0.0, "D": 0.0}),
        ("eigenvector", EIGENVECTOR),
        ("centrality", EIGENVECTOR),
        ("constraint", {"A": 1.0, "B": 0.5, "C": 1.0}),
        ("weighted_constraint", {"A": 1.0, "B": 5 / 9, "C": 1.0}),
    ],
)
def test_undirected_per_partner_measures(hand_undirected, column, expected):
    for partner, value in expected.items():
        actual = hand_undirected.per_partner.loc[partner, column]
        assert actual == pytest.approx(value, abs=1e-4), f"{column} of {partner}"


def test_directed_view_reports_pagerank_only(hand_metrics):
    table = hand_metrics.per_partner

    assert table["eigenvector"].tolist() == [None] * 4
    assert table["centrality"].tolist() == table["pagerank"].tolist()
    assert sum(table["pagerank"]) == pytest.approx(1.0)


def test_undirected_view_reports_eigenvector_only(hand_undirected):
    table = hand_undirected.per_partner

    assert table["pagerank"].tolist() == [None] * 4
    assert table["in_degree"].tolist() == [None] * 4
    assert table["out_degree"].tolist() == [None] * 4


def test_isolated_partner_eigenvector_zero(hand_undirected):
    assert hand_undirected.per_partner.loc["D", "eigenvector"] == 0.0


def test_per_partner_frame_shape(hand_metrics):
    frame = hand_metrics.per_partner

    assert list(frame.columns) == list(PARTNER_COLUMNS)
    assert list(frame.index) == ["A", "B", "C", "D"]
    assert frame.index.name == "partner_id"
    assert frame.loc["A", "name"] == "Partner A"


def _assert_no_nan(metrics):
    for value in (metrics.density, metrics.reciprocity):
        assert not (isinstance(value, float) and math.isnan(value))
    for column in metrics.per_partner.columns:
        for value in metrics.per_partner[column]:
            assert not (isinstance(value, float) and math.isnan(value)), column


def test_empty_network():
    metrics = network_metrics(nx.DiGraph())

    assert metrics.partners == 0
    assert metrics.ties == 0
    assert metrics.density is None
    assert metrics.reciprocity is None
    assert metrics.components == 0
    assert metrics.eigenvector_status.startswith("not applicable")
    assert metrics.per_partner.empty
    assert list(metrics.per_partner.columns) == list(PARTNER_COLUMNS)


def test_one_partner():
    graph = build_referral_graph([Partner("A", "Alone")], [])
    metrics = network_metrics(graph, directed=False)

    assert metrics.partners == 1
    assert metrics.density is None
    assert metrics.reciprocity is None
    assert metrics.components == 1
    assert metrics.eigenvector_status == "not applicable: fewer than two partners"
    row = metrics.per_partner.loc["A"]
    assert row["degree_centrality"] is None
    assert row["betweenness"] == 0.0
    assert row["eigenvector"] is None
    _assert_no_nan(metrics)


def test_partners_without_ties():
    partners = [Partner("A", "A"), Partner("B", "B")]

    metrics = network_metrics(build_referral_graph(partners, []), directed=False)

    assert metrics.density == 0.0
    assert metrics.reciprocity is None
    assert metrics.components == 2
    assert metrics.eigenvector_status == "not applicable: no ties between partners"
    assert metrics.per_partner["eigenvector"].tolist() == [None, None]


def test_two_disconnected_pairs():
    # A <-> B and C <-> D, one referral each way: 4 ties of 4 * 3 possible,
    # all reciprocated, and no partner lies between two others.
    partners = [Partner(pid, pid) for pid in "ABCD"]
    counts = [
        ReferralCount(a, b, "partner", "accepted", 1)
        for a, b in [("A", "B"), ("B", "A"), ("C", "D"), ("D", "C")]
    ]

    metrics = network_metrics(build_referral_graph(partners, counts))
    undirected = network_metrics(build_referral_graph(partners, counts), False)

    assert metrics.density == pytest.approx(1 / 3)
    assert metrics.reciprocity == 1.0
    assert metrics.components == 2
    assert metrics.per_partner["betweenness"].tolist() == [0.0] * 4
    assert (
        metrics.per_partner["degree_centrality"].tolist() == [pytest.approx(1 / 3)] * 4
    )
    # 2 pairs of 4 * 3 / 2 possible.
    assert undirected.density == pytest.approx(1 / 3)
    assert undirected.components == 2
    assert undirected.eigenvector_status == "computed"
    _assert_no_nan(metrics)
    _assert_no_nan(undirected)


def test_employers_and_self_referrals_left_out():
    partners = [Partner("A", "A"), Partner("B", "B")]
    counts = [
        ReferralCount("A", "B", "partner", "accepted", 2),
        ReferralCount("A", "A", "partner", "accepted", 5),
        ReferralCount("B", "E1", "employer", "accepted", 7),
    ]
    graph = build_referral_graph(partners, counts, include_employers=True)

    metrics = network_metrics(graph)

    assert metrics.partners == 2
    assert metrics.ties == 1
    assert metrics.referrals == 2
    assert list(metrics.per_partner.index) == ["A", "B"]
    assert metrics.per_partner.loc["B", "referrals_out"] == 0


def test_eigenvector_failure_reported(monkeypatch, caplog):
    def fail(*args, **kwargs):
        raise nx.PowerIterationFailedConvergence(1000)

    monkeypatch.setattr(nx, "eigenvector_centrality", fail)

    graph = build_referral_graph(HAND_PARTNERS, HAND_COUNTS)
    metrics = network_metrics(graph, directed=False)

    assert "did not converge" in metrics.eigenvector_status
    assert metrics.per_partner["eigenvector"].tolist() == [None] * 4
    assert "did not converge" in caplog.text
