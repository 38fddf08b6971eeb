"""Network measures of the referral graph, the partnership and each
partner, in one of the four views of ``analysis.network_views``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from analysis.brokerage import brokerage
from analysis.communities import communities
from analysis.network_views import (
    STRENGTH,
    VOLUME,
    NetworkView,
    network_view,
    weighted_degrees,
)

logger = logging.getLogger(__name__)

# Power iteration stops after this many steps. Partner graphs have tens of
# nodes and converge in far fewer when eigenvector centrality is defined.
EIGENVECTOR_MAX_ITER = 1000

PARTNER_COLUMNS = (
    "name",
    "in_degree",
    "out_degree",
    "degree",
    "referrals_in",
    "referrals_out",
    "weighted_degree",
    "degree_centrality",
    "betweenness",
    "weighted_betweenness",
    "centrality",
    "eigenvector",
    "pagerank",
    "effective_size",
    "constraint",
    "weighted_constraint",
    "community",
    "referral_balance",
    "referral_role",
)

# A partner whose referrals out exceed those in by at least this share of
# all its referrals mostly sends, and the other way round mostly receives:
# a third means twice as many one way as the other.
BALANCE_CUT = 1 / 3

PAGERANK = "pagerank"
EIGENVECTOR = "eigenvector"


@dataclass(frozen=True)
class NetworkMetrics:
    """Measures of a referral network in one view, for the partnership and
    per partner.

    ``directed`` and ``weight`` name the view (``analysis.network_views``).
    ``density`` is ``None`` with fewer than two partners, and
    ``reciprocity`` without ties or in the undirected view, where neither
    is defined. ``degree_centralisation`` is ``None`` with fewer than three
    partners, ``in_degree_centralisation`` and ``out_degree_centralisation``
    with fewer than two or in the undirected view, and ``modularity``
    without weighted ties. ``centrality_measure`` names the measure in the
    ``centrality`` column: ``"pagerank"`` in the directed view,
    ``"eigenvector"`` in the undirected one. ``eigenvector_status`` records
    whether eigenvector centrality was computed and, if not, why.
    ``unscored_ties`` counts the ties left out of the weighted measures
    because their pair has no collaboration score, and is ``None`` under
    volume. ``per_partner`` is indexed by partner id.
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
    directed: bool = True
    weight: str = VOLUME
    centrality_measure: str = PAGERANK
    unscored_ties: int | None = None
    in_degree_centralisation: float | None = None
    out_degree_centralisation: float | None = None


