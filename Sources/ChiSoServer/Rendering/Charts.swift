import ChiSoCore
import Foundation

/// SVG charts drawn by the server: titled, labelled, dark on light for print.
enum Charts {
    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// A line chart of values (nil: no data) over labels, scale 0–100.
    static func line(id: String, title: String, labels: [String], values: [Double?]) -> String {
        let w = 560.0, h = 240.0, left = 40.0, right = 28.0, top = 34.0, bottom = 40.0
        let plotW = w - left - right, plotH = h - top - bottom
        let step = labels.count > 1 ? plotW / Double(labels.count - 1) : 0
        func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v, 0), 100) / 100) }
        var out =
            "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\">"
        out += "<title id=\"\(id)-t\">\(HTML.esc(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        out +=
            "<text x=\"\(f(w / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">\(HTML.esc(title))</text>"
        for g in stride(from: 0.0, through: 100.0, by: 25.0) {
            out += "<line x1=\"\(f(left))\" x2=\"\(f(w - right))\" y1=\"\(f(y(g)))\" y2=\"\(f(y(g)))\" stroke=\"#d0d0d0\"/>"
            out += "<text x=\"\(f(left - 4))\" y=\"\(f(y(g) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#333\">\(Int(g))</text>"
        }
        var points: [String] = []
        for (i, v) in values.enumerated() {
            let x = left + step * Double(i)
            out +=
                "<text x=\"\(f(x))\" y=\"\(f(h - bottom + 14))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">\(HTML.esc(labels[i]))</text>"
            if let v {
                points.append("\(f(x)),\(f(y(v)))")
                out +=
                    "<circle cx=\"\(f(x))\" cy=\"\(f(y(v)))\" r=\"3\" fill=\"#0b4f8a\"><title>\(HTML.esc(labels[i])): \(Decimal2.vietnamese(v))</title></circle>"
            }
        }
        if points.count > 1 { out += "<polyline fill=\"none\" stroke=\"#0b4f8a\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>" }
        return out + "</svg>"
    }

    /// Horizontal bars (value of max), one per label.
    static func bars(id: String, title: String, items: [(label: String, value: Double, max: Double)]) -> String {
        let rowH = 24.0, labelW = 280.0, barW = 420.0, top = 32.0
        let h = top + rowH * Double(items.count) + 10
        let w = labelW + barW + 90
        var out =
            "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\">"
        out += "<title id=\"\(id)-t\">\(HTML.esc(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        out +=
            "<text x=\"\(f(w / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">\(HTML.esc(title))</text>"
        for (i, item) in items.enumerated() {
            let y = top + rowH * Double(i)
            let len = item.max > 0 ? barW * min(item.value / item.max, 1) : 0
            let label = item.label.count > 38 ? String(item.label.prefix(37)) + "…" : item.label
            out += "<text x=\"\(f(labelW - 6))\" y=\"\(f(y + 16))\" text-anchor=\"end\" font-size=\"13\" fill=\"#1a1a1a\">\(HTML.esc(label))</text>"
            out +=
                "<rect x=\"\(f(labelW))\" y=\"\(f(y + 3))\" width=\"\(f(len))\" height=\"\(f(rowH - 6))\" fill=\"#0b4f8a\"><title>\(HTML.esc(item.label)): \(Decimal2.vietnamese(item.value))/\(Decimal2.vietnamese(item.max))</title></rect>"
            out +=
                "<text x=\"\(f(labelW + len + 4))\" y=\"\(f(y + 16))\" font-size=\"13\" fill=\"#1a1a1a\">\(Decimal2.vietnamese(item.value))\(item.max == 100 ? "" : " / " + Decimal2.vietnamese(item.max))</text>"
        }
        return out + "</svg>"
    }

    /// A radar of the groups' rates (points as a share of the maximum); labels sit outside the rings, anchored
    /// away from the centre so that none is cut at the chart's edges.
    static func radar(id: String, title: String, axes: [(label: String, rate: Double)]) -> String {
        let w = 580.0, h = 360.0, cx = 290.0, cy = 195.0, r = 115.0
        let n = max(axes.count, 3)
        func angle(_ i: Int) -> Double { -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(n) }
        func point(_ i: Int, _ frac: Double) -> (Double, Double) {
            (cx + r * frac * cos(angle(i)), cy + r * frac * sin(angle(i)))
        }
        var out =
            "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\">"
        out += "<title id=\"\(id)-t\">\(HTML.esc(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        out +=
            "<text x=\"\(f(w / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">\(HTML.esc(title))</text>"
        for ring in [0.25, 0.5, 0.75, 1.0] {
            let pts = (0..<n).map { i -> String in
                let p = point(i, ring); return "\(f(p.0)),\(f(p.1))"
            }
            out += "<polygon points=\"\(pts.joined(separator: " "))\" fill=\"none\" stroke=\"#b0b0b0\"/>"
        }
        for (i, axis) in axes.enumerated() {
            let end = point(i, 1), lab = point(i, 1.12)
            out += "<line x1=\"\(f(cx))\" y1=\"\(f(cy))\" x2=\"\(f(end.0))\" y2=\"\(f(end.1))\" stroke=\"#b0b0b0\"/>"
            let c = cos(angle(i)), sn = sin(angle(i))
            let anchor = c > 0.2 ? "start" : c < -0.2 ? "end" : "middle"
            // Above the centre the two lines grow upwards, below it downwards.
            let y = sn < -0.5 ? lab.1 - 16 : sn > 0.5 ? lab.1 + 10 : lab.1 - 4
            out += "<text x=\"\(f(lab.0))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"12\" fill=\"#1a1a1a\">"
            out += "<tspan x=\"\(f(lab.0))\">\(HTML.esc(axis.label))</tspan>"
            out += "<tspan x=\"\(f(lab.0))\" dy=\"14\" font-weight=\"bold\">\(Int(axis.rate.rounded()))%</tspan></text>"
        }
        let pts = axes.enumerated().map { i, a -> String in
            let p = point(i, min(max(a.rate, 0), 100) / 100); return "\(f(p.0)),\(f(p.1))"
        }
        out += "<polygon points=\"\(pts.joined(separator: " "))\" fill=\"#0b4f8a\" fill-opacity=\"0.3\" stroke=\"#0b4f8a\" stroke-width=\"2\"/>"
        for (i, a) in axes.enumerated() {
            let p = point(i, min(max(a.rate, 0), 100) / 100)
            out +=
                "<circle cx=\"\(f(p.0))\" cy=\"\(f(p.1))\" r=\"3\" fill=\"#0b4f8a\"><title>\(HTML.esc(a.label)): \(Int(a.rate.rounded()))%</title></circle>"
        }
        return out + "</svg>"
    }
}
