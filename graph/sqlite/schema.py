"""The SQLite schema, as an ordered list of migrations.

``PRAGMA user_version`` stores the number of migrations applied. Opening a
file applies the missing ones in one transaction; a file written by a newer
partnergraph is rejected rather than guessed at.
"""

from __future__ import annotations

import logging
import sqlite3

from graph.errors import StoreError

logger = logging.getLogger(__name__)

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the partnership's records and its framework.
    (
        """CREATE TABLE partners (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT,
            borough TEXT,
            joined_on TEXT,
            left_on TEXT
        )""",
        """CREATE TABLE employers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            sector TEXT,
            size TEXT
        )""",
        """CREATE TABLE participants (
            id TEXT PRIMARY KEY,
            partner_id TEXT NOT NULL REFERENCES partners (id),
            enrolled_on TEXT NOT NULL,
            birth_year INTEGER,
            gender TEXT,
            ethnicity TEXT,
            postcode_district TEXT,
            consent_to_share INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE referrals (
            id TEXT PRIMARY KEY,
            participant_id TEXT NOT NULL REFERENCES participants (id),
            from_partner_id TEXT NOT NULL REFERENCES partners (id),
            referred_on TEXT NOT NULL,
            status TEXT NOT NULL,
            to_partner_id TEXT REFERENCES partners (id),
            to_employer_id TEXT REFERENCES employers (id),
            status_on TEXT,
            reason TEXT,
            CHECK ((to_partner_id IS NULL) <> (to_employer_id IS NULL))
        )""",
        """CREATE TABLE activities (
            id TEXT PRIMARY KEY,
            participant_id TEXT NOT NULL REFERENCES participants (id),
            partner_id TEXT NOT NULL REFERENCES partners (id),
            type TEXT NOT NULL,
            occurred_on TEXT NOT NULL,
            stage TEXT,
            hours REAL
        )""",
        """CREATE TABLE outcomes (
            id TEXT PRIMARY KEY,
            participant_id TEXT NOT NULL REFERENCES participants (id),
            partner_id TEXT NOT NULL REFERENCES partners (id),
            type TEXT NOT NULL,
            achieved_on TEXT NOT NULL,
            employer_id TEXT REFERENCES employers (id)
        )""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE INDEX participants_partner ON participants (partner_id)",
        "CREATE INDEX referrals_referred_on ON referrals (referred_on)",
        "CREATE INDEX referrals_status ON referrals (status)",
        "CREATE INDEX referrals_from ON referrals (from_partner_id)",
        "CREATE INDEX referrals_to ON referrals (to_partner_id)",
        "CREATE INDEX referrals_participant ON referrals (participant_id)",
        "CREATE INDEX activities_participant ON activities (participant_id)",
        "CREATE INDEX outcomes_participant ON outcomes (participant_id)",
    ),
    # 2: date orders and the feed. An index on a date alone ends in the
    # rowid, so ties on a date would still need sorting by id.
    (
        "DROP INDEX referrals_referred_on",
        "CREATE INDEX referrals_referred_on ON referrals (referred_on, id)",
        "CREATE INDEX referrals_status_on ON referrals (status_on, id)",
        "CREATE INDEX activities_occurred_on ON activities (occurred_on, id)",
        "CREATE INDEX activities_partner ON activities (partner_id)",
        "CREATE INDEX outcomes_achieved_on ON outcomes (achieved_on, id)",
        "CREATE INDEX outcomes_partner ON outcomes (partner_id)",
    ),
    # 3: a partner's inbox, the referrals to it with one status, oldest
    # first, read in index order without a sort.
    (
        "CREATE INDEX referrals_inbox "
        "ON referrals (to_partner_id, status, referred_on, id)",
    ),
    # 4: users and the hashes of their access tokens.
    (
        """CREATE TABLE users (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            partner_id TEXT REFERENCES partners (id),
            expires_at TEXT,
            revoked_at TEXT
        )""",
    ),
    # 5: the append-only audit log.
    (
        """CREATE TABLE audit_log (
            sequence INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id TEXT NOT NULL,
            role TEXT NOT NULL,
            operation TEXT NOT NULL,
            kind TEXT NOT NULL,
            record_ids TEXT NOT NULL,
            request_id TEXT
        )""",
        "CREATE INDEX audit_log_at ON audit_log (at)",
        "CREATE INDEX audit_log_user ON audit_log (user_id, at)",
        """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    ),
    # 6: the date each participant's consent value was recorded, and the
    # recorder. Older rows came from imports or the API without a record of
    # either, so they get the import's defaults: the enrolment date and
    # graph.rules.IMPORT_RECORDER.
    (
        "ALTER TABLE participants ADD COLUMN consent_recorded_on TEXT",
        "ALTER TABLE participants ADD COLUMN consent_recorded_by TEXT",
        "UPDATE participants "
        "SET consent_recorded_on = enrolled_on, consent_recorded_by = 'import'",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(connection: sqlite3.Connection) -> int:
    """Apply the migrations the file lacks and return the schema version.

    ``connection`` must be in autocommit mode (``isolation_level=None``).
    """
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the database has schema version {version}, newer than the "
            f"{SCHEMA_VERSION} this partnergraph knows; upgrade partnergraph"
        )
    if version == SCHEMA_VERSION:
        return version

    connection.execute("BEGIN IMMEDIATE")
    try:
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                connection.execute(statement)
        # PRAGMA takes no parameters; SCHEMA_VERSION is an int of this module.
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    logger.info(
        "migrated database schema from version %s to %s", version, SCHEMA_VERSION
    )
    return SCHEMA_VERSION
