"""The input objects of the mutations.

Field names become camelCase in the schema, and a problem with an input
names its field in that form (``toPartnerId``). An optional field that a
client leaves out is absent from the input the resolver gets, which is how
an update tells "keep" apart from an explicit null.
"""

from __future__ import annotations

import graphene

_ID_DESCRIPTION = (
    "The id to save the record under, at most 64 characters; one is generated "
    "when it is omitted. Send the same id again to retry safely."
)


# participants


class RegisterParticipantInput(graphene.InputObjectType):
    id = graphene.ID(description=_ID_DESCRIPTION)
    partner_id = graphene.ID(required=True, description="The enrolling partner.")
    enrolled_on = graphene.Date(required=True)
    birth_year = graphene.Int()
    gender = graphene.String()
    ethnicity = graphene.String()
    postcode_district = graphene.String()
    consent_to_share = graphene.Boolean(default_value=False)


class UpdateParticipantInput(graphene.InputObjectType):
    """Changes to a participant: fields left out keep their value, and null
    clears one."""

    id = graphene.ID(required=True, description="The participant to change.")
    birth_year = graphene.Int()
    gender = graphene.String()
    ethnicity = graphene.String()
    postcode_district = graphene.String()
    consent_to_share = graphene.Boolean(description="Null means no consent.")


# referrals


class RecordReferralInput(graphene.InputObjectType):
    id = graphene.ID(description=_ID_DESCRIPTION)
    participant_id = graphene.ID(required=True)
    from_partner_id = graphene.ID(required=True)
    to_partner_id = graphene.ID(description="Set this or toEmployerId, not both.")
    to_employer_id = graphene.ID(description="Set this or toPartnerId, not both.")
    referred_on = graphene.Date(required=True)


class AcceptReferralInput(graphene.InputObjectType):
    id = graphene.ID(required=True, description="A made referral.")
    on = graphene.Date(required=True, description="The date it was accepted.")


class DeclineReferralInput(graphene.InputObjectType):
    id = graphene.ID(required=True, description="A made referral.")
    on = graphene.Date(required=True, description="The date it was declined.")
    reason = graphene.String(description="Why, in at most 1000 characters.")


class WithdrawReferralInput(graphene.InputObjectType):
    id = graphene.ID(required=True, description="A made or accepted referral.")
    on = graphene.Date(required=True, description="The date it was withdrawn.")
    reason = graphene.String(description="Why, in at most 1000 characters.")


class CompleteReferralInput(graphene.InputObjectType):
    id = graphene.ID(required=True, description="An accepted referral.")
    on = graphene.Date(required=True, description="The date it was completed.")


# activities and outcomes


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


# partners and employers


class AddPartnerInput(graphene.InputObjectType):
    id = graphene.ID(description=_ID_DESCRIPTION)
    name = graphene.String(required=True)
    type = graphene.String()
    borough = graphene.String()
    joined_on = graphene.Date()


class UpdatePartnerInput(graphene.InputObjectType):
    """Changes to a partner: fields left out keep their value, and null
    clears one."""

    id = graphene.ID(required=True, description="The partner to change.")
    name = graphene.String(description="Cannot be cleared.")
    type = graphene.String()
    borough = graphene.String()
    left_on = graphene.Date(
        description="The day the partner left: from then on it can receive no "
        "referrals and enrol nobody. Null takes it back into the partnership."
    )


class AddEmployerInput(graphene.InputObjectType):
    id = graphene.ID(description=_ID_DESCRIPTION)
    name = graphene.String(required=True)
    sector = graphene.String()
    size = graphene.String()
