"""The object types of the schema: partnership records and their links.

Resolvers read per-request state from ``info.context``, a
``api.graphql.context.RequestContext``; fields without a resolver read the
attribute of the same name on a ``graph.model`` record.
"""

from __future__ import annotations

import graphene

from api.graphql import network_views, paging
from graph.access import policy
from graph.store import ActivityFilter, OutcomeFilter, ReferralFilter


class Partner(graphene.ObjectType):
    """An organisation in the partnership."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    type = graphene.String()
    borough = graphene.String()
    joined_on = graphene.Date()
    left_on = graphene.Date(description="The date the partner left, if it has.")
    participants = graphene.Field(
        lambda: _connections().ParticipantConnection,
        description="The participants it enrolled, by id.",
        **paging.page_arguments(),
    )
    referrals_in = graphene.Field(
        lambda: _connections().ReferralConnection,
        description="Referrals sent to it.",
        **paging.page_arguments(
            status=graphene.String(),
            order=paging.ListOrder(default_value="id"),
        ),
    )
    referrals_out = graphene.Field(
        lambda: _connections().ReferralConnection,
        description="Referrals it sent.",
        **paging.page_arguments(
            status=graphene.String(),
            order=paging.ListOrder(default_value="id"),
        ),
    )
    referral_counts = graphene.Field(
        lambda: _connections().PartnerReferralCounts,
        required=True,
        description="Its referrals sent and received, by status.",
        **paging.window_arguments(),
    )
    activities = graphene.Field(
        lambda: _connections().ActivityConnection,
        description="Activities it delivered.",
        **paging.page_arguments(order=paging.ListOrder(default_value="id")),
    )
    outcomes = graphene.Field(
        lambda: _connections().OutcomeConnection,
        description="Outcomes credited to it.",
        **paging.page_arguments(order=paging.ListOrder(default_value="id")),
    )
    network_position = graphene.Field(
        lambda: _analysis_types().PartnerMetrics,
        description="Its place in the partner-level referral network of the window.",
        **paging.window_arguments(),
        **network_views.view_arguments(),
    )

    @staticmethod
    def resolve_participants(root, info, first, after=None):
        return info.context.partner_participant_page(root.id, first, after)

    @staticmethod
    def resolve_referrals_in(root, info, first, order, after=None, status=None):
        where = ReferralFilter(to_partner_id=root.id, status=status)
        return info.context.partner_page(
            "referrals", root.id, where, first, after, order
        )

    @staticmethod
    def resolve_referrals_out(root, info, first, order, after=None, status=None):
        where = ReferralFilter(from_partner_id=root.id, status=status)
        return info.context.partner_page(
            "referrals", root.id, where, first, after, order
        )

    @staticmethod
    def resolve_referral_counts(root, info, since=None, until=None):
        return info.context.partner_referral_counts(root.id, since, until)

    @staticmethod
    def resolve_activities(root, info, first, order, after=None):
        where = ActivityFilter(partner_id=root.id)
        return info.context.partner_page(
            "activities", root.id, where, first, after, order
        )

    @staticmethod
    def resolve_outcomes(root, info, first, order, after=None):
        where = OutcomeFilter(partner_id=root.id)
        return info.context.partner_page(
            "outcomes", root.id, where, first, after, order
        )

    @staticmethod
    def resolve_network_position(root, info, view, weight, since=None, until=None):
        return info.context.network_position(root.id, since, until, view, weight)


class Employer(graphene.ObjectType):
    """An employer that receives referrals or where participants start jobs."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    sector = graphene.String()
    size = graphene.String()


class ParticipantLink:
    """The participant a record is about, as the user may see them."""

    @staticmethod
    def resolve_participant_id(root, info):
        return info.context.shown_participant_id(root.participant_id)

    @staticmethod
    def resolve_participant(root, info):
        return info.context.visible_participant(root.participant_id)


_PARTICIPANT_ID = (
    "The participant's id, or their pseudonym for a facilitator; an error "
    "where the user may not see the participant."
)


class Referral(ParticipantLink, graphene.ObjectType):
    """A referral of a participant from a partner to a partner or employer.

    Exactly one of toPartner and toEmployer is set.
    """

    id = graphene.ID(required=True)
    participant_id = graphene.ID(description=_PARTICIPANT_ID)
    participant = graphene.Field(lambda: Participant)
    from_partner = graphene.Field(Partner, required=True)
    to_partner = graphene.Field(Partner)
    to_employer = graphene.Field(Employer)
    referred_on = graphene.Date(required=True)
    status = graphene.String(
        required=True,
        description="made, accepted, declined, withdrawn or completed.",
    )
    status_on = graphene.Date(description="The date the referral reached its status.")
    reason = graphene.String(description="Why it was declined or withdrawn.")
    days_waiting = graphene.Int(
        description="Days since it was made, while it waits for a decision; "
        "null once decided."
    )

    @staticmethod
    def resolve_days_waiting(root, info):
        return info.context.days_waiting(root)

    @staticmethod
    def resolve_from_partner(root, info):
        return info.context.partner(root.from_partner_id)

    @staticmethod
    def resolve_to_partner(root, info):
        return info.context.partner(root.to_partner_id)

    @staticmethod
    def resolve_to_employer(root, info):
        return info.context.employer(root.to_employer_id)


class Activity(ParticipantLink, graphene.ObjectType):
    """Something a partner did with a participant, at a programme stage."""

    id = graphene.ID(required=True)
    participant_id = graphene.ID(description=_PARTICIPANT_ID)
    participant = graphene.Field(lambda: Participant)
    partner = graphene.Field(Partner, required=True)
    type = graphene.String(required=True)
    occurred_on = graphene.Date(required=True)
    stage = graphene.String()
    hours = graphene.Float()

    @staticmethod
    def resolve_partner(root, info):
        return info.context.partner(root.partner_id)


