"""The query root: partnership records, pages of them, and analyses."""

from __future__ import annotations

import graphene

from api.graphql import paging
from api.graphql.analysis_types import (
    CollaborationLink,
    NetworkMetrics,
    OutcomeProgress,
    ReferralFlow,
)
from api.graphql.types import (
    Employer,
    Participant,
    ParticipantConnection,
    Partner,
    ReferralConnection,
)
from graph.store import ReferralFilter


def _page_arguments() -> dict[str, graphene.Argument]:
    return {
        "first": graphene.Int(
            default_value=paging.DEFAULT_PAGE_SIZE,
            description=f"Page size, from 1 to {paging.MAX_PAGE_SIZE}.",
        ),
        "after": graphene.String(
            description="The endCursor of the previous page; omit for the first."
        ),
    }


def _window_arguments() -> dict[str, graphene.Argument]:
    return {
        "since": graphene.Date(description="First day of the window, inclusive."),
        "until": graphene.Date(description="Last day of the window, inclusive."),
    }


class Query(graphene.ObjectType):
    partners = graphene.List(
        graphene.NonNull(Partner), required=True, description="Every partner, by id."
    )
    partner = graphene.Field(Partner, id=graphene.ID(required=True))
    employers = graphene.List(
        graphene.NonNull(Employer), required=True, description="Every employer, by id."
    )
    employer = graphene.Field(Employer, id=graphene.ID(required=True))
    participants = graphene.Field(
        ParticipantConnection,
        required=True,
        partner_id=graphene.ID(description="Only those enrolled by this partner."),
        **_page_arguments(),
    )
    participant = graphene.Field(Participant, id=graphene.ID(required=True))
    referrals = graphene.Field(
        ReferralConnection,
        required=True,
        status=graphene.String(),
        from_partner_id=graphene.ID(),
        to_partner_id=graphene.ID(),
        **_window_arguments(),
        **_page_arguments(),
        description="Referrals matching every given condition; since and until "
        "apply to the date the referral was made.",
    )
    referral_flows = graphene.List(
        graphene.NonNull(ReferralFlow),
        required=True,
        **_window_arguments(),
        description="Referrals made in the window from each partner to each "
        "receiver, by outcome.",
    )
    collaboration_strength = graphene.List(
        graphene.NonNull(CollaborationLink),
        required=True,
        **_window_arguments(),
        description="How strongly each pair of partners works together.",
    )
    network_metrics = graphene.Field(
        NetworkMetrics,
        required=True,
        **_window_arguments(),
        description="Measures of the partner-level referral network.",
    )
    progress = graphene.List(
        graphene.NonNull(OutcomeProgress),
        required=True,
        **_window_arguments(),
        description="Participants achieving each outcome type against its target.",
    )

    @staticmethod
    def resolve_partners(root, info):
        return info.context.partners()

    @staticmethod
    def resolve_partner(root, info, id):
        return info.context.partner(id)

    @staticmethod
    def resolve_employers(root, info):
        return info.context.employers()

    @staticmethod
    def resolve_employer(root, info, id):
        return info.context.employer(id)

    @staticmethod
    def resolve_participants(root, info, first, partner_id=None, after=None):
        return info.context.participant_page(partner_id, first, after)

    @staticmethod
    def resolve_participant(root, info, id):
        return info.context.participant(id)

    @staticmethod
    def resolve_referrals(root, info, first, after=None, **conditions):
        return info.context.referral_page(ReferralFilter(**conditions), first, after)

    @staticmethod
    def resolve_referral_flows(root, info, since=None, until=None):
        return info.context.referral_flows(since, until)

    @staticmethod
    def resolve_collaboration_strength(root, info, since=None, until=None):
        return info.context.collaboration_strength(since, until)

    @staticmethod
    def resolve_network_metrics(root, info, since=None, until=None):
        return info.context.network_metrics(since, until)

    @staticmethod
    def resolve_progress(root, info, since=None, until=None):
        return info.context.progress(since, until)
