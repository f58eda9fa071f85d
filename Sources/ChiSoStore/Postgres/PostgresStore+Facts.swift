public import ChiSoCore
import Foundation
import Logging
import PostgresNIO

// MARK: - Judged facts

/// The judged facts on PostgreSQL, as ``SQLiteStore`` keeps them (the same rows, the statements of ``FactsSQL``, the
/// aggregation of ``AggregationSQL``): written in the transaction of the records they come from, in the partition of the
/// record's province.
extension PostgresStore: JudgedFactsStore {
    public func factsBasis() async throws(StoreError) -> JudgingBasis? {
        try await read { c in try await Self.basisText(c, logger: logger).flatMap(JudgingBasis.init(encoded:)) }
    }

    @discardableResult
    public func prepareFacts(basis: JudgingBasis) async throws(StoreError) -> Int {
        let text = basis.encoded
        if try await read({ c in try await Self.basisText(c, logger: logger) }) == text { return 0 }
        return try await write { c in
            // Checked again under the writers' lock: another process may have rebuilt meanwhile.
            if try await Self.basisText(c, logger: logger) == text { return 0 }
            return try await Self.rebuildFacts(c, basis: basis, logger: logger)
        }
    }

    public func recordFactsBasisIfEmpty(_ basis: JudgingBasis) async throws(StoreError) {
        try await write { c in
            let hasDossiers = try await Self.rows(c, "SELECT EXISTS (SELECT 1 FROM dossiers)", logger: logger)[0].decode(Bool.self)
            guard try await Self.basisText(c, logger: logger) == nil, !hasDossiers else { return }
            _ = try await Self.rebuildFacts(c, basis: basis, logger: logger)
        }
    }

