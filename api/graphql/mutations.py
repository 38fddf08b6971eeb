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
import re
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


def _mutation(
    name: str, description: str, id_keyword: str = "record_id"
) -> graphene.Field:
    """Return the field of the mutation ``name``, in CamelCase.

    Its input type is ``inputs.<name>Input``, its result
    ``results.<name>Result``, and ``graph.recording``'s function of the
    same name in snake case checks and writes it. ``id_keyword`` names the
    keyword that receives the input's ``id``.
    """
    record = getattr(recording, re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower())

    def mutate(root: Any, info: graphene.ResolveInfo, input: Mapping[str, Any]) -> Any:
        return _write(info, record, input, id_keyword)

    arguments = type(
        "Arguments", (), {"input": getattr(inputs, f"{name}Input")(required=True)}
    )
    mutation: Any = type(
        name,
        (graphene.Mutation,),
        {
            "__doc__": description,
            "Arguments": arguments,
            "Output": graphene.NonNull(getattr(results, f"{name}Result")),
            "mutate": staticmethod(mutate),
        },
    )
    return mutation.Field()


class ErasedParticipant(graphene.ObjectType):
    """What an erasure removed: the participant and their records."""

    id = graphene.ID(required=True, description="The erased participant's id.")
    records = graphene.Int(
        required=True,
        description="Referrals, activities and outcomes erased with them.",
    )


class EraseParticipant(graphene.Mutation):
    """Erase a participant and every referral, activity and outcome of
    theirs, for good: admins, or the partner that enrolled them."""

    class Arguments:
        id = graphene.ID(required=True)

    Output = graphene.NonNull(ErasedParticipant)

    @staticmethod
    def mutate(root: Any, info: graphene.ResolveInfo, id: str) -> dict[str, Any]:
        erased = info.context.erase(id)
        return {
            "id": id,
            "records": erased["referrals"] + erased["activities"] + erased["outcomes"],
        }


class Mutation(graphene.ObjectType):
    register_participant = _mutation("RegisterParticipant", "Enrol a new participant.")
    update_participant = _mutation(
        "UpdateParticipant",
        "Change a participant's profile or consent; the enrolment stays.",
        id_keyword="participant_id",
    )
    record_referral = _mutation(
        "RecordReferral",
        "Record a referral; it starts with the status made.",
    )
    accept_referral = _mutation(
        "AcceptReferral",
        "Record that the receiver accepted a made referral.",
        id_keyword="referral_id",
    )
    decline_referral = _mutation(
        "DeclineReferral",
        "Record that the receiver declined a made referral.",
        id_keyword="referral_id",
    )
    withdraw_referral = _mutation(
        "WithdrawReferral",
        "Record that the referrer withdrew a made or accepted referral.",
        id_keyword="referral_id",
    )
    complete_referral = _mutation(
        "CompleteReferral",
        "Record that an accepted referral was completed.",
        id_keyword="referral_id",
    )
    record_activity = _mutation(
        "RecordActivity",
        "Record something a partner did with a participant.",
    )
    record_outcome = _mutation(
        "RecordOutcome", "Record an outcome a participant achieved."
    )
    add_partner = _mutation("AddPartner", "Add an organisation to the partnership.")
    update_partner = _mutation(
        "UpdatePartner",
        "Change a partner, or record that it left the partnership.",
        id_keyword="partner_id",
    )
    add_employer = _mutation(
        "AddEmployer",
        "Add an employer that can receive referrals and outcomes.",
    )
    erase_participant = EraseParticipant.Field()
