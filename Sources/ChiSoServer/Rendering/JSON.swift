import ChiSoCore

/// A minimal JSON value with ordered keys, written deterministically (stable output for tests and diffs).
public indirect enum JSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number written with at most `places` decimals.
    case number(Double, places: Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    static func decimal(_ value: Double?, places: Int = 2) -> JSON {
        value.map { .number($0, places: places) } ?? .null
    }

    static func text(_ value: String?) -> JSON { value.map { .string($0) } ?? .null }

    /// The JSON text, indented by two spaces per level.
    public func rendered(indent: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent)
        return out
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d, let places):
            var s = Decimal2.plain(d, places: places)
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            out += s
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += pad
                JSON.quote(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 1)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        }
    }

    static func quote(_ s: String, into out: inout String) {
        JSONString.append(s, to: &out)
    }
}
