"""The authorisation matrix: every field of the schema, read by every role,
about a participant of the partner user's own partner or another's, who
consented to sharing or did not.

``EXPECTED`` states, in this file and independently of the rules in the
code, whether each cell is allowed. The schema's fields and the keys of
``EXPECTED`` must be the same set, so adding a field fails this test until
its rule is written down here.

Reads run on both stores. Each write runs on its own copy of a SQLite
file, because a write changes what the next cell would see; the writes'
rules do not depend on the store, which only carries them out.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

import pytest
from graphql import GraphQLObjectType, GraphQLUnionType, get_named_type

from api.graphql.schema import schema
from tests.access.conftest import load_eastbank
from tests.access.eastbank import SUBJECTS, Subject

ROLES = ("admin", "partner", "facilitator", "funder")
RECORD_ROLES = {"admin", "partner", "facilitator"}

Cell = Callable[[str, Subject], bool]


def everyone(role: str, subject: Subject) -> bool:
    return True


def only(*roles: str) -> Cell:
    return lambda role, subject: role in roles


def participant_seen(role: str, subject: Subject) -> bool:
    """Whether the role sees the participant at all."""
    if role == "admin":
        return True
    if role == "partner":
        return subject.own or subject.consent
    return role == "facilitator" and subject.consent


def participant_field(partner_referred: bool, facilitator: bool) -> Cell:
    """A participant field: seen in full by admins and the enrolling
    partner; by a referred partner and a facilitator as stated."""

    def cell(role: str, subject: Subject) -> bool:
        if not participant_seen(role, subject):
            return False
        if role == "partner" and not subject.own:
            return partner_referred
        if role == "facilitator":
            return facilitator
        return True

    return cell


def record_field(role: str, subject: Subject) -> bool:
    """A field of a referral, activity or outcome the partner's list holds."""
    return role in RECORD_ROLES


def free_text(role: str, subject: Subject) -> bool:
    return role in ("admin", "partner")


def own_partner(*roles: str) -> Cell:
    """Lists of a partner's records: ``roles`` for every partner, and a
    partner user for its own."""
    return lambda role, subject: role in roles or (role == "partner" and subject.own)


def _fields(type_name: str, cell: Cell, *names: str) -> dict[str, Cell]:
    return {f"{type_name}.{name}": cell for name in names}


PARTICIPANT_ALL = participant_field(partner_referred=True, facilitator=True)
PARTICIPANT_PRIVATE = participant_field(partner_referred=False, facilitator=False)
PARTICIPANT_PROFILE = participant_field(partner_referred=False, facilitator=True)
PAGE = ("edges", "pageInfo", "totalCount")

