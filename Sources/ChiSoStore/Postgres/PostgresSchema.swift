import ChiSoCore
import Logging
import PostgresNIO

/// The PostgreSQL schema, as migrations recorded in `chiso_migrations` and run when a store opens (each once, in
/// one transaction with its record, under an advisory lock, so that two processes opening the same database at
/// once do not both run it).
///
/// The tables are those of the SQLite schema (``Schema``), with PostgreSQL's types; the judged facts' tables are written
/// from the same description as SQLite's (``FactsSQL/createTables(_:)``). The tables that grow with dossiers
/// (`dossiers`, `dossier_events`, `petitions`, `ratings`, `dossier_facts`, `dossier_verdicts`, `petition_facts`, `rating_facts`) carry
/// `province_code`, the province of the record's unit (``ChiSoCore/UnitProvince``), and are partitioned by it
/// (`PARTITION BY LIST`): a province's partition is created when a record of the province is first stored
/// (``PostgresStore/ensurePartitions(_:_:)``), and records whose province is not known (a processing step or a
/// rating that arrives before its dossier) go to the default partition. A partitioned table's unique keys must
/// include `province_code`, and a parent with a unique index cannot take a foreign partition: the keys are declared on
/// each partition (``keys``), and the uniqueness of a dossier's code across provinces is kept by ingestion, which
/// looks codes up in every partition under the writers' lock.
enum PostgresSchema {
    /// The advisory lock serialising the writers, and the one serialising migrations.
    static let writerLock: Int64 = 766_000_001
    static let migrationLock: Int64 = 766_000_002

    /// The tables partitioned by province: the records', then the judged facts' (``FactsSQL/tables``).
    static let partitionedTables = ["dossiers", "dossier_events", "petitions", "ratings"] + FactsSQL.partitionKeys.map(\.table)

    /// The keys of each partition of a partitioned table. They are declared on the partitions, not on the parent: a
    /// parent with a unique index cannot take a foreign table (a shard's) as a partition. Within a partition the
    /// keys need not carry the province.
    static let keys = [
        "dossiers": "PRIMARY KEY (id), UNIQUE (code)",
        "dossier_events": "PRIMARY KEY (seq)",
        "petitions": "PRIMARY KEY (id), UNIQUE (code)",
        "ratings": "PRIMARY KEY (id), UNIQUE (dossier_code, rated_key)",
    ].merging(FactsSQL.partitionKeys.map { ($0.table, $0.key) }, uniquingKeysWith: { a, _ in a })

