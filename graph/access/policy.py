"""Who may see and change what: the access rules of every role.

Every entry point (GraphQL, the web pages, maps, exports and the command
line) asks this module, so each rule is written once.

``admin`` sees and changes everything. ``partner`` users act for one
partner organisation: they see the participants it enrolled in full, a
participant referred to it only with the participant's consent and only
the fields needed to act on the referral, its own referrals, activities
and outcomes, and suppressed aggregates of the partnership. ``facilitator``
users see every event across partners, with consenting participants under
a pseudonym and without birth year or postcode, and exact partner-level
analyses. ``funder`` users see aggregates only, suppressed.

A participant who has not consented to sharing is never shown to anyone
but the partner that enrolled them and admins; withdrawing consent takes
effect on the next request. Aggregates still count them, suppressed for
the roles that see suppressed numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

from graph.access import privacy
from graph.access.users import ROLES, User
from graph.errors import PartnergraphError
from graph.model import Activity, Outcome, Participant, Referral
from graph.store import ActivityFilter, OutcomeFilter, ReferralFilter

ADMIN, PARTNER, FACILITATOR, FUNDER = ROLES

DeliveryFilter = TypeVar("DeliveryFilter", ActivityFilter, OutcomeFilter)

# How much of a participant a viewer sees.
FULL = "full"
REFERRED = "referred"
PSEUDONYMISED = "pseudonymised"

# A partner sees a referred participant while a referral to it is in one
# of these statuses; once it declined or the referrer withdrew, it has no
# more need to.
OPEN_REFERRAL_STATUSES = frozenset({"made", "accepted", "completed"})

# The participant fields each view shows. The other fields of a view are
# forbidden, never shown empty. Lists of a participant's records are shown
# only in part to a referred partner (``may_see_record``).
_ALWAYS = frozenset(
    {
        "id",
        "partner",
        "enrolled_on",
        "age_band",
        "consent_to_share",
        "current_stage",
        "referrals",
        "activities",
        "outcomes",
        "journey",
    }
)
PARTICIPANT_FIELDS: dict[str, frozenset[str]] = {
    FULL: _ALWAYS
    | {
        "birth_year",
        "gender",
        "ethnicity",
        "postcode_district",
        "consent_recorded_on",
        "consent_recorded_by",
    },
    # What a partner needs to act on a referral: who the person is to the
    # referrer (their id), which partner to talk to, when they joined, their
    # age band for eligibility, and how far they have come.
    REFERRED: _ALWAYS,
    PSEUDONYMISED: _ALWAYS | {"gender", "ethnicity"},
}

# The reason each view leaves a participant's other fields out, for error
# messages.
FIELD_REASONS = {
    REFERRED: "another partner enrolled them, and a partner they were referred "
    "to sees only what it needs to act on the referral",
    PSEUDONYMISED: "facilitators see participants under a pseudonym, without "
    "birth year, postcode or who recorded consent",
}

# Roles that see exact counts; the others see small counts suppressed.
EXACT_COUNT_ROLES = frozenset({ADMIN, FACILITATOR})


def suppression_threshold(role: str, threshold: int) -> int | None:
    """Return the small-number threshold that output for ``role`` must
    apply, or ``None`` for a role that sees exact counts."""
    return None if role in EXACT_COUNT_ROLES else threshold


# One message for a participant that does not exist and one the viewer may
# not see, so that no one learns which ids exist.
NOT_VISIBLE = "no participant with this id is visible to you"


class Forbidden(PartnergraphError):
    """The viewer's role may not see or do what it asked for."""


@dataclass(frozen=True)
class Viewer:
    """A signed-in user, as the rules see them.

    ``secret`` keys the partnership's pseudonyms and ``threshold`` is its
    small-number threshold.
    """

    user_id: str
    role: str
    partner_id: str | None = None
    secret: bytes = field(default=b"", repr=False)
    threshold: int = 5

    @classmethod
    def of(cls, user: User, secret: bytes, threshold: int) -> Viewer:
        return cls(user.id, user.role, user.partner_id, secret, threshold)

    @property
    def exact_counts(self) -> bool:
        """Whether the viewer sees counts of people below the threshold."""
        return self.role in EXACT_COUNT_ROLES

    def require(self, *roles: str, what: str) -> None:
        """Raise Forbidden unless the viewer has one of ``roles``."""
        if self.role not in roles:
            raise Forbidden(f"{self.role} users may not {what}")


