"""Aggregate queries the analyses read, computed by SQLite.

Each window is inclusive at both ends; a NULL bound leaves that end open.
ISO date text sorts in date order, so the comparisons are on text.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date

from graph.store import (
    JourneyMilestones,
    LastReferral,
    OutcomeCount,
    PartnerReach,
    ReferralChain,
    ReferralCount,
    ReferralDuration,
    ReferralOutcome,
    SharedParticipants,
)

_REFERRAL_COUNTS = """
SELECT from_partner_id,
       COALESCE(to_partner_id, to_employer_id) AS to_id,
       CASE WHEN to_partner_id IS NULL THEN 'employer' ELSE 'partner' END
           AS to_kind,
       status,
       COUNT(*) AS referrals
FROM referrals
WHERE (:since IS NULL OR referred_on >= :since)
  AND (:until IS NULL OR referred_on <= :until)
GROUP BY from_partner_id, to_id, to_kind, status
ORDER BY from_partner_id, to_id, status
"""

_REFERRAL_DURATIONS = """
SELECT from_partner_id,
       COALESCE(to_partner_id, to_employer_id) AS to_id,
       CASE WHEN to_partner_id IS NULL THEN 'employer' ELSE 'partner' END
           AS to_kind,
       status,
       CASE WHEN status = 'made' OR status_on IS NULL THEN NULL
            ELSE CAST(julianday(status_on) - julianday(referred_on) AS INTEGER)
       END AS days,
       CASE WHEN status = 'made' THEN referred_on END AS referred_on,
       COUNT(*) AS referrals
FROM referrals
WHERE (:since IS NULL OR referred_on >= :since)
  AND (:until IS NULL OR referred_on <= :until)
GROUP BY from_partner_id, to_id, to_kind, status, days, referred_on
ORDER BY from_partner_id, to_id, status, days, referred_on
"""

_REFERRAL_OUTCOMES = """
WITH referred AS (
    SELECT from_partner_id,
           COALESCE(to_partner_id, to_employer_id) AS to_id,
           CASE WHEN to_partner_id IS NULL THEN 'employer' ELSE 'partner' END
               AS to_kind,
           participant_id,
           referred_on
    FROM referrals
    WHERE (:since IS NULL OR referred_on >= :since)
      AND (:until IS NULL OR referred_on <= :until)
)
SELECT from_partner_id, to_id, to_kind, NULL AS outcome_type,
       COUNT(DISTINCT participant_id) AS participants
FROM referred
GROUP BY from_partner_id, to_id, to_kind
UNION ALL
SELECT referred.from_partner_id, referred.to_id, referred.to_kind,
       outcomes.type, COUNT(DISTINCT referred.participant_id)
FROM referred
JOIN outcomes ON outcomes.participant_id = referred.participant_id
             AND outcomes.achieved_on >= referred.referred_on
GROUP BY referred.from_partner_id, referred.to_id, referred.to_kind,
         outcomes.type
"""

# An earlier referral is one made before, or on the same day with a lower
# id, so two referrals of one day are ordered the same way on every store.
_REFERRAL_CHAINS = """
SELECT later.from_partner_id,
       later.to_partner_id,
       SUM(EXISTS (
           SELECT 1 FROM referrals AS earlier
           WHERE earlier.participant_id = later.participant_id
             AND earlier.to_partner_id = later.from_partner_id
             AND (earlier.referred_on < later.referred_on
                  OR (earlier.referred_on = later.referred_on
                      AND earlier.id < later.id))
       )) AS onward,
       SUM(EXISTS (
           SELECT 1 FROM referrals AS earlier
           WHERE earlier.participant_id = later.participant_id
             AND earlier.from_partner_id = later.to_partner_id
             AND earlier.to_partner_id = later.from_partner_id
             AND (earlier.referred_on < later.referred_on
                  OR (earlier.referred_on = later.referred_on
                      AND earlier.id < later.id))
       )) AS back
FROM referrals AS later
WHERE later.to_partner_id IS NOT NULL
  AND (:since IS NULL OR later.referred_on >= :since)
  AND (:until IS NULL OR later.referred_on <= :until)
