"""The store interface every storage backend implements.

A store contains one partnership. Reads return the dataclasses of
``graph.model``; aggregates that analyses need are computed by the store
itself (in SQL or Cypher), so no caller has to load every referral into
Python. Date windows are inclusive at both ends, and ``None`` leaves that
end open.

Stores validate nothing about business rules: ``graph.importer`` and
``graph.recording`` check records before they reach a store, and the store
only guarantees that each call is atomic.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from graph.access.audit import AuditEntry
from graph.access.users import User
from graph.journey import EVENT_KINDS, record_events
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

T = TypeVar("T")

Record = Partner | Employer | Participant | Referral | Activity | Outcome

# Each kind of record and its type, in the order an import writes them so
# that every record's links exist before it.
RECORD_TYPES: dict[str, type] = {
    "partners": Partner,
    "employers": Employer,
    "participants": Participant,
    "referrals": Referral,
    "activities": Activity,
    "outcomes": Outcome,
}
KIND_OF_TYPE = {record_type: kind for kind, record_type in RECORD_TYPES.items()}

# Names of the kinds of record, as used by import summaries and errors.
RECORD_KINDS = tuple(RECORD_TYPES)

# Called during long writes with (kind, records done, records in total).
ProgressCallback = Callable[[str, int, int], None]

# Orders of a page of referrals, activities or outcomes: by id, or by the
# record's date, oldest or newest first, with the id breaking ties.
Order = Literal["id", "oldest", "newest"]
ORDERS: tuple[Order, ...] = ("id", "oldest", "newest")


def check_page_request(first: int, order: str) -> None:
    """Raise ValueError for a negative page size or an unknown order."""
    if first < 0:
        raise ValueError(f"page size must not be negative, got {first}")
    if order not in ORDERS:
        raise ValueError(
            f"unknown order {order!r}; expected one of {', '.join(ORDERS)}"
        )


def check_feed_request(limit: int) -> None:
    """Raise ValueError for a negative number of feed events."""
    if limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")


def unknown_cursor(kind: str, after: str) -> ValueError:
    """Return the error for a date-ordered page whose cursor names no record."""
    return ValueError(
        f"invalid cursor: no record of {kind} has the id {after!r}; pass the id "
        "of the last record of the previous page"
    )


# The settings key of a secret is this prefix and the secret's name.
SECRET_PREFIX = "secret:"
SECRET_BYTES = 32


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list in the requested order, with the size of the whole
    list."""

    items: list[T]
    total_count: int
    has_next_page: bool


@dataclass(frozen=True)
class ReferralFilter:
    """Conditions on a list of referrals; ``None`` means any value.

    ``partner_id`` matches referrals from or to that partner. ``since`` and
    ``until`` apply to the date the referral was made.
    """

    status: str | None = None
    from_partner_id: str | None = None
    to_partner_id: str | None = None
    participant_id: str | None = None
    since: date | None = None
    until: date | None = None
    partner_id: str | None = None
    to_employer_id: str | None = None


@dataclass(frozen=True)
class ActivityFilter:
    """Conditions on a list of activities; ``None`` means any value.

    ``partner_id`` is the delivering partner, and ``since`` and ``until``
    apply to the date the activity took place.
    """

    participant_id: str | None = None
    partner_id: str | None = None
    type: str | None = None
    stage: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class OutcomeFilter:
    """Conditions on a list of outcomes; ``None`` means any value.

    ``partner_id`` is the credited partner, and ``since`` and ``until``
    apply to the date the outcome was achieved.
    """

    participant_id: str | None = None
    partner_id: str | None = None
    type: str | None = None
    employer_id: str | None = None
    since: date | None = None
    until: date | None = None


# The kinds of feed event: those of a journey, less the enrolment.
FEED_KINDS = tuple(kind for kind in EVENT_KINDS if kind != "enrolled")


