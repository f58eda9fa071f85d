import ChiSoCore
import ChiSoStore
import ChiSoTesting
import Foundation
import PostgresNIO
import Testing

@testable import ChiSoStore

/// The layout on more than one node: a coordinator whose province partitions are `postgres_fdw` foreign tables on two
/// shard servers (three PostgreSQL servers on loopback, started by `scripts/postgres-server.sh`).
@Suite("Sharding by province (postgres_fdw)", .serialized)
struct ShardingTests {
    /// Whether PostgreSQL's server programs are installed (the test starts its own servers).
    static let serverInstalled: Bool = {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
    }()

    static let provinces = ["H10", "H37"]

    /// A province's catalogue: the province, two departments, one commune; and its procedures.
    static func catalogue(_ p: String) -> (units: [ChiSoCore.Unit], procedures: [Procedure]) {
        let root = "000.00.00.\(p)"
        let units = [
            ChiSoCore.Unit(code: root, name: "UBND tỉnh \(p)", kind: .province),
            ChiSoCore.Unit(code: "000.00.15.\(p)", name: "Sở Tư pháp \(p)", kind: .department, parentCode: root),
            ChiSoCore.Unit(code: "000.00.21.\(p)", name: "Sở Y tế \(p)", kind: .department, parentCode: root),
            ChiSoCore.Unit(code: "000.31.15.\(p)", name: "UBND xã \(p)", kind: .commune, parentCode: root),
        ]
        let procedures = (0..<5).map { Procedure(code: "P\($0)", name: "Thủ tục \($0)", fieldCode: "LV", fieldName: "Lĩnh vực", onlineLevel: .full) }
        return (units, procedures)
    }

    /// A province's dossiers: generated, moved to its units, with codes of its own.
    static func dossiers(_ p: String, seed: UInt64) -> [Dossier] {
        let units = catalogue(p).units.map(\.code)
        return RandomDossiers.generated(400, seed: seed).enumerated().map { i, d in
            var d = d
            d.code = "\(p)-\(d.code)"
            d.unitCode = units[i % units.count]
            return d
        }
    }

    @Test(.enabled(if: serverInstalled, "PostgreSQL's server is not installed"), .timeLimit(.minutes(5)))
    func nationalScoresOnShardsEqualOneServerWithAggregationPushedDown() async throws {
        let root = try temporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.path)
        let servers = ["coordinator"] + Self.provinces.map { "shard-\($0)" }
        defer {
            // Stopped whatever happened: the script stops a server that runs and removes its folder.
            for name in servers { _ = try? runServerScript(["stop", root.appendingPathComponent(name).path]) }
            try? FileManager.default.removeItem(at: root)
        }
        let coordinatorURL = try await serverScript("start", root.appendingPathComponent("coordinator").path)
        var started: [String: String] = [:]
        for p in Self.provinces { started[p] = try await serverScript("start", root.appendingPathComponent("shard-\(p)").path) }
        let shardURLs = started
        let coordinatorServer = try PostgresTestServer(url: coordinatorURL)
        let period = Period("2026-08")!

        // One server holding both provinces.
        let single = try await coordinatorServer.newDatabase().configuration
        let (expected, expectedScores) = try await PostgresStore.withStore(single) { store in
            try await store.recordFactsBasisIfEmpty(Self.basis)
            for p in Self.provinces { try await Self.load(p, seed: UInt64(p.utf8.last!), into: store, dossiers: true) }
            return (
                try await store.scoringData(receivedBefore: period.endInstant, notEndedBefore: period.startInstant),
                try await store.aggregate(period: period, asOf: nil, basis: Self.basis, includeChildren: true)
            )
        }

