"""Referral counts summed per sender and receiver, shared by the analyses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.rules import REFERRAL_STATUSES
from graph.store import ReferralCount

# Statuses in which the receiver took the participant on. A completed
# referral was accepted first, so it counts as accepted too.
TAKEN_ON_STATUSES = ("accepted", "completed")


@dataclass
class StatusTally:
    """Referrals from one sender to one receiver, by current status.

    ``total`` includes referrals whose status is not one of
    ``REFERRAL_STATUSES``, which are otherwise not counted.
    """

    to_kind: str
    by_status: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(REFERRAL_STATUSES, 0)
    )
    total: int = 0

    @property
    def taken_on(self) -> int:
        """Referrals the receiver accepted, completed or not."""
        return sum(self.by_status[status] for status in TAKEN_ON_STATUSES)

    @property
    def decided(self) -> int:
        """Referrals the receiver accepted or declined."""
        return self.taken_on + self.by_status["declined"]


def tally_referrals(
    counts: Iterable[ReferralCount],
) -> dict[tuple[str, str], StatusTally]:
    """Sum ``counts`` per (sender, receiver), in sorted key order.

    Raises ``ValueError`` on a negative count, or when one receiver id is
    given as both a partner and an employer.
    """
    tallies: dict[tuple[str, str], StatusTally] = {}
    for row in counts:
        if row.count < 0:
            raise ValueError(
                f"invalid referral count {row.count} from {row.from_partner_id!r} "
                f"to {row.to_id!r}: counts must be zero or more"
            )
        key = (row.from_partner_id, row.to_id)
        tally = tallies.setdefault(key, StatusTally(to_kind=row.to_kind))
        if tally.to_kind != row.to_kind:
            raise ValueError(
                f"receiver {row.to_id!r} is given as both a partner and an "
                "employer. Each receiver id must name one kind of receiver"
            )
        if row.status in tally.by_status:
            tally.by_status[row.status] += row.count
        tally.total += row.count
    return dict(sorted(tallies.items()))


def rate(numerator: int, denominator: int) -> float | None:
    """Return ``numerator / denominator``, or ``None`` when it is 0/0."""
    if denominator == 0:
        return None
    return numerator / denominator