def network_metrics(
    graph: nx.DiGraph,
    directed: bool = True,
    weight: str = VOLUME,
    strength: pd.DataFrame | None = None,
) -> NetworkMetrics:
    """Compute the measures of a referral network in one of four views.

    Parameters
    ----------
    graph : networkx.DiGraph
        A referral graph from ``build_referral_graph``. Nodes whose ``kind``
        is ``"employer"`` are left out, as are self-loops. A node without a
        ``kind`` counts as a partner. Edge attribute ``referrals`` is the
        referral volume, 1 where missing.
    directed : bool, optional (default=True)
        Take a tie as an ordered pair of partners with a referral from the
        first to the second, or (``False``) as an unordered pair with a
        referral either way.
    weight : {"volume", "strength"}, optional (default="volume")
        Weight ties by their referrals, both directions together in the
        undirected view, or by the pair's collaboration score.
    strength : pandas.DataFrame, optional
        The ``collaboration_strength`` table of the same referrals, required
        with ``weight="strength"``. Its ``partner_a``, ``partner_b`` and
        ``score`` columns are read.

    Returns
    -------
    metrics : NetworkMetrics
        Partnership measures, and one row per partner in ``per_partner``
        ordered by id, with the columns of ``PARTNER_COLUMNS``.

    Raises
    ------
    ValueError
        If ``weight`` is unknown, or ``strength`` is missing, not needed or
        does not match the graph (``analysis.network_views.network_view``).

    Notes
    -----
    Unweighted measures use every tie of the view. Weighted measures use
    the ties with a weight: under strength, the ties of a pair without a
    collaboration score (too few referrals to judge) are left out of them,
    and ``unscored_ties`` counts those ties.

    - ``density``: ties over possible ties, ``ties / (n * (n - 1))``
      directed and ``ties / (n * (n - 1) / 2)`` undirected.
    - ``reciprocity`` (directed view): the share of ties whose reverse tie
      exists too.
    - ``components``: weakly connected components in the directed view,
      connected components in the undirected one, so the same groups. An
      isolated partner is a component of its own.
    - ``in_degree`` and ``out_degree`` (directed view): partners referred
      from and to. ``degree``: distinct partners tied in either direction,
      so a pair with referrals both ways counts once in both views.
      ``degree_centrality`` is ``degree / (n - 1)``, ``None`` with a single
      partner.
    - ``weighted_degree``: the sum of the weights of a partner's ties. In
      the directed view that is its ties in and out, so under volume it is
      ``referrals_in + referrals_out`` in both views, and under strength a
      pair with ties both ways counts its score twice.
    - ``betweenness``: the share of shortest routes between other partners
      that pass through this partner, in steps, following the direction of
      referrals in the directed view. networkx normalises it to run from 0
      to 1 in both views.
    - ``weighted_betweenness``: the same along the shortest routes when a
      tie's length is ``1 / weight``, so that routes run along the busiest
      or strongest ties. networkx reads a betweenness weight as a length,
      which is why the weight is inverted.
    - ``centrality``: PageRank of the directed view, weighted, which says
      how much referral traffic flows towards a partner, or eigenvector
      centrality of the undirected view, weighted, which is high when a
      partner's strong ties are to partners that are strongly tied
      themselves. The ``pagerank`` and ``eigenvector`` columns repeat it in
      their own view and are ``None`` in the other. Eigenvector centrality
      of a directed network is 0 for every partner no one refers to, and
      PageRank of an undirected one stays close to the weighted degree
      scaled to add up to 1.
      PageRank values add up to 1. Eigenvector values are scaled by
      networkx to unit Euclidean length. They are ``None`` with fewer than
      two partners, without weighted ties, or when power iteration fails to
      converge, and ``eigenvector_status`` records which. On a network of
      several components the component with the largest leading eigenvalue
      takes nearly all the weight and the others score near 0.
    - ``effective_size`` and ``constraint``: Burt's measures
      (``analysis.brokerage``) on every tie, in either direction, unweighted.
      ``weighted_constraint``: constraint with each pair weighted once, by
      its referrals both ways together or by its score, as Burt defines
      it on the pair. Effective size stays unweighted because networkx
      3.6.1's weighted effective size does not reproduce Borgatti's
      published example. All three are the same in both views.
    - ``community`` and ``modularity``: Louvain's method
      (``analysis.communities``) on the pairs weighted as for
      ``weighted_constraint``, so they too are the same in both views.
      Under strength a partner whose ties are all unscored is a community of
      its own.
    - ``degree_centralisation``: Freeman's centralisation of ``degree``
      (``degree_centralisation``). ``in_degree_centralisation`` and
      ``out_degree_centralisation`` (directed view): the same of the in- and
      out-degrees (``directed_degree_centralisation``).
    - ``referrals_in``, ``referrals_out``, ``referral_balance`` and
      ``referral_role`` describe the referrals themselves and are the same
      in every view.

    Isolated partners have 0 betweenness and 0 eigenvector centrality.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph([("A", "B"), ("B", "A"), ("B", "C")])
    >>> metrics = network_metrics(graph)
    >>> metrics.ties, metrics.reciprocity, metrics.centrality_measure
    (3, 0.6666666666666666, 'pagerank')
    >>> metrics = network_metrics(graph, directed=False)
    >>> metrics.ties, metrics.density, metrics.centrality_measure
    (2, 0.6666666666666666, 'eigenvector')
    """
    partners = _partner_graph(graph)
    view = network_view(partners, directed, weight, strength)
    count = partners.number_of_nodes()
    ties = view.ties.number_of_edges()

    # per partner, then the measures that need the whole network
    centrality, status = _centrality(view)
    per_partner = _per_partner_frame(partners, view, centrality)
    _add_brokerage(per_partner, view)
    groups, modularity = communities(view.pairs, weight="weight")
    per_partner["community"] = groups.reindex(per_partner.index).astype("int64")
    _add_balance(per_partner)

    in_centralisation, out_centralisation = (
        directed_degree_centralisation(view.ties) if directed else (None, None)
    )
    return NetworkMetrics(
        partners=count,
        ties=ties,
        referrals=int(partners.size(weight="referrals")),
        density=_density(ties, count, directed),
        reciprocity=nx.overall_reciprocity(view.ties) if directed and ties else None,
        components=_components(view),
        eigenvector_status=status,
        per_partner=per_partner,
        degree_centralisation=degree_centralisation(view.ties),
        isolates=nx.number_of_isolates(view.ties),
        communities=int(groups.nunique()) if count else 0,
        modularity=modularity,
        directed=directed,
        weight=weight,
        centrality_measure=PAGERANK if directed else EIGENVECTOR,
        unscored_ties=view.unscored_ties,
        in_degree_centralisation=in_centralisation,
        out_degree_centralisation=out_centralisation,
    )


