/// The judged facts' tables (one description, written in each dialect: ``createTables(_:)``) and the statements that
/// write them, as SQL text that runs unchanged on SQLite and PostgreSQL (numbered parameters, each first used in its
/// number's order, so that SQLite binds them by position too). SQLite writes a row at a time with them; PostgreSQL
/// writes the same rows a batch at a time, in array statements (``PostgresStore``).
///
/// A dossier's facts are replaced as a whole when its current version changes: its rows are deleted, then the new
/// ones inserted. A dossier that was not received (D1) has none.
public enum FactsSQL {
    public static let deleteDossierFacts = "DELETE FROM dossier_facts WHERE dossier_id = $1"
    public static let deleteDossierVerdicts = "DELETE FROM dossier_verdicts WHERE dossier_id = $1"

    /// `$1` the dossier's row id, then the columns of ``ChiSoCore/DossierFacts`` in order.
    public static let insertDossierFacts = """
        INSERT INTO dossier_facts (dossier_id, province_code, unit_code, procedure_code, received_at, ended_at, result_at, online, synced,
            e_result, digitized, reused, shared, citizen_data, fee_data, paid_online, fees_all_zero, paused_on_due_date, late_supplement_request)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        """

    /// One segment of a verdict timeline: dossier, province, `[from, to)`, whether it counts as on time, whether overdue.
    public static let insertDossierVerdict = """
        INSERT INTO dossier_verdicts (dossier_id, province_code, from_at, to_at, on_time, overdue) VALUES ($1, $2, $3, $4, $5, $6)
        """

    public static let deletePetitionFacts = "DELETE FROM petition_facts WHERE petition_id = $1"
    public static let insertPetitionFacts = """
        INSERT INTO petition_facts (petition_id, province_code, unit_code, dossier_code, received_at, resolved_at, deadline, satisfied_if_on_time)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """

    public static let deleteRatingFacts = "DELETE FROM rating_facts WHERE rating_id = $1"
    public static let insertRatingFacts = """
        INSERT INTO rating_facts (rating_id, province_code, dossier_code, rated_at, unsatisfied) VALUES ($1, $2, $3, $4, $5)
        """

    /// Every fact, before a rebuild with another basis.
    public static let deleteAll = [
        "DELETE FROM dossier_facts", "DELETE FROM dossier_verdicts", "DELETE FROM petition_facts", "DELETE FROM rating_facts",
        "DELETE FROM facts_basis",
    ]
    public static let selectBasis = "SELECT basis FROM facts_basis"

    /// The SQL dialects the facts tables are created in.
    public enum Dialect: Sendable {
        case sqlite, postgres
    }

    /// One facts table: its columns (types written `{id}`, `{instant}`, `{flag}` for the dialect's), its primary key,
    /// and whether it grows with dossiers (it then carries `province_code`, and PostgreSQL partitions it by that code).
    struct Table: Sendable {
        let name: String
        let columns: [String]
        let key: String
        let partitioned: Bool
        /// SQLite stores the table clustered by its key (`WITHOUT ROWID`).
        var clustered = false
    }

    /// The facts tables, the one description both dialects' DDL is written from.
    ///
    /// `dossier_facts` is keyed by its dossier's row id and appended in that order; no other index, so that ingestion
    /// only appends. `dossier_verdicts` is clustered by dossier and start, which finds the segment holding an instant.
    static let tables = [
        Table(
            name: "dossier_facts",
            columns: [
                "dossier_id {id} NOT NULL", "province_code TEXT NOT NULL", "unit_code TEXT NOT NULL", "procedure_code TEXT NOT NULL",
                "received_at {instant} NOT NULL", "ended_at {instant}", "result_at {instant}",
            ]
                + [
                    "online", "synced", "e_result", "digitized", "reused", "shared", "citizen_data", "fee_data", "paid_online", "fees_all_zero",
                    "paused_on_due_date", "late_supplement_request",
                ].map { "\($0) {flag} NOT NULL" },
            key: "dossier_id", partitioned: true),
        Table(
            name: "dossier_verdicts",
            columns: [
                "dossier_id {id} NOT NULL", "province_code TEXT NOT NULL", "from_at {instant} NOT NULL", "to_at {instant}",
                "on_time {flag} NOT NULL CHECK (on_time IN (0, 1))", "overdue {flag} NOT NULL CHECK (overdue IN (0, 1))",
            ],
            key: "dossier_id, from_at", partitioned: true, clustered: true),
        Table(
            name: "petition_facts",
            columns: [
                "petition_id {id} NOT NULL", "province_code TEXT NOT NULL", "unit_code TEXT NOT NULL", "dossier_code TEXT",
                "received_at {instant} NOT NULL", "resolved_at {instant}", "deadline {instant} NOT NULL", "satisfied_if_on_time {flag} NOT NULL",
            ],
            key: "petition_id", partitioned: true),
        Table(
            name: "rating_facts",
            columns: [
                "rating_id {id} NOT NULL", "province_code TEXT NOT NULL", "dossier_code TEXT NOT NULL", "rated_at {instant}",
                "unsatisfied {flag} NOT NULL",
            ],
            key: "rating_id", partitioned: true),
        Table(name: "facts_basis", columns: ["id {id} NOT NULL CHECK (id = 1)", "basis TEXT NOT NULL"], key: "id", partitioned: false),
    ]

    /// The statements creating the facts tables in a dialect. On SQLite the ids are row ids (`INTEGER PRIMARY KEY`);
    /// on PostgreSQL the tables that grow with dossiers are partitioned by `province_code` (`PARTITION BY LIST`), with
    /// their keys declared on each partition (``partitionKeys``) and a default partition for records of no known
    /// province, as the other partitioned tables (``PostgresSchema``).
    public static func createTables(_ dialect: Dialect) -> [String] {
        var statements: [String] = []
        for table in tables {
            let columns = table.columns.map { column in
                switch dialect {
                case .sqlite:
                    return column.replacing("{id}", with: "INTEGER").replacing("{instant}", with: "INTEGER").replacing("{flag}", with: "INTEGER")
                case .postgres:
                    return column.replacing("{id}", with: "BIGINT").replacing("{instant}", with: "BIGINT").replacing("{flag}", with: "SMALLINT")
                }
            }
            let key = "PRIMARY KEY (\(table.key))"
            switch dialect {
            case .sqlite:
                statements.append(
                    "CREATE TABLE \(table.name) (\n    " + (columns + [key]).joined(separator: ",\n    ") + "\n)"
                        + (table.clustered ? " WITHOUT ROWID" : ""))
            case .postgres where table.partitioned:
                statements.append(
                    "CREATE TABLE \(table.name) (\n    " + columns.joined(separator: ",\n    ") + "\n) PARTITION BY LIST (province_code)")
                statements.append("CREATE TABLE \(table.name)_default PARTITION OF \(table.name) (\(key)) DEFAULT")
            case .postgres:
                statements.append("CREATE TABLE \(table.name) (\n    " + (columns + [key]).joined(separator: ",\n    ") + "\n)")
            }
        }
        return statements
    }

    /// The facts tables partitioned by province on PostgreSQL, with the keys each partition declares.
    static let partitionKeys: [(table: String, key: String)] = tables.filter(\.partitioned).map { ($0.name, "PRIMARY KEY (\($0.key))") }

    public static let insertBasis = "INSERT INTO facts_basis (id, basis) VALUES (1, $1)"
}
