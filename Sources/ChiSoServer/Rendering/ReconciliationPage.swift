import ChiSoCore

/// The HTML of the reconciliation page (`/doi-chieu`) and of the portal's section on a unit page: every figure
/// with its source and time of export, differences highlighted.
enum ReconciliationPage {
    static let portal = "Cổng DVCQG"
    static let province = "Hệ thống tỉnh"

    /// The page body for a period.
    static func body(_ r: Reconciliation, snapshotID: Int64?, periods: [Period], selected: Period) -> String {
        var out = "<h2>Đối chiếu số liệu với Cổng Dịch vụ công quốc gia — \(HTML.esc(r.period.vietnameseName))</h2>"
        out += HTML.selector(action: "/doi-chieu", periods: periods, selected: selected, level: nil)
        out += "<p>\(sourceLine(r))</p>"
        if r.isProvisional { out += "<p class=\"flash\">Kỳ chưa kết thúc tại thời điểm trích xuất: số liệu của Cổng là tạm tính.</p>" }
        if !r.isComplete { out += "<p class=\"flash\">Bản trích xuất chưa đủ sáu nhóm chỉ số.</p>" }
        if let s = r.standing {
            var text = "Xếp hạng toàn quốc (\(portal)): <b>\(s.province.rank)/\(s.provinceCount)</b>, \(HTML.points(s.province.total)) điểm"
            if let change = s.rankChange { text += " " + HTML.rankChange(change) }
            out += "<p id=\"national-rank\">\(text)</p>"
        }
        let query = "period=\(HTML.query(r.period.description))" + (snapshotID.map { "&amp;snapshot=\($0)" } ?? "")
        out +=
            "<p class=\"noprint\">Báo cáo đối chiếu: <a href=\"/api/v1/reconciliation/document?\(query)&amp;format=docx\">DOCX</a> · "
            + "<a href=\"/api/v1/reconciliation/document?\(query)&amp;format=xlsx\">XLSX</a> · "
            + "<a href=\"/api/v1/reconciliation/document?\(query)&amp;format=html\">HTML</a> · "
            + "<a href=\"/api/v1/reconciliation?\(query)\">JSON</a></p>"
        if let line = r.province {
            out += "<h2>Toàn tỉnh</h2>" + groupTable(line, id: "groups-province")
        }
        out += "<h2>Theo đơn vị</h2><table id=\"reconciliation\"><thead><tr><th>Đơn vị</th><th>Có ở</th>"
        out += "<th>Tổng điểm (\(portal))</th><th>Tổng điểm (\(province))</th><th>Chênh lệch</th>"
        out +=
            "<th>Đúng hạn (\(portal))</th><th>Đúng hạn (\(province))</th><th>Quá hạn (\(portal) / \(province))</th><th>Nguyên nhân</th></tr></thead><tbody>"
        for line in r.units {
            let differs =
                line.presence != .both || line.indicators.contains(where: \.differs)
                || (line.totalDifference.map { Decimal2.round($0) != 0 } ?? false)
            let onTime = line.indicator(.dossierOnTime)
            let name =
                line.unit.map { "<a href=\"/don-vi/\(HTML.query($0.code))?period=\(HTML.query(r.period.description))\">\(HTML.esc($0.name))</a>" }
                ?? HTML.esc(line.name)
            out += "<tr\(differs ? " class=\"differs\"" : "")><td>\(name)</td><td>\(presence(line.presence))</td>"
            out += "<td class=\"n\">\(HTML.points(line.portalTotal))</td><td class=\"n\">\(HTML.points(line.chisoTotal))</td>"
            out += "<td class=\"n\">\(difference(line.totalDifference))</td>"
            out += "<td class=\"n\">\(fraction(onTime?.portal))</td><td class=\"n\">\(fraction(onTime?.chiso))</td>"
            out += "<td class=\"n\">\(HTML.number(line.portalOverdue)) / \(line.chisoOverdue.map(String.init) ?? "–")</td>"
            out += "<td>\(explanations(line))</td></tr>"
        }
        out +=
            "</tbody><caption>Hàng tô màu: hai nguồn chênh lệch. Số liệu \(portal) trích xuất lúc \(HTML.esc(r.takenAt.vietnamese)); "
            + "số liệu \(province) tính đến cùng thời điểm.</caption></table>"
        let unmatched =
            r.matching.unmatchedPortal.map { ($0.portal.name, portal, $0.candidates) }
            + r.matching.unmatchedUnits.map { ($0.unit.name, province, $0.candidates) }
        if !unmatched.isEmpty {
            out +=
                "<h2>Đơn vị chưa ghép được</h2><table id=\"unmatched\"><thead><tr><th>Đơn vị</th><th>Chỉ có ở</th><th>Gần giống nhất</th></tr></thead><tbody>"
            for (name, side, candidates) in unmatched {
                let close = candidates.map { "\(HTML.esc($0.name)) (\(Decimal2.vietnamese($0.similarity * 100, places: 0))%)" }.joined(
                    separator: "; ")
                out += "<tr><td>\(HTML.esc(name))</td><td>\(side)</td><td>\(close.isEmpty ? "–" : close)</td></tr>"
            }
            out += "</tbody></table>"
        }
        return "<style>tr.differs td{background:#fff3cd}</style>" + out
    }

    /// The portal's figures beside ChiSo's for one unit (on the unit page).
    static func unitSection(_ line: Reconciliation.UnitLine, reconciliation r: Reconciliation) -> String {
        var out = "<h2>Số liệu trên Cổng Dịch vụ công quốc gia</h2><p>\(sourceLine(r))</p>"
        out += groupTable(line, id: "portal-groups")
        out +=
            "<table id=\"portal-indicators\"><thead><tr><th>Chỉ số</th><th>Tử số / mẫu số (\(portal))</th><th>Tỷ lệ % (\(portal))</th>"
            + "<th>Tử số / mẫu số (\(province))</th><th>Tỷ lệ % (\(province))</th><th>Chênh lệch tỷ lệ</th></tr></thead><tbody>"
        for i in line.indicators where i.portal != nil {
            out += "<tr\(i.differs ? " class=\"differs\"" : "")><td>\(HTML.esc(i.name))</td><td class=\"n\">\(fraction(i.portal))</td>"
            out +=
                "<td class=\"n\">\(HTML.number(i.portal?.rate))</td><td class=\"n\">\(fraction(i.chiso))</td><td class=\"n\">\(HTML.number(i.chiso?.rate))</td>"
            out += "<td class=\"n\">\(difference(i.rateDifference))</td></tr>"
        }
        out += "</tbody></table>"
        if !line.explanations.isEmpty { out += "<p>Nguyên nhân chênh lệch: \(explanations(line))</p>" }
        return "<style>tr.differs td{background:#fff3cd}</style>" + out
    }

    static func sourceLine(_ r: Reconciliation) -> String {
        "Nguồn: \(portal), số liệu trích xuất lúc \(HTML.esc(r.takenAt.vietnamese)); \(province): tính từ dữ liệu hồ sơ đến cùng thời điểm."
    }

    static func groupTable(_ line: Reconciliation.UnitLine, id: String) -> String {
        var out =
            "<table id=\"\(id)\"><thead><tr><th>Nhóm chỉ số</th><th>Tối đa</th><th>\(portal)</th><th>\(province)</th><th>Chênh lệch</th></tr></thead><tbody>"
        for g in line.groups {
            let differs = g.pointsDifference.map { Decimal2.round($0) != 0 } ?? false
            out += "<tr\(differs ? " class=\"differs\"" : "")><td>\(HTML.esc(g.name))</td><td class=\"n\">\(HTML.number(g.maxPoints))</td>"
            out += "<td class=\"n\">\(HTML.points(g.portalPoints))</td><td class=\"n\">\(HTML.points(g.chisoPoints))</td>"
            out += "<td class=\"n\">\(difference(g.pointsDifference))</td></tr>"
        }
        out +=
            "<tr><th>Tổng điểm</th><td></td><td class=\"n\"><b>\(HTML.points(line.portalTotal))</b></td><td class=\"n\"><b>\(HTML.points(line.chisoTotal))</b></td>"
        out += "<td class=\"n\">\(difference(line.totalDifference))</td></tr>"
        return out + "</tbody></table>"
    }

    static func presence(_ p: Reconciliation.Presence) -> String {
        switch p {
        case .both: return "Cả hai"
        case .portalOnly: return "<span class=\"down\">Chỉ \(portal)</span>"
        case .chisoOnly: return "<span class=\"down\">Chỉ \(province)</span>"
        }
    }

    static func fraction(_ f: Reconciliation.Figure?) -> String {
        guard let f else { return "–" }
        guard let n = f.numerator, let d = f.denominator else { return HTML.number(f.rate) }
        return "\(Decimal2.vietnamese(n)) / \(Decimal2.vietnamese(d))"
    }

    static func difference(_ value: Double?) -> String {
        guard let value, Decimal2.round(value) != 0 else { return "–" }
        return "<span class=\"\(value > 0 ? "up" : "down")\">\(value > 0 ? "+" : "−")\(Decimal2.vietnamese(abs(value)))</span>"
    }

    static func explanations(_ line: Reconciliation.UnitLine) -> String {
        line.explanations.map { e in
            let codes = e.dossierCodes.prefix(20).map(HTML.esc).joined(separator: ", ")
            let more = e.dossierCodes.count > 20 ? " … (\(e.dossierCodes.count) hồ sơ)" : ""
            return "\(HTML.esc(e.kind.vietnamese))\(codes.isEmpty ? "" : ": " + codes + more)"
        }.joined(separator: "<br>")
    }
}
