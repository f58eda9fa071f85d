import ChiSoCore
import Foundation

/// SVG charts drawn by the server: titled, labelled, dark on light for print.
enum Charts {
    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// A line chart of values (nil: no data) over labels, scale 0–100.
    static func line(id: String, title: String, labels: [String], values: [Double?]) -> String {
        lines(id: id, title: title, labels: labels, series: [(title, values)])
    }

    /// Several lines over the same labels, scale 0–100, with a legend under the plot; nil values are gaps. With many
    /// labels (the days of a month) only some are written, so that they stay readable on a phone.
    static func lines(id: String, title: String, labels: [String], series: [(name: String, values: [Double?])]) -> String {
        let colours = ["#0b4f8a", "#b35c00", "#1b6e20", "#7b2d8e", "#a31515", "#00707a", "#5a5a5a"]
        // 480 wide with 13-unit labels: about 10 px on a phone's 370 px, the size of the page's small print.
        let w = 480.0, left = 36.0, right = 24.0, top = 34.0, plotH = 170.0, legendRow = 20.0
        let legendRows = series.count > 1 ? (series.count + 1) / 2 : 0
        let h = top + plotH + 28 + legendRow * Double(legendRows) + 6
        let plotW = w - left - right
        let step = labels.count > 1 ? plotW / Double(labels.count - 1) : 0
        let every = max(1, (labels.count + 5) / 6)
        func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v, 0), 100) / 100) }
        var out =
            "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\">"
        out += "<title id=\"\(id)-t\">\(HTML.esc(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        out +=
            "<text x=\"\(f(w / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">\(HTML.esc(title))</text>"
        for g in stride(from: 0.0, through: 100.0, by: 25.0) {
            out += "<line x1=\"\(f(left))\" x2=\"\(f(w - right))\" y1=\"\(f(y(g)))\" y2=\"\(f(y(g)))\" stroke=\"#d0d0d0\"/>"
            out += "<text x=\"\(f(left - 4))\" y=\"\(f(y(g) + 4))\" text-anchor=\"end\" font-size=\"14\" fill=\"#333\">\(Int(g))</text>"
        }
        // Every `every`-th label counted back from the last one (the latest is always written).
        for (i, label) in labels.enumerated() where (labels.count - 1 - i) % every == 0 {
            out +=
                "<text x=\"\(f(left + step * Double(i)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\" font-size=\"14\" fill=\"#333\">\(HTML.esc(label))</text>"
        }
        for (k, line) in series.enumerated() {
            let colour = colours[k % colours.count]
            var points: [String] = []
            for (i, v) in line.values.enumerated() {
                guard let v else { continue }
                let x = left + step * Double(i)
                points.append("\(f(x)),\(f(y(v)))")
                out +=
                    "<circle cx=\"\(f(x))\" cy=\"\(f(y(v)))\" r=\"2.5\" fill=\"\(colour)\"><title>\(HTML.esc(line.name)), \(HTML.esc(labels[i])): \(Decimal2.vietnamese(v))</title></circle>"
            }
            if points.count > 1 {
                out +=
                    "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(k == 0 ? 3 : 1.5)\" points=\"\(points.joined(separator: " "))\"/>"
            }
            guard series.count > 1 else { continue }
            let lx = left + Double(k % 2) * (plotW / 2), ly = top + plotH + 30 + legendRow * Double(k / 2)
            out += "<rect x=\"\(f(lx))\" y=\"\(f(ly + 3))\" width=\"14\" height=\"10\" fill=\"\(colour)\"/>"
            let name = line.name.count > 25 ? String(line.name.prefix(24)) + "…" : line.name
            out += "<text x=\"\(f(lx + 18))\" y=\"\(f(ly + 13))\" font-size=\"14\" fill=\"#1a1a1a\">\(HTML.esc(name))</text>"
        }
        return out + "</svg>"
    }

    /// Horizontal bars (value of max), one per label, each label written above its bar so that the chart stays narrow
    /// (labels about 10 px on a phone).
    static func bars(id: String, title: String, items: [(label: String, value: Double, max: Double)]) -> String {
        let rowH = 40.0, left = 8.0, barW = 370.0, top = 32.0
        let h = top + rowH * Double(items.count) + 8
        let w = 480.0
        var out =
            "<svg id=\"\(id)\" class=\"chart\" role=\"img\" aria-labelledby=\"\(id)-t\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\">"
        out += "<title id=\"\(id)-t\">\(HTML.esc(title))</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        out +=
            "<text x=\"\(f(w / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">\(HTML.esc(title))</text>"
        for (i, item) in items.enumerated() {
            let y = top + rowH * Double(i)
            let len = item.max > 0 ? barW * min(item.value / item.max, 1) : 0
            let label = item.label.count > 48 ? String(item.label.prefix(47)) + "…" : item.label
            out += "<text x=\"\(f(left))\" y=\"\(f(y + 15))\" font-size=\"15\" fill=\"#1a1a1a\">\(HTML.esc(label))</text>"
            out +=
                "<rect x=\"\(f(left))\" y=\"\(f(y + 20))\" width=\"\(f(len))\" height=\"14\" fill=\"#0b4f8a\"><title>\(HTML.esc(item.label)): \(Decimal2.vietnamese(item.value))/\(Decimal2.vietnamese(item.max))</title></rect>"
            out +=
                "<text x=\"\(f(left + len + 4))\" y=\"\(f(y + 32))\" font-size=\"14\" fill=\"#1a1a1a\">\(Decimal2.vietnamese(item.value))\(item.max == 100 ? "" : " / " + Decimal2.vietnamese(item.max))</text>"
        }
        return out + "</svg>"
    }

    /// A radar of the groups' rates (points as a share of the maximum); labels sit outside the rings, anchored
    /// away from the centre so that none is cut at the chart's edges.
    static func radar(id: String, title: String, axes: [(label: String, rate: Double)]) -> String {
        let w = 480.0, h = 372.0, cx = 240.0, cy = 198.0, r = 96.0
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
            // The name on up to two lines, then the rate: above the centre the lines grow upwards, below it downwards.
            let words = wrap(axis.label, width: 13)
            let lines = Double(words.count + 1)
            let y = sn < -0.5 ? lab.1 - 17 * (lines - 1) : sn > 0.5 ? lab.1 + 12 : lab.1 - 17 * (lines - 1) / 2 + 5
            out += "<text x=\"\(f(lab.0))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"15\" fill=\"#1a1a1a\">"
            for (k, line) in words.enumerated() {
                out += "<tspan x=\"\(f(lab.0))\"\(k == 0 ? "" : " dy=\"17\"")>\(HTML.esc(line))</tspan>"
            }
            out += "<tspan x=\"\(f(lab.0))\" dy=\"17\" font-weight=\"bold\">\(Int(axis.rate.rounded()))%</tspan></text>"
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

    /// Words on lines of at most `width` characters (a longer word stays whole), at most two lines.
    private static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for word in text.split(separator: " ") {
            if let last = lines.last, last.count + 1 + word.count <= width || lines.count == 2 {
                lines[lines.count - 1] = last + " " + word
            } else {
                lines.append(String(word))
            }
        }
        return lines
    }
}
