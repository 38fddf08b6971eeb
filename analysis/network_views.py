"""The four views of a partner network: directed or undirected ties, weighted
by referral volume or by collaboration strength.

In the directed view a tie is an ordered pair of partners with at least one
referral from the first to the second, so referrals both ways make two
ties. In the undirected view a tie is an unordered pair with at least one
referral either way.

A tie's weight is its referral volume (``"volume"``): the referrals on it,
and in the undirected view those of both directions together. Or it is the
pair's collaboration score (``"strength"``) from
``analysis.collaboration.collaboration_strength``, the same for both
directions of a pair. A pair without a score, mostly one with too few
referrals to be judged, has no weight. Its ties still count in every
unweighted measure, but they are left out of every weighted one, and
``NetworkView.unscored_ties`` counts them. Such a tie is never weighted 0
or 1, because too little evidence is not weak collaboration.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

VOLUME = "volume"
STRENGTH = "strength"
TIE_WEIGHTS = (VOLUME, STRENGTH)

# The columns of a collaboration table that the strength view reads.
STRENGTH_COLUMNS = ("partner_a", "partner_b", "score")


@dataclass(frozen=True)
class NetworkView:
    """A partner network seen one of the four ways.

    ``ties`` contains every partner and every tie of the view: a
    ``networkx.DiGraph`` of ordered pairs when ``directed``, otherwise a
    ``networkx.Graph`` of unordered pairs. Each tie has ``referrals``, and
    ``weight``, which is ``None`` for a tie without a score. ``weighted``
    contains every partner and only the ties with a positive weight.
    ``pairs`` is undirected, with one edge for each pair in ``weighted``,
    weighted by the referrals of both directions together (volume) or by
    the pair's score (strength). ``unscored_ties`` is ``None`` under volume.

    Under strength the weights of ``weighted`` and ``pairs`` are the scores
    divided by the largest score, so that the largest is 1. The measures
    computed on these graphs do not change when every weight is multiplied
    by the same number, and the division keeps very small scores from
    underflowing when Louvain's method squares their sums.
    """

    directed: bool
    weight: str
    ties: nx.Graph
    weighted: nx.Graph
    pairs: nx.Graph
    unscored_ties: int | None


def network_view(
    partners: nx.DiGraph,
    directed: bool = True,
    weight: str = VOLUME,
    strength: pd.DataFrame | None = None,
) -> NetworkView:
    """Build one view of a partner network.

    Parameters
    ----------
    partners : networkx.DiGraph
        Partners only, without self-loops, each edge with ``referrals``.
    directed : bool, optional (default=True)
        Ordered pairs as ties, or unordered pairs.
    weight : {"volume", "strength"}, optional (default="volume")
        What a tie weighs.
    strength : pandas.DataFrame, optional
        The collaboration table of the same referrals, required with
        ``weight="strength"``. Only ``partner_a``, ``partner_b`` and
        ``score`` are read. A ``score`` of ``None`` or NaN means the pair
        has no score.

    Raises
    ------
    ValueError
        If ``weight`` is not ``"volume"`` or ``"strength"``, if ``strength``
        is missing with ``"strength"`` or given with ``"volume"``, lacks a
        column, has two rows for one pair, or a negative or infinite score,
        or if a tie's pair has no row.

    Examples
    --------
    >>> graph = nx.DiGraph()
    >>> graph.add_edge("A", "B", referrals=3)
    >>> graph.add_edge("B", "A", referrals=1)
    >>> network_view(graph, directed=False).ties.edges["A", "B"]["weight"]
    4
    """
    scores = _scores_for(weight, strength)
    ties = _directed_ties(partners) if directed else _undirected_ties(partners)

    unscored: int | None = None
    if scores is None:
        for _sender, _receiver, data in ties.edges(data=True):
            data["weight"] = data["referrals"]
    else:
        unscored = 0
        for sender, receiver, data in ties.edges(data=True):
            data["weight"] = _score_of(scores, sender, receiver)
            if data["weight"] is None:
                unscored += 1

    weighted = _weighted(ties, relative=scores is not None)
    return NetworkView(
        directed=directed,
        weight=weight,
        ties=ties,
        weighted=weighted,
        pairs=_pairs(weighted, weight),
        unscored_ties=unscored,
    )


def _scores_for(
    weight: str, strength: pd.DataFrame | None
) -> dict[frozenset, float | None] | None:
    """Return each pair's score under ``"strength"``, ``None`` under
    ``"volume"``."""
    if weight not in TIE_WEIGHTS:
        raise ValueError(
            f"invalid weight {weight!r}: expected one of {', '.join(TIE_WEIGHTS)}"
        )
    if weight == STRENGTH and strength is None:
        raise ValueError(
            "weight 'strength' needs the collaboration table: pass the "
            "collaboration_strength table of the same window as strength"
        )
    if weight == VOLUME and strength is not None:
        raise ValueError(
            "a collaboration table was given with weight 'volume', which does "
            "not read it: pass weight='strength' to weight ties by it"
        )
    return None if strength is None else _pair_scores(strength)


def _directed_ties(partners: nx.DiGraph) -> nx.DiGraph:
    ties = nx.DiGraph()
    ties.add_nodes_from(partners.nodes(data=True))
    for sender, receiver, volume in partners.edges(data="referrals"):
        ties.add_edge(sender, receiver, referrals=volume)
    return ties


def _undirected_ties(partners: nx.DiGraph) -> nx.Graph:
    """Merge each pair's ties into one whose ``referrals`` is the sum of
    both directions."""
    ties = nx.Graph()
    ties.add_nodes_from(partners.nodes(data=True))
    for sender, receiver, volume in partners.edges(data="referrals"):
        if ties.has_edge(sender, receiver):
            ties.edges[sender, receiver]["referrals"] += volume
        else:
            ties.add_edge(sender, receiver, referrals=volume)
    return ties


def _pair_scores(strength: pd.DataFrame) -> dict[frozenset, float | None]:
    missing = [column for column in STRENGTH_COLUMNS if column not in strength]
    if missing:
        raise ValueError(
            f"the collaboration table lacks the columns {', '.join(missing)}: "
            "pass a table from collaboration_strength"
        )
    scores: dict[frozenset, float | None] = {}
    for partner_a, partner_b, score in zip(
        strength["partner_a"], strength["partner_b"], strength["score"], strict=True
    ):
        pair = frozenset((partner_a, partner_b))
        if pair in scores:
            raise ValueError(
                f"the collaboration table has two rows for partners "
                f"{partner_a!r} and {partner_b!r}; pass one row per pair"
            )
        scores[pair] = _checked_score(score, partner_a, partner_b)
    return scores


def _checked_score(score: Any, partner_a: object, partner_b: object) -> float | None:
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return None
    value = float(score)
    if not math.isfinite(value) or value < 0:
        raise ValueError(
            f"invalid collaboration score {score!r} for partners {partner_a!r} "
            f"and {partner_b!r}: a score must be a finite number, zero or more"
        )
    return value


def _score_of(
    scores: dict[frozenset, float | None], sender: Hashable, receiver: Hashable
) -> float | None:
    pair = frozenset((sender, receiver))
    if pair not in scores:
        raise ValueError(
            f"the collaboration table has no row for partners {sender!r} and "
            f"{receiver!r}, which have a referral tie: pass the "
            "collaboration_strength table of the same window as the graph"
        )
    return scores[pair]


def _weighted(ties: nx.Graph, relative: bool) -> nx.Graph:
    """Copy the partners and the ties with a positive weight, with weights
    divided by the largest if ``relative``.

    A judged pair can score 0, for example when only reciprocity is
    weighted and referrals flow one way. Such a tie adds nothing to a
    weighted measure, and as a distance of 1 / 0 it would be infinitely
    long, so it is left out like an unscored one.
    """
    positive = [
        (sender, receiver, value)
        for sender, receiver, value in ties.edges(data="weight")
        if value is not None and value > 0
    ]
    largest = max((value for *_pair, value in positive), default=1)
    weighted = ties.__class__()
    weighted.add_nodes_from(ties.nodes(data=True))
    weighted.add_edges_from(
        (sender, receiver, {"weight": value / largest if relative else value})
        for sender, receiver, value in positive
    )
    return weighted


def weighted_degrees(view: NetworkView) -> dict[Hashable, float]:
    """Return the sum of the weights of each partner's ties, which in the
    directed view are its ties in and out. Unscored ties add nothing, and
    under strength the sum is of the scores themselves."""
    sums: dict[Hashable, float] = dict.fromkeys(view.ties, 0)
    for sender, receiver, value in view.ties.edges(data="weight"):
        if value is not None:
            sums[sender] += value
            sums[receiver] += value
    return sums


def _pairs(weighted: nx.Graph, weight: str) -> nx.Graph:
    """Merge the weighted ties into one edge per pair: volumes add up, and
    a score, which both directions share, counts once."""
    pairs = nx.Graph()
    pairs.add_nodes_from(weighted.nodes(data=True))
    for sender, receiver, value in weighted.edges(data="weight"):
        if not pairs.has_edge(sender, receiver):
            pairs.add_edge(sender, receiver, weight=value)
        elif weight == VOLUME:
            pairs.edges[sender, receiver]["weight"] += value
    return pairs
