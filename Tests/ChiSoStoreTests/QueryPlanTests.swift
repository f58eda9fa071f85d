import ChiSoCore
import ChiSoTesting
import Foundation
import GRDB
import Testing

@testable import ChiSoStore

/// The read path's plan choice and its parallel decoding, which the contract tests only see on small data.
@Suite("SQLite read path")
struct QueryPlanTests {
    @Test func decodingInManyChunksKeepsRowOrder() throws {
        let store = try SQLiteStore.inMemory()
        let dossiers = RandomDossiers.generated(3_000, seed: 11)
        let prepared = dossiers.map { Ingestion.PreparedDossier($0) }
        let batch = IngestBatch(records: sourced(dossiers), at: t0)
        _ = try store.writer.write { db in try Ingestion.dossiers(db, batch, prepared) }
        for chunkBytes in [1, 1_000, 50_000, 4 << 20] {
            let got = try store.readBlocking { db in
                try Queries.decodeDossiers(db, sql: "SELECT data FROM dossiers ORDER BY id", arguments: [], chunkBytes: chunkBytes)
            }
            #expect(got == dossiers, "chunks of \(chunkBytes) bytes")
        }
        // A damaged blob in a middle chunk fails the whole read.
        try store.writer.write { db in try db.execute(sql: "UPDATE dossiers SET data = x'01ff' WHERE id = 1500") }
        #expect(throws: StoreError.corruptRecord(table: "dossiers")) {
            try store.readBlocking { db in
                try Queries.decodeDossiers(db, sql: "SELECT data FROM dossiers ORDER BY id", arguments: [], chunkBytes: 1_000)
            }
        }
    }

    @Test func periodCoveringMostDossiersScansTheTable() async throws {
        let store = try SQLiteStore.inMemory()
        let dossiers = RandomDossiers.generated(1_000, seed: 5)
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced(dossiers), at: t0))
        let received = dossiers.map(\.receivedAt.secondsSinceEpoch)
        let (low, high) = (received.min()!, received.max()!)
        let (covers, plans) = try store.readBlocking { db throws -> ([Bool], [String]) in
            let covers = try [high + 1, low + (high - low) / 2, low + (high - low) / 10, low].map {
                try Queries.coversMostDossiers(db, receivedBefore: $0)
            }
            let plans = try ["received_at", "+received_at"].map { column in
                try Row.fetchAll(
                    db,
                    sql: "EXPLAIN QUERY PLAN SELECT data FROM dossiers WHERE \(column) < ? AND (ended_at IS NULL OR ended_at >= ?)",
                    arguments: [low, low]
                ).map { $0["detail"] as String }.joined(separator: "; ")
            }
            return (covers, plans)
        }
        #expect(covers == [true, true, false, false])
        // The index is used for a narrow bound, and `+received_at` makes SQLite read the table in order.
        #expect(plans[0].contains("dossiers_period"), "\(plans[0])")
        #expect(!plans[1].contains("dossiers_period"), "\(plans[1])")
    }

    /// The period's dossiers start from the filtered facts and find each one's verdict segments through the primary key
    /// (dossier, start), instead of scanning every segment of the store.
    @Test func periodDossiersReadTheFactsFirstAndSeekTheirSegments() async throws {
        let store = try SQLiteStore.inMemory()
        try store.recordFactsBasisIfEmpty(FactsContractTests.basis)
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced(RandomDossiers.generated(500, seed: 9)), at: t0))
        let plan = try store.readBlocking { db throws -> String in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + AggregationSQL.dossierCounts.sql, arguments: [t0.secondsSinceEpoch, t0.secondsSinceEpoch, 0]
            ).map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("SCAN f"), "\(plan)")
        #expect(plan.contains("SEARCH v USING PRIMARY KEY (dossier_id=?"), "\(plan)")
    }
}
