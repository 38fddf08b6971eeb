"""Network measures of the referral graph: the partnership and each partner."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from analysis.brokerage import brokerage
from analysis.communities import communities

logger = logging.getLogger(__name__)

# Power iteration stops after this many steps. Partner graphs have tens of
# nodes and converge in far fewer when eigenvector centrality is defined.
EIGENVECTOR_MAX_ITER = 1000

PARTNER_COLUMNS = (
    "name",
    "in_degree",
    "out_degree",
    "referrals_in",
    "referrals_out",
    "degree_centrality",
    "betweenness",
    "weighted_betweenness",
    "eigenvector",
    "pagerank",
    "effective_size",
    "constraint",
    "community",
    "referral_balance",
    "referral_role",
)

# A partner whose referrals out exceed those in by at least this share of
# all its referrals mostly sends, and the other way round mostly receives:
# a third means twice as many one way as the other.
BALANCE_CUT = 1 / 3


@dataclass(frozen=True)
class NetworkMetrics:
    """Measures of a referral network, for the partnership and per partner.

    ``density`` is ``None`` with fewer than two partners and ``reciprocity``
    is ``None`` without ties, where neither is defined.
    ``degree_centralisation`` is ``None`` with fewer than three partners,
    and ``modularity`` without ties.
    ``eigenvector_status`` records whether the ``eigenvector`` column was
    computed and, if not, why. ``per_partner`` is indexed by partner id.
    """

    partners: int
    ties: int
    referrals: int
    density: float | None
    reciprocity: float | None
    components: int
    eigenvector_status: str
    per_partner: pd.DataFrame = field(repr=False)
    degree_centralisation: float | None = None
    isolates: int = 0
    communities: int = 0
    modularity: float | None = None


def network_metrics(graph: nx.DiGraph) -> NetworkMetrics:
    """Compute the measures of a referral network.

    Parameters
    ----------
    graph : networkx.DiGraph
        A referral graph from ``build_referral_graph``. Nodes whose ``kind``
        is ``"employer"`` are left out, as are self-loops. A node without a
        ``kind`` counts as a partner. Edge attribute ``referrals`` is the
        referral volume, 1 where missing.

    Returns
    -------
    metrics : NetworkMetrics
        Partnership measures, and one row per partner in ``per_partner``
        ordered by id, with columns ``name``, ``in_degree``, ``out_degree``
        (partners referred from and to), ``referrals_in``,
        ``referrals_out`` (referral volume), ``degree_centrality``,
        ``betweenness`` and ``eigenvector``.

    Notes
    -----
    A tie is an ordered pair of partners with at least one referral from the
    first to the second, so a referral each way makes two ties.

    - ``density``: ties over possible ties, ``ties / (n * (n - 1))``.
    - ``reciprocity``: the share of ties whose reverse tie exists too.
    - ``components``: groups of partners linked by ties in either
      direction (weakly connected components). An isolated partner is a
      component of its own.
    - ``degree_centrality``: the share of the other ``n - 1`` partners that
      a partner has a tie with, in either direction. It is ``None`` with a
      single partner.
    - ``betweenness``: the share of shortest referral routes between other
      partners that pass through this partner, following the direction of
      referrals and normalised by ``(n - 1) * (n - 2)``. Routes are counted
      in steps and volume is ignored, so the measure asks who connects
      partners at all, not who carries the most referrals. Weighting would
      need a distance such as ``1 / volume``, because networkx reads a
      betweenness weight as a length.
    - ``eigenvector``: eigenvector centrality of the undirected view,
      weighted by referrals in both directions together, scaled by networkx
      to unit Euclidean length. A partner scores high when its busy partners
      are themselves busy. It is ``None`` with fewer than two partners or no
      ties, and when power iteration fails to converge. ``eigenvector_status``
      records which. On a network of several components, the component with
      the largest leading eigenvalue takes nearly all the weight and the
      others score near 0.

    Isolated partners have 0 betweenness and 0 eigenvector centrality.

    Examples
    --------
    >>> import networkx as nx
    >>> metrics = network_metrics(nx.DiGraph([("A", "B"), ("B", "A"), ("B", "C")]))
    >>> metrics.ties, metrics.reciprocity
    (3, 0.6666666666666666)
    """
    partners = _partner_graph(graph)
    count = partners.number_of_nodes()
    ties = partners.number_of_edges()

    eigenvector, status = _eigenvector(partners)
    per_partner = _per_partner_frame(partners, eigenvector)
    groups, modularity = communities(partners, weight="referrals")
    holes = brokerage(partners)
    per_partner["effective_size"] = _objects(holes["effective_size"], per_partner)
    per_partner["constraint"] = _objects(holes["constraint"], per_partner)
    per_partner["community"] = groups.reindex(per_partner.index).astype("int64")
    balances = [
        referral_balance(int(sent), int(received))
        for sent, received in zip(
            per_partner["referrals_out"], per_partner["referrals_in"], strict=True
        )
    ]
    per_partner["referral_balance"] = pd.Series(
        balances, index=per_partner.index, dtype=object
    )
    per_partner["referral_role"] = [referral_role(value) for value in balances]
    return NetworkMetrics(
        partners=count,
        ties=ties,
        referrals=int(partners.size(weight="referrals")),
        density=ties / (count * (count - 1)) if count >= 2 else None,
        reciprocity=nx.overall_reciprocity(partners) if ties else None,
        components=nx.number_weakly_connected_components(partners),
        eigenvector_status=status,
        per_partner=per_partner,
        degree_centralisation=degree_centralisation(partners),
        isolates=nx.number_of_isolates(partners),
        communities=int(groups.nunique()) if count else 0,
        modularity=modularity,
    )


def referral_balance(sent: int, received: int) -> float | None:
    """Return (sent - received) / (sent + received): 1 for a partner that
    only sends, -1 for one that only receives; ``None`` without referrals.

    >>> referral_balance(30, 10)
    0.5
    """
    total = sent + received
    return None if total == 0 else (sent - received) / total


def referral_role(balance: float | None) -> str:
    """Name a partner's place in the flow of referrals from its balance."""
    if balance is None:
        return "no referrals"
    if balance >= BALANCE_CUT:
        return "mostly sends"
    if balance <= -BALANCE_CUT:
        return "mostly receives"
    return "sends and receives"


