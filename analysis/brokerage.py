"""Brokerage in the partner network: Burt's constraint and effective size.

A partner whose contacts are not linked to one another brokers between
them: it spans a structural hole. Burt's measures, computed here on the
undirected partner graph, say how much:

- effective size: the number of a partner's contacts, less how far they
  are redundant, that is linked to the partner's other contacts. It runs
  from 1 (every contact linked to every other) to the number of contacts
  (none linked).
- constraint: how much a partner's ties lead back to the same few
  partners, from near 0 (many unlinked contacts) up to about 1 (a single
  contact) or a little more. Low constraint means brokerage.

With ``weight``, each tie counts by its value, such as referral volume or
collaboration strength; without it, every tie counts once. Both measures
are undefined for a partner without contacts, which gets ``None``.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd

BROKERAGE_COLUMNS = ("contacts", "effective_size", "constraint")


def brokerage(graph: nx.Graph, weight: str | None = None) -> pd.DataFrame:
    """Return each node's contacts, effective size and constraint, indexed
    by node in sorted order.

    ``graph`` may be directed; its ties then count in both directions, as
    Burt defines the measures on the ties a partner has, whoever started
    them. Self-loops are left out.
    """
    undirected = _undirected(graph, weight)
    nodes = sorted(undirected.nodes, key=str)
    if not nodes:
        return pd.DataFrame(columns=list(BROKERAGE_COLUMNS)).rename_axis("node")
    size = nx.effective_size(undirected, weight=weight)
    constraint = nx.constraint(undirected, weight=weight)
    rows = {
        node: {
            "contacts": undirected.degree(node),
            "effective_size": _defined(size.get(node)),
            "constraint": _defined(constraint.get(node)),
        }
        for node in nodes
    }
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=list(BROKERAGE_COLUMNS)
    )
    for column in ("effective_size", "constraint"):
        # object columns keep None for the undefined values, not NaN
        values = frame[column].astype(object)
        frame[column] = values.where(values.notna(), None)
    return frame.rename_axis("node")


def _undirected(graph: nx.Graph, weight: str | None) -> nx.Graph:
    """Return ``graph`` as an undirected graph without self-loops. A pair
    tied both ways gets the sum of both ties' weights."""
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    for sender, receiver, data in graph.edges(data=True):
        if sender == receiver:
            continue
        value = data.get(weight, 1) if weight else 1
        if undirected.has_edge(sender, receiver):
            if weight:
                undirected[sender][receiver][weight] += value
            continue
        undirected.add_edge(sender, receiver, **({weight: value} if weight else {}))
    return undirected


def _defined(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)
