"""Every Cypher statement the Neo4j store runs.

Each statement is a fixed text with parameters, or, for the pages of a
list, joined from fixed texts according to which filters are set. Labels
and relationship types are written out, never taken from input. The graph
model:

    (:Participant)-[:ENROLLED_BY]->(:Partner)
    (:Referral)-[:FOR]->(:Participant)
    (:Referral)-[:FROM]->(:Partner)
    (:Referral)-[:TO]->(:Partner or :Employer)
    (:Activity)-[:FOR]->(:Participant)
    (:Activity)-[:BY]->(:Partner)
    (:Outcome)-[:FOR]->(:Participant)
    (:Outcome)-[:CREDITED_TO]->(:Partner)
    (:Outcome)-[:AT]->(:Employer)
    (:Settings {key, value})

Links are relationships only: a participant node has no ``partner_id``
property, and reads project the linked node's id back into the record.
"""

from __future__ import annotations

from typing import Any

# Schema: uniqueness of every id, and the indexes the reads filter on.
SCHEMA = (
    "CREATE CONSTRAINT partner_id IF NOT EXISTS FOR (n:Partner) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT employer_id IF NOT EXISTS "
    "FOR (n:Employer) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT participant_id IF NOT EXISTS "
    "FOR (n:Participant) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT referral_id IF NOT EXISTS "
    "FOR (n:Referral) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT activity_id IF NOT EXISTS "
    "FOR (n:Activity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT outcome_id IF NOT EXISTS FOR (n:Outcome) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT settings_key IF NOT EXISTS "
    "FOR (n:Settings) REQUIRE n.key IS UNIQUE",
    "CREATE INDEX referral_referred_on IF NOT EXISTS "
    "FOR (n:Referral) ON (n.referred_on)",
    "CREATE INDEX referral_status IF NOT EXISTS FOR (n:Referral) ON (n.status)",
    "CREATE INDEX participant_enrolled_on IF NOT EXISTS "
    "FOR (n:Participant) ON (n.enrolled_on)",
    "CREATE INDEX activity_occurred_on IF NOT EXISTS "
    "FOR (n:Activity) ON (n.occurred_on)",
    "CREATE INDEX outcome_achieved_on IF NOT EXISTS FOR (n:Outcome) ON (n.achieved_on)",
    "CREATE INDEX referral_status_on IF NOT EXISTS FOR (n:Referral) ON (n.status_on)",
    "CREATE CONSTRAINT user_id IF NOT EXISTS FOR (n:User) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT user_token_hash IF NOT EXISTS "
    "FOR (n:User) REQUIRE n.token_hash IS UNIQUE",
    "CREATE INDEX audit_entry_at IF NOT EXISTS FOR (n:AuditEntry) ON (n.at)",
    "CREATE INDEX audit_entry_sequence IF NOT EXISTS "
    "FOR (n:AuditEntry) ON (n.sequence)",
)
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# Changes to stored data that the schema step makes once per database. Each
# first creates its Settings node, whose write lock makes a second process
# wait, and does nothing when the node already existed.
MIGRATIONS = (
    # Participants written before the consent recording fields existed get
    # the values that the SQLite migration gives its old rows: the
    # enrolment date, and 'import' (graph.rules.IMPORT_RECORDER). A
    # participant saved later without them keeps them empty, as in SQLite.
    """
    MERGE (step:Settings {key: 'migration:consent_recorded'})
    ON CREATE SET step.value = 'new'
    WITH step WHERE step.value = 'new'
    CALL (step) {
        MATCH (n:Participant)
        WHERE n.consent_recorded_on IS NULL
        SET n.consent_recorded_on = n.enrolled_on,
            n.consent_recorded_by = coalesce(n.consent_recorded_by, 'import')
    }
    SET step.value = 'done'
    """,
)

# Users stand outside the partnership graph: a partner user's organisation
# is the property partner_id, not a relationship.
SAVE_USER = "MERGE (n:User {id: $id}) SET n = $properties"
USER_BY_ID = "MATCH (n:User {id: $id}) RETURN n {.*} AS user"
USER_BY_TOKEN_HASH = "MATCH (n:User {token_hash: $token_hash}) RETURN n {.*} AS user"
ALL_USERS = "MATCH (n:User) RETURN n {.*} AS user ORDER BY n.created_at, n.id"

