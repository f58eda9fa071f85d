import ChiSoCore
import ChiSoStore
import ChiSoTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `chiso` on a Dispatch thread, so that waiting for it does not hold one of the few threads of the
/// concurrency pool that the other suites' servers need.
func chiso(_ arguments: [String], in dir: URL) async throws -> (status: Int32, output: String) {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try runChiso(arguments, in: dir) }) }
    }
}

/// `chiso` against broken input and killed imports: the unit hierarchy, quarantine per file, abandoned imports,
/// audited imports and transfers.
@Suite("chiso import: hardening")
struct CommandLineHardeningTests {
    @Test(.timeLimit(.minutes(2)))
    func brokenUnitRowsAreQuarantinedAndScoringStillWorks() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("x.sqlite").path
        let examples = packageRoot.appendingPathComponent("Examples")
        let units = try String(contentsOf: examples.appendingPathComponent("units.csv"), encoding: .utf8)
        var lines = units.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        // A child row before its parent, an unknown parent and a unit that is its own parent.
        let header = lines.removeFirst()
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).count
        func row(_ cells: [String]) -> String { (cells + Array(repeating: "", count: max(0, columns - cells.count))).joined(separator: ",") }
        lines.reverse()
        lines.append(row(["MO-COI", "Đơn vị mồ côi", "other", "KHONG-CO"]))
        lines.append(row(["VONG", "Đơn vị vòng", "other", "VONG"]))
        let file = dir.appendingPathComponent("donvi.csv")
        try ([header] + lines).joined(separator: "\n").appending("\n").write(to: file, atomically: true, encoding: .utf8)
        let imported = try await chiso(["import", file.path, "--db", db, "--kind", "units", "--quiet"], in: dir)
        #expect(imported.status == 0)
        #expect(imported.output.contains("\(lines.count - 2) tiếp nhận mới, 0 cập nhật, 0 không đổi, 2 cách ly"), "\(imported.output)")
        let other = try await chiso(["import", examples.appendingPathComponent("dossiers.jsonl").path, "--db", db, "--quiet"], in: dir)
        #expect(other.status == 0)
        // Dossiers of a unit not in the catalogue are stored, held, and said so.
        let held = dir.appendingPathComponent("held.jsonl")
        try
            (#"{"MaHoSo":"ZZ-1","MaTTHC":"1.001","DonViXuLy":"ZZ","KenhThucHien":2,"NgayTiepNhan":"20260803080000","#
            + #""NgayHenTra":"20260801080000","TrangThaiHoSo":4}"# + "\n").write(to: held, atomically: true, encoding: .utf8)
        let heldImport = try await chiso(["import", held.path, "--db", db, "--quiet"], in: dir)
        #expect(heldImport.output.contains("cảnh báo: 1 hồ sơ của đơn vị chưa có trong danh mục"), "\(heldImport.output)")
        #expect(heldImport.output.contains("1 hồ sơ có hạn trả trước ngày tiếp nhận"))
        let quality = try await chiso(["quality", "--db", db], in: dir)
        #expect(quality.status == 0)
        #expect(quality.output.contains("Đơn vị ZZ: chưa có trong danh mục: 1 hồ sơ đang được giữ"), "\(quality.output)")
        let score = try await chiso(["score", "--period", "2026-08", "--as-of", "2026-09-05", "--format", "json", "--db", db], in: dir)
        #expect(score.status == 0)
        #expect(!score.output.isEmpty)
        let store = try SQLiteStore(path: db)
        let reasons = try await store.quarantined().map(\.reason)
        #expect(reasons.contains { $0.contains("KHONG-CO") } && reasons.contains { $0.contains("vòng lặp") })
        // The import is in the audit log, line by line with its batches.
        let audit = try await store.auditLog(limit: 10)
        #expect(audit.contains { $0.actor == "cli" && $0.action == "import.units" && $0.detail.contains(file.path) })
        #expect(audit.contains { $0.actor == "cli" && $0.action == "import.dossiers" })
    }

    @Test(.timeLimit(.minutes(2)))
    func sameFileNameInTwoFoldersKeepsTwoQuarantineEntries() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("x.sqlite").path
        for folder in ["thang-7", "thang-8"] {
            let sub = dir.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try "{\"MaHoSo\": \"BAD\", \"NgayTiepNhan\": \"không phải ngày\"}\n".write(
                to: sub.appendingPathComponent("hoso.jsonl"), atomically: true, encoding: .utf8)
            #expect(try await chiso(["import", sub.appendingPathComponent("hoso.jsonl").path, "--db", db, "--quiet"], in: dir).status == 0)
        }
        let quarantined = try await SQLiteStore(path: db).quarantined()
        #expect(quarantined.count == 2)
        #expect(quarantined.allSatisfy { $0.reason.hasPrefix("hoso.jsonl") })
    }

    @Test(.timeLimit(.minutes(2)))
    func importsOfDeadProcessesAreInterruptedByTheNextImport() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("x.sqlite").path
        // A process that has ended: its pid names no live process (or, reused, another start time).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/sh")
        ended.arguments = ["-c", "exit 0"]
        try ended.run()
        ended.waitUntilExit()
        let store = try SQLiteStore(path: db)
        _ = try await store.beginImport(file: "/a/hoso.jsonl", kind: .dossiers, at: t0, owner: "pid:\(ended.processIdentifier):1")
        _ = try await store.beginImport(file: "/b/hoso.jsonl", kind: .dossiers, at: t0, owner: "pid:\(getpid()):")
        let file = dir.appendingPathComponent("hoso.jsonl")
        try writeDossierLines(count: 10, badEvery: 100, to: file)
        #expect(try await chiso(["import", file.path, "--db", db, "--quiet"], in: dir).status == 0)
        let log = try await store.importLog()
        #expect(log.map(\.status) == [.interrupted, .running, .completed])
        #expect(log[2].owner?.hasPrefix("pid:") == true)
    }

    @Test(.timeLimit(.minutes(2)))
    func transferIsAnAuditedAdministratorAction() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("x.sqlite").path
        let store = try SQLiteStore(path: db)
        let dossier = Dossier(code: "HS-1", procedureCode: "P", unitCode: "U", receivedAt: t0, state: .processing)
        _ = try await store.ingest(
            dossiers: IngestBatch(records: [Sourced(dossier, origin: RecordOrigin(fileName: "http:igate"))], at: t0, source: "igate"))
        let moved = try await chiso(["dossier", "transfer", "--code", "HS-1", "--to", "khac", "--db", db], in: dir)
        #expect(moved.status == 0)
        #expect(moved.output.contains("từ nguồn igate sang nguồn khac"))
        #expect(try await store.owner(ofDossier: "HS-1") == "khac")
        let line = try #require(try await store.auditLog(limit: 5).first)
        #expect(line.action == "dossier.transfer" && line.actor == "cli" && line.detail.contains("HS-1"))
        #expect(try await chiso(["dossier", "transfer", "--code", "KHONG-CO", "--to", "khac", "--db", db], in: dir).status != 0)
        // Tokens are dossier-only unless asked; a link is audited when created.
        #expect(try await chiso(["token", "create", "--source", "igate", "--scope", "catalogue", "--db", db], in: dir).status == 0)
        let actions = try await store.auditLog(limit: 5).map(\.detail)
        #expect(actions.first == "nguồn igate, phạm vi catalogue")
    }
}
