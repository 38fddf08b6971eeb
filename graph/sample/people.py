"""The participants of the sample partnership: age, gender, ethnicity,
where they live and whether they consent to sharing."""

from __future__ import annotations

import random
from datetime import date

from graph.model import Participant
from graph.rules import IMPORT_RECORDER
from graph.sample.catalogue import (
    AGE_WEIGHTS,
    ETHNICITIES,
    GENDERS,
    MIN_AGE,
    POSTCODE_DISTRICTS,
)
from graph.sample.organisations import PartnerRole

CONSENT_CHANCE = 0.85
# Chance that a participant lives in the enrolling partner's borough.
LOCAL_POSTCODE_CHANCE = 0.7


def make_participant(
    rng: random.Random, participant_id: str, enrolled_on: date, enroller: PartnerRole
) -> Participant:
    """Create a participant enrolled by ``enroller`` on ``enrolled_on``."""
    age = MIN_AGE + rng.choices(range(len(AGE_WEIGHTS)), AGE_WEIGHTS)[0]
    borough = enroller.partner.borough or ""
    if borough not in POSTCODE_DISTRICTS or rng.random() > LOCAL_POSTCODE_CHANCE:
        borough = rng.choice(sorted(POSTCODE_DISTRICTS))

    return Participant(
        id=participant_id,
        partner_id=enroller.id,
        enrolled_on=enrolled_on,
        birth_year=enrolled_on.year - age,
        gender=_weighted(rng, GENDERS),
        ethnicity=_weighted(rng, ETHNICITIES),
        postcode_district=rng.choice(POSTCODE_DISTRICTS[borough]),
        consent_to_share=rng.random() < CONSENT_CHANCE,
        # Each consent value is the one given at enrolment, as an import records it.
        consent_recorded_on=enrolled_on,
        consent_recorded_by=IMPORT_RECORDER,
    )


def _weighted(rng: random.Random, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), list(shares.values()))[0]
