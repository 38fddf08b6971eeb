from __future__ import annotations

import math

import pytest

from analysis.flows import FLOW_COLUMNS, referral_flows
from graph.store import ReferralCount

# Worked by hand, with decided = accepted + completed + declined:
#
#   flow      made acc dec wdr cmp  total decided  acceptance  completion
#   P1 -> P2    1   2   1   1   3     8      6     5/6         3/5
#   P1 -> E1    0   4   4   0   0     8      8     4/8 = 0.5   0/4 = 0
#   P2 -> P1    2   0   0   0   0     2      0     None        None
#   P3 -> P1    0   0   0   1   0     1      0     None        None
#
# P1 -> E1 and P1 -> P2 tie on 8 referrals, so receiver ids order them.
COUNTS = [
    ReferralCount("P3", "P1", "partner", "withdrawn", 1),
    ReferralCount("P1", "P2", "partner", "made", 1),
    ReferralCount("P1", "P2", "partner", "accepted", 2),
    ReferralCount("P1", "P2", "partner", "declined", 1),
    ReferralCount("P1", "P2", "partner", "withdrawn", 1),
    ReferralCount("P1", "P2", "partner", "completed", 2),
    ReferralCount("P1", "P2", "partner", "completed", 1),
    ReferralCount("P2", "P1", "partner", "made", 2),
    ReferralCount("P1", "E1", "employer", "accepted", 4),
    ReferralCount("P1", "E1", "employer", "declined", 4),
]


@pytest.fixture
def flows():
    return referral_flows(COUNTS)


def test_flows_order(flows):
    pairs = list(zip(flows["from_partner_id"], flows["to_id"], strict=True))

    assert pairs == [("P1", "E1"), ("P1", "P2"), ("P2", "P1"), ("P3", "P1")]


def test_flows_columns(flows):
    assert list(flows.columns) == list(FLOW_COLUMNS)


def test_flow_counts(flows):
    row = flows.iloc[1]

    assert row["to_kind"] == "partner"
    assert row["made"] == 1
    assert row["accepted"] == 2
    assert row["declined"] == 1
    assert row["withdrawn"] == 1
    assert row["completed"] == 3
    assert row["referrals"] == 8
    assert row["decided"] == 6


def test_flow_rates(flows):
    assert flows.loc[1, "acceptance_rate"] == pytest.approx(5 / 6)
    assert flows.loc[1, "completion_rate"] == pytest.approx(3 / 5)


def test_employer_receiver_rates(flows):
    row = flows.iloc[0]

    assert row["to_kind"] == "employer"
    assert row["acceptance_rate"] == 0.5
    assert row["completion_rate"] == 0.0


def test_undecided_flow_rates_none(flows):
    assert flows.loc[2, "acceptance_rate"] is None
    assert flows.loc[2, "completion_rate"] is None
    assert flows.loc[3, "acceptance_rate"] is None


def test_flows_contain_no_nan(flows):
    for column in ("acceptance_rate", "completion_rate"):
        values = flows[column].tolist()
        assert not any(isinstance(v, float) and math.isnan(v) for v in values)


def test_flows_empty():
    flows = referral_flows([])

    assert flows.empty
    assert list(flows.columns) == list(FLOW_COLUMNS)