# Erasure: the participant and everything of theirs, counted by kind.
ERASE_PARTICIPANT = """
    MATCH (p:Participant {id: $id})
    OPTIONAL MATCH (p)<-[:FOR]-(n)
    WITH p, n, labels(n)[0] AS label
    WITH p, label, collect(n) AS records
    CALL (records) {
        UNWIND records AS record
        DETACH DELETE record
    }
    WITH p, collect({label: label, count: size(records)}) AS counts
    DETACH DELETE p
    RETURN counts
"""

# The audit log. A counter node numbers the entries in the order they were
# appended; its write lock makes concurrent appends take turns.
APPEND_AUDIT = """
    MERGE (counter:Settings {key: 'audit_sequence'})
    SET counter.value = coalesce(counter.value, 0) + size($rows)
    WITH counter.value - size($rows) AS first
    UNWIND range(0, size($rows) - 1) AS i
    CREATE (n:AuditEntry)
    SET n = $rows[i], n.sequence = first + i + 1
"""
AUDIT_ENTRIES = """
    MATCH (n:AuditEntry)
    WHERE ($since IS NULL OR n.at >= $since)
      AND ($user_id IS NULL OR n.user_id = $user_id)
      AND ($record_id IS NULL OR $record_id IN n.record_ids)
    RETURN n {.*} AS entry
    ORDER BY n.at, n.sequence
    LIMIT $limit
"""
AUDIT_LOG = """
    MATCH (n:AuditEntry)
    WHERE n.sequence > $after
    RETURN n {.*} AS entry
    ORDER BY n.sequence
    LIMIT $limit
"""

# Configuration

LOAD_SETTING = "MATCH (n:Settings {key: $key}) RETURN n.value AS value"
SAVE_SETTING = "MERGE (n:Settings {key: $key}) SET n.value = $value"
KEEP_SECRET = """
MERGE (n:Settings {key: $key})
ON CREATE SET n.value = $value
RETURN n.value AS value
"""
ALL_SECRETS = """
MATCH (n:Settings)
WHERE n.key STARTS WITH $prefix
RETURN n.key AS key, n.value AS value
"""

# Upserts. Each takes $rows, a list of {id, properties, <link ids>}, and
# returns how many rows it wrote: a row whose linked node is missing is
# not written, and the store turns the shortfall into an error.

UPSERT = {
    "partners": """
        UNWIND $rows AS row
        MERGE (n:Partner {id: row.id})
        SET n = row.properties
        RETURN count(n) AS written
    """,
    "employers": """
        UNWIND $rows AS row
        MERGE (n:Employer {id: row.id})
        SET n = row.properties
        RETURN count(n) AS written
    """,
    "participants": """
        UNWIND $rows AS row
        MATCH (partner:Partner {id: row.partner_id})
        MERGE (n:Participant {id: row.id})
        SET n = row.properties
        WITH n, partner
        CALL (n) {
            MATCH (n)-[old:ENROLLED_BY]->()
            DELETE old
        }
        CREATE (n)-[:ENROLLED_BY]->(partner)
        RETURN count(n) AS written
    """,
    "referrals": """
        UNWIND $rows AS row
        MATCH (participant:Participant {id: row.participant_id})
        MATCH (sender:Partner {id: row.from_partner_id})
        OPTIONAL MATCH (to_partner:Partner {id: row.to_partner_id})
        OPTIONAL MATCH (to_employer:Employer {id: row.to_employer_id})
        WITH row, participant, sender, coalesce(to_partner, to_employer) AS receiver
        WHERE receiver IS NOT NULL
        MERGE (n:Referral {id: row.id})
        SET n = row.properties
        WITH n, participant, sender, receiver
        CALL (n) {
            MATCH (n)-[old:FOR|FROM|TO]->()
            DELETE old
        }
        CREATE (n)-[:FOR]->(participant),
               (n)-[:FROM]->(sender),
               (n)-[:TO]->(receiver)
        RETURN count(n) AS written
    """,
    "activities": """
        UNWIND $rows AS row
        MATCH (participant:Participant {id: row.participant_id})
        MATCH (partner:Partner {id: row.partner_id})
        MERGE (n:Activity {id: row.id})
        SET n = row.properties
        WITH n, participant, partner
        CALL (n) {
            MATCH (n)-[old:FOR|BY]->()
            DELETE old
        }
        CREATE (n)-[:FOR]->(participant), (n)-[:BY]->(partner)
        RETURN count(n) AS written
    """,
    "outcomes": """
        UNWIND $rows AS row
        MATCH (participant:Participant {id: row.participant_id})
        MATCH (partner:Partner {id: row.partner_id})
        OPTIONAL MATCH (employer:Employer {id: row.employer_id})
        WITH row, participant, partner, employer
        WHERE row.employer_id IS NULL OR employer IS NOT NULL
        MERGE (n:Outcome {id: row.id})
        SET n = row.properties
        WITH n, participant, partner, employer
        CALL (n) {
            MATCH (n)-[old:FOR|CREDITED_TO|AT]->()
            DELETE old
        }
        CREATE (n)-[:FOR]->(participant), (n)-[:CREDITED_TO]->(partner)
        WITH n, employer
        CALL (n, employer) {
            WITH n, employer WHERE employer IS NOT NULL
            CREATE (n)-[:AT]->(employer)
        }
        RETURN count(n) AS written
    """,
}

