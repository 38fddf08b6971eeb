"""Attempts to read what a role may not see, on both stores.

A partner user of B tries to reach participants of A that were never
referred to B, or did not consent, through every nested path; a funder
narrows aggregates down to one person; facilitators compare pseudonyms.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from api.pages.views import SAMPLE_QUERY
from graph.access.privacy import age_band
from tests.access.conftest import load_eastbank
from tests.access.eastbank import PERSONAL_VALUES

# Participants the partner user of B may not see at all: A2 did not
# consent, A3's referral to B was declined, A4 was never referred to B.
HIDDEN_FROM_B = ("A2", "A3", "A4")


def forbidden_paths(body: dict) -> list[list]:
    return [
        error["path"]
        for error in body.get("errors", [])
        if error["extensions"]["code"] == "FORBIDDEN"
    ]


def mentions_hidden(body: dict, hidden: tuple[str, ...]) -> list[str]:
    """Return the ids and personal values of ``hidden`` people in ``body``."""
    text = json.dumps(body.get("data"))
    found = [f'"{pid}"' for pid in hidden if f'"{pid}"' in text]
    for pid in hidden:
        found += [value for value in PERSONAL_VALUES[pid] if f'"{value}"' in text]
    return found


NESTED_ATTEMPTS = [
    # the participant, directly and through the records that name them
    '{ participant(id: "A3") { id birthYear } }',
    '{ participant(id: "A4") { id } }',
    '{ participant(id: "A2") { id } }',
    "{ referrals(first: 50) { edges { node { id participantId "
    "participant { id birthYear postcodeDistrict journey { recordId } } } } } }",
    "{ activities(first: 50) { edges { node { participantId participant { id } } } } }",
    "{ outcomes(first: 50) { edges { node { participantId participant { id } } } } }",
    # lists filtered to another partner or a hidden participant
    '{ referrals(partnerId: "A", first: 50) { edges { node { participantId } } } }',
    '{ referrals(fromPartnerId: "A", toPartnerId: "C", first: 50) '
    "{ edges { node { participantId } } } }",
    '{ referrals(participantId: "A4", first: 50) { edges { node { id } } } }',
    '{ activities(participantId: "A3", first: 50) { edges { node { id } } } }',
    # a filter on a participant that the record itself would not name
    '{ referrals(participantId: "A2", first: 50) { edges { node { id } } } }',
    '{ activities(participantId: "A2", first: 50) { edges { node { id } } } }',
    '{ outcomes(participantId: "A2", first: 50) { edges { node { id } } } }',
    '{ outcomes(partnerId: "C", first: 50) { edges { node { participantId } } } }',
    '{ inbox(partnerId: "C") { edges { node { participantId } } } }',
    # another partner's lists
    '{ partner(id: "A") { participants(first: 50) { edges { node { id } } } } }',
    '{ partner(id: "C") { referralsIn(first: 50) { edges { node { participantId } } } '
    "activities(first: 50) { edges { node { participantId } } } "
    "outcomes(first: 50) { edges { node { participantId } } } } }",
    # the feed and journeys
    "{ activityFeed(first: 50) { edges { node { participantId } } } }",
    '{ participant(id: "A1") { journey { recordId partner { id } } '
    "activities { id participantId } outcomes { id } referrals { id } } }",
    # a participant referred with consent, through each of their lists
    '{ participant(id: "A1") { birthYear gender ethnicity postcodeDistrict } }',
]


@pytest.mark.parametrize("query", NESTED_ATTEMPTS)
def test_partner_cannot_reach_hidden_participants(eastbank, query):
    body = eastbank.query("partner", query)

    assert mentions_hidden(body, HIDDEN_FROM_B) == []
    assert "A1A" not in json.dumps(body["data"]), "A's own activity with A1"
    for value in PERSONAL_VALUES["A1"]:
        assert f'"{value}"' not in json.dumps(body["data"])


def test_declined_referral_shows_no_participant(eastbank):
    body = eastbank.query(
        "partner",
        '{ referrals(status: "declined", first: 50) '
        "{ edges { node { id reason participantId participant { id } } } } }",
    )

    nodes = [edge["node"] for edge in body["data"]["referrals"]["edges"]]
    assert [node["id"] for node in nodes] == ["RD3"]
    assert nodes[0]["reason"] == "has moved to Leeds"
    assert nodes[0]["participantId"] is None
    assert ["referrals", "edges", 0, "node", "participantId"] in forbidden_paths(body)


def test_referred_participant_shows_only_what_b_needs(eastbank):
    body = eastbank.query(
        "partner",
        '{ participant(id: "A1") { id ageBand currentStage partner { id } '
        "activities { id } outcomes { id } referrals { id } "
        "journey { kind recordId } } }",
    )

    participant = body["data"]["participant"]
    assert participant["ageBand"] == age_band(2004, date.today())
    # The stage comes from every activity, also A's own KA1A (engagement,
    # 5 March), which B does not see; B's KA1 (training, 3 March) is older.
    assert participant["currentStage"] == "engagement"
    assert participant["partner"] == {"id": "A"}
    assert [a["id"] for a in participant["activities"]] == ["KA1"]
    assert [o["id"] for o in participant["outcomes"]] == ["OA1"]
    assert [r["id"] for r in participant["referrals"]] == ["RA1", "RC1"]
    assert "KA1A" not in [event["recordId"] for event in participant["journey"]]
    assert "errors" not in body


def test_unknown_and_hidden_participants_get_the_same_answer(eastbank):
    hidden = eastbank.query("partner", '{ participant(id: "A4") { id } }')
    unknown = eastbank.query("partner", '{ participant(id: "ZZ9") { id } }')

    assert hidden["errors"][0]["message"] == unknown["errors"][0]["message"]
    assert hidden["data"] == unknown["data"] == {"participant": None}


def test_partner_writes_only_for_itself(eastbank):
    attempts = [
        # an activity credited to another partner
        'recordActivity(input: {participantId: "B1", partnerId: "A", '
        'type: "mentoring", occurredOn: "2024-05-01"}) { __typename }',
        # an activity with a participant B may not see
        'recordActivity(input: {participantId: "A4", partnerId: "B", '
        'type: "mentoring", occurredOn: "2024-05-01"}) { __typename }',
        # a decision on a referral sent to C
        'acceptReferral(input: {id: "RA4", on: "2024-05-01"}) { __typename }',
        # withdrawing a referral A made
        'withdrawReferral(input: {id: "RA1", on: "2024-05-01"}) { __typename }',
        # changing A's participant
        'updateParticipant(input: {id: "A1", postcodeDistrict: "E1"}) { __typename }',
        'eraseParticipant(id: "A1") { id }',
        'addPartner(input: {name: "Shadow Partner"}) { __typename }',
    ]
    for attempt in attempts:
        body = eastbank.query("partner", "mutation { " + attempt + " }")
        assert forbidden_paths(body), attempt

    still = eastbank.query("admin", '{ participant(id: "A1") { postcodeDistrict } }')
    assert still["data"]["participant"]["postcodeDistrict"] == "N15"


# A funder narrowing aggregates down to one person.

ONE_DAY = 'since: "2024-02-02", until: "2024-02-02"'
ISOLATING = {
    "flows": f"{{ referralFlows({ONE_DAY}) {{ made referrals acceptanceRate }} }}",
    "partner counts": f'{{ partner(id: "B") {{ referralCounts({ONE_DAY}) '
    "{ received { made total } } } }",
    "network": f"{{ networkMetrics({ONE_DAY}) {{ referrals "
    "perPartner { referralsIn referralsOut } } }",
    "collaboration": f"{{ collaborationStrength({ONE_DAY}) "
    "{ referrals referralsAb score } }",
    "progress": '{ progress(since: "2024-04-03", until: "2024-04-03") '
    "{ achieved outcomes share byPartner { participants } "
    "byQuarter { achieved achievedToDate } } }",
}


def numbers_in(value) -> list[int]:
    if isinstance(value, dict):
        return [n for item in value.values() for n in numbers_in(item)]
    if isinstance(value, list):
        return [n for item in value for n in numbers_in(item)]
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    return []


@pytest.mark.parametrize("role", ["funder", "partner"])
@pytest.mark.parametrize("name", ISOLATING)
def test_isolating_queries_get_suppressed_counts(eastbank, role, name):
    body = eastbank.query(role, ISOLATING[name])

    assert "errors" not in body
    counts = numbers_in(body["data"])
    # Zero discloses no one; every other count of a person is hidden.
    assert [n for n in counts if 0 < n < 5] == [], body
    assert "<5" in json.dumps(body["data"]), body


def test_facilitator_sees_exact_counts(eastbank):
    body = eastbank.query("facilitator", ISOLATING["flows"])

    assert body["data"]["referralFlows"][0]["made"] == 1


def test_funder_cannot_read_any_person(eastbank):
    body = eastbank.query(
        "funder",
        "{ participants(first: 5) { totalCount } referrals(first: 5) { totalCount } "
        "activities(first: 5) { totalCount } outcomes(first: 5) { totalCount } "
        'activityFeed { asOf } participant(id: "B1") { id } '
        'inbox(partnerId: "B") { totalCount } '
        'partner(id: "B") { participants(first: 5) { totalCount } } }',
    )

    assert len(forbidden_paths(body)) == 8
    assert numbers_in(body["data"]) == []


# Pseudonyms.

PSEUDONYMS = (
    "{ referrals(first: 50) { edges { node { id participantId participant "
    "{ id journey { kind recordId } } } } } "
    "activities(first: 50) { edges { node { id participantId } } } }"
)


def pseudonyms_by_referral(body: dict) -> dict[str, str | None]:
    return {
        edge["node"]["id"]: edge["node"]["participantId"]
        for edge in body["data"]["referrals"]["edges"]
    }


def test_pseudonyms_are_stable_and_reveal_no_id(eastbank):
    first = eastbank.query("facilitator", PSEUDONYMS)
    again = eastbank.query("facilitator", PSEUDONYMS)

    shown = pseudonyms_by_referral(first)
    assert shown == pseudonyms_by_referral(again)
    # A1 consented: the same pseudonym on both of A1's referrals, on the
    # participant and in the journey; A2 did not: no pseudonym at all.
    assert shown["RA1"] == shown["RC1"]
    assert shown["RA1"].startswith("anon-")
    assert shown["RA2"] is None
    assert shown["RC2"] is None
    assert len({shown["RB1"], shown["RA1"], shown["RA4"]}) == 3
    node = next(
        edge["node"]
        for edge in first["data"]["referrals"]["edges"]
        if edge["node"]["id"] == "RA1"
    )
    assert node["participant"]["id"] == shown["RA1"]
    enrolled = [e for e in node["participant"]["journey"] if e["kind"] == "enrolled"]
    assert enrolled == [{"kind": "enrolled", "recordId": shown["RA1"]}]
    activity_ids = {
        edge["node"]["id"]: edge["node"]["participantId"]
        for edge in first["data"]["activities"]["edges"]
    }
    assert activity_ids["KA1"] == shown["RA1"]
    assert mentions_hidden(first, tuple(PERSONAL_VALUES)) == []


def test_pseudonyms_differ_between_partnerships(eastbank, tmp_path):
    other = load_eastbank("sqlite:///" + str(tmp_path / "other.db"))

    ours = pseudonyms_by_referral(eastbank.query("facilitator", PSEUDONYMS))
    theirs = pseudonyms_by_referral(other.query("facilitator", PSEUDONYMS))

    assert ours["RA1"] != theirs["RA1"]


def test_facilitator_cannot_look_people_up_by_id(eastbank):
    body = eastbank.query(
        "facilitator",
        '{ participant(id: "A1") { id } '
        'referrals(participantId: "A1", first: 5) { totalCount } }',
    )

    assert sorted(path[0] for path in forbidden_paths(body)) == [
        "participant",
        "referrals",
    ]


# Consent.


def test_withdrawn_consent_stops_sharing_at_once(eastbank):
    before = eastbank.query("facilitator", PSEUDONYMS)
    assert pseudonyms_by_referral(before)["RA1"] is not None
    assert "errors" not in eastbank.query("partner", '{ participant(id: "A1") { id } }')

    withdrawn = eastbank.query(
        "partner of A",
        'mutation { updateParticipant(input: {id: "A1", consentToShare: false}) '
        "{ ... on Participant { consentToShare consentRecordedOn "
        "consentRecordedBy } } }",
    )

    recorded = withdrawn["data"]["updateParticipant"]
    assert recorded["consentToShare"] is False
    assert recorded["consentRecordedOn"] == date.today().isoformat()
    assert recorded["consentRecordedBy"] not in (None, "import")
    after = eastbank.query("facilitator", PSEUDONYMS)
    assert pseudonyms_by_referral(after)["RA1"] is None
    hidden = eastbank.query("partner", '{ participant(id: "A1") { id } }')
    assert forbidden_paths(hidden) == [["participant"]]


def test_no_field_names_users_or_tokens(eastbank):
    body = eastbank.query("partner", "{ __schema { types { name fields { name } } } }")

    types = body["data"]["__schema"]["types"]
    assert "User" not in [t["name"] for t in types]
    fields = [f["name"].lower() for t in types for f in t["fields"] or ()]
    assert [name for name in fields if "token" in name or "hash" in name] == []


@pytest.mark.parametrize("user", ["admin", "partner", "facilitator", "funder"])
def test_explorer_sample_query_runs_for_every_role(eastbank, user):
    body = eastbank.query(user, SAMPLE_QUERY)

    assert "errors" not in body
    assert len(body["data"]["partners"]) == 3


@pytest.mark.parametrize("kind", ["referrals", "activities", "outcomes"])
def test_filter_on_hidden_participant_is_refused(eastbank, kind):
    # A2 did not consent: B sees its referral RA2 and activity KA2, but not
    # whom they are about, so filtering on A2 must not link them.
    hidden = eastbank.query(
        "partner", f'{{ {kind}(participantId: "A2", first: 5) {{ totalCount }} }}'
    )
    unknown = eastbank.query(
        "partner", f'{{ {kind}(participantId: "ZZ9", first: 5) {{ totalCount }} }}'
    )

    assert hidden["data"] == unknown["data"] == {kind: None}
    assert hidden["errors"][0]["message"] == unknown["errors"][0]["message"]


def test_filter_on_a_participant_is_audited(eastbank):
    eastbank.query(
        "partner", '{ referrals(participantId: "B1", first: 5) { totalCount } }'
    )

    log = eastbank.query(
        "admin", '{ auditLog(recordId: "B1") { role operation kind } }'
    )

    assert {"role": "partner", "operation": "read", "kind": "participants"} in log[
        "data"
    ]["auditLog"]
