import ChiSoCore
import Foundation

/// Text helpers shared by the readers.
enum Text {
    /// The string in Unicode normalisation form C. Pure ASCII and text made only of code points that are stable
    /// under NFC (Latin, precomposed Vietnamese letters, common punctuation) is returned as it is, without
    /// calling Foundation.
    static func nfc(_ text: String) -> String {
        for scalar in text.unicodeScalars where !isNFCStable(scalar.value) {
            return text.precomposedStringWithCanonicalMapping
        }
        return text
    }

    /// Whether a code point is NFC quick-check "yes" and does not combine with what precedes it, conservatively.
    private static func isNFCStable(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x300: return true  // ASCII, Latin-1, Latin Extended-A/B, IPA, spacing modifiers
        case 0x1E00...0x1EFF: return true  // Latin Extended Additional (precomposed Vietnamese letters)
        case 0x2010...0x206F: return true  // general punctuation (not the en/em quads, which decompose)
        case 0x20A0...0x20BF: return true  // currency signs, ₫ included
        default: return false
        }
    }

    /// Whether a byte is ASCII white space.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The text without leading and trailing white space.
    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return text }
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return slice.count == text.count ? text : String(slice)
    }
}

extension Text {
    /// Parses the DVCQG form `yyyyMMddHHmmss` (also `yyyyMMddHHmm`, `yyyyMMdd`) as local time, like
    /// `Instant(dvcqg:)` but without allocating.
    static func dvcqgInstant(_ text: String) -> Instant? {
        var text = text
        return text.withUTF8 { bytes -> Instant? in
            let count = bytes.count
            guard count == 14 || count == 12 || count == 8 else { return nil }
            var values = (0, 0, 0, 0, 0, 0)
            func number(_ from: Int, _ length: Int) -> Int? {
                var value = 0
                for i in from..<(from + length) {
                    let digit = bytes[i] &- 0x30
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(4, 2), let day = number(6, 2) else { return nil }
            values.0 = year
            if count >= 12 {
                guard let hour = number(8, 2), let minute = number(10, 2) else { return nil }
                values.3 = hour
                values.4 = minute
            }
            if count == 14 {
                guard let second = number(12, 2) else { return nil }
                values.5 = second
            }
            guard values.3 < 24, values.4 < 60, values.5 < 60, let date = LocalDate(year: year, month: month, day: day) else {
                return nil
            }
            return Instant(local: date, hour: values.3, minute: values.4, second: values.5)
        }
    }

    /// Whether valid UTF-8 text may not be in NFC: false when every code point is ASCII or in a block that is
    /// stable under NFC (Latin up to U+02FF, Latin Extended Additional, general punctuation, currency signs).
    static func mayNeedNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte < 0x80 {
                i += 1
            } else if byte >= 0xC2 && byte <= 0xCB {
                i += 2
            } else if byte == 0xE1, i + 1 < count, bytes[i + 1] >= 0xB8, bytes[i + 1] <= 0xBB {
                i += 3
            } else if byte == 0xE2, i + 2 < count,
                (bytes[i + 1] == 0x80 && bytes[i + 2] >= 0x90) || (bytes[i + 1] == 0x81 && bytes[i + 2] <= 0xAF)
                    || (bytes[i + 1] == 0x82 && bytes[i + 2] >= 0xA0)
            {
                i += 3
            } else {
                return true
            }
        }
        return false
    }
}
