"""The dashboard's collaboration and network panels, ready for its template.

Both panels go through the same small-number suppression as the tables a
funder reads in GraphQL (``graph.access.disclosure``), whoever is signed
in, because the dashboard is the page shown to a room of partners.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from api import analyses
from api.graphql import tables
from api.pages.dashboard import count_text
from graph.access import disclosure
from graph.store import Store

# The panels list this many pairs and partners, strongest or most central
# first.
TOP_PAIRS = 10
TOP_BROKERS = 5

# The collaboration components in the order of their columns, with the
# column headings.
COMPONENT_LABELS = (
    ("volume", "Volume"),
    ("reciprocity", "Reciprocity"),
    ("acceptance", "Acceptance"),
    ("shared", "Shared"),
    ("joint_outcomes", "Joint outcomes"),
    ("recency", "Recency"),
)


@dataclass(frozen=True)
class PairRow:
    """One judged pair of partners and its collaboration score.

    ``components`` and ``score`` are formatted from 0.00 to 1.00, or "–"
    where a component is undefined or hidden with a suppressed count.
    """

    names: tuple[str, str]
    referrals: str
    shared_participants: str
    components: tuple[str, ...]
    score: str


@dataclass(frozen=True)
class BrokerRow:
    """A partner that lies on many referral routes between other partners."""

    name: str
    betweenness: str
    constraint: str
    role: str
    sent: str
    received: str


def build_network_panels(
    store: Store, since: date | None, until: date | None
) -> dict[str, Any]:
    """Compute the collaboration and network panels of the window."""
    threshold = store.load_config().small_number_threshold
    names = {partner.id: partner.name for partner in store.list_partners()}
    pairs = disclosure.collaboration_rows(
        tables.frame_rows(analyses.collaboration(store, since, until)), threshold
    )
    network = disclosure.metrics_row(
        tables.metrics_row(analyses.metrics(store, since, until)), threshold
    )
    return {
        "top_pairs": TOP_PAIRS,
        "component_labels": [label for _name, label in COMPONENT_LABELS],
        "pairs": top_pairs(pairs, names),
        "unjudged_pairs": sum(1 for pair in pairs if not pair["judged"]),
        "network": network_summary(network),
        "brokers": top_brokers(network["per_partner"], names),
    }


def top_pairs(
    pairs: list[dict[str, Any]], names: dict[str, str], limit: int = TOP_PAIRS
) -> list[PairRow]:
    """Return the first ``limit`` judged pairs, which come strongest first in
    the collaboration table; a pair whose score is hidden keeps its place."""
    rows: list[PairRow] = []
    for pair in pairs:
        if not pair["judged"] or len(rows) == limit:
            continue
        rows.append(
            PairRow(
                names=(
                    names.get(pair["partner_a"], pair["partner_a"]),
                    names.get(pair["partner_b"], pair["partner_b"]),
                ),
                referrals=count_text(pair["referrals"]),
                shared_participants=count_text(pair["shared_participants"]),
                components=tuple(
                    _fraction(pair[name]) for name, _label in COMPONENT_LABELS
                ),
                score=_fraction(pair["score"]),
            )
        )
    return rows


def network_summary(network: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the network's measures as (label, text) rows."""
    return [
        ("Partners", f"{network['partners']:,}"),
        ("Ties", "–" if network["ties"] is None else f"{network['ties']:,}"),
        ("Referrals between partners", count_text(network["referrals"])),
        ("Density", _percent(network["density"])),
        ("Reciprocity", _percent(network["reciprocity"])),
        ("Degree centralisation", _fraction(network["degree_centralisation"])),
        ("Components", f"{network['components']:,}"),
        ("Isolated partners", f"{network['isolates']:,}"),
        ("Communities", f"{network['communities']:,}"),
        ("Modularity", _fraction(network["modularity"])),
    ]


def top_brokers(
    partners: list[dict[str, Any]], names: dict[str, str], limit: int = TOP_BROKERS
) -> list[BrokerRow]:
    """Return up to ``limit`` partners with betweenness above 0, highest
    first and then by id."""
    central = sorted(
        (partner for partner in partners if partner["betweenness"] > 0),
        key=lambda partner: (-partner["betweenness"], partner["partner_id"]),
    )
    return [
        BrokerRow(
            name=names.get(partner["partner_id"], partner["partner_id"]),
            betweenness=_fraction(partner["betweenness"]),
            constraint=_fraction(partner["constraint"]),
            role=partner["referral_role"] or "–",
            sent=count_text(partner["referrals_out"]),
            received=count_text(partner["referrals_in"]),
        )
        for partner in central[:limit]
    ]


def _fraction(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"
