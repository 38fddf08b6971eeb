"""The partner-level referral graph, built from the store's aggregates."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from analysis._counts import StatusTally, tally_referrals
from graph.model import Employer, Partner
from graph.rules import REFERRAL_STATUSES
from graph.store import PartnerReach, ReferralCount


def build_referral_graph(
    partners: Sequence[Partner],
    counts: Sequence[ReferralCount],
    reach: Sequence[PartnerReach] = (),
    employers: Sequence[Employer] = (),
    include_employers: bool = False,
) -> nx.DiGraph:
    """Build the directed graph of referrals between partners.

    Parameters
    ----------
    partners : sequence of Partner
        Every partner of the partnership. Each becomes a node, even one that
        made and received no referrals.
    counts : sequence of ReferralCount
        Referrals per sender, receiver and status, from
        ``Store.referral_counts``.
    reach : sequence of PartnerReach, optional
        Participants each partner worked with, from ``Store.partner_reach``.
        A partner missing from ``reach`` has 0 participants.
    employers : sequence of Employer, optional
        Employers whose names label employer nodes.
    include_employers : bool, optional (default=False)
        Add a node for each employer that received a referral, and the edges
        to it. Without it, referrals to employers are left out.

    Returns
    -------
    graph : networkx.DiGraph
        Nodes are ids, added in sorted order, with attributes ``name``,
        ``type`` (the partner type, ``None`` for employers), ``kind``
        (``"partner"`` or ``"employer"``) and ``participants``. Edges run
        from sender to receiver, added in sorted order, with one attribute
        per status in ``REFERRAL_STATUSES`` (``made``, ``accepted``,
        ``declined``, ``withdrawn``, ``completed``) and ``referrals``, the
        total of every status.

    Raises
    ------
    ValueError
        If a count names a partner that is not in ``partners``, or an
        employer id equals a partner id.

    Notes
    -----
    A referral's status is its current one, so an edge's ``accepted`` counts
    referrals accepted and not yet completed. A partner referring to itself
    gives a self-loop, which the network measures leave out.

    Employers get 0 participants, because the store counts participants per
    partner only. An employer that received a referral but is not in
    ``employers`` is named by its id.

    Examples
    --------
    >>> from graph.model import Partner
    >>> from graph.store import ReferralCount
    >>> partners = [Partner("P2", "Youth club"), Partner("P1", "CV charity")]
    >>> counts = [ReferralCount("P2", "P1", "partner", "accepted", 3)]
    >>> graph = build_referral_graph(partners, counts)
    >>> list(graph.nodes)
    ['P1', 'P2']
    >>> graph.edges["P2", "P1"]["referrals"]
    3
    """
    participants = {row.partner_id: row.participants for row in reach}
    tallies = tally_referrals(counts)

    nodes: dict[str, dict[str, object]] = {
        partner.id: {
            "name": partner.name,
            "type": partner.type,
            "kind": "partner",
            "participants": participants.get(partner.id, 0),
        }
        for partner in partners
    }
    if include_employers:
        _add_employer_nodes(nodes, employers, tallies)

    graph = nx.DiGraph()
    for node_id in sorted(nodes):
        graph.add_node(node_id, **nodes[node_id])

    for (sender, receiver), tally in tallies.items():
        if tally.to_kind == "employer" and not include_employers:
            continue
        for node_id in (sender, receiver):
            if node_id not in graph:
                raise ValueError(
                    f"referral count names partner {node_id!r}, which is not "
                    "in the list of partners. Pass every partner of the "
                    "partnership"
                )
        statuses = {status: tally.by_status[status] for status in REFERRAL_STATUSES}
        graph.add_edge(sender, receiver, **statuses, referrals=tally.total)
    return graph


def _add_employer_nodes(
    nodes: dict[str, dict[str, object]],
    employers: Sequence[Employer],
    tallies: dict[tuple[str, str], StatusTally],
) -> None:
    names = {employer.id: employer.name for employer in employers}
    for (_, receiver), tally in tallies.items():
        if tally.to_kind != "employer":
            continue
        existing = nodes.get(receiver)
        if existing is not None and existing["kind"] == "partner":
            raise ValueError(
                f"employer id {receiver!r} is also a partner id, but the referral "
                "graph needs ids that are unique across partners and employers"
            )
        nodes[receiver] = {
            "name": names.get(receiver, receiver),
            "type": None,
            "kind": "employer",
            "participants": 0,
        }
