public import ChiSoCore
import Foundation
public import Logging
import PostgresNIO

/// The server store: a PostgreSQL database through PostgresNIO's `PostgresClient`, with the same semantics as
/// ``SQLiteStore`` (idempotent re-import, quarantine, events, import log, national snapshots, audit).
///
/// The client's connection pool runs in a task of its own: ``withStore(_:logger:_:)`` runs it in a task group for
/// the body's lifetime (the server, the tests); ``connect(_:logger:)`` starts it in a task the store owns, for a
/// command that runs once and exits, and ``close()`` ends it. Migrations run when the store is opened.
///
/// Writes are serialised, as SQLite's single writer is: each write transaction first takes a transaction-level
/// advisory lock, so that two batches never decide on the same dossier at the same time.
public struct PostgresStore: Store {
    let client: PostgresClient
    let logger: Logger
    /// Where the database is, without the password, for messages.
    public let location: String
    /// The task running the client's pool, when the store owns it (``connect(_:logger:)``).
    private let runner: Task<Void, Never>?

    private init(client: PostgresClient, logger: Logger, location: String, runner: Task<Void, Never>?) {
        self.client = client
        self.logger = logger
        self.location = location
        self.runner = runner
    }

    /// Opens the database, brings its schema up to date and runs `body` with the store; the client's pool runs in a
    /// child task for the body's lifetime and ends with it.
    ///
    /// - Throws: ``StoreError`` when the server cannot be reached, refuses the user, or the schema cannot be migrated;
    ///   the body's own errors as they are.
    public static func withStore<T: Sendable>(
        _ configuration: PostgresConfiguration, logger: Logger = PostgresStore.silentLogger,
        _ body: @Sendable (PostgresStore) async throws -> T
    ) async throws -> T {
        try await check(configuration, logger: logger)
        let client = PostgresClient(configuration: configuration.client, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = PostgresStore(client: client, logger: logger, location: configuration.location, runner: nil)
            try await store.migrate()
            return try await body(store)
        }
    }

    /// Opens the database and brings its schema up to date, with the client's pool running in a task the store
    /// owns until ``close()``: for a command line that runs one command and exits.
    public static func connect(_ configuration: PostgresConfiguration, logger: Logger = PostgresStore.silentLogger) async throws(StoreError)
        -> PostgresStore
    {
        try await check(configuration, logger: logger)
        let client = PostgresClient(configuration: configuration.client, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let store = PostgresStore(client: client, logger: logger, location: configuration.location, runner: runner)
        do {
            try await store.migrate()
        } catch {
            runner.cancel()
            await runner.value
            throw error
        }
        return store
    }

    /// Ends the pool started by ``connect(_:logger:)`` (closing its connections); nothing for a store of ``withStore(_:logger:_:)``.
    public func close() async {
        runner?.cancel()
        await runner?.value
    }

    /// Checks that the server accepts a connection with these settings, or names why it does not.
    private static func check(_ configuration: PostgresConfiguration, logger: Logger) async throws(StoreError) {
        do {
            try await configuration.check(logger: logger)
        } catch {
            throw wrap(error, location: configuration.location)
        }
    }

    /// A logger that drops everything: the store reports its failures as errors.
    public static let silentLogger = Logger(label: "chiso.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    // MARK: Access helpers

    /// Runs `body` on one connection outside a transaction (a read of one statement, or several that need not agree).
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw wrap(error)
        }
    }

