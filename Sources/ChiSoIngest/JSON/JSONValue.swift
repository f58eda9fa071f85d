/// A parsed JSON value, light enough for the ingest hot path.
///
/// Numbers keep their lexeme (`"150000"`, `"1.004227"`) so that codes and amounts lose no precision; objects keep
/// their members in order (duplicate keys are kept; lookup returns the first).
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number, as written in the input.
    case number(String)
    /// A string, unescaped and normalised to NFC.
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// Parses one JSON text (surrounding whitespace allowed).
    ///
    /// - Throws: ``JSONSyntaxError`` with the byte offset of the problem.
    public init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
        self = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            try JSONParser.parseDocument(buffer)
        }
    }

    /// The value of the first member named `key`, when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// A short rendering for messages: strings as they are, containers abbreviated.
    var brief: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let lexeme): return lexeme
        case .string(let text): return text
        case .array(let items): return items.isEmpty ? "[]" : "[…]"
        case .object(let members): return members.isEmpty ? "{}" : "{…}"
        }
    }

    /// The JSON type's Vietnamese name, for messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "số"
        case .string: return "chuỗi"
        case .array: return "mảng"
        case .object: return "đối tượng"
        }
    }
}

/// A member of a JSON object.
public struct JSONMember: Hashable, Sendable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON syntax error, at a byte offset of the parsed text.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    enum Reason: Hashable, Sendable {
        case unexpectedEnd
        case unexpectedByte(expected: String)
        case invalidEscape
        case invalidUnicodeEscape
        case controlCharacterInString
        case invalidUTF8
        case invalidNumber
        case tooDeep
        case trailingData
    }

    let reason: Reason
    /// Offset of the offending byte from the start of the parsed text.
    public let offset: Int
    /// The offending byte, nil at the end of the text.
    public let byte: UInt8?

    /// Whether the text is not valid UTF-8 (rather than not JSON).
    public var isInvalidUTF8: Bool { reason == .invalidUTF8 }

    /// Whether the text ended before the value was complete.
    public var isUnexpectedEnd: Bool { reason == .unexpectedEnd }

    /// What the parser expected, in Vietnamese.
    var expected: String {
        switch reason {
        case .unexpectedEnd: return "JSON đầy đủ (văn bản kết thúc giữa chừng)"
        case .unexpectedByte(let expected): return expected
        case .invalidEscape: return "chuỗi thoát hợp lệ (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
        case .invalidUnicodeEscape: return "\\uXXXX hợp lệ (cặp thay thế đầy đủ)"
        case .controlCharacterInString: return "ký tự điều khiển được thoát trong chuỗi"
        case .invalidUTF8: return "UTF-8 hợp lệ"
        case .invalidNumber: return "số JSON hợp lệ"
        case .tooDeep: return "JSON lồng nhau không quá \(JSONParser.maxDepth) cấp"
        case .trailingData: return "hết bản ghi sau giá trị JSON"
        }
    }

    /// The offending byte for messages.
    var found: String? {
        guard let byte else { return nil }
        if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }

    public var description: String {
        "json syntax error at byte \(offset): expected \(expected)" + (found.map { ", found \($0)" } ?? "")
    }
}
