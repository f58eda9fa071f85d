/// A problem with a whole input file: it cannot be read at all (unlike an ``IngestIssue``, which rejects one
/// record and lets reading go on).
///
/// ``message`` (and ``description``) is the Vietnamese text shown to users.
public struct IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case cannotOpen(reason: String)
        case readFailed(reason: String)
        case missingHeader
        case missingColumns(missing: [String], found: [String])
        case notJSON(found: String)
    }

    private let code: Code
    /// The file (or source label) concerned.
    public let file: String

    private init(_ code: Code, file: String) {
        self.code = code
        self.file = file
    }

    /// The file cannot be opened.
    public static func cannotOpen(file: String, reason: String) -> IngestError {
        IngestError(.cannotOpen(reason: reason), file: file)
    }

    /// Reading the input failed part-way (an I/O error of the source).
    public static func readFailed(file: String, reason: String) -> IngestError {
        IngestError(.readFailed(reason: reason), file: file)
    }

    /// A CSV file is empty: it has no header row.
    public static func missingHeader(file: String) -> IngestError {
        IngestError(.missingHeader, file: file)
    }

    /// A CSV header lacks required columns.
    public static func missingColumns(file: String, missing: [String], found: [String]) -> IngestError {
        IngestError(.missingColumns(missing: missing, found: found), file: file)
    }

    /// A JSON input starts with something that is neither an array nor an object.
    public static func notJSON(file: String, found: String) -> IngestError {
        IngestError(.notJSON(found: found), file: file)
    }

    /// The required columns missing from a CSV header; empty for other errors.
    public var missingColumns: [String] {
        if case .missingColumns(let missing, _) = code { return missing }
        return []
    }

    /// The columns a CSV header has, when the error is about missing columns; empty otherwise.
    public var foundColumns: [String] {
        if case .missingColumns(_, let found) = code { return found }
        return []
    }

    /// The Vietnamese message shown to users.
    public var message: String {
        switch code {
        case .cannotOpen(let reason): return "\(file): không mở được tệp (\(reason))"
        case .readFailed(let reason): return "\(file): lỗi khi đọc tệp (\(reason))"
        case .missingHeader: return "\(file): tệp CSV trống, cần dòng tiêu đề"
        case .missingColumns(let missing, let found):
            let foundText = found.isEmpty ? "không có cột nào" : found.joined(separator: ", ")
            return "\(file): thiếu cột bắt buộc \(missing.joined(separator: ", ")); các cột có trong tệp: \(foundText)"
        case .notJSON(let found):
            return "\(file): không phải JSON DVCQG, cần mảng '[' hoặc JSON lines '{', nhận được \"\(found)\""
        }
    }

    public var description: String { message }
}