# Writes the new status only while the referral still has $expected. The
# first SET takes the node's write lock, so the status read after it is
# the committed one and two concurrent decisions cannot both pass.
# The import gate. Every write transaction first takes the write lock of
# one Settings node, so it either commits before a batched import marks the
# gate, or finds the mark and stops. A mark whose import has been silent
# for $stale_seconds belongs to an import that died, and no longer counts.
ENTER_GATE = """
    MERGE (gate:Settings {key: 'import'})
    SET gate.gate_lock = true
    REMOVE gate.gate_lock
    WITH gate,
         gate.import_id IS NOT NULL
         AND gate.active_at > datetime() - duration({seconds: $stale_seconds})
         AS running
    SET gate.active_at = CASE
        WHEN running AND gate.import_id = $import_id THEN datetime()
        ELSE gate.active_at END
    RETURN running AND gate.import_id <> coalesce($import_id, '') AS blocked,
           gate.started_at AS started_at,
           gate.active_at AS active_at
"""
MARK_GATE = """
    MATCH (gate:Settings {key: 'import'})
    SET gate.import_id = $import_id,
        gate.started_at = datetime(),
        gate.active_at = datetime()
"""
CLEAR_GATE = """
    MATCH (gate:Settings {key: 'import'})
    WHERE gate.import_id = $import_id
    REMOVE gate.import_id, gate.started_at, gate.active_at
"""

CHANGE_REFERRAL_STATUS = """
    MATCH (n:Referral {id: $id})
    SET n.status_lock = true
    REMOVE n.status_lock
    WITH n WHERE n.status = $expected
    SET n.status = $status, n.status_on = $status_on, n.reason = $reason
    RETURN count(n) AS changed
"""

# Reads. Each projection returns one map per record, with the ids of the
# linked nodes under the model's field names.

_PARTICIPANT = "n {.*, partner_id: partner.id}"
_REFERRAL = """n {.*,
    participant_id: participant.id,
    from_partner_id: sender.id,
    to_partner_id: CASE WHEN receiver:Partner THEN receiver.id END,
    to_employer_id: CASE WHEN receiver:Employer THEN receiver.id END}"""
_ACTIVITY = "n {.*, participant_id: participant.id, partner_id: partner.id}"
_OUTCOME = """n {.*, participant_id: participant.id, partner_id: partner.id,
    employer_id: employer.id}"""

