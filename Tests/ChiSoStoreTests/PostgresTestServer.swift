import ChiSoStore
import Foundation
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL server the tests use, named by `CHISO_TEST_POSTGRES` (a URL to a database the user may create
/// databases from, e.g. `postgres://chiso:chiso@127.0.0.1:5433/postgres`); nil when the variable is not set.
///
/// Each store gets a database of its own, so that tests stay independent and may run in parallel.
struct PostgresTestServer: Sendable {
    let url: String
    let configuration: PostgresConfiguration

    static let shared: PostgresTestServer? = {
        guard let url = ProcessInfo.processInfo.environment["CHISO_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return try? PostgresTestServer(url: url)
    }()

    init(url: String) throws {
        self.url = url
        configuration = try PostgresConfiguration(url: url)
    }

    /// Creates an empty database and returns its configuration and name.
    func newDatabase() async throws -> (configuration: PostgresConfiguration, name: String) {
        let name = "chiso_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return (try await newDatabase(name: name), name)
    }

    /// Creates an empty database of that name (letters, digits and underscores) and returns its configuration.
    func newDatabase(name: String) async throws -> PostgresConfiguration {
        try await admin { connection, logger in
            _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var configuration = configuration
        configuration.client.database = name
        return configuration
    }

    /// The URL of a new, empty database (the server's URL with another database).
    func newDatabaseURL() async throws -> String {
        let name = try await newDatabase().name
        var components = try #require(URLComponents(string: url))
        components.path = "/" + name
        return try #require(components.string)
    }

    /// A store on a new, empty database.
    func newStore() async throws -> PostgresStore {
        try await PostgresStore.connect(try await newDatabase().configuration)
    }

    /// Runs `body` on a connection to the server's administrative database (the URL's own).
    func admin<T: Sendable>(_ body: @Sendable (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let logger = PostgresStore.silentLogger
        let client = PostgresClient(configuration: configuration.client, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await client.withConnection { connection in try await body(connection, logger) }
        }
    }
}
