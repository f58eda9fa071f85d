import ChiSoCore
import Foundation

/// SVG charts drawn by the server: titled, labelled, dark on light for print.
enum Charts {
    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// A line chart of values (nil: no data) over labels, scale 0–100.
    static func line(id: String, title: String, labels: [String], values: [Double?]) -> String {
        let w = 560.0, h = 240.0, left = 40.0, right = 12.0, top = 30.0, bottom = 40.0
        let plotW = w - left - right, plotH = h - top - bottom
        let step = labels.count > 1 ? plotW / Double(labels.count - 1) : 0
        func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v, 0), 100) / 100) }
        var out = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\">"
        out += "<title id=\"\(id)-t\">\(HTML.esc(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        out += "<text x=\"\(f(w / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#1a1a1a\">\(HTML.esc(title))</text>"
        for g in stride(from: 0.0, through: 100.0, by: 25.0) {
            out += "<line x1=\"\(f(left))\" x2=\"\(f(w - right))\" y1=\"\(f(y(g)))\" y2=\"\(f(y(g)))\" stroke=\"#d0d0d0\"/>"
            out += "<text x=\"\(f(left - 4))\" y=\"\(f(y(g) + 4))\" text-anchor=\"end\" font-size=\"10\" fill=\"#333\">\(Int(g))</text>"
        }
        var points: [String] = []
        for (i, v) in values.enumerated() {
            let x = left + step * Double(i)
            out += "<text x=\"\(f(x))\" y=\"\(f(h - bottom + 14))\" text-anchor=\"middle\" font-size=\"9\" fill=\"#333\">\(HTML.esc(labels[i]))</text>"
            if let v {
                points.append("\(f(x)),\(f(y(v)))")
                out += "<circle cx=\"\(f(x))\" cy=\"\(f(y(v)))\" r=\"3\" fill=\"#0b4f8a\"><title>\(HTML.esc(labels[i])): \(Decimal2.vietnamese(v))</title></circle>"
            }
        }
        if points.count > 1 { out += "<polyline fill=\"none\" stroke=\"#0b4f8a\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>" }
        return out + "</svg>"
    }

    /// Horizontal bars (value of max), one per label.
    static func bars(id: String, title: String, items: [(label: String, value: Double, max: Double)]) -> String {
        let rowH = 20.0, labelW = 230.0, barW = 280.0, top = 28.0
        let h = top + rowH * Double(items.count) + 10
        let w = labelW + barW + 60
        var out = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\">"
        out += "<title id=\"\(id)-t\">\(HTML.esc(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        out += "<text x=\"\(f(w / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#1a1a1a\">\(HTML.esc(title))</text>"
        for (i, item) in items.enumerated() {
            let y = top + rowH * Double(i)
            let len = item.max > 0 ? barW * min(item.value / item.max, 1) : 0
            let label = item.label.count > 34 ? String(item.label.prefix(33)) + "…" : item.label
            out += "<text x=\"\(f(labelW - 6))\" y=\"\(f(y + 14))\" text-anchor=\"end\" font-size=\"11\" fill=\"#1a1a1a\">\(HTML.esc(label))</text>"
            out += "<rect x=\"\(f(labelW))\" y=\"\(f(y + 3))\" width=\"\(f(len))\" height=\"\(f(rowH - 6))\" fill=\"#0b4f8a\"><title>\(HTML.esc(item.label)): \(Decimal2.vietnamese(item.value))/\(Decimal2.vietnamese(item.max))</title></rect>"
            out += "<text x=\"\(f(labelW + len + 4))\" y=\"\(f(y + 14))\" font-size=\"11\" fill=\"#1a1a1a\">\(Decimal2.vietnamese(item.value))</text>"
        }
        return out + "</svg>"
    }

    /// A radar of the groups' rates (points as a share of the maximum).
    static func radar(id: String, title: String, axes: [(label: String, rate: Double)]) -> String {
        let size = 340.0, cx = 170.0, cy = 185.0, r = 110.0
        let n = max(axes.count, 3)
        func point(_ i: Int, _ frac: Double) -> (Double, Double) {
            let a = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(n)
            return (cx + r * frac * cos(a), cy + r * frac * sin(a))
        }
        var out = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(size)) \(Int(size + 30))\" width=\"\(Int(size))\" height=\"\(Int(size + 30))\">"
        out += "<title id=\"\(id)-t\">\(HTML.esc(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        out += "<text x=\"\(f(size / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#1a1a1a\">\(HTML.esc(title))</text>"
        for ring in [0.25, 0.5, 0.75, 1.0] {
            let pts = (0..<n).map { i -> String in let p = point(i, ring); return "\(f(p.0)),\(f(p.1))" }
            out += "<polygon points=\"\(pts.joined(separator: " "))\" fill=\"none\" stroke=\"#c8c8c8\"/>"
        }
        for (i, axis) in axes.enumerated() {
            let end = point(i, 1), lab = point(i, 1.22)
            out += "<line x1=\"\(f(cx))\" y1=\"\(f(cy))\" x2=\"\(f(end.0))\" y2=\"\(f(end.1))\" stroke=\"#c8c8c8\"/>"
            let label = axis.label.count > 22 ? String(axis.label.prefix(21)) + "…" : axis.label
            out += "<text x=\"\(f(lab.0))\" y=\"\(f(lab.1))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#1a1a1a\">\(HTML.esc(label)) (\(Int(axis.rate.rounded()))%)</text>"
        }
        let pts = axes.enumerated().map { i, a -> String in let p = point(i, min(max(a.rate, 0), 100) / 100); return "\(f(p.0)),\(f(p.1))" }
        out += "<polygon points=\"\(pts.joined(separator: " "))\" fill=\"#0b4f8a\" fill-opacity=\"0.3\" stroke=\"#0b4f8a\" stroke-width=\"2\"/>"
        return out + "</svg>"
    }
}