GROUP BY later.from_partner_id, later.to_partner_id
HAVING onward > 0 OR back > 0
ORDER BY later.from_partner_id, later.to_partner_id
"""

# A partner worked with a participant when it enrolled them, made or
# received a referral for them, or recorded an activity or outcome for them.
_WORKED_WITH = """
WITH events (partner_id, participant_id, on_day) AS (
    SELECT partner_id, id, enrolled_on FROM participants
    UNION ALL
    SELECT from_partner_id, participant_id, referred_on FROM referrals
    UNION ALL
    SELECT to_partner_id, participant_id, referred_on FROM referrals
    WHERE to_partner_id IS NOT NULL
    UNION ALL
    SELECT partner_id, participant_id, occurred_on FROM activities
    UNION ALL
    SELECT partner_id, participant_id, achieved_on FROM outcomes
),
worked_with AS (
    SELECT DISTINCT partner_id, participant_id
    FROM events
    WHERE (:since IS NULL OR on_day >= :since)
      AND (:until IS NULL OR on_day <= :until)
)
"""

_SHARED_PARTICIPANTS = (
    _WORKED_WITH
    + """,
achieved AS (
    SELECT DISTINCT participant_id FROM outcomes
    WHERE (:since IS NULL OR achieved_on >= :since)
      AND (:until IS NULL OR achieved_on <= :until)
)
SELECT a.partner_id AS partner_a, b.partner_id AS partner_b,
       COUNT(*) AS participants,
       COUNT(achieved.participant_id) AS with_outcome
FROM worked_with AS a
JOIN worked_with AS b
  ON a.participant_id = b.participant_id AND a.partner_id < b.partner_id
LEFT JOIN achieved ON achieved.participant_id = a.participant_id
GROUP BY a.partner_id, b.partner_id
ORDER BY a.partner_id, b.partner_id
"""
)

# SQLite's MIN and MAX with two arguments pick the smaller or larger value,
# so each pair is named in id order whichever partner sent.
_LAST_REFERRALS = """
SELECT MIN(from_partner_id, to_partner_id) AS partner_a,
       MAX(from_partner_id, to_partner_id) AS partner_b,
       MAX(referred_on) AS referred_on
FROM referrals
WHERE to_partner_id IS NOT NULL
  AND from_partner_id <> to_partner_id
  AND (:since IS NULL OR referred_on >= :since)
  AND (:until IS NULL OR referred_on <= :until)
GROUP BY partner_a, partner_b
ORDER BY partner_a, partner_b
"""

_PARTNER_REACH = (
    _WORKED_WITH
    + """
SELECT partners.id AS partner_id,
       COUNT(worked_with.participant_id) AS participants
FROM partners
LEFT JOIN worked_with ON worked_with.partner_id = partners.id
GROUP BY partners.id
ORDER BY partners.id
"""
)

_OUTCOME_COUNTS = """
WITH in_window AS (
    SELECT partner_id, participant_id, type FROM outcomes
    WHERE (:since IS NULL OR achieved_on >= :since)
      AND (:until IS NULL OR achieved_on <= :until)
)
SELECT partner_id, type, COUNT(DISTINCT participant_id) AS participants,
       COUNT(*) AS outcomes
FROM in_window
GROUP BY partner_id, type
UNION ALL
SELECT NULL, type, COUNT(DISTINCT participant_id), COUNT(*)
FROM in_window
GROUP BY type
ORDER BY 1 NULLS LAST, 2
"""

_COHORT = """
WITH cohort AS (
    SELECT id, partner_id, enrolled_on FROM participants
    WHERE (:since IS NULL OR enrolled_on >= :since)
      AND (:until IS NULL OR enrolled_on <= :until)
)
"""

# The enrolling partner plus every partner with an activity for the
# participant. A referral alone is not support, and neither is recording
# an outcome: counting it would put people in the group of several
# partners because of the outcome the groups are compared on.
_COHORT_PARTNERS = (
    _COHORT
    + """
SELECT cohort.id, cohort.enrolled_on, COUNT(DISTINCT supporters.partner_id)
FROM cohort
JOIN (
    SELECT id AS participant_id, partner_id FROM participants
    UNION
    SELECT participant_id, partner_id FROM activities
) AS supporters ON supporters.participant_id = cohort.id
GROUP BY cohort.id, cohort.enrolled_on
ORDER BY cohort.enrolled_on, cohort.id
"""
)

_COHORT_FIRST_DAYS = (
    _COHORT
    + """