def metrics_by_view(
    graph: nx.DiGraph, strength: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return the partnership measures of ``graph`` in each view, to compare
    them side by side.

    One row per view, indexed by ``view`` (``"directed"`` or
    ``"undirected"``) and ``weight``, with the strength views only when the
    collaboration table ``strength`` is given. The columns are the fields of
    ``NetworkMetrics`` other than ``per_partner``, ``directed`` and
    ``weight``, with dtype ``object`` so that undefined values stay
    ``None``. Raises ValueError as ``network_metrics`` does.

    >>> table = metrics_by_view(nx.DiGraph([("A", "B"), ("B", "A")]))
    >>> table["ties"].tolist()
    [2, 1]
    """
    weights = [VOLUME] if strength is None else [VOLUME, STRENGTH]
    rows = {}
    for directed in (True, False):
        for weight in weights:
            table = strength if weight == STRENGTH else None
            metrics = network_metrics(graph, directed, weight, table)
            values = {
                name: value
                for name, value in vars(metrics).items()
                if name not in ("per_partner", "directed", "weight")
            }
            rows[("directed" if directed else "undirected", weight)] = values
    index = pd.MultiIndex.from_tuples(list(rows), names=["view", "weight"])
    return pd.DataFrame(list(rows.values()), index=index, dtype=object)


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


def degree_centralisation(graph: nx.Graph) -> float | None:
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


def directed_degree_centralisation(
    graph: nx.DiGraph,
) -> tuple[float | None, float | None]:
    """Return Freeman's centralisation of the in-degrees and of the
    out-degrees.

    In-degree centralisation is 0 when every partner receives referrals
    from as many partners as every other. It is 1 when one partner receives
    from all the others and no one else receives any. Out-degree
    centralisation is the same for the partners each one refers to.

    Each is the sum, over partners, of the largest degree less the
    partner's own, divided by the largest that sum can be, ``(n - 1)^2``.
    Both are ``None`` with fewer than two partners.

    >>> directed_degree_centralisation(nx.DiGraph([("a", "hub"), ("b", "hub")]))
    (1.0, 0.25)
    """
    count = graph.number_of_nodes()
    if count < 2:
        return None, None
    return (
        _centralisation([degree for _node, degree in graph.in_degree], count),
        _centralisation([degree for _node, degree in graph.out_degree], count),
    )


def _centralisation(degrees: list[int], count: int) -> float:
    largest = max(degrees)
    return sum(largest - degree for degree in degrees) / (count - 1) ** 2


def _density(ties: int, count: int, directed: bool) -> float | None:
    if count < 2:
        return None
    possible = count * (count - 1) if directed else count * (count - 1) / 2
    return ties / possible


def _components(view: NetworkView) -> int:
    if view.directed:
        return nx.number_weakly_connected_components(view.ties)
    return nx.number_connected_components(view.ties)


def _objects(values: pd.Series, frame: pd.DataFrame) -> pd.Series:
    """Return ``values`` aligned with ``frame``'s rows, with ``None`` kept
    as ``None`` rather than NaN."""
    return pd.Series(
        [values.get(node) for node in frame.index], index=frame.index, dtype=object
    )


def _partner_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """Copy the partner nodes and the ties between distinct partners, each
    with its ``referrals``."""
    partners = nx.DiGraph()
    nodes = sorted(
        (node for node, kind in graph.nodes(data="kind") if kind != "employer"),
        key=str,
    )
    partners.add_nodes_from((node, graph.nodes[node]) for node in nodes)
    edges = sorted(
        (sender, receiver, {**data, "referrals": data.get("referrals", 1)})
        for sender, receiver, data in graph.edges(data=True)
        if sender != receiver and sender in partners and receiver in partners
    )
    partners.add_edges_from(edges)
    return partners


def _per_partner_frame(
    partners: nx.DiGraph, view: NetworkView, centrality: dict | None
) -> pd.DataFrame:
    """Return the per-partner measures that need no other table. Brokerage,
    communities and balance are filled in afterwards."""
    count = partners.number_of_nodes()
    contacts = view.ties.to_undirected(as_view=True)
    betweenness = nx.betweenness_centrality(view.ties, normalized=True)
    weighted = nx.betweenness_centrality(
        _with_distance(view.weighted), normalized=True, weight="distance"
    )
    measure = PAGERANK if view.directed else EIGENVECTOR
    weighted_degree = weighted_degrees(view)
    rows = {}
    for node in partners:
        value = None if centrality is None else centrality[node]
        rows[node] = {
            "name": partners.nodes[node].get("name", str(node)),
            "in_degree": view.ties.in_degree(node) if view.directed else None,
            "out_degree": view.ties.out_degree(node) if view.directed else None,
            "degree": contacts.degree(node),
            "referrals_in": partners.in_degree(node, weight="referrals"),
            "referrals_out": partners.out_degree(node, weight="referrals"),
            "weighted_degree": weighted_degree[node],
            "degree_centrality": (
                contacts.degree(node) / (count - 1) if count >= 2 else None
            ),
            "betweenness": betweenness[node],
            "weighted_betweenness": weighted[node],
            "centrality": value,
            "eigenvector": value if measure == EIGENVECTOR else None,
            "pagerank": value if measure == PAGERANK else None,
            "effective_size": None,
            "constraint": None,
            "weighted_constraint": None,
            "community": 0,
            "referral_balance": None,
            "referral_role": "",
        }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(PARTNER_COLUMNS))
    frame.index.name = "partner_id"
    _set_types(frame, rows, view)
    return frame


def _set_types(frame: pd.DataFrame, rows: dict, view: NetworkView) -> None:
    """Give each column of ``frame`` a numeric dtype where the view defines
    it for every partner, and dtype ``object`` with ``None`` elsewhere."""
    integers = ["degree", "referrals_in", "referrals_out"]
    floats = ["betweenness", "weighted_betweenness"]
    if view.directed:
        integers += ["in_degree", "out_degree"]
        # PageRank is defined for every partner, even without ties.
        floats += ["centrality", "pagerank"]
    (integers if view.weight == VOLUME else floats).append("weighted_degree")
    for column in integers:
        frame[column] = frame[column].astype("int64")
    for column in floats:
        frame[column] = frame[column].astype("float64")
    for column in set(PARTNER_COLUMNS) - {"name", "referral_role", *integers, *floats}:
        frame[column] = pd.Series(
            [rows[node][column] for node in frame.index],
            index=frame.index,
            dtype=object,
        )


def _add_brokerage(per_partner: pd.DataFrame, view: NetworkView) -> None:
    holes = brokerage(view.ties)
    weighted = brokerage(view.pairs, weight="weight")
    per_partner["effective_size"] = _objects(holes["effective_size"], per_partner)
    per_partner["constraint"] = _objects(holes["constraint"], per_partner)
    per_partner["weighted_constraint"] = _objects(weighted["constraint"], per_partner)


def _add_balance(per_partner: pd.DataFrame) -> None:
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


def _centrality(view: NetworkView) -> tuple[dict | None, str]:
    """Return PageRank of a directed view or eigenvector centrality of an
    undirected one, and the status of eigenvector centrality."""
    if view.directed:
        weighted = view.weighted
        pagerank = nx.pagerank(weighted, weight="weight") if len(weighted) else {}
        return pagerank, "not applicable: the directed view uses PageRank"
    return _eigenvector(view)


def _eigenvector(view: NetworkView) -> tuple[dict[str, float] | None, str]:
    """Return eigenvector centrality of the weighted undirected view, and a
    status saying whether it was computed."""
    weighted = view.weighted
    if weighted.number_of_nodes() < 2:
        return None, "not applicable: fewer than two partners"
    if view.ties.number_of_edges() == 0:
        return None, "not applicable: no ties between partners"
    if weighted.number_of_edges() == 0:
        return None, "not applicable: no tie has a collaboration score above 0"

    try:
        values = nx.eigenvector_centrality(
            weighted, max_iter=EIGENVECTOR_MAX_ITER, weight="weight"
        )
    except nx.PowerIterationFailedConvergence as error:
        logger.warning(
            "eigenvector centrality did not converge on %s partners: %s",
            weighted.number_of_nodes(),
            error,
        )
        return None, (
            f"not computed: power iteration did not converge in "
            f"{EIGENVECTOR_MAX_ITER} iterations"
        )
    # An isolated partner's exact value is 0, but power iteration only
    # shrinks its starting value towards 0.
    for node in nx.isolates(weighted):
        values[node] = 0.0
    return values, "computed"


def _with_distance(weighted: nx.Graph) -> nx.Graph:
    """Copy the ties with ``distance``, 1 over their weight, so that
    shortest routes run along the heaviest ties.

    NOTE: a route's length is a float sum, so a tie more than about 1e15
    times heavier than another on the same route adds nothing to its
    length. Equally long routes can then be counted differently depending
    on partner ids. Referral volumes cannot span that range, but scores
    close to 0 can.
    """
    graph = weighted.__class__()
    graph.add_nodes_from(weighted)
    for sender, receiver, value in weighted.edges(data="weight"):
        graph.add_edge(sender, receiver, distance=1 / value)
    return graph
