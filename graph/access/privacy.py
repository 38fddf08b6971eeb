"""The disclosure controls that views of personal data go through.

Small-number suppression hides counts of people below the partnership's
threshold, shown as ``"<5"`` for a threshold of 5. A hidden count could
still be worked out from a total and the other counts beside it, so
``suppress_counts`` also hides the smallest other count (complementary
suppression), shown as ``"suppressed"`` because it need not be small, or
the total when there is no other count to hide. A zero stays visible,
because a count of no people discloses no one.

Pseudonyms replace participant ids in views that cross partners. A
pseudonym is a keyed hash of the id with the partnership's secret, so it is
stable within the partnership, differs between partnerships, and cannot be
turned back into the id without the secret. Birth years become age bands.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

PSEUDONYM_PREFIX = "anon-"
# Upper ends of the age bands, inclusive; the last band is open.
AGE_BANDS = ((15, "under 16"), (18, "16-18"), (21, "19-21"), (24, "22-24"))
OLDEST_BAND = "25 and over"
# The text of a count hidden only so that a small one cannot be worked out.
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Suppressed(Generic[K]):
    """Counts ready to show: each is its number, or the text shown in its
    place, such as ``"<5"``."""

    counts: dict[K, int | str]
    total: int | str


def suppress_counts(counts: Mapping[K, int], threshold: int) -> Suppressed[K]:
    """Hide each count of people from 1 to ``threshold - 1``, then enough
    others that no hidden count follows from the total.

    With one count hidden, the smallest other non-zero count is hidden too;
    when there is none, the total is hidden instead. A total below the
    threshold is hidden as well. ``threshold`` 1 or less hides nothing.
    """
    small = f"<{threshold}"
    total = sum(counts.values())
    shown: dict[K, int | str] = {
        key: small if 0 < value < threshold else value for key, value in counts.items()
    }
    shown_total: int | str = small if 0 < total < threshold else total
    if list(shown.values()).count(small) == 1:
        others = sorted(
            (value, str(key), key)
            for key, value in counts.items()
            if shown[key] != small and value > 0
        )
        if others:
            shown[others[0][2]] = SUPPRESSED
        elif shown_total != small:
            shown_total = SUPPRESSED
    return Suppressed(shown, shown_total)


def suppress_rate(numerator: int, denominator: int, threshold: int) -> float | None:
    """Return ``numerator / denominator``, or ``None`` when the base is
    below ``threshold`` or the rate would reveal a hidden count."""
    if denominator < threshold or denominator == 0:
        return None
    if 0 < numerator < threshold or 0 < denominator - numerator < threshold:
        return None
    return numerator / denominator


def pseudonym(secret: bytes, participant_id: str) -> str:
    """Return the participant's stable pseudonym in the partnership whose
    secret is ``secret``: ``anon-`` and 16 base32 characters (80 bits)."""
    if len(secret) < 16:
        raise ValueError("the pseudonym secret must be at least 16 bytes")
    digest = hmac.new(secret, participant_id.encode("utf-8"), hashlib.sha256)
    code = base64.b32encode(digest.digest()[:10]).decode("ascii").lower()
    return PSEUDONYM_PREFIX + code


def age_band(birth_year: int | None, on: date) -> str | None:
    """Return the age band of someone born in ``birth_year`` on the day
    ``on``, counting the age they reach that year; ``None`` when unknown."""
    if birth_year is None:
        return None
    age = on.year - birth_year
    for upper, label in AGE_BANDS:
        if age <= upper:
            return label
    return OLDEST_BAND
