"""Aggregates of every store on the small fixture partnership.

The fixture's table of referrals is in tests/conftest.py; each expected value
below is counted from it by hand.
"""

from __future__ import annotations

from datetime import date

from graph.store import (
    LastReferral,
    OutcomeCount,
    PartnerReach,
    ReferralCount,
    SharedParticipants,
)


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
    # with C or D; C&D share U1 U6. U1 (O1), U5 (O2) and U7 (O3) have
    # outcomes, so A&B have none, A&C two, A&D one and C&D one.
    assert loaded_store.shared_participants() == [
        SharedParticipants("A", "B", 3, 0),
        SharedParticipants("A", "C", 3, 2),
        SharedParticipants("A", "D", 1, 1),
        SharedParticipants("C", "D", 2, 1),
    ]


def test_shared_participants_in_window(loaded_store):
    # Events in March 2024: U5 enrolled by C (03-01), activity A4 of U5 with
    # C, R05 U5 C->A, R06 U6 C->D, R07 U1 C->D. R01 changing status on 03-01
    # is not an event of working with someone. Worked with:
    # A: U5; C: U5 U6 U1; D: U6 U1. Pairs: A&C U5; C&D U6 U1. No outcome
    # falls in March, so none of them counts as having one.
    counts = loaded_store.shared_participants(date(2024, 3, 1), date(2024, 3, 31))
    assert counts == [
        SharedParticipants("A", "C", 1, 0),
        SharedParticipants("C", "D", 2, 0),
    ]


def test_shared_outcomes_only_in_window(loaded_store):
    # April 2024: U1 referred D -> E1 (R08) and O1 for U1 credited to D on
    # 04-20; R05 U5 C -> A completed 04-10 is not an event; U7 enrolled by
    # D; U8 enrolled by A and referred A -> B (R09). Pairs: A&B share U8,
    # who has no outcome. U1 is worked with by D alone in April.
    counts = loaded_store.shared_participants(date(2024, 4, 1), date(2024, 4, 30))
    assert counts == [SharedParticipants("A", "B", 1, 0)]


def test_last_referrals_whole_programme(loaded_store):
    # Between partners, either way: A-B R03 02-15, R04 02-20, R09 04-15;
    # A-C R01 02-01, R02 02-05, R05 03-10; C-D R06 03-15, R07 03-20.
    # Referrals to employers (R08, R10) are left out.
    assert loaded_store.last_referrals() == [
        LastReferral("A", "B", date(2024, 4, 15)),
        LastReferral("A", "C", date(2024, 3, 10)),
        LastReferral("C", "D", date(2024, 3, 20)),
    ]


def test_last_referrals_in_window(loaded_store):
    # Up to 2024-03-15: A-B's latest is R04 on 02-20 and C-D's only one is
    # R06, on the window's last day.
    assert loaded_store.last_referrals(None, date(2024, 3, 15)) == [
        LastReferral("A", "B", date(2024, 2, 20)),
        LastReferral("A", "C", date(2024, 3, 10)),
        LastReferral("C", "D", date(2024, 3, 15)),
    ]
    assert loaded_store.last_referrals(date(2023, 1, 1), date(2023, 12, 31)) == []


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
