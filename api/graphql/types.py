"""The object types of the schema: partnership records and their links.

Resolvers read per-request state from ``info.context``, a
``api.graphql.context.RequestContext``; fields without a resolver read the
attribute of the same name on a ``graph.model`` record.
"""

from __future__ import annotations

import graphene


class Partner(graphene.ObjectType):
    """An organisation in the partnership."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    type = graphene.String()
    borough = graphene.String()
    joined_on = graphene.Date()
    left_on = graphene.Date(description="The date the partner left, if it has.")


class Employer(graphene.ObjectType):
    """An employer that receives referrals or where participants start jobs."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    sector = graphene.String()
    size = graphene.String()


class Referral(graphene.ObjectType):
    """A referral of a participant from a partner to a partner or employer.

    Exactly one of toPartner and toEmployer is set.
    """

    id = graphene.ID(required=True)
    participant_id = graphene.ID(required=True)
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

    @staticmethod
    def resolve_from_partner(root, info):
        return info.context.partner(root.from_partner_id)

    @staticmethod
    def resolve_to_partner(root, info):
        return info.context.partner(root.to_partner_id)

    @staticmethod
    def resolve_to_employer(root, info):
        return info.context.employer(root.to_employer_id)


class Activity(graphene.ObjectType):
    """Something a partner did with a participant, at a programme stage."""

    id = graphene.ID(required=True)
    participant_id = graphene.ID(required=True)
    partner = graphene.Field(Partner, required=True)
    type = graphene.String(required=True)
    occurred_on = graphene.Date(required=True)
    stage = graphene.String()
    hours = graphene.Float()

    @staticmethod
    def resolve_partner(root, info):
        return info.context.partner(root.partner_id)


class Outcome(graphene.ObjectType):
    """A result a participant achieved, credited to a partner."""

    id = graphene.ID(required=True)
    participant_id = graphene.ID(required=True)
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


class JourneyEvent(graphene.ObjectType):
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
        description="The id of the participant, activity, referral or outcome.",
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


class Participant(graphene.ObjectType):
    """A person supported by the partnership, enrolled by one partner."""

    id = graphene.ID(required=True)
    partner = graphene.Field(
        Partner, required=True, description="The partner that enrolled them."
    )
    enrolled_on = graphene.Date(required=True)
    birth_year = graphene.Int()
    gender = graphene.String()
    ethnicity = graphene.String()
    postcode_district = graphene.String()
    consent_to_share = graphene.Boolean(
        required=True,
        description="Whether they agreed that partners may share their data.",
    )
    referrals = graphene.List(graphene.NonNull(Referral), required=True)
    activities = graphene.List(graphene.NonNull(Activity), required=True)
    outcomes = graphene.List(graphene.NonNull(Outcome), required=True)
    journey = graphene.List(
        graphene.NonNull(JourneyEvent),
        required=True,
        description="Every event, ordered by date, then kind, then record id.",
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


class PageInfo(graphene.ObjectType):
    """The position of a page in its list."""

    has_next_page = graphene.Boolean(required=True)
    end_cursor = graphene.String(
        description="Pass as 'after' to get the next page; null on an empty page."
    )


class ParticipantEdge(graphene.ObjectType):
    cursor = graphene.String(required=True)
    node = graphene.Field(Participant, required=True)


class ParticipantConnection(graphene.ObjectType):
    """A page of participants ordered by id."""

    edges = graphene.List(graphene.NonNull(ParticipantEdge), required=True)
    page_info = graphene.Field(PageInfo, required=True)
    total_count = graphene.BigInt(
        required=True, description="The number of participants on every page."
    )


class ReferralEdge(graphene.ObjectType):
    cursor = graphene.String(required=True)
    node = graphene.Field(Referral, required=True)


class ReferralConnection(graphene.ObjectType):
    """A page of referrals ordered by id."""

    edges = graphene.List(graphene.NonNull(ReferralEdge), required=True)
    page_info = graphene.Field(PageInfo, required=True)
    total_count = graphene.BigInt(
        required=True, description="The number of matching referrals on every page."
    )
