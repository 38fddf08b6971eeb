"""The date a participant's consent value was recorded, and the recorder,
on both stores: stored as given, set by registration and by a change of
consent, and listed in the subject access report.

In the small partnership, U1 (enrolled 2024-01-10 by A) consented at
enrolment, recorded by the import; U8 (enrolled 2024-04-10) did not, as
the user a1b2c3d4e5f6 recorded on 2024-04-20.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from graph import recording
from graph.access.subject import person_report
from graph.model import Participant, Partner

TODAY = date(2024, 6, 3)


def test_fields_round_trip(store):
    store.save(Partner("P1", "Lead Trust"))
    recorded = Participant(
        "U1",
        "P1",
        date(2024, 2, 1),
        consent_to_share=True,
        consent_recorded_on=date(2024, 3, 5),
        consent_recorded_by="a1b2c3d4e5f6",
    )
    unknown = Participant("U2", "P1", date(2024, 2, 2))

    store.save(recorded)
    store.save(unknown)

    assert store.get_participant("U1") == recorded
    assert store.get_participant("U2").consent_recorded_on is None
    assert store.get_participant("U2").consent_recorded_by is None


def test_import_stores_fields(loaded_store):
    u8 = loaded_store.get_participant("U8")

    assert u8.consent_recorded_on == date(2024, 4, 20)
    assert u8.consent_recorded_by == "a1b2c3d4e5f6"


def test_reimport_counts_changed_recorder(loaded_store, small_dataset):
    changed = replace(small_dataset.participants[0], consent_recorded_by="u2")
    participants = (changed, *small_dataset.participants[1:])

    summary = loaded_store.import_dataset(
        replace(small_dataset, participants=participants)
    )

    assert summary.updated["participants"] == 1
    assert loaded_store.get_participant("U1").consent_recorded_by == "u2"


# registration


def test_register_records_today_and_user(loaded_store):
    participant = recording.register_participant(
        loaded_store,
        record_id="U9",
        partner_id="A",
        enrolled_on=date(2024, 5, 1),
        consent_to_share=True,
        today=TODAY,
        recorded_by="u1",
    )

    assert participant.consent_recorded_on == TODAY
    assert participant.consent_recorded_by == "u1"
    assert loaded_store.get_participant("U9") == participant


def test_register_without_user(loaded_store):
    participant = recording.register_participant(
        loaded_store, partner_id="A", enrolled_on=date(2024, 5, 1), today=TODAY
    )

    assert participant.consent_recorded_on == TODAY
    assert participant.consent_recorded_by is None


def test_register_again_returns_stored(loaded_store):
    first = recording.register_participant(
        loaded_store,
        record_id="U9",
        partner_id="A",
        enrolled_on=date(2024, 5, 1),
        today=TODAY,
        recorded_by="u1",
    )

    again = recording.register_participant(
        loaded_store,
        record_id="U9",
        partner_id="A",
        enrolled_on=date(2024, 5, 1),
        today=date(2024, 6, 4),
        recorded_by="u2",
    )

    assert again == first
    assert loaded_store.get_participant("U9") == first


# updates


def test_consent_change_records_today_and_user(loaded_store):
    updated = recording.update_participant(
        loaded_store,
        participant_id="U1",
        consent_to_share=False,
        today=TODAY,
        recorded_by="u1",
    )

    assert updated.consent_to_share is False
    assert updated.consent_recorded_on == TODAY
    assert updated.consent_recorded_by == "u1"
    assert loaded_store.get_participant("U1") == updated


def test_null_consent_on_consenting_is_change(loaded_store):
    updated = recording.update_participant(
        loaded_store,
        participant_id="U1",
        consent_to_share=None,
        today=TODAY,
        recorded_by="u1",
    )

    assert updated.consent_to_share is False
    assert updated.consent_recorded_on == TODAY


def test_same_consent_keeps_record(loaded_store):
    updated = recording.update_participant(
        loaded_store,
        participant_id="U8",
        consent_to_share=False,
        today=TODAY,
        recorded_by="u1",
    )

    assert updated.consent_recorded_on == date(2024, 4, 20)
    assert updated.consent_recorded_by == "a1b2c3d4e5f6"
    assert loaded_store.get_participant("U8") == updated


def test_profile_change_keeps_record(loaded_store):
    updated = recording.update_participant(
        loaded_store,
        participant_id="U8",
        gender="female",
        today=TODAY,
        recorded_by="u1",
    )

    assert updated.gender == "female"
    assert updated.consent_recorded_on == date(2024, 4, 20)
    assert updated.consent_recorded_by == "a1b2c3d4e5f6"
    assert loaded_store.get_participant("U8") == updated


# subject access


def test_report_lists_consent_record(loaded_store):
    report = person_report(loaded_store, "U8", datetime(2024, 6, 3, tzinfo=UTC))

    assert report["participant"]["consent_to_share"] is False
    assert report["participant"]["consent_recorded_on"] == "2024-04-20"
    assert report["participant"]["consent_recorded_by"] == "a1b2c3d4e5f6"
