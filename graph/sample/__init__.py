"""A synthetic sample partnership, written in the import format.

The sample is a programme that supports young Black men in London into
sustained jobs from 2023-04-01 to 2026-03-31. Three hub partners carry most
referrals, a few peripheral partners only a handful, one partner leaves part
way and two join late. Every name is invented; boroughs and postcode
districts are real. The same seed and sizes always write the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from graph.sample.journeys import JourneySimulator
from graph.sample.organisations import make_employers, make_partners
from graph.sample.writing import COLUMNS, write_config, write_csv

__all__ = ["write_sample"]

MIN_PARTNERS = 2
MIN_PARTICIPANTS = 1


def write_sample(
    out_dir: Path, *, seed: int = 1, partners: int = 15, participants: int = 2000
) -> dict[str, int]:
    """Write a synthetic partnership into ``out_dir`` in the import format.

    Writes ``partnership.toml`` and one CSV file per kind of record
    (``partners.csv``, ``employers.csv``, ``participants.csv``,
    ``referrals.csv``, ``activities.csv``, ``outcomes.csv``), replacing any
    files of those names. Creates ``out_dir`` if it does not exist.

    Returns the number of records written per kind, keyed by the CSV file
    name without ``.csv``. Raises ``ValueError`` when ``partners`` is below
    2 or ``participants`` below 1.
    """
    if partners < MIN_PARTNERS:
        raise ValueError(f"partners must be {MIN_PARTNERS} or more, got {partners}")
    if participants < MIN_PARTICIPANTS:
        raise ValueError(
            f"participants must be {MIN_PARTICIPANTS} or more, got {participants}"
        )

    # One generator for everything, so that the seed alone fixes the output.
    rng = random.Random(seed)
    roles = make_partners(rng, partners)
    employers = make_employers(rng, participants)
    journeys = JourneySimulator(rng, roles, employers).run(participants)

    records: dict[str, Sequence[object]] = {
        "partners": [role.partner for role in roles],
        "employers": employers,
        "participants": journeys.participants,
        "referrals": journeys.referrals,
        "activities": journeys.activities,
        "outcomes": journeys.outcomes,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {
        kind: write_csv(out_dir / f"{kind}.csv", COLUMNS[kind], records[kind])
        for kind in COLUMNS
    }
    write_config(out_dir / "partnership.toml", participants)
    return written
