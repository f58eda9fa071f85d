public import ChiSoCore

/// A store that keeps judged facts (DESIGN §5) and aggregates them in the database: the facts are written with the
/// records they come from while a basis is recorded, and are valid for scoring with that basis only.
public protocol JudgedFactsStore: Store {
    /// The basis the stored facts were judged with; nil when there are no valid facts.
    func factsBasis() async throws(StoreError) -> JudgingBasis?
    /// Makes the judged facts valid for `basis`: when no basis is recorded (a new database, or one from before the
    /// facts) or another one is, every stored dossier, petition and rating is judged again with `basis`, in one
    /// transaction. Returns the number of dossiers judged again (0 when the facts were already valid).
    @discardableResult
    func prepareFacts(basis: JudgingBasis) async throws(StoreError) -> Int
    /// Records `basis` as the basis of the judged facts when none is recorded and no dossier is stored yet (a new
    /// database), so that ingestion writes facts from the first record; otherwise changes nothing.
    func recordFactsBasisIfEmpty(_ basis: JudgingBasis) async throws(StoreError)
}

extension SQLiteStore: JudgedFactsStore {}
