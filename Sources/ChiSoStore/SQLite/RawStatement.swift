import Foundation
import GRDB
import GRDBSQLite

/// A prepared GRDB statement bound and stepped through the SQLite C API, for the dossier ingestion loop.
///
/// GRDB's `StatementArguments` box every value in an existential and a `DatabaseValue` array; at a million
/// rows that costs more than SQLite itself. This wraps the same cached statement, on the same connection,
/// inside the same transaction: only the binding differs. The statements run this way are not reported to
/// GRDB transaction observers (the store registers none).
struct RawStatement {
    let statement: Statement
    let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Int?) { bind(index, value.map(Int64.init)) }

    func bind(_ index: Int32, _ value: String) {
        var value = value
        _ = value.withUTF8 { utf8 in
            if let base = utf8.baseAddress {
                base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
                }
            } else {
                sqlite3_bind_text(handle, index, "", 0, Self.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Data) {
        _ = value.withUnsafeBytes { raw in
            if let base = raw.baseAddress {
                sqlite3_bind_blob(handle, index, base, Int32(raw.count), Self.transient)
            } else {
                sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    /// Steps once: true when a row is available. Errors are GRDB's `DatabaseError`.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(handle)
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    func int64(column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// Whether the blob in `column` of the current row is exactly `data`.
    func blob(column: Int32, equals data: Data) -> Bool {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count == data.count else { return false }
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return count == 0 }
        return data.withUnsafeBytes { memcmp($0.baseAddress!, bytes, count) == 0 }
    }

    /// The blob in `column` of the current row, copied.
    func blob(column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    /// The text in `column` of the current row, nil for NULL.
    func text(column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let text = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: text)
    }

    /// Readies the statement for its next use (and for GRDB's).
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }
}
