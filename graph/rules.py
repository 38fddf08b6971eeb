"""Business rules of a partnership, kept in one place.

The importer, the store and the GraphQL mutations all read these rules from
here, so a referral can never reach a state in one path that another path
would reject.
"""

from __future__ import annotations

from datetime import date

REFERRAL_STATUSES = ("made", "accepted", "declined", "withdrawn", "completed")

# A referral is made, then the receiver accepts or declines it, and an
# accepted referral ends completed. The referrer may withdraw it while it is
# still open. Declined, withdrawn and completed referrals are final.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    "made": frozenset({"accepted", "declined", "withdrawn"}),
    "accepted": frozenset({"completed", "withdrawn"}),
    "declined": frozenset(),
    "withdrawn": frozenset(),
    "completed": frozenset(),
}

# Statuses in which the receiver has decided on the referral.
DECIDED_STATUSES = frozenset({"accepted", "declined", "completed"})

DEFAULT_OUTCOME_TYPES = (
    "job_start",
    "job_sustained_13w",
    "job_sustained_26w",
    "apprenticeship",
    "training_qualification",
    "education",
)

DEFAULT_SMALL_NUMBER_THRESHOLD = 5

# Maximum lengths, in characters, of text that the API and the importer
# accept: record ids, free text such as names, and the reason on a referral.
MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 200
MAX_REASON_LENGTH = 1000

# The ``consent_recorded_by`` of a participant whose consent value came
# from an import file rather than from a user of the API.
IMPORT_RECORDER = "import"


def allowed_transitions(status: str) -> frozenset[str]:
    """Return the statuses a referral in ``status`` may move to."""
    return REFERRAL_TRANSITIONS.get(status, frozenset())


def can_transition(current: str, new: str) -> bool:
    """Return whether a referral may move from ``current`` to ``new``."""
    return new in allowed_transitions(current)


# Actions a partner that has left may no longer take, for departure messages.
ENROL = "enrol new participants"
RECEIVE_REFERRALS = "receive new referrals"


def departure_problem(
    partner_id: str, left_on: date | None, on: date, action: str
) -> str | None:
    """Return why a partner that left on ``left_on`` may not ``action`` on
    the day ``on``, or ``None`` when it may.

    A partner keeps its history when it leaves but takes on no new work from
    its leaving day onwards.
    """
    if left_on is None or on < left_on:
        return None
    return (
        f"partner {partner_id!r} left the partnership on {left_on.isoformat()} "
        f"and cannot {action}"
    )


def is_within(day: date, since: date | None, until: date | None) -> bool:
    """Return whether ``day`` lies in the window, both ends inclusive."""
    if since is not None and day < since:
        return False
    return until is None or day <= until


# The measures a collaboration score combines, each from 0 to 1. Their
# weights may be set in partnership.toml; each is 1 unless set.
COLLABORATION_COMPONENTS = (
    "volume",
    "reciprocity",
    "acceptance",
    "shared",
    "joint_outcomes",
    "recency",
)

# The days after which a pair's last referral counts half towards the
# recency of its collaboration, unless partnership.toml sets another: a
# referral one quarter old weighs half as much as one made at the end of
# the window.
DEFAULT_RECENCY_HALF_LIFE_DAYS = 90
