"""Store.referral_outcomes on both stores, on Eastbank's referrals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from graph.model import Outcome
from graph.store import ReferralOutcome
from tests.access.eastbank import DATASET


def test_referred_participants_and_later_outcomes(store):
    store.import_dataset(DATASET)

    rows = store.referral_outcomes()

    # A -> B referred A1, A2 and A3 (RA1, RA2, RC1, RC2, RD3). A1 and A2
    # then got education outcomes in April, A1 and A3 job starts.
    # A -> C referred A3 and A4; A3 started a job. B -> C referred B1 and
    # B2, who both started jobs.
    def row(sender, receiver, outcome_type, participants):
        return ReferralOutcome(sender, receiver, "partner", outcome_type, participants)

    assert sorted(rows, key=repr) == sorted(
        [
            row("A", "B", None, 3),
            row("A", "B", "education", 2),
            row("A", "B", "job_start", 2),
            row("A", "C", None, 2),
            row("A", "C", "job_start", 1),
            row("B", "C", None, 2),
            row("B", "C", "job_start", 2),
        ],
        key=repr,
    )


def test_outcomes_before_the_referral_do_not_count(store):
    # B1 gained an education outcome on 20 January, before B referred them
    # to C on 1 February.
    earlier = Outcome("O0", "B1", "B", "education", date(2024, 1, 20))
    store.import_dataset(replace(DATASET, outcomes=(*DATASET.outcomes, earlier)))

    rows = store.referral_outcomes()

    assert [
        r for r in rows if (r.from_partner_id, r.outcome_type) == ("B", "education")
    ] == []


def test_window_applies_to_the_referral(store):
    store.import_dataset(DATASET)

    # No referral was made in May, whatever happened to people since.
    assert store.referral_outcomes(date(2024, 5, 1), None) == []