EXPECTED: dict[str, Cell] = {
    **_fields("Query", everyone, "partners", "partner", "employers", "employer"),
    **_fields(
        "Query",
        everyone,
        "referralFlows",
        "collaborationStrength",
        "networkMetrics",
        "progress",
    ),
    "Query.participants": only("admin", "partner"),
    "Query.participant": lambda role, subject: (
        role in ("admin", "partner") and participant_seen(role, subject)
    ),
    **_fields("Query", only(*RECORD_ROLES), "referrals", "activities", "outcomes"),
    "Query.inbox": own_partner("admin", "facilitator"),
    "Query.activityFeed": only("admin", "facilitator"),
    "Query.auditLog": only("admin"),
    "Query.networkOverTime": everyone,
    "Query.journeys": everyone,
    **_fields(
        "JourneyAnalysis", everyone, "funnel", "timeToOutcome", "collaborationEffect"
    ),
    **_fields(
        "StageStep",
        everyone,
        "stage",
        "reached",
        "dropped",
        "droppedShare",
        "medianDaysFromPrevious",
    ),
    **_fields(
        "TimeToOutcome",
        everyone,
        "outcomeType",
        "participants",
        "withOutcome",
        "medianDays",
        "withoutOutcomeAt90",
        "withoutOutcomeAt180",
        "withoutOutcomeAt365",
    ),
    **_fields(
        "EffectGroup",
        everyone,
        "group",
        "participants",
        "withOutcome",
        "share",
        "ciLow",
        "ciHigh",
    ),
    **_fields(
        "CollaborationEffect", everyone, "outcomeType", "groups", "difference", "note"
    ),
    **_fields(
        "NetworkPeriod",
        everyone,
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
    **_fields(
        "PartnerChange",
        everyone,
        "partner",
        "betweenness",
        "betweennessChange",
        "degreeCentrality",
    ),
    **_fields(
        "AuditEntry",
        only("admin"),
        "at",
        "userId",
        "role",
        "operation",
        "kind",
        "recordIds",
        "requestId",
    ),
    **_fields("Partner", everyone, "id", "name", "type", "borough", "joinedOn"),
    **_fields("Partner", everyone, "leftOn", "referralCounts", "networkPosition"),
    "Partner.participants": own_partner("admin"),
    **_fields(
        "Partner",
        own_partner("admin", "facilitator"),
        "referralsIn",
        "referralsOut",
        "activities",
        "outcomes",
    ),
    **_fields("Employer", everyone, "id", "name", "sector", "size"),
    **_fields(
        "Participant",
        PARTICIPANT_ALL,
        "id",
        "partner",
        "enrolledOn",
        "ageBand",
        "consentToShare",
        "referrals",
        "activities",
        "outcomes",
        "journey",
        "currentStage",
    ),
    **_fields(
        "Participant",
        PARTICIPANT_PRIVATE,
        "birthYear",
        "postcodeDistrict",
        "consentRecordedOn",
        "consentRecordedBy",
    ),
    **_fields("Participant", PARTICIPANT_PROFILE, "gender", "ethnicity"),
    **_fields(
        "Referral",
        record_field,
        "id",
        "fromPartner",
        "toPartner",
        "toEmployer",
        "referredOn",
        "status",
        "statusOn",
        "daysWaiting",
    ),
    **_fields("Referral", PARTICIPANT_ALL, "participantId", "participant"),
    "Referral.reason": free_text,
    **_fields(
        "Activity",
        record_field,
        "id",
        "partner",
        "type",
        "occurredOn",
        "stage",
        "hours",
    ),
    **_fields("Activity", PARTICIPANT_ALL, "participantId", "participant"),
    **_fields(
        "Outcome", record_field, "id", "partner", "type", "achievedOn", "employer"
    ),
    **_fields("Outcome", PARTICIPANT_ALL, "participantId", "participant"),
    **_fields(
        "JourneyEvent",
        PARTICIPANT_ALL,
        "on",
        "kind",
        "partner",
        "recordId",
        "status",
        "type",
        "stage",
        "hours",
        "toPartner",
        "toEmployer",
        "employer",
    ),
    "JourneyEvent.reason": lambda role, subject: (
        free_text(role, subject) and participant_seen(role, subject)
    ),
    **_fields(
        "FeedEvent",
        only("admin", "facilitator"),
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
    **_fields(
        "FeedEvent",
        lambda role, subject: (
            role in ("admin", "facilitator") and participant_seen(role, subject)
        ),
        "participantId",
        "participant",
    ),
    "FeedEvent.reason": only("admin"),
    **_fields("ParticipantConnection", only("admin", "partner"), *PAGE),
    **_fields("ParticipantEdge", only("admin", "partner"), "cursor", "node"),
    **_fields("ReferralConnection", only(*RECORD_ROLES), *PAGE),
    **_fields("ReferralEdge", only(*RECORD_ROLES), "cursor", "node"),
    **_fields("ActivityConnection", only(*RECORD_ROLES), *PAGE),
    **_fields("ActivityEdge", only(*RECORD_ROLES), "cursor", "node"),
    **_fields("OutcomeConnection", only(*RECORD_ROLES), *PAGE),
    **_fields("OutcomeEdge", only(*RECORD_ROLES), "cursor", "node"),
    **_fields("PageInfo", only(*RECORD_ROLES), "hasNextPage", "endCursor"),
    **_fields("FeedEventConnection", only("admin", "facilitator"), "edges", "pageInfo"),
    "FeedEventConnection.asOf": only("admin", "facilitator"),
    **_fields("FeedEventEdge", only("admin", "facilitator"), "cursor", "node"),
    # aggregates: every role, suppressed for partners and funders
    **_fields("PartnerReferralCounts", everyone, "sent", "received"),
    **_fields(
        "StatusCounts",
        everyone,
        "made",
        "accepted",
        "declined",
        "withdrawn",
        "completed",
        "total",
    ),
    **_fields(
        "ReferralFlow",
        everyone,
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
    **_fields(
        "CollaborationLink",
        everyone,
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
    **_fields(
        "NetworkMetrics",
        everyone,
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
    **_fields(
        "PartnerMetrics",
        everyone,
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
    **_fields(
        "OutcomeProgress",
        everyone,
        "type",
        "achieved",
        "outcomes",
        "target",
        "share",
        "byPartner",
        "byQuarter",
    ),
    **_fields("PartnerOutcomes", everyone, "partner", "participants", "outcomes"),
    **_fields("LaterOutcome", everyone, "type", "participants", "referred", "share"),
    **_fields(
        "QuarterProgress",
        everyone,
        "quarter",
        "firstDay",
        "lastDay",
        "achieved",
        "outcomes",
        "achievedToDate",
        "target",
        "shareToDate",
    ),
    # writes: who may make each, about the subject's participant or record
    "Mutation.registerParticipant": own_partner("admin"),
    "Mutation.updateParticipant": own_partner("admin"),
    "Mutation.eraseParticipant": own_partner("admin"),
    **_fields(
        "Mutation",
        lambda role, subject: (
            role == "admin" or (role == "partner" and (subject.own or subject.consent))
        ),
        "recordReferral",
        "recordActivity",
        "recordOutcome",
    ),
    **_fields(
        "Mutation",
        own_partner("admin"),
        "acceptReferral",
        "declineReferral",
        "withdrawReferral",
        "completeReferral",
    ),
    **_fields("Mutation", only("admin"), "addPartner", "updatePartner"),
    "Mutation.addEmployer": only("admin", "partner"),
    **_fields("InvalidInput", only("admin", "partner"), "message", "problems"),
    **_fields("Problem", only("admin", "partner"), "field", "message"),
    **_fields("ErasedParticipant", own_partner("admin"), "id", "records"),
}


def schema_fields() -> set[str]:
    names = set()
    for type_name, graphql_type in schema.graphql_schema.type_map.items():
        if type_name.startswith("__") or not isinstance(
            graphql_type, GraphQLObjectType
        ):
            continue
        names.update(f"{type_name}.{field}" for field in graphql_type.fields)
    return names


def test_every_field_has_an_expected_rule():
    fields = schema_fields()

    assert sorted(fields - EXPECTED.keys()) == [], "fields without a rule here"
    assert sorted(EXPECTED.keys() - fields) == [], "rules of fields that are gone"


# Reading: how to reach each type's fields, and where the field lands.


def selection(type_name: str, field: str) -> str:
    """Return the selection of ``field`` with a sub-selection if it needs
    one, and the arguments it needs."""
    graphql_field = schema.graphql_schema.get_type(type_name).fields[field]
    arguments = ""
    if "first" in graphql_field.args:
        arguments = "(first: 5)"
    if isinstance(
        get_named_type(graphql_field.type), GraphQLObjectType | GraphQLUnionType
    ):
        return f"{field}{arguments} {{ __typename }}"
    return f"{field}{arguments}"


@pytest.fixture(scope="module")
def matrix_partnership(tmp_path_factory):
    path = tmp_path_factory.mktemp("matrix") / "eastbank.db"
    return load_eastbank(f"sqlite:///{path}")


Route = Callable[[str, Subject, str], tuple[str, Callable[[dict], list[Any]]]]


def _in_list(root: str, key: str, wanted: Callable[[Subject], str]) -> Route:
    """Reach a node of the list ``root`` whose ``key`` is the subject's."""

    def route(role: str, subject: Subject, selected: str):
        query = f"{{ {root}(first: 50) {{ edges {{ node {{ {key} {selected} }} }} }} }}"

        def path(data: dict) -> list[Any]:
            edges = data[root]["edges"]
            index = next(
                i
                for i, edge in enumerate(edges)
                if edge["node"][key] == wanted(subject)
            )
            return [root, "edges", index, "node"]

        return query, path

    return route


def _participant(role: str, subject: Subject, selected: str):
    if role == "facilitator":
        inner = _in_list("referrals", "id", lambda s: s.referral)
        query, outer = inner(role, subject, f"participant {{ {selected} }}")
        return query, lambda data: [*outer(data), "participant"]
    query = f'{{ participant(id: "{subject.participant}") {{ {selected} }} }}'
    return query, lambda data: ["participant"]


def _journey(role: str, subject: Subject, selected: str):
    query, path = _participant(role, subject, f"journey {{ {selected} }}")
    return query, lambda data: [*path(data), "journey", 0]


def _partner(role: str, subject: Subject, selected: str):
    partner = "B" if subject.own else "A"
    return f'{{ partner(id: "{partner}") {{ {selected} }} }}', lambda data: ["partner"]


def _nested(outer: str, *steps: Any) -> Route:
    def route(role: str, subject: Subject, selected: str):
        query = outer.replace("SELECTED", selected)
        return query, lambda data: list(steps)

    return route


ROUTES: dict[str, Route] = {
    "Participant": _participant,
    "JourneyEvent": _journey,
    "Referral": _in_list("referrals", "id", lambda s: s.referral),
    "Activity": _in_list("activities", "id", lambda s: s.activity),
    "Outcome": _in_list("outcomes", "id", lambda s: s.outcome),
    "FeedEvent": _in_list("activityFeed", "recordId", lambda s: s.activity),
    "Partner": _partner,
    "Employer": _nested('{ employer(id: "E") { SELECTED } }', "employer"),
    "AuditEntry": _nested("{ auditLog { SELECTED } }", "auditLog", 0),
    "JourneyAnalysis": _nested("{ journeys { SELECTED } }", "journeys"),
    "StageStep": _nested(
        "{ journeys { funnel { SELECTED } } }", "journeys", "funnel", 0
    ),
    "TimeToOutcome": _nested(
        "{ journeys { timeToOutcome { SELECTED } } }", "journeys", "timeToOutcome"
    ),
    "CollaborationEffect": _nested(
        "{ journeys { collaborationEffect { SELECTED } } }",
        "journeys",
        "collaborationEffect",
    ),
    "EffectGroup": _nested(
        "{ journeys { collaborationEffect { groups { SELECTED } } } }",
        "journeys",
        "collaborationEffect",
        "groups",
        0,
    ),
    "NetworkPeriod": _nested("{ networkOverTime { SELECTED } }", "networkOverTime", 0),
    "PartnerChange": _nested(
        "{ networkOverTime { perPartner { SELECTED } } }",
        "networkOverTime",
        0,
        "perPartner",
        0,
    ),
    "ParticipantConnection": _nested(
        "{ participants(first: 5) { SELECTED } }", "participants"
    ),
    "ParticipantEdge": _nested(
        "{ participants(first: 5) { edges { SELECTED } } }",
        "participants",
        "edges",
        0,
    ),
    "ReferralConnection": _nested("{ referrals(first: 5) { SELECTED } }", "referrals"),
    "ReferralEdge": _nested(
        "{ referrals(first: 5) { edges { SELECTED } } }", "referrals", "edges", 0
    ),
    "ActivityConnection": _nested(
        "{ activities(first: 5) { SELECTED } }", "activities"
    ),
    "ActivityEdge": _nested(
        "{ activities(first: 5) { edges { SELECTED } } }", "activities", "edges", 0
    ),
    "OutcomeConnection": _nested("{ outcomes(first: 5) { SELECTED } }", "outcomes"),
    "OutcomeEdge": _nested(
        "{ outcomes(first: 5) { edges { SELECTED } } }", "outcomes", "edges", 0
    ),
    "PageInfo": _nested(
        "{ referrals(first: 5) { pageInfo { SELECTED } } }", "referrals", "pageInfo"
    ),
    "FeedEventConnection": _nested(
        "{ activityFeed(first: 5) { SELECTED } }", "activityFeed"
    ),
    "FeedEventEdge": _nested(
        "{ activityFeed(first: 5) { edges { SELECTED } } }",
        "activityFeed",
        "edges",
        0,
    ),
    "PartnerReferralCounts": _nested(
        '{ partner(id: "A") { referralCounts { SELECTED } } }',
        "partner",
        "referralCounts",
    ),
    "StatusCounts": _nested(
        '{ partner(id: "A") { referralCounts { sent { SELECTED } } } }',
        "partner",
        "referralCounts",
        "sent",
    ),
    "ReferralFlow": _nested("{ referralFlows { SELECTED } }", "referralFlows", 0),
    "LaterOutcome": _nested(
        "{ referralFlows { laterOutcomes { SELECTED } } }",
        "referralFlows",
        0,
        "laterOutcomes",
        0,
    ),
    "CollaborationLink": _nested(
        "{ collaborationStrength { SELECTED } }", "collaborationStrength", 0
    ),
    "NetworkMetrics": _nested("{ networkMetrics { SELECTED } }", "networkMetrics"),
    "PartnerMetrics": _nested(
        "{ networkMetrics { perPartner { SELECTED } } }",
        "networkMetrics",
        "perPartner",
        0,
    ),
    "OutcomeProgress": _nested("{ progress { SELECTED } }", "progress", 0),
    "PartnerOutcomes": _nested(
        "{ progress { byPartner { SELECTED } } }", "progress", 0, "byPartner", 0
    ),
    "QuarterProgress": _nested(
        "{ progress { byQuarter { SELECTED } } }", "progress", 0, "byQuarter", 0
    ),
}

# Query fields, each with its arguments for a subject.
ROOT_QUERIES: dict[str, Callable[[Subject], str]] = {
    "partners": lambda s: "partners { id }",
    "partner": lambda s: 'partner(id: "A") { id }',
    "employers": lambda s: "employers { id }",
    "employer": lambda s: 'employer(id: "E") { id }',
    "participants": lambda s: "participants(first: 5) { totalCount }",
    "participant": lambda s: f'participant(id: "{s.participant}") {{ enrolledOn }}',
    "referrals": lambda s: "referrals(first: 5) { totalCount }",
    "inbox": lambda s: f'inbox(partnerId: "{"B" if s.own else "A"}") {{ totalCount }}',
    "activities": lambda s: "activities(first: 5) { totalCount }",
    "outcomes": lambda s: "outcomes(first: 5) { totalCount }",
    "activityFeed": lambda s: "activityFeed { asOf }",
    "referralFlows": lambda s: "referralFlows { made }",
    "collaborationStrength": lambda s: "collaborationStrength { referrals }",
    "networkMetrics": lambda s: (
        "networkMetrics(view: UNDIRECTED, weight: STRENGTH) { referrals }"
    ),
    "progress": lambda s: "progress { achieved }",
    "auditLog": lambda s: "auditLog { at }",
    "networkOverTime": lambda s: (
        'networkOverTime(since: "2024-01-01", until: "2024-06-30", period: MONTH) '
        "{ period }"
    ),
    "journeys": lambda s: "journeys { note: collaborationEffect { note } }",
}


def outcome_of(body: dict, path: list[Any], field: str) -> str:
    """Return ``allowed`` or ``denied`` for the field at ``path``, or a
    description of an unexpected response."""
    target = [*path, field]
    errors = body.get("errors", [])
    for error in errors:
        error_path = error.get("path") or []
        if error.get("extensions", {}).get("code") != "FORBIDDEN":
            return f"unexpected error {error}"
        if error_path == target[: len(error_path)]:
            return "denied"
    return "allowed"


def read_type(
    partnership, type_name: str, fields: list[str], role: str, subject: Subject
) -> dict[str, str]:
    """Read every field of ``fields`` in one request, each under an alias,
    and return each field's outcome."""
    if type_name == "Query":
        selected = " ".join(f"{f}: {ROOT_QUERIES[f](subject)}" for f in fields)
        body = partnership.query(role, "{ " + selected + " }")
        return {field: outcome_of(body, [], field) for field in fields}
    selected = " ".join(f"{f}: {selection(type_name, f)}" for f in fields)
    query, locate = ROUTES[type_name](role, subject, selected)
    body = partnership.query(role, query)
    try:
        path = locate(body["data"])
    except (TypeError, KeyError, StopIteration, IndexError):
        # The list or object the fields belong to was forbidden whole, or
        # the record is not in the list the role sees.
        denied = any(
            error.get("extensions", {}).get("code") == "FORBIDDEN"
            for error in body.get("errors", [])
        )
        return dict.fromkeys(fields, "denied" if denied else f"unreachable: {body}")
    return {field: outcome_of(body, path, field) for field in fields}


READ_TYPES = set(ROUTES) | {"Query"}


def test_read_matrix(eastbank):
    by_type: dict[str, list[str]] = {}
    for name in sorted(EXPECTED):
        type_name, field = name.split(".")
        if type_name in READ_TYPES:
            by_type.setdefault(type_name, []).append(field)
    wrong = []
    for type_name, fields in by_type.items():
        for role in ROLES:
            for label, subject in SUBJECTS.items():
                actual = read_type(eastbank, type_name, fields, role, subject)
                for field in fields:
                    rule = EXPECTED[f"{type_name}.{field}"]
                    expected = "allowed" if rule(role, subject) else "denied"
                    if actual[field] != expected:
                        wrong.append(
                            f"{type_name}.{field} as {role}, {label}: "
                            f"{actual[field]}, expected {expected}"
                        )

    assert wrong == []


# Writing: each mutation on a fresh copy of Eastbank.


def mutation_input(name: str, subject: Subject) -> str:
    pid = subject.participant
    partner = "B" if subject.own else "A"
    decisions = {
        # referrals sent to B, or between A and C
        "accept": {
            True: {True: "RA1", False: "RA2"},
            False: {True: "RA4", False: "RA5"},
        },
        # referrals B sent, or A sent
        "withdraw": {
            True: {True: "RB1", False: "RB2"},
            False: {True: "RA4", False: "RA5"},
        },
        # accepted referrals to B, or to C
        "complete": {
            True: {True: "RC1", False: "RC2"},
            False: {True: "RC3", False: "RB2"},
        },
    }
    decisions["decline"] = decisions["accept"]
    consent = "true" if subject.consent else "false"
    inputs = {
        "registerParticipant": f'{{id: "N1", partnerId: "{partner}", '
        f'enrolledOn: "2024-05-01", consentToShare: {consent}}}',
        "updateParticipant": f'{{id: "{pid}", postcodeDistrict: "E1"}}',
        "recordReferral": f'{{id: "RN", participantId: "{pid}", fromPartnerId: "B", '
        'toPartnerId: "C", referredOn: "2024-05-02"}',
        "recordActivity": f'{{id: "KN", participantId: "{pid}", partnerId: "B", '
        'type: "mentoring", occurredOn: "2024-05-02"}',
        "recordOutcome": f'{{id: "ON", participantId: "{pid}", partnerId: "B", '
        'type: "job_start", achievedOn: "2024-05-02"}',
        "addPartner": '{id: "D", name: "Dalston Works"}',
        "updatePartner": '{id: "A", name: "Eastbank Youth Hub Ltd"}',
        "addEmployer": '{id: "F", name: "Corner Bakery"}',
    }
    action = name.removesuffix("Referral")
    if action in decisions:
        referral = decisions[action][subject.own][subject.consent]
        return f'{{id: "{referral}", on: "2024-05-03"}}'
    return inputs[name]


def write_cell(partnership: Any, name: str, role: str, subject: Subject) -> str:
    if name == "eraseParticipant":
        erase = f'eraseParticipant(id: "{subject.participant}")'
        query = f"mutation {{ {erase} {{ id records }} }}"
    else:
        query = (
            f"mutation {{ {name}(input: {mutation_input(name, subject)}) "
            "{ __typename ... on InvalidInput { problems { field message } } } }"
        )
    body = partnership.query(role, query)
    result = outcome_of(body, [], name)
    if (
        result == "allowed"
        and (body["data"][name] or {}).get("__typename") == "InvalidInput"
    ):
        return f"rejected as invalid: {body['data'][name]}"
    return result


def test_write_matrix(matrix_partnership, tmp_path):
    source = matrix_partnership.url.removeprefix("sqlite:///")
    wrong = []
    for name in sorted(EXPECTED):
        type_name, field = name.split(".")
        if type_name != "Mutation":
            continue
        for role in ROLES:
            for label, subject in SUBJECTS.items():
                copy = tmp_path / f"{field}-{role}-{subject.participant}.db"
                shutil.copy(source, copy)
                partnership = type(matrix_partnership)(
                    f"sqlite:///{copy}", matrix_partnership.tokens
                )
                expected = "allowed" if EXPECTED[name](role, subject) else "denied"
                actual = write_cell(partnership, field, role, subject)
                if actual != expected:
                    wrong.append(
                        f"{name} as {role}, {label}: {actual}, expected {expected}"
                    )

    assert wrong == []


def test_invalid_input_matrix(matrix_partnership):
    # What an invalid write returns, for the roles that may write at all.
    query = (
        'mutation { addEmployer(input: {id: "F", name: ""}) { __typename '
        "... on InvalidInput { message problems { field message } } } }"
    )
    wrong = []
    for role in ROLES:
        for name in ("InvalidInput.message", "InvalidInput.problems"):
            subject = SUBJECTS["own, consented"]
            expected = EXPECTED[name](role, subject)
            body = matrix_partnership.query(role, query)
            result = body["data"]["addEmployer"] if body["data"] else None
            allowed = result is not None and result["__typename"] == "InvalidInput"
            if allowed != expected:
                wrong.append(f"{name} as {role}: {body}")

    assert wrong == []