_LABEL = {
    "partners": "Partner",
    "employers": "Employer",
    "participants": "Participant",
    "referrals": "Referral",
    "activities": "Activity",
    "outcomes": "Outcome",
}
# The linked nodes of a bound ``n``, named as the projections expect.
_LINKS = {
    "partners": "",
    "employers": "",
    "participants": "MATCH (n)-[:ENROLLED_BY]->(partner:Partner)",
    "referrals": """MATCH (n)-[:FOR]->(participant:Participant),
        (n)-[:FROM]->(sender:Partner), (n)-[:TO]->(receiver)""",
    "activities": """MATCH (n)-[:FOR]->(participant:Participant),
        (n)-[:BY]->(partner:Partner)""",
    "outcomes": """MATCH (n)-[:FOR]->(participant:Participant),
        (n)-[:CREDITED_TO]->(partner:Partner)
        OPTIONAL MATCH (n)-[:AT]->(employer:Employer)""",
}
_PROJECTION = {
    "partners": "n {.*}",
    "employers": "n {.*}",
    "participants": _PARTICIPANT,
    "referrals": _REFERRAL,
    "activities": _ACTIVITY,
    "outcomes": _OUTCOME,
}
KINDS = tuple(_LABEL)

BY_IDS = {
    kind: f"""
        UNWIND $ids AS wanted
        MATCH (n:{_LABEL[kind]} {{id: wanted}})
        {_LINKS[kind]}
        RETURN {_PROJECTION[kind]} AS record
    """
    for kind in KINDS
}
EXISTING_IDS = {
    kind: f"MATCH (n:{_LABEL[kind]}) WHERE n.id IN $ids RETURN n.id AS id"
    for kind in KINDS
}
DELETE_BY_IDS = {
    kind: f"UNWIND $ids AS wanted MATCH (n:{_LABEL[kind]} {{id: wanted}}) "
    "DETACH DELETE n"
    for kind in KINDS
}
COUNT = {kind: f"MATCH (n:{_LABEL[kind]}) RETURN count(n) AS count" for kind in KINDS}
ALL = {
    kind: f"MATCH (n:{_LABEL[kind]}) RETURN n {{.*}} AS record ORDER BY n.id"
    for kind in ("partners", "employers")
}

# The date property that the date orders and windows of each list use.
_DAY = {
    "participants": "enrolled_on",
    "referrals": "referred_on",
    "activities": "occurred_on",
    "outcomes": "achieved_on",
}


# The condition each filter parameter adds to a list, by kind. A list's
# WHERE joins those of the parameters that are set, as on SQLite, because
# a "($x IS NULL OR ...)" form keeps the planner from seeking an index or
# reading one in order, so every page scanned and sorted the whole label.
# Node conditions test ``n``, and link conditions test the nodes that
# ``_LINKS`` matches.
_NODE_CONDITIONS: dict[str, dict[str, str]] = {
    "participants": {
        "consent_to_share": "coalesce(n.consent_to_share, false) = $consent_to_share",
    },
    "referrals": {"status": "n.status = $status"},
    "activities": {"type": "n.type = $type", "stage": "n.stage = $stage"},
    "outcomes": {"type": "n.type = $type"},
}
for _kind, _by_name in _NODE_CONDITIONS.items():
    _by_name["since"] = f"n.{_DAY[_kind]} >= $since"
    _by_name["until"] = f"n.{_DAY[_kind]} <= $until"

_LINK_CONDITIONS: dict[str, dict[str, str]] = {
    "participants": {"partner_id": "partner.id = $partner_id"},
    "referrals": {
        "from_partner_id": "sender.id = $from_partner_id",
        "to_partner_id": "receiver:Partner AND receiver.id = $to_partner_id",
        "to_employer_id": "receiver:Employer AND receiver.id = $to_employer_id",
        "partner_id": "(sender.id = $partner_id "
        "OR (receiver:Partner AND receiver.id = $partner_id))",
        "participant_id": "participant.id = $participant_id",
    },
    "activities": {
        "participant_id": "participant.id = $participant_id",
        "partner_id": "partner.id = $partner_id",
    },
    "outcomes": {
        "participant_id": "participant.id = $participant_id",
        "partner_id": "partner.id = $partner_id",
        "employer_id": "employer.id = $employer_id",
    },
}


def _set_conditions(table: dict[str, str], parameters: dict[str, Any]) -> list[str]:
    return [
        condition
        for name, condition in table.items()
        if parameters.get(name) is not None
    ]


