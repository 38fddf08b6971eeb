"""Eastbank, the partnership the access tests read and write.

Partners A (Eastbank Youth Hub), B (Skills Works) and C (Job Brokers);
employer E. The partner user of the tests works for B. Participants B1
(consented) and B2 (did not) were enrolled by B; A1 (consented) and A2
(did not) were enrolled by A and referred to B; A3 (consented) and A4
(did not) were enrolled by A and referred to C only, so B has no reason
to see them. Every participant has its own values, so a leak of any
value can be searched for in a response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.model import (
    Activity,
    Dataset,
    Employer,
    Outcome,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)


def _person(pid: str, partner: str, born: int, postcode: str, consent: bool):
    return Participant(
        pid,
        partner,
        date(2024, 1, 10),
        birth_year=born,
        gender="male",
        ethnicity="Black Caribbean",
        postcode_district=postcode,
        consent_to_share=consent,
    )


def _referral(rid, pid, source, target, day, status, decided=None, reason=None):
    return Referral(
        rid,
        pid,
        source,
        date(2024, 2, day),
        status,
        target,
        None,
        date(2024, 2, decided or day),
        reason,
    )


DATASET = Dataset(
    config=PartnershipConfig(
        name="Eastbank Jobs Partnership",
        start_on=date(2024, 1, 1),
        stages=("engagement", "training"),
        outcome_types=("job_start", "education"),
        targets={"job_start": 20},
    ),
    partners=(
        Partner("A", "Eastbank Youth Hub", "lead", "Hackney", date(2024, 1, 1)),
        Partner("B", "Skills Works", "training", "Hackney", date(2024, 1, 1)),
        Partner("C", "Job Brokers", "broker", "Tower Hamlets", date(2024, 1, 1)),
    ),
    employers=(Employer("E", "Market Street Foods", "retail", "small"),),
    participants=(
        _person("B1", "B", 2003, "E8", True),
        _person("B2", "B", 2002, "E9", False),
        _person("A1", "A", 2004, "N15", True),
        _person("A2", "A", 2001, "N16", False),
        _person("A3", "A", 2000, "N17", True),
        _person("A4", "A", 1999, "N4", False),
    ),
    referrals=(
        _referral("RB1", "B1", "B", "C", 1, "made"),
        _referral("RB2", "B2", "B", "C", 1, "accepted", 5),
        _referral("RA1", "A1", "A", "B", 2, "made"),
        _referral("RA2", "A2", "A", "B", 3, "made"),
        _referral("RA4", "A3", "A", "C", 3, "made"),
        _referral("RA5", "A4", "A", "C", 3, "made"),
        _referral("RC1", "A1", "A", "B", 4, "accepted", 6),
        _referral("RC2", "A2", "A", "B", 4, "accepted", 6),
        _referral("RC3", "A3", "A", "C", 4, "accepted", 6),
        _referral("RD3", "A3", "A", "B", 4, "declined", 7, "has moved to Leeds"),
    ),
    activities=(
        Activity("KB1", "B1", "B", "mentoring", date(2024, 3, 1), "engagement", 2.0),
        Activity("KB2", "B2", "B", "mentoring", date(2024, 3, 2), "engagement", 2.0),
        Activity("KA1", "A1", "B", "mentoring", date(2024, 3, 3), "training", 3.0),
        Activity("KA2", "A2", "B", "mentoring", date(2024, 3, 4), "training", 3.0),
        Activity("KA1A", "A1", "A", "mentoring", date(2024, 3, 5), "engagement", 1.5),
        Activity("KA3", "A3", "C", "mentoring", date(2024, 3, 6), "training", 1.0),
    ),
    outcomes=(
        Outcome("OB1", "B1", "B", "job_start", date(2024, 4, 1), "E"),
        Outcome("OB2", "B2", "B", "job_start", date(2024, 4, 2), "E"),
        Outcome("OA1", "A1", "B", "education", date(2024, 4, 3)),
        Outcome("OA2", "A2", "B", "education", date(2024, 4, 4)),
        Outcome("OA1A", "A1", "A", "job_start", date(2024, 4, 5), "E"),
        Outcome("OA3", "A3", "C", "job_start", date(2024, 4, 6), "E"),
    ),
)


@dataclass(frozen=True)
class Subject:
    """One participant of a matrix cell, seen by the partner user of B:
    their own or another partner's, consented or not, with one record of
    each kind the user's partner can see."""

    participant: str
    referral: str
    activity: str
    outcome: str
    own: bool
    consent: bool


SUBJECTS = {
    "own, consented": Subject("B1", "RB1", "KB1", "OB1", own=True, consent=True),
    "own, not consented": Subject("B2", "RB2", "KB2", "OB2", own=True, consent=False),
    "referred, consented": Subject("A1", "RA1", "KA1", "OA1", own=False, consent=True),
    "referred, not consented": Subject(
        "A2", "RA2", "KA2", "OA2", own=False, consent=False
    ),
}

# The values of each participant, to search responses for.
PERSONAL_VALUES = {
    person.id: (str(person.birth_year), person.postcode_district)
    for person in DATASET.participants
}
