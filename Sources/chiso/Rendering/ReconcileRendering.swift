import ChiSoCore
import ChiSoReport

/// The three output formats of `chiso reconcile`.
enum ReconcileFormat: String, CaseIterable {
    case table, json, csv
}

extension Reconciliation {
    /// The reconciliation in a format.
    func rendered(as format: ReconcileFormat) throws -> String {
        switch format {
        case .table: return tableText()
        case .json: return try JSONOutput.text(ReconcileDocument(self)) + "\n"
        case .csv: return csv()
        }
    }

    /// The dossiers listed per explanation in the table (JSON and CSV list them all).
    static let listedDossiers = 20

    /// Every line, the province first.
    var allLines: [UnitLine] { (province.map { [$0] } ?? []) + units }

    // MARK: CSV

    /// One row per unit and indicator: both sides' figures and the differences; the dossiers that explain a
    /// unit's differences are listed in the `explanations` column (`kind: code code …; kind: …`).
    func csv() -> String {
        let header = [
            "unit_code", "unit_name", "presence", "portal_id", "indicator", "portal_numerator", "portal_denominator", "portal_rate", "portal_points",
            "chiso_numerator", "chiso_denominator", "chiso_rate", "chiso_points", "rate_difference", "points_difference", "differs", "explanations",
        ]
        var lines = [header.joined(separator: ",")]
        func number(_ value: Double?) -> String { value.map { Decimal2.plain($0).trimmingZeros } ?? "" }
        for line in allLines {
            let explanations = line.explanations.map { "\($0.kind.rawValue): \($0.dossierCodes.joined(separator: " "))" }.joined(separator: "; ")
            for i in line.indicators {
                let row = [
                    line.unit?.code ?? "", line.name, line.presence.rawValue, line.portal?.key ?? "", i.indicator.rawValue,
                    number(i.portal?.numerator), number(i.portal?.denominator), number(i.portal?.rate), number(i.portal?.points),
                    number(i.chiso?.numerator), number(i.chiso?.denominator), number(i.chiso?.rate), number(i.chiso?.points),
                    number(i.rateDifference), number(i.pointsDifference), i.differs ? "1" : "0", explanations,
                ]
                lines.append(row.map { CSVWriter.field($0) }.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Table

    /// Per unit: total, classification and rank on both sides, the on-time figures, and the explanations.
    func tableText() -> String {
        var out = "ĐỐI CHIẾU SỐ LIỆU VỚI CỔNG DỊCH VỤ CÔNG QUỐC GIA \(period.vietnameseName.uppercased())\n"
        out += "Số liệu của Cổng trích xuất lúc \(takenAt.vietnamese); số liệu của tỉnh tính đến cùng thời điểm (\(methodology.id))\n"
        if isProvisional { out += "Lưu ý: kỳ chưa kết thúc tại thời điểm trích xuất, số liệu của Cổng là tạm tính.\n" }
        if !isComplete { out += "Lưu ý: bản trích xuất chưa đủ sáu nhóm chỉ số.\n" }
        if let standing {
            var text = "Xếp hạng toàn quốc: \(standing.province.rank)/\(standing.provinceCount), \(Decimal2.vietnamese(standing.province.total)) điểm"
            if let change = standing.rankChange {
                text += change == 0 ? " (không đổi so với kỳ trước)" : " (\(change > 0 ? "tăng" : "giảm") \(abs(change)) bậc so với kỳ trước)"
            }
            out += text + "\n"
        }
        func decimal(_ value: Double?) -> String { value.map { Decimal2.vietnamese($0) } ?? "-" }
        func difference(_ value: Double?) -> String {
            guard let value, Decimal2.round(value) != 0 else { return "-" }
            return (value > 0 ? "+" : "-") + Decimal2.vietnamese(abs(value))
        }
        let header = [
            "Đơn vị", "Có ở", "Tổng (Cổng)", "Tổng (tỉnh)", "Chênh lệch", "Xếp loại (Cổng/tỉnh)", "Hạng (Cổng/tỉnh)", "Đúng hạn (Cổng)",
            "Đúng hạn (tỉnh)", "Quá hạn (Cổng/tỉnh)",
        ]
        let rows = allLines.map { line -> [String] in
            let onTime = line.indicator(.dossierOnTime)
            func fraction(_ f: Figure?) -> String {
                guard let f, let n = f.numerator, let d = f.denominator else { return decimal(f?.rate) }
                return "\(Decimal2.vietnamese(n))/\(Decimal2.vietnamese(d))"
            }
            return [
                line.name, line.presence.vietnamese, decimal(line.portalTotal), decimal(line.chisoTotal), difference(line.totalDifference),
                "\(line.portalClassification ?? "-")/\(line.chisoClassification ?? "-")",
                "\(line.portalRank.map(String.init) ?? "-")/\(line.chisoRank.map(String.init) ?? "-")", fraction(onTime?.portal),
                fraction(onTime?.chiso), "\(decimal(line.portalOverdue))/\(line.chisoOverdue.map(String.init) ?? "-")",
            ]
        }
        out += "\n" + TextTable(header: header, rows: rows, rightAligned: [2, 3, 4, 7, 8, 9]).rendered
        let explained = allLines.filter { !$0.explanations.isEmpty }
        if !explained.isEmpty {
            out += "\nNGUYÊN NHÂN CHÊNH LỆCH (HỒ SƠ)\n"
            for line in explained {
                for e in line.explanations {
                    var text = "- \(line.name): \(e.kind.vietnamese)"
                    if let d = e.countDifference { text += " (tỉnh \(d > 0 ? "nhiều" : "ít") hơn \(Decimal2.vietnamese(abs(d))) hồ sơ)" }
                    let shown = e.dossierCodes.prefix(Self.listedDossiers).joined(separator: ", ")
                    let more = e.dossierCodes.count - Self.listedDossiers
                    text += e.dossierCodes.isEmpty ? "" : ": " + shown + (more > 0 ? " … và \(more) hồ sơ khác (xem --format json hoặc csv)" : "")
                    out += text + "\n"
                }
            }
        }
        let unmatched =
            matching.unmatchedPortal.map { u in (u.portal.name, "Cổng", u.candidates) }
            + matching.unmatchedUnits.map { u in (u.unit.name, "tỉnh", u.candidates) }
        if !unmatched.isEmpty {
            out += "\nĐƠN VỊ CHƯA GHÉP ĐƯỢC (gần giống nhất)\n"
            for (name, side, candidates) in unmatched {
                let close = candidates.map { "\($0.name) (\(Decimal2.vietnamese($0.similarity * 100, places: 0))%)" }.joined(separator: "; ")
                out += "- \(name) [chỉ có ở \(side)]: \(close.isEmpty ? "không có đơn vị gần giống" : close)\n"
            }
        }
        return out
    }
}

extension Reconciliation.Presence {
    /// "Cả hai", "Cổng", "Tỉnh".
    var vietnamese: String {
        switch self {
        case .both: return "Cả hai"
        case .portalOnly: return "Cổng"
        case .chisoOnly: return "Tỉnh"
        }
    }
}

extension String {
    /// "85.50" → "85.5", "16.00" → "16".
    fileprivate var trimmingZeros: String {
        guard contains(".") else { return self }
        var s = self
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