# The start of each list at the node a filter names, followed through its
# relationship, in place of a scan of every node of the label. The first
# filter set, in this order, picks the start, and the conditions above
# still apply.
ANCHORS: dict[str, dict[str, str]] = {
    "participants": {
        "partner_id": "(:Partner {id: $partner_id})<-[:ENROLLED_BY]-(n:Participant)",
    },
    "referrals": {
        "participant_id": "(:Participant {id: $participant_id})<-[:FOR]-(n:Referral)",
        "to_partner_id": "(:Partner {id: $to_partner_id})<-[:TO]-(n:Referral)",
        "from_partner_id": "(:Partner {id: $from_partner_id})<-[:FROM]-(n:Referral)",
        "to_employer_id": "(:Employer {id: $to_employer_id})<-[:TO]-(n:Referral)",
        "partner_id": "(:Partner {id: $partner_id})<-[:FROM|TO]-(n:Referral)",
    },
    "activities": {
        "participant_id": "(:Participant {id: $participant_id})<-[:FOR]-(n:Activity)",
        "partner_id": "(:Partner {id: $partner_id})<-[:BY]-(n:Activity)",
    },
    "outcomes": {
        "participant_id": "(:Participant {id: $participant_id})<-[:FOR]-(n:Outcome)",
        "partner_id": "(:Partner {id: $partner_id})<-[:CREDITED_TO]-(n:Outcome)",
        "employer_id": "(:Employer {id: $employer_id})<-[:AT]-(n:Outcome)",
    },
}


def _start(kind: str, parameters: dict[str, Any], conditions: list[str]) -> str:
    """Return the MATCH of a list's ``n`` with the ``conditions`` on it."""
    start = next(
        (name for name in ANCHORS[kind] if parameters.get(name) is not None), None
    )
    if start is None:
        match = f"MATCH (n:{_LABEL[kind]})"
    else:
        # DISTINCT, because a referral's FROM and TO could both reach one
        # partner.
        match = f"MATCH {ANCHORS[kind][start]} WITH DISTINCT n"
    if not conditions:
        return match
    return f"{match} WHERE {' AND '.join(conditions)}"


def _links(kind: str, parameters: dict[str, Any]) -> str:
    """Return the links of ``n`` and the link conditions that are set."""
    conditions = _set_conditions(_LINK_CONDITIONS[kind], parameters)
    if not conditions:
        return _LINKS[kind]
    # ``WITH *`` ends the links, so the conditions filter rows rather than
    # the outcome's OPTIONAL MATCH of its employer.
    return f"""{_LINKS[kind]}
        WITH *
        WHERE {" AND ".join(conditions)}"""


def page_count(kind: str, parameters: dict[str, Any]) -> str:
    """Return the statement that counts the ``kind`` list of ``parameters``.

    Only the conditions of the parameters that are set appear in it.
    Without a link condition the count skips the links, because the upserts
    give every record node exactly one node for each link it must have.
    Then an unfiltered list reads Neo4j's count store, and a date window
    counts entries of the date index.
    """
    start = _start(
        kind, parameters, _set_conditions(_NODE_CONDITIONS[kind], parameters)
    )
    if _set_conditions(_LINK_CONDITIONS[kind], parameters):
        start = f"{start}\n        {_links(kind, parameters)}"
    return f"{start}\n        RETURN count(n) AS count"


# The date of the record that a date-ordered page continues after.
DAY_OF = {
    kind: f"MATCH (n:{_LABEL[kind]} {{id: $after}}) RETURN n.{day} AS day"
    for kind, day in _DAY.items()
}


