"""Store.journey_milestones on both stores, on Riverside's records."""

from __future__ import annotations

from datetime import date

from graph.store import JourneyMilestones
from tests.contract.riverside import DATASET


def test_milestones_of_every_participant(store):
    store.import_dataset(DATASET)

    rows = store.journey_milestones()

    # The table in tests/contract/riverside.py, ordered by enrolment day.
    assert rows == [
        JourneyMilestones(date(2023, 12, 1), {"engagement": date(2023, 12, 5)}, {}, 1),
        JourneyMilestones(
            date(2024, 1, 1),
            {"engagement": date(2024, 1, 2), "training": date(2024, 1, 12)},
            {
                "job_start": date(2024, 3, 1),
                "training_qualification": date(2024, 1, 20),
            },
            2,
        ),
        JourneyMilestones(date(2024, 1, 15), {"engagement": date(2024, 1, 15)}, {}, 1),
        JourneyMilestones(
            date(2024, 2, 1),
            {
                "engagement": date(2024, 2, 1),
                "training": date(2024, 2, 11),
                "job_search": date(2024, 2, 21),
            },
            {"job_start": date(2024, 3, 2)},
            2,
        ),
        JourneyMilestones(date(2024, 3, 1), {}, {}, 1),
    ]


def test_milestones_of_an_enrolment_window(store):
    store.import_dataset(DATASET)

    rows = store.journey_milestones(date(2024, 1, 1), date(2024, 2, 1))

    # P1, P2 and P3 were enrolled from 1 January to 1 February. P3's
    # outcomes of March and April still count, because the window selects
    # participants, not records.
    assert [row.enrolled_on for row in rows] == [
        date(2024, 1, 1),
        date(2024, 1, 15),
        date(2024, 2, 1),
    ]
    assert rows[2].outcomes == {"job_start": date(2024, 3, 2)}


def test_milestones_of_an_empty_store(store):
    assert store.journey_milestones() == []


def test_recording_an_outcome_is_not_support(store):
    from dataclasses import replace

    from graph.model import Outcome

    # Riverside's P5 (enrolled 1 March) has no activity; an outcome
    # credited to another partner leaves it with one supporting partner.
    enrolled_last = max(DATASET.participants, key=lambda person: person.enrolled_on)
    other = next(
        partner.id
        for partner in DATASET.partners
        if partner.id != enrolled_last.partner_id
    )
    outcome = Outcome(
        "O-SUPPORT", enrolled_last.id, other, "job_start", date(2024, 3, 20)
    )
    store.import_dataset(replace(DATASET, outcomes=(*DATASET.outcomes, outcome)))

    last = store.journey_milestones()[-1]

    assert last.outcomes == {"job_start": date(2024, 3, 20)}
    assert last.partners == 1
