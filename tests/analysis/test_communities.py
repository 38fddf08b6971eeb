"""Communities of the partner network: reproducible, and near the best
partition of Zachary's karate club."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.communities import communities

REFERENCE = json.loads(
    (Path(__file__).parents[1] / "data" / "reference_values.json").read_text()
)["zachary_karate_club"]


def test_karate_club_near_the_optimum():
    labels, modularity = communities(nx.karate_club_graph())

    # Louvain is a heuristic: no partition can beat the proven optimum, and
    # a good one comes within a few hundredths of it.
    assert modularity <= REFERENCE["max_modularity_unweighted"] + 1e-9
    assert modularity >= REFERENCE["max_modularity_unweighted"] - 0.03
    assert labels.index.tolist() == sorted(range(34), key=str)


def test_same_network_same_labels():
    first = communities(nx.karate_club_graph())
    second = communities(nx.karate_club_graph())

    assert first[0].equals(second[0])
    assert first[1] == second[1]


def test_labels_numbered_by_size():
    # Two triangles, one with a tail: the bigger group is community 1.
    graph = nx.Graph(
        [
            ("a", "b"),
            ("b", "c"),
            ("c", "a"),
            ("c", "d"),
            ("x", "y"),
            ("y", "z"),
            ("z", "x"),
        ]
    )

    labels, _modularity = communities(graph)

    assert labels.to_dict() == {"a": 1, "b": 1, "c": 1, "d": 1, "x": 2, "y": 2, "z": 2}


def test_network_without_ties():
    graph = nx.DiGraph()
    graph.add_nodes_from(["b", "a"])

    labels, modularity = communities(graph)

    assert labels.to_dict() == {"a": 1, "b": 2}
    assert modularity is None


def groups(labels) -> list[list[str]]:
    found: dict = {}
    for node, label in labels.items():
        found.setdefault(label, set()).add(str(node))
    return sorted(sorted(group) for group in found.values())


@settings(max_examples=50, deadline=None)
@given(st.permutations([f"p{index}" for index in range(10)]))
def test_renaming_partners_keeps_the_groups(names):
    # Two groups of five partners, each tied all round, with one tie
    # between them: whatever the names, and so whatever order they sort
    # in, the groups are the same partners.
    graph = nx.barbell_graph(5, 0)
    renamed = nx.relabel_nodes(graph, dict(enumerate(names)))

    labels, modularity = communities(renamed)

    assert groups(labels) == sorted([sorted(names[:5]), sorted(names[5:])])
    assert modularity == pytest.approx(communities(graph)[1])
