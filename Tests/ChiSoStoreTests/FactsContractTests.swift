import ChiSoCore
import ChiSoIngest
import ChiSoStore
import ChiSoTesting
import Foundation
import GRDB
import PostgresNIO
import Testing

@testable import ChiSoStore

/// The contract between Core's in-memory aggregation and the store's SQL over judged facts (DESIGN §5): on the same
/// generated province, covering every edge of DOMAIN §4 and §4a, both give the same counts for every unit, indicator
/// and period kind.
@Suite("Judged facts and aggregation in SQL")
struct FactsContractTests {
    static let official = try! CalendarFile.builtIn()
    static let basis = JudgingBasis(calendar: official)

    /// The periods: a month, a quarter, a year, the month of Tết, an open month judged "now", a closed month computed
    /// later (D7), and a month judged before it starts.
    static let periods: [(Period, Instant?)] = [
        (Period("2026-03")!, nil), (Period("2026-Q1")!, nil), (Period("2026")!, t(2026, 12, 31, 12)), (Period("2026-02")!, nil),
        (Period("2026-08")!, t(2026, 8, 21, 17)), (Period("2026-04")!, t(2026, 7, 1)), (Period("2026-09")!, t(2026, 8, 20)),
    ]

    struct Province {
        var dossiers: [Dossier] = []
        var petitions: [Petition] = []
        var ratings: [Rating] = []
        /// Each dossier's current version (the latest by the store's order).
        var current: [String: Dossier] = [:]
    }

    /// Generates a province, with newer versions of some dossiers and older ones arriving late.
    static func province(seed: UInt64, count: Int = 2500) -> Province {
        var generator = EdgeProvince(seed: seed, calendar: official)
        var p = Province()
        p.dossiers = (0..<count).map { generator.dossier("HS\($0)") }
        let codes = p.dossiers.map(\.code) + ["HS-none"]
        p.petitions = (0..<150).map { generator.petition("PA\($0)", dossiers: codes) }
        p.ratings = (0..<250).map { _ in generator.rating(dossiers: codes) }
        return p
    }

