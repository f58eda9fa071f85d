/// A byte-level recursive-descent JSON parser over a complete text in memory.
struct JSONParser {
    static let maxDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var scratch: [UInt8] = []
    private let keys: JSONKeyCache?
    private let wanted: JSONKeyFilter?

    private init(_ bytes: UnsafeBufferPointer<UInt8>, keys: JSONKeyCache?, wanted: JSONKeyFilter?) {
        self.bytes = bytes
        self.keys = keys
        self.wanted = wanted
    }

    /// Parses a whole text: one value, optional surrounding whitespace.
    ///
    /// - Parameter keys: a cache of object keys shared across records, which saves allocating the same long keys
    ///   for every record.
    /// - Parameter wanted: when given, members whose key it does not hold are checked (syntax, UTF-8) but left out
    ///   of the result, at every depth: the reader that knows which fields it maps saves building their values.
    static func parseDocument(
        _ bytes: UnsafeBufferPointer<UInt8>, keys: JSONKeyCache? = nil, wanted: JSONKeyFilter? = nil
    ) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes, keys: keys, wanted: wanted)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count { throw parser.error(.trailingData) }
        return value
    }

    /// The values of a text holding several: the elements of a top-level array, or values one after the other
    /// (JSON lines, or pretty-printed objects in sequence). Each comes with its byte range; a value with a syntax
    /// error comes as the error, and reading goes on at the next line (in a sequence) or stops (in an array,
    /// which cannot be resynchronised).
    static func parseTopLevelValues(_ bytes: UnsafeBufferPointer<UInt8>) -> [(value: Result<JSONValue, JSONSyntaxError>, range: Range<Int>)] {
        var parser = JSONParser(bytes, keys: nil, wanted: nil)
        var values: [(value: Result<JSONValue, JSONSyntaxError>, range: Range<Int>)] = []
        parser.skipWhitespace()
        if parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "[") {
            parser.index += 1
            while true {
                parser.skipWhitespace()
                if parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "]"), values.isEmpty { return values }
                let start = parser.index
                do throws(JSONSyntaxError) {
                    let value = try parser.parseValue()
                    values.append((.success(value), start..<parser.index))
                    parser.skipWhitespace()
                    guard parser.index < bytes.count else { throw parser.error(.unexpectedEnd) }
                    switch bytes[parser.index] {
                    case UInt8(ascii: ","): parser.index += 1
                    case UInt8(ascii: "]"):
                        parser.index += 1
                        parser.skipWhitespace()
                        if parser.index < bytes.count { throw parser.error(.trailingData) }
                        return values
                    default: throw parser.error(.unexpectedByte(expected: "',' hoặc ']'"))
                    }
                } catch {
                    values.append((.failure(error), start..<bytes.count))
                    return values
                }
            }
        }
        while parser.index < bytes.count {
            let start = parser.index
            do throws(JSONSyntaxError) {
                let value = try parser.parseValue()
                values.append((.success(value), start..<parser.index))
            } catch {
                // Resynchronise at the next line that starts a value at its first column.
                var next = start + 1
                while next < bytes.count, !(bytes[next - 1] == 0x0A && (bytes[next] == UInt8(ascii: "{") || bytes[next] == UInt8(ascii: "["))) {
                    next += 1
                }
                var end = next
                while end > start, Text.isSpace(bytes[end - 1]) { end -= 1 }
                values.append((.failure(error), start..<end))
                parser.index = next
            }
            parser.skipWhitespace()
        }
        return values
    }

    private func error(_ reason: JSONSyntaxError.Reason, at offset: Int? = nil) -> JSONSyntaxError {
        let at = offset ?? index
        return JSONSyntaxError(reason: at < bytes.count ? reason : .unexpectedEnd, offset: at, byte: at < bytes.count ? bytes[at] : nil)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error(.unexpectedByte(expected: "giá trị JSON"))
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in text {
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[index] == byte else { throw error(.unexpectedByte(expected: "giá trị JSON")) }
            index += 1
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.index
            while parser.index < parser.bytes.count, parser.bytes[parser.index] &- 0x30 < 10 { parser.index += 1 }
            return parser.index - from
        }
        let intStart = index
        let intDigits = digits(&self)
        guard intDigits > 0 else { throw error(.invalidNumber) }
        if intDigits > 1 && bytes[intStart] == UInt8(ascii: "0") { throw error(.invalidNumber, at: intStart) }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw error(.invalidNumber) }
        }
        if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digits(&self) > 0 else { throw error(.invalidNumber) }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        depth += 1
        guard depth <= JSONParser.maxDepth else { throw error(.tooDeep) }
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        var items: [JSONValue] = []
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default: throw error(.unexpectedByte(expected: "',' hoặc ']'"))
            }
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        depth += 1
        guard depth <= JSONParser.maxDepth else { throw error(.tooDeep) }
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        var members: [JSONMember] = []
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        members.reserveCapacity(16)
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error(.unexpectedByte(expected: "tên trường trong dấu \"")) }
            var keep = true
            if let wanted, let end = simpleStringEnd(from: index + 1) {
                keep = wanted.contains(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end]))
            }
            let key = keep ? try parseString(isKey: true) : ""
            if !keep { try skipString() }
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: ":") else { throw error(.unexpectedByte(expected: "dấu ':'")) }
            index += 1
            skipWhitespace()
            if keep {
                let value = try parseValue()
                members.append(JSONMember(key: key, value: value))
            } else if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                try skipString()
            } else {
                _ = try parseValue()
            }
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default: throw error(.unexpectedByte(expected: "',' hoặc '}'"))
            }
        }
    }

    /// Parses a string starting at the opening quote; decodes escapes, checks UTF-8, normalises to NFC.
    private mutating func parseString(isKey: Bool = false) throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        var asciiOnly = true
        // Fast scan: most strings have no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if asciiOnly {
                    if isKey, content.count > 15, let keys { return keys.key(content) }
                    return String(decoding: content, as: UTF8.self)
                }
                guard let text = String(validating: content, as: UTF8.self) else {
                    throw error(.invalidUTF8, at: start + invalidUTF8Offset(content))
                }
                return Text.mayNeedNFC(content) ? Text.nfc(text) : text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error(.controlCharacterInString) }
            if byte >= 0x80 { asciiOnly = false }
            index += 1
        }
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        // Slow path with escapes.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                let decoded = scratch.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
                guard let text = decoded else {
                    throw error(.invalidUTF8, at: start + scratch.withUnsafeBufferPointer { invalidUTF8Offset($0) })
                }
                return asciiOnly ? text : Text.nfc(text)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error(.unexpectedEnd) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    if scalar.value >= 0x80 { asciiOnly = false }
                    if let encoded = UTF8.encode(scalar) { scratch.append(contentsOf: encoded) }
                default: throw error(.invalidEscape, at: index - 1)
                }
            default:
                if byte < 0x20 { throw error(.controlCharacterInString) }
                if byte >= 0x80 { asciiOnly = false }
                scratch.append(byte)
                index += 1
            }
        }
        throw error(.unexpectedEnd)
    }

    /// The index of the closing quote of a string without escapes starting at `from`, or nil.
    private func simpleStringEnd(from: Int) -> Int? {
        var i = from
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") { return i }
            if byte == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        return nil
    }

    /// Checks a string starting at the opening quote (escapes, control characters, UTF-8) without building it.
    private mutating func skipString() throws(JSONSyntaxError) {
        let quote = index
        index += 1
        let start = index
        var asciiOnly = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if !asciiOnly && !isValidUTF8(content) {
                    throw error(.invalidUTF8, at: start + invalidUTF8Offset(content))
                }
                return
            }
            if byte == UInt8(ascii: "\\") {
                // Rare: decode it properly to check the escapes.
                index = quote
                _ = try parseString()
                return
            }
            if byte < 0x20 { throw error(.controlCharacterInString) }
            if byte >= 0x80 { asciiOnly = false }
            index += 1
        }
        throw error(.unexpectedEnd)
    }

    /// Parses the `XXXX` after `\u` (and a following low surrogate escape when needed).
    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let escapeStart = index - 2
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error(.invalidUnicodeEscape, at: escapeStart)
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error(.invalidUnicodeEscape, at: escapeStart) }
            let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw error(.invalidUnicodeEscape, at: escapeStart) }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw error(.invalidUnicodeEscape, at: escapeStart) }
        return scalar
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidUnicodeEscape)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}

