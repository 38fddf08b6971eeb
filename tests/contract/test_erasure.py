"""Erasing a participant on both stores. In the shared small partnership
U1 has three referrals (R01, R07, R08), two activities (A1, A2) and one
outcome (O1)."""

from __future__ import annotations

from graph.journey import build_journey


def test_erasure_removes_the_person_and_their_records(loaded_store):
    before = loaded_store.count_records()
    u2 = loaded_store.get_participant("U2")
    u2_referrals = loaded_store.referrals_for_participants(["U2"])

    erased = loaded_store.erase_participant("U1")

    assert erased == {"outcomes": 1, "activities": 2, "referrals": 3, "participants": 1}
    assert loaded_store.get_participant("U1") is None
    assert loaded_store.referrals_for_participants(["U1"]) == {}
    assert loaded_store.activities_for_participants(["U1"]) == {}
    assert loaded_store.outcomes_for_participants(["U1"]) == {}
    after = loaded_store.count_records()
    assert {kind: before[kind] - after[kind] for kind in before} == {
        "partners": 0,
        "employers": 0,
        "participants": 1,
        "referrals": 3,
        "activities": 2,
        "outcomes": 1,
    }
    # Everyone else is untouched.
    assert loaded_store.get_participant("U2") == u2
    assert loaded_store.referrals_for_participants(["U2"]) == u2_referrals
    assert all(
        "U1" not in (event.record_id for event in events)
        for events in [build_journey(u2, u2_referrals.get("U2", []), [], [])]
    )


def test_erasure_leaves_no_trace_in_aggregates(loaded_store):
    def job_starts() -> int:
        totals = loaded_store.outcome_counts()
        return next(
            r.participants
            for r in totals
            if r.partner_id is None and r.type == "job_start"
        )

    before = job_starts()
    milestones_before = len(loaded_store.journey_milestones())
    loaded_store.erase_participant("U1")

    flows = {(r.from_partner_id, r.to_id) for r in loaded_store.referral_counts()}
    # R08 (D -> E1) was U1's only referral to E1, and O1 their job start.
    assert ("D", "E1") not in flows
    assert job_starts() == before - 1
    assert len(loaded_store.journey_milestones()) == milestones_before - 1


def test_erasing_an_unknown_person_erases_nothing(loaded_store):
    before = loaded_store.count_records()

    assert loaded_store.erase_participant("nobody") == {
        "outcomes": 0,
        "activities": 0,
        "referrals": 0,
        "participants": 0,
    }
    assert loaded_store.count_records() == before
