import ChiSoCore
import ChiSoReport

/// The three output formats of `chiso score`.
enum ScoreFormat: String, CaseIterable {
    case table, json, csv
}

extension Scoreboard {
    /// The scoreboard in a format.
    func rendered(as format: ScoreFormat) throws -> String {
        switch format {
        case .table: return tableText()
        case .json: return try json() + "\n"
        case .csv: return scoresCSV()
        }
    }

    /// The documented JSON schema (README, "Kết quả dạng JSON"): ChiSoReport's document, the same as `/api/v1/scores`.
    func json() throws -> String { try JSONOutput.text(ScoresDocument(self)) }

    // MARK: Table

    /// Tables laid out like the seeds' rankings, one per level.
    func tableText() -> String {
        var out = "KẾT QUẢ BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP \(period.vietnameseName.uppercased())\n"
        out += "Phương pháp: \(methodology.name) (\(methodology.id)); số liệu tính đến \(asOf.vietnamese)\n"
        if comparisonSpansFormulaChange {
            out += "Lưu ý: kỳ so sánh áp dụng công thức khác, so sánh chỉ mang tính tham khảo.\n"
        }
        for kind in Unit.Kind.allCases {
            let level = entries.filter { $0.unit.kind == kind }
            guard !level.isEmpty else { continue }
            out += "\n\(kind.levelName.uppercased())\n"
            var header = ["STT", "Đơn vị"]
            header += methodology.groups.map { "\($0.name) (\(Decimal2.vietnamese($0.max)))" }
            header += ["Tổng điểm", "Xếp loại", "Thay đổi hạng", "Kỳ trước"]
            var rows: [[String]] = []
            for e in level {
                var row = [String(e.ranked.rank), e.unit.name]
                row += e.score.groups.map { Decimal2.vietnamese($0.points) }
                row += [
                    Decimal2.vietnamese(e.score.total), e.score.classificationLabel, e.ranked.previous?.rankChangeSymbol ?? "–",
                    e.ranked.previous.map { Decimal2.vietnamese($0.total) } ?? "-",
                ]
                rows.append(row)
            }
            out += TextTable(header: header, rows: rows, rightAligned: Set([0] + Array(2..<header.count))).rendered
            let empty = level.filter { $0.figures.hasNoDossiers }.map(\.unit.name)
            if !empty.isEmpty {
                out += "* Trong kỳ không phát sinh hồ sơ: \(empty.joined(separator: "; ")).\n"
            }
        }
        let targets = entries.flatMap(\.targets)
        if !targets.isEmpty {
            out += "\nCHỈ TIÊU GIAO\n"
            let rows = targets.map { t -> [String] in
                [
                    t.unit.name, methodology.rule(for: t.target.indicator)?.name ?? t.target.indicator.rawValue,
                    Decimal2.vietnamese(t.target.percent) + "%", t.actual.map { Decimal2.vietnamese($0) + "%" } ?? "-",
                    "\(t.count.numerator)/\(t.count.denominator)", t.met.map { $0 ? "Đạt" : "Chưa đạt" } ?? "-", t.target.source,
                ]
            }
            out +=
                TextTable(header: ["Đơn vị", "Chỉ tiêu", "Giao", "Thực hiện", "Số hồ sơ", "Kết quả", "Căn cứ"], rows: rows, rightAligned: [2, 3, 4])
                .rendered
        }
        return out
    }
}

/// A plain-text table with column widths measured in characters (Vietnamese letters are one column each).
struct TextTable {
    let header: [String]
    let rows: [[String]]
    var rightAligned: Set<Int> = []

    var rendered: String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: " │ ")
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