    static let schemaMigrations: [(name: String, sql: [String])] = [
        (
            "v1",
            [
                """
                CREATE FUNCTION chiso_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$
                """,
                """
                CREATE TABLE units (
                    id BIGSERIAL PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                    data BYTEA NOT NULL)
                """,
                """
                CREATE TABLE procedures (
                    id BIGSERIAL PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                    data BYTEA NOT NULL)
                """,
                """
                CREATE TABLE dossiers (
                    id BIGSERIAL,
                    province_code TEXT NOT NULL,
                    code TEXT NOT NULL CHECK (code <> ''),
                    unit_code TEXT NOT NULL,
                    procedure_code TEXT NOT NULL,
                    received_at BIGINT NOT NULL,
                    due_at BIGINT,
                    state TEXT NOT NULL,
                    ended_at BIGINT,
                    data BYTEA NOT NULL,
                    source TEXT) PARTITION BY LIST (province_code)
                """,
                "CREATE INDEX dossiers_code ON dossiers (code)",
                "CREATE INDEX dossiers_period ON dossiers (received_at, ended_at)",
                "CREATE TABLE dossiers_default PARTITION OF dossiers (\(keys["dossiers"]!)) DEFAULT",
                """
                CREATE TABLE dossier_events (
                    seq BIGSERIAL,
                    province_code TEXT NOT NULL,
                    dossier_code TEXT NOT NULL CHECK (dossier_code <> ''),
                    kind TEXT NOT NULL CHECK (kind IN ('version', 'step')),
                    occurred_at BIGINT,
                    digest BIGINT NOT NULL,
                    data BYTEA NOT NULL,
                    source_file TEXT NOT NULL,
                    record_number BIGINT,
                    line BIGINT,
                    recorded_at BIGINT NOT NULL) PARTITION BY LIST (province_code)
                """,
                "CREATE INDEX dossier_events_code ON dossier_events (dossier_code, kind, digest)",
                "CREATE TABLE dossier_events_default PARTITION OF dossier_events (\(keys["dossier_events"]!)) DEFAULT",
                "CREATE TRIGGER dossier_events_append_only BEFORE UPDATE OR DELETE ON dossier_events FOR EACH ROW EXECUTE FUNCTION chiso_append_only()",
                """
                CREATE TABLE petitions (
                    id BIGSERIAL,
                    province_code TEXT NOT NULL,
                    code TEXT NOT NULL CHECK (code <> ''),
                    data BYTEA NOT NULL) PARTITION BY LIST (province_code)
                """,
                "CREATE INDEX petitions_code ON petitions (code)",
                "CREATE TABLE petitions_default PARTITION OF petitions (\(keys["petitions"]!)) DEFAULT",
                """
                CREATE TABLE ratings (
                    id BIGSERIAL,
                    province_code TEXT NOT NULL,
                    dossier_code TEXT NOT NULL CHECK (dossier_code <> ''),
                    rated_key BIGINT NOT NULL,
                    data BYTEA NOT NULL) PARTITION BY LIST (province_code)
                """,
                "CREATE INDEX ratings_key ON ratings (dossier_code, rated_key)",
                "CREATE TABLE ratings_default PARTITION OF ratings (\(keys["ratings"]!)) DEFAULT",
                """
                CREATE TABLE targets (
                    id BIGSERIAL PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    data BYTEA NOT NULL)
                """,
                """
                CREATE TABLE quarantine (
                    id BIGSERIAL PRIMARY KEY,
                    source_key TEXT NOT NULL,
                    source_file TEXT NOT NULL,
                    record_key BIGINT NOT NULL,
                    line BIGINT,
                    raw_text TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    first_seen BIGINT NOT NULL,
                    UNIQUE (source_key, record_key, raw_text))
                """,
                """
                CREATE TABLE import_log (
                    id BIGSERIAL PRIMARY KEY,
                    file TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    started_at BIGINT NOT NULL,
                    finished_at BIGINT,
                    accepted BIGINT NOT NULL DEFAULT 0,
                    updated BIGINT NOT NULL DEFAULT 0,
                    unchanged BIGINT NOT NULL DEFAULT 0,
                    quarantined BIGINT NOT NULL DEFAULT 0,
                    superseded BIGINT NOT NULL DEFAULT 0,
                    refused BIGINT NOT NULL DEFAULT 0,
                    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
                    owner TEXT)
                """,
                """
                CREATE TABLE national_snapshots (
                    id BIGSERIAL PRIMARY KEY,
                    period TEXT NOT NULL CHECK (period <> ''),
                    taken_at BIGINT NOT NULL,
                    taken_at_source TEXT NOT NULL CHECK (taken_at_source IN ('file', 'fetch', 'given', 'import_time')),
                    origin TEXT NOT NULL CHECK (origin IN ('portal_api', 'table')),
                    province_id TEXT,
                    groups TEXT NOT NULL,
                    complete BOOLEAN NOT NULL,
                    provisional BOOLEAN NOT NULL,
                    unit_count BIGINT NOT NULL,
                    answer_count BIGINT NOT NULL,
                    content_digest BIGINT NOT NULL,
                    imported_at BIGINT NOT NULL,
                    figures TEXT NOT NULL)
                """,
                "CREATE INDEX national_snapshots_period ON national_snapshots (period, content_digest)",
                """
                CREATE TABLE national_answers (
                    id BIGSERIAL PRIMARY KEY,
                    snapshot_id BIGINT NOT NULL REFERENCES national_snapshots (id),
                    position BIGINT NOT NULL,
                    endpoint TEXT,
                    source TEXT NOT NULL,
                    page BIGINT,
                    bytes BYTEA NOT NULL,
                    UNIQUE (snapshot_id, position))
                """,
                "CREATE TRIGGER national_snapshots_append_only BEFORE UPDATE OR DELETE ON national_snapshots FOR EACH ROW EXECUTE FUNCTION chiso_append_only()",
                "CREATE TRIGGER national_answers_append_only BEFORE UPDATE OR DELETE ON national_answers FOR EACH ROW EXECUTE FUNCTION chiso_append_only()",
                """
                CREATE TABLE server_users (
                    id BIGSERIAL PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    unit_code TEXT,
                    created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE server_sessions (
                    id_digest TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES server_users (id) ON DELETE CASCADE,
                    csrf TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE server_login_links (
                    digest TEXT PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES server_users (id) ON DELETE CASCADE,
                    expires_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE server_source_tokens (
                    digest TEXT PRIMARY KEY,
                    source TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    scope TEXT NOT NULL DEFAULT 'dossiers' CHECK (scope IN ('dossiers', 'catalogue')))
                """,
                """
                CREATE TABLE server_audit (
                    id BIGSERIAL PRIMARY KEY,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT NOT NULL)
                """,
                "CREATE TRIGGER server_audit_append_only BEFORE UPDATE OR DELETE ON server_audit FOR EACH ROW EXECUTE FUNCTION chiso_append_only()",
            ]
        ),
        // Judged facts (DESIGN §5), the tables of SQLite's `v3-judged-facts` from the same description, with the
        // partitions of the provinces already stored. No basis is recorded: the first scoring (or `chiso migrate`)
        // judges the stored records.
        ("v2-judged-facts", FactsSQL.createTables(.postgres) + FactsSQL.partitionKeys.map { existingProvincePartitions($0.table) }),
    ]

