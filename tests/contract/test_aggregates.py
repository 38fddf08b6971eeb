"""Aggregates of every store on the small fixture partnership.

The fixture's table of referrals is in tests/conftest.py; each expected value
below is counted from it by hand.
"""

from __future__ import annotations

from datetime import date

from graph.store import OutcomeCount, PartnerReach, ReferralCount, SharedParticipants


def test_referral_counts_whole_programme(loaded_store):
    assert loaded_store.referral_counts() == [
        ReferralCount("A", "B", "partner", "withdrawn", 1),  # R09
        ReferralCount("A", "C", "partner", "accepted", 1),  # R02
        ReferralCount("A", "C", "partner", "completed", 1),  # R01
        ReferralCount("B", "A", "partner", "accepted", 1),  # R03
        ReferralCount("B", "A", "partner", "declined", 1),  # R04
        ReferralCount("C", "A", "partner", "completed", 1),  # R05
        ReferralCount("C", "D", "partner", "accepted", 1),  # R07
        ReferralCount("C", "D", "partner", "made", 1),  # R06
        ReferralCount("D", "E1", "employer", "completed", 1),  # R08
        ReferralCount("D", "E2", "employer", "made", 1),  # R10
    ]


def test_referral_counts_window_is_inclusive(loaded_store):
    # 2024-02-05 to 2024-02-20 contains R02, R03 and R04, both ends included.
    counts = loaded_store.referral_counts(date(2024, 2, 5), date(2024, 2, 20))
    assert counts == [
        ReferralCount("A", "C", "partner", "accepted", 1),
        ReferralCount("B", "A", "partner", "accepted", 1),
        ReferralCount("B", "A", "partner", "declined", 1),
    ]


def test_shared_participants_whole_programme(loaded_store):
    # Worked with, over the whole programme:
    #   A: U1 U2 U8 (enrolled), U3 U4 U5 (referred in), U3 U5 (activity,
    #      outcome) -> U1 U2 U3 U4 U5 U8
    #   B: U3 U4 (enrolled), U8 (referred in) -> U3 U4 U8
    #   C: U5 U6 (enrolled), U1 U2 (referred in), U5 U6 U1 (referred out)
    #      -> U1 U2 U5 U6
    #   D: U7 (enrolled), U6 U1 (referred in) -> U1 U6 U7
    # A&B share U3 U4 U8; A&C share U1 U2 U5; A&D share U1; B has no one
    # with C or D; C&D share U1 U6.
    assert loaded_store.shared_participants() == [
        SharedParticipants("A", "B", 3),
        SharedParticipants("A", "C", 3),
        SharedParticipants("A", "D", 1),
        SharedParticipants("C", "D", 2),
    ]


def test_shared_participants_in_window(loaded_store):
    # Events in March 2024: U5 enrolled by C (03-01), activity A4 of U5 with
    # C, R05 U5 C->A, R06 U6 C->D, R07 U1 C->D. R01 changing status on 03-01
    # is not an event of working with someone. Worked with:
    # A: U5; C: U5 U6 U1; D: U6 U1. Pairs: A&C U5; C&D U6 U1.
    counts = loaded_store.shared_participants(date(2024, 3, 1), date(2024, 3, 31))
    assert counts == [SharedParticipants("A", "C", 1), SharedParticipants("C", "D", 2)]


def test_partner_reach_lists_every_partner(loaded_store):
    assert loaded_store.partner_reach() == [
        PartnerReach("A", 6),
        PartnerReach("B", 3),
        PartnerReach("C", 4),
        PartnerReach("D", 3),
    ]
    # Nothing happened in 2023, and every partner is still listed.
    empty = loaded_store.partner_reach(date(2023, 1, 1), date(2023, 12, 31))
    assert [reach.participants for reach in empty] == [0, 0, 0, 0]


def test_outcome_counts_per_partner_and_total(loaded_store):
    assert loaded_store.outcome_counts() == [
        OutcomeCount("A", "education", 1, 1),  # O2
        OutcomeCount("D", "job_start", 2, 2),  # O1, O3
        OutcomeCount(None, "education", 1, 1),
        OutcomeCount(None, "job_start", 2, 2),
    ]


def test_outcome_total_counts_each_person_once(store, small_dataset):
    from dataclasses import replace

    from graph.model import Outcome

    # A second job start for U1, credited to A: two records, one person.
    extra = Outcome("O4", "U1", "A", "job_start", date(2024, 6, 1), "E2")
    store.import_dataset(
        replace(small_dataset, outcomes=small_dataset.outcomes + (extra,))
    )
    totals = [row for row in store.outcome_counts() if row.partner_id is None]
    assert OutcomeCount(None, "job_start", 2, 3) in totals
