import ChiSoCore

/// Builds one JSON object as text, keys in the order they are added.
///
/// Strings are escaped as RFC 8259 requires (quote, backslash, control characters); everything else is written
/// as UTF-8 unchanged, so the output is deterministic and readable.
struct JSONObjectText {
    private(set) var text = "{"
    private var first = true

    private mutating func key(_ name: String) {
        if first { first = false } else { text += "," }
        text += "\""
        text += name
        text += "\":"
    }

    mutating func string(_ name: String, _ value: String) {
        key(name)
        JSONObjectText.appendEscaped(value, to: &text)
    }

    mutating func number(_ name: String, _ value: Int64) {
        key(name)
        text += String(value)
    }

    mutating func number(_ name: String, _ value: Int) {
        key(name)
        text += String(value)
    }

    /// A number with at most 2 decimals, as the national portal publishes its figures; null when nil.
    mutating func decimal(_ name: String, _ value: Double?) {
        key(name)
        guard let value, value.isFinite else {
            text += "null"
            return
        }
        let hundredths = Int64((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = abs(hundredths) / 100
        let fraction = abs(hundredths) % 100
        text += sign + String(whole)
        if fraction != 0 { text += fraction % 10 == 0 ? "." + String(fraction / 10) : (fraction < 10 ? ".0" : ".") + String(fraction) }
    }

    mutating func object(_ name: String, _ value: JSONObjectText) {
        key(name)
        text += value.closed
    }

    mutating func flag(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "1" : "0"
    }

    mutating func array(_ name: String, _ items: [JSONObjectText]) {
        key(name)
        text += "["
        for (i, item) in items.enumerated() {
            if i > 0 { text += "," }
            text += item.closed
        }
        text += "]"
    }

    /// The object's text with its closing brace.
    var closed: String { text + "}" }

    static func appendEscaped(_ value: String, to out: inout String) {
        JSONString.append(value, to: &out)
    }
}
