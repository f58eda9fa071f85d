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
        migrator.registerMigration("v2-sources-audit") { db in try db.execute(sql: v2) }
        // Judged facts (DESIGN §5): what Core judged of each received dossier's current version, its verdict timeline,
        // petitions and ratings, and the basis (calendar, settings) they were judged with. Written with the records they
        // come from, in the same transaction, while a basis is recorded; with none (a database from before this
        // migration), the first scoring judges every stored record again (``SQLiteStore/prepareFacts(basis:)``).
        migrator.registerMigration("v3-judged-facts") { db in
            // The tables as ``FactsSQL/tables`` describes them for both dialects.
            for statement in FactsSQL.createTables(.sqlite) { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v4-access") { db in try db.execute(sql: v4Access) }
        migrator.registerMigration("v5-access-admin") { db in try db.execute(sql: SQLiteStore.adminMigration) }
        // `rating_facts` carries its dossier's province, as every facts table that grows with dossiers: created again
        // from ``FactsSQL/tables``, and the basis forgotten, so that the next scoring judges every record again.
        migrator.registerMigration("v6-rating-facts-province") { db in
            try db.execute(sql: "DROP TABLE rating_facts")
            for statement in FactsSQL.createTables(.sqlite) where statement.hasPrefix("CREATE TABLE rating_facts ") {
                try db.execute(sql: statement)
            }
            try db.execute(sql: "DELETE FROM facts_basis")
        }
        return migrator
    }

    /// Sources kept apart, an append-only audit, and the import log's and quarantine's bookkeeping:
    /// - `dossiers.source`: the ingestion source owning a dossier (NULL: stored from a file, no owner yet);
    /// - `import_log`: status `interrupted`, the importing process (`owner`), counts of superseded and refused records;
    /// - `quarantine`: keyed by the input's identity (`source_key`, a file's full path) instead of its file name;
    /// - `server_source_tokens.scope`: `dossiers` (existing tokens: the narrow scope) or `catalogue`;
    /// - `server_audit`: append-only, as `dossier_events`.
    ///
    /// The access tables were created outside the migrator (`CREATE TABLE IF NOT EXISTS`); their first shape is
    /// created here when missing, so the migration applies to every database.
    static let v2 = """
        ALTER TABLE dossiers ADD COLUMN source TEXT;
        CREATE TABLE import_log_v2 (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            kind TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            accepted INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            quarantined INTEGER NOT NULL DEFAULT 0,
            superseded INTEGER NOT NULL DEFAULT 0,
            refused INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
            owner TEXT
        );
        INSERT INTO import_log_v2 (id, file, kind, started_at, finished_at, accepted, updated, unchanged, quarantined, status)
            SELECT id, file, kind, started_at, finished_at, accepted, updated, unchanged, quarantined, status FROM import_log;
        DROP TABLE import_log;
        ALTER TABLE import_log_v2 RENAME TO import_log;
        CREATE TABLE quarantine_v2 (
            id INTEGER PRIMARY KEY,
            source_key TEXT NOT NULL,
            source_file TEXT NOT NULL,
            record_key INTEGER NOT NULL,
            line INTEGER,
            raw_text TEXT NOT NULL,
            reason TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            UNIQUE (source_key, record_key, raw_text)
        );
        INSERT INTO quarantine_v2 (id, source_key, source_file, record_key, line, raw_text, reason, first_seen)
            SELECT id, source_file, source_file, record_key, line, raw_text, reason, first_seen FROM quarantine;
        DROP TABLE quarantine;
        ALTER TABLE quarantine_v2 RENAME TO quarantine;
        CREATE TABLE IF NOT EXISTS server_source_tokens (
            digest TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            created_at INTEGER NOT NULL);
        ALTER TABLE server_source_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'dossiers' CHECK (scope IN ('dossiers', 'catalogue'));
        CREATE TABLE IF NOT EXISTS server_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL);
        CREATE TRIGGER server_audit_no_update BEFORE UPDATE ON server_audit
            BEGIN SELECT RAISE(ABORT, 'server_audit is append-only'); END;
        CREATE TRIGGER server_audit_no_delete BEFORE DELETE ON server_audit
            BEGIN SELECT RAISE(ABORT, 'server_audit is append-only'); END;
        """

    /// The web application's users, sessions and login links, which were created outside the migrator when the server
    /// or `chiso user` first ran (`IF NOT EXISTS` keeps those databases as they are). The ingestion tokens and the audit
    /// log are created by v2. With this migration every table of the database is owned by the one migrator.
    static let v4Access = """
        CREATE TABLE IF NOT EXISTS server_users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            unit_code TEXT,
            created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS server_sessions (
            id_digest TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES server_users(id) ON DELETE CASCADE,
            csrf TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS server_login_links (
            digest TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES server_users(id) ON DELETE CASCADE,
            expires_at INTEGER NOT NULL);
        """

    /// The tables holding data (everything but the import log), for comparisons and dumps.
    static let dataTables = ["units", "procedures", "dossiers", "dossier_events", "petitions", "ratings", "targets", "quarantine"]
}
