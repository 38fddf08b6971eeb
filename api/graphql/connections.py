"""The list types of the schema: Relay-style connections of records, the
activity feed, and a partner's referral counts.

A connection contains one page: ``edges`` with a cursor and a ``node`` each,
``pageInfo``, and ``totalCount``, the length of the whole list. The
resolvers in ``api.graphql.context`` build the pages with
``api.graphql.paging``.
"""

from __future__ import annotations

import graphene

from api.graphql.scalars import Count
from api.graphql.types import (
    Activity,
    Employer,
    EventLinks,
    Outcome,
    Participant,
    ParticipantLink,
    Partner,
    Referral,
)


class PageInfo(graphene.ObjectType):
    """The position of a page in its list."""

    has_next_page = graphene.Boolean(required=True)
    end_cursor = graphene.String(
        description="Pass as 'after' to get the next page; null on an empty page."
    )


def _connection(node: type, noun: str) -> tuple[type, type]:
    """Return the edge and connection types of a list of ``node``."""
    edge = type(
        f"{node.__name__}Edge",
        (graphene.ObjectType,),
        {
            "cursor": graphene.String(required=True),
            "node": graphene.Field(node, required=True),
        },
    )
    connection = type(
        f"{node.__name__}Connection",
        (graphene.ObjectType,),
        {
            "__doc__": f"A page of {noun} in the order asked for.",
            "edges": graphene.List(graphene.NonNull(edge), required=True),
            "page_info": graphene.Field(PageInfo, required=True),
            "total_count": graphene.BigInt(
                required=True,
                description=f"The number of matching {noun} on every page.",
            ),
        },
    )
    return edge, connection


ParticipantEdge, ParticipantConnection = _connection(Participant, "participants")
ReferralEdge, ReferralConnection = _connection(Referral, "referrals")
ActivityEdge, ActivityConnection = _connection(Activity, "activities")
OutcomeEdge, OutcomeConnection = _connection(Outcome, "outcomes")


class FeedEvent(EventLinks, ParticipantLink, graphene.ObjectType):
    """Something that happened in the partnership: a referral made or
    decided, an activity or an outcome.

    partner is the partner that acted, as in a journey. Fields that do not
    apply to the kind of event are null.
    """

    on = graphene.Date(required=True)
    kind = graphene.String(
        required=True,
        description="activity, referral_made, referral_accepted, "
        "referral_declined, referral_withdrawn, referral_completed or outcome.",
    )
    record_id = graphene.ID(
        required=True, description="The id of the activity, referral or outcome."
    )
    participant_id = graphene.ID(
        description="The participant's id, or their pseudonym for a facilitator."
    )
    participant = graphene.Field(Participant)
    partner = graphene.Field(Partner, required=True)
    to_partner = graphene.Field(Partner)
    to_employer = graphene.Field(Employer)
    type = graphene.String(description="The activity or outcome type.")
    stage = graphene.String()
    status = graphene.String(description="The referral's current status.")
    reason = graphene.String()
    employer = graphene.Field(Employer, description="The employer of an outcome.")


class FeedEventEdge(graphene.ObjectType):
    cursor = graphene.String(required=True)
    node = graphene.Field(FeedEvent, required=True)


class FeedEventConnection(graphene.ObjectType):
    """A page of the activity feed, newest first."""

    edges = graphene.List(graphene.NonNull(FeedEventEdge), required=True)
    page_info = graphene.Field(PageInfo, required=True)
    as_of = graphene.DateTime(
        required=True,
        description="When the server read this page, in UTC, for a view that "
        "says how fresh it is.",
    )


class StatusCounts(graphene.ObjectType):
    """Referrals by their current status."""

    made = Count(required=True, description="Waiting for a decision.")
    accepted = Count(required=True)
    declined = Count(required=True)
    withdrawn = Count(required=True)
    completed = Count(required=True)
    total = Count(required=True)


class PartnerReferralCounts(graphene.ObjectType):
    """A partner's referrals made in a window, by status."""

    sent = graphene.Field(StatusCounts, required=True)
    received = graphene.Field(StatusCounts, required=True)
