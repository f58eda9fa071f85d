import Foundation

/// Escaping shared by the XML and HTML writers.
enum Markup {
    /// NFC-normalises `text`, drops characters XML 1.0 forbids and escapes `& < > "`.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in nfc(text).unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default:
                let value = scalar.value
                let allowed =
                    value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                    || (0xE000...0xFFFD).contains(value) || value >= 0x10000
                if allowed { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// Canonical composition (NFC), so "ệ" is one scalar as Word and Excel expect.
    static func nfc(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
    }

    /// A number attribute without a trailing ".0": 14 → "14", 1.5 → "1.5".
    static func number(_ value: Double) -> String {
        DecimalDigits(value).plainText
    }
}
