import ArgumentParser
import ChiSoCore
import ChiSoTesting
import Foundation
import Testing

@testable import chiso

func example(_ name: String) -> String { packageRoot.appendingPathComponent("Examples/\(name)").path }

@Suite struct ScoreCommandTests {
    func filesSource(_ period: String = "2026-08", extra: [String] = []) throws -> DataSourceOptions {
        try DataSourceOptions.parse(
            [
                "--period", period, "--dossiers", example("dossiers.jsonl"), "--units", example("units.csv"), "--procedures",
                example("procedures.csv"),
                "--petitions", example("petitions.csv"), "--ratings", example("ratings.csv"),
            ] + extra)
    }

    @Test func parsesAndValidates() throws {
        #expect(throws: (any Error).self) { try DataSourceOptions.parse(["--period", "2026-13", "--counts", "x.csv"]) }
        #expect(throws: (any Error).self) { try DataSourceOptions.parse(["--period", "2026-08", "--counts", "a.csv", "--dossiers", "b.jsonl"]) }
        #expect(throws: (any Error).self) { try ScoreCommand.parse(["--period", "2026-08", "--counts", "a.csv", "--format", "xml"]) }
        let command = try ScoreCommand.parse(["--period", "2026-Q3", "--counts", "a.csv", "--level", "commune", "--format", "json"])
        #expect(command.source.period == "2026-Q3")
    }

    @Test func examplesScoreWithoutRejectedRecords() throws {
        let loaded = try filesSource().load()
        #expect(loaded.issues.isEmpty)
        let board = loaded.scoreboard()
        #expect(board.entries.count == 8)  // the district ceased on 30/6/2025 and is not ranked
        #expect(!board.entries.contains { $0.unit.kind == .district })
        // Ranks within each level start at 1 and follow the totals.
        for kind in ChiSoCore.Unit.Kind.allCases {
            let level = board.entries.filter { $0.unit.kind == kind }
            guard !level.isEmpty else { continue }
            #expect(level[0].ranked.rank == 1)
            #expect(zip(level, level.dropFirst()).allSatisfy { Decimal2.round($0.score.total) >= Decimal2.round($1.score.total) })
        }
        // The province's processing table covers its children.
        let province = try #require(board.entries.first { $0.unit.kind == .province })
        let children = board.entries.filter { $0.unit.parentCode == province.unit.code }
        #expect(province.figures.processing.total == children.reduce(0) { $0 + $1.figures.processing.total })
    }

