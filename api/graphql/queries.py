"""The query root: partnership records, pages of them, and analyses."""

from __future__ import annotations

import graphene
from graphql import GraphQLError

from api.graphql import network_views, paging
from api.graphql.analysis_types import (
    CollaborationLink,
    NetworkMetrics,
    NetworkPeriod,
    OutcomeProgress,
    PeriodLength,
    ReferralFlow,
)
from api.graphql.connections import (
    ActivityConnection,
    FeedEventConnection,
    OutcomeConnection,
    ParticipantConnection,
    ReferralConnection,
)
from api.graphql.journey_types import JourneyAnalysis
from api.graphql.types import AuditEntry, Employer, Participant, Partner
from graph.store import ActivityFilter, OutcomeFilter, ReferralFilter

MAX_AUDIT_ENTRIES = 1000


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
        partner_id=graphene.ID(description="Only those enrolled by this partner."),
        enrolled_since=graphene.Date(description="Enrolled on or after this day."),
        enrolled_until=graphene.Date(description="Enrolled on or before this day."),
        consent_to_share=graphene.Boolean(
            description="Only those who did (true) or did not (false) consent."
        ),
        **paging.page_arguments(),
        description="Participants matching every given condition, by id.",
    )
    participant = graphene.Field(Participant, id=graphene.ID(required=True))
    referrals = graphene.Field(
        ReferralConnection,
        status=graphene.String(),
        partner_id=graphene.ID(description="Referrals from or to this partner."),
        from_partner_id=graphene.ID(),
        to_partner_id=graphene.ID(),
        to_employer_id=graphene.ID(),
        participant_id=graphene.ID(),
        **paging.window_arguments(),
        **paging.page_arguments(order=paging.ListOrder(default_value="id")),
        description="Referrals matching every given condition; since and until "
        "apply to the date the referral was made.",
    )
    inbox = graphene.Field(
        ReferralConnection,
        partner_id=graphene.ID(required=True),
        **paging.page_arguments(),
        description="Referrals sent to a partner that wait for its decision, "
        "oldest first; each has daysWaiting.",
    )
    activities = graphene.Field(
        ActivityConnection,
        participant_id=graphene.ID(),
        partner_id=graphene.ID(description="The delivering partner."),
        type=graphene.String(),
        stage=graphene.String(),
        **paging.window_arguments(),
        **paging.page_arguments(order=paging.ListOrder(default_value="id")),
        description="Activities matching every given condition; since and "
        "until apply to the day it took place.",
    )
    outcomes = graphene.Field(
        OutcomeConnection,
        participant_id=graphene.ID(),
        partner_id=graphene.ID(description="The credited partner."),
        type=graphene.String(),
        employer_id=graphene.ID(),
        **paging.window_arguments(),
        **paging.page_arguments(order=paging.ListOrder(default_value="id")),
        description="Outcomes matching every given condition; since and until "
        "apply to the day it was achieved.",
    )
    activity_feed = graphene.Field(
        FeedEventConnection,
        since=graphene.Date(description="Leave out events before this day."),
        first=graphene.Int(
            default_value=20,
            description=f"Page size, from 1 to {paging.MAX_PAGE_SIZE}.",
        ),
        after=graphene.String(
            description="The endCursor of the previous page; omit for the newest."
        ),
        description="The latest referrals made or decided, activities and "
        "outcomes across the partnership, newest first.",
    )
    referral_flows = graphene.List(
        graphene.NonNull(ReferralFlow),
        required=True,
        **paging.window_arguments(),
        waiting_days=graphene.Int(
            default_value=30,
            description="Days after which a referral still waiting for a "
            "decision counts in waitingOver.",
        ),
        description="Referrals made in the window from each partner to each "
        "receiver, by outcome.",
    )
    collaboration_strength = graphene.List(
        graphene.NonNull(CollaborationLink),
        required=True,
        **paging.window_arguments(),
        resamples=graphene.Int(
            default_value=0,
            description="Bootstrap resamples for each judged pair's scoreLow "
            "and scoreHigh: 0 for no interval, or from 100 to 10000.",
        ),
        description="How strongly each pair of partners works together.",
    )
    network_metrics = graphene.Field(
        NetworkMetrics,
        required=True,
        **paging.window_arguments(),
        **network_views.view_arguments(),
        description="Measures of the partner-level referral network, with "
        "ties directed or not and weighted by referrals or collaboration "
        "strength.",
    )
    progress = graphene.List(
        graphene.NonNull(OutcomeProgress),
        required=True,
        **paging.window_arguments(),
        description="Participants achieving each outcome type against its target.",
    )

    journeys = graphene.Field(
        JourneyAnalysis,
        required=True,
        **paging.window_arguments(),
        outcome_type=graphene.String(
            description="The outcome of the time to outcome and the "
            "collaboration effect. Default: job_start, or the framework's "
            "first outcome type when it has no job_start.",
        ),
        description="The stage funnel, the time to a first outcome and the "
        "collaboration effect of the participants enrolled in the window; "
        "their stages and outcomes count on any day.",
    )
    network_over_time = graphene.List(
        graphene.NonNull(NetworkPeriod),
        required=True,
        **paging.window_arguments(),
        period=PeriodLength(
            default_value="quarter",
            description="The length of each period.",
        ),
        description="The referral network of each calendar period of the "
        "window, at most 60, with new and lost ties and partners' moves. The "
        "first and last period are clipped to the window. Open ends are as "
        "for progress, with referrals in place of outcomes.",
    )
    audit_log = graphene.List(
        graphene.NonNull(AuditEntry),
        since=graphene.DateTime(description="Only entries at or after this time."),
        user_id=graphene.ID(description="Only entries of this user."),
        record_id=graphene.ID(description="Only entries naming this record."),
        first=graphene.Int(
            default_value=100,
            description=f"The maximum number of entries, oldest first, up to "
            f"{MAX_AUDIT_ENTRIES}.",
        ),
        description="The audit log, for admins.",
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
    def resolve_participants(
        root,
        info,
        first,
        partner_id=None,
        after=None,
        enrolled_since=None,
        enrolled_until=None,
        consent_to_share=None,
    ):
        return info.context.participant_page(
            partner_id, first, after, enrolled_since, enrolled_until, consent_to_share
        )

    @staticmethod
    def resolve_participant(root, info, id):
        return info.context.participant(id)

    @staticmethod
    def resolve_referrals(root, info, first, order, after=None, **conditions):
        return info.context.referral_page(
            ReferralFilter(**conditions), first, after, order
        )

    @staticmethod
    def resolve_inbox(root, info, partner_id, first, after=None):
        where = ReferralFilter(to_partner_id=partner_id, status="made")
        return info.context.partner_page(
            "referrals", partner_id, where, first, after, "oldest"
        )

    @staticmethod
    def resolve_activities(root, info, first, order, after=None, **conditions):
        return info.context.activity_page(
            ActivityFilter(**conditions), first, after, order
        )

    @staticmethod
    def resolve_outcomes(root, info, first, order, after=None, **conditions):
        return info.context.outcome_page(
            OutcomeFilter(**conditions), first, after, order
        )

    @staticmethod
    def resolve_activity_feed(root, info, first, since=None, after=None):
        return info.context.feed(since, first, after)

    @staticmethod
    def resolve_referral_flows(root, info, waiting_days, since=None, until=None):
        return info.context.referral_flows(since, until, waiting_days)

    @staticmethod
    def resolve_collaboration_strength(root, info, resamples, since=None, until=None):
        return info.context.collaboration_strength(since, until, resamples)

    @staticmethod
    def resolve_network_metrics(root, info, view, weight, since=None, until=None):
        return info.context.network_metrics(since, until, view, weight)

    @staticmethod
    def resolve_progress(root, info, since=None, until=None):
        return info.context.progress(since, until)

    @staticmethod
    def resolve_journeys(root, info, outcome_type=None, since=None, until=None):
        return info.context.journeys(since, until, outcome_type)

    @staticmethod
    def resolve_network_over_time(root, info, period, since=None, until=None):
        # graphene passes the enum member, whose value is the period length.
        length = getattr(period, "value", period)
        return info.context.network_over_time(since, until, length)

    @staticmethod
    def resolve_audit_log(root, info, first, since=None, user_id=None, record_id=None):
        if not 1 <= first <= MAX_AUDIT_ENTRIES:
            raise GraphQLError(
                f"'first' must be from 1 to {MAX_AUDIT_ENTRIES}, got {first}",
                extensions={"code": "BAD_REQUEST"},
            )
        return info.context.store.audit_entries(
            since=since, user_id=user_id, record_id=record_id, limit=first
        )
