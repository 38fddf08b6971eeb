"""Records of a partnership: the nodes of its graph and the links they carry.

Every record is an immutable dataclass whose ``id`` is a string chosen by the
partnership (``"0012"`` and ``"12"`` are different ids). Links between records
are the ``*_id`` fields. A referral links a participant, the referring partner
and the receiving partner or employer. Activities and outcomes link a
participant to the partner that delivered them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from graph.rules import (
    DEFAULT_OUTCOME_TYPES,
    DEFAULT_RECENCY_HALF_LIFE_DAYS,
    DEFAULT_SMALL_NUMBER_THRESHOLD,
)


@dataclass(frozen=True)
class Partner:
    """An organisation in the partnership."""

    id: str
    name: str
    type: str | None = None
    borough: str | None = None
    joined_on: date | None = None
    left_on: date | None = None


@dataclass(frozen=True)
class Employer:
    """An employer that receives referrals or where participants start jobs."""

    id: str
    name: str
    sector: str | None = None
    size: str | None = None


@dataclass(frozen=True)
class Participant:
    """A person supported by the partnership, enrolled by one partner.

    ``consent_recorded_on`` is the date the current ``consent_to_share``
    value was recorded, and ``consent_recorded_by`` the recorder: a user's
    id, or ``"import"`` for records from an import file. Both are ``None``
    when unknown.
    """

    id: str
    partner_id: str
    enrolled_on: date
    birth_year: int | None = None
    gender: str | None = None
    ethnicity: str | None = None
    postcode_district: str | None = None
    consent_to_share: bool = False
    consent_recorded_on: date | None = None
    consent_recorded_by: str | None = None


@dataclass(frozen=True)
class Referral:
    """A referral of one participant from a partner to a partner or employer.

    Exactly one of ``to_partner_id`` and ``to_employer_id`` is set.
    ``status_on`` is the date the referral reached its current ``status``.
    """

    id: str
    participant_id: str
    from_partner_id: str
    referred_on: date
    status: str
    to_partner_id: str | None = None
    to_employer_id: str | None = None
    status_on: date | None = None
    reason: str | None = None

    @property
    def to_id(self) -> str:
        """The id of the receiving partner or employer."""
        return self.to_partner_id or self.to_employer_id or ""


@dataclass(frozen=True)
class Activity:
    """Something a partner did with a participant, at a programme stage."""

    id: str
    participant_id: str
    partner_id: str
    type: str
    occurred_on: date
    stage: str | None = None
    hours: float | None = None


@dataclass(frozen=True)
class Outcome:
    """A result a participant achieved, credited to a partner."""

    id: str
    participant_id: str
    partner_id: str
    type: str
    achieved_on: date
    employer_id: str | None = None


@dataclass(frozen=True)
class PartnershipConfig:
    """The partnership's data collection framework, from ``partnership.toml``.

    ``activity_types`` is ``None`` when activity types are free text.
    ``targets`` maps an outcome type to the number of participants the
    programme aims to reach with it. ``collaboration_weights`` maps the
    measures of a collaboration score to their weights; a measure left out
    weighs 1. ``recency_half_life_days`` is the age in days at which a
    pair's last referral counts half towards the score's recency.
    """

    name: str = "Partnership"
    start_on: date | None = None
    end_on: date | None = None
    stages: tuple[str, ...] = ()
    activity_types: tuple[str, ...] | None = None
    outcome_types: tuple[str, ...] = DEFAULT_OUTCOME_TYPES
    targets: dict[str, int] = field(default_factory=dict)
    small_number_threshold: int = DEFAULT_SMALL_NUMBER_THRESHOLD
    collaboration_weights: dict[str, float] = field(default_factory=dict)
    recency_half_life_days: int = DEFAULT_RECENCY_HALF_LIFE_DAYS


@dataclass(frozen=True)
class Dataset:
    """A whole partnership's records, validated and ready to store."""

    config: PartnershipConfig
    partners: tuple[Partner, ...] = ()
    employers: tuple[Employer, ...] = ()
    participants: tuple[Participant, ...] = ()
    referrals: tuple[Referral, ...] = ()
    activities: tuple[Activity, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
