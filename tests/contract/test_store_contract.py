"""The store contract: every store gives the same answers.

Each test runs once on the embedded SQLite store and once on a real Neo4j
server, each starting from an empty database.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest

from graph.errors import StoreError
from graph.model import Participant, Partner, Referral
from graph.rules import DEFAULT_OUTCOME_TYPES
from graph.store import RECORD_KINDS, ReferralFilter


def _snapshot(store) -> dict:
    return {
        "counts": store.count_records(),
        "partners": store.list_partners(),
        "participants": store.list_participants(first=1000).items,
        "referrals": store.list_referrals(first=1000).items,
        "config": store.load_config(),
    }


def test_import_summary_counts_created(store, small_dataset):
    summary = store.import_dataset(small_dataset)
    assert summary.created == {
        "partners": 4,
        "employers": 2,
        "participants": 8,
        "referrals": 10,
        "activities": 4,
        "outcomes": 3,
    }
    assert summary.total(summary.updated) == 0
    assert store.count_records() == summary.created


def test_reimport_changes_nothing(loaded_store, small_dataset):
    before = _snapshot(loaded_store)
    summary = loaded_store.import_dataset(small_dataset)
    assert summary.total(summary.created) == 0
    assert summary.total(summary.updated) == 0
    assert summary.total(summary.unchanged) == 31
    assert _snapshot(loaded_store) == before


def test_reimport_counts_a_changed_record(loaded_store, small_dataset):
    renamed = (replace(small_dataset.partners[0], name="Lead Trust UK"),)
    dataset = replace(small_dataset, partners=renamed + small_dataset.partners[1:])
    summary = loaded_store.import_dataset(dataset)
    assert summary.updated["partners"] == 1
    assert summary.unchanged["partners"] == 3
    assert loaded_store.get_partner("A").name == "Lead Trust UK"


def test_failed_import_writes_nothing(loaded_store, small_dataset):
    before = _snapshot(loaded_store)
    new_partner = Partner("Z", "New Partner")
    # The last referral names a participant that does not exist.
    broken = Referral("R99", "NOBODY", "A", date(2024, 6, 1), "made", "B")
    dataset = replace(
        small_dataset,
        partners=small_dataset.partners + (new_partner,),
        referrals=small_dataset.referrals + (broken,),
    )
    with pytest.raises(StoreError, match="referrals"):
        loaded_store.import_dataset(dataset)
    assert _snapshot(loaded_store) == before
    assert loaded_store.get_partner("Z") is None


def test_progress_reports_each_kind(store, small_dataset):
    calls = []
    store.import_dataset(small_dataset, progress=lambda *call: calls.append(call))
    assert ("referrals", 10, 10) in calls
    assert [call[0] for call in calls] == list(RECORD_KINDS)


def test_values_round_trip(store):
    store.import_dataset(
        replace(
            _minimal_dataset(),
            participants=(
                Participant("0012", "P1", date(2024, 2, 29), consent_to_share=True),
                Participant("12", "P1", date(2024, 3, 1)),
            ),
        )
    )
    leading_zero = store.get_participant("0012")
    plain = store.get_participant("12")
    assert leading_zero.enrolled_on == date(2024, 2, 29)
    assert leading_zero.consent_to_share is True
    assert leading_zero.birth_year is None
    assert plain.consent_to_share is False
    assert plain.id == "12"


def test_config_round_trips(loaded_store, small_dataset):
    assert loaded_store.load_config() == small_dataset.config


def test_config_defaults_when_none_saved(store):
    config = store.load_config()
    assert config.outcome_types == DEFAULT_OUTCOME_TYPES
    assert config.small_number_threshold == 5


def test_get_missing_record_returns_none(loaded_store):
    assert loaded_store.get_partner("missing") is None
    assert loaded_store.get_participant("missing") is None
    assert loaded_store.get_referral("missing") is None
    assert loaded_store.get_employer("missing") is None


def test_pages_cover_every_participant_once(loaded_store):
    seen = []
    after = None
    while True:
        page = loaded_store.list_participants(after=after, first=3)
        assert page.total_count == 8
        seen.extend(participant.id for participant in page.items)
        if not page.has_next_page:
            break
        after = page.items[-1].id
    assert seen == ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8"]


def test_participants_filtered_by_partner(loaded_store):
    page = loaded_store.list_participants(partner_id="A")
    assert [p.id for p in page.items] == ["U1", "U2", "U8"]
    assert page.total_count == 3
    assert page.has_next_page is False


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (ReferralFilter(status="made"), ["R06", "R10"]),
        (ReferralFilter(from_partner_id="C"), ["R05", "R06", "R07"]),
        (ReferralFilter(to_partner_id="A", status="accepted"), ["R03"]),
        (ReferralFilter(participant_id="U1"), ["R01", "R07", "R08"]),
        (ReferralFilter(since=date(2024, 4, 1)), ["R08", "R09", "R10"]),
        (ReferralFilter(until=date(2024, 2, 1)), ["R01"]),
    ],
)
def test_referral_filters(loaded_store, where, expected):
    page = loaded_store.list_referrals(where, first=100)
    assert [referral.id for referral in page.items] == expected
    assert page.total_count == len(expected)


def test_children_for_participants_in_date_order(loaded_store):
    referrals = loaded_store.referrals_for_participants(["U1", "U2", "U6", "nobody"])
    assert {key: [r.id for r in value] for key, value in referrals.items()} == {
        "U1": ["R01", "R07", "R08"],
        "U2": ["R02"],
        "U6": ["R06"],
    }
    activities = loaded_store.activities_for_participants(["U1"])
    assert [a.id for a in activities["U1"]] == ["A1", "A2"]
    outcomes = loaded_store.outcomes_for_participants(["U5", "U7"])
    assert [o.id for o in outcomes["U5"]] == ["O2"]
    assert [o.id for o in outcomes["U7"]] == ["O3"]


def test_existing_ids(loaded_store):
    assert loaded_store.existing_ids("partners", ["A", "Z", "C"]) == {"A", "C"}
    with pytest.raises(ValueError, match="unknown kind"):
        loaded_store.existing_ids("people", ["A"])


def test_save_inserts_then_replaces(loaded_store):
    loaded_store.save(Partner("E", "Extra Partner", "delivery"))
    loaded_store.save(Partner("E", "Extra Partner Ltd", "delivery"))
    assert loaded_store.get_partner("E").name == "Extra Partner Ltd"


def test_save_rejects_broken_link(loaded_store):
    with pytest.raises(StoreError, match="participants 'U9'"):
        loaded_store.save(Participant("U9", "NO-SUCH-PARTNER", date(2024, 1, 1)))
    assert loaded_store.get_participant("U9") is None


def _minimal_dataset():
    from graph.model import Dataset, PartnershipConfig

    return Dataset(config=PartnershipConfig(), partners=(Partner("P1", "Only"),))


def test_change_referral_status_checks_expected(loaded_store):
    made = loaded_store.get_referral("R06")
    accepted = replace(made, status="accepted", status_on=date(2024, 4, 1))
    declined = replace(made, status="declined", status_on=date(2024, 4, 2))

    assert loaded_store.change_referral_status(accepted, expected_status="made")
    assert not loaded_store.change_referral_status(declined, expected_status="made")
    assert loaded_store.get_referral("R06") == accepted


def test_children_for_participants_across_chunks(store):
    # 1,201 participants need three IN lists of at most 500 ids each.
    partner = Partner("P1", "Only")
    participants = tuple(
        Participant(f"U{number:05d}", "P1", date(2024, 1, 1)) for number in range(1201)
    )
    referrals = tuple(
        Referral(
            f"R{number:05d}",
            participant.id,
            "P1",
            date(2024, 1, 2),
            "made",
            to_partner_id="P1",
        )
        for number, participant in enumerate(participants)
    )
    dataset = replace(
        _minimal_dataset(),
        partners=(partner,),
        participants=participants,
        referrals=referrals,
    )
    store.import_dataset(dataset)

    found = store.referrals_for_participants(p.id for p in participants)

    assert len(found) == 1201
    assert [r.id for r in found["U01200"]] == ["R01200"]


def test_failing_progress_rolls_back(store, small_dataset):
    def stop(kind, done, total):
        if kind == "referrals":
            raise RuntimeError("stopped by the caller")

    with pytest.raises(StoreError, match="stopped by the caller"):
        store.import_dataset(small_dataset, stop)

    assert sum(store.count_records().values()) == 0


def _side_by_side(count: int, work) -> list:
    """Run ``work(index)`` in ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as err:  # reported below, in the test's thread
            errors.append(err)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def test_concurrent_writers_create_one_partner(store, open_same_store):
    def create(index: int) -> None:
        with open_same_store() as own:
            own.save(Partner("X", f"Writer {index}"))

    _side_by_side(6, create)

    partners = store.list_partners()
    assert [partner.id for partner in partners] == ["X"]
    assert partners[0].name.startswith("Writer ")


