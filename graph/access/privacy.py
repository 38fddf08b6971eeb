"""The disclosure controls that views of personal data go through.

Small-number suppression hides counts of people below the partnership's
threshold, shown as ``"<5"`` for a threshold of 5. A hidden count could
still be worked out from a total and the other counts beside it, so
``suppress_counts`` also hides other counts, smallest first
(complementary suppression), shown as ``"suppressed"`` because they need
not be small, or else the total. A zero stays visible, because a count of
no people discloses no one.

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


def suppress_counts(
    counts: Mapping[K, int], threshold: int, keep_total: bool = False
) -> Suppressed[K]:
    """Hide each count of people from 1 to ``threshold - 1``, then enough
    others that no hidden count follows from the total.

    A reader who sees the total learns the sum of the hidden counts, and
    knows that each small one is at least 1 and each other hidden one at
    least ``threshold``. So other counts are hidden too, smallest first,
    until that sum leaves every small count free to be anything from 1 to
    ``threshold - 1``. When that would hide every count, the total is
    hidden instead, unless ``keep_total`` says it is shown elsewhere anyway.
    Then, if hiding every count is still not enough, every count reads
    ``"suppressed"``, zeros too, so that only the total is known.

    A total below the threshold is hidden, and every count beside it reads
    ``"<5"``, zeros too, because the number of non-zero counts would
    otherwise narrow them down. ``threshold`` 1 or less hides nothing.
    """
    small = f"<{threshold}"
    total = sum(counts.values())
    shown: dict[K, int | str] = {
        key: small if 0 < value < threshold else value for key, value in counts.items()
    }
    primary = [key for key, text in shown.items() if text == small]
    if not primary:
        return Suppressed(shown, total)
    if total < threshold:
        return Suppressed(dict.fromkeys(counts, small), small)
    others = sorted(
        (value, str(key), key)
        for key, value in counts.items()
        if shown[key] != small and value > 0
    )
    hidden_sum = sum(counts[key] for key in primary)
    complement: list[K] = []
    for value, _name, key in others:
        if _protected(hidden_sum, len(primary), complement, threshold):
            break
        complement.append(key)
        hidden_sum += value
    protected = _protected(hidden_sum, len(primary), complement, threshold)
    if not keep_total and (len(complement) == len(others) or not protected):
        return Suppressed(shown, SUPPRESSED)
    if not protected:
        return Suppressed(dict.fromkeys(counts, SUPPRESSED), total)
    for key in complement:
        shown[key] = SUPPRESSED
    return Suppressed(shown, total)


def _protected(
    hidden_sum: int, small_count: int, complement: list, threshold: int
) -> bool:
    """Return whether the sum of the hidden counts leaves each of the
    ``small_count`` small ones free to be anything from 1 to the threshold
    less 1.

    The most one can be is the sum less at least 1 for each other small
    count and at least ``threshold`` for each complementary one. The least
    is 1 once a complementary count, which has no upper bound, is hidden,
    and otherwise the sum less at most ``threshold - 1`` for each other
    small count.
    """
    most = hidden_sum - (small_count - 1) - threshold * len(complement)
    least = 1 if complement else hidden_sum - (small_count - 1) * (threshold - 1)
    return most >= threshold - 1 and least <= 1


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
