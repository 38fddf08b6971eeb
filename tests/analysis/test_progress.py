from __future__ import annotations

import pytest

from analysis.progress import progress_against_targets, progress_by_partner
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
