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
    public static let insertBasis = "INSERT INTO facts_basis (id, basis) VALUES (1, $1)"
}
