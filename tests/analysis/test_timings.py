"""Days to decision and completion, and referrals waiting too long."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.timings import referral_timings
from graph.store import ReferralDuration

TODAY = date(2024, 3, 31)


def duration(status, days=None, made_on=None, count=1, receiver="B"):
    return ReferralDuration("A", receiver, "partner", status, days, made_on, count)


def test_medians_and_waiting():
    # Decisions after 2, 4, 4 and 9 days: the median of four is the mean
    # of the middle two, (4 + 4) / 2 = 4. Completions after 20 and 30
    # days: 25. Made on 1 March (30 days before 31 March: not over 30) and
    # on 29 February, twice (31 days: over).
    table = referral_timings(
        [
            duration("accepted", 2),
            duration("accepted", 4, count=2),
            duration("declined", 9),
            duration("completed", 20),
            duration("completed", 30),
            duration("made", made_on=date(2024, 3, 1)),
            duration("made", made_on=date(2024, 2, 29), count=2),
            duration("withdrawn", 5),
        ],
        today=TODAY,
    )

    row = table.iloc[0].to_dict()
    assert row["decided"] == 4
    assert row["median_days_to_decision"] == 4.0
    assert (row["completed"], row["median_days_to_completion"]) == (2, 25.0)
    assert (row["waiting"], row["waiting_over"]) == (3, 2)


def test_pairs_without_decisions():
    table = referral_timings(
        [duration("made", made_on=TODAY, receiver="C")], today=TODAY
    )

    row = table.iloc[0].to_dict()
    assert row["to_id"] == "C"
    assert row["median_days_to_decision"] is None
    assert row["median_days_to_completion"] is None
    assert row["waiting_over"] == 0


def test_waiting_days_is_configurable():
    rows = [duration("made", made_on=date(2024, 3, 20))]

    assert referral_timings(rows, TODAY, waiting_days=10).loc[0, "waiting_over"] == 1
    assert referral_timings(rows, TODAY, waiting_days=11).loc[0, "waiting_over"] == 0
    with pytest.raises(ValueError, match="waiting days must be 0 or more"):
        referral_timings(rows, TODAY, waiting_days=-1)
