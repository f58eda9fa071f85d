import ChiSoCore
import Foundation
import GRDB
import Testing

@testable import ChiSoStore

/// Two processes on one SQLite file (a running server and `chiso import` or `chiso user link` beside it).
@Suite("SQLite: writers in two connections")
struct SQLiteConcurrencyTests {
    @Test func aSecondWriterWaitsForTheFirstInsteadOfFailing() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-busy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("chiso.sqlite").path
        let server = try SQLiteStore(path: path)
        let command = try SQLiteStore(path: path)
        let started = DispatchSemaphore(value: 0)
        // The first connection holds the write lock for a second, as a long import batch or a judging of facts does.
        let holder = Task.detached {
            try server.writer.write { db in
                try db.execute(sql: "CREATE TABLE held (x INTEGER)")
                started.signal()
                Thread.sleep(forTimeInterval: 1)
            }
        }
        started.wait()
        let batch = IngestBatch(
            records: sourced([ChiSoCore.Unit(code: "P", name: "Tỉnh P", kind: .province, parentCode: nil)], file: "donvi.csv"), at: t0)
        let result = try await command.ingest(units: batch)
        #expect(result.counts.accepted == 1)
        try await holder.value
    }
}