def page(kind: str, order: str, parameters: dict[str, Any], after: bool) -> str:
    """Return the statement of one page of the ``kind`` list in ``order``.

    ``after`` is true when the page continues after a cursor record.
    $limit is one more than the page size, to tell whether a page follows.
    """
    # Each form lets the planner read the id index, or the date index with
    # ties sorted by id, from the cursor in order, and stop at $limit. The
    # first page has no cursor, so it tests that the id or date is set,
    # which the model requires of every record, to get the same ordered
    # read. In a date order the cursor's position is ($after_on, $after),
    # so records on the cursor's day continue by id.
    day = f"n.{_DAY[kind]}"
    if order == "id":
        position = "n.id > $after" if after else "n.id IS NOT NULL"
        order_by = "n.id"
    elif order == "oldest":
        position = (
            f"{day} >= $after_on AND ({day} > $after_on OR n.id > $after)"
            if after
            else f"{day} IS NOT NULL"
        )
        order_by = f"{day}, n.id"
    else:
        position = (
            f"{day} <= $after_on AND ({day} < $after_on OR n.id < $after)"
            if after
            else f"{day} IS NOT NULL"
        )
        order_by = f"{day} DESC, n.id DESC"
    conditions = [*_set_conditions(_NODE_CONDITIONS[kind], parameters), position]
    return f"""{_start(kind, parameters, conditions)}
        {_links(kind, parameters)}
        RETURN {_PROJECTION[kind]} AS record
        ORDER BY {order_by} LIMIT $limit"""


FOR_PARTICIPANTS = {
    kind: f"""
        UNWIND $ids AS wanted
        MATCH (:Participant {{id: wanted}})<-[:FOR]-(n:{_LABEL[kind]})
        {_LINKS[kind]}
        RETURN {_PROJECTION[kind]} AS record
        ORDER BY n.{_DAY[kind]}, n.id"""
    for kind in ("referrals", "activities", "outcomes")
}

# The activity feed. Each arm yields the events of one kind of record with
# their date as ``day`` and keeps its newest $limit. Only those get their
# links matched, and the merged arms are cut to $limit again. An event
# follows the cursor event ($before_on, $before_kind, $before_id) when its
# (day, kind, id) is smaller. A referral's status event exists for a status
# in $statuses once the status has a date.

_FEED_WHERE = """($since IS NULL OR day >= $since)
        AND ($before_on IS NULL OR day < $before_on
             OR (day = $before_on AND (kind < $before_kind
                 OR (kind = $before_kind AND n.id < $before_id))))"""


def _feed_arm(kind: str, match: str, day: str, event_kind: str) -> str:
    return f"""
        {match}
        WITH n, {day} AS day, {event_kind} AS kind
        WHERE {_FEED_WHERE}
        WITH n, day, kind ORDER BY day DESC, kind DESC, n.id DESC LIMIT $limit
        {_LINKS[kind]}
        RETURN day, kind, n.id AS record_id, '{kind}' AS source,
               {_PROJECTION[kind]} AS record"""


_FEED_ARMS = (
    _feed_arm("referrals", "MATCH (n:Referral)", "n.referred_on", "'referral_made'"),
    _feed_arm(
        "referrals",
        "MATCH (n:Referral) WHERE n.status_on IS NOT NULL AND n.status IN $statuses",
        "n.status_on",
        "'referral_' + n.status",
    ),
    _feed_arm("activities", "MATCH (n:Activity)", "n.occurred_on", "'activity'"),
    _feed_arm("outcomes", "MATCH (n:Outcome)", "n.achieved_on", "'outcome'"),
)
RECENT_EVENTS = (
    "CALL () {"
    + "\n        UNION ALL".join(_FEED_ARMS)
    + """
    }
    RETURN day, kind, record_id, source, record
    ORDER BY day DESC, kind DESC, record_id DESC
    LIMIT $limit"""
)

# Aggregates for analyses. Windows are inclusive; a null bound is open.


def _in_window(day: str) -> str:
    return (
        f"(($since IS NULL OR {day} >= $since) AND ($until IS NULL OR {day} <= $until))"
    )


REFERRAL_COUNTS = f"""
    MATCH (sender:Partner)<-[:FROM]-(n:Referral)-[:TO]->(receiver)
    WHERE {_in_window("n.referred_on")}
    RETURN sender.id AS from_partner_id,
           receiver.id AS to_id,
           CASE WHEN receiver:Partner THEN 'partner' ELSE 'employer' END AS to_kind,
           n.status AS status,
           count(n) AS count
    ORDER BY from_partner_id, to_id, to_kind, status
"""

