import ArgumentParser
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
    static func open(_ option: String?) throws(StoreError) -> SQLiteStore {
        try SQLiteStore(path: path(option))
    }
}

/// `--db PATH`, shared by the commands that use the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: Database.optionHelp) var db: String?

    func open() throws(StoreError) -> SQLiteStore { try Database.open(db) }
}

/// A failure reported with its Vietnamese message, with exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
