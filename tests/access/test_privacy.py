"""Small-number suppression, pseudonyms and age bands, on cases worked out
by hand."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.access.privacy import (
    SUPPRESSED,
    Suppressed,
    age_band,
    pseudonym,
    suppress_counts,
    suppress_rate,
)

SECRET = b"0123456789abcdef-partnership-one"


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # Nothing small: all shown.
        ({"A": 12, "B": 7}, Suppressed({"A": 12, "B": 7}, 19)),
        # B is small, and C is hidden with it. Then B + C = 23 - 20, and
        # C is at least 5, so B is anything from 1 to 4.
        (
            {"A": 3, "B": 20, "C": 30, "D": 40},
            Suppressed({"A": "<5", "B": "suppressed", "C": 30, "D": 40}, 93),
        ),
        # B and C hidden together would give B + C = 8 with C at least 5,
        # so B at most 3; hiding A as well would hide every count, so the
        # total is hidden instead.
        (
            {"A": 12, "B": 2, "C": 6},
            Suppressed({"A": 12, "B": "<5", "C": 6}, "suppressed"),
        ),
        # With the total, B + C = 4 would leave B from 1 to 3 only, and the
        # one count to hide with them is A, so the total is hidden. Zero
        # stays visible.
        (
            {"A": 9, "B": 1, "C": 3, "D": 0},
            Suppressed({"A": 9, "B": "<5", "C": "<5", "D": 0}, "suppressed"),
        ),
        # Two counts of 1 and a 5: any total would give both away.
        (
            {"declined": 1, "withdrawn": 1, "completed": 5},
            Suppressed(
                {"declined": "<5", "withdrawn": "<5", "completed": 5}, "suppressed"
            ),
        ),
        # 1 and 5 hidden together sum to 6, which fixes the 1; a second
        # hidden count makes the sum wide enough.
        (
            {"A": 1, "B": 5, "C": 9, "D": 50},
            Suppressed({"A": "<5", "B": "suppressed", "C": "suppressed", "D": 50}, 65),
        ),
        # A total below the threshold: every count reads "<5", even a zero,
        # or the number of non-zero counts would narrow them down.
        ({"A": 3, "B": 0}, Suppressed({"A": "<5", "B": "<5"}, "<5")),
        # A small total is hidden even when its parts are too.
        ({"A": 1, "B": 2}, Suppressed({"A": "<5", "B": "<5"}, "<5")),
        ({}, Suppressed({}, 0)),
    ],
)
def test_suppress_counts(counts, expected):
    assert suppress_counts(counts, 5) == expected


def test_suppression_threshold_changes_the_text():
    assert suppress_counts({"A": 9, "B": 20, "C": 30, "D": 40}, 10) == Suppressed(
        {"A": "<10", "B": "suppressed", "C": 30, "D": 40}, 99
    )


def test_threshold_of_one_hides_nothing():
    assert suppress_counts({"A": 1, "B": 0}, 1) == Suppressed({"A": 1, "B": 0}, 1)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (6, 12, 0.5),
        (0, 10, 0.0),
        (10, 10, 1.0),
        (3, 12, None),  # 3 people achieved it
        (10, 12, None),  # 2 people did not
        (2, 4, None),  # the base is below 5
        (0, 0, None),
    ],
)
def test_suppress_rate(numerator, denominator, expected):
    assert suppress_rate(numerator, denominator, 5) == expected


def test_pseudonym_is_stable_keyed_and_opaque():
    first = pseudonym(SECRET, "P0001")

    assert first == pseudonym(SECRET, "P0001")
    assert first != pseudonym(SECRET, "P0002")
    assert first != pseudonym(b"another-partnership-secret", "P0001")
    assert first.startswith("anon-")
    assert len(first) == len("anon-") + 16
    assert "P0001" not in first
    assert "0001" not in first


def test_pseudonym_needs_a_long_secret():
    with pytest.raises(ValueError, match="at least 16 bytes"):
        pseudonym(b"short", "P0001")


@pytest.mark.parametrize(
    ("birth_year", "expected"),
    [
        (2010, "under 16"),  # reaches 14 in 2024
        (2009, "under 16"),  # 15
        (2008, "16-18"),  # 16
        (2006, "16-18"),  # 18
        (2005, "19-21"),
        (2003, "19-21"),
        (2002, "22-24"),
        (2000, "22-24"),
        (1999, "25 and over"),
        (None, None),
    ],
)
def test_age_band(birth_year, expected):
    assert age_band(birth_year, date(2024, 6, 1)) == expected


def feasible_values(shown: Suppressed, threshold: int, limit: int) -> dict:
    """Return, for each hidden count, every value it could have given what
    is shown and the rules a reader can know from the docs.

    Beside a total below the threshold, each ``<N`` is 0 to N - 1 and the
    total 1 to N - 1. Otherwise each ``<N`` is 1 to N - 1, each
    ``suppressed`` is from the threshold up to ``limit`` (from 0 when every
    count is ``suppressed``), and a shown total fixes the sum.
    """
    hidden = [key for key, value in shown.counts.items() if isinstance(value, str)]
    visible = sum(v for v in shown.counts.values() if not isinstance(v, str))
    small = f"<{threshold}"
    small_total = shown.total == small
    all_suppressed = all(value == SUPPRESSED for value in shown.counts.values())
    ranges = []
    for key in hidden:
        if shown.counts[key] == small:
            ranges.append(range(0 if small_total else 1, threshold))
        else:
            ranges.append(range(0 if all_suppressed else threshold, limit + 1))
    found: dict = {key: set() for key in hidden}
    for values in itertools.product(*ranges):
        total = visible + sum(values)
        if isinstance(shown.total, int) and total != shown.total:
            continue
        if small_total and not 0 < total < threshold:
            continue
        for key, value in zip(hidden, values, strict=True):
            found[key].add(value)
    return found


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=4),
    st.booleans(),
)
def test_no_small_count_can_be_narrowed(values, keep_total):
    threshold = 5
    counts = {f"c{index}": value for index, value in enumerate(values)}

    shown = suppress_counts(counts, threshold, keep_total=keep_total)

    if keep_total:
        assert shown.total == sum(values) or shown.total == f"<{threshold}"
    feasible = feasible_values(shown, threshold, limit=sum(values) + threshold)
    for key, value in counts.items():
        if 0 < value < threshold:
            assert feasible[key] >= set(range(1, threshold)), (counts, shown)