REFERRAL_OUTCOMES = f"""
    MATCH (sender:Partner)<-[:FROM]-(n:Referral)-[:TO]->(receiver),
          (n)-[:FOR]->(person:Participant)
    WHERE {_in_window("n.referred_on")}
    WITH sender.id AS from_partner_id, receiver.id AS to_id,
         CASE WHEN receiver:Partner THEN 'partner' ELSE 'employer' END AS to_kind,
         person, n.referred_on AS referred_on
    CALL (person, referred_on) {{
        RETURN null AS outcome_type
        UNION
        MATCH (person)<-[:FOR]-(o:Outcome)
        WHERE o.achieved_on >= referred_on
        RETURN DISTINCT o.type AS outcome_type
    }}
    RETURN from_partner_id, to_id, to_kind, outcome_type,
           count(DISTINCT person) AS participants
"""

# An earlier referral is one made before, or on the same day with a lower
# id, as on SQLite.
REFERRAL_CHAINS = f"""
    MATCH (sender:Partner)<-[:FROM]-(n:Referral)-[:TO]->(receiver:Partner),
          (n)-[:FOR]->(person:Participant)
    WHERE {_in_window("n.referred_on")}
    WITH sender, receiver, n, person,
         EXISTS {{
             MATCH (person)<-[:FOR]-(earlier:Referral)-[:TO]->(sender)
             WHERE earlier.referred_on < n.referred_on
                OR (earlier.referred_on = n.referred_on AND earlier.id < n.id)
         }} AS onward,
         EXISTS {{
             MATCH (receiver)<-[:FROM]-(earlier:Referral)-[:TO]->(sender),
                   (earlier)-[:FOR]->(person)
             WHERE earlier.referred_on < n.referred_on
                OR (earlier.referred_on = n.referred_on AND earlier.id < n.id)
         }} AS back
    WITH sender.id AS from_partner_id, receiver.id AS to_partner_id,
         sum(CASE WHEN onward THEN 1 ELSE 0 END) AS onward,
         sum(CASE WHEN back THEN 1 ELSE 0 END) AS back
    WHERE onward > 0 OR back > 0
    RETURN from_partner_id, to_partner_id, onward, back
    ORDER BY from_partner_id, to_partner_id
"""

REFERRAL_DURATIONS = f"""
    MATCH (sender:Partner)<-[:FROM]-(n:Referral)-[:TO]->(receiver)
    WHERE {_in_window("n.referred_on")}
    WITH sender.id AS from_partner_id,
         receiver.id AS to_id,
         CASE WHEN receiver:Partner THEN 'partner' ELSE 'employer' END AS to_kind,
         n.status AS status,
         CASE WHEN n.status = 'made' OR n.status_on IS NULL THEN null
              ELSE duration.inDays(n.referred_on, n.status_on).days END AS days,
         CASE WHEN n.status = 'made' THEN n.referred_on END AS referred_on
    RETURN from_partner_id, to_id, to_kind, status, days, referred_on,
           count(*) AS count
    ORDER BY from_partner_id, to_id, status, days, referred_on
"""

# The partners a participant worked with in the window: enrolment, either
# end of a referral between partners, an activity or an outcome.
_PARTNERS_OF_PARTICIPANT = f"""
    CALL (p) {{
        MATCH (p)-[:ENROLLED_BY]->(partner:Partner)
        WHERE {_in_window("p.enrolled_on")}
        RETURN partner
        UNION
        MATCH (p)<-[:FOR]-(r:Referral)-[:FROM|TO]->(partner:Partner)
        WHERE {_in_window("r.referred_on")}
        RETURN partner
        UNION
        MATCH (p)<-[:FOR]-(a:Activity)-[:BY]->(partner:Partner)
        WHERE {_in_window("a.occurred_on")}
        RETURN partner
        UNION
        MATCH (p)<-[:FOR]-(o:Outcome)-[:CREDITED_TO]->(partner:Partner)
        WHERE {_in_window("o.achieved_on")}
        RETURN partner
    }}
"""

