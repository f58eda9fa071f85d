import ArgumentParser
import ChiSoCore
import ChiSoIngest
import ChiSoStore
import Foundation

/// Which database the commands use: `--db PATH`, else `CHISO_DB`, else `chiso.sqlite` in the current folder.
enum Database {
    static let defaultPath = "chiso.sqlite"
    static let environmentKey = "CHISO_DB"
    static let optionHelp: ArgumentHelp = "Tệp cơ sở dữ liệu SQLite (mặc định: biến môi trường CHISO_DB, hoặc chiso.sqlite trong thư mục hiện tại)."

    static func path(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment[environmentKey], !env.isEmpty { return env }
        return defaultPath
    }

    /// Opens (creating when needed) the database; the error carries a Vietnamese message.
    static func open(_ option: String?) throws -> SQLiteStore {
        let store = try SQLiteStore(path: path(option))
        // A new database records the official calendar as the basis of its judged facts, so that imports write them;
        // one from before the judged facts is judged again by the first scoring, or by `chiso migrate`.
        try store.recordFactsBasisIfEmpty(JudgingBasis(calendar: CalendarFile.builtIn()))
        return store
    }

    /// Opens a database that must exist: a command that only reads never creates one, so a mistyped `--db`
    /// is an error instead of an empty province.
    static func openExisting(_ option: String?) throws -> SQLiteStore {
        let path = path(option)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(
                "Không có cơ sở dữ liệu \(path): kiểm tra --db hoặc biến môi trường \(environmentKey). "
                    + "Lệnh chỉ đọc số liệu không tạo cơ sở dữ liệu mới; dùng chiso import hoặc chiso demo để nạp dữ liệu.")
        }
        return try SQLiteStore(path: path)
    }
}

/// `--db PATH`, shared by the commands that use the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: Database.optionHelp) var db: String?

    func open() throws -> SQLiteStore { try Database.open(db) }

    /// Opens a database that must exist (commands that only read).
    func openExisting() throws -> SQLiteStore { try Database.openExisting(db) }
}

/// A failure reported with its Vietnamese message, with exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
