"""The mutation root: recording participants, referrals and their
decisions, activities, outcomes, partners and employers.

Every mutation checks its whole input with ``graph.recording`` and returns
either the record as stored or ``InvalidInput`` listing every problem, in
which case nothing was written. A create mutation's input may carry its own
id, so a client can retry a request whose response it lost: sending the
same input again returns the record saved the first time. Errors in
``errors`` remain for problems with the request itself, for a store busy
with a large import, and for unexpected failures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import graphene

from api.graphql import inputs, results
from graph import recording
from graph.errors import InvalidRecordError

logger = logging.getLogger(__name__)


def _write(
    info: graphene.ResolveInfo,
    record: Callable[..., Any],
    input: Mapping[str, Any],
    id_keyword: str = "record_id",
) -> Any:
    """Call a ``graph.recording`` function with the mutation's input and
    return what it saved, or the ``Rejection`` of invalid input."""
    try:
        return info.context.write(record, input, id_keyword)
    except InvalidRecordError as error:
        # Field names only: a problem's message may quote a value the user
        # typed.
        logger.info(
            "GraphQL request %s rejected at %s: invalid %s",
            info.context.request_id,
            info.field_name,
            ", ".join(dict.fromkeys(problem.field for problem in error.problems)),
        )
        return results.Rejection.of(error)


# participants


class RegisterParticipant(graphene.Mutation):
    """Enrol a new participant."""

    class Arguments:
        input = inputs.RegisterParticipantInput(required=True)

    Output = graphene.NonNull(results.RegisterParticipantResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.register_participant, input)


class UpdateParticipant(graphene.Mutation):
    """Change a participant's profile or consent; the enrolment stays."""

    class Arguments:
        input = inputs.UpdateParticipantInput(required=True)

    Output = graphene.NonNull(results.UpdateParticipantResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.update_participant, input, "participant_id")


# referrals


class RecordReferral(graphene.Mutation):
    """Record a referral; it starts with the status made."""

    class Arguments:
        input = inputs.RecordReferralInput(required=True)

    Output = graphene.NonNull(results.RecordReferralResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.record_referral, input)


class AcceptReferral(graphene.Mutation):
    """Record that the receiver accepted a made referral."""

    class Arguments:
        input = inputs.AcceptReferralInput(required=True)

    Output = graphene.NonNull(results.AcceptReferralResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.accept_referral, input, "referral_id")


class DeclineReferral(graphene.Mutation):
    """Record that the receiver declined a made referral."""

    class Arguments:
        input = inputs.DeclineReferralInput(required=True)

    Output = graphene.NonNull(results.DeclineReferralResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.decline_referral, input, "referral_id")


class WithdrawReferral(graphene.Mutation):
    """Record that the referrer withdrew a made or accepted referral."""

    class Arguments:
        input = inputs.WithdrawReferralInput(required=True)

    Output = graphene.NonNull(results.WithdrawReferralResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.withdraw_referral, input, "referral_id")


class CompleteReferral(graphene.Mutation):
    """Record that an accepted referral was completed."""

    class Arguments:
        input = inputs.CompleteReferralInput(required=True)

    Output = graphene.NonNull(results.CompleteReferralResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.complete_referral, input, "referral_id")


# activities and outcomes


class RecordActivity(graphene.Mutation):
    """Record something a partner did with a participant."""

    class Arguments:
        input = inputs.RecordActivityInput(required=True)

    Output = graphene.NonNull(results.RecordActivityResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.record_activity, input)


class RecordOutcome(graphene.Mutation):
    """Record an outcome a participant achieved."""

    class Arguments:
        input = inputs.RecordOutcomeInput(required=True)

    Output = graphene.NonNull(results.RecordOutcomeResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.record_outcome, input)


# partners and employers


class AddPartner(graphene.Mutation):
    """Add an organisation to the partnership."""

    class Arguments:
        input = inputs.AddPartnerInput(required=True)

    Output = graphene.NonNull(results.AddPartnerResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.add_partner, input)


class UpdatePartner(graphene.Mutation):
    """Change a partner, or record that it left the partnership."""

    class Arguments:
        input = inputs.UpdatePartnerInput(required=True)

    Output = graphene.NonNull(results.UpdatePartnerResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.update_partner, input, "partner_id")


class AddEmployer(graphene.Mutation):
    """Add an employer that can receive referrals and outcomes."""

    class Arguments:
        input = inputs.AddEmployerInput(required=True)

    Output = graphene.NonNull(results.AddEmployerResult)

    @staticmethod
    def mutate(root, info, input):
        return _write(info, recording.add_employer, input)


class Mutation(graphene.ObjectType):
    register_participant = RegisterParticipant.Field()
    update_participant = UpdateParticipant.Field()
    record_referral = RecordReferral.Field()
    accept_referral = AcceptReferral.Field()
    decline_referral = DeclineReferral.Field()
    withdraw_referral = WithdrawReferral.Field()
    complete_referral = CompleteReferral.Field()
    record_activity = RecordActivity.Field()
    record_outcome = RecordOutcome.Field()
    add_partner = AddPartner.Field()
    update_partner = UpdatePartner.Field()
    add_employer = AddEmployer.Field()
