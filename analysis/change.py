"""How the referral network changes from one period to the next.

A workshop looks at the network quarter by quarter: how many partners
referred to one another, which ties are new and which were lost, and which
partners moved towards the centre or the edge. Each period's network is
measured by ``analysis.centrality.network_metrics``, so every number means
what it means for a single window.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import pandas as pd

from analysis.centrality import network_metrics

PERIOD_COLUMNS = (
    "partners",
    "ties",
    "referrals",
    "density",
    "reciprocity",
    "degree_centralisation",
    "communities",
    "modularity",
    "new_ties",
    "lost_ties",
)
MOVER_COLUMNS = ("betweenness", "betweenness_change", "degree_centrality")


def network_change(
    periods: Sequence[tuple[str, nx.DiGraph]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Measure each period's referral network and its change from the one
    before.

    Parameters
    ----------
    periods : sequence of (label, networkx.DiGraph)
        Referral graphs of consecutive periods, in order, such as
        ``("2024Q1", graph)``.

    Returns
    -------
    network : pandas.DataFrame
        One row per period, indexed by label, with the network measures of
        ``network_metrics`` and ``new_ties`` and ``lost_ties``: ties (ordered
        pairs of partners with a referral) present in the period but not
        the one before, and the reverse. Both are ``None`` for the first
        period, which has nothing to compare with.
    partners : pandas.DataFrame
        One row per period and partner, indexed by (period, partner id),
        with ``betweenness``, its change from the period before
        (``betweenness_change``, ``None`` in the first period or for a
        partner new to the network) and ``degree_centrality``. A rise
        means the partner moved towards the centre.

    Examples
    --------
    >>> first = nx.DiGraph([("A", "B")])
    >>> second = nx.DiGraph([("A", "B"), ("B", "C")])
    >>> network, _ = network_change([("2024Q1", first), ("2024Q2", second)])
    >>> network.loc["2024Q2", ["new_ties", "lost_ties"]].tolist()
    [1, 0]
    """
    rows: dict[str, dict] = {}
    partner_rows: dict[tuple[str, str], dict] = {}
    previous_ties: set | None = None
    previous_betweenness: dict = {}
    for label, graph in periods:
        metrics = network_metrics(graph)
        ties = _ties(graph)
        rows[label] = {
            "partners": metrics.partners,
            "ties": metrics.ties,
            "referrals": metrics.referrals,
            "density": metrics.density,
            "reciprocity": metrics.reciprocity,
            "degree_centralisation": metrics.degree_centralisation,
            "communities": metrics.communities,
            "modularity": metrics.modularity,
            "new_ties": None if previous_ties is None else len(ties - previous_ties),
            "lost_ties": None if previous_ties is None else len(previous_ties - ties),
        }
        betweenness = metrics.per_partner["betweenness"].to_dict()
        for partner, value in betweenness.items():
            before = previous_betweenness.get(partner)
            partner_rows[(label, partner)] = {
                "betweenness": value,
                "betweenness_change": None if before is None else value - before,
                "degree_centrality": metrics.per_partner.loc[
                    partner, "degree_centrality"
                ],
            }
        previous_ties, previous_betweenness = ties, betweenness

    # object columns keep whole numbers whole and None as None
    network = pd.DataFrame(
        list(rows.values()),
        index=pd.Index(list(rows), name="period"),
        columns=list(PERIOD_COLUMNS),
        dtype=object,
    )
    partners = pd.DataFrame(
        list(partner_rows.values()), columns=list(MOVER_COLUMNS), dtype=object
    )
    partners.index = pd.MultiIndex.from_tuples(
        list(partner_rows), names=["period", "partner_id"]
    )
    return network, partners


def _ties(graph: nx.DiGraph) -> set[tuple]:
    """Return the ordered pairs of distinct partners with a referral."""
    return {
        (sender, receiver)
        for sender, receiver in graph.edges
        if sender != receiver
        and graph.nodes[sender].get("kind") != "employer"
        and graph.nodes[receiver].get("kind") != "employer"
    }
