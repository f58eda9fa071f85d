import ArgumentParser
import ChiSoCore
import ChiSoDemo
import ChiSoIngest
import ChiSoReport
import ChiSoStore
import Foundation
import Testing

@testable import chiso

/// `chiso reconcile`, `chiso report --type reconciliation` and the monthly notice's national ranking, on the demo's
/// database with its portal snapshots.
@Suite struct ReconcileCommandTests {
    /// A demo database (three months to 18 March 2026) in a temporary folder, with its generated data.
    static func demo() async throws -> (directory: String, db: String, data: DemoData) {
        let calendar = try CalendarFile.builtIn()
        let options = DemoOptions(months: 3, seed: 42, scale: .small, today: LocalDate(year: 2026, month: 3, day: 18)!)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-reconcile-\(UUID().uuidString)").path
        let files = try DemoLoader.writeFiles(options: options, calendar: calendar, directory: directory + "/files", report: { _ in })
        let db = directory + "/chiso.sqlite"
        let store = try SQLiteStore(path: db)
        _ = try await DemoLoader.importFiles(files, into: store)
        return (directory, db, DemoProvince.generate(options, calendar: calendar))
    }

    @Test func reconcileFindsTheDemosMissingUnitAndUnsyncedDossiersAsOfTheTimeOfExport() async throws {
        let (directory, db, data) = try await Self.demo()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let february = Period.month(2026, 2)
        let command = try ReconcileCommand.parse(["--period", "2026-02", "--db", db, "--format", "json"])
        let r = try await NationalInputs.reconciliation(source: command.source, snapshot: nil, mapping: nil)
        #expect(r.takenAt == Instant(local: LocalDate(year: 2026, month: 3, day: 3)!, hour: 15))
        #expect(r.isComplete && !r.isProvisional)
        #expect(r.standing?.provinceCount == 34)

        let missing = try #require(DemoNational.missingUnit(data, period: february))
        let line = try #require(r.units.first { $0.unit?.code == missing.code })
        #expect(line.presence == .chisoOnly)
        #expect(line.explanations.map(\.kind) == [.unitOneSide])
        #expect(r.matching.unmatchedUnits.map(\.unit.code) == [missing.code])
        #expect(r.matching.unmatchedPortal.isEmpty)

        // Every dossier received in February and never synced is named under its unit.
        let unsynced = data.dossiers.filter { !$0.synced && february.contains($0.receivedAt) }.map(\.code)
        #expect(!unsynced.isEmpty)
        let explained = Set(r.units.flatMap { $0.explanation(.notSynced)?.dossierCodes ?? [] })
        let onPortalUnits = Set(
            data.dossiers.filter { d in !d.synced && february.contains(d.receivedAt) && !isUnder(d.unitCode, missing.code, data) }.map(\.code))
        #expect(onPortalUnits.isSubset(of: explained))
        #expect(Set(r.province?.explanation(.notSynced)?.dossierCodes ?? []) == Set(unsynced))

        let json = try r.rendered(as: .json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "chiso.reconcile/1")
        let lines = try #require(document["units"] as? [[String: Any]])
        #expect(lines.contains { $0["presence"] as? String == "chiso_only" })
        let kinds = lines.flatMap { ($0["explanations"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } }
        #expect(kinds.contains("not_synced"))
        let csv = try r.rendered(as: .csv)
        #expect(csv.hasPrefix("unit_code,unit_name,presence,portal_id,indicator,"))

        // A mapping row that names another unit wins over the name.
        let mappingFile = directory + "/mapping.csv"
        let portalRow = try #require(r.units.first { $0.presence == .both }?.portal)
        try "portal_id_or_code,unit_code\n\(portalRow.key),\(missing.code)\n".write(toFile: mappingFile, atomically: true, encoding: .utf8)
        let mapped = try await NationalInputs.reconciliation(source: command.source, snapshot: nil, mapping: mappingFile)
        #expect(mapped.matching.matches.first { $0.unit.code == missing.code }?.method == .mapping)
    }

    @Test func theNoticeTakesTheRankingFromTheSnapshotAndTheReconciliationReportIsWritten() async throws {
        let (directory, db, _) = try await Self.demo()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notice = try ReportCommand.parse(["--type", "monthly-notice", "--period", "2026-02", "--db", db, "--out", directory + "/out"])
        let ranking = try #require(try await notice.nationalRanking(period: .month(2026, 2)))
        #expect(ranking.provinceCount == 34)
        #expect(ranking.sourceNote == "Nguồn: Cổng Dịch vụ công quốc gia, số liệu trích xuất lúc 15 giờ 00 phút ngày 03/03/2026")
        #expect(ranking.entries.contains { $0.previousRank != nil })

        var report = try ReportCommand.parse([
            "--type", "reconciliation", "--period", "2026-02", "--db", db, "--out", directory + "/out", "--format", "docx,xlsx,html",
        ])
        try await report.run()
        let html = try String(contentsOfFile: directory + "/out/doi-chieu-2026-02.html", encoding: .utf8)
        #expect(html.contains("Cổng Dịch vụ công quốc gia"))
        #expect(html.contains("số liệu trích xuất lúc 15 giờ 00 phút ngày 03/03/2026"))
        #expect(!html.contains("ChiSo"))
        // The demo's ministry dossiers, which the province does not hold, make the portal count more at one department.
        #expect(html.contains("Cổng Dịch vụ công quốc gia ghi nhận nhiều hồ sơ hơn Hệ thống thông tin giải quyết TTHC tỉnh"))
        #expect(FileManager.default.fileExists(atPath: directory + "/out/doi-chieu-2026-02.docx"))
        #expect(FileManager.default.fileExists(atPath: directory + "/out/doi-chieu-2026-02.xlsx"))

        #expect(throws: (any Error).self) {
            _ = try ReportCommand.parse(["--type", "reconciliation", "--period", "2026-02", "--counts", "x.csv", "--out", directory])
        }
        report = try ReportCommand.parse(["--type", "reconciliation", "--period", "2025-06", "--db", db, "--out", directory + "/out"])
        await #expect(throws: CommandFailure.self) { try await report.run() }
        // A database that does not exist is reported, not created empty.
        let absent = directory + "/khong-co.sqlite"
        report = try ReportCommand.parse(["--type", "reconciliation", "--period", "2026-02", "--db", absent, "--out", directory + "/out"])
        await #expect(throws: CommandFailure.self) { try await report.run() }
        #expect(!FileManager.default.fileExists(atPath: absent))
    }

    /// Whether a unit is the given unit or below it.
    func isUnder(_ code: String, _ ancestor: String, _ data: DemoData) -> Bool {
        var current: String? = code
        while let c = current {
            if c == ancestor { return true }
            current = data.units.first { $0.code == c }?.parentCode
        }
        return false
    }
}