@dataclass(frozen=True)
class FeedEvent:
    """One event of the partnership's activity feed.

    The events and their fields are those of ``graph.journey``: a referral
    gives ``referral_made`` on the day it was made and, once its status has
    moved on from ``made`` and has a date, one event for its current status.
    ``partner_id`` is the partner that acted. That is the referrer of a
    referral made or withdrawn, and the receiving partner of one accepted,
    declined or completed, unless an employer decided, which credits the
    referrer. It is the delivering partner of an activity and the credited
    partner of an outcome. The other fields are ``None`` where they do not
    apply to the kind.
    """

    on: date
    kind: str
    record_id: str
    participant_id: str
    partner_id: str
    to_partner_id: str | None = None
    to_employer_id: str | None = None
    type: str | None = None
    stage: str | None = None
    status: str | None = None
    reason: str | None = None
    employer_id: str | None = None


def feed_events(record: Referral | Activity | Outcome) -> list[FeedEvent]:
    """Build the feed events of one referral, activity or outcome from the
    journey's rules."""
    return [
        FeedEvent(
            on=event.on,
            kind=event.kind,
            record_id=event.record_id,
            participant_id=record.participant_id,
            partner_id=event.partner_id,
            to_partner_id=event.to_partner_id,
            to_employer_id=event.to_employer_id,
            type=event.type,
            stage=event.stage,
            status=event.status,
            reason=event.reason,
            employer_id=event.employer_id,
        )
        for event in record_events(record)
    ]


def feed_event(record: Referral | Activity | Outcome, kind: str) -> FeedEvent:
    """Return the feed event of ``kind`` that ``record`` gives.

    Raises LookupError when the record gives no such event, which means the
    store's query and the journey's rules disagree.
    """
    for event in feed_events(record):
        if event.kind == kind:
            return event
    raise LookupError(f"record {record.id!r} gives no {kind} event")


@dataclass(frozen=True)
class ReferralCount:
    """Referrals from one partner to one receiver with one status."""

    from_partner_id: str
    to_id: str
    to_kind: Literal["partner", "employer"]
    status: str
    count: int


@dataclass(frozen=True)
class ReferralDuration:
    """Referrals from one partner to one receiver with one status and one
    duration.

    ``days`` is the number of days from the referral to its current
    status, and ``None`` while it is ``made``. ``referred_on`` is the day
    a ``made`` referral was made, and ``None`` for the other statuses.
    """

    from_partner_id: str
    to_id: str
    to_kind: Literal["partner", "employer"]
    status: str
    days: int | None
    referred_on: date | None
    count: int


@dataclass(frozen=True)
class ReferralOutcome:
    """Participants referred from one partner to one receiver in a window
    who achieved an outcome of ``outcome_type`` on or after the day of that
    referral; with ``outcome_type`` ``None``, every participant referred."""

    from_partner_id: str
    to_id: str
    to_kind: Literal["partner", "employer"]
    outcome_type: str | None
    participants: int


@dataclass(frozen=True)
class ReferralChain:
    """Referrals from one partner to another that continue an earlier
    referral of the same participant.

    ``onward``: the sender had received the participant by an earlier
    referral, and passes them on. ``back``: the receiver had referred the
    participant to the sender earlier, so the participant went back where
    they came from (a loop).
    """

    from_partner_id: str
    to_partner_id: str
    onward: int
    back: int


@dataclass(frozen=True)
class SharedParticipants:
    """Participants that two partners both worked with; ``partner_a`` sorts
    before ``partner_b``. ``with_outcome`` counts those of them with an
    outcome, credited to any partner, in the same window."""

    partner_a: str
    partner_b: str
    count: int
    with_outcome: int = 0


@dataclass(frozen=True)
class LastReferral:
    """The day of the latest referral between two partners, in either
    direction; ``partner_a`` sorts before ``partner_b``."""

    partner_a: str
    partner_b: str
    referred_on: date


@dataclass(frozen=True)
class PartnerReach:
    """Distinct participants a partner worked with."""

    partner_id: str
    participants: int


@dataclass(frozen=True)
class OutcomeCount:
    """Outcomes of one type: distinct participants and outcome records.

    ``partner_id`` is ``None`` on the partnership-wide total, which counts
    each participant once even when several partners recorded the outcome.
    """

    partner_id: str | None
    type: str
    participants: int
    outcomes: int


