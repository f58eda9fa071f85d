import ChiSoCore

/// Server-rendered HTML: escaping and the page layout.
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

    static let style = """
        :root{--ink:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--accent:#0b4f8a;--good:#1b6e20;--bad:#a31515;--bg:#fff;--card:#f4f6f8}
        *{box-sizing:border-box}body{font-family:"DejaVu Sans",Arial,sans-serif;color:var(--ink);background:var(--bg);margin:0;line-height:1.45}
        header{background:var(--accent);color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        header a{color:#fff}header h1{font-size:1.15rem;margin:0;flex:1}header nav{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        main{padding:1rem;max-width:1200px;margin:auto}h2{font-size:1.1rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid var(--line);padding:.25rem .4rem;text-align:left;vertical-align:top}
        th{background:var(--card)}table.ranking td:nth-child(2){min-width:13rem}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.6rem}.card{background:var(--card);border:1px solid var(--line);padding:.5rem}
        .card b{font-size:1.3rem}.up{color:var(--good)}.down{color:var(--bad)}.muted{color:var(--muted)}
        form.sel{display:flex;gap:.5rem;align-items:end;flex-wrap:wrap;margin:.5rem 0}label{display:flex;flex-direction:column;font-size:.9rem}
        select,input,button{font:inherit;padding:.25rem}.charts{display:flex;flex-wrap:wrap;gap:1rem}.charts figure{margin:0}
        figure{margin:.5rem 0 1rem}svg.chart{max-width:100%;height:auto;border:1px solid var(--line)}caption{text-align:left;color:var(--muted);caption-side:bottom;font-size:.85rem;padding-top:.2rem}
        svg text{font-family:"DejaVu Sans",Arial,sans-serif}.flash{background:#fff3cd;border:1px solid #b58900;padding:.5rem}
        @media print{header{background:none;color:#000}header a{color:#000}form.sel,.noprint{display:none}}
        """

    /// A whole page.
    static func page(title: String, user: String?, csrf: String?, body: String, script: Bool = false) -> String {
        var nav = "<a href=\"/cong-khai\">Công khai</a>"
        if let user {
            nav = "<a href=\"/\">Tổng quan</a> <a href=\"/doi-chieu\">Đối chiếu</a> " + nav + " <span>\(esc(user))</span>"
            if let csrf {
                nav +=
                    " <form method=\"post\" action=\"/dang-xuat\" class=\"noprint\" style=\"display:inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\"><button>Đăng xuất</button></form>"
            }
        } else {
            nav += " <a href=\"/dang-nhap\">Đăng nhập</a>"
        }
        return """
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <title>\(esc(title)) — ChiSo</title><style>\(style)</style></head>
            <body><header><h1>ChiSo — Bộ chỉ số phục vụ người dân, doanh nghiệp</h1><nav>\(nav)</nav></header>
            <main>\(body)</main>\(script ? "<script src=\"/static/live.js\"></script>" : "")</body></html>
            """
    }

    /// The period and level selector (GET form).
    static func selector(action: String, periods: [Period], selected: Period, level: String?) -> String {
        var out = "<form class=\"sel\" method=\"get\" action=\"\(esc(action))\"><label>Kỳ báo cáo<select name=\"period\">"
        var list = periods
        if !list.contains(selected) { list.insert(selected, at: 0) }
        for p in list {
            out += "<option value=\"\(esc(p.description))\"\(p == selected ? " selected" : "")>\(esc(capitalized(p.vietnameseName)))</option>"
        }
        out += "</select></label>"
        if let level {
            out += "<label>Cấp<select name=\"level\"><option value=\"all\">Tất cả</option>"
            for k in ChiSoCore.Unit.Kind.allCases {
                out += "<option value=\"\(k.rawValue)\"\(level == k.rawValue ? " selected" : "")>\(esc(k.levelName))</option>"
            }
            out += "</select></label>"
        }
        return out + "<button>Xem</button></form>"
    }

    static func number(_ v: Double?) -> String { v.map { Decimal2.vietnamese($0) } ?? "–" }

    /// Points with exactly two decimals and a decimal comma (table columns line up): 81,50.
    static func points(_ v: Double?) -> String { v.map { Decimal2.plain($0).replacing(".", with: ",") } ?? "–" }

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
