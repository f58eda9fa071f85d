import Crypto

/// The raw bytes of a rejected record, as the quarantine keeps them.
///
/// A record of up to ``limit`` bytes is kept whole, so that it can be recovered byte for byte: its text is its
/// bytes when they are UTF-8 without NUL (which databases cut text at); otherwise each byte that is not part of a
/// UTF-8 sequence, and each NUL, is written `\xHH` and each backslash `\\` (``isEscaped``; ``bytes(ofEscaped:)``
/// turns the text back into the bytes). A longer record keeps its first ``limit`` bytes (cut at a character
/// boundary), its length in bytes and the SHA-256 digest of all of
/// its bytes (``digest``), and ``note`` says so in the quarantine's reason.
public struct RawRecord: Hashable, Sendable {
    /// The longest record kept whole, in bytes (1 MiB).
    public static let limit = 1 << 20

    /// The text kept: the whole record, or its head when it is longer than ``limit``.
    public let text: String
    /// The record's length in bytes.
    public let byteCount: Int
    /// The SHA-256 digest of the whole record, in lower-case hex, when only its head is kept; nil when whole.
    public let digest: String?
    /// Whether the text escapes the bytes that are not UTF-8 (`\xHH`) and backslashes (`\\`).
    public let isEscaped: Bool

    /// Whether ``text`` holds the whole record.
    public var isWhole: Bool { digest == nil }

    /// The record from its bytes, all in memory.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        byteCount = bytes.count
        if bytes.count <= RawRecord.limit {
            digest = nil
            (text, isEscaped) = RawRecord.text(of: bytes)
        } else {
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            digest = RawRecord.hex(hasher.finalize())
            (text, isEscaped) = RawRecord.text(of: RawRecord.head(of: bytes))
        }
    }

    /// The record from its bytes, all in memory.
    init(bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { RawRecord(bytes: $0) }
    }

    /// The record from its text (a worksheet row written as CSV).
    init(text: String) {
        var text = text
        self = text.withUTF8 { RawRecord(bytes: $0) }
    }

    /// A record too long to be held in memory: its first bytes, its length and the digest of all its bytes.
    init(head: [UInt8], byteCount: Int, digest: String) {
        self.byteCount = byteCount
        self.digest = digest
        (text, isEscaped) = head.withUnsafeBufferPointer { RawRecord.text(of: RawRecord.head(of: $0)) }
    }

    /// What the quarantine's reason adds about the kept text (empty when the text is the record's bytes as they are).
    public var note: String {
        var parts: [String] = []
        if let digest {
            parts.append(
                "bản ghi dài \(byteCount) byte, vượt giới hạn \(RawRecord.limit) byte nên chỉ giữ \(text.utf8.count) byte đầu; "
                    + "SHA-256 của cả bản ghi: \(digest)")
        }
        if isEscaped { parts.append(RawRecord.escapeNote) }
        return parts.joined(separator: "; ")
    }

    /// The note of an escaped text, as it appears in a quarantine reason.
    public static let escapeNote = "các byte không phải UTF-8 hoặc NUL được ghi dạng \\xHH và dấu \\ được ghi thành \\\\"

    /// The bytes of an escaped text (``isEscaped``): `\xHH` is the byte HH, `\\` a backslash, the rest UTF-8.
    public static func bytes(ofEscaped text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 1 < utf8.count {
                if utf8[i + 1] == UInt8(ascii: "\\") {
                    bytes.append(UInt8(ascii: "\\"))
                    i += 2
                    continue
                }
                if utf8[i + 1] == UInt8(ascii: "x"), i + 3 < utf8.count, let high = hexValue(utf8[i + 2]), let low = hexValue(utf8[i + 3]) {
                    bytes.append(high << 4 | low)
                    i += 4
                    continue
                }
            }
            bytes.append(utf8[i])
            i += 1
        }
        return bytes
    }

    /// A streaming SHA-256 digest, for records skipped without being held in memory.
    struct Digest {
        private var hasher = SHA256()
        private(set) var head: [UInt8] = []
        private(set) var byteCount = 0

        mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard !bytes.isEmpty else { return }
            if head.count < RawRecord.limit {
                head.append(contentsOf: bytes.prefix(RawRecord.limit + 4 - head.count))
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            byteCount += bytes.count
        }

        func record() -> RawRecord {
            if byteCount <= RawRecord.limit { return RawRecord(bytes: head) }
            return RawRecord(head: head, byteCount: byteCount, digest: RawRecord.hex(hasher.finalize()))
        }
    }

    // MARK: - Helpers

    /// The first bytes of a record, at most ``limit``, not cutting a UTF-8 sequence.
    private static func head(of bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard bytes.count > limit else { return bytes }
        var end = limit
        // Back up over continuation bytes (at most 3) so that the cut falls before a lead byte.
        var backed = 0
        while end > 0, backed < 3, bytes[end] & 0xC0 == 0x80 {
            end -= 1
            backed += 1
        }
        return UnsafeBufferPointer(rebasing: bytes[0..<end])
    }

    /// The bytes as text: as they are when they are UTF-8, escaped otherwise.
    private static func text(of bytes: UnsafeBufferPointer<UInt8>) -> (String, escaped: Bool) {
        if !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\\") {
                out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                i += 1
                continue
            }
            let length = byte == 0 ? 0 : sequenceLength(bytes, at: i)
            if length == 0 {
                let digits = Array("0123456789ABCDEF".utf8)
                out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
                i += 1
            } else {
                out.append(contentsOf: bytes[i..<(i + length)])
                i += length
            }
        }
        return (String(decoding: out, as: UTF8.self), true)
    }

    /// The length of the well-formed UTF-8 sequence at `i`, or 0 when there is none.
    private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let lead = bytes[i]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard i + length <= bytes.count else { return 0 }
        return String(validating: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self) == nil ? 0 : length
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest { out += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: out, as: UTF8.self)
    }
}
