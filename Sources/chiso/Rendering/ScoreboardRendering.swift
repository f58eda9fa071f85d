import ChiSoCore
import ChiSoServer

/// The three output formats of `chiso score`.
enum ScoreFormat: String, CaseIterable {
    case table, json, csv
}

extension Scoreboard {
    /// The scoreboard in a format.
    func rendered(as format: ScoreFormat) -> String {
        switch format {
        case .table: return tableText()
        case .json: return json().rendered() + "\n"
        case .csv: return csv()
        }
    }

    // MARK: JSON

    /// The documented JSON schema (README, "Kết quả dạng JSON"), built by the web application's builder so that
    /// `chiso score --format json` and `/api/v1/scores` answer the same document.
    func json() -> ScoresDocument { ScoresDocument(value: scoresJSON()) }

    // MARK: CSV

    func csv() -> String {
        var header = ["level", "rank", "unit_code", "unit_name", "kind", "parent_code", "total", "classification", "previous_rank", "previous_total"]
        header += methodology.groups.map { "group.\($0.id)" }
        for rule in methodology.indicators {
            header += ["numerator", "denominator", "rate", "points"].map { "\(rule.indicator.rawValue).\($0)" }
        }
        var lines = [header.map(CSV.field).joined(separator: ",")]
        for e in entries {
            var row = [
                e.unit.kind.rawValue, String(e.ranked.rank), e.unit.code, e.unit.name, e.unit.kind.rawValue, e.unit.parentCode ?? "",
                Decimal2.plain(e.score.total), e.score.classificationLabel, e.ranked.previous?.rank.map(String.init) ?? "",
                e.ranked.previous.map { Decimal2.plain($0.total) } ?? "",
            ]
            row += e.score.groups.map { Decimal2.plain($0.points) }
            for s in e.score.groups.flatMap(\.indicators) {
                row += [String(s.count.numerator), String(s.count.denominator), s.rate.map { Decimal2.plain($0) } ?? "", Decimal2.plain(s.points)]
            }
            lines.append(row.map(CSV.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

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

extension Instant {
    /// ISO 8601 with the Vietnam offset, e.g. `2026-08-31T23:59:59+07:00`.
    var iso8601: String {
        description.replacing(" ", with: "T") + "+07:00"
    }

    /// Vietnamese form, e.g. `23:59 ngày 31/08/2026`.
    var vietnamese: String {
        let s = localSecondOfDay
        let hh = s / 3600, mm = s / 60 % 60
        return "\(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm) ngày \(localDate.vietnamese)"
    }
}

/// The scores document of `chiso score --format json`: the web application's JSON value.
struct ScoresDocument {
    let value: ChiSoServer.JSON

    /// The JSON text, indented by two spaces, without a final newline.
    func rendered() -> String { value.rendered() }
}

/// RFC 4180 quoting.
enum CSV {
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
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
