"""The journey analyses of api.analyses on both stores, on Riverside.

Every number comes from the milestone table in tests/contract/riverside.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from api.analyses import collaboration_effect, journey_funnel, time_to_job
from tests.contract.riverside import DATASET


def test_funnel_of_every_participant(store):
    store.import_dataset(DATASET)

    table = journey_funnel(store)

    # engagement: P5, P1, P2, P3 of 5 enrolled; P4 dropped (1/5). Days from
    # enrolment 4, 1, 0, 0 -> median 0.5.
    # training: P1, P3 of the 4 engaged; P5 and P2 dropped (2/4). Days 10
    # and 10.
    # job_search: P3 of the 2 trained; P1 dropped (1/2). Days 10.
    assert table.values.tolist() == [
        ["engagement", 4, 1, 0.2, 0.5],
        ["training", 2, 2, 0.5, 10.0],
        ["job_search", 1, 1, 0.5, 10.0],
    ]


def test_funnel_of_an_enrolment_window(store):
    store.import_dataset(DATASET)

    table = journey_funnel(store, date(2024, 2, 1), date(2024, 3, 31))

    # P3 and P4: P3 reached every stage, ten days apart; P4 none.
    assert table.values.tolist() == [
        ["engagement", 1, 1, 0.5, 0.0],
        ["training", 1, 0, 0.0, 10.0],
        ["job_search", 1, 0, 0.0, 10.0],
    ]


def test_time_to_job_censors_at_today(store):
    store.import_dataset(DATASET)

    result = time_to_job(store, today=date(2024, 4, 30))

    # Job starts: P3 on day 30, P1 on day 60. Censored on 30 April: P4 on
    # day 60, P2 on day 106, P5 on day 151.
    #   day 30: 5 at risk, 1 job -> 4/5
    #   day 60: 4 at risk, 1 job -> 4/5 * 3/4 = 0.6
    # The curve never falls to 0.5, and 180 and 365 are past day 151.
    assert result.participants == 5
    assert result.with_outcome == 2
    assert result.curve["days"].tolist() == [30, 60, 106, 151]
    assert result.curve["without_outcome"].tolist() == pytest.approx(
        [0.8, 0.6, 0.6, 0.6]
    )
    assert result.median_days is None
    assert result.without_outcome_at == {90: pytest.approx(0.6), 180: None, 365: None}


def test_time_to_job_follows_past_the_window(store):
    store.import_dataset(DATASET)

    result = time_to_job(
        store, date(2024, 1, 1), date(2024, 3, 31), today=date(2024, 6, 30)
    )

    # The window picks P1, P2, P3 and P4 by enrolment; Riverside has no
    # end_on, so they are followed to today, 30 June. P3's job on day 30,
    # P1's on day 60, P4 censored on day 121 and P2 on day 167.
    #   day 30: 4 at risk, 1 job -> 3/4
    #   day 60: 3 at risk, 1 job -> 3/4 x 2/3 = 1/2, the median
    assert result.participants == 4
    assert result.curve["without_outcome"].tolist() == pytest.approx(
        [0.75, 0.5, 0.5, 0.5]
    )
    assert result.curve["days"].tolist() == [30, 60, 121, 167]
    assert result.median_days == 60


def test_time_to_job_before_any_job(store):
    store.import_dataset(DATASET)

    result = time_to_job(store, today=date(2024, 2, 15))

    # P4 is not yet enrolled, and both jobs start after 15 February, so
    # P5, P1, P2 and P3 are all censored and kept.
    assert result.participants == 4
    assert result.with_outcome == 0
    assert set(result.curve["without_outcome"]) == {1.0}
    assert result.median_days is None


def test_collaboration_effect_of_job_starts(store):
    store.import_dataset(DATASET)

    effect = collaboration_effect(store)

    # One partner: P5, P2, P4, none with a job. Two or more: P1 and P3,
    # both with one. Wilson intervals: 0 of 3 -> [0, 0.5615], 2 of 2 ->
    # [0.3424, 1].
    table = effect.table
    assert table["participants"].tolist() == [3, 2]
    assert table["with_outcome"].tolist() == [0, 2]
    assert table["share"].tolist() == [0.0, 1.0]
    assert table["ci_low"].tolist() == pytest.approx([0.0, 0.3424], abs=1e-4)
    assert table["ci_high"].tolist() == pytest.approx([0.5615, 1.0], abs=1e-4)
    assert effect.difference == 1.0
    assert "not proof" in effect.note


def test_collaboration_effect_of_another_outcome(store):
    store.import_dataset(DATASET)

    effect = collaboration_effect(
        store, date(2024, 1, 1), date(2024, 1, 31), "training_qualification"
    )

    # Enrolled in January: P2 (one partner) and P1 (two, with the
    # qualification).
    assert effect.table["participants"].tolist() == [1, 1]
    assert effect.table["share"].tolist() == [0.0, 1.0]
    assert effect.difference == 1.0


def test_journey_analyses_of_an_empty_store(store):
    funnel = journey_funnel(store)
    waiting = time_to_job(store, today=date(2024, 1, 1))
    effect = collaboration_effect(store)

    assert funnel.empty
    assert waiting.participants == 0
    assert waiting.median_days is None
    assert effect.difference is None
    assert effect.table["share"].tolist() == [None, None]
