"""Burt's brokerage measures against Borgatti's published example."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from analysis.brokerage import brokerage

REFERENCE = json.loads(
    (Path(__file__).parents[1] / "data" / "reference_values.json").read_text()
)["structural_holes_borgatti_1997"]


def borgatti_graph(directed: bool = False) -> nx.Graph:
    graph = nx.DiGraph() if directed else nx.Graph()
    for sender, receiver in REFERENCE["edges"]:
        graph.add_edge(
            sender, receiver, weight=REFERENCE["weights"][f"{sender}-{receiver}"]
        )
    return graph


@pytest.mark.parametrize("weighted", [False, True])
def test_borgatti_example(weighted):
    suffix = "weighted" if weighted else "unweighted"

    table = brokerage(borgatti_graph(), weight="weight" if weighted else None)

    for node, value in REFERENCE[f"effective_size_{suffix}"].items():
        assert table.loc[node, "effective_size"] == pytest.approx(value, abs=0.005)
    for node, value in REFERENCE[f"constraint_{suffix}"].items():
        assert table.loc[node, "constraint"] == pytest.approx(value, abs=0.0005)


def test_directed_ties_count_both_ways():
    # The same ties sent one way give the same measures as undirected ones.
    directed = brokerage(borgatti_graph(directed=True))
    undirected = brokerage(borgatti_graph())

    assert directed.equals(undirected)


def test_isolated_and_empty_networks():
    graph = nx.DiGraph()
    graph.add_node("lonely")

    table = brokerage(graph)

    assert table.loc["lonely", "contacts"] == 0
    assert table.loc["lonely", "effective_size"] is None
    assert table.loc["lonely", "constraint"] is None
    assert brokerage(nx.DiGraph()).empty


def test_star_centre_is_a_broker():
    # A centre tied to three partners that are not tied to one another:
    # effective size 3, constraint 3 x (1/3)^2 = 1/3. Each leaf has one
    # contact: effective size 1, constraint 1.
    graph = nx.star_graph(["hub", "a", "b", "c"])

    table = brokerage(graph)

    assert table.loc["hub", "effective_size"] == pytest.approx(3.0)
    assert table.loc["hub", "constraint"] == pytest.approx(1 / 3)
    assert table.loc["a", "effective_size"] == pytest.approx(1.0)
    assert table.loc["a", "constraint"] == pytest.approx(1.0)
