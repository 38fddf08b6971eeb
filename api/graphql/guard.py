"""The access rule of every GraphQL field, applied as each one resolves.

``RULES`` names one rule for every field of every object type; a field
without a rule is forbidden to everyone, and the authorisation matrix test
fails until it gets one. The rules call ``graph.access.policy``. Lists are
narrowed by ``api.graphql.context`` before they get here, so a record that
reaches a field is one its list lets the viewer see; the rules here decide
which of its fields the viewer reads, and replace participant ids with
pseudonyms where the viewer's role requires.

``GuardMiddleware`` also notes the id of every participant, referral,
activity and outcome whose fields a request reads, for the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo

from api.graphql.context import RequestContext
from graph.access import policy
from graph.access.policy import ADMIN, FACILITATOR, FUNDER, PARTNER, Forbidden

Rule = Callable[[RequestContext, Any, str], None]

EVERYONE = (ADMIN, PARTNER, FACILITATOR, FUNDER)
RECORD_ROLES = (ADMIN, PARTNER, FACILITATOR)


def anyone(ctx: RequestContext, root: Any, name: str) -> None:
    """Let every role read organisations, page structure and aggregates;
    the context suppresses the counts of roles that need it."""


def roles(*allowed: str) -> Rule:
    """Return the rule of a field for users of ``allowed`` roles only; the
    context narrows lists further."""

    def rule(ctx: RequestContext, root: Any, name: str) -> None:
        type_name, field = name.split(".")
        what = f"run {field}" if type_name == "Mutation" else f"read {name}"
        ctx.viewer.require(*allowed, what=what)

    return rule


def participant_field(field: str) -> Rule:
    """Return the rule of the participant field ``field``: shown only in
    the views of a participant that include it."""

    def rule(ctx: RequestContext, root: Any, name: str) -> None:
        view = ctx.view_of(root.id)
        if view is None:
            raise Forbidden(policy.NOT_VISIBLE)
        if not policy.may_read_field(view, field):
            raise Forbidden(
                f"{ctx.viewer.role} users may not read {name} of this "
                f"participant: {policy.FIELD_REASONS[view]}"
            )
        ctx.note_read("participants", root.id)

    return rule


def record_field(kind: str) -> Rule:
    """Return the rule of a field of a referral, activity or outcome: shown
    only when the viewer may see the record."""

    def rule(ctx: RequestContext, root: Any, name: str) -> None:
        if not ctx.may_see(root):
            raise Forbidden(f"{ctx.viewer.role} users may not read {name} here")
        ctx.note_read(kind, root.id)

    return rule


def free_text(kind: str | None) -> Rule:
    """Return the rule of free text a partner typed, such as a reason for
    declining, which may name a person: admins and partners only, on
    records they may see."""
    check_record = record_field(kind) if kind else anyone

    def rule(ctx: RequestContext, root: Any, name: str) -> None:
        ctx.viewer.require(ADMIN, PARTNER, what=f"read {name}")
        check_record(ctx, root, name)

    return rule


def event_field(ctx: RequestContext, root: Any, name: str) -> None:
    """Note the event's record for the audit log. The event's list is
    narrowed already, and its participant link has a rule of its own."""
    ctx.note_event(root)


# The participant link of a record: resolvers raise Forbidden where the
# viewer may not see the participant, and show a pseudonym to facilitators.
participant_link = anyone


def _participant_rules() -> dict[str, Rule]:
    names = {
        "id": "id",
        "partner": "partner",
        "enrolledOn": "enrolled_on",
        "birthYear": "birth_year",
        "ageBand": "age_band",
        "gender": "gender",
        "ethnicity": "ethnicity",
        "postcodeDistrict": "postcode_district",
        "consentToShare": "consent_to_share",
        "consentRecordedOn": "consent_recorded_on",
        "consentRecordedBy": "consent_recorded_by",
        "referrals": "referrals",
        "activities": "activities",
        "outcomes": "outcomes",
        "journey": "journey",
        "currentStage": "current_stage",
    }
    return {
        f"Participant.{name}": participant_field(field) for name, field in names.items()
    }


def _record_rules(type_name: str, kind: str, fields: tuple[str, ...]) -> dict:
    rules: dict[str, Rule] = {
        f"{type_name}.{name}": record_field(kind) for name in fields
    }
    rules[f"{type_name}.participantId"] = participant_link
    rules[f"{type_name}.participant"] = participant_link
    return rules


def _open(type_name: str, *fields: str) -> dict[str, Rule]:
    return {f"{type_name}.{name}": anyone for name in fields}


def _events(type_name: str, *fields: str) -> dict[str, Rule]:
    return {f"{type_name}.{name}": event_field for name in fields}


RULES: dict[str, Rule] = {
    # the query root
    "Query.partners": anyone,
    "Query.partner": anyone,
    "Query.employers": anyone,
    "Query.employer": anyone,
    "Query.participants": roles(ADMIN, PARTNER),
    "Query.participant": roles(ADMIN, PARTNER),
    "Query.referrals": roles(*RECORD_ROLES),
    "Query.inbox": roles(*RECORD_ROLES),
    "Query.activities": roles(*RECORD_ROLES),
    "Query.outcomes": roles(*RECORD_ROLES),
    "Query.activityFeed": roles(ADMIN, FACILITATOR),
    "Query.referralFlows": anyone,
    "Query.collaborationStrength": anyone,
    "Query.networkMetrics": anyone,
    "Query.progress": anyone,
    "Query.auditLog": roles(ADMIN),
    "Query.networkOverTime": anyone,
    "Query.journeys": anyone,
    **_open("JourneyAnalysis", "funnel", "timeToOutcome", "collaborationEffect"),
    **_open(
        "StageStep",
        "stage",
        "reached",
        "dropped",
        "droppedShare",
        "medianDaysFromPrevious",
    ),
    **_open(
        "TimeToOutcome",
        "outcomeType",
        "participants",
        "withOutcome",
        "medianDays",
        "withoutOutcomeAt90",
        "withoutOutcomeAt180",
        "withoutOutcomeAt365",
    ),
    **_open(
        "EffectGroup",
        "group",
        "participants",
        "withOutcome",
        "share",
        "ciLow",
        "ciHigh",
    ),
    **_open("CollaborationEffect", "outcomeType", "groups", "difference", "note"),
    **_open(
        "NetworkPeriod",
        "period",
        "firstDay",
        "lastDay",
        "partners",
        "ties",
        "referrals",
        "density",
        "reciprocity",
        "degreeCentralisation",
        "communities",
        "modularity",
        "newTies",
        "lostTies",
        "perPartner",
    ),
    **_open(
        "PartnerChange",
        "partner",
        "betweenness",
        "betweennessChange",
        "degreeCentrality",
    ),
    **_open(
        "AuditEntry",
        "at",
        "userId",
        "role",
        "operation",
        "kind",
        "recordIds",
        "requestId",
    ),
    # organisations; their lists of records are checked by the context
    **_open("Partner", "id", "name", "type", "borough", "joinedOn", "leftOn"),
    "Partner.participants": roles(ADMIN, PARTNER),
    "Partner.referralsIn": roles(*RECORD_ROLES),
    "Partner.referralsOut": roles(*RECORD_ROLES),
    "Partner.activities": roles(*RECORD_ROLES),
    "Partner.outcomes": roles(*RECORD_ROLES),
    "Partner.referralCounts": anyone,
    "Partner.networkPosition": anyone,
    **_open("Employer", "id", "name", "sector", "size"),
    # people and their records
    **_participant_rules(),
    **_record_rules(
        "Referral",
        "referrals",
        (
            "id",
            "fromPartner",
            "toPartner",
            "toEmployer",
            "referredOn",
            "status",
            "statusOn",
            "daysWaiting",
        ),
    ),
    "Referral.reason": free_text("referrals"),
    **_record_rules(
        "Activity",
        "activities",
        ("id", "partner", "type", "occurredOn", "stage", "hours"),
    ),
    **_record_rules(
        "Outcome", "outcomes", ("id", "partner", "type", "achievedOn", "employer")
    ),
    **_events(
        "JourneyEvent",
        "on",
        "kind",
        "partner",
        "status",
        "type",
        "stage",
        "hours",
        "toPartner",
        "toEmployer",
        "employer",
    ),
    "JourneyEvent.recordId": participant_link,
    "JourneyEvent.reason": free_text(None),
    **_events(
        "FeedEvent",
        "on",
        "kind",
        "recordId",
        "partner",
        "toPartner",
        "toEmployer",
        "type",
        "stage",
        "status",
        "employer",
    ),
    "FeedEvent.participantId": participant_link,
    "FeedEvent.participant": participant_link,
    "FeedEvent.reason": free_text(None),
    # pages
    **_open("ParticipantConnection", "edges", "pageInfo", "totalCount"),
    **_open("ParticipantEdge", "cursor", "node"),
    **_open("ReferralConnection", "edges", "pageInfo", "totalCount"),
    **_open("ReferralEdge", "cursor", "node"),
    **_open("ActivityConnection", "edges", "pageInfo", "totalCount"),
    **_open("ActivityEdge", "cursor", "node"),
    **_open("OutcomeConnection", "edges", "pageInfo", "totalCount"),
    **_open("OutcomeEdge", "cursor", "node"),
    **_open("FeedEventConnection", "edges", "pageInfo", "asOf"),
    **_open("FeedEventEdge", "cursor", "node"),
    **_open("PageInfo", "hasNextPage", "endCursor"),
    # aggregates, suppressed by the context for partners and funders
    **_open("PartnerReferralCounts", "sent", "received"),
    **_open(
        "StatusCounts",
        "made",
        "accepted",
        "declined",
        "withdrawn",
        "completed",
        "total",
    ),
    **_open(
        "ReferralFlow",
        "fromPartner",
        "toId",
        "toKind",
        "toPartner",
        "toEmployer",
        "made",
        "accepted",
        "declined",
        "withdrawn",
        "completed",
        "referrals",
        "decided",
        "acceptanceRate",
        "completionRate",
        "medianDaysToDecision",
        "medianDaysToCompletion",
        "waitingOver",
        "onward",
        "back",
        "laterOutcomes",
    ),
    **_open(
        "CollaborationLink",
        "partnerA",
        "partnerB",
        "referralsAb",
        "referralsBa",
        "referrals",
        "decided",
        "sharedParticipants",
        "sharedWithOutcome",
        "lastReferredOn",
        "daysSinceReferral",
        "volume",
        "reciprocity",
        "acceptance",
        "shared",
        "jointOutcomes",
        "recency",
        "scoreLow",
        "scoreHigh",
        "score",
        "judged",
    ),
    **_open(
        "NetworkMetrics",
        "view",
        "weight",
        "partners",
        "ties",
        "unscoredTies",
        "referrals",
        "density",
        "reciprocity",
        "components",
        "eigenvectorStatus",
        "perPartner",
        "centralityMeasure",
        "degreeCentralisation",
        "inDegreeCentralisation",
        "outDegreeCentralisation",
        "isolates",
        "communities",
        "modularity",
    ),
    **_open(
        "PartnerMetrics",
        "partner",
        "inDegree",
        "outDegree",
        "degree",
        "referralsIn",
        "referralsOut",
        "weightedDegree",
        "degreeCentrality",
        "betweenness",
        "centrality",
        "eigenvector",
        "weightedBetweenness",
        "pagerank",
        "effectiveSize",
        "constraint",
        "weightedConstraint",
        "community",
        "referralBalance",
        "referralRole",
    ),
    **_open(
        "OutcomeProgress",
        "type",
        "achieved",
        "outcomes",
        "target",
        "share",
        "byPartner",
        "byQuarter",
    ),
    **_open("PartnerOutcomes", "partner", "participants", "outcomes"),
    **_open("LaterOutcome", "type", "participants", "referred", "share"),
    **_open(
        "QuarterProgress",
        "quarter",
        "firstDay",
        "lastDay",
        "achieved",
        "outcomes",
        "achievedToDate",
        "target",
        "shareToDate",
    ),
    # writes: the roles here, the records each touches in the context
    **{
        f"Mutation.{name}": roles(*policy.WRITE_ROLES[action])
        for name, action in {
            "registerParticipant": "register_participant",
            "updateParticipant": "update_participant",
            "recordReferral": "record_referral",
            "acceptReferral": "accept_referral",
            "declineReferral": "decline_referral",
            "withdrawReferral": "withdraw_referral",
            "completeReferral": "complete_referral",
            "recordActivity": "record_activity",
            "recordOutcome": "record_outcome",
            "addPartner": "add_partner",
            "updatePartner": "update_partner",
            "addEmployer": "add_employer",
            "eraseParticipant": "erase_participant",
        }.items()
    },
    **_open("InvalidInput", "message", "problems"),
    **_open("Problem", "field", "message"),
    **_open("ErasedParticipant", "id", "records"),
}


def _forbidden_everywhere(ctx: RequestContext, root: Any, name: str) -> None:
    raise Forbidden(f"{name} has no access rule, so no one may read it")


class GuardMiddleware:
    """graphql-core middleware that applies ``RULES`` before each field
    resolves."""

    def resolve(
        self,
        next_: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo,
        **args: Any,
    ) -> Any:
        type_name = info.parent_type.name
        if not type_name.startswith("__") and not info.field_name.startswith("__"):
            name = f"{type_name}.{info.field_name}"
            RULES.get(name, _forbidden_everywhere)(info.context, root, name)
        return next_(root, info, **args)
