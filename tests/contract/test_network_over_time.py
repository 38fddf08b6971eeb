"""The network over time of api.analyses, split by every period length, on
both stores.

The referrals between partners of tests/conftest.py's small partnership,
by day in 2024 (R08 and R10 go to employers, so they are left out):

    02-01 A -> C, 02-05 A -> C, 02-15 B -> A, 02-20 B -> A,
    03-10 C -> A, 03-15 C -> D, 03-20 C -> D, 04-15 A -> B
"""

from __future__ import annotations

from datetime import date

import pytest

from api.analyses import MAX_PERIODS, network_over_time

JANUARY_TO_JUNE = (date(2024, 1, 1), date(2024, 6, 30))


def _table(network, periods, *columns: str) -> list[tuple]:
    """Return each period's label, days and ``columns``, in order."""
    return [
        (period.label, period.first_day, period.last_day)
        + tuple(network.loc[period.label, column] for column in columns)
        for period in periods
    ]


def test_months(loaded_store):
    network, _partners, periods = network_over_time(
        loaded_store, *JANUARY_TO_JUNE, period_length="month"
    )

    # February: A -> C twice and B -> A twice. March: C -> A and C -> D
    # twice, so both February ties are lost. April: A -> B. May has only a
    # referral to an employer.
    assert _table(network, periods, "referrals", "ties", "new_ties", "lost_ties") == [
        ("2024-01", date(2024, 1, 1), date(2024, 1, 31), 0, 0, None, None),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), 4, 2, 2, 0),
        ("2024-03", date(2024, 3, 1), date(2024, 3, 31), 3, 2, 2, 2),
        ("2024-04", date(2024, 4, 1), date(2024, 4, 30), 1, 1, 1, 2),
        ("2024-05", date(2024, 5, 1), date(2024, 5, 31), 0, 0, 0, 1),
        ("2024-06", date(2024, 6, 1), date(2024, 6, 30), 0, 0, 0, 0),
    ]


def test_quarters_with_movers(loaded_store):
    network, partners, periods = network_over_time(loaded_store, *JANUARY_TO_JUNE)

    assert _table(network, periods, "referrals", "ties", "new_ties", "lost_ties") == [
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31), 7, 4, None, None),
        ("2024Q2", date(2024, 4, 1), date(2024, 6, 30), 1, 1, 1, 4),
    ]
    # Q1's ties A -> C, B -> A, C -> A and C -> D. Of the 6 ordered pairs
    # of other partners, the routes B to C and B to D pass through A, and
    # B to D and A to D through C: 2 / 6 each. Q2's one tie, A -> B, puts
    # no partner between two others.
    betweenness = partners["betweenness"]
    assert betweenness["2024Q1"].to_dict() == pytest.approx(
        {"A": 1 / 3, "B": 0.0, "C": 1 / 3, "D": 0.0}
    )
    change = partners["betweenness_change"]
    assert change["2024Q2"].to_dict() == pytest.approx(
        {"A": -1 / 3, "B": 0.0, "C": -1 / 3, "D": 0.0}
    )


def test_half_years_and_years(loaded_store):
    for length, label in (("half-year", "2024H1"), ("year", "2024")):
        network, _partners, periods = network_over_time(
            loaded_store, *JANUARY_TO_JUNE, period_length=length
        )

        # A year clipped to the window covers January to June only.
        assert _table(network, periods, "referrals", "ties", "new_ties") == [
            (label, date(2024, 1, 1), date(2024, 6, 30), 8, 5, None)
        ]


def test_window_starting_mid_period(loaded_store):
    window = (date(2024, 2, 10), date(2024, 4, 20))

    network, _partners, periods = network_over_time(loaded_store, *window)

    # The days from 10 February leave out A's two referrals to C.
    assert _table(network, periods, "referrals", "ties", "lost_ties") == [
        ("2024Q1", date(2024, 2, 10), date(2024, 3, 31), 5, 3, None),
        ("2024Q2", date(2024, 4, 1), date(2024, 4, 20), 1, 1, 3),
    ]

    by_month, _partners, months = network_over_time(
        loaded_store, *window, period_length="month"
    )

    assert _table(by_month, months, "referrals") == [
        ("2024-02", date(2024, 2, 10), date(2024, 2, 29), 2),
        ("2024-03", date(2024, 3, 1), date(2024, 3, 31), 3),
        ("2024-04", date(2024, 4, 1), date(2024, 4, 20), 1),
    ]


@pytest.mark.parametrize(
    ("length", "label"),
    [
        ("month", "2024-02"),
        ("quarter", "2024Q1"),
        ("half-year", "2024H1"),
        ("year", "2024"),
    ],
)
def test_one_day_window(loaded_store, length, label):
    day = date(2024, 2, 5)

    network, _partners, periods = network_over_time(
        loaded_store, day, day, period_length=length
    )

    assert _table(network, periods, "referrals", "ties") == [(label, day, day, 1, 1)]


def test_open_window_ends(loaded_store):
    # The programme started on 1 January 2024, before the first referral,
    # and runs to the end of 2025, so an open window ends today.
    _network, _partners, periods = network_over_time(
        loaded_store, today=date(2024, 6, 15), period_length="month"
    )

    assert [period.label for period in periods] == [
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-04",
        "2024-05",
        "2024-06",
    ]
    assert periods[-1].last_day == date(2024, 6, 15)


def test_empty_store(store):
    network, partners, periods = network_over_time(store, period_length="month")

    # Without a programme start or a referral, an open window has no start.
    assert periods == []
    assert network.empty
    assert partners.empty

    network, _partners, periods = network_over_time(
        store, date(2024, 1, 1), date(2024, 2, 29), period_length="month"
    )

    assert _table(network, periods, "partners", "referrals", "ties") == [
        ("2024-01", date(2024, 1, 1), date(2024, 1, 31), 0, 0, 0),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), 0, 0, 0),
    ]


def test_at_most_max_periods(loaded_store):
    # 61 months, from January 2020 to January 2025.
    with pytest.raises(ValueError) as error:
        network_over_time(
            loaded_store, date(2020, 1, 1), date(2025, 1, 31), period_length="month"
        )

    message = str(error.value)
    assert f"spans 61 months, more than the {MAX_PERIODS} periods" in message
    assert "a longer period: quarter gives 21" in message


def test_too_many_years(store):
    with pytest.raises(ValueError) as error:
        network_over_time(
            store, date(1900, 1, 1), date(1999, 12, 31), period_length="year"
        )

    message = str(error.value)
    assert "spans 100 years" in message
    assert "give a shorter window with since and until" in message
    assert "longer period" not in message


def test_unknown_period_length(store):
    with pytest.raises(ValueError, match="invalid period length 'week'"):
        network_over_time(
            store, date(2024, 1, 1), date(2024, 1, 31), period_length="week"
        )