# participants


def participant_view(
    viewer: Viewer,
    participant: Participant,
    referrals: Callable[[], list[Referral]],
) -> str | None:
    """Return how much of ``participant`` the viewer sees, or ``None``.

    ``referrals`` returns the participant's referrals. It is called only
    when the result depends on them.
    """
    if viewer.role == ADMIN:
        return FULL
    if viewer.role == PARTNER:
        if participant.partner_id == viewer.partner_id:
            return FULL
        if participant.consent_to_share and any(
            referral.to_partner_id == viewer.partner_id
            and referral.status in OPEN_REFERRAL_STATUSES
            for referral in referrals()
        ):
            return REFERRED
        return None
    if viewer.role == FACILITATOR and participant.consent_to_share:
        return PSEUDONYMISED
    return None


def may_read_field(view: str, name: str) -> bool:
    """Return whether the participant field ``name`` is shown in ``view``."""
    return name in PARTICIPANT_FIELDS[view]


def shown_id(viewer: Viewer, view: str, participant_id: str) -> str:
    """Return the participant id as ``view`` shows it: the id itself, or
    the partnership's pseudonym."""
    if view == PSEUDONYMISED:
        return privacy.pseudonym(viewer.secret, participant_id)
    return participant_id


def age_band(participant: Participant, today: date) -> str | None:
    """Return the participant's age band on ``today``."""
    return privacy.age_band(participant.birth_year, today)


# records of a participant


def record_partners(record: Referral | Activity | Outcome) -> set[str]:
    """Return the ids of the partners a record belongs to: the referrer and
    receiving partner of a referral, the partner of an activity or outcome."""
    if isinstance(record, Referral):
        return {record.from_partner_id, record.to_partner_id or ""} - {""}
    return {record.partner_id}


def may_see_record(
    viewer: Viewer, record: Referral | Activity | Outcome, view: str | None
) -> bool:
    """Return whether the viewer sees ``record``, whose participant it sees
    as ``view``: admins and facilitators see every record, a partner its
    own records and every record of a participant it enrolled."""
    if viewer.role in (ADMIN, FACILITATOR):
        return True
    if viewer.role == PARTNER:
        return view == FULL or viewer.partner_id in record_partners(record)
    return False


# lists


def participant_list_partner(viewer: Viewer, partner_id: str | None) -> str | None:
    """Return the enrolling partner a participant list must keep to.

    Partner users list their own participants; facilitators and funders
    list none.
    """
    viewer.require(ADMIN, PARTNER, what="list participants")
    if viewer.role == PARTNER:
        if partner_id not in (None, viewer.partner_id):
            raise Forbidden("partner users may list only their own participants")
        return viewer.partner_id
    return partner_id


def referral_filter(
    viewer: Viewer,
    where: ReferralFilter,
    view_of: Callable[[str], str | None],
) -> ReferralFilter:
    """Return ``where`` narrowed to the referrals the viewer sees.

    A partner sees referrals it sent or received, and every referral of a
    participant it enrolled; without a condition naming itself, its
    referrals are the list. ``view_of`` returns how the viewer sees a
    participant, for a condition on one. Facilitators may not filter by
    participant, because they know participants only by pseudonym.
    """
    viewer.require(ADMIN, FACILITATOR, PARTNER, what="list referrals")
    if _participant_condition(viewer, where.participant_id, view_of) == FULL:
        return where
    if viewer.role != PARTNER:
        return where
    mine = viewer.partner_id
    if mine in (where.partner_id, where.from_partner_id, where.to_partner_id):
        return where
    if where.partner_id is None:
        return replace(where, partner_id=mine)
    raise Forbidden(
        "partner users may list only referrals they sent or received, or "
        "those of participants they enrolled"
    )


def delivery_filter(
    viewer: Viewer, where: DeliveryFilter, view_of: Callable[[str], str | None]
) -> DeliveryFilter:
    """Return an activity or outcome filter narrowed to what the viewer
    sees: a partner's own, or every one of a participant it enrolled."""
    viewer.require(ADMIN, FACILITATOR, PARTNER, what="list activities or outcomes")
    if _participant_condition(viewer, where.participant_id, view_of) == FULL:
        return where
    if viewer.role != PARTNER or where.partner_id == viewer.partner_id:
        return where
    if where.partner_id is None:
        return replace(where, partner_id=viewer.partner_id)
    raise Forbidden(
        "partner users may list only their own activities and outcomes, or "
        "those of participants they enrolled"
    )