def test_concurrent_imports_create_each_record_once(
    store, open_same_store, small_dataset
):
    def load(_index: int) -> None:
        with open_same_store() as own:
            own.import_dataset(small_dataset)

    _side_by_side(3, load)

    assert store.count_records() == {
        "partners": 4,
        "employers": 2,
        "participants": 8,
        "referrals": 10,
        "activities": 4,
        "outcomes": 3,
    }


def test_concurrent_decisions_on_one_referral_let_one_win(
    loaded_store, open_same_store
):
    made = loaded_store.get_referral("R06")
    decisions = [
        replace(made, status="accepted", status_on=date(2024, 4, 1)),
        replace(made, status="declined", status_on=date(2024, 4, 1), reason="full"),
    ] * 3

    def decide(index: int) -> bool:
        with open_same_store() as own:
            return own.change_referral_status(decisions[index], expected_status="made")

    won = _side_by_side(len(decisions), decide)

    assert won.count(True) == 1
    winner = decisions[won.index(True)]
    assert loaded_store.get_referral("R06") == winner


def test_dates_round_trip_at_the_edges(store):
    days = [date(1900, 1, 1), date(2024, 2, 29), date(2099, 12, 31)]
    participants = tuple(
        Participant(f"U{i}", "P1", day, birth_year=1900 + i)
        for i, day in enumerate(days)
    )
    store.import_dataset(replace(_minimal_dataset(), participants=participants))
    found = store.list_participants(first=10).items
    assert [p.enrolled_on for p in found] == days
    assert all(type(p.enrolled_on) is date for p in found)
    assert [p.birth_year for p in found] == [1900, 1901, 1902]


def test_text_survives_unchanged(store):
    name = 'Café "Ñandú", Brixton\'s – 東京 🙂'
    store.save(Partner("P1", name, borough="  spaced  "))
    partner = store.get_partner("P1")
    assert partner.name == name
    assert partner.borough == "  spaced  "
    assert partner.type is None
