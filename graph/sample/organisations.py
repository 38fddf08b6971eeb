"""Partners and employers of the sample partnership, with their roles."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from graph.model import Employer, Partner
from graph.sample.catalogue import (
    EMPLOYER_PLACES,
    EMPLOYER_SECTORS,
    EMPLOYER_SIZES,
    EXTRA_PARTNER_NAMES,
    FIXED_EMPLOYERS,
    FRONT_DOOR_TYPES,
    HUB_PARTNERS,
    OTHER_PARTNERS,
    POSTCODE_DISTRICTS,
    STAGES_BY_PARTNER_TYPE,
    START_ON,
)

# Weights for choosing who receives a referral among the partners that
# deliver the stage. Hubs receive most referrals and peripheral partners only
# a handful.
HUB_WEIGHT = 10.0
REGULAR_WEIGHT = 1.5
PERIPHERAL_WEIGHT = 0.05

MIN_EMPLOYERS = 40
MAX_EMPLOYERS = 80
PARTICIPANTS_PER_EMPLOYER = 35


@dataclass(frozen=True)
class PartnerRole:
    """A partner with the weights that shape its place in the network."""

    partner: Partner
    stages: tuple[str, ...]
    referral_weight: float
    enrolment_weight: float

    @property
    def id(self) -> str:
        return self.partner.id

    def is_active(self, day: date) -> bool:
        """Return whether the partner had joined and not yet left on ``day``."""
        partner = self.partner
        if partner.joined_on is not None and day < partner.joined_on:
            return False
        return partner.left_on is None or day < partner.left_on


def make_partners(rng: random.Random, count: int) -> list[PartnerRole]:
    """Create ``count`` partners: up to three hubs, then regular and
    peripheral partners, one of which leaves part way and two join late."""
    named = _partner_names(rng, count)
    hub_count = min(len(HUB_PARTNERS), count)
    others = list(range(hub_count, count))
    peripheral = set(rng.sample(others, len(others) // 3))
    regular = [index for index in others if index not in peripheral]

    # One regular partner leaves part way; two others join in the second year.
    leaver = regular[-1] if len(others) >= 2 else None
    late_joiners = set(regular[:2]) if len(regular) >= 4 else set()

    width = max(2, len(str(count)))
    roles = []
    for index, (name, partner_type, borough) in enumerate(named):
        joined_on = START_ON
        left_on = None
        if index in late_joiners:
            joined_on = START_ON + timedelta(days=rng.randint(240, 540))
        if index == leaver:
            left_on = date(2025, 1, 1) + timedelta(days=rng.randint(0, 180))

        partner = Partner(
            id=f"ORG{index + 1:0{width}d}",
            name=name,
            type=partner_type,
            borough=borough,
            joined_on=joined_on,
            left_on=left_on,
        )
        if index < hub_count:
            weight = HUB_WEIGHT
        elif index in peripheral:
            weight = PERIPHERAL_WEIGHT
        else:
            weight = REGULAR_WEIGHT
        roles.append(
            PartnerRole(
                partner=partner,
                stages=STAGES_BY_PARTNER_TYPE[partner_type],
                referral_weight=weight,
                enrolment_weight=_enrolment_weight(index, partner_type, weight),
            )
        )
    return roles


def _enrolment_weight(index: int, partner_type: str, weight: float) -> float:
    if index == 0:
        return 3.0  # the lead partner runs the partnership's own outreach
    if weight == HUB_WEIGHT:
        return 0.5
    if weight == PERIPHERAL_WEIGHT:
        return 0.03
    return 1.0 if partner_type in FRONT_DOOR_TYPES else 0.4


def _partner_names(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """Return (name, type, borough) for each partner, hubs first."""
    hubs = list(HUB_PARTNERS[:count])
    wanted = count - len(hubs)
    others = rng.sample(OTHER_PARTNERS, min(wanted, len(OTHER_PARTNERS)))

    # Beyond the named partners, combine a borough with a name ending.
    boroughs = sorted(POSTCODE_DISTRICTS)
    endings = sorted(EXTRA_PARTNER_NAMES.items())
    used = {name for name, _, _ in hubs + others}
    number = 0
    while len(others) < wanted:
        borough = boroughs[number % len(boroughs)]
        partner_type, ending = endings[(number // len(boroughs)) % len(endings)]
        name = f"{borough} {ending}"
        if name in used:
            name = f"{name} {number // (len(boroughs) * len(endings)) + 1}"
        used.add(name)
        others.append((name, partner_type, borough))
        number += 1
    return hubs + others


def make_employers(rng: random.Random, participants: int) -> list[Employer]:
    """Create 40 to 80 employers across sectors, more for more participants."""
    count = participants // PARTICIPANTS_PER_EMPLOYER
    count = max(MIN_EMPLOYERS, min(MAX_EMPLOYERS, count))
    sizes = list(EMPLOYER_SIZES)
    size_weights = list(EMPLOYER_SIZES.values())

    names = [(name, sector, size) for name, sector, size in FIXED_EMPLOYERS]
    candidates = [
        (f"{place} {stem}", sector)
        for sector, stems in EMPLOYER_SECTORS.items()
        for stem in stems
        for place in EMPLOYER_PLACES
    ]
    for name, sector in rng.sample(candidates, count - len(names)):
        size = rng.choices(sizes, size_weights)[0]
        names.append((name, sector, size))

    width = max(3, len(str(count)))
    return [
        Employer(id=f"EMP{index + 1:0{width}d}", name=name, sector=sector, size=size)
        for index, (name, sector, size) in enumerate(names)
    ]
