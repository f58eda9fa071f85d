public import ChiSoCore
import Foundation
import GRDB

extension SQLiteStore {
    /// Makes the judged facts valid for `basis`: when no basis is recorded (a new database, or one from before the
    /// facts) or another one is, every stored dossier, petition and rating is judged again with `basis`, in one
    /// transaction. Returns the number of dossiers judged again (0 when the facts were already valid).
    @discardableResult
    public func prepareFacts(basis: JudgingBasis) async throws(StoreError) -> Int {
        let text = basis.encoded
        if try await read({ db in try FactsContext.basisText(db) }) == text { return 0 }
        return try await write { db in
            // Checked again inside the transaction: another process may have rebuilt meanwhile.
            if try FactsContext.basisText(db) == text { return 0 }
            return try FactsWriter.rebuild(db, basis: basis)
        }
    }

    /// ``prepareFacts(basis:)`` for callers that are not async: blocks the calling thread.
    @discardableResult
    public func prepareFactsBlocking(basis: JudgingBasis) throws(StoreError) -> Int {
        let text = basis.encoded
        do {
            if try writer.read({ db in try FactsContext.basisText(db) }) == text { return 0 }
            return try writer.write { db in
                if try FactsContext.basisText(db) == text { return 0 }
                return try FactsWriter.rebuild(db, basis: basis)
            }
        } catch {
            throw SQLiteStore.wrap(error)
        }
    }

    /// Records `basis` as the basis of the judged facts when none is recorded and no dossier is stored yet (a new
    /// database), so that ingestion writes facts from the first record; otherwise changes nothing (a database from
    /// before the judged facts keeps none until ``prepareFacts(basis:)``).
    public func recordFactsBasisIfEmpty(_ basis: JudgingBasis) throws(StoreError) {
        do {
            try writer.write { db in
                let hasDossiers = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM dossiers)") ?? false
                guard try FactsContext.basisText(db) == nil, !hasDossiers else { return }
                _ = try FactsWriter.rebuild(db, basis: basis)
            }
        } catch {
            throw SQLiteStore.wrap(error)
        }
    }

    /// The targets, for callers that are not async: blocks the calling thread.
    public func targetsBlocking() throws(StoreError) -> [Target] {
        try readBlocking { db in try Queries.targets(db) }
    }

    /// The basis the stored facts were judged with; nil when there are no valid facts.
    public func factsBasis() async throws(StoreError) -> JudgingBasis? {
        try await read { db in try FactsContext.basisText(db).flatMap(JudgingBasis.init(encoded:)) }
    }

    public func aggregate(period: Period, asOf: Instant?, basis: JudgingBasis, includeChildren: Bool) async throws(StoreError) -> Aggregation {
        for _ in 0..<3 {
            try await prepareFacts(basis: basis)
            let text = basis.encoded
            let result = try await read { db -> Aggregation? in
                guard try FactsContext.basisText(db) == text else { return nil }
                return try FactsQueries.aggregate(db, period: period, asOf: asOf, basis: basis, includeChildren: includeChildren)
            }
            if let result { return result }
        }
        throw .queryFailed(underlying: "the judged facts were rebuilt with another basis while scoring, three times")
    }

    /// ``aggregate(period:asOf:basis:includeChildren:)`` for callers that are not async: blocks the calling thread.
    public func aggregateBlocking(period: Period, asOf: Instant?, basis: JudgingBasis, includeChildren: Bool) throws(StoreError) -> Aggregation {
        for _ in 0..<3 {
            try prepareFactsBlocking(basis: basis)
            let text = basis.encoded
            let result = try readBlocking { db -> Aggregation? in
                guard try FactsContext.basisText(db) == text else { return nil }
                return try FactsQueries.aggregate(db, period: period, asOf: asOf, basis: basis, includeChildren: includeChildren)
            }
            if let result { return result }
        }
        throw .queryFailed(underlying: "the judged facts were rebuilt with another basis while scoring, three times")
    }
}

extension FactsContext {
    static func basisText(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: FactsSQL.selectBasis)
    }

    /// The context facts are written with now; nil while no basis is recorded (no facts are written then).
    static func load(_ db: Database) throws -> FactsContext? {
        guard let text = try basisText(db) else { return nil }
        return try FactsContext(basisText: text, catalogue: try Queries.catalogue(db))
    }
}

