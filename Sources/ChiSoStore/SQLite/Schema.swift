import GRDB

/// The SQLite schema, as migrations run on open.
///
/// Every stored value is a row with its key columns and a versioned binary blob (``RecordCoding``); dossiers
/// also carry the scalar columns queries filter on. `ended_at` is the first terminal event as Core's
/// `Judge.end` defines it, so the period filter in SQL agrees with the aggregation.
///
/// Indexes are few, because each random-order index costs a whole rewrite of its dirty pages at every
/// batch commit (WAL): `dossiers.code` (unique, the ingestion lookup), `dossiers_period` (the period filter
/// when it selects a small part of the table; otherwise the queries scan), and the two partial indexes of
/// `dossier_events`. A version event points at its dossier's row (`dossier_id`), which grows with
/// insertion, so a first import appends to that index instead of inserting at random places; steps, which
/// may arrive before their dossier, are indexed by code.
///
/// v1 was rewritten before the first release (dropped unused indexes on `ended_at`, `unit_code`, `due_at`;
/// `dossier_events.dossier_id`); databases created by the earlier draft must be re-imported.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE units (
                        id INTEGER PRIMARY KEY,
                        code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                        data BLOB NOT NULL
                    );
                    CREATE TABLE procedures (
                        id INTEGER PRIMARY KEY,
                        code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                        data BLOB NOT NULL
                    );
                    CREATE TABLE dossiers (
                        id INTEGER PRIMARY KEY,
                        code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                        unit_code TEXT NOT NULL,
                        procedure_code TEXT NOT NULL,
                        received_at INTEGER NOT NULL,
                        due_at INTEGER,
                        state TEXT NOT NULL,
                        ended_at INTEGER,
                        data BLOB NOT NULL
                    );
                    CREATE INDEX dossiers_period ON dossiers (received_at, ended_at);
                    CREATE TABLE dossier_events (
                        seq INTEGER PRIMARY KEY,
                        dossier_code TEXT NOT NULL CHECK (dossier_code <> ''),
                        dossier_id INTEGER CHECK ((kind = 'version') = (dossier_id IS NOT NULL)),
                        kind TEXT NOT NULL CHECK (kind IN ('version', 'step')),
                        occurred_at INTEGER,
                        digest INTEGER NOT NULL,
                        data BLOB NOT NULL,
                        source_file TEXT NOT NULL,
                        record_number INTEGER,
                        line INTEGER,
                        recorded_at INTEGER NOT NULL
                    );
                    CREATE INDEX dossier_events_version ON dossier_events (dossier_id, digest) WHERE kind = 'version';
                    CREATE INDEX dossier_events_step ON dossier_events (dossier_code, digest) WHERE kind = 'step';
                    CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
                        BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
                    CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
                        BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
                    CREATE TABLE petitions (
                        id INTEGER PRIMARY KEY,
                        code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                        data BLOB NOT NULL
                    );
                    CREATE TABLE ratings (
                        id INTEGER PRIMARY KEY,
                        dossier_code TEXT NOT NULL CHECK (dossier_code <> ''),
                        rated_key INTEGER NOT NULL,
                        data BLOB NOT NULL,
                        UNIQUE (dossier_code, rated_key)
                    );
                    CREATE TABLE targets (
                        id INTEGER PRIMARY KEY,
                        key TEXT NOT NULL UNIQUE,
                        data BLOB NOT NULL
                    );
                    CREATE TABLE quarantine (
                        id INTEGER PRIMARY KEY,
                        source_file TEXT NOT NULL,
                        record_key INTEGER NOT NULL,
                        line INTEGER,
                        raw_text TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        first_seen INTEGER NOT NULL,
                        UNIQUE (source_file, record_key, raw_text)
                    );
                    CREATE TABLE import_log (
                        id INTEGER PRIMARY KEY,
                        file TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER,
                        accepted INTEGER NOT NULL DEFAULT 0,
                        updated INTEGER NOT NULL DEFAULT 0,
                        unchanged INTEGER NOT NULL DEFAULT 0,
                        quarantined INTEGER NOT NULL DEFAULT 0,
                        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed'))
                    );
                    """)
        }
        // Snapshots of the national portal's figures (DOMAIN §7.1): append-only, each with its raw answers.
        migrator.registerMigration("national_snapshots_v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE national_snapshots (
                        id INTEGER PRIMARY KEY,
                        period TEXT NOT NULL CHECK (period <> ''),
                        taken_at INTEGER NOT NULL,
                        taken_at_source TEXT NOT NULL CHECK (taken_at_source IN ('file', 'fetch', 'given', 'import_time')),
                        origin TEXT NOT NULL CHECK (origin IN ('portal_api', 'table')),
                        province_id TEXT,
                        groups TEXT NOT NULL,
                        complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
                        provisional INTEGER NOT NULL CHECK (provisional IN (0, 1)),
                        unit_count INTEGER NOT NULL,
                        answer_count INTEGER NOT NULL,
                        content_digest INTEGER NOT NULL,
                        imported_at INTEGER NOT NULL,
                        figures TEXT NOT NULL
                    );
                    CREATE INDEX national_snapshots_period ON national_snapshots (period, content_digest);
                    CREATE TABLE national_answers (
                        id INTEGER PRIMARY KEY,
                        snapshot_id INTEGER NOT NULL REFERENCES national_snapshots (id),
                        position INTEGER NOT NULL,
                        endpoint TEXT,
                        source TEXT NOT NULL,
                        page INTEGER,
                        bytes BLOB NOT NULL,
                        UNIQUE (snapshot_id, position)
                    );
                    CREATE TRIGGER national_snapshots_no_update BEFORE UPDATE ON national_snapshots
                        BEGIN SELECT RAISE(ABORT, 'national_snapshots is append-only'); END;
                    CREATE TRIGGER national_snapshots_no_delete BEFORE DELETE ON national_snapshots
                        BEGIN SELECT RAISE(ABORT, 'national_snapshots is append-only'); END;
                    CREATE TRIGGER national_answers_no_update BEFORE UPDATE ON national_answers
                        BEGIN SELECT RAISE(ABORT, 'national_answers is append-only'); END;
                    CREATE TRIGGER national_answers_no_delete BEFORE DELETE ON national_answers
                        BEGIN SELECT RAISE(ABORT, 'national_answers is append-only'); END;
                    """)
        }
        return migrator
    }

    /// The tables holding data (everything but the import log), for comparisons and dumps.
    static let dataTables = ["units", "procedures", "dossiers", "dossier_events", "petitions", "ratings", "targets", "quarantine"]
}
