import ChiSoStore
import ChiSoTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `chiso` executable: `CHISO_EXECUTABLE`, else next to the test bundle (the same build folder),
/// else `.build*/debug/chiso` under the package root.
func chisoExecutable() throws -> URL {
    let fm = FileManager.default
    if let path = ProcessInfo.processInfo.environment["CHISO_EXECUTABLE"], fm.isExecutableFile(atPath: path) {
        return URL(fileURLWithPath: path)
    }
    var candidates: [URL] = []
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        candidates.append(dir.appendingPathComponent("chiso"))
        dir = dir.deletingLastPathComponent()
    }
    for build in [".build-store", ".build"] {
        candidates.append(packageRoot.appendingPathComponent("\(build)/debug/chiso"))
        candidates.append(packageRoot.appendingPathComponent("\(build)/release/chiso"))
    }
    guard let found = candidates.first(where: { fm.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }) else {
        throw TestFailure("chiso executable not found (build it, or set CHISO_EXECUTABLE); looked at \(candidates.map(\.path))")
    }
    return found
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `chiso` to completion; returns its exit status and standard output.
@discardableResult
func runChiso(_ arguments: [String], in dir: URL) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = try chisoExecutable()
    process.arguments = arguments
    process.currentDirectoryURL = dir
    let out = dir.appendingPathComponent("stdout-\(UUID().uuidString).txt")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    let handle = try FileHandle(forWritingTo: out)
    process.standardOutput = handle
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8))
}

@Suite("chiso import / score from the database", .serialized)
struct CommandLineStoreTests {
    /// The database options of a new, empty database of each backend: a SQLite file, and a PostgreSQL database when
    /// `CHISO_TEST_POSTGRES` names a server.
    static let databases = ["sqlite"] + (PostgresTestServer.shared == nil ? [] : ["postgres"])

    static func newDatabase(_ kind: String, in dir: URL) async throws -> [String] {
        guard kind == "postgres" else { return ["--db", dir.appendingPathComponent("x.sqlite").path] }
        return ["--postgres", try await PostgresTestServer.shared!.newDatabaseURL()]
    }