class Outcome(ParticipantLink, graphene.ObjectType):
    """A result a participant achieved, credited to a partner."""

    id = graphene.ID(required=True)
    participant_id = graphene.ID(description=_PARTICIPANT_ID)
    participant = graphene.Field(lambda: Participant)
    partner = graphene.Field(Partner, required=True)
    type = graphene.String(required=True)
    achieved_on = graphene.Date(required=True)
    employer = graphene.Field(Employer)

    @staticmethod
    def resolve_partner(root, info):
        return info.context.partner(root.partner_id)

    @staticmethod
    def resolve_employer(root, info):
        return info.context.employer(root.employer_id)


class EventLinks:
    """The resolvers of the partners and employer an event names, shared by
    journey and feed events, which both hold their ids."""

    @staticmethod
    def resolve_partner(root, info):
        return info.context.partner(root.partner_id)

    @staticmethod
    def resolve_to_partner(root, info):
        return info.context.partner(root.to_partner_id)

    @staticmethod
    def resolve_to_employer(root, info):
        return info.context.employer(root.to_employer_id)

    @staticmethod
    def resolve_employer(root, info):
        return info.context.employer(root.employer_id)


class JourneyEvent(EventLinks, graphene.ObjectType):
    """One event of a participant's journey.

    partner is the partner that acted: the one that enrolled the participant,
    delivered the activity or outcome, made or withdrew the referral, or, as
    receiver, accepted, declined or completed it. Fields that do not apply
    to the kind of event are null.
    """

    on = graphene.Date(required=True)
    kind = graphene.String(
        required=True,
        description=(
            "enrolled, activity, referral_made, referral_accepted, "
            "referral_declined, referral_withdrawn, referral_completed or outcome."
        ),
    )
    partner = graphene.Field(Partner)
    record_id = graphene.ID(
        required=True,
        description="The id of the participant (their pseudonym for a "
        "facilitator), activity, referral or outcome.",
    )
    status = graphene.String(description="The referral's current status.")
    type = graphene.String(description="The activity or outcome type.")
    stage = graphene.String()
    hours = graphene.Float()
    to_partner = graphene.Field(Partner)
    to_employer = graphene.Field(Employer)
    employer = graphene.Field(Employer, description="The employer of an outcome.")
    reason = graphene.String()

    @staticmethod
    def resolve_record_id(root, info):
        if root.kind == "enrolled":
            return info.context.shown_participant_id(root.record_id)
        return root.record_id


class Participant(graphene.ObjectType):
    """A person supported by the partnership, enrolled by one partner."""

    id = graphene.ID(
        required=True, description="Their id, or their pseudonym for a facilitator."
    )
    partner = graphene.Field(
        Partner, required=True, description="The partner that enrolled them."
    )
    enrolled_on = graphene.Date(required=True)
    birth_year = graphene.Int()
    age_band = graphene.String(
        description="Their age band this year, from their birth year: under "
        "16, 16-18, 19-21, 22-24 or 25 and over."
    )
    gender = graphene.String()
    ethnicity = graphene.String()
    postcode_district = graphene.String()
    consent_to_share = graphene.Boolean(
        required=True,
        description="Whether they agreed that partners may share their data.",
    )
    consent_recorded_on = graphene.Date(
        description="The day their current answer on sharing was recorded."
    )
    consent_recorded_by = graphene.String(
        description="Who recorded it: a user id, or import."
    )
    referrals = graphene.List(graphene.NonNull(Referral), required=True)
    activities = graphene.List(graphene.NonNull(Activity), required=True)
    outcomes = graphene.List(graphene.NonNull(Outcome), required=True)
    journey = graphene.List(
        graphene.NonNull(JourneyEvent),
        required=True,
        description="Every event, ordered by date, then kind, then record id.",
    )
    current_stage = graphene.String(
        description="The programme stage of their latest activity that has one."
    )

    @staticmethod
    def resolve_partner(root, info):
        return info.context.partner(root.partner_id)

    @staticmethod
    def resolve_referrals(root, info):
        return info.context.referrals_of(root.id)

    @staticmethod
    def resolve_activities(root, info):
        return info.context.activities_of(root.id)

    @staticmethod
    def resolve_outcomes(root, info):
        return info.context.outcomes_of(root.id)

    @staticmethod
    def resolve_journey(root, info):
        return info.context.journey_of(root)

    @staticmethod
    def resolve_id(root, info):
        return info.context.shown_participant_id(root.id)

    @staticmethod
    def resolve_age_band(root, info):
        return policy.age_band(root, info.context.today)

    @staticmethod
    def resolve_current_stage(root, info):
        return info.context.current_stage_of(root.id)


def _connections():
    from api.graphql import connections

    return connections


def _analysis_types():
    from api.graphql import analysis_types

    return analysis_types


class AuditEntry(graphene.ObjectType):
    """One access to personal records: who, with which role, did what to
    which records, and when. It holds ids, never the personal data."""

    at = graphene.DateTime(required=True, description="When, in UTC.")
    user_id = graphene.ID(required=True)
    role = graphene.String(required=True)
    operation = graphene.String(
        required=True, description="read, write, export or erase."
    )
    kind = graphene.String(
        required=True,
        description="participants, referrals, activities or outcomes, or "
        "partnership for a whole export.",
    )
    record_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
    request_id = graphene.String(
        description="The API request, as in the server's log lines."
    )