    @Test func jsonSchemaIsStable() throws {
        let targets = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-targets-\(UUID().uuidString).csv")
        try "indicator,applies_to,period,target_percent,source\ndossier_online_payment,department,2026,70,01/QĐ-UBND\n".write(
            to: targets, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: targets) }
        let json = try filesSource(extra: ["--targets", targets.path]).load().scoreboard(levels: [.department]).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "chiso.score/1")
        #expect(object["period"] as? String == "2026-08")
        let units = try #require(object["units"] as? [[String: Any]])
        #expect(units.count == 4)
        let first = try #require(units.first)
        for key in [
            "code", "name", "kind", "parent", "rank", "previous_rank", "total", "previous_total", "classification", "groups", "indicators",
            "processing", "targets",
        ] {
            #expect(first[key] != nil, "missing \(key)")
        }
        let indicators = try #require(first["indicators"] as? [String: Any])
        #expect(indicators.count == 21)
        let onTime = try #require(indicators["dossier_on_time"] as? [String: Any])
        #expect(onTime["name"] as? String == "Hồ sơ xử lý trước hạn, đúng hạn")
        let sum = try #require(first["groups"] as? [String: [String: Any]]).values.reduce(0.0) {
            $0 + (($1["points"] as? NSNumber)?.doubleValue ?? 0)
        }
        #expect(abs(sum - ((first["total"] as? NSNumber)?.doubleValue ?? -1)) < 0.05)
        // Sở Nội vụ has no dossier: its timeliness rate is null, never 0.
        let noi = try #require(units.first { $0["name"] as? String == "Sở Nội vụ" })
        let noiOnTime = try #require((noi["indicators"] as? [String: Any])?["dossier_on_time"] as? [String: Any])
        #expect(noiOnTime["rate"] is NSNull)
        #expect(noi["no_dossiers"] as? Bool == true)
        let target = try #require((first["targets"] as? [[String: Any]])?.first)
        #expect((target["target"] as? NSNumber)?.doubleValue == 70)
        #expect(target["source"] as? String == "01/QĐ-UBND")
    }

    @Test func countsSourceReproducesSeed000OnlinePayment() throws {
        let loaded = try DataSourceOptions.parse(["--period", "2024-07", "--counts", example("counts.csv")]).load()
        let board = loaded.scoreboard()
        let tnmt = try #require(board.entries.first { $0.unit.name == "Sở Tài nguyên và Môi trường" })
        let payment = try #require(tnmt.score.indicator(.dossierOnlinePayment))
        #expect(Decimal2.vietnamese(payment.rate!) == "64,67")
        #expect(Decimal2.vietnamese(payment.points) == "3,88")
        let csv = try board.rendered(as: .csv)
        #expect(csv.split(separator: "\n").count == 5)
        let table = try board.rendered(as: .table)
        #expect(table.contains("SỞ, BAN, NGÀNH"))
        #expect(table.contains("* Trong kỳ không phát sinh hồ sơ: Sở Nội vụ."))
    }

    @Test func asOfArgument() {
        #expect(Instant(argument: "2026-08-15") == Instant(local: LocalDate(year: 2026, month: 8, day: 15)!, hour: 23, minute: 59, second: 59))
        #expect(Instant(argument: "2026-08-15 10:30") == Instant(local: LocalDate(year: 2026, month: 8, day: 15)!, hour: 10, minute: 30))
        #expect(Instant(argument: "20260815103000") == Instant(local: LocalDate(year: 2026, month: 8, day: 15)!, hour: 10, minute: 30))
        #expect(Instant(argument: "15/08/2026") == nil)
    }
}

/// DOMAIN §4a D11 on the command line: a period with no data, or one that has not started, is refused with a
/// clear Vietnamese message instead of being scored as if it were real.
@Suite struct PeriodRefusalCommandTests {
    func source(_ period: String) throws -> DataSourceOptions {
        try DataSourceOptions.parse([
            "--period", period, "--dossiers", example("dossiers.jsonl"), "--units", example("units.csv"), "--procedures",
            example("procedures.csv"), "--as-of", "2026-09-15T10:00:00",
        ])
    }

    @Test func periodWithNoDataIsRefused() throws {
        #expect(throws: PeriodRefusal.noData(Period("2020-03")!)) { try source("2020-03").load() }
    }

    @Test func periodNotStartedIsRefused() throws {
        let error = #expect(throws: PeriodRefusal.self) { try source("2026-11").load() }
        #expect(error == .notStarted(Period("2026-11")!))
        #expect(error?.description.contains("chưa bắt đầu") == true)
    }
}

/// A command that only reads never creates a database (issue: documents, defect 2): a mistyped `--db` is an
/// error with a Vietnamese message, not an empty province scored 14/100.
@Suite struct MissingDatabaseTests {
    @Test func readCommandsRefuseAMissingDatabase() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-missing-\(UUID().uuidString).sqlite").path
        let error = #expect(throws: CommandFailure.self) { try DataSourceOptions.parse(["--period", "2026-08", "--db", path]).load() }
        #expect(error?.description.contains("Không có cơ sở dữ liệu") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
        await #expect(throws: CommandFailure.self) { try await OverdueCommand.parse(["--db", path]).run() }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

/// `chiso report --out` that cannot be written gives a Vietnamese message (issue: documents, defect 10).
@Suite struct ReportOutputTests {
    @Test func unwritableOutputIsAVietnameseError() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-out-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let command = try ReportCommand.parse([
            "--type", "classification", "--period", "2026-08", "--out", file.appendingPathComponent("sub").path, "--format", "html",
            "--dossiers", example("dossiers.jsonl"), "--units", example("units.csv"), "--procedures", example("procedures.csv"),
            "--as-of", "2026-09-05",
        ])
        let error = await #expect(throws: CommandFailure.self) { try await command.run() }
        #expect(error?.description.contains("Không tạo được thư mục --out") == true)
    }
}
