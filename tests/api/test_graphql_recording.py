"""The write rules behind the GraphQL mutations, called without HTTP.

``graph.recording`` takes ``today`` as an argument, so these tests fix it
and check the edges of the date rules, along with a race that HTTP cannot
stage. They run on the shared ``small_dataset`` in a real SQLite store.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph import recording
from graph.errors import FieldProblem, InvalidRecordError
from graph.model import Activity, Outcome, Partner

TODAY = date(2024, 6, 1)


def _problems(raised: pytest.ExceptionInfo[InvalidRecordError]) -> list[FieldProblem]:
    return raised.value.problems


# dates against today


def test_referral_dated_today_is_accepted(loaded_store):
    referral = recording.record_referral(
        loaded_store,
        participant_id="U2",
        from_partner_id="A",
        to_partner_id="B",
        referred_on=TODAY,
        record_id="R99",
        today=TODAY,
    )

    assert loaded_store.get_referral("R99") == referral
    assert referral.status == "made"
    assert referral.status_on == TODAY


def test_referral_dated_tomorrow_is_rejected(loaded_store):
    before = loaded_store.count_records()

    with pytest.raises(InvalidRecordError) as raised:
        recording.record_referral(
            loaded_store,
            participant_id="U2",
            from_partner_id="A",
            to_partner_id="B",
            referred_on=date(2024, 6, 2),
            today=TODAY,
        )

    assert _problems(raised) == [
        FieldProblem(
            "referredOn",
            "2024-06-02 is in the future (today is 2024-06-01); "
            "record events once they have happened",
        )
    ]
    assert loaded_store.count_records() == before


# partners that left


def _refer_to_closing_partner(store, referred_on: date):
    store.save(Partner("Z", "Closing Charity", left_on=date(2024, 4, 30)))
    return recording.record_referral(
        store,
        participant_id="U2",
        from_partner_id="A",
        to_partner_id="Z",
        referred_on=referred_on,
        today=TODAY,
    )


def test_referral_day_before_partner_leaves(loaded_store):
    referral = _refer_to_closing_partner(loaded_store, date(2024, 4, 29))

    assert referral.to_partner_id == "Z"


def test_referral_on_day_partner_leaves(loaded_store):
    with pytest.raises(InvalidRecordError) as raised:
        _refer_to_closing_partner(loaded_store, date(2024, 4, 30))

    assert _problems(raised) == [
        FieldProblem(
            "toPartnerId",
            "partner 'Z' left the partnership on 2024-04-30 and cannot "
            "receive new referrals",
        )
    ]


# referral status


def test_status_of_withdrawn_referral_is_final(loaded_store):
    with pytest.raises(InvalidRecordError) as raised:
        recording.accept_referral(
            loaded_store, referral_id="R09", on=date(2024, 5, 1), today=TODAY
        )

    assert _problems(raised) == [
        FieldProblem(
            "id",
            "the referral is withdrawn, which is final, so it cannot become accepted",
        )
    ]
    assert loaded_store.get_referral("R09").status == "withdrawn"


def test_status_before_current_status_date(loaded_store):
    with pytest.raises(InvalidRecordError) as raised:
        recording.complete_referral(
            loaded_store, referral_id="R02", on=date(2024, 2, 9), today=TODAY
        )

    assert _problems(raised) == [
        FieldProblem(
            "on", "2024-02-09 is before the referral became accepted on 2024-02-10"
        )
    ]


def test_undated_made_referral_can_be_declined(loaded_store):
    updated = recording.decline_referral(
        loaded_store, referral_id="R06", on=date(2024, 3, 15), reason=" ", today=TODAY
    )

    assert updated.status == "declined"
    assert updated.status_on == date(2024, 3, 15)
    assert updated.reason is None
    assert loaded_store.get_referral("R06") == updated


def test_withdrawal_keeps_its_reason(loaded_store):
    updated = recording.withdraw_referral(
        loaded_store,
        referral_id="R07",
        on=date(2024, 4, 1),
        reason="moved away",
        today=TODAY,
    )

    assert loaded_store.get_referral("R07") == updated
    assert updated.reason == "moved away"


def test_decision_on_unknown_referral(loaded_store):
    with pytest.raises(InvalidRecordError) as raised:
        recording.accept_referral(
            loaded_store, referral_id="R404", on=TODAY, today=TODAY
        )

    assert _problems(raised) == [FieldProblem("id", "no referral has the id 'R404'")]


# framework lists


def test_free_text_activity_types_allowed(loaded_store):
    # small_dataset's framework sets no activity types, so any type is valid.
    activity = recording.record_activity(
        loaded_store,
        participant_id="U1",
        partner_id="A",
        type="  drama workshop ",
        occurred_on=date(2024, 5, 1),
        stage="training",
        record_id="ACT9",
        today=TODAY,
    )

    assert activity == Activity(
        "ACT9", "U1", "A", "drama workshop", date(2024, 5, 1), "training"
    )
    assert activity in loaded_store.activities_for_participants(["U1"])["U1"]


def test_activity_id_of_other_participant(loaded_store):
    recording.record_activity(
        loaded_store,
        participant_id="U1",
        partner_id="A",
        type="mentoring",
        occurred_on=date(2024, 5, 1),
        record_id="ACT9",
        today=TODAY,
    )

    with pytest.raises(InvalidRecordError) as raised:
        recording.record_activity(
            loaded_store,
            participant_id="U2",
            partner_id="A",
            type="mentoring",
            occurred_on=date(2024, 5, 1),
            record_id="ACT9",
            today=TODAY,
        )

    assert [problem.field for problem in _problems(raised)] == ["id"]


def test_outcome_types_default_list(loaded_store):
    outcome = recording.record_outcome(
        loaded_store,
        participant_id="U2",
        partner_id="C",
        type="apprenticeship",
        achieved_on=date(2024, 5, 1),
        record_id="OUT9",
        today=TODAY,
    )

    assert outcome == Outcome("OUT9", "U2", "C", "apprenticeship", date(2024, 5, 1))


def test_outcome_missing_type_and_partner(loaded_store):
    with pytest.raises(InvalidRecordError) as raised:
        recording.record_outcome(
            loaded_store,
            participant_id="U2",
            partner_id="",
            type=" ",
            achieved_on=date(2024, 5, 1),
            today=TODAY,
        )

    assert _problems(raised) == [
        FieldProblem("partnerId", "missing; enter a value"),
        FieldProblem("type", "missing; enter a value"),
    ]


def test_participant_explicit_null_consent(loaded_store):
    participant = recording.register_participant(
        loaded_store,
        partner_id="B",
        enrolled_on=date(2024, 5, 1),
        consent_to_share=None,
        today=TODAY,
    )

    assert participant.consent_to_share is False
    assert participant.id.startswith("participant-")
    assert loaded_store.get_participant(participant.id) == participant


# two clients deciding one referral


class _StaleReads:
    """A store whose reads of referral R06 return it as it was at first.

    It stands for a client that read the referral before another client
    decided it.
    """

    def __init__(self, store):
        self._store = store
        self._stale = store.get_referral("R06")

    def __getattr__(self, name):
        return getattr(self._store, name)

    def get_referral(self, referral_id):
        if referral_id == "R06":
            return self._stale
        return self._store.get_referral(referral_id)


def test_second_decision_on_stale_read_is_rejected(loaded_store):
    stale = _StaleReads(loaded_store)
    recording.accept_referral(
        loaded_store, referral_id="R06", on=date(2024, 4, 1), today=TODAY
    )

    with pytest.raises(InvalidRecordError) as raised:
        recording.decline_referral(
            stale, referral_id="R06", on=date(2024, 4, 2), reason="full", today=TODAY
        )

    assert raised.value.problems == [
        FieldProblem(
            "id",
            "the referral changed from made while this request was checked; "
            "read it again and retry",
        )
    ]
    assert loaded_store.get_referral("R06").status == "accepted"


def test_partner_that_left_cannot_enrol(loaded_store):
    loaded_store.save(
        Partner("L", "Closed Project", "delivery", left_on=date(2024, 3, 31))
    )

    with pytest.raises(InvalidRecordError) as raised:
        recording.register_participant(
            loaded_store, partner_id="L", enrolled_on=date(2024, 4, 1), today=TODAY
        )

    assert raised.value.problems == [
        FieldProblem(
            "partnerId",
            "partner 'L' left the partnership on 2024-03-31 and cannot enrol "
            "new participants",
        )
    ]
    assert loaded_store.count_records()["participants"] == 8


def test_empty_client_id_is_rejected(loaded_store):
    with pytest.raises(InvalidRecordError) as raised:
        recording.register_participant(
            loaded_store,
            partner_id="B",
            enrolled_on=date(2024, 5, 1),
            record_id="  ",
            today=TODAY,
        )

    assert raised.value.problems == [
        FieldProblem("id", "must not be empty; leave it out to have one generated")
    ]
    assert loaded_store.count_records()["participants"] == 8
