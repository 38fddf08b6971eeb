"""The result types of the mutations: the record written, or the problems
that stopped the write.

Each mutation returns a union of its record type and ``InvalidInput``, so a
client reads rejected input from ``data`` with ``__typename`` and never has
to parse an error's extensions. A resolver returns the ``graph.model``
record or a ``Rejection``, and ``MutationResult.resolve_type`` picks the
union member for each.
"""

from __future__ import annotations

from dataclasses import dataclass

import graphene

from api.graphql.types import (
    Activity,
    Employer,
    Outcome,
    Participant,
    Partner,
    Referral,
)
from graph.errors import FieldProblem, InvalidRecordError


@dataclass(frozen=True)
class Rejection:
    """The problems that stopped a write, as ``InvalidInput`` shows them.

    A resolver cannot return the ``InvalidRecordError`` itself, because
    graphql-core turns a returned exception into a field error.
    """

    message: str
    problems: list[FieldProblem]

    @classmethod
    def of(cls, error: InvalidRecordError) -> Rejection:
        """Build the rejection of a write that raised ``error``."""
        return cls(f"invalid input, nothing was written: {error}", error.problems)


class Problem(graphene.ObjectType):
    """One invalid field of a mutation's input."""

    field = graphene.String(
        required=True,
        description="The input field's name as the input type spells it, such "
        "as toPartnerId.",
    )
    message = graphene.String(required=True)


class InvalidInput(graphene.ObjectType):
    """Input a mutation rejected. Nothing was written."""

    message = graphene.String(
        required=True, description="Every problem, joined into one line."
    )
    problems = graphene.List(graphene.NonNull(Problem), required=True)


class MutationResult(graphene.Union):
    """Base of the result unions; the record type comes first in ``types``."""

    class Meta:
        abstract = True

    @classmethod
    def resolve_type(cls, instance: object, info: graphene.ResolveInfo) -> type:
        if isinstance(instance, Rejection):
            return InvalidInput
        return cls._meta.types[0]


class RegisterParticipantResult(MutationResult):
    class Meta:
        types = (Participant, InvalidInput)


class UpdateParticipantResult(MutationResult):
    class Meta:
        types = (Participant, InvalidInput)


class RecordReferralResult(MutationResult):
    class Meta:
        types = (Referral, InvalidInput)


class AcceptReferralResult(MutationResult):
    class Meta:
        types = (Referral, InvalidInput)


class DeclineReferralResult(MutationResult):
    class Meta:
        types = (Referral, InvalidInput)


class WithdrawReferralResult(MutationResult):
    class Meta:
        types = (Referral, InvalidInput)


class CompleteReferralResult(MutationResult):
    class Meta:
        types = (Referral, InvalidInput)


class RecordActivityResult(MutationResult):
    class Meta:
        types = (Activity, InvalidInput)


class RecordOutcomeResult(MutationResult):
    class Meta:
        types = (Outcome, InvalidInput)


class AddPartnerResult(MutationResult):
    class Meta:
        types = (Partner, InvalidInput)


class UpdatePartnerResult(MutationResult):
    class Meta:
        types = (Partner, InvalidInput)


class AddEmployerResult(MutationResult):
    class Meta:
        types = (Employer, InvalidInput)