/// The object keys a reader maps, to skip building the values of the others.
struct JSONKeyFilter: Sendable {
    /// Wanted keys' bytes, by length.
    private var byLength: [[[UInt8]]] = []

    init(_ keys: [String]) {
        for key in keys {
            let bytes = Array(key.utf8)
            while byLength.count <= bytes.count { byLength.append([]) }
            byLength[bytes.count].append(bytes)
        }
    }

    func contains(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count < byLength.count else { return false }
        for candidate in byLength[key.count] where candidate.elementsEqual(key) { return true }
        return false
    }
}

/// Whether bytes are valid UTF-8 (shortest forms, no surrogates, at most U+10FFFF).
func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let count = bytes.count
    func continuation(_ index: Int) -> Bool { index < count && bytes[index] & 0xC0 == 0x80 }
    while i < count {
        let lead = bytes[i]
        if lead < 0x80 {
            i += 1
        } else if lead < 0xC2 {
            return false
        } else if lead < 0xE0 {
            guard continuation(i + 1) else { return false }
            i += 2
        } else if lead < 0xF0 {
            guard continuation(i + 1), continuation(i + 2) else { return false }
            let second = bytes[i + 1]
            if lead == 0xE0 && second < 0xA0 || lead == 0xED && second > 0x9F { return false }
            i += 3
        } else if lead < 0xF5 {
            guard continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return false }
            let second = bytes[i + 1]
            if lead == 0xF0 && second < 0x90 || lead == 0xF4 && second > 0x8F { return false }
            i += 4
        } else {
            return false
        }
    }
    return true
}

/// Strings for object keys seen before, so that the same long keys are not allocated again for every record.
final class JSONKeyCache {
    private var entries: [Int: String] = [:]

    /// The string for ASCII key bytes, from the cache when seen before.
    func key(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hash = 14_695_981_039_346_656_037 as UInt64
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let slot = Int(truncatingIfNeeded: hash)
        if let cached = entries[slot] {
            var cached = cached
            if cached.withUTF8({ $0.elementsEqual(bytes) }) { return cached }
            return String(decoding: bytes, as: UTF8.self)
        }
        let key = String(decoding: bytes, as: UTF8.self)
        if entries.count < 4096 { entries[slot] = key }
        return key
    }
}

/// Offset of the first byte of the first invalid UTF-8 sequence (0 when none is found).
func invalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): offset += UTF8.width(scalar)
        case .emptyInput: return 0
        case .error: return offset
        }
    }
}
