import ChiSoCore

/// A problem with one field of a record, turned into an ``IngestIssue`` by the reader that knows the position.
struct FieldFailure: Error {
    var kind: IngestIssue.Kind
    var field: String
    var expected: String
    var found: String?

    static func missing(_ field: String, expected: String) -> FieldFailure {
        FieldFailure(kind: .missingField, field: field, expected: expected, found: nil)
    }

    static func invalid(_ field: String, expected: String, found: String?) -> FieldFailure {
        FieldFailure(kind: .invalidValue, field: field, expected: expected, found: found)
    }
}

/// Expected forms, in Vietnamese, shared by the readers' messages.
enum Expected {
    static let text = "chuỗi"
    static let nonEmptyText = "chuỗi không rỗng"
    static let dateTime = "ngày giờ dạng yyyyMMddHHmmss"
    static let flag = "cờ 0/1 hoặc true/false"
    static let integer = "số nguyên"
    static let amount = "số tiền (số không âm)"
    static let list = "mảng"
    static let object = "đối tượng JSON"
}

/// Lenient conversions of field values: real systems send numbers and flags as strings and vice versa.
extension JSONValue {
    /// Text of a string or number; nil for null or an empty (white-space only) string.
    func text(_ field: @autoclosure () -> String) throws(FieldFailure) -> String? {
        switch self {
        case .null: return nil
        case .string(let text):
            let trimmed = Text.trimmed(text)
            return trimmed.isEmpty ? nil : trimmed
        case .number(let lexeme): return lexeme
        case .bool, .array, .object: throw .invalid(field(), expected: Expected.text, found: brief)
        }
    }

    /// A flag given as a boolean, 0/1, or a string of those; null and "" are false.
    func flag(_ field: @autoclosure () -> String) throws(FieldFailure) -> Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .number(let lexeme):
            if lexeme == "0" { return false }
            if lexeme == "1" { return true }
            if let value = Double(lexeme), value == 0 || value == 1 { return value == 1 }
        case .string(let text):
            switch Text.trimmed(text).lowercased() {
            case "", "0", "false": return false
            case "1", "true": return true
            default: break
            }
        case .array, .object: break
        }
        throw .invalid(field(), expected: Expected.flag, found: brief)
    }

    /// An integer given as a number or a numeric string; nil for null or "".
    func integer(_ field: @autoclosure () -> String) throws(FieldFailure) -> Int? {
        guard let text = try text(field()) else { return nil }
        if let value = Int(text) { return value }
        if let value = Double(text), value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        throw .invalid(field(), expected: Expected.integer, found: brief)
    }

    /// A local instant `yyyyMMddHHmmss` (also `yyyyMMddHHmm`, `yyyyMMdd`); nil for null or "".
    func instant(_ field: @autoclosure () -> String) throws(FieldFailure) -> Instant? {
        guard let text = try text(field()) else { return nil }
        guard let instant = Text.dvcqgInstant(text) else { throw .invalid(field(), expected: Expected.dateTime, found: brief) }
        return instant
    }

    /// An amount in đồng, a number or a numeric string, not negative; nil for null or "".
    func amount(_ field: @autoclosure () -> String) throws(FieldFailure) -> Int64? {
        guard let text = try text(field()) else { return nil }
        if let value = Int64(text), value >= 0 { return value }
        if let value = Double(text), value >= 0, value < 1e17 { return Int64(value.rounded()) }
        throw .invalid(field(), expected: Expected.amount, found: brief)
    }

    /// The items of a list; null, absent and "" are an empty list.
    func list(_ field: @autoclosure () -> String) throws(FieldFailure) -> [JSONValue] {
        switch self {
        case .null: return []
        case .array(let items): return items
        case .string(let text) where Text.trimmed(text).isEmpty: return []
        default: throw .invalid(field(), expected: Expected.list, found: brief)
        }
    }

    /// The members of an object.
    func members(_ field: @autoclosure () -> String) throws(FieldFailure) -> [JSONMember] {
        guard case .object(let members) = self else { throw .invalid(field(), expected: Expected.object, found: brief) }
        return members
    }
}

extension [JSONMember] {
    /// The value of the first member named `key`, or nil.
    func value(_ key: String) -> JSONValue? {
        for member in self where member.key == key { return member.value }
        return nil
    }

    func text(_ key: String, in path: @autoclosure () -> String) throws(FieldFailure) -> String? {
        try value(key)?.text(path() + "." + key)
    }

    func flag(_ key: String, in path: @autoclosure () -> String) throws(FieldFailure) -> Bool {
        try value(key)?.flag(path() + "." + key) ?? false
    }

    func instant(_ key: String, in path: @autoclosure () -> String) throws(FieldFailure) -> Instant? {
        try value(key)?.instant(path() + "." + key)
    }
}
