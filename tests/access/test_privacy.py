"""Small-number suppression, pseudonyms and age bands, on cases worked out
by hand."""

from __future__ import annotations

from datetime import date

import pytest

from graph.access.privacy import (
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
        # B is small. Alone, it would be 20 - 12 - 6, so the smallest other
        # count, C, is hidden too, marked as hidden for B's sake.
        (
            {"A": 12, "B": 2, "C": 6},
            Suppressed({"A": 12, "B": "<5", "C": "suppressed"}, 20),
        ),
        # Two small counts protect each other; zero stays visible.
        (
            {"A": 9, "B": 1, "C": 3, "D": 0},
            Suppressed({"A": 9, "B": "<5", "C": "<5", "D": 0}, 13),
        ),
        # The only other count is zero, so the total is hidden instead.
        ({"A": 3, "B": 0}, Suppressed({"A": "<5", "B": 0}, "<5")),
        # A small total is hidden even when its parts are too.
        ({"A": 1, "B": 2}, Suppressed({"A": "<5", "B": "<5"}, "<5")),
        ({}, Suppressed({}, 0)),
    ],
)
def test_suppress_counts(counts, expected):
    assert suppress_counts(counts, 5) == expected


def test_suppression_threshold_changes_the_text():
    assert suppress_counts({"A": 9, "B": 20, "C": 30}, 10) == Suppressed(
        {"A": "<10", "B": "suppressed", "C": 30}, 59
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