        // Each shard holds its province's dossiers; the coordinator holds the catalogue and sees the shards' partitions.
        for p in Self.provinces {
            let shard = try PostgresTestServer(url: shardURLs[p]!)
            let range = Int64(Self.provinces.firstIndex(of: p)! + 1) * 1_000_000_000_000
            try await PostgresStore.withStore(try await shard.newDatabase(name: "chiso")) { store in
                // Ids must be unique across the shards a coordinator joins: each shard draws them from a range of its own.
                _ = try await store.client.withConnection { c in
                    for sequence in ["dossiers_id_seq", "dossier_events_seq_seq", "petitions_id_seq", "ratings_id_seq"] {
                        try await run(c, "ALTER SEQUENCE \(sequence) RESTART WITH \(range)")
                    }
                }
                // Each shard judges its dossiers' facts at import.
                try await store.recordFactsBasisIfEmpty(Self.basis)
                try await Self.load(p, seed: UInt64(p.utf8.last!), into: store, dossiers: true)
            }
        }
        let coordinator = try await coordinatorServer.newDatabase().configuration
        let (sharded, shardedScores, plan, factsPlan) = try await PostgresStore.withStore(coordinator) { store in
            for p in Self.provinces { try await Self.load(p, seed: 0, into: store, dossiers: false) }
            try await store.client.withConnection { c in
                try await run(c, "CREATE EXTENSION postgres_fdw")
                for p in Self.provinces {
                    let url = try #require(URLComponents(string: shardURLs[p]!))
                    let server = "shard_\(p.lowercased())"
                    for statement in [
                        "CREATE SERVER \(server) FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '\(url.port!)', dbname 'chiso')",
                        "CREATE USER MAPPING FOR CURRENT_USER SERVER \(server) OPTIONS (user 'chiso', password 'chiso')",
                    ] {
                        try await run(c, statement)
                    }
                    for table in PostgresSchema.partitionedTables {
                        let partition = PostgresSchema.partition(of: table, province: p)!
                        try await run(
                            c,
                            """
                            CREATE FOREIGN TABLE \(partition) PARTITION OF \(table) FOR VALUES IN ('\(p)')
                            SERVER \(server) OPTIONS (table_name '\(partition)')
                            """)
                    }
                }
            }
            let data = try await store.scoringData(receivedBefore: period.endInstant, notEndedBefore: period.startInstant)
            // The shards' facts were judged with this basis: the coordinator records it and scores from them.
            _ = try await store.client.withConnection { c in
                try await c.query("INSERT INTO facts_basis (id, basis) VALUES (1, \(Self.basis.encoded))", logger: PostgresStore.silentLogger)
            }
            let scores = try await store.aggregate(period: period, asOf: nil, basis: Self.basis, includeChildren: true)
            let factsPlan = try await store.client.withConnection { c in
                try await run(c, "SET enable_partitionwise_aggregate = on")
                try await run(c, "SET enable_partitionwise_join = on")
                let query = AggregationSQL.dossierCounts
                let values = AggregationSQL.values(of: query, period: period, asOf: nil)
                var sql = "EXPLAIN VERBOSE " + query.sql
                for (i, value) in values.enumerated().reversed() { sql = sql.replacingOccurrences(of: "$\(i + 1)", with: "\(value)") }
                return try await run(c, sql).map { try $0.decode(String.self) }.joined(separator: "\n")
            }
            let plan = try await store.client.withConnection { c in
                try await run(c, "SET enable_partitionwise_aggregate = on")
                return try await run(
                    c,
                    """
                    EXPLAIN VERBOSE SELECT province_code, unit_code, count(*), count(*) FILTER (WHERE ended_at IS NULL)
                    FROM dossiers WHERE received_at < \(period.endInstant.secondsSinceEpoch) GROUP BY province_code, unit_code
                    """
                ).map { try $0.decode(String.self) }.joined(separator: "\n")
            }
            return (data, scores, plan, factsPlan)
        }

