"""The per-request state resolvers read from ``info.context``.

A ``RequestContext`` wraps the request's store and batches the lists nested
under participants. It remembers every participant the request returns. The
first time any of them needs its referrals (or activities, or outcomes), the
context fetches that list for all of them in one store call. A page of
participants with their referrals, activities, outcomes and journeys thus
costs a fixed number of store calls, however long the page.

The context also holds the request's ``Viewer`` and applies
``graph.access.policy`` to what it reads: lists are narrowed to what the
viewer may see, a participant's records to those the viewer may see, and
the analyses are suppressed for roles that see small counts hidden.
``api.graphql.guard`` applies the same rules field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from graphql import GraphQLError

from analysis.collaboration import MAX_RESAMPLES, MIN_RESAMPLES
from api import analyses
from api.graphql import network_views, paging, tables
from graph import rules
from graph.access import disclosure, policy
from graph.access.audit import AuditEntry
from graph.access.policy import Forbidden, Viewer
from graph.access.users import User
from graph.errors import NotFoundError
from graph.journey import JourneyEvent, build_journey, current_stage
from graph.model import Activity, Employer, Outcome, Participant, Partner, Referral
from graph.store import (
    KIND_OF_TYPE,
    ActivityFilter,
    OutcomeFilter,
    Page,
    ReferralFilter,
    Store,
)

RecordT = TypeVar("RecordT")


# The writes that record a participant's consent, with who recorded it.
_CONSENT_WRITES = frozenset({"register_participant", "update_participant"})

# The kind of record behind each kind of journey or feed event, by the
# event kind's first word.
_EVENT_RECORD_KINDS = {
    "enrolled": "participants",
    "activity": "activities",
    "referral": "referrals",
    "outcome": "outcomes",
}


class _ChildLoader:
    """Loads one kind of list for every participant seen so far, in one call."""

    def __init__(self, fetch: Callable[[Iterable[str]], dict[str, list[Any]]]) -> None:
        self._fetch = fetch
        self._lists: dict[str, list[Any]] = {}

    def load(self, participant_id: str, seen_ids: Iterable[str]) -> list[Any]:
        """Return the participant's list, fetching it together with the
        lists of every id in ``seen_ids`` not fetched yet."""
        if participant_id not in self._lists:
            ids = [
                other_id
                for other_id in dict.fromkeys([*seen_ids, participant_id])
                if other_id not in self._lists
            ]
            fetched = self._fetch(ids)
            for other_id in ids:
                self._lists[other_id] = fetched.get(other_id, [])
        return self._lists[participant_id]


class RequestContext:
    """The store of one GraphQL request, with its lookups cached.

    ``request_id`` is the id the request's log lines carry.
    """

    def __init__(self, store: Store, request_id: str, viewer: Viewer) -> None:
        self.store = store
        self.request_id = request_id
        self.viewer = viewer
        self._views: dict[str, str | None] = {}
        self._people: dict[str, Participant | None] = {}
        self._record_checks: dict[tuple[str, str], bool] = {}
        self._cursor_key: bytes | None = None
        # Ids of the records whose fields the request read or wrote, by
        # operation and kind, for the audit log.
        self.accessed: dict[tuple[str, str], dict[str, None]] = {}
        self._partners: dict[str, Partner] | None = None
        self._employers: dict[str, Employer] | None = None
        self._tables: dict[tuple[Any, ...], list[Any]] = {}
        self.today = date.today()
        self._forget_lists()

    # partners and employers, read once per request

    def partners(self) -> list[Partner]:
        return list(self._partner_map().values())

    def partner(self, partner_id: str | None) -> Partner | None:
        return self._partner_map().get(partner_id) if partner_id else None

    def employers(self) -> list[Employer]:
        return list(self._employer_map().values())

    def employer(self, employer_id: str | None) -> Employer | None:
        return self._employer_map().get(employer_id) if employer_id else None

    # what the viewer sees of each participant

    def view_of(self, participant_id: str) -> str | None:
        """Return how much of the participant the viewer sees
        (``graph.access.policy``), or ``None`` for nothing."""
        if participant_id not in self._views:
            participant = self._person(participant_id)
            self._views[participant_id] = (
                None
                if participant is None
                else policy.participant_view(
                    self.viewer,
                    participant,
                    lambda: self._referrals.load(participant_id, self._seen),
                )
            )
        return self._views[participant_id]

    def shown_participant_id(self, participant_id: str) -> str:
        """Return the participant's id as the viewer may see it, or raise
        Forbidden."""
        view = self.view_of(participant_id)
        if view is None:
            raise Forbidden(policy.NOT_VISIBLE)
        return policy.shown_id(self.viewer, view, participant_id)

    def visible_participant(self, participant_id: str) -> Participant:
        """Return the participant if the viewer may see them, else raise
        Forbidden with the same message whether or not they exist."""
        participant = self._person(participant_id)
        if participant is None or self.view_of(participant_id) is None:
            raise Forbidden(policy.NOT_VISIBLE)
        return participant

    def may_see(self, record: Referral | Activity | Outcome) -> bool:
        """Return whether the viewer may read the fields of ``record``."""
        key = (type(record).__name__, record.id)
        if key not in self._record_checks:
            view = (
                self.view_of(record.participant_id)
                if self.viewer.role == policy.PARTNER
                else None
            )
            self._record_checks[key] = policy.may_see_record(self.viewer, record, view)
        return self._record_checks[key]

    def note_read(self, kind: str, record_id: str) -> None:
        """Remember that the request read the record, for the audit log."""
        self.accessed.setdefault(("read", kind), {})[record_id] = None

    def note_event(self, event: Any) -> None:
        """Remember the record a journey or feed event comes from."""
        kind = _EVENT_RECORD_KINDS.get(event.kind.split("_")[0], "referrals")
        self.note_read(kind, event.record_id)

    def _cursor_secret(self) -> bytes:
        if self._cursor_key is None:
            self._cursor_key = self.store.secret("cursor")
        return self._cursor_key

    def _person(self, participant_id: str) -> Participant | None:
        if participant_id not in self._people:
            self._people[participant_id] = self.store.get_participant(participant_id)
            self._seen[participant_id] = None
        return self._people[participant_id]

    # participants and their lists

    def participant(self, participant_id: str) -> Participant | None:
        self.viewer.require(
            policy.ADMIN, policy.PARTNER, what="look up participants by id"
        )
        if self.viewer.role == policy.ADMIN:
            return self._person(participant_id)
        return self.visible_participant(participant_id)

    def participant_page(
        self,
        partner_id: str | None,
        first: int,
        after: str | None,
        since: date | None = None,
        until: date | None = None,
        consent_to_share: bool | None = None,
    ) -> dict[str, Any]:
        tables.check_window(since, until)
        partner_id = policy.participant_list_partner(self.viewer, partner_id)
        page = self.store.list_participants(
            partner_id=partner_id,
            after=paging.decode_cursor(after, "participants", self._cursor_secret()),
            first=paging.check_page_size(first),
            since=since,
            until=until,
            consent_to_share=consent_to_share,
        )
        for item in page.items:
            self._people[item.id] = item
            self._seen[item.id] = None
        return paging.connection(page, "participants", self._cursor_secret())

    def partner_participant_page(
        self, partner_id: str, first: int, after: str | None
    ) -> dict[str, Any]:
        policy.partner_records(self.viewer, partner_id, "participants")
        return self.participant_page(partner_id, first, after)

    def referrals_of(self, participant_id: str) -> list[Referral]:
        return self._visible(participant_id, self._referrals)

    def activities_of(self, participant_id: str) -> list[Activity]:
        return self._visible(participant_id, self._activities)

    def outcomes_of(self, participant_id: str) -> list[Outcome]:
        return self._visible(participant_id, self._outcomes)

    def current_stage_of(self, participant_id: str) -> str | None:
        """Return the participant's programme stage from all their
        activities, also those the viewer does not see: the stage is one of
        the fields a referred partner needs."""
        return current_stage(self._activities.load(participant_id, self._seen))

    def _visible(self, participant_id: str, loader: _ChildLoader) -> list[Any]:
        view = self.view_of(participant_id)
        return [
            record
            for record in loader.load(participant_id, self._seen)
            if policy.may_see_record(self.viewer, record, view)
        ]

    def journey_of(self, participant: Participant) -> list[JourneyEvent]:
        return build_journey(
            participant,
            self.referrals_of(participant.id),
            self.activities_of(participant.id),
            self.outcomes_of(participant.id),
        )

    # referrals

    def referral_page(
        self, where: ReferralFilter, first: int, after: str | None, order: Any = "id"
    ) -> dict[str, Any]:
        if where.status is not None and where.status not in rules.REFERRAL_STATUSES:
            raise GraphQLError(
                f"unknown status {where.status!r}; expected one of "
                f"{', '.join(rules.REFERRAL_STATUSES)}",
                extensions={"code": "BAD_REQUEST"},
            )
        tables.check_window(where.since, where.until)
        where = policy.referral_filter(self.viewer, where, self.view_of)
        return self._page("referrals", where, first, after, order)

    def activity_page(
        self, where: ActivityFilter, first: int, after: str | None, order: Any = "id"
    ) -> dict[str, Any]:
        tables.check_window(where.since, where.until)
        where = policy.delivery_filter(self.viewer, where, self.view_of)
        return self._page("activities", where, first, after, order)

    def outcome_page(
        self, where: OutcomeFilter, first: int, after: str | None, order: Any = "id"
    ) -> dict[str, Any]:
        tables.check_window(where.since, where.until)
        where = policy.delivery_filter(self.viewer, where, self.view_of)
        return self._page("outcomes", where, first, after, order)

    def partner_page(
        self,
        kind: str,
        partner_id: str,
        where: Any,
        first: int,
        after: str | None,
        order: Any,
    ) -> dict[str, Any]:
        """Return a page of one partner's referrals, activities or outcomes,
        if the viewer may list them."""
        policy.partner_records(self.viewer, partner_id, kind)
        return self._page(kind, where, first, after, order)

    def _page(
        self, kind: str, where: Any, first: int, after: str | None, order: Any
    ) -> dict[str, Any]:
        if getattr(where, "participant_id", None) is not None:
            # A list about one person reads about them, even a bare count.
            self.note_read("participants", where.participant_id)
        list_records: Callable[..., Page[Any]] = getattr(self.store, f"list_{kind}")
        try:
            page = list_records(
                where=where,
                after=paging.decode_cursor(after, kind, self._cursor_secret()),
                first=paging.check_page_size(first),
                order=paging.order_value(order),
            )
        except ValueError as err:
            # In a date order, a cursor naming a record that no longer exists.
            raise GraphQLError(
                f"invalid cursor {after!r} in 'after': the record it names no "
                "longer exists; start again from the first page",
                extensions={"code": "BAD_REQUEST"},
            ) from err
        return paging.connection(page, kind, self._cursor_secret())

    def days_waiting(self, referral: Referral) -> int | None:
        if referral.status != "made":
            return None
        return max((self.today - referral.referred_on).days, 0)

    def feed(self, since: date | None, first: int, after: str | None) -> dict[str, Any]:
        self.viewer.require(
            policy.ADMIN, policy.FACILITATOR, what="read the partnership's feed"
        )
        before = paging.decode_feed_cursor(after, self._cursor_secret())
        events = self.store.recent_events(
            since=since, before=before, limit=paging.check_page_size(first) + 1
        )
        return paging.feed_connection(events, first, self._cursor_secret())

    def partner_referral_counts(
        self, partner_id: str, since: date | None, until: date | None
    ) -> dict[str, dict[str, int]]:
        tables.check_window(since, until)
        key = ("referral_counts", since, until)
        if key not in self._tables:
            self._tables[key] = list(self.store.referral_counts(since, until))
        sent = dict.fromkeys(rules.REFERRAL_STATUSES, 0)
        received = dict.fromkeys(rules.REFERRAL_STATUSES, 0)
        for row in self._tables[key]:
            if row.from_partner_id == partner_id:
                sent[row.status] = sent.get(row.status, 0) + row.count
            if row.to_kind == "partner" and row.to_id == partner_id:
                received[row.status] = received.get(row.status, 0) + row.count
        if self.viewer.exact_counts:
            return {
                "sent": {**sent, "total": sum(sent.values())},
                "received": {**received, "total": sum(received.values())},
            }
        threshold = self.viewer.threshold
        return {
            "sent": disclosure.status_counts(sent, threshold),
            "received": disclosure.status_counts(received, threshold),
        }

    def network_position(
        self,
        partner_id: str,
        since: date | None,
        until: date | None,
        view: Any = "directed",
        weight: Any = "volume",
    ) -> dict | None:
        key = ("metrics", since, until, *network_views.view_values(view, weight))
        if key not in self._tables:
            self._tables[key] = [self.network_metrics(since, until, view, weight)]
        rows = self._tables[key][0]["per_partner"]
        return next((row for row in rows if row["partner_id"] == partner_id), None)

    # analyses of a date window

    def referral_flows(
        self,
        since: date | None,
        until: date | None,
        waiting_days: int = analyses.DEFAULT_WAITING_DAYS,
    ) -> list[dict]:
        tables.check_window(since, until)
        if waiting_days < 0:
            raise GraphQLError(
                f"'waitingDays' must be 0 or more, got {waiting_days}",
                extensions={"code": "BAD_REQUEST"},
            )
        rows = tables.frame_rows(
            analyses.flow_table(self.store, since, until, waiting_days, self.today)
        )
        later = tables.frame_rows(
            analyses.outcomes_after_referral(self.store, since, until)
        )
        for row in rows:
            key = (row["from_partner_id"], row["to_id"], row["to_kind"])
            row["later_outcomes"] = [
                {
                    "type": item["outcome_type"],
                    "participants": item["participants"],
                    "referred": item["referred"],
                    "share": item["share"],
                }
                for item in later
                if (item["from_partner_id"], item["to_id"], item["to_kind"]) == key
            ]
        return self._disclosed(disclosure.flow_rows, rows)

    def collaboration_strength(
        self, since: date | None, until: date | None, resamples: int = 0
    ) -> list[dict]:
        tables.check_window(since, until)
        if resamples != 0 and not MIN_RESAMPLES <= resamples <= MAX_RESAMPLES:
            raise GraphQLError(
                f"'resamples' must be 0 or from {MIN_RESAMPLES} to "
                f"{MAX_RESAMPLES}, got {resamples}",
                extensions={"code": "BAD_REQUEST"},
            )
        frame = analyses.collaboration(
            self.store, since, until, self.today, resamples=resamples
        )
        return self._disclosed(disclosure.collaboration_rows, tables.frame_rows(frame))

    def network_metrics(
        self,
        since: date | None,
        until: date | None,
        view: Any = "directed",
        weight: Any = "volume",
    ) -> dict:
        """Return the network measures of the window in the view that the
        ``NetworkView`` and ``TieWeight`` arguments name. Under strength, a
        viewer of suppressed counts gets the weighted measures of the scores
        that the collaboration table shows them."""
        tables.check_window(since, until)
        directed, weight_name = network_views.view_values(view, weight)
        threshold = None if self.viewer.exact_counts else self.viewer.threshold
        metrics = analyses.metrics(
            self.store, since, until, directed, weight_name, threshold
        )
        return self._disclosed(disclosure.metrics_row, tables.metrics_row(metrics))

    def progress(self, since: date | None, until: date | None) -> list[dict]:
        tables.check_window(since, until)
        rows = tables.frame_rows(
            analyses.progress(self.store, since, until), index_name="type"
        )
        rows = self._disclosed(disclosure.progress_rows, rows)
        for row in rows:
            row["window"] = (since, until)
        return rows

    def progress_by_partner(
        self, window: tuple[date | None, date | None], outcome_type: str
    ) -> list[dict]:
        """Return the partner rows of ``outcome_type`` in ``window``, reading
        the table once per request and window."""
        key = ("partner", *window)
        if key not in self._tables:
            frame = analyses.partner_progress(self.store, *window)
            self._tables[key] = tables.frame_rows(frame)
        rows = [row for row in self._tables[key] if row["type"] == outcome_type]
        return self._disclosed(disclosure.partner_progress_rows, rows)

    def progress_by_quarter(
        self, window: tuple[date | None, date | None], outcome_type: str
    ) -> list[dict]:
        """Return the quarter rows of ``outcome_type`` in ``window``, reading
        the table once per request and window."""
        key = ("quarter", *window)
        if key not in self._tables:
            try:
                frame = analyses.quarterly_progress(self.store, *window)
            except ValueError as err:
                raise GraphQLError(
                    str(err), extensions={"code": "BAD_REQUEST"}
                ) from err
            self._tables[key] = tables.frame_rows(frame)
        rows = [row for row in self._tables[key] if row["type"] == outcome_type]
        return self._disclosed(disclosure.quarter_rows, rows)

    def journeys(
        self, since: date | None, until: date | None, outcome_type: str | None
    ) -> dict[str, Any]:
        """Return the stage funnel, the time to ``outcome_type`` and the
        collaboration effect of the participants enrolled in the window."""
        tables.check_window(since, until)
        try:
            outcome_type = analyses.journey_outcome_type(self.store, outcome_type)
        except ValueError as err:
            raise GraphQLError(str(err), extensions={"code": "BAD_REQUEST"}) from err
        cohort = analyses.journeys(self.store, since, until, outcome_type, self.today)
        result = tables.journey_rows(
            cohort.funnel, cohort.timing, cohort.effect, outcome_type
        )
        return self._disclosed(disclosure.journey_result, result)

    def network_over_time(
        self, since: date | None, until: date | None, period_length: str
    ) -> list[dict]:
        """Return one row per period of the window, with its partners."""
        tables.check_window(since, until)
        try:
            network, partners, periods = analyses.network_over_time(
                self.store, since, until, self.today, period_length
            )
        except ValueError as err:
            raise GraphQLError(str(err), extensions={"code": "BAD_REQUEST"}) from err
        rows = tables.network_period_rows(network, partners, periods)
        if self.viewer.exact_counts:
            return rows
        # The periods add up to the window's referrals, which the network
        # measures of the window may hide.
        window = disclosure.metrics_row(
            tables.metrics_row(analyses.metrics(self.store, since, until)),
            self.viewer.threshold,
        )
        return disclosure.period_rows(
            rows, self.viewer.threshold, disclosure.hidden(window["referrals"])
        )

    def _disclosed(self, suppress: Callable[[Any, int], Any], rows: Any) -> Any:
        """Return ``rows``, suppressed by ``suppress`` unless the viewer
        sees exact counts."""
        if self.viewer.exact_counts:
            return rows
        return suppress(rows, self.viewer.threshold)

    # writes

    def write(
        self,
        record: Callable[..., RecordT],
        arguments: Mapping[str, Any],
        id_keyword: str = "record_id",
    ) -> RecordT:
        """Call a ``graph.recording`` function with the request's store and
        the mutation's input, then drop cached records the write may change.

        The input's ``id`` is passed as the keyword ``id_keyword``: the id
        of a record to create, or of the record to change. Raises Forbidden
        when the viewer may not make the write.
        """
        self.authorise_write(record.__name__, arguments)
        keywords = {
            (id_keyword if name == "id" else name): value
            for name, value in arguments.items()
        }
        if record.__name__ in _CONSENT_WRITES:
            keywords["recorded_by"] = self.viewer.user_id
        saved = record(self.store, **keywords)
        if hasattr(saved, "id"):
            kind = KIND_OF_TYPE.get(type(saved))
            if kind is not None:
                self.accessed.setdefault(("write", kind), {})[saved.id] = None
        self._partners = None
        self._employers = None
        self._views.clear()
        self._people.clear()
        self._forget_lists()
        return saved

    def erase(self, participant_id: str) -> dict[str, int]:
        """Erase the participant and all their records, if the viewer may."""
        self.authorise_write("erase_participant", {"id": participant_id})
        erased = self.store.erase_participant(participant_id)
        if not erased["participants"]:
            raise NotFoundError("participant", participant_id)
        self.accessed.setdefault(("erase", "participants"), {})[participant_id] = None
        self._views.clear()
        self._people.clear()
        self._forget_lists()
        return erased

    def authorise_write(self, action: str, arguments: Mapping[str, Any]) -> None:
        """Raise Forbidden unless the viewer may make the write ``action``
        (a ``graph.recording`` function name) with ``arguments``."""
        viewer = self.viewer
        policy.check_write(viewer, action)
        if viewer.role != policy.PARTNER:
            return
        if action in policy.REFERRAL_DECISIONS:
            referral = self.store.get_referral(arguments["id"])
            if referral is None or not policy.may_decide(viewer, action, referral):
                # One message for both, so it does not reveal which ids exist.
                raise Forbidden(policy.NOT_YOURS_TO_DECIDE)
            return
        acting = arguments.get("from_partner_id", arguments.get("partner_id"))
        if action in policy.ACTING_PARTNER_WRITES:
            policy.check_acting_partner(viewer, acting)
        participant_id = arguments.get("participant_id")
        if action in ("update_participant", "erase_participant"):
            participant_id = arguments["id"]
        if participant_id is not None:
            policy.check_participant_write(viewer, action, self.view_of(participant_id))

    def _forget_lists(self) -> None:
        self._seen: dict[str, None] = {}
        self._referrals = _ChildLoader(self.store.referrals_for_participants)
        self._activities = _ChildLoader(self.store.activities_for_participants)
        self._outcomes = _ChildLoader(self.store.outcomes_for_participants)

    def _partner_map(self) -> dict[str, Partner]:
        if self._partners is None:
            self._partners = {p.id: p for p in self.store.list_partners()}
        return self._partners

    def _employer_map(self) -> dict[str, Employer]:
        if self._employers is None:
            self._employers = {e.id: e for e in self.store.list_employers()}
        return self._employers


def audit_entries(context: RequestContext, user: User) -> list[AuditEntry]:
    """Return the audit entries of the records the request read, wrote or
    erased: one per operation and kind of record."""
    now = datetime.now(UTC)
    return [
        AuditEntry(
            at=now,
            user_id=user.id,
            role=user.role,
            operation=operation,
            kind=kind,
            record_ids=tuple(ids),
            request_id=context.request_id,
        )
        for (operation, kind), ids in context.accessed.items()
    ]
