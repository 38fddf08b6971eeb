"""The per-request state resolvers read from ``info.context``.

A ``RequestContext`` wraps the request's store and batches the lists nested
under participants. It remembers every participant the request returns. The
first time any of them needs its referrals (or activities, or outcomes), the
context fetches that list for all of them in one store call. A page of
participants with their referrals, activities, outcomes and journeys thus
costs a fixed number of store calls, however long the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from graphql import GraphQLError

from api import analyses
from api.graphql import paging, tables
from graph import rules
from graph.journey import JourneyEvent, build_journey
from graph.model import Activity, Employer, Outcome, Participant, Partner, Referral
from graph.store import (
    ActivityFilter,
    OutcomeFilter,
    Page,
    ReferralFilter,
    Store,
)

RecordT = TypeVar("RecordT")


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

    def __init__(self, store: Store, request_id: str) -> None:
        self.store = store
        self.request_id = request_id
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

    # participants and their lists

    def participant(self, participant_id: str) -> Participant | None:
        participant = self.store.get_participant(participant_id)
        if participant is not None:
            self._seen[participant.id] = None
        return participant

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
        page = self.store.list_participants(
            partner_id=partner_id,
            after=paging.decode_cursor(after, "participants"),
            first=paging.check_page_size(first),
            since=since,
            until=until,
            consent_to_share=consent_to_share,
        )
        self._seen.update(dict.fromkeys(item.id for item in page.items))
        return paging.connection(page, "participants")

    def referrals_of(self, participant_id: str) -> list[Referral]:
        return self._referrals.load(participant_id, self._seen)

    def activities_of(self, participant_id: str) -> list[Activity]:
        return self._activities.load(participant_id, self._seen)

    def outcomes_of(self, participant_id: str) -> list[Outcome]:
        return self._outcomes.load(participant_id, self._seen)

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
        return self._page("referrals", where, first, after, order)

    def activity_page(
        self, where: ActivityFilter, first: int, after: str | None, order: Any = "id"
    ) -> dict[str, Any]:
        tables.check_window(where.since, where.until)
        return self._page("activities", where, first, after, order)

    def outcome_page(
        self, where: OutcomeFilter, first: int, after: str | None, order: Any = "id"
    ) -> dict[str, Any]:
        tables.check_window(where.since, where.until)
        return self._page("outcomes", where, first, after, order)

    def _page(
        self, kind: str, where: Any, first: int, after: str | None, order: Any
    ) -> dict[str, Any]:
        list_records: Callable[..., Page[Any]] = getattr(self.store, f"list_{kind}")
        try:
            page = list_records(
                where=where,
                after=paging.decode_cursor(after, kind),
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
        return paging.connection(page, kind)

    def days_waiting(self, referral: Referral) -> int | None:
        if referral.status != "made":
            return None
        return max((self.today - referral.referred_on).days, 0)

    def feed(self, since: date | None, first: int, after: str | None) -> dict[str, Any]:
        before = paging.decode_feed_cursor(after)
        events = self.store.recent_events(
            since=since, before=before, limit=paging.check_page_size(first) + 1
        )
        return paging.feed_connection(events, first)

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
        return {
            "sent": {**sent, "total": sum(sent.values())},
            "received": {**received, "total": sum(received.values())},
        }

    def network_position(
        self, partner_id: str, since: date | None, until: date | None
    ) -> dict | None:
        key = ("metrics", since, until)
        if key not in self._tables:
            self._tables[key] = [self.network_metrics(since, until)]
        rows = self._tables[key][0]["per_partner"]
        return next((row for row in rows if row["partner_id"] == partner_id), None)

    # analyses of a date window

    def referral_flows(self, since: date | None, until: date | None) -> list[dict]:
        tables.check_window(since, until)
        return tables.frame_rows(analyses.flows(self.store, since, until))

    def collaboration_strength(
        self, since: date | None, until: date | None
    ) -> list[dict]:
        tables.check_window(since, until)
        return tables.frame_rows(analyses.collaboration(self.store, since, until))

    def network_metrics(self, since: date | None, until: date | None) -> dict:
        tables.check_window(since, until)
        return tables.metrics_row(analyses.metrics(self.store, since, until))

    def progress(self, since: date | None, until: date | None) -> list[dict]:
        # NOTE: the API has no users yet, so it cannot tell a funder from a
        # partner and does not suppress small numbers as funder views must.
        tables.check_window(since, until)
        rows = tables.frame_rows(
            analyses.progress(self.store, since, until), index_name="type"
        )
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
        return [row for row in self._tables[key] if row["type"] == outcome_type]

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
        return [row for row in self._tables[key] if row["type"] == outcome_type]

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
        of a record to create, or of the record to change.
        """
        keywords = {
            (id_keyword if name == "id" else name): value
            for name, value in arguments.items()
        }
        saved = record(self.store, **keywords)
        self._partners = None
        self._employers = None
        self._forget_lists()
        return saved

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