    /// A statement creating a table's partition for each province that has a dossiers partition.
    static func existingProvincePartitions(_ table: String) -> String {
        """
        DO $$ DECLARE p TEXT; BEGIN
        FOR p IN SELECT DISTINCT province_code FROM dossiers WHERE province_code <> '' LOOP
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF \(table) (\(keys[table]!)) FOR VALUES IN (%L)', '\(table)_p_' || lower(p), p);
        END LOOP; END $$
        """
    }

    /// The name of a table's partition for a province code; nil for the empty code (the default partition).
    ///
    /// Province codes are letters and digits (``ChiSoCore/UnitProvince/code(ofRoot:)``), so that the name needs no quoting.
    static func partition(of table: String, province: String) -> String? {
        province.isEmpty ? nil : "\(table)_p_\(province.lowercased())"
    }
}

extension PostgresStore {
    /// Applies the migrations not yet recorded, each in one transaction with its record.
    func migrate() async throws(StoreError) {
        do {
            try await client.withConnection { c in
                try await c.query("BEGIN", logger: logger)
                do {
                    try await c.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger)
                    try await c.query(
                        "CREATE TABLE IF NOT EXISTS chiso_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                        logger: logger)
                    let done = Set(try await Self.rows(c, "SELECT name FROM chiso_migrations", logger: logger).map { try $0.decode(String.self) })
                    for migration in PostgresSchema.migrations where !done.contains(migration.name) {
                        for statement in migration.sql { try await c.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                        try await c.query("INSERT INTO chiso_migrations (name) VALUES (\(migration.name))", logger: logger)
                    }
                    try await c.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await c.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch {
            let wrapped = wrap(error)
            if wrapped.isCannotOpen { throw wrapped }
            throw .migrationFailed(underlying: wrapped.underlying)
        }
    }

    /// The province of each stored unit (``ChiSoCore/UnitProvince``). A unit not in the catalogue, or whose chain of
    /// parents is broken, has none: its records go to the default partition.
    static func unitProvinces(_ c: PostgresConnection, logger: Logger) async throws -> [String: String] {
        var parents: [String: String?] = [:]
        for row in try await rows(c, "SELECT data FROM units", logger: logger) {
            let unit = try decode(row, table: "units", RecordCoding.decodeUnit)
            parents.updateValue(unit.parentCode.flatMap { $0.isEmpty ? nil : $0 }, forKey: unit.code)
        }
        return UnitProvince.provinces(parents: parents)
    }

    /// Creates the partitions of the provinces not seen before, for every partitioned table; inside the writer's
    /// transaction (the DDL commits or rolls back with the batch). A partition that is a foreign table (a shard's, on a
    /// coordinator) counts as present.
    static func ensurePartitions(_ c: PostgresConnection, _ provinces: Set<String>, logger: Logger) async throws {
        let wanted = provinces.filter { !$0.isEmpty }
        guard !wanted.isEmpty else { return }
        let existing = Set(
            try await rows(
                c, "SELECT relname FROM pg_class WHERE relname LIKE '%\\_p\\_%' AND relnamespace = current_schema()::regnamespace", logger: logger
            ).map { try $0.decode(String.self) })
        for province in wanted.sorted() {
            for table in PostgresSchema.partitionedTables {
                let partition = PostgresSchema.partition(of: table, province: province)!
                guard !existing.contains(partition) else { continue }
                try await c.query(
                    PostgresQuery(
                        unsafeSQL: """
                            CREATE TABLE IF NOT EXISTS \(partition) PARTITION OF \(table) (\(PostgresSchema.keys[table]!)) FOR VALUES IN ('\(province)')
                            """),
                    logger: logger)
            }
        }
    }
}