SHARED_PARTICIPANTS = f"""
    MATCH (p:Participant)
    {_PARTNERS_OF_PARTICIPANT}
    WITH p, collect(partner.id) AS partners
    WHERE size(partners) > 1
    WITH partners, EXISTS {{
        MATCH (p)<-[:FOR]-(o:Outcome)
        WHERE {_in_window("o.achieved_on")}
    }} AS achieved
    UNWIND partners AS partner_a
    UNWIND partners AS partner_b
    WITH partner_a, partner_b, achieved WHERE partner_a < partner_b
    RETURN partner_a, partner_b, count(*) AS count,
           sum(CASE WHEN achieved THEN 1 ELSE 0 END) AS with_outcome
    ORDER BY partner_a, partner_b
"""

LAST_REFERRALS = f"""
    MATCH (sender:Partner)<-[:FROM]-(n:Referral)-[:TO]->(receiver:Partner)
    WHERE sender.id <> receiver.id AND {_in_window("n.referred_on")}
    WITH CASE WHEN sender.id < receiver.id THEN sender.id ELSE receiver.id END
             AS partner_a,
         CASE WHEN sender.id < receiver.id THEN receiver.id ELSE sender.id END
             AS partner_b,
         n.referred_on AS referred_on
    RETURN partner_a, partner_b, max(referred_on) AS referred_on
    ORDER BY partner_a, partner_b
"""

PARTNER_REACH = f"""
    MATCH (p:Participant)
    {_PARTNERS_OF_PARTICIPANT}
    WITH partner.id AS partner_id, count(p) AS participants
    WITH collect([partner_id, participants]) AS reached
    MATCH (partner:Partner)
    WITH partner, [pair IN reached WHERE pair[0] = partner.id] AS found
    RETURN partner.id AS partner_id,
           CASE WHEN size(found) = 0 THEN 0 ELSE found[0][1] END AS participants
    ORDER BY partner_id
"""

OUTCOME_COUNTS = f"""
    CALL () {{
        MATCH (p:Participant)<-[:FOR]-(o:Outcome)-[:CREDITED_TO]->(partner:Partner)
        WHERE {_in_window("o.achieved_on")}
        RETURN partner.id AS partner_id, o.type AS type,
               count(DISTINCT p) AS participants, count(o) AS outcomes
        UNION ALL
        MATCH (p:Participant)<-[:FOR]-(o:Outcome)
        WHERE {_in_window("o.achieved_on")}
        RETURN null AS partner_id, o.type AS type,
               count(DISTINCT p) AS participants, count(o) AS outcomes
    }}
    RETURN partner_id, type, participants, outcomes
    ORDER BY partner_id IS NULL, partner_id, type
"""

# Supporting partners are the enrolling partner plus every partner with an
# activity for the participant. Neither a referral nor recording an outcome
# is support, as in the SQLite store.
# Each CALL ends in an aggregate without a grouping key, so it returns one
# row even for a participant with no activities or outcomes.
JOURNEY_MILESTONES = f"""
    MATCH (p:Participant)
    WHERE {_in_window("p.enrolled_on")}
    CALL (p) {{
        CALL (p) {{
            MATCH (p)-[:ENROLLED_BY]->(partner:Partner)
            RETURN partner
            UNION
            MATCH (p)<-[:FOR]-(:Activity)-[:BY]->(partner:Partner)
            RETURN partner
        }}
        RETURN count(partner) AS partners
    }}
    CALL (p) {{
        OPTIONAL MATCH (p)<-[:FOR]-(a:Activity)
        WHERE a.stage IS NOT NULL
        WITH a.stage AS stage, min(a.occurred_on) AS first_day
        WHERE stage IS NOT NULL
        RETURN collect([stage, first_day]) AS stages
    }}
    CALL (p) {{
        OPTIONAL MATCH (p)<-[:FOR]-(o:Outcome)
        WITH o.type AS type, min(o.achieved_on) AS first_day
        WHERE type IS NOT NULL
        RETURN collect([type, first_day]) AS outcomes
    }}
    RETURN p.enrolled_on AS enrolled_on, stages, outcomes, partners
    ORDER BY p.enrolled_on, p.id
"""

DELETE_EVERYTHING = "MATCH (n) DETACH DELETE n"