    public func aggregate(period: Period, asOf: Instant?, basis: JudgingBasis, includeChildren: Bool) async throws(StoreError) -> Aggregation {
        for _ in 0..<3 {
            try await prepareFacts(basis: basis)
            let text = basis.encoded
            let result = try await read { c -> Aggregation? in
                // One snapshot for the basis and the three queries.
                try await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                do {
                    var result: Aggregation?
                    if try await Self.basisText(c, logger: logger) == text {
                        result = try await Self.aggregate(
                            c, period: period, asOf: asOf, basis: basis, includeChildren: includeChildren, logger: logger)
                    }
                    try await c.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await c.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
            if let result { return result }
        }
        throw .queryFailed(underlying: "the judged facts were rebuilt with another basis while scoring, three times")
    }

    static func basisText(_ c: PostgresConnection, logger: Logger) async throws -> String? {
        try await rows(c, PostgresQuery(unsafeSQL: FactsSQL.selectBasis), logger: logger).first?.decode(String.self)
    }

    /// The context facts are written with now; nil while no basis is recorded (no facts are written then).
    static func factsContext(_ c: PostgresConnection, logger: Logger) async throws -> FactsContext? {
        guard let text = try await basisText(c, logger: logger) else { return nil }
        return try FactsContext(basisText: text, catalogue: try await catalogue(c, logger: logger))
    }

    /// The aggregation queries run on PostgreSQL, and their rows turned into Core's counts.
    static func aggregate(
        _ c: PostgresConnection, period: Period, asOf: Instant?, basis: JudgingBasis, includeChildren: Bool, logger: Logger
    ) async throws -> Aggregation {
        let stored = try await catalogue(c, logger: logger)
        let catalogue: Catalogue
        do {
            catalogue = try Catalogue(units: stored.units, procedures: stored.procedures)
        } catch {
            throw StoreError.queryFailed(underlying: "\(error)")
        }
        func rows(_ query: AggregationSQL.Query) async throws -> [PostgresRandomAccessRow] {
            var binds = PostgresBindings()
            for value in AggregationSQL.values(of: query, period: period, asOf: asOf) { binds.append(value) }
            return try await Self.rows(c, PostgresQuery(unsafeSQL: query.sql, binds: binds), logger: logger).map { $0.makeRandomAccess() }
        }
        var dossierCounts: [DossierFactCounts] = []
        for row in try await rows(AggregationSQL.dossierCounts) {
            var counts = DossierFactCounts(unitCode: try row[0].decode(String.self), procedureCode: try row[1].decode(String.self))
            for (i, column) in AggregationSQL.dossierCountColumns.enumerated() { counts[keyPath: column.field] = try row[i + 2].decode(Int.self) }
            dossierCounts.append(counts)
        }
        let complained = try await rows(AggregationSQL.complainedDossiers).map { row in
            (unitCode: try row[0].decode(String.self), procedureCode: try row[1].decode(String.self), count: try row[2].decode(Int.self))
        }
        let petitionCounts = try await rows(AggregationSQL.petitionCounts).map { row in
            PetitionFactCounts(
                unitCode: try row[0].decode(String.self), petitions: try row[1].decode(Int.self), onTime: try row[2].decode(Int.self),
                satisfied: try row[3].decode(Int.self))
        }
        return IndexAccumulator.aggregate(
            catalogue: catalogue, period: period, asOf: asOf, calendar: basis.calendar, settings: basis.settings,
            dossierCounts: AggregationSQL.merge(dossierCounts: dossierCounts, complained: complained), petitionCounts: petitionCounts,
            includeChildren: includeChildren)
    }

    // MARK: Writing

    /// Replaces the facts of stored dossiers (`replacing`: whether some may have facts already), in a few array statements.
    static func writeFacts(_ c: PostgresConnection, dossierIDs ids: [Int64], facts: [DossierFacts?], replacing: Bool, logger: Logger) async throws {
        if replacing, !ids.isEmpty {
            try await c.query("DELETE FROM dossier_verdicts WHERE dossier_id = ANY(\(ids))", logger: logger)
            try await c.query("DELETE FROM dossier_facts WHERE dossier_id = ANY(\(ids))", logger: logger)
        }
        var rows = DossierFactRows()
        for (id, f) in zip(ids, facts) {
            if let f { rows.append(id, f) }
        }
        try await rows.insert(c, logger: logger)
    }

    /// Replaces the facts of stored petitions.
    static func writeFacts(_ c: PostgresConnection, petitionIDs ids: [Int64], facts: [PetitionFacts], logger: Logger) async throws {
        guard !ids.isEmpty else { return }
        try await c.query("DELETE FROM petition_facts WHERE petition_id = ANY(\(ids))", logger: logger)
        try await c.query(
            """
            INSERT INTO petition_facts (petition_id, province_code, unit_code, dossier_code, received_at, resolved_at, deadline, satisfied_if_on_time)
            SELECT id, province, unit, CASE WHEN has_dossier THEN dossier END, received, NULLIF(resolved, \(Int64.min)), deadline, satisfied
            FROM unnest(\(ids), \(facts.map(\.provinceCode)), \(facts.map(\.unitCode)), \(facts.map { $0.dossierCode ?? "" }),
                \(facts.map { $0.dossierCode != nil }), \(facts.map(\.receivedAt.secondsSinceEpoch)),
                \(facts.map { $0.resolvedAt?.secondsSinceEpoch ?? .min }), \(facts.map(\.deadline.secondsSinceEpoch)),
                \(facts.map { FactsSQL.flag($0.satisfiedIfOnTime) }))
                AS u(id, province, unit, dossier, has_dossier, received, resolved, deadline, satisfied)
            """, logger: logger)
    }

    /// Replaces the facts of stored ratings.
    static func writeFacts(_ c: PostgresConnection, ratingIDs ids: [Int64], facts: [RatingFacts], logger: Logger) async throws {
        guard !ids.isEmpty else { return }
        try await c.query("DELETE FROM rating_facts WHERE rating_id = ANY(\(ids))", logger: logger)
        try await c.query(
            """
            INSERT INTO rating_facts (rating_id, province_code, dossier_code, rated_at, unsatisfied)
            SELECT id, province, dossier, NULLIF(rated, \(Int64.min)), unsatisfied
            FROM unnest(\(ids), \(facts.map(\.provinceCode)), \(facts.map(\.dossierCode)), \(facts.map { $0.ratedAt?.secondsSinceEpoch ?? .min }),
                \(facts.map { FactsSQL.flag($0.unsatisfied) })) AS u(id, province, dossier, rated, unsatisfied)
            """, logger: logger)
    }

    /// Dossier facts and their verdict segments as column arrays (absent instants as `Int64.min`), for two `unnest`
    /// statements.
    private struct DossierFactRows {
        var ids: [Int64] = [], provinces: [String] = [], units: [String] = [], procedures: [String] = []
        var received: [Int64] = [], ended: [Int64] = [], result: [Int64] = []
        /// The flags in the columns' order (``FactsSQL/insertDossierFacts``).
        var flags: [[Int64]] = Array(repeating: [], count: 12)
        var segmentIDs: [Int64] = [], segmentProvinces: [String] = [], from: [Int64] = [], to: [Int64] = []
        var onTime: [Int64] = [], overdue: [Int64] = []

        mutating func append(_ id: Int64, _ f: DossierFacts) {
            ids.append(id)
            provinces.append(f.provinceCode)
            units.append(f.unitCode)
            procedures.append(f.procedureCode)
            received.append(f.receivedAt.secondsSinceEpoch)
            ended.append(f.endedAt?.secondsSinceEpoch ?? .min)
            result.append(f.resultAt?.secondsSinceEpoch ?? .min)
            for (i, flag) in f.flagColumns.enumerated() { flags[i].append(FactsSQL.flag(flag)) }
            for s in f.timeline.segments {
                segmentIDs.append(id)
                segmentProvinces.append(f.provinceCode)
                from.append(s.from.secondsSinceEpoch)
                to.append(s.to?.secondsSinceEpoch ?? .min)
                onTime.append(FactsSQL.flag(s.outcome.countsAsOnTime))
                overdue.append(FactsSQL.flag(s.outcome.isOverdueColumn))
            }
        }

        func insert(_ c: PostgresConnection, logger: Logger) async throws {
            guard !ids.isEmpty else { return }
            try await c.query(
                """
                INSERT INTO dossier_facts (dossier_id, province_code, unit_code, procedure_code, received_at, ended_at, result_at, online, synced,
                    e_result, digitized, reused, shared, citizen_data, fee_data, paid_online, fees_all_zero, paused_on_due_date, late_supplement_request)
                SELECT id, province, unit, procedure, received, NULLIF(ended, \(Int64.min)), NULLIF(result, \(Int64.min)), f0, f1, f2, f3, f4, f5, f6,
                    f7, f8, f9, f10, f11
                FROM unnest(\(ids), \(provinces), \(units), \(procedures), \(received), \(ended), \(result), \(flags[0]), \(flags[1]), \(flags[2]),
                    \(flags[3]), \(flags[4]), \(flags[5]), \(flags[6]), \(flags[7]), \(flags[8]), \(flags[9]), \(flags[10]), \(flags[11]))
                    AS u(id, province, unit, procedure, received, ended, result, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11)
                """, logger: logger)
            try await c.query(
                """
                INSERT INTO dossier_verdicts (dossier_id, province_code, from_at, to_at, on_time, overdue)
                SELECT id, province, from_at, NULLIF(to_at, \(Int64.min)), on_time, overdue
                FROM unnest(\(segmentIDs), \(segmentProvinces), \(from), \(to), \(onTime), \(overdue)) AS u(id, province, from_at, to_at, on_time, overdue)
                """, logger: logger)
        }
    }

    // MARK: Judging again

    /// Judges every stored dossier, petition and rating again with `basis`, each in its record's partition; returns the
    /// number of dossiers. Dossiers are read by chunks of ids.
    static func rebuildFacts(_ c: PostgresConnection, basis: JudgingBasis, logger: Logger) async throws -> Int {
        for sql in FactsSQL.deleteAll { try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
        try await c.query(PostgresQuery(unsafeSQL: FactsSQL.insertBasis, binds: binds(basis.encoded)), logger: logger)
        guard let context = try await factsContext(c, logger: logger) else { return 0 }
        var count = 0
        var last = Int64.min
        while true {
            let chunk = try await rows(
                c, "SELECT id, province_code, data FROM dossiers WHERE id > \(last) ORDER BY id LIMIT 8192", logger: logger
            ).map { try $0.decode((Int64, String, ByteBuffer).self) }
            guard let end = chunk.last?.0 else { break }
            let facts = try context.judge(chunk.map { Array($0.2.readableBytesView) }, provinces: chunk.map(\.1))
            try await writeFacts(c, dossierIDs: chunk.map(\.0), facts: facts, replacing: false, logger: logger)
            count += chunk.count
            last = end
        }
        var petitions: (ids: [Int64], facts: [PetitionFacts]) = ([], [])
        for row in try await rows(c, "SELECT id, province_code, data FROM petitions ORDER BY id", logger: logger) {
            let (id, province, data) = try row.decode((Int64, String, ByteBuffer).self)
            petitions.ids.append(id)
            petitions.facts.append(context.facts(try decode(data, table: "petitions", RecordCoding.decodePetition), provinceCode: province))
        }
        try await writeFacts(c, petitionIDs: petitions.ids, facts: petitions.facts, logger: logger)
        var ratings: (ids: [Int64], facts: [RatingFacts]) = ([], [])
        for row in try await rows(c, "SELECT id, province_code, data FROM ratings ORDER BY id", logger: logger) {
            let (id, province, data) = try row.decode((Int64, String, ByteBuffer).self)
            ratings.ids.append(id)
            ratings.facts.append(RatingFacts(try decode(data, table: "ratings", RecordCoding.decodeRating), provinceCode: province))
        }
        try await writeFacts(c, ratingIDs: ratings.ids, facts: ratings.facts, logger: logger)
        return count
    }

    /// Judges the dossiers of procedures whose statutory time changed again (rule 7 applies to those without a deadline).
    static func rejudge(_ c: PostgresConnection, procedures changed: Set<String>, context: FactsContext, logger: Logger) async throws {
        guard !changed.isEmpty else { return }
        let stored = try await rows(
            c, "SELECT id, province_code, data FROM dossiers WHERE due_at IS NULL AND procedure_code = ANY(\(Array(changed)))", logger: logger
        ).map { try $0.decode((Int64, String, ByteBuffer).self) }
        let facts = try context.judge(stored.map { Array($0.2.readableBytesView) }, provinces: stored.map(\.1))
        try await writeFacts(c, dossierIDs: stored.map(\.0), facts: facts, replacing: true, logger: logger)
    }

    /// Decodes a record blob.
    static func decode<R>(_ buffer: ByteBuffer, table: String, _ decode: (UnsafeRawBufferPointer) throws(CodingFailure) -> R) throws -> R {
        try buffer.withUnsafeReadableBytes { raw in
            do { return try decode(raw) } catch { throw StoreError.corruptRecord(table: table) }
        }
    }
}
