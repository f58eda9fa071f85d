import ChiSoCore
import ChiSoDemo
import ChiSoIngest
import Foundation
import GRDB
import Testing

@testable import ChiSoStore

@testable import chiso

/// The demo province's files, read back through the real readers, give the generated records.
@Suite struct DemoRoundTripTests {
    @Test func writtenFilesReadBackAsGenerated() throws {
        let calendar = try CalendarFile.builtIn()
        let options = DemoOptions(months: 1, seed: 42, scale: .small, today: LocalDate(year: 2026, month: 3, day: 18)!)
        let data = DemoProvince.generate(options, calendar: calendar)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = try DemoLoader.writeFiles(options: options, calendar: calendar, directory: directory, report: { _ in }).records
        func path(_ name: String) throws -> String { try #require(paths.first { $0.hasSuffix(name) }) }

        let units = try Inputs.units(try path("donvi.csv"))
        #expect(units.issues.isEmpty)
        #expect(units.records == data.units)
        let procedures = try Inputs.procedures(try path("tthc.csv"))
        #expect(procedures.issues.isEmpty)
        #expect(procedures.records == data.procedures)
        let petitions = try Inputs.petitions(try path("pakn.csv"))
        #expect(petitions.issues.isEmpty)
        #expect(petitions.records == data.petitions)
        let ratings = try Inputs.ratings(try path("danhgia.csv"))
        #expect(ratings.issues.isEmpty)
        #expect(ratings.records == data.ratings)
        let targets = try Inputs.targets(try path("chitieu.csv"))
        #expect(targets.issues.isEmpty)
        #expect(targets.records == data.targets)

        let dossiers = try Inputs.dossiers([try path("hoso.jsonl")])
        #expect(dossiers.issues.isEmpty)
        #expect(dossiers.records.count == data.dossiers.count)
        // DongBoHoSoMC has no field for pauses: they are the one fact that does not come back.
        var mismatches = 0
        for (read, generated) in zip(dossiers.records, data.dossiers) {
            var expected = generated
            expected.pauses = []
            if read != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// The demo imports its dossiers before their ratings, so that every rating's judged facts are placed in its
    /// dossier's province (the partition and shard it goes to), none left without one.
    @Test func importedRatingsFactsCarryTheirDossiersProvince() async throws {
        let calendar = try CalendarFile.builtIn()
        let options = DemoOptions(months: 1, seed: 42, scale: .small, today: LocalDate(year: 2026, month: 3, day: 18)!)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try DemoLoader.writeFiles(options: options, calendar: calendar, directory: directory, report: { _ in })
        let store = try SQLiteStore(path: (directory as NSString).appendingPathComponent("demo.sqlite"))
        try store.recordFactsBasisIfEmpty(JudgingBasis(calendar: calendar))
        _ = try await DemoLoader.importFiles(files, into: store, quiet: true)
        let provinces = try store.readBlocking { db in
            try Row.fetchAll(db, sql: "SELECT province_code, COUNT(*) AS n FROM rating_facts GROUP BY 1").map { ($0[0] as String, $0[1] as Int) }
        }
        #expect(provinces.count == 1 && provinces.first?.0 == "H10" && (provinces.first?.1 ?? 0) > 0, "\(provinces)")
    }
}
