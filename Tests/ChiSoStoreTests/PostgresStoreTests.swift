import ChiSoCore
import ChiSoStore
import ChiSoTesting
import Foundation
import PostgresNIO
import Testing

@testable import ChiSoStore

/// What only the PostgreSQL store has: its URL, its migrations, and the partitions by province. The store contract
/// itself runs on PostgreSQL through ``Backend/all``.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    @Test(arguments: [
        ("mysql://u@h/db", "postgres://"),
        ("postgres:///db", "thiếu máy chủ"),
        ("postgres://h/db", "thiếu tên người dùng"),
        ("postgres://u@h:70000/db", "ngoài khoảng"),
        ("postgres://u@h/db?sslmode=verify-full", "sslmode verify-full"),
        ("postgres://u@h/db?application=x", "tham số application"),
    ])
    func badURLsAreRefusedInVietnamese(_ url: String, _ expected: String) {
        let error = #expect(throws: StoreError.self) { try PostgresConfiguration(url: url) }
        #expect(error?.message.contains("địa chỉ PostgreSQL không hợp lệ") == true)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test func urlGivesServerDatabaseAndNoPasswordInMessages() throws {
        let configuration = try PostgresConfiguration(url: "postgresql://chiso:b%C3%AD@db.example:6543/tinh?sslmode=disable")
        #expect(configuration.client.username == "chiso")
        #expect(configuration.client.password == "bí")
        #expect(configuration.client.database == "tinh")
        #expect(configuration.location == "postgres://chiso@db.example:6543/tinh")
        #expect(try PostgresConfiguration(url: "postgres://chiso@localhost").client.database == "chiso")
    }

    @Test func anUnreachableServerIsAVietnameseCannotOpen() async throws {
        // A port nothing listens on: the connection is refused at once.
        let port = try freePort()
        let error = await #expect(throws: StoreError.self) {
            try await PostgresStore.connect(try PostgresConfiguration(url: "postgres://chiso:chiso@127.0.0.1:\(port)/chiso"))
        }
        #expect(error?.isCannotOpen == true)
        #expect(error?.message.contains("không kết nối được tới máy chủ PostgreSQL") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("không mở được cơ sở dữ liệu postgres://chiso@127.0.0.1:\(port)/chiso") == true, "\(error?.message ?? "")")
    }

    @Test(.enabled(if: PostgresTestServer.shared != nil, "CHISO_TEST_POSTGRES names no server"))
    func aWrongPasswordOrDatabaseIsNamed() async throws {
        let server = try #require(PostgresTestServer.shared)
        var wrongPassword = server.configuration
        wrongPassword.client.password = "not-the-password"
        let refused = await #expect(throws: StoreError.self) { try await PostgresStore.connect(wrongPassword) }
        #expect(refused?.message.contains("sai tên người dùng hoặc mật khẩu") == true, "\(refused?.message ?? "")")
        var missing = server.configuration
        missing.client.database = "chiso_no_such_database"
        let absent = await #expect(throws: StoreError.self) { try await PostgresStore.connect(missing) }
        #expect(absent?.message.contains("cơ sở dữ liệu không tồn tại") == true, "\(absent?.message ?? "")")
    }

    @Test(.enabled(if: PostgresTestServer.shared != nil, "CHISO_TEST_POSTGRES names no server"))
    func migrationsRunOnceAndReopeningKeepsTheData() async throws {
        let server = try #require(PostgresTestServer.shared)
        let database = try await server.newDatabase().configuration
        let first = try await PostgresStore.connect(database)
        let dossiers = RandomDossiers.generated(20)
        _ = try await first.ingest(dossiers: IngestBatch(records: sourced(dossiers), at: t0))
        await first.close()
        let second = try await PostgresStore.connect(database)
        #expect(try await second.ingest(dossiers: IngestBatch(records: sourced(dossiers), at: t0)).counts == IngestCounts(unchanged: 20))
        let applied = try await PostgresStore.withStore(database) { store in
            try await store.client.query("SELECT name FROM chiso_migrations ORDER BY name").collect().map { try $0.decode(String.self) }
        }
        #expect(applied == PostgresSchema.migrations.map(\.name))
        await second.close()
    }

    @Test(.enabled(if: PostgresTestServer.shared != nil, "CHISO_TEST_POSTGRES names no server"))
    func eachProvinceGetsItsPartitionAndUnknownOnesTheDefault() async throws {
        let server = try #require(PostgresTestServer.shared)
        let database = try await server.newDatabase().configuration
        try await PostgresStore.withStore(database) { store in
            // A dossier's province is its unit's root in the catalogue: a commune's code (`H10.80.01`) does not say it.
            for p in ["H10", "H37"] { _ = try await store.ingest(units: IngestBatch(records: sourced(ShardingTests.catalogue(p).units), at: t0)) }
            var dossiers = RandomDossiers.generated(8)
            for i in dossiers.indices { dossiers[i].unitCode = ["000.00.15.H10", "000.00.21.H37", "000.31.15.H10", "U-LA"][i % 4] }
            _ = try await store.ingest(dossiers: IngestBatch(records: sourced(dossiers), at: t0))
            // A step whose dossier is not stored has no province yet.
            let orphan = ProcessingStep(dossierCode: "KHONG-CO", processedAt: t0, title: "Tiếp nhận")
            _ = try await store.ingest(steps: IngestBatch(records: sourced([orphan]), at: t0))
            let placed = try await store.client.query(
                """
                SELECT tableoid::regclass::text, count(*) FROM dossiers GROUP BY 1
                UNION ALL SELECT tableoid::regclass::text, count(*) FROM dossier_events GROUP BY 1 ORDER BY 1
                """
            ).collect().map { try $0.decode((String, Int64).self) }
            #expect(
                placed.map(\.0) == [
                    "dossier_events_default", "dossier_events_p_h10", "dossier_events_p_h37", "dossiers_default", "dossiers_p_h10", "dossiers_p_h37",
                ])
            // The dossiers of a unit not in the catalogue, and the step of a dossier not stored, in the default partitions.
            #expect(placed.map(\.1) == [3, 4, 2, 2, 4, 2])
            // A dossier moved to another province's unit moves to that province's partition, its history kept.
            var moved = dossiers[1]
            moved.unitCode = "000.00.15.H10"
            moved.state = .returned
            moved.returnedAt = moved.receivedAt.adding(seconds: 30 * 86_400)
            _ = try await store.ingest(dossiers: IngestBatch(records: sourced([moved]), at: day(2)))
            let partition = try await store.client.query("SELECT tableoid::regclass::text FROM dossiers WHERE code = \(moved.code)").collect()
            #expect(try partition.map { try $0.decode(String.self) } == ["dossiers_p_h10"])
            #expect(try await store.events(dossierCode: moved.code).count == 2)
            #expect(try await store.dossier(code: moved.code) == moved)
        }
    }
}

/// A TCP port of 127.0.0.1 that nothing listens on (bound, then released).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
        try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            guard bind(fd, raw, length) == 0, getsockname(fd, raw, &length) == 0 else { throw CocoaError(.fileReadUnknown) }
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
