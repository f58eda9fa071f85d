import Foundation

/// A settings or data file (methodology, calendar, targets) that cannot be used, with the place at fault.
public struct DataFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's name as the user gave it.
    public let file: String
    /// Line in the file, when known (1-based).
    public let line: Int?
    /// The entry at fault, e.g. `groups[2].indicators[1].max`.
    public let entry: String?
    /// What is wrong, in Vietnamese.
    public let reason: String

    public init(file: String, line: Int? = nil, entry: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.entry = entry
        self.reason = reason
    }

    public var description: String {
        var place = file
        if let line { place += ", dòng \(line)" }
        if let entry { place += ", mục \(entry)" }
        return "\(place): \(reason)"
    }
}

extension DataFileError {
    /// The UTF-8 text of a settings or data file, or an error naming it.
    static func text(ofFile path: String, name: String) throws(DataFileError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(file: name, reason: "không mở được tệp")
        }
        guard let text = String(bytes: data, encoding: .utf8) else {
            throw DataFileError(file: name, reason: "tệp không phải văn bản UTF-8")
        }
        return text
    }
}
