/// The statements that write judged facts, as SQL text that runs unchanged on SQLite and PostgreSQL (numbered
/// parameters, each first used in its number's order, so that SQLite binds them by position too).
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
    public static let insertRatingFacts = "INSERT INTO rating_facts (rating_id, dossier_code, rated_at, unsatisfied) VALUES ($1, $2, $3, $4)"

    /// Every fact, before a rebuild with another basis.
    public static let deleteAll = [
        "DELETE FROM dossier_facts", "DELETE FROM dossier_verdicts", "DELETE FROM petition_facts", "DELETE FROM rating_facts",
        "DELETE FROM facts_basis",
    ]
    public static let selectBasis = "SELECT basis FROM facts_basis"

    /// The facts tables on PostgreSQL, as SQLite's migration `v3-judged-facts` creates them (``AggregationSQL`` runs on
    /// both). The tables that grow with dossiers carry `province_code`, the key to partition them by
    /// (`PARTITION BY LIST (province_code)`) or to distribute them (Citus).
    public static let postgresTables = """
        CREATE TABLE dossier_facts (
            dossier_id BIGINT PRIMARY KEY,
            province_code TEXT NOT NULL,
            unit_code TEXT NOT NULL,
            procedure_code TEXT NOT NULL,
            received_at BIGINT NOT NULL,
            ended_at BIGINT,
            result_at BIGINT,
            online SMALLINT NOT NULL, synced SMALLINT NOT NULL, e_result SMALLINT NOT NULL, digitized SMALLINT NOT NULL,
            reused SMALLINT NOT NULL, shared SMALLINT NOT NULL, citizen_data SMALLINT NOT NULL, fee_data SMALLINT NOT NULL,
            paid_online SMALLINT NOT NULL, fees_all_zero SMALLINT NOT NULL, paused_on_due_date SMALLINT NOT NULL,
            late_supplement_request SMALLINT NOT NULL
        );
        CREATE TABLE dossier_verdicts (
            dossier_id BIGINT NOT NULL,
            province_code TEXT NOT NULL,
            from_at BIGINT NOT NULL,
            to_at BIGINT,
            on_time SMALLINT NOT NULL CHECK (on_time IN (0, 1)),
            overdue SMALLINT NOT NULL CHECK (overdue IN (0, 1)),
            PRIMARY KEY (dossier_id, from_at)
        );
        CREATE TABLE petition_facts (
            petition_id BIGINT PRIMARY KEY,
            province_code TEXT NOT NULL,
            unit_code TEXT NOT NULL,
            dossier_code TEXT,
            received_at BIGINT NOT NULL,
            resolved_at BIGINT,
            deadline BIGINT NOT NULL,
            satisfied_if_on_time SMALLINT NOT NULL
        );
        CREATE TABLE rating_facts (
            rating_id BIGINT PRIMARY KEY,
            dossier_code TEXT NOT NULL,
            rated_at BIGINT,
            unsatisfied SMALLINT NOT NULL
        );
        CREATE TABLE facts_basis (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            basis TEXT NOT NULL
        );
        """
    public static let insertBasis = "INSERT INTO facts_basis (id, basis) VALUES (1, $1)"
}