    static func ingest(_ p: Province, into store: any Store, proceduresLast: Bool = false) async throws -> [String: Dossier] {
        let at = t(2026, 12, 1)
        _ = try await store.ingest(units: IngestBatch(records: sourced(EdgeProvince.units, file: "units.csv"), at: at))
        if !proceduresLast {
            _ = try await store.ingest(procedures: IngestBatch(records: sourced(EdgeProvince.procedures, file: "procedures.csv"), at: at))
        }
        // Two batches, then newer versions of a third of the dossiers.
        let half = p.dossiers.count / 2
        for part in [Array(p.dossiers[..<half]), Array(p.dossiers[half...])] {
            _ = try await store.ingest(dossiers: IngestBatch(records: sourced(part), at: at))
        }
        var generator = EdgeProvince(seed: 99, calendar: official)
        let newer = p.dossiers.indices.filter { $0 % 3 == 0 }.map { i -> Dossier in
            var d = generator.dossier(p.dossiers[i].code)
            d.receivedAt = p.dossiers[i].receivedAt
            return d
        }
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced(newer, file: "newer.jsonl"), at: at))
        _ = try await store.ingest(petitions: IngestBatch(records: sourced(p.petitions, file: "petitions.csv"), at: at))
        _ = try await store.ingest(ratings: IngestBatch(records: sourced(p.ratings, file: "ratings.csv"), at: at))
        if proceduresLast {
            _ = try await store.ingest(procedures: IngestBatch(records: sourced(EdgeProvince.procedures, file: "procedures.csv"), at: at))
        }
        var current: [String: Dossier] = [:]
        for code in p.dossiers.map(\.code) { current[code] = try await store.dossier(code: code) }
        return current
    }

    static func expectSameCounts(_ store: any Store, _ p: Province, current: [String: Dossier], basis: JudgingBasis = basis) async throws {
        let catalogue = try Catalogue(units: EdgeProvince.units, procedures: EdgeProvince.procedures)
        let ratings = try await store.ratings()
        for (period, asOf) in periods {
            for includeChildren in [true, false] {
                let memory = IndexAccumulator.aggregate(
                    catalogue: catalogue, dossiers: current.values.sorted { $0.code < $1.code }, petitions: p.petitions, ratings: ratings,
                    period: period, asOf: asOf, calendar: basis.calendar, settings: basis.settings, includeChildren: includeChildren)
                let sql = try await store.aggregate(period: period, asOf: asOf, basis: basis, includeChildren: includeChildren)
                #expect(sql.asOf == memory.asOf)
                #expect(sql.unknownUnitDossiers == memory.unknownUnitDossiers, "\(period)")
                #expect(sql.unknownProcedureDossiers == memory.unknownProcedureDossiers, "\(period)")
                for (a, b) in zip(sql.figures, memory.figures) {
                    for indicator in Indicator.allCases {
                        #expect(a.counts[indicator] == b.counts[indicator], "\(period) \(a.unit.code) \(indicator)")
                    }
                    #expect(a.processing == b.processing, "\(period) \(a.unit.code)")
                    #expect(a.violations == b.violations, "\(period) \(a.unit.code)")
                }
                #expect(sql.figures.count == memory.figures.count)
            }
        }
        // The generated province is not trivial: every kind of figure is there.
        let year = try await store.aggregate(period: Period("2026")!, asOf: t(2026, 12, 31, 12), basis: basis, includeChildren: true)
        let province = year.figures[0]
        #expect(province.processing.resolvedOverdue > 50 && province.processing.openOverdue > 20 && province.processing.carriedOver >= 0)
        #expect(province.counts[.dossierSatisfaction].numerator > 0 && province.counts[.eResult].denominator > 0)
        #expect(province.counts[.petitionOnTime].denominator > 20 && !province.violations.isEmpty && year.unknownUnitDossiers > 0)
    }

    /// A new store of a backend, as a store that keeps judged facts.
    static func store(_ backend: Backend) async throws -> any JudgedFactsStore {
        try #require(try await backend.make() as? any JudgedFactsStore)
    }

    /// The number of rows of a table, on either backend.
    static func count(_ table: String, in store: any JudgedFactsStore) async throws -> Int {
        if let sqlite = store as? SQLiteStore { return try await sqlite.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")! } }
        let postgres = try #require(store as? PostgresStore)
        return try await postgres.client.withConnection { c in
            try await c.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table)"), logger: PostgresStore.silentLogger).collect()[0].decode(
                Int.self)
        }
    }

    /// The judged facts of both stores: written with the records, then aggregated in SQL.
    @Test(arguments: Backend.all)
    func sqlCountsEqualTheInMemoryAggregation(_ backend: Backend) async throws {
        let store = try await Self.store(backend)
        try await store.recordFactsBasisIfEmpty(Self.basis)
        let p = Self.province(seed: 5)
        let current = try await Self.ingest(p, into: store)
        // The facts were written with the records: scoring judges nothing again.
        #expect(try await store.prepareFacts(basis: Self.basis) == 0)
        #expect(try await Self.count("dossier_facts", in: store) > 0)
        try await Self.expectSameCounts(store, p, current: current)
    }

    /// A database whose dossiers were stored before any basis (as one from before the judged facts): the first scoring
    /// judges them, and the counts are right.
    @Test(arguments: Backend.all)
    func aDatabaseWithoutFactsIsJudgedAgainBeforeScoring(_ backend: Backend) async throws {
        let store = try await Self.store(backend)
        let p = Self.province(seed: 6, count: 1200)
        let current = try await Self.ingest(p, into: store)
        #expect(try await Self.count("dossier_facts", in: store) == 0)
        #expect(try await store.factsBasis() == nil)
        try await Self.expectSameCounts(store, p, current: current)
        #expect(try await store.factsBasis() == Self.basis)
    }

    /// Procedures arriving after their dossiers change the verdicts of those without a deadline (rule 7).
    @Test(arguments: Backend.all)
    func proceduresStoredAfterTheirDossiersJudgeThemAgain(_ backend: Backend) async throws {
        let store = try await Self.store(backend)
        try await store.recordFactsBasisIfEmpty(Self.basis)
        let p = Self.province(seed: 7, count: 1200)
        let current = try await Self.ingest(p, into: store, proceduresLast: true)
        #expect(try await store.prepareFacts(basis: Self.basis) == 0)
        try await Self.expectSameCounts(store, p, current: current)
    }

    /// Facts judged ahead of the write (``Store/prepare(dossiers:)``) with a catalogue that changed before the batch was
    /// written (the procedures, and their statutory times, stored meanwhile) are judged again in the transaction.
    @Test func factsJudgedAheadWithAnOutdatedCatalogueAreJudgedAgain() async throws {
        let store = try SQLiteStore.inMemory()
        try store.recordFactsBasisIfEmpty(Self.basis)
        var p = Self.province(seed: 9, count: 1200)
        let at = t(2026, 12, 1)
        _ = try await store.ingest(units: IngestBatch(records: sourced(EdgeProvince.units, file: "units.csv"), at: at))
        let prepared = try await store.prepare(dossiers: IngestBatch(records: sourced(p.dossiers), at: at))
        _ = try await store.ingest(procedures: IngestBatch(records: sourced(EdgeProvince.procedures, file: "procedures.csv"), at: at))
        let result = try await store.ingest(prepared: prepared)
        #expect(result.counts.accepted == p.dossiers.count)
        _ = try await store.ingest(petitions: IngestBatch(records: sourced(p.petitions, file: "petitions.csv"), at: at))
        _ = try await store.ingest(ratings: IngestBatch(records: sourced(p.ratings, file: "ratings.csv"), at: at))
        for d in p.dossiers { p.current[d.code] = d }
        #expect(try await store.prepareFacts(basis: Self.basis) == 0)
        try await Self.expectSameCounts(store, p, current: p.current)
    }

    /// Scoring with another calendar or other settings judges the facts again with them.
    @Test(arguments: Backend.all)
    func anotherBasisJudgesTheFactsAgain(_ backend: Backend) async throws {
        let store = try await Self.store(backend)
        try await store.recordFactsBasisIfEmpty(Self.basis)
        let p = Self.province(seed: 8, count: 1200)
        let current = try await Self.ingest(p, into: store)
        let other = JudgingBasis(calendar: .weekdaysOnly, settings: JudgeSettings(supplementRule: .restartWithNewDeadline))
        try await Self.expectSameCounts(store, p, current: current, basis: other)
        #expect(try await store.factsBasis() == other)
    }

    /// A dossier that is not received (D1) has no facts; its newer received version has them, and a newer version
    /// replaces the facts and timeline of the previous one.
    @Test(arguments: Backend.all)
    func factsFollowTheCurrentVersion(_ backend: Backend) async throws {
        let store = try await Self.store(backend)
        try await store.recordFactsBasisIfEmpty(Self.basis)
        let units = [
            ChiSoCore.Unit(code: "000.00.00.H10", name: "UBND tỉnh", kind: .province),
            ChiSoCore.Unit(code: "000.00.01.H10", name: "Sở Nội vụ", kind: .department, parentCode: "000.00.00.H10"),
        ]
        _ = try await store.ingest(units: IngestBatch(records: sourced(units, file: "units.csv"), at: t(2026, 3, 1)))
        var d = Dossier(
            code: "HS1", procedureCode: "1.001", unitCode: "000.00.01.H10", receivedAt: t(2026, 3, 2, 8), dueAt: t(2026, 3, 6, 17), state: .registered
        )
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced([d]), at: t(2026, 3, 2)))
        /// The numbers of facts rows and of verdict segments.
        func rows() async throws -> [Int] {
            [try await Self.count("dossier_facts", in: store), try await Self.count("dossier_verdicts", in: store)]
        }
        #expect(try await rows() == [0, 0])
        d.state = .processing
        d.processedAt = nil
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced([d]), at: t(2026, 3, 3)))
        #expect(try await rows() == [1, 2])  // within the deadline, then overdue
        d.state = .processed
        d.processedAt = t(2026, 3, 5, 9)
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced([d]), at: t(2026, 3, 6)))
        #expect(try await rows() == [1, 2])  // within the deadline, then early once processed
        #expect(try await Self.count("dossier_verdicts WHERE province_code = 'H10'", in: store) == 2)
    }
}