/// Writes judged facts, inside the transaction that writes the records they come from.
enum FactsWriter {
    /// Replaces a dossier's facts (`replacing`: false for a new dossier, which has none yet).
    static func write(_ db: Database, dossierID: Int64, facts: DossierFacts?, replacing: Bool) throws {
        try DossierRows(db).write(dossierID: dossierID, facts: facts, replacing: replacing)
    }

    /// The statements that write dossiers' facts rows, prepared once for many dossiers of one transaction.
    struct DossierRows {
        let deleteFacts: Statement
        let deleteVerdicts: Statement
        let row: RawStatement
        let segment: RawStatement

        init(_ db: Database) throws {
            deleteFacts = try db.cachedStatement(sql: FactsSQL.deleteDossierFacts)
            deleteVerdicts = try db.cachedStatement(sql: FactsSQL.deleteDossierVerdicts)
            row = try RawStatement(db, sql: FactsSQL.insertDossierFacts)
            segment = try RawStatement(db, sql: FactsSQL.insertDossierVerdict)
        }

        /// Replaces a dossier's facts (`replacing`: false for a new dossier, which has none yet).
        func write(dossierID: Int64, facts: DossierFacts?, replacing: Bool) throws {
            if replacing {
                try deleteFacts.execute(arguments: [dossierID])
                try deleteVerdicts.execute(arguments: [dossierID])
            }
            guard let f = facts else { return }
            row.bind(1, dossierID)
            row.bind(2, f.provinceCode)
            row.bind(3, f.unitCode)
            row.bind(4, f.procedureCode)
            row.bind(5, f.receivedAt.secondsSinceEpoch)
            row.bind(6, f.endedAt?.secondsSinceEpoch)
            row.bind(7, f.resultAt?.secondsSinceEpoch)
            for (i, flag) in f.flagColumns.enumerated() { row.bind(Int32(8 + i), FactsSQL.flag(flag)) }
            _ = try row.step()
            row.reset()
            for s in f.timeline.segments {
                segment.bind(1, dossierID)
                segment.bind(2, f.provinceCode)
                segment.bind(3, s.from.secondsSinceEpoch)
                segment.bind(4, s.to?.secondsSinceEpoch)
                segment.bind(5, FactsSQL.flag(s.outcome.countsAsOnTime))
                segment.bind(6, FactsSQL.flag(s.outcome.isOverdueColumn))
                _ = try segment.step()
                segment.reset()
            }
        }
    }

    static func write(_ db: Database, petitionID: Int64, facts p: PetitionFacts) throws {
        try db.cachedStatement(sql: FactsSQL.deletePetitionFacts).execute(arguments: [petitionID])
        try db.cachedStatement(sql: FactsSQL.insertPetitionFacts).execute(arguments: [
            petitionID, p.provinceCode, p.unitCode, p.dossierCode, p.receivedAt.secondsSinceEpoch, p.resolvedAt?.secondsSinceEpoch,
            p.deadline.secondsSinceEpoch, FactsSQL.flag(p.satisfiedIfOnTime),
        ])
    }

    static func write(_ db: Database, ratingID: Int64, facts r: RatingFacts) throws {
        try db.cachedStatement(sql: FactsSQL.deleteRatingFacts).execute(arguments: [ratingID])
        try db.cachedStatement(sql: FactsSQL.insertRatingFacts).execute(arguments: [
            ratingID, r.provinceCode, r.dossierCode, r.ratedAt?.secondsSinceEpoch, FactsSQL.flag(r.unsatisfied),
        ])
    }