@dataclass(frozen=True)
class JourneyMilestones:
    """One participant enrolled in a window, without their id or personal
    fields.

    ``stages`` maps each programme stage the participant reached to the day
    of their earliest activity at that stage, and ``outcomes`` maps each
    outcome type to the day of their earliest outcome of that type. Both
    read records of any date, including days after the window.
    ``partners`` counts the distinct partners that supported the
    participant: the enrolling partner plus every partner with an activity
    for them. Neither a referral nor recording an outcome counts as
    support.
    """

    enrolled_on: date
    stages: Mapping[str, date]
    outcomes: Mapping[str, date]
    partners: int


@dataclass
class ImportSummary:
    """How many records of each kind an import created, changed or left as
    they were."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def total(self, which: Mapping[str, int]) -> int:
        """Return the sum over every kind of one of the three counts."""
        return sum(which.values())


class Store(ABC):
    """A partnership's records, in one storage backend.

    "Worked with" in the aggregates means the partner enrolled the
    participant, made or received a referral for them, or recorded an
    activity or outcome for them, on a date inside the window.
    """

    # lifecycle

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # configuration

    @abstractmethod
    def load_config(self) -> PartnershipConfig:
        """Return the stored framework, or the defaults if none was saved."""

    @abstractmethod
    def save_config(self, config: PartnershipConfig) -> None:
        """Replace the stored framework."""

    @abstractmethod
    def secret(self, name: str) -> bytes:
        """Return the partnership's secret called ``name``: 32 random bytes
        made the first time it is asked for and kept in the store, the
        same for every caller afterwards, even two asking at once.

        The pseudonyms of participants and the signatures of web sessions
        use these, so a copy of one partnership's database makes no
        pseudonym or session of another.
        """

    @abstractmethod
    def secrets(self) -> dict[str, bytes]:
        """Return every secret the store holds, by name.

        Only ``partnergraph migrate`` reads secrets this way, to copy them
        to another store. ``partnergraph export`` writes none of them.
        """

    @abstractmethod
    def set_secret(self, name: str, value: bytes) -> None:
        """Replace the secret called ``name`` with ``value``.

        Only ``partnergraph migrate`` calls this, so that pseudonyms and web
        sessions stay valid after a partnership moves to another store. Any
        other change of a secret changes every pseudonym made with it and
        ends every session signed with it. Raises ValueError for an empty
        ``value``.
        """

    # writes

    @abstractmethod
    def import_dataset(
        self, dataset: Dataset, progress: ProgressCallback | None = None
    ) -> ImportSummary:
        """Upsert every record of ``dataset`` by id, all or nothing.

        Saves ``dataset.config`` too. Running the same import twice leaves
        the store as the first run did. On any failure nothing is written
        and the error is raised as StoreError, chained to its cause.
        """

    @abstractmethod
    def save(self, record: Record) -> None:
        """Insert or replace one record by id, atomically."""

    @abstractmethod
    def change_referral_status(self, referral: Referral, expected_status: str) -> bool:
        """Write the status, status date and reason of ``referral`` only if
        the stored referral still has ``expected_status``.

        Returns whether the write happened, so two clients deciding the same
        referral at once cannot both succeed.
        """

    @abstractmethod
    def existing_ids(self, kind: str, ids: Iterable[str]) -> set[str]:
        """Return those of ``ids`` for which a record of ``kind`` exists.

        ``kind`` is one of ``RECORD_KINDS``.
        """

    # reads of single records and lists

    @abstractmethod
    def get_partner(self, partner_id: str) -> Partner | None: ...

    @abstractmethod
    def list_partners(self) -> list[Partner]:
        """Return every partner, ordered by id."""

    @abstractmethod
    def get_employer(self, employer_id: str) -> Employer | None: ...

    @abstractmethod
    def list_employers(self) -> list[Employer]:
        """Return every employer, ordered by id."""

    @abstractmethod
    def get_participant(self, participant_id: str) -> Participant | None: ...

    def list_participants(
        self,
        partner_id: str | None = None,
        after: str | None = None,
        first: int = 50,
        *,
        since: date | None = None,
        until: date | None = None,
        consent_to_share: bool | None = None,
    ) -> Page[Participant]:
        """Return participants ordered by id, those with an id after
        ``after``, optionally only those enrolled by ``partner_id``, enrolled
        in the window of ``since`` and ``until``, or with the given consent
        to share."""
        parameters = {
            "partner_id": partner_id,
            "since": since,
            "until": until,
            "consent_to_share": consent_to_share,
        }
        return self.page("participants", parameters, after, first, "id")

    @abstractmethod
    def get_referral(self, referral_id: str) -> Referral | None: ...

    def list_referrals(
        self,
        where: ReferralFilter | None = None,
        after: str | None = None,
        first: int = 50,
        order: Order = "id",
    ) -> Page[Referral]:
        """Return up to ``first`` referrals matching ``where``, in ``order``,
        starting after the referral whose id is ``after``.

        ``order`` is ``"id"``, ``"oldest"`` (date made, then id) or
        ``"newest"`` (date made, then id, both descending). In id order
        ``after`` may be any string. In a date order it must be the id of a
        stored referral, usually the last one of the previous page, and
        ValueError is raised when none has that id.
        """
        return self.page(
            "referrals", asdict(where or ReferralFilter()), after, first, order
        )

    def list_activities(
        self,
        where: ActivityFilter | None = None,
        after: str | None = None,
        first: int = 50,
        order: Order = "id",
    ) -> Page[Activity]:
        """Return up to ``first`` activities matching ``where``, in
        ``order`` on the date they took place, paged as ``list_referrals``
        pages."""
        return self.page(
            "activities", asdict(where or ActivityFilter()), after, first, order
        )

    def list_outcomes(
        self,
        where: OutcomeFilter | None = None,
        after: str | None = None,
        first: int = 50,
        order: Order = "id",
    ) -> Page[Outcome]:
        """Return up to ``first`` outcomes matching ``where``, in ``order``
        on the date they were achieved, paged as ``list_referrals`` pages."""
        return self.page(
            "outcomes", asdict(where or OutcomeFilter()), after, first, order
        )

    @abstractmethod
    def page(
        self,
        kind: str,
        parameters: dict[str, Any],
        after: str | None,
        first: int,
        order: Order,
    ) -> Page[Any]:
        """Return one page of the ``kind`` list whose filter fields are
        ``parameters``, as ``list_referrals`` describes."""

    @abstractmethod
    def recent_events(
        self,
        since: date | None = None,
        before: FeedEvent | None = None,
        limit: int = 50,
    ) -> list[FeedEvent]:
        """Return up to ``limit`` events of the feed, newest first.

        Events are ordered by date, kind and record id, all descending,
        which orders every event. ``before`` continues after that event, so
        the last event of one call gives the next call's ``before``. Events
        dated before ``since`` are left out. The events are computed by the
        database, with only the returned ones read into Python.
        """

    @abstractmethod
    def records_for_participants(
        self, kind: str, participant_ids: Iterable[str]
    ) -> dict[str, list[Any]]:
        """Return each participant's records of ``kind`` (referrals,
        activities or outcomes) ordered by date then id, in as few queries
        as the store allows. Participants without any are absent."""

    def referrals_for_participants(
        self, participant_ids: Iterable[str]
    ) -> dict[str, list[Referral]]:
        """Return each participant's referrals ordered by date then id."""
        return self.records_for_participants("referrals", participant_ids)

    def activities_for_participants(
        self, participant_ids: Iterable[str]
    ) -> dict[str, list[Activity]]:
        """Return each participant's activities ordered by date then id."""
        return self.records_for_participants("activities", participant_ids)

    def outcomes_for_participants(
        self, participant_ids: Iterable[str]
    ) -> dict[str, list[Outcome]]:
        """Return each participant's outcomes ordered by date then id."""
        return self.records_for_participants("outcomes", participant_ids)

    # users

    @abstractmethod
    def save_user(self, user: User) -> None:
        """Insert ``user``, or replace the stored user with its id."""

    @abstractmethod
    def get_user(self, user_id: str) -> User | None:
        """Return the user with id ``user_id``, or ``None``."""

    @abstractmethod
    def user_by_token_hash(self, token_hash: str) -> User | None:
        """Return the user whose token has this hash, or ``None``."""

    @abstractmethod
    def list_users(self) -> list[User]:
        """Return every user, revoked ones too, ordered by creation time,
        then id."""

    # erasure

    @abstractmethod
    def erase_participant(self, participant_id: str) -> dict[str, int]:
        """Delete the participant and every referral, activity and outcome
        of theirs in one transaction, and return how many records of each
        kind went. Unknown ids erase nothing."""

    # audit log

    @abstractmethod
    def append_audit(self, entries: Iterable[AuditEntry]) -> None:
        """Add ``entries`` to the audit log, all or none."""

    @abstractmethod
    def audit_entries(
        self,
        since: datetime | None = None,
        user_id: str | None = None,
        record_id: str | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        """Return up to ``limit`` audit entries, oldest first, at or after
        ``since``, by ``user_id``, and naming ``record_id``, each when
        given."""

    @abstractmethod
    def numbered_audit_entries(
        self, after: int = 0, limit: int = 1000
    ) -> list[tuple[int, AuditEntry]]:
        """Return up to ``limit`` audit entries with their sequence numbers,
        in the order they were appended, starting after number ``after``.

        The store numbers entries 1, 2, 3 and so on as it appends them, so
        the last number of one call is the next call's ``after``. Unlike
        ``audit_entries``, this order does not depend on the clocks that
        stamped the entries.
        """

    @abstractmethod
    def count_records(self) -> dict[str, int]:
        """Return the number of records of each kind in ``RECORD_KINDS``."""

    # aggregates for analyses

    @abstractmethod
    def referral_counts(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralCount]:
        """Count referrals made in the window by sender, receiver and status."""

    @abstractmethod
    def referral_durations(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralDuration]:
        """Count referrals made in the window by sender, receiver, status
        and days to that status, or day made while waiting."""

    @abstractmethod
    def referral_outcomes(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralOutcome]:
        """Count, per sender and receiver of referrals made in the window,
        the distinct participants referred (``outcome_type`` ``None``) and
        those of them with an outcome of each type on or after the day of
        their referral, achieved on any day."""

    @abstractmethod
    def referral_chains(
        self, since: date | None = None, until: date | None = None
    ) -> list[ReferralChain]:
        """Count, per sender and receiving partner, referrals made in the
        window that pass a participant on or send them back (``onward`` and
        ``back`` of ``ReferralChain``), against earlier referrals made on
        any day. Pairs with neither are absent."""

    @abstractmethod
    def shared_participants(
        self, since: date | None = None, until: date | None = None
    ) -> list[SharedParticipants]:
        """Count, for each pair of partners, the participants both worked
        with in the window and those of them with an outcome achieved in the
        window; pairs with none are absent."""

    @abstractmethod
    def last_referrals(
        self, since: date | None = None, until: date | None = None
    ) -> list[LastReferral]:
        """Return, for each pair of distinct partners with a referral
        between them made in the window, the day of the latest one."""

    @abstractmethod
    def partner_reach(
        self, since: date | None = None, until: date | None = None
    ) -> list[PartnerReach]:
        """Count the participants each partner worked with in the window;
        every partner is present, with zero where it worked with nobody."""

    @abstractmethod
    def outcome_counts(
        self, since: date | None = None, until: date | None = None
    ) -> list[OutcomeCount]:
        """Count outcomes achieved in the window per partner and type, plus
        one partnership-wide row per type with ``partner_id`` ``None``."""

    @abstractmethod
    def journey_milestones(
        self, since: date | None = None, until: date | None = None
    ) -> list[JourneyMilestones]:
        """Return the milestones of each participant enrolled in the window,
        ordered by enrolment day and then by participant id."""
