/// A compact, deterministic binary encoding for the values the store keeps as blobs.
///
/// Deterministic means one value has exactly one encoding: the store decides whether a re-imported record
/// is unchanged by comparing encodings byte for byte. Integers are LEB128 varints (signed ones zigzag),
/// strings are a varint length then UTF-8 bytes, optional values and flags share a leading bit set.
/// Every blob starts with a format version byte, so the format can change without rewriting old rows.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func count(_ value: Int) { unsigned(UInt64(value)) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads what ``BinaryWriter`` wrote; every read checks bounds and throws ``CodingFailure`` on bad input.
struct BinaryReader: ~Copyable {
    private let base: UnsafeRawBufferPointer
    private var offset = 0

    init(_ base: UnsafeRawBufferPointer) { self.base = base }

    var isAtEnd: Bool { offset == base.count }

    mutating func byte() throws(CodingFailure) -> UInt8 {
        guard offset < base.count else { throw CodingFailure() }
        defer { offset += 1 }
        return base[offset]
    }

    mutating func unsigned() throws(CodingFailure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw CodingFailure() }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    mutating func signed() throws(CodingFailure) -> Int64 {
        let u = try unsigned()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func count() throws(CodingFailure) -> Int {
        let n = try unsigned()
        guard n <= UInt64(base.count - offset) * 8 + 8 else { throw CodingFailure() }
        return Int(n)
    }

    mutating func string() throws(CodingFailure) -> String {
        let n = try count()
        guard n <= base.count - offset else { throw CodingFailure() }
        defer { offset += n }
        if n == 0 { return "" }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)]), as: UTF8.self)
    }
}

/// A blob that does not decode: a bug or a damaged database, never user input.
struct CodingFailure: Error {}

/// Bits of a leading flag set.
struct Flags {
    var raw: UInt64 = 0
    subscript(_ bit: Int) -> Bool {
        get { raw & (1 << UInt64(bit)) != 0 }
        set { if newValue { raw |= 1 << UInt64(bit) } else { raw &= ~(1 << UInt64(bit)) } }
    }
}
