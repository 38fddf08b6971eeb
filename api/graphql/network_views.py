"""The enums and arguments that choose the view of the partner network
(``analysis.network_views``): which ties, and what they weigh."""

from __future__ import annotations

from typing import Any

import graphene

NetworkView = graphene.Enum(
    "NetworkView",
    [("DIRECTED", "directed"), ("UNDIRECTED", "undirected")],
    description="DIRECTED takes a tie as an ordered pair of partners with a "
    "referral from the first to the second. UNDIRECTED takes it as an "
    "unordered pair with a referral either way.",
)

TieWeight = graphene.Enum(
    "TieWeight",
    [("VOLUME", "volume"), ("STRENGTH", "strength")],
    description="VOLUME weighs a tie by its referrals, both directions "
    "together in the undirected view. STRENGTH weighs it by the pair's "
    "collaboration score, and leaves ties of pairs without a score out of "
    "the weighted measures.",
)


def view_arguments() -> dict[str, Any]:
    """Return the ``view`` and ``weight`` arguments of a network field."""
    return {
        "view": NetworkView(
            default_value="directed", description="Which pairs of partners are ties."
        ),
        "weight": TieWeight(default_value="volume", description="What a tie weighs."),
    }


def view_values(view: Any, weight: Any) -> tuple[bool, str]:
    """Return ``directed`` and ``weight`` for ``analysis.centrality`` from
    the enum arguments, which graphene passes as members or as values."""
    view_value = getattr(view, "value", view)
    return view_value == "directed", str(getattr(weight, "value", weight))