/// The SQLite migration that gives the ratings' facts their dossier's province.
@Suite("SQLite migration of the ratings' facts")
struct RatingFactsMigrationTests {
    /// A database whose facts were judged before the migration keeps no stale rating facts: the table is created again
    /// with the province, and the basis is forgotten, so that the next scoring judges every record again.
    @Test func ratingFactsGainTheProvinceAndTheFactsAreJudgedAgain() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "v3-judged-facts")
        try queue.write { db in
            // The table as the first release of `v3-judged-facts` created it, without the province.
            try db.execute(sql: "DROP TABLE rating_facts")
            try db.execute(
                sql:
                    "CREATE TABLE rating_facts (rating_id INTEGER PRIMARY KEY, dossier_code TEXT NOT NULL, rated_at INTEGER, unsatisfied INTEGER NOT NULL)"
            )
            try db.execute(sql: "INSERT INTO rating_facts (rating_id, dossier_code, rated_at, unsatisfied) VALUES (1, 'HS1', NULL, 1)")
            try db.execute(sql: "INSERT INTO facts_basis (id, basis) VALUES (1, 'x')")
        }
        try Schema.migrator.migrate(queue)
        let (columns, ratingFacts, bases) = try queue.read { db in
            (
                try db.columns(in: "rating_facts").map(\.name), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rating_facts"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM facts_basis")
            )
        }
        #expect(columns.contains("province_code"))
        #expect(ratingFacts == 0 && bases == 0)
    }
}
