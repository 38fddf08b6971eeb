"""Store.referral_chains on both stores: referrals passed on, and sent back."""

from __future__ import annotations

from datetime import date

from graph.model import (
    Dataset,
    Employer,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)
from graph.store import ReferralChain

# X goes A -> B (1 Feb), B -> C (5 Feb: B passes X on), C -> B (10 Feb: on,
# and back to B, who sent X to C), B -> A (12 Feb: on, and back to A).
# Y goes A -> B and A -> C, then B -> A, all on 1 Feb: the ids order a
# day's referrals, so R7 comes after R5 and passes Y on and back. R8 to an
# employer is not between partners.
CHAINS = Dataset(
    config=PartnershipConfig(),
    partners=(Partner("A", "Alpha"), Partner("B", "Beta"), Partner("C", "Gamma")),
    employers=(Employer("E1", "Foods"),),
    participants=(
        Participant("X", "A", date(2024, 1, 10)),
        Participant("Y", "A", date(2024, 1, 10)),
    ),
    referrals=(
        Referral("R1", "X", "A", date(2024, 2, 1), "made", "B"),
        Referral("R2", "X", "B", date(2024, 2, 5), "made", "C"),
        Referral("R3", "X", "C", date(2024, 2, 10), "made", "B"),
        Referral("R4", "X", "B", date(2024, 2, 12), "made", "A"),
        Referral("R5", "Y", "A", date(2024, 2, 1), "made", "B"),
        Referral("R6", "Y", "A", date(2024, 2, 1), "made", "C"),
        Referral("R7", "Y", "B", date(2024, 2, 1), "made", "A"),
        Referral("R8", "Y", "B", date(2024, 2, 2), "made", None, "E1"),
    ),
)


def test_onward_and_back(store):
    store.import_dataset(CHAINS)

    assert store.referral_chains() == [
        ReferralChain("B", "A", onward=2, back=2),
        ReferralChain("B", "C", onward=1, back=0),
        ReferralChain("C", "B", onward=1, back=1),
    ]


def test_chains_in_a_window(store):
    store.import_dataset(CHAINS)

    # Only R3 and R4 were made from 10 February; the referrals they
    # continue count whenever they were made.
    assert store.referral_chains(date(2024, 2, 10), None) == [
        ReferralChain("B", "A", onward=1, back=1),
        ReferralChain("C", "B", onward=1, back=1),
    ]
