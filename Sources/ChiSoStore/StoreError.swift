/// A failure of the store. ``message`` is the Vietnamese text shown to users; ``underlying`` is the
/// backend's own description, for logs.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case cannotOpen(path: String)
        case migrationFailed
        case queryFailed
        case constraintViolated
        case corruptRecord(table: String)
        case unknownDossier(code: String)
    }

    private let code: Code
    /// The backend's description of the failure (not shown to users as the main message).
    public let underlying: String

    private init(_ code: Code, underlying: String) {
        self.code = code
        self.underlying = underlying
    }

    /// The database cannot be opened or created.
    public static func cannotOpen(path: String, underlying: String) -> StoreError { StoreError(.cannotOpen(path: path), underlying: underlying) }
    /// The schema could not be brought up to date.
    public static func migrationFailed(underlying: String) -> StoreError { StoreError(.migrationFailed, underlying: underlying) }
    /// A read or write failed.
    public static func queryFailed(underlying: String) -> StoreError { StoreError(.queryFailed, underlying: underlying) }
    /// A record breaks a rule of the schema (e.g. an empty key); the whole batch was rolled back.
    public static func constraintViolated(underlying: String) -> StoreError { StoreError(.constraintViolated, underlying: underlying) }
    /// A stored blob does not decode: the database is damaged or was written by a newer version.
    public static func corruptRecord(table: String) -> StoreError {
        StoreError(.corruptRecord(table: table), underlying: "undecodable blob in \(table)")
    }

    /// No dossier has that code.
    public static func unknownDossier(code: String) -> StoreError { StoreError(.unknownDossier(code: code), underlying: "no dossier \(code)") }

    /// Whether the error is a constraint violation.
    public var isConstraintViolation: Bool { code == .constraintViolated }

    /// Whether the database could not be opened (or its server reached).
    public var isCannotOpen: Bool {
        if case .cannotOpen = code { return true }
        return false
    }

    /// The Vietnamese message shown to users.
    public var message: String {
        switch code {
        case .cannotOpen(let path): return "không mở được cơ sở dữ liệu \(path) (\(underlying))"
        case .migrationFailed: return "không cập nhật được cấu trúc cơ sở dữ liệu (\(underlying))"
        case .queryFailed: return "lỗi truy cập cơ sở dữ liệu (\(underlying))"
        case .constraintViolated: return "dữ liệu vi phạm ràng buộc của cơ sở dữ liệu, cả lô bị hủy (\(underlying))"
        case .corruptRecord(let table): return "bản ghi trong bảng \(table) bị hỏng hoặc do phiên bản mới hơn ghi"
        case .unknownDossier(let code): return "không có hồ sơ \(code) trong cơ sở dữ liệu"
        }
    }

    public var description: String { message }
}