        #expect(Set(sharded.dossiers.map(\.code)) == Set(expected.dossiers.map(\.code)))
        #expect(sharded.dossiers.count == expected.dossiers.count)
        let catalogue = try Catalogue(units: expected.catalogue.units, procedures: expected.catalogue.procedures)
        let calendar = try WorkCalendar(years: [2026: .init(daysOff: [], makeUpWorkingDays: [])])
        func figures(_ data: ScoringData) -> [UnitFigures] {
            IndexAccumulator.aggregate(
                catalogue: catalogue, dossiers: data.dossiers, petitions: data.petitions, ratings: data.ratings, period: period, calendar: calendar
            ).figures
        }
        #expect(figures(sharded) == figures(expected))
        #expect(figures(expected).contains { !$0.hasNoDossiers })
        // The per-unit aggregation runs on each shard: the coordinator only appends the shards' groups.
        for p in Self.provinces {
            #expect(plan.contains("Relations: Aggregate on (public.dossiers_p_\(p.lowercased()) dossiers"), "\(plan)")
        }
        #expect(plan.components(separatedBy: "Remote SQL: SELECT province_code, unit_code, count(*)").count == 3, "\(plan)")
        #expect(plan.components(separatedBy: "GROUP BY 1, 2").count == 3, "\(plan)")
        // Scored from the judged facts: the national figures on the shards equal the single server's. The join names
        // the province, the partition key: facts and verdicts are joined partition by partition, each shard filtering
        // its own rows by the period.
        #expect(shardedScores.figures == expectedScores.figures)
        #expect(expectedScores.figures == figures(expected))
        for p in Self.provinces {
            let shard = p.lowercased()
            #expect(factsPlan.contains("FROM public.dossier_facts_p_\(shard) WHERE ((received_at <= "), "\(factsPlan)")
            #expect(factsPlan.contains("FROM public.dossier_verdicts_p_\(shard) WHERE ((from_at <= "), "\(factsPlan)")
        }
        #expect(factsPlan.components(separatedBy: "Cond: ((v_").count - 1 == Self.provinces.count + 1, "\(factsPlan)")
    }

    static let basis = JudgingBasis(calendar: try! WorkCalendar(years: [2026: .init(daysOff: [], makeUpWorkingDays: [])]))

    /// Imports a province's catalogue, and its dossiers when asked.
    static func load(_ p: String, seed: UInt64, into store: PostgresStore, dossiers: Bool) async throws {
        let (units, procedures) = catalogue(p)
        _ = try await store.ingest(units: IngestBatch(records: sourced(units), at: t0))
        _ = try await store.ingest(procedures: IngestBatch(records: sourced(procedures), at: t0))
        guard dossiers else { return }
        let stored = Self.dossiers(p, seed: seed)
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced(stored), at: t0))
        // Every third dossier rated unsatisfied: its satisfaction is counted from the ratings' facts.
        let ratings = stride(from: 0, to: stored.count, by: 3).map {
            Rating(dossierCode: stored[$0].code, value: .unsatisfied, ratedAt: stored[$0].receivedAt.adding(seconds: 3600))
        }
        _ = try await store.ingest(ratings: IngestBatch(records: sourced(ratings, file: "ratings.csv"), at: t0))
    }
}

/// Runs a statement; a failure names the server's message.
@discardableResult
private func run(_ c: PostgresConnection, _ sql: String) async throws -> [PostgresRow] {
    do {
        return try await c.query(PostgresQuery(unsafeSQL: sql), logger: PostgresStore.silentLogger).collect()
    } catch let error as PSQLError {
        throw TestFailure("\(sql): \(error.serverInfo?[.message] ?? String(reflecting: error))")
    }
}

/// Runs `scripts/postgres-server.sh` off the test's task (waiting for a process blocks a thread) and returns what it
/// printed (the URL for `start`).
func serverScript(_ arguments: String...) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try runServerScript(arguments) }) }
    }
}

private func runServerScript(_ arguments: [String]) throws -> String {
    // The output goes to a file: a pipe's end may be inherited by processes other tests start at the same time.
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-server-\(UUID().uuidString).txt")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: out) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [packageRoot.appendingPathComponent("scripts/postgres-server.sh").path] + arguments
    process.standardOutput = try FileHandle(forWritingTo: out)
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestFailure("postgres-server.sh \(arguments.joined(separator: " ")) failed") }
    return try String(contentsOf: out, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
}