    @Test(.timeLimit(.minutes(2)), arguments: databases)
    func scoreFromDatabaseEqualsScoreFromFiles(_ kind: String) async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let examples = packageRoot.appendingPathComponent("Examples")
        func example(_ name: String) -> String { examples.appendingPathComponent(name).path }
        let database = try await Self.newDatabase(kind, in: dir)
        let imported = try await chiso(
            [
                "import", example("units.csv"), example("procedures.csv"), example("dossiers.jsonl"), example("petitions.csv"),
                example("ratings.csv"),
            ] + database,
            in: dir)
        #expect(imported.status == 0)
        #expect(imported.output.contains("dossiers.jsonl (hồ sơ): 72 tiếp nhận mới, 0 cập nhật, 0 không đổi, 0 cách ly"))
        for period in ["2026-08", "2026-07", "2026-Q3", "2026"] {
            for format in ["json", "csv"] {
                let common = ["score", "--period", period, "--as-of", "2026-09-05", "--format", format]
                let fromFiles = try await chiso(
                    common + [
                        "--dossiers", example("dossiers.jsonl"), "--units", example("units.csv"), "--procedures", example("procedures.csv"),
                        "--petitions", example("petitions.csv"), "--ratings", example("ratings.csv"),
                    ], in: dir)
                let fromDatabase = try await chiso(common + database, in: dir)
                #expect(fromFiles.status == 0 && fromDatabase.status == 0)
                #expect(!fromFiles.output.isEmpty)
                #expect(fromDatabase.output == fromFiles.output, "\(period) \(format)")
            }
        }
        // Re-importing changes nothing.
        let again = try await chiso(["import", example("dossiers.jsonl")] + database, in: dir)
        #expect(again.output.contains("0 tiếp nhận mới, 0 cập nhật, 72 không đổi, 0 cách ly"))
        // A file that cannot be read: non-zero exit.
        #expect(try await chiso(["import", dir.appendingPathComponent("missing.jsonl").path] + database, in: dir).status != 0)
    }

    /// Kills `chiso import` mid-file, imports again to completion, and compares with an uninterrupted import.
    ///
    /// The kill is deterministic: the interrupted import reads a FIFO that the test writes, the first 10,000 records
    /// and then nothing, so the import commits five batches of 2,000 and waits for input when it is killed. The three
    /// imports read the same path (the FIFO is swapped for the file), so every record has the same origin.
    ///
    /// All data tables are compared row by row (``SQLiteStore/dataTableDump()``), without the columns that
    /// record ingestion times (`dossier_events.recorded_at`, `quarantine.first_seen`), which differ between
    /// any two runs. The import log is not compared: it records runs, not data — the interrupted run rightly
    /// stays `running` with the counts of the batches it committed, and the rerun adds its own line. The test
    /// checks exactly that instead.
    @Test(.timeLimit(.minutes(5)))
    func killedImportResumesToTheSameDatabase() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let feed = dir.appendingPathComponent("feed")
        try fm.createDirectory(at: feed, withIntermediateDirectories: true)
        let file = feed.appendingPathComponent("big.jsonl")
        let aside = dir.appendingPathComponent("big.jsonl")
        try writeDossierLines(count: 200_000, badEvery: 9_973, to: file)

        let reference = dir.appendingPathComponent("reference.sqlite").path
        let complete = try runChiso(["import", file.path, "--db", reference, "--quiet"], in: dir)
        #expect(complete.status == 0)

        // The same path becomes a FIFO for the interrupted import.
        try fm.moveItem(at: file, to: aside)
        try #require(mkfifo(file.path, 0o600) == 0)
        let crashed = dir.appendingPathComponent("crashed.sqlite").path
        let process = Process()
        process.executableURL = try chisoExecutable()
        process.arguments = ["import", file.path, "--kind", "dossiers", "--db", crashed, "--quiet", "--batch-size", "2000"]
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Opening the FIFO waits for the import to open it too.
        let writer = try #require(FileHandle(forWritingAtPath: file.path))
        let lines = try Data(contentsOf: aside)
        var end = lines.startIndex
        for _ in 0..<10_000 { end = lines[end...].firstIndex(of: 0x0A)! + 1 }
        try writer.write(contentsOf: lines[..<end])
        // The import now waits for more input; wait until its five batches are committed (seen by another connection).
        var committed = 0
        while committed < 10_000 {
            try #require(process.isRunning, "the import ended while it should wait for input")
            try await Task.sleep(for: .milliseconds(20))
            if let log = try? await SQLiteStore(path: crashed).importLog().first { committed = log.counts.total }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try writer.close()
        #expect(process.terminationReason == .uncaughtSignal)

        let interrupted = try await SQLiteStore(path: crashed).importLog()
        let killed = try #require(interrupted.first)
        #expect(interrupted.count == 1 && killed.status == .running)
        #expect(killed.counts.total == 10_000, "five whole batches, nothing of the sixth")

        try fm.removeItem(at: file)
        try fm.moveItem(at: aside, to: file)
        let resumed = try runChiso(["import", file.path, "--db", crashed, "--quiet"], in: dir)
        #expect(resumed.status == 0)
        let log = try await SQLiteStore(path: crashed).importLog()
        try #require(log.count == 2)
        #expect(log[1].status == .completed)
        #expect(log[1].counts.unchanged == killed.counts.accepted)
        #expect(log[1].counts.total == 200_000)

        let expected = try await SQLiteStore(path: reference).dataTableDump()
        let actual = try await SQLiteStore(path: crashed).dataTableDump()
        #expect(expected.keys.sorted() == actual.keys.sorted())
        #expect(expected["dossiers"]?.count == 200_000 - 200_000 / 9_973)
        #expect(expected["quarantine"]?.count == 200_000 / 9_973)
        for table in expected.keys.sorted() {
            #expect(expected[table] == actual[table], "table \(table) differs")
        }
    }

    /// `chiso import -` reads standard input (with `--kind`), and without `--kind` says that it is needed.
    @Test(.timeLimit(.minutes(2)))
    func importReadsStandardInput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("some.jsonl")
        try writeDossierLines(count: 30, badEvery: 10, to: file)
        let db = dir.appendingPathComponent("x.sqlite").path
        let process = Process()
        process.executableURL = try chisoExecutable()
        process.arguments = ["import", "-", "--kind", "dossiers", "--db", db, "--quiet"]
        process.currentDirectoryURL = dir
        process.standardInput = try FileHandle(forReadingFrom: file)
        let out = dir.appendingPathComponent("out.txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let output = try String(contentsOf: out, encoding: .utf8)
        #expect(output.contains("đầu vào chuẩn (hồ sơ): 27 tiếp nhận mới, 0 cập nhật, 0 không đổi, 3 cách ly"))
        #expect(try runChiso(["import", "-", "--db", db], in: dir).status != 0)
    }
}

/// Small DongBoHoSoMC records as JSON lines, with a malformed one every `badEvery` records.
func writeDossierLines(count: Int, badEvery: Int, to url: URL) throws {
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    var buffer = ""
    for i in 1...count {
        if i % badEvery == 0 {
            buffer += "{\"MaHoSo\": \"BAD-\(i)\", \"NgayTiepNhan\": \"not a date\"}\n"
        } else {
            let day = 1 + i % 28
            let dd = day < 10 ? "0\(day)" : "\(day)"
            let state = i % 3 == 0 ? 4 : 10
            var line = "{\"MaHoSo\":\"U\(i % 50)-2608\(dd)-\(i)\",\"MaTTHC\":\"1.00\(i % 40)\",\"DonViXuLy\":\"U\(i % 50)\",\"KenhThucHien\":2"
            line += ",\"NgayTiepNhan\":\"202608\(dd)080000\",\"NgayHenTra\":\"202609\(dd)080000\",\"TrangThaiHoSo\":\(state)"
            if state == 10 { line += ",\"NgayKetThucXuLy\":\"202609\(dd)070000\"" }
            buffer += line + "}\n"
        }
        if buffer.utf8.count > 1 << 20 {
            handle.write(Data(buffer.utf8))
            buffer = ""
        }
    }
    handle.write(Data(buffer.utf8))
}
