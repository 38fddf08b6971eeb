"""Communities of the partner network: groups of partners that refer more
among themselves than to the rest.

Louvain's method finds them by greedily raising modularity. It starts from
a random order, so this module fixes both the order and the seed: nodes
and edges go in sorted by id, and the seed is ``SEED`` unless given. The
same network therefore always gives the same communities. They are
numbered from 1 by size, largest first, then by their smallest member, so
the labels are the same from one run to the next too.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

SEED = 1


def communities(
    graph: nx.Graph, weight: str | None = None, seed: int = SEED
) -> tuple[pd.Series, float | None]:
    """Return each node's community number, indexed by node in sorted
    order, and the partition's modularity.

    The network is taken as undirected. With ``weight``, both directions
    of a pair add up; without it, every tied pair counts once. A network
    without ties has no modularity (``None``), and every node is a
    community of its own.
    """
    undirected = _sorted_undirected(graph, weight)
    if undirected.number_of_edges() == 0:
        labels = {node: index for index, node in enumerate(_sorted(undirected), 1)}
        return _series(labels), None
    found = nx.community.louvain_communities(undirected, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda group: (-len(group), min(map(str, group))))
    labels = {node: number for number, group in enumerate(ordered, 1) for node in group}
    modularity = nx.community.modularity(undirected, ordered, weight="weight")
    return _series(labels), float(modularity)


def _sorted_undirected(graph: nx.Graph, weight: str | None) -> nx.Graph:
    undirected = nx.Graph()
    undirected.add_nodes_from(_sorted(graph))
    edges = sorted(
        graph.edges(data=True), key=lambda edge: (str(edge[0]), str(edge[1]))
    )
    for sender, receiver, data in edges:
        if sender == receiver:
            continue
        value = data.get(weight, 1) if weight else 1
        if not undirected.has_edge(sender, receiver):
            undirected.add_edge(sender, receiver, weight=value)
        elif weight:
            undirected[sender][receiver]["weight"] += value
    return undirected


def _sorted(graph: nx.Graph) -> list:
    return sorted(graph.nodes, key=str)


def _series(labels: dict) -> pd.Series:
    nodes = sorted(labels, key=str)
    return pd.Series([labels[node] for node in nodes], index=nodes, name="community")
