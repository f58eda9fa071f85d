import ArgumentParser
import ChiSoCore
import ChiSoIngest
import ChiSoStore
import Foundation
import Synchronization

/// The store a command works on, whichever its backend.
typealias DatabaseStore = Store & AccessStore

/// Which database the commands use: a PostgreSQL server when `--postgres URL` or `CHISO_POSTGRES` is given, else the
/// SQLite file `--db PATH`, else `CHISO_DB`, else `chiso.sqlite` in the current folder.
enum Database {
    static let defaultPath = "chiso.sqlite"
    static let environmentKey = "CHISO_DB"
    static let postgresEnvironmentKey = "CHISO_POSTGRES"
    static let optionHelp: ArgumentHelp = "Tệp cơ sở dữ liệu SQLite (mặc định: biến môi trường CHISO_DB, hoặc chiso.sqlite trong thư mục hiện tại)."
    static let postgresHelp: ArgumentHelp =
        "Máy chủ PostgreSQL thay cho tệp SQLite, dạng postgres://NGƯỜI_DÙNG:MẬT_KHẨU@MÁY_CHỦ:CỔNG/CƠ_SỞ_DỮ_LIỆU (mặc định: biến môi trường CHISO_POSTGRES)."

    static func path(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment[environmentKey], !env.isEmpty { return env }
        return defaultPath
    }

    /// The PostgreSQL URL given by `--postgres` or `CHISO_POSTGRES`, nil when neither (SQLite).
    static func postgresURL(_ option: String?) -> String? {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment[postgresEnvironmentKey], !env.isEmpty { return env }
        return nil
    }

    /// Where the data are, for messages: the SQLite file, or the PostgreSQL server and database (without the password).
    static func location(db: String?, postgres: String?) -> String {
        guard let url = postgresURL(postgres) else { return path(db) }
        return (try? PostgresConfiguration(url: url).location) ?? "PostgreSQL"
    }

    /// Opens (creating when needed) the database; the error carries a Vietnamese message. A new PostgreSQL database
    /// records the official calendar as the basis of its judged facts, as a new SQLite file does (``openSQLite(path:)``).
    static func open(db: String?, postgres: String?) async throws -> any DatabaseStore {
        guard let url = postgresURL(postgres) else { return try openSQLite(path: path(db)) }
        let store = try await PostgresStore.connect(try PostgresConfiguration(url: url))
        do {
            try await store.recordFactsBasisIfEmpty(JudgingBasis(calendar: CalendarFile.builtIn()))
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Opens (creating when needed) a SQLite file. A new database records the official calendar as the basis of its
    /// judged facts, so that imports write them; one from before the judged facts is judged again by the first
    /// scoring, or by `chiso migrate`.
    static func openSQLite(path: String) throws -> SQLiteStore {
        let store = try SQLiteStore(path: path)
        try store.recordFactsBasisIfEmpty(JudgingBasis(calendar: CalendarFile.builtIn()))
        return store
    }

    /// Opens a database that must exist: a command that only reads never creates one, so a mistyped `--db`
    /// is an error instead of an empty province. (A PostgreSQL database exists on its server, or the connection fails.)
    static func openExisting(db: String?, postgres: String?) async throws -> any DatabaseStore {
        if postgresURL(postgres) != nil { return try await open(db: db, postgres: postgres) }
        return try openExistingSQLite(db)
    }

    /// Opens a SQLite file that must exist.
    static func openExistingSQLite(_ db: String?) throws -> SQLiteStore {
        let path = path(db)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(
                "Không có cơ sở dữ liệu \(path): kiểm tra --db hoặc biến môi trường \(environmentKey). "
                    + "Lệnh chỉ đọc số liệu không tạo cơ sở dữ liệu mới; dùng chiso import hoặc chiso demo để nạp dữ liệu.")
        }
        return try SQLiteStore(path: path)
    }

    /// Everything scoring needs, for the command line's scoring path, which is synchronous: read in place from the
    /// SQLite file, or from the PostgreSQL server by a task this thread waits for. The database must exist.
    static func scoringDataBlocking(db: String?, postgres: String?, receivedBefore: Instant, notEndedBefore: Instant) throws -> ScoringData {
        guard postgresURL(postgres) != nil else {
            return try openExistingSQLite(db).scoringDataBlocking(receivedBefore: receivedBefore, notEndedBefore: notEndedBefore)
        }
        return try withStoreBlocking(db: db, postgres: postgres) { store in
            try await store.scoringData(receivedBefore: receivedBefore, notEndedBefore: notEndedBefore)
        }
    }

    /// Runs `work` on the command's database from synchronous code: the store is opened (it must exist), used by a task
    /// this thread waits for, and closed.
    static func withStoreBlocking<Value: Sendable>(
        db: String?, postgres: String?, _ work: @escaping @Sendable (any DatabaseStore) async throws -> Value
    ) throws -> Value {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome<Value>()
        Task.detached {
            let result: Result<Value, any Error>
            do {
                let store = try await openExisting(db: db, postgres: postgres)
                do { result = .success(try await work(store)) } catch { result = .failure(error) }
                if let store = store as? PostgresStore { await store.close() }
            } catch {
                result = .failure(error)
            }
            outcome.result.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.result.withLock { $0! }.get()
    }

    /// The result a waiting thread reads once the task set it.
    private final class Outcome<Value: Sendable>: Sendable {
        let result = Mutex<Result<Value, any Error>?>(nil)
    }

    /// Whether the command's database holds data already: the SQLite file exists, or a PostgreSQL server is named.
    static func exists(db: String?, postgres: String?) -> Bool {
        postgresURL(postgres) != nil || FileManager.default.fileExists(atPath: path(db))
    }
}

/// `--db PATH` and `--postgres URL`, shared by the commands that use the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: Database.optionHelp) var db: String?
    @Option(name: .long, help: Database.postgresHelp) var postgres: String?

    func open() async throws -> any DatabaseStore { try await Database.open(db: db, postgres: postgres) }

    /// Opens a database that must exist (commands that only read).
    func openExisting() async throws -> any DatabaseStore { try await Database.openExisting(db: db, postgres: postgres) }

    /// Where the data are, for messages.
    var location: String { Database.location(db: db, postgres: postgres) }
}

/// A failure reported with its Vietnamese message, with exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