SELECT cohort.id, 'stage', activities.stage, MIN(activities.occurred_on)
FROM cohort JOIN activities ON activities.participant_id = cohort.id
WHERE activities.stage IS NOT NULL
GROUP BY cohort.id, activities.stage
UNION ALL
SELECT cohort.id, 'outcome', outcomes.type, MIN(outcomes.achieved_on)
FROM cohort JOIN outcomes ON outcomes.participant_id = cohort.id
GROUP BY cohort.id, outcomes.type
"""
)


def _window(since: date | None, until: date | None) -> dict[str, str | None]:
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
    }


def referral_counts(
    connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[ReferralCount]:
    """Count referrals made in the window by sender, receiver and status."""
    rows = connection.execute(_REFERRAL_COUNTS, _window(since, until))
    return [ReferralCount(*row) for row in rows]


def referral_durations(
    connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[ReferralDuration]:
    """Count referrals made in the window by sender, receiver, status and
    days to the status, as ``Store.referral_durations`` describes."""
    rows = connection.execute(_REFERRAL_DURATIONS, _window(since, until))
    return [
        ReferralDuration(
            sender,
            to_id,
            kind,
            status,
            days,
            None if made_on is None else date.fromisoformat(made_on),
            count,
        )
        for sender, to_id, kind, status, days, made_on, count in rows
    ]


def referral_outcomes(
    connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[ReferralOutcome]:
    """Count referred participants and their later outcomes, as
    ``Store.referral_outcomes`` describes."""
    rows = connection.execute(_REFERRAL_OUTCOMES, _window(since, until))
    return [ReferralOutcome(*row) for row in rows]


def referral_chains(
    connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[ReferralChain]:
    """Count onward and back referrals, as ``Store.referral_chains``
    describes."""
    rows = connection.execute(_REFERRAL_CHAINS, _window(since, until))
    return [ReferralChain(*row) for row in rows]


def shared_participants(
    connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[SharedParticipants]:
    """Count the participants each pair of partners both worked with."""
    rows = connection.execute(_SHARED_PARTICIPANTS, _window(since, until))
    return [SharedParticipants(*row) for row in rows]


def last_referrals(
    connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[LastReferral]:
    """Return the day of the latest referral between each pair of partners."""
    rows = connection.execute(_LAST_REFERRALS, _window(since, until))
    return [
        LastReferral(partner_a, partner_b, date.fromisoformat(day))
        for partner_a, partner_b, day in rows
    ]


def partner_reach(
    connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[PartnerReach]:
    """Count the participants each partner worked with."""
    rows = connection.execute(_PARTNER_REACH, _window(since, until))
    return [PartnerReach(*row) for row in rows]


def outcome_counts(
    connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[OutcomeCount]:
    """Count outcomes per partner and type, then partnership-wide per type."""
    rows = connection.execute(_OUTCOME_COUNTS, _window(since, until))
    return [OutcomeCount(*row) for row in rows]


def journey_milestones(
    connection: sqlite3.Connection, since: date | None, until: date | None
) -> list[JourneyMilestones]:
    """Return the first day of each stage and outcome type, and the count of
    supporting partners, of each participant enrolled in the window."""
    window = _window(since, until)
    first_days: dict[str, dict[str, dict[str, date]]] = defaultdict(
        lambda: {"stage": {}, "outcome": {}}
    )
    for participant_id, kind, name, day in connection.execute(
        _COHORT_FIRST_DAYS, window
    ):
        first_days[participant_id][kind][name] = date.fromisoformat(day)

    # The participant id orders the rows and joins the two queries, then is
    # dropped so that no row names a person.
    milestones = []
    for participant_id, enrolled_on, partners in connection.execute(
        _COHORT_PARTNERS, window
    ):
        days = first_days[participant_id]
        milestones.append(
            JourneyMilestones(
                date.fromisoformat(enrolled_on),
                days["stage"],
                days["outcome"],
                partners,
            )
        )
    return milestones
