from __future__ import annotations

from datetime import date

import pytest

from analysis.progress import (
    Quarter,
    progress_against_targets,
    progress_by_partner,
    progress_by_quarter,
    quarters_between,
)
from graph.model import PartnershipConfig
from graph.store import OutcomeCount

CONFIG = PartnershipConfig(
    outcome_types=("job_start", "apprenticeship", "education"),
    targets={"job_start": 40, "apprenticeship": 10, "qualification": 5},
)

# P1 and P2 both recorded a job start for one participant, so the
# partnership-wide row counts 10 participants where the partners count 6 + 5.
COUNTS = [
    OutcomeCount(None, "job_start", 10, 12),
    OutcomeCount("P1", "job_start", 6, 7),
    OutcomeCount("P2", "job_start", 5, 5),
    OutcomeCount(None, "education", 3, 3),
    OutcomeCount("P1", "education", 3, 3),
    OutcomeCount(None, "volunteering", 2, 2),
    OutcomeCount("P2", "volunteering", 2, 2),
]


@pytest.fixture
def progress():
    return progress_against_targets(COUNTS, CONFIG)


def test_progress_order(progress):
    # Configured types first, then the type with only a target, then the
    # type that was only achieved.
    assert list(progress.index) == [
        "job_start",
        "apprenticeship",
        "education",
        "qualification",
        "volunteering",
    ]
    assert progress.index.name == "type"


@pytest.mark.parametrize(
    "outcome_type, achieved, outcomes, target, share",
    [
        ("job_start", 10, 12, 40, 0.25),  # 10 / 40
        ("apprenticeship", 0, 0, 10, 0.0),
        ("education", 3, 3, None, None),
        ("qualification", 0, 0, 5, 0.0),
        ("volunteering", 2, 2, None, None),
    ],
)
def test_progress_rows(progress, outcome_type, achieved, outcomes, target, share):
    row = progress.loc[outcome_type]

    assert row["achieved"] == achieved
    assert row["outcomes"] == outcomes
    assert row["target"] == target
    assert row["share"] == share


def test_share_above_target():
    config = PartnershipConfig(outcome_types=("job_start",), targets={"job_start": 8})

    progress = progress_against_targets(COUNTS, config)

    assert progress.loc["job_start", "share"] == pytest.approx(1.25)


def test_zero_target_has_no_share():
    config = PartnershipConfig(outcome_types=("job_start",), targets={"job_start": 0})

    progress = progress_against_targets(COUNTS, config)

    assert progress.loc["job_start", "share"] is None


def test_progress_without_outcomes():
    progress = progress_against_targets([], CONFIG)

    assert progress["achieved"].tolist() == [0, 0, 0, 0]
    assert progress.loc["job_start", "share"] == 0.0


def test_progress_by_partner():
    by_partner = progress_by_partner(COUNTS)

    assert by_partner.to_dict("records") == [
        {"partner_id": "P1", "type": "education", "participants": 3, "outcomes": 3},
        {"partner_id": "P1", "type": "job_start", "participants": 6, "outcomes": 7},
        {"partner_id": "P2", "type": "job_start", "participants": 5, "outcomes": 5},
        {
            "partner_id": "P2",
            "type": "volunteering",
            "participants": 2,
            "outcomes": 2,
        },
    ]


def test_progress_by_partner_empty():
    by_partner = progress_by_partner([])

    assert by_partner.empty
    assert list(by_partner.columns) == [
        "partner_id",
        "type",
        "participants",
        "outcomes",
    ]


def test_quarters_cross_a_year_and_clip_the_ends():
    quarters = quarters_between(date(2024, 11, 15), date(2025, 4, 2))

    assert quarters == [
        Quarter("2024Q4", date(2024, 11, 15), date(2024, 12, 31)),
        Quarter("2025Q1", date(2025, 1, 1), date(2025, 3, 31)),
        Quarter("2025Q2", date(2025, 4, 1), date(2025, 4, 2)),
    ]


def test_quarters_reach_the_last_day_of_the_calendar():
    assert quarters_between(date(9999, 8, 1), date(9999, 12, 31)) == [
        Quarter("9999Q3", date(9999, 8, 1), date(9999, 9, 30)),
        Quarter("9999Q4", date(9999, 10, 1), date(9999, 12, 31)),
    ]


def test_quarters_of_one_day_or_none():
    assert quarters_between(date(2024, 3, 31), date(2024, 3, 31)) == [
        Quarter("2024Q1", date(2024, 3, 31), date(2024, 3, 31))
    ]
    assert quarters_between(date(2024, 4, 1), date(2024, 3, 31)) == []


def test_progress_by_quarter_counts_to_date_afresh():
    q1 = Quarter("2024Q1", date(2024, 1, 1), date(2024, 3, 31))
    q2 = Quarter("2024Q2", date(2024, 4, 1), date(2024, 6, 30))
    config = PartnershipConfig(outcome_types=("job_start",), targets={"job_start": 4})
    # Two participants start jobs in Q1; in Q2 one of them starts another job
    # and a third participant starts one. To date: 3 participants, not 2 + 2.
    quarters = [
        (
            q1,
            [OutcomeCount(None, "job_start", 2, 2)],
            [OutcomeCount(None, "job_start", 2, 2)],
        ),
        (
            q2,
            [
                OutcomeCount("P1", "job_start", 2, 2),
                OutcomeCount(None, "job_start", 2, 2),
            ],
            [OutcomeCount(None, "job_start", 3, 4)],
        ),
    ]

    table = progress_by_quarter(quarters, config)

    assert table.to_dict("records") == [
        {
            "quarter": "2024Q1",
            "first_day": date(2024, 1, 1),
            "last_day": date(2024, 3, 31),
            "type": "job_start",
            "achieved": 2,
            "outcomes": 2,
            "achieved_to_date": 2,
            "target": 4,
            "share_to_date": 0.5,
        },
        {
            "quarter": "2024Q2",
            "first_day": date(2024, 4, 1),
            "last_day": date(2024, 6, 30),
            "type": "job_start",
            "achieved": 2,
            "outcomes": 2,
            "achieved_to_date": 3,
            "target": 4,
            "share_to_date": 0.75,
        },
    ]


def test_progress_by_quarter_without_quarters_is_empty():
    table = progress_by_quarter([], PartnershipConfig())

    assert table.empty
    assert list(table.columns) == [
        "quarter",
        "first_day",
        "last_day",
        "type",
        "achieved",
        "outcomes",
        "achieved_to_date",
        "target",
        "share_to_date",
    ]
