"""Writing the sample partnership in the import format."""

from __future__ import annotations

from pathlib import Path

from graph.import_format import COLUMNS, write_csv, write_partnership_toml
from graph.model import PartnershipConfig
from graph.rules import DEFAULT_OUTCOME_TYPES, DEFAULT_SMALL_NUMBER_THRESHOLD
from graph.sample.catalogue import (
    ACTIVITY_TYPES,
    END_ON,
    PARTNERSHIP_NAME,
    STAGES,
    START_ON,
)

__all__ = ["COLUMNS", "TARGET_SHARES", "write_config", "write_csv"]

# Programme targets as a share of participants, so job_start is 700 for
# 2,000 participants.
TARGET_SHARES = {
    "job_start": 0.35,
    "job_sustained_13w": 0.25,
    "job_sustained_26w": 0.18,
    "apprenticeship": 0.05,
    "training_qualification": 0.3,
    "education": 0.05,
}


def write_config(path: Path, participants: int) -> None:
    """Write ``partnership.toml``: the sample's data collection framework."""
    targets = {
        outcome_type: max(1, round(share * participants))
        for outcome_type, share in TARGET_SHARES.items()
    }
    config = PartnershipConfig(
        name=PARTNERSHIP_NAME,
        start_on=START_ON,
        end_on=END_ON,
        stages=STAGES,
        activity_types=tuple(ACTIVITY_TYPES),
        outcome_types=DEFAULT_OUTCOME_TYPES,
        targets=targets,
        small_number_threshold=DEFAULT_SMALL_NUMBER_THRESHOLD,
    )
    write_partnership_toml(path, config)