    /// Judges every stored dossier, petition and rating again with `basis`; returns the number of dossiers.
    ///
    /// Dossiers are read in chunks and judged on several threads, then written in row order.
    static func rebuild(_ db: Database, basis: JudgingBasis) throws -> Int {
        for sql in FactsSQL.deleteAll { try db.execute(sql: sql) }
        try db.execute(sql: FactsSQL.insertBasis, arguments: [basis.encoded])
        guard let context = try FactsContext.load(db) else { return 0 }
        var count = 0
        var ids: [Int64] = []
        var blobs: [Data] = []
        func flush() throws {
            let facts = try context.judge(blobs)
            let rows = try DossierRows(db)
            for (id, f) in zip(ids, facts) { try rows.write(dossierID: id, facts: f, replacing: false) }
            count += ids.count
            ids.removeAll(keepingCapacity: true)
            blobs.removeAll(keepingCapacity: true)
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT id, data FROM dossiers ORDER BY id")
        while let row = try rows.next() {
            ids.append(row[0])
            blobs.append(row[1])
            if ids.count == 8192 { try flush() }
        }
        try flush()
        try rejudgePetitionsAndRatings(db, context: context)
        return count
    }

    static func rejudgePetitionsAndRatings(_ db: Database, context: FactsContext) throws {
        for row in try Row.fetchAll(db, sql: "SELECT id, data FROM petitions ORDER BY id") {
            let p = try decode(row[1], table: "petitions", RecordCoding.decodePetition)
            try write(db, petitionID: row[0], facts: context.facts(p))
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, data FROM ratings ORDER BY id") {
            try write(
                db, ratingID: row[0], facts: try ratingFacts(db, try decode(row[1], table: "ratings", RecordCoding.decodeRating), context: context))
        }
    }

    /// A rating's facts, placed in the province of its dossier's unit (none while the dossier is not stored).
    static func ratingFacts(_ db: Database, _ rating: Rating, context: FactsContext) throws -> RatingFacts {
        let unit = try String.fetchOne(db.cachedStatement(sql: "SELECT unit_code FROM dossiers WHERE code = ?"), arguments: [rating.dossierCode])
        return RatingFacts(rating, provinceCode: unit.map(context.province(ofUnit:)) ?? "")
    }

    /// Judges the dossiers of procedures whose statutory time changed again (rule 7 applies to those without a deadline).
    static func rejudge(_ db: Database, procedures changed: Set<String>, context: FactsContext) throws {
        guard !changed.isEmpty else { return }
        let rows = try Row.fetchCursor(db, sql: "SELECT id, procedure_code, data FROM dossiers WHERE due_at IS NULL")
        var pending: [(Int64, Data)] = []
        while let row = try rows.next() {
            let code: String = row[1]
            if changed.contains(code) { pending.append((row[0], row[2])) }
        }
        let facts = try context.judge(pending.map(\.1))
        let writer = try DossierRows(db)
        for ((id, _), f) in zip(pending, facts) { try writer.write(dossierID: id, facts: f, replacing: true) }
    }

    static func decode<R>(_ data: Data, table: String, _ decode: (UnsafeRawBufferPointer) throws(CodingFailure) -> R) throws -> R {
        try data.withUnsafeBytes { raw throws -> R in
            do { return try decode(raw) } catch { throw StoreError.corruptRecord(table: table) }
        }
    }
}

/// The aggregation queries (``AggregationSQL``) run on SQLite, and their rows turned into Core's counts.
enum FactsQueries {
    static func aggregate(_ db: Database, period: Period, asOf: Instant?, basis: JudgingBasis, includeChildren: Bool) throws -> Aggregation {
        let stored = try Queries.catalogue(db)
        let catalogue: Catalogue
        do {
            catalogue = try Catalogue(units: stored.units, procedures: stored.procedures)
        } catch {
            throw StoreError.queryFailed(underlying: "\(error)")
        }
        func rows(_ query: AggregationSQL.Query) throws -> RowCursor {
            try Row.fetchCursor(
                db, sql: query.sql, arguments: StatementArguments(AggregationSQL.values(of: query, period: period, asOf: asOf)))
        }
        var dossierCounts: [DossierFactCounts] = []
        let counted = try rows(AggregationSQL.dossierCounts)
        while let row = try counted.next() {
            var c = DossierFactCounts(unitCode: row[0], procedureCode: row[1])
            for (i, column) in AggregationSQL.dossierCountColumns.enumerated() { c[keyPath: column.field] = row[i + 2] }
            dossierCounts.append(c)
        }
        var complained: [(unitCode: String, procedureCode: String, count: Int)] = []
        let complaints = try rows(AggregationSQL.complainedDossiers)
        while let row = try complaints.next() { complained.append((row[0], row[1], row[2])) }
        var petitionCounts: [PetitionFactCounts] = []
        let petitions = try rows(AggregationSQL.petitionCounts)
        while let row = try petitions.next() {
            petitionCounts.append(PetitionFactCounts(unitCode: row[0], petitions: row[1], onTime: row[2], satisfied: row[3]))
        }
        return IndexAccumulator.aggregate(
            catalogue: catalogue, period: period, asOf: asOf, calendar: basis.calendar, settings: basis.settings,
            dossierCounts: AggregationSQL.merge(dossierCounts: dossierCounts, complained: complained), petitionCounts: petitionCounts,
            includeChildren: includeChildren)
    }
}
