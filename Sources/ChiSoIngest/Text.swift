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
