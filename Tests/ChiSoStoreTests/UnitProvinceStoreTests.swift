import ChiSoCore
import ChiSoDemo
import ChiSoStore
import Foundation
import GRDB
import PostgresNIO
import Testing

@testable import ChiSoStore

/// One rule for the province of a record (``ChiSoCore/UnitProvince``): the judged facts and the partitions of both stores
/// place the demo province's records in the province of their unit, whether the unit's code ends with the province's
/// (a department) or begins with it (a commune).
@Suite("The province of a record")
struct UnitProvinceStoreTests {
    /// Pairs of text columns a query returns, on either backend.
    static func pairs(_ sql: String, in store: any JudgedFactsStore) async throws -> Set<[String]> {
        if let sqlite = store as? SQLiteStore {
            return try await sqlite.read { db in Set(try Row.fetchAll(db, sql: sql).map { [$0[0], $0[1]] }) }
        }
        let postgres = try #require(store as? PostgresStore)
        return try await postgres.client.withConnection { c in
            Set(
                try await c.query(PostgresQuery(unsafeSQL: sql), logger: PostgresStore.silentLogger).collect().map {
                    let (a, b) = try $0.decode((String, String).self)
                    return [a, b]
                })
        }
    }

    @Test(arguments: Backend.all)
    func bothStoresPlaceTheDemosRecordsInTheProvinceOfTheirUnit(_ backend: Backend) async throws {
        let demo = DemoProvince.generate(
            DemoOptions(months: 3, seed: 3, scale: .small, today: LocalDate(year: 2025, month: 8, day: 14)!), calendar: FactsContractTests.official)
        let expected = UnitProvince.provinces(of: demo.units)
        #expect(expected.count == demo.units.count && Set(expected.values) == ["H10"])
        // One received dossier and one petition of each unit that has some.
        var seen: Set<String> = []
        let dossiers = demo.dossiers.filter { $0.state.isReceived && seen.insert($0.unitCode).inserted }
        seen = []
        let petitions = demo.petitions.filter { seen.insert($0.unitCode).inserted }
        #expect(dossiers.contains { $0.unitCode.hasPrefix("H10.") } && dossiers.contains { $0.unitCode.hasPrefix("000.00.") })

        let store = try await FactsContractTests.store(backend)
        try await store.recordFactsBasisIfEmpty(FactsContractTests.basis)
        let at = demo.options.asOf
        _ = try await store.ingest(units: IngestBatch(records: sourced(demo.units, file: "units.csv"), at: at))
        _ = try await store.ingest(procedures: IngestBatch(records: sourced(demo.procedures, file: "procedures.csv"), at: at))
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced(dossiers), at: at))
        _ = try await store.ingest(petitions: IngestBatch(records: sourced(petitions, file: "petitions.csv"), at: at))

        var queries = [
            "SELECT DISTINCT unit_code, province_code FROM dossier_facts",
            "SELECT DISTINCT d.unit_code, v.province_code FROM dossier_verdicts v JOIN dossier_facts d ON d.dossier_id = v.dossier_id",
            "SELECT DISTINCT unit_code, province_code FROM petition_facts",
        ]
        if store is PostgresStore {
            // The records' partitions too.
            queries += ["SELECT DISTINCT unit_code, province_code FROM dossiers", "SELECT DISTINCT code, province_code FROM petitions"]
        }
        for sql in queries {
            let placed = try await Self.pairs(sql, in: store)
            #expect(!placed.isEmpty, "\(sql)")
            for pair in placed where !pair[0].hasPrefix("PAKN.") { #expect(pair[1] == expected[pair[0]], "\(sql): \(pair)") }
            for pair in placed where pair[0].hasPrefix("PAKN.") { #expect(pair[1] == "H10", "\(sql): \(pair)") }
        }
    }
}