def degree_centralisation(graph: nx.DiGraph) -> float | None:
    """Return Freeman's degree centralisation of the undirected view: how
    far the network is from one where every partner has the same number of
    ties (0), towards a star around one partner (1).

    It is the sum, over partners, of the most ties any partner has less the
    partner's own, divided by the largest that sum can be, that of a star:
    ``(n - 1) * (n - 2)``. It is ``None`` with fewer than three partners.

    >>> degree_centralisation(nx.DiGraph([("hub", "a"), ("hub", "b"), ("c", "hub")]))
    1.0
    """
    count = graph.number_of_nodes()
    if count < 3:
        return None
    degrees = [degree for _node, degree in graph.to_undirected(as_view=True).degree]
    most = max(degrees)
    return sum(most - degree for degree in degrees) / ((count - 1) * (count - 2))


def _objects(values: pd.Series, frame: pd.DataFrame) -> pd.Series:
    """Return ``values`` aligned with ``frame``'s rows, with ``None`` kept
    as ``None`` rather than NaN."""
    return pd.Series(
        [values.get(node) for node in frame.index], index=frame.index, dtype=object
    )


def _partner_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Copy the partner nodes and the ties between distinct partners."""
    partners = nx.DiGraph()
    nodes = sorted(
        (node for node, kind in graph.nodes(data="kind") if kind != "employer"),
        key=str,
    )
    partners.add_nodes_from((node, graph.nodes[node]) for node in nodes)
    edges = sorted(
        (sender, receiver, data)
        for sender, receiver, data in graph.edges(data=True)
        if sender != receiver and sender in partners and receiver in partners
    )
    partners.add_edges_from(edges)
    return partners


def _per_partner_frame(
    partners: nx.DiGraph, eigenvector: dict[str, float] | None
) -> pd.DataFrame:
    count = partners.number_of_nodes()
    undirected = partners.to_undirected(as_view=True)
    betweenness = nx.betweenness_centrality(partners, normalized=True)
    weighted = nx.betweenness_centrality(
        _with_distance(partners), normalized=True, weight="distance"
    )
    pagerank = (
        nx.pagerank(partners, weight="referrals") if partners.number_of_nodes() else {}
    )
    rows = {}
    for node in partners:
        rows[node] = {
            "name": partners.nodes[node].get("name", str(node)),
            "in_degree": partners.in_degree(node),
            "out_degree": partners.out_degree(node),
            "referrals_in": partners.in_degree(node, weight="referrals"),
            "referrals_out": partners.out_degree(node, weight="referrals"),
            "degree_centrality": (
                undirected.degree(node) / (count - 1) if count >= 2 else None
            ),
            "betweenness": betweenness[node],
            "weighted_betweenness": weighted[node],
            "eigenvector": None if eigenvector is None else eigenvector[node],
            "pagerank": pagerank[node],
            "effective_size": None,
            "constraint": None,
            "community": 0,
            "referral_balance": None,
            "referral_role": "",
        }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(PARTNER_COLUMNS))
    frame.index.name = "partner_id"
    for column in ("in_degree", "out_degree", "referrals_in", "referrals_out"):
        frame[column] = frame[column].astype("int64")
    for column in ("betweenness", "weighted_betweenness", "pagerank"):
        frame[column] = frame[column].astype("float64")
    for column in ("degree_centrality", "eigenvector"):
        frame[column] = pd.Series(
            [rows[node][column] for node in partners], index=frame.index, dtype=object
        )
    return frame


def _eigenvector(partners: nx.DiGraph) -> tuple[dict[str, float] | None, str]:
    """Return eigenvector centrality of the weighted undirected view, and a
    status saying whether it was computed."""
    if partners.number_of_nodes() < 2:
        return None, "not applicable: fewer than two partners"
    if partners.number_of_edges() == 0:
        return None, "not applicable: no ties between partners"

    undirected = _undirected_volume(partners)
    try:
        values = nx.eigenvector_centrality(
            undirected, max_iter=EIGENVECTOR_MAX_ITER, weight="referrals"
        )
    except nx.PowerIterationFailedConvergence as error:
        logger.warning(
            "eigenvector centrality did not converge on %s partners: %s",
            undirected.number_of_nodes(),
            error,
        )
        return None, (
            f"not computed: power iteration did not converge in "
            f"{EIGENVECTOR_MAX_ITER} iterations"
        )
    # An isolated partner's exact value is 0, but power iteration only
    # shrinks its starting value towards 0.
    for node in nx.isolates(undirected):
        values[node] = 0.0
    return values, "computed"


def _with_distance(partners: nx.DiGraph) -> nx.DiGraph:
    """Copy the ties with ``distance``, 1 over their referral volume, so
    that shortest routes run along the busiest ties."""
    graph = nx.DiGraph()
    graph.add_nodes_from(partners)
    for sender, receiver, volume in partners.edges(data="referrals", default=1):
        graph.add_edge(sender, receiver, distance=1 / volume)
    return graph


def _undirected_volume(partners: nx.DiGraph) -> nx.Graph:
    """Merge each pair's ties into one edge whose ``referrals`` is the sum of
    both directions."""
    undirected = nx.Graph()
    undirected.add_nodes_from(partners)
    for sender, receiver, volume in partners.edges(data="referrals", default=1):
        if undirected.has_edge(sender, receiver):
            undirected.edges[sender, receiver]["referrals"] += volume
        else:
            undirected.add_edge(sender, receiver, referrals=volume)
    return undirected