def partner_records(viewer: Viewer, partner_id: str, what: str) -> None:
    """Raise Forbidden unless the viewer may list the ``what`` records of
    the partner ``partner_id``."""
    if viewer.role == PARTNER and partner_id == viewer.partner_id:
        return
    if what == "participants":
        viewer.require(ADMIN, what="list another partner's participants")
    else:
        viewer.require(ADMIN, FACILITATOR, what=f"list another partner's {what}")


def _participant_condition(
    viewer: Viewer, participant_id: str | None, view_of: Callable[[str], str | None]
) -> str | None:
    """Check a list's condition on one participant and return how the viewer
    sees them, or ``None`` without a condition.

    A participant the viewer may not see is refused with the same message
    as one that does not exist, so a filter cannot tell which ids exist or
    whom a record is about.
    """
    if participant_id is None:
        return None
    if viewer.role == FACILITATOR:
        raise Forbidden(
            "facilitators know participants only by pseudonym and may not "
            "filter by participant id"
        )
    if viewer.role == ADMIN:
        return FULL
    view = view_of(participant_id)
    if view is None:
        raise Forbidden(NOT_VISIBLE)
    return view


# writes

# The roles that may make each write at all.
WRITE_ROLES = {
    "register_participant": (ADMIN, PARTNER),
    "update_participant": (ADMIN, PARTNER),
    "record_referral": (ADMIN, PARTNER),
    "accept_referral": (ADMIN, PARTNER),
    "decline_referral": (ADMIN, PARTNER),
    "withdraw_referral": (ADMIN, PARTNER),
    "complete_referral": (ADMIN, PARTNER),
    "record_activity": (ADMIN, PARTNER),
    "record_outcome": (ADMIN, PARTNER),
    "add_employer": (ADMIN, PARTNER),
    "add_partner": (ADMIN,),
    "update_partner": (ADMIN,),
    "erase_participant": (ADMIN, PARTNER),
}

# The writes that move a referral on. Its receiver decides on it and
# completes it; its referrer withdraws it.
_RECEIVER_WRITES = frozenset(
    {"accept_referral", "decline_referral", "complete_referral"}
)
REFERRAL_DECISIONS = _RECEIVER_WRITES | {"withdraw_referral"}
# The writes whose input names the partner that acts; a partner user must
# name its own.
ACTING_PARTNER_WRITES = frozenset(
    {"register_participant", "record_referral", "record_activity", "record_outcome"}
)


def check_write(viewer: Viewer, action: str) -> None:
    """Raise Forbidden unless the viewer's role may make the write
    ``action`` at all; the records it touches are checked separately."""
    roles = WRITE_ROLES.get(action)
    if roles is None or viewer.role not in roles:
        raise Forbidden(f"{viewer.role} users may not {action.replace('_', ' ')}")


def check_acting_partner(viewer: Viewer, partner_id: str | None) -> None:
    """Raise Forbidden unless a partner user writes as its own partner."""
    if viewer.role == PARTNER and partner_id != viewer.partner_id:
        raise Forbidden(
            f"partner users record only for their own partner {viewer.partner_id!r}"
        )


NOT_YOURS_TO_DECIDE = (
    "no referral with this id is yours to change: its receiver accepts, "
    "declines and completes it, and its referrer withdraws it"
)


def may_decide(viewer: Viewer, action: str, referral: Referral) -> bool:
    """Return whether the viewer may move ``referral`` by ``action``: a
    partner user as its receiver to decide and complete it, or as its
    referrer to withdraw it."""
    if viewer.role != PARTNER:
        return True
    acting = (
        referral.to_partner_id
        if action in _RECEIVER_WRITES
        else referral.from_partner_id
    )
    return acting == viewer.partner_id


def check_participant_write(viewer: Viewer, action: str, view: str | None) -> None:
    """Raise Forbidden unless a partner user may write about a participant
    it sees as ``view``: anything about one it enrolled; referrals,
    activities and outcomes of one referred to it; and nothing else."""
    if viewer.role != PARTNER:
        return
    if view == FULL:
        return
    if view == REFERRED and action in (
        "record_referral",
        "record_activity",
        "record_outcome",
    ):
        return
    raise Forbidden(
        "partner users may change only participants they enrolled, and "
        "record work only with participants enrolled by or referred to them"
    )
