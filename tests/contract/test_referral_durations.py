"""Store.referral_durations on both stores, on Eastbank's referrals."""

from __future__ import annotations

from datetime import date

from graph.store import ReferralDuration
from tests.access.eastbank import DATASET


def test_durations_by_pair_status_and_days(store):
    store.import_dataset(DATASET)

    rows = store.referral_durations()

    # Worked out from tests/access/eastbank.py: a decided referral counts
    # the days from February's referral day to its status day; a made one
    # keeps its day.
    def made(sender, receiver, day, count=1):
        return ReferralDuration(
            sender, receiver, "partner", "made", None, date(2024, 2, day), count
        )

    def decided(sender, receiver, status, days, count=1):
        return ReferralDuration(sender, receiver, "partner", status, days, None, count)

    assert sorted(rows, key=repr) == sorted(
        [
            decided("A", "B", "accepted", 2, count=2),
            decided("A", "B", "declined", 3),
            made("A", "B", 2),
            made("A", "B", 3),
            decided("A", "C", "accepted", 2),
            made("A", "C", 3, count=2),
            decided("B", "C", "accepted", 4),
            made("B", "C", 1),
        ],
        key=repr,
    )


def test_durations_in_a_window(store):
    store.import_dataset(DATASET)

    rows = store.referral_durations(date(2024, 2, 1), date(2024, 2, 1))

    # Only B's two referrals to C were made on 1 February.
    assert sorted((row.from_partner_id, row.status) for row in rows) == [
        ("B", "accepted"),
        ("B", "made"),
    ]
