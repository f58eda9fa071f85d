import ChiSoCore

/// Server-rendered HTML: escaping, the page layout and the small fragments pages share.
enum HTML {
    /// Escapes text for element content and attribute values.
    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escapes a query parameter value.
    static func query(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(b >> 4)])\(hex[Int(b & 15)])"
            }
        }
        return out
    }

    /// A whole page: the body inside the layout template; `admin` adds the administration to the menu.
    static func page(title: String, user: String?, csrf: String?, body: String, script: Bool = false, admin: Bool = false) -> String {
        Templates.shipped.render(LayoutView(title: title, user: user, csrf: csrf, body: body, script: script, admin: admin), "layout")
    }

    /// The period and level selector (GET form), from the `selector` template.
    static func selector(action: String, periods: [Period], selected: Period, level: String?) -> String {
        Templates.shipped.render(SelectorView(action: action, periods: periods, selected: selected, level: level), "selector")
    }

    static func number(_ v: Double?) -> String { v.map { Decimal2.vietnamese($0) } ?? "–" }

    /// Points with exactly two decimals and a decimal comma (table columns line up): 81,50.
    static func points(_ v: Double?) -> String { v.map { Decimal2.plain($0).replacing(".", with: ",") } ?? "–" }

    /// A change of points as a coloured span with its sign and two decimals ("+1,25", "−0,40"); "–" when there is none
    /// at two decimals.
    static func pointChange(_ v: Double?) -> String {
        guard let v, Decimal2.round(v) != 0 else { return "–" }
        return "<span class=\"\(v > 0 ? "up" : "down")\">\(v > 0 ? "+" : "−")\(points(abs(v)))</span>"
    }

    /// The text with its first letter in capitals ("tháng 10/2026" → "Tháng 10/2026").
    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// ▲ / ▼ / = for a rank change (positive: moved up).
    static func rankChange(_ change: Int?) -> String {
        guard let change else { return "<span class=\"muted\">mới</span>" }
        if change > 0 { return "<span class=\"up\" title=\"tăng \(change) bậc\">▲\(change)</span>" }
        if change < 0 { return "<span class=\"down\" title=\"giảm \(-change) bậc\">▼\(-change)</span>" }
        return "<span class=\"muted\" title=\"giữ nguyên\">=</span>"
    }
}
