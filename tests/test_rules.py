"""Business rules of graph.rules, without a store or HTTP."""

from __future__ import annotations

from datetime import date

import pytest

from graph import rules

LEFT = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("on", "allowed"),
    [
        (date(2025, 6, 29), True),  # the day before leaving
        (date(2025, 6, 30), False),  # the leaving day itself
        (date(2025, 7, 1), False),
    ],
)
def test_departure_boundary(on, allowed):
    problem = rules.departure_problem("P1", LEFT, on, rules.RECEIVE_REFERRALS)
    assert (problem is None) is allowed


def test_departure_message():
    assert rules.departure_problem("P1", LEFT, LEFT, rules.ENROL) == (
        "partner 'P1' left the partnership on 2025-06-30 and cannot enrol new "
        "participants"
    )


def test_partner_that_never_left():
    assert rules.departure_problem("P1", None, date(2030, 1, 1), rules.ENROL) is None


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("made", "accepted", True),
        ("made", "completed", False),
        ("accepted", "completed", True),
        ("accepted", "declined", False),
        ("declined", "completed", False),
        ("withdrawn", "accepted", False),
        ("completed", "withdrawn", False),
    ],
)
def test_referral_transitions(current, new, allowed):
    assert rules.can_transition(current, new) is allowed
