"""The mutation root: recording participants, referrals, activities and
outcomes.

Every mutation checks its input with ``graph.recording`` and returns the
saved record. Invalid input gives one error whose extensions list every
problem, and nothing is written. An input may carry its own id, so a client
can retry a request whose response it lost: sending the same input again
returns the record saved the first time.
"""

from __future__ import annotations

import graphene

from api.graphql.types import Activity, Outcome, Participant, Referral
from graph import recording

_ID_DESCRIPTION = (
    "The id to save the record under, at most 64 characters; one is generated "
    "when it is omitted. Send the same id again to retry safely."
)


class RegisterParticipantInput(graphene.InputObjectType):
    id = graphene.ID(description=_ID_DESCRIPTION)
    partner_id = graphene.ID(required=True, description="The enrolling partner.")
    enrolled_on = graphene.Date(required=True)
    birth_year = graphene.Int()
    gender = graphene.String()
    ethnicity = graphene.String()
    postcode_district = graphene.String()
    consent_to_share = graphene.Boolean(default_value=False)


class RecordReferralInput(graphene.InputObjectType):
    id = graphene.ID(description=_ID_DESCRIPTION)
    participant_id = graphene.ID(required=True)
    from_partner_id = graphene.ID(required=True)
    to_partner_id = graphene.ID(description="Set this or toEmployerId, not both.")
    to_employer_id = graphene.ID(description="Set this or toPartnerId, not both.")
    referred_on = graphene.Date(required=True)


class UpdateReferralStatusInput(graphene.InputObjectType):
    id = graphene.ID(required=True, description="The referral to update.")
    status = graphene.String(
        required=True,
        description="A made referral may become accepted, declined or "
        "withdrawn; an accepted one completed or withdrawn.",
    )
    on = graphene.Date(required=True, description="The date of the new status.")
    reason = graphene.String(description="Why it was declined or withdrawn.")


class RecordActivityInput(graphene.InputObjectType):
    id = graphene.ID(description=_ID_DESCRIPTION)
    participant_id = graphene.ID(required=True)
    partner_id = graphene.ID(required=True, description="The delivering partner.")
    type = graphene.String(required=True)
    occurred_on = graphene.Date(required=True)
    stage = graphene.String()
    hours = graphene.Float()


class RecordOutcomeInput(graphene.InputObjectType):
    id = graphene.ID(description=_ID_DESCRIPTION)
    participant_id = graphene.ID(required=True)
    partner_id = graphene.ID(required=True, description="The partner credited.")
    type = graphene.String(required=True)
    achieved_on = graphene.Date(required=True)
    employer_id = graphene.ID()


class RegisterParticipant(graphene.Mutation):
    """Enrol a new participant."""

    class Arguments:
        input = RegisterParticipantInput(required=True)

    Output = graphene.NonNull(Participant)

    @staticmethod
    def mutate(root, info, input):
        return info.context.write(recording.register_participant, input)


class RecordReferral(graphene.Mutation):
    """Record a referral; it starts with the status made."""

    class Arguments:
        input = RecordReferralInput(required=True)

    Output = graphene.NonNull(Referral)

    @staticmethod
    def mutate(root, info, input):
        return info.context.write(recording.record_referral, input)


class UpdateReferralStatus(graphene.Mutation):
    """Accept, decline, withdraw or complete a referral."""

    class Arguments:
        input = UpdateReferralStatusInput(required=True)

    Output = graphene.NonNull(Referral)

    @staticmethod
    def mutate(root, info, input):
        return info.context.update_referral_status(**input)


class RecordActivity(graphene.Mutation):
    """Record something a partner did with a participant."""

    class Arguments:
        input = RecordActivityInput(required=True)

    Output = graphene.NonNull(Activity)

    @staticmethod
    def mutate(root, info, input):
        return info.context.write(recording.record_activity, input)


class RecordOutcome(graphene.Mutation):
    """Record an outcome a participant achieved."""

    class Arguments:
        input = RecordOutcomeInput(required=True)

    Output = graphene.NonNull(Outcome)

    @staticmethod
    def mutate(root, info, input):
        return info.context.write(recording.record_outcome, input)


class Mutation(graphene.ObjectType):
    register_participant = RegisterParticipant.Field()
    record_referral = RecordReferral.Field()
    update_referral_status = UpdateReferralStatus.Field()
    record_activity = RecordActivity.Field()
    record_outcome = RecordOutcome.Field()