    /// Runs `body` in one write transaction, after the writers' advisory lock: committed when it returns, rolled back
    /// when it throws.
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writerLock))", logger: logger)
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch {
            throw wrap(error)
        }
    }

    /// Runs a statement and returns its rows.
    static func rows(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// Every failure as a ``StoreError`` with the server's own words kept for the logs.
    func wrap(_ error: any Error) -> StoreError { Self.wrap(error, location: location) }

    static func wrap(_ error: any Error, location: String) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? PSQLError {
            if let state = e.serverInfo?[.sqlState] {
                let text = [e.serverInfo?[.message], e.serverInfo?[.detail]].compactMap { $0 }.joined(separator: ": ")
                if state.hasPrefix("23") { return .constraintViolated(underlying: text) }
                if let refused = PostgresConfiguration.connectionRefusal(state: state, location: location) {
                    return .cannotOpen(path: location, underlying: refused)
                }
                return .queryFailed(underlying: "\(text) (SQLSTATE \(state))")
            }
            if e.code == .connectionError || e.code == .serverClosedConnection || e.code == .clientClosedConnection {
                return .cannotOpen(
                    path: location, underlying: "không kết nối được tới máy chủ PostgreSQL (\(e.underlying.map { "\($0)" } ?? "\(e.code)"))")
            }
            return .queryFailed(underlying: String(reflecting: e))
        }
        return .queryFailed(underlying: "\(error)")
    }

    // MARK: Import log

    public func beginImport(file: String, kind: RecordKind, at: Instant, owner: String?) async throws(StoreError) -> ImportID {
        try await write { c in
            let rows = try await Self.rows(
                c,
                """
                INSERT INTO import_log (file, kind, started_at, status, owner) VALUES (\(file), \(kind.rawValue), \(at.secondsSinceEpoch), 'running', \(owner))
                RETURNING id
                """, logger: logger)
            return ImportID(rawValue: try rows[0].decode(Int64.self))
        }
    }

    public func finishImport(_ id: ImportID, status: ImportStatus, at: Instant) async throws(StoreError) {
        try await write { c in
            _ = try await c.query(
                "UPDATE import_log SET status = \(status.rawValue), finished_at = \(at.secondsSinceEpoch) WHERE id = \(id.rawValue)", logger: logger)
        }
    }

    public func interruptAbandonedImports(at: Instant, isAlive: @Sendable (String) -> Bool) async throws(StoreError) -> Int {
        let running = try await read { c in
            try await Self.rows(c, "SELECT id, owner FROM import_log WHERE status = 'running'", logger: logger).map { row in
                try row.decode((Int64, String?).self)
            }
        }
        let abandoned = running.filter { _, owner in owner.map { !isAlive($0) } ?? true }.map(\.0)
        guard !abandoned.isEmpty else { return 0 }
        return try await write { c in
            // Still running: another process may have finished it meanwhile.
            let rows = try await Self.rows(
                c,
                """
                UPDATE import_log SET status = 'interrupted', finished_at = \(at.secondsSinceEpoch)
                WHERE id = ANY(\(abandoned)) AND status = 'running' RETURNING id
                """, logger: logger)
            return rows.count
        }
    }

    public func importLog() async throws(StoreError) -> [ImportLogEntry] {
        try await read { c in
            try await Self.rows(
                c,
                """
                SELECT id, file, kind, started_at, finished_at, accepted, updated, unchanged, quarantined, superseded, refused, status, owner
                FROM import_log ORDER BY id
                """, logger: logger
            ).map { row in
                let (id, file, kind, started, finished, accepted, updated, unchanged, quarantined, superseded, refused, status, owner) =
                    try row.decode((Int64, String, String, Int64, Int64?, Int, Int, Int, Int, Int, Int, String, String?).self)
                return ImportLogEntry(
                    id: ImportID(rawValue: id), file: file, kind: RecordKind(rawValue: kind) ?? .dossiers,
                    startedAt: Instant(secondsSinceEpoch: started), finishedAt: finished.map(Instant.init(secondsSinceEpoch:)),
                    counts: IngestCounts(
                        accepted: accepted, updated: updated, unchanged: unchanged, quarantined: quarantined, superseded: superseded,
                        refused: refused),
                    status: ImportStatus(rawValue: status) ?? .failed, owner: owner)
            }
        }
    }
}
