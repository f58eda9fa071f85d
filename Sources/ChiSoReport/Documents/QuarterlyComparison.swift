public import ChiSoCore

/// The official letter comparing a period with the same period of last year (seed 001), and listing the
/// units that met or missed the targets assigned by the province.
public enum QuarterlyComparison {
    /// One line of the comparison table.
    public struct Line: Sendable, Hashable {
        /// "1", "1.1", "3.2".
        public var number: String
        /// The group or indicator.
        public var name: String
        /// This period as printed: "11,3/18", "93,33%", "" for a heading line.
        public var current: String
        /// The same period last year as printed; "-" when unknown.
        public var sameLastYear: String
        /// "+3,78", "-0,8", or "-" when equal or unknown.
        public var difference: String
        /// Whether the line is a group (bold) rather than a rate.
        public var isGroup: Bool
        /// The figures as numbers for the workbook: points (or a rate as a fraction) this period and the same
        /// period last year, the maximum of points (nil for a rate), and the difference as printed.
        public var values: Values = Values()

        /// A line's figures as numbers.
        public struct Values: Sendable, Hashable {
            public var current: Double?
            public var sameLastYear: Double?
            public var max: Double?
            public var difference: Double?
            public var isRate = false
        }
    }

    /// The key rates shown under their groups, with the names seed 001 prints.
    public static let keyRates: [(indicator: Indicator, name: String)] = [
        (.dossierSync, "Tỷ lệ đồng bộ hồ sơ"),
        (.petitionSatisfaction, "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị"),
        (.dossierSatisfaction, "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC"),
        (.eResult, "Tỷ lệ hồ sơ cấp kết quả điện tử"),
        (.reusedDigitizedData, "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa"),
        (.digitizedDossier, "Tỷ lệ hồ sơ TTHC số hóa hồ sơ, kết quả giải quyết TTHC"),
    ]

    /// The comparison lines: each presented group with points out of its maximum (a group presented as
    /// several of the methodology's groups, such as "Dịch vụ trực tuyến", gets one line per member), and the
    /// key rates under their group. Differences are of the displayed (rounded) values.
    ///
    /// - Parameters:
    ///   - current: The province's score this period.
    ///   - sameLastYear: The province's score in the same period last year, nil when unknown.
    ///   - scoreboard: Gives the methodology's presentation.
    public static func lines(current: UnitScore, sameLastYear: UnitScore?, scoreboard: Scoreboard) -> [Line] {
        var lines: [Line] = []
        func groupLine(_ number: String, _ now: GroupScore, _ then: GroupScore?) -> Line {
            let a = Decimal2.round(now.points)
            let b = then.map { Decimal2.round($0.points) }
            return Line(
                number: number, name: now.name, current: DocumentNumbers.pointsOutOf(a, max: now.max),
                sameLastYear: then.map { DocumentNumbers.pointsOutOf(Decimal2.round($0.points), max: $0.max) } ?? "-",
                difference: DocumentNumbers.difference(b.map { a - $0 }), isGroup: true,
                values: Line.Values(current: a, sameLastYear: b, max: now.max, difference: b.map { Decimal2.round(a - $0) }))
        }
        func rateLines(_ number: String, _ group: GroupScore) -> [Line] {
            var out: [Line] = []
            for key in keyRates where group.indicators.contains(where: { $0.indicator == key.indicator }) {
                let nowCount = current.indicator(key.indicator)?.count
                let thenCount = sameLastYear?.indicator(key.indicator)?.count
                let now = nowCount.flatMap { DocumentNumbers.percent($0, places: 2) }
                let then = thenCount.flatMap { DocumentNumbers.percent($0, places: 2) }
                let difference: Double? = if let now, let then { now - then } else { nil }
                out.append(
                    Line(
                        number: "\(number).\(out.count + 1)", name: key.name, current: DocumentNumbers.percentText(now),
                        sameLastYear: DocumentNumbers.percentText(then), difference: DocumentNumbers.difference(difference), isGroup: false,
                        values: Line.Values(
                            current: nowCount.flatMap(DocumentNumbers.fraction), sameLastYear: thenCount.flatMap(DocumentNumbers.fraction),
                            difference: difference.map { Decimal2.round($0) / 100 }, isRate: true)))
            }
            return out
        }
        let presented = scoreboard.presentation
        let groups: [(name: String, members: [String])] =
            presented?.groups.map { ($0.name, $0.members) } ?? scoreboard.methodology.groups.map { ($0.name, [$0.id]) }
        for (index, group) in groups.enumerated() {
            let number = "\(index + 1)"
            let members = group.members.compactMap { id in current.group(id) }
            if members.count == 1, let only = members.first {
                var line = groupLine(number, only, sameLastYear?.group(only.id))
                line.name = group.name
                lines.append(line)
                lines += rateLines(number, only)
            } else {
                lines.append(
                    Line(number: number, name: group.name, current: "", sameLastYear: "", difference: "", isGroup: true, values: Line.Values()))
                for (k, member) in members.enumerated() {
                    var line = groupLine("\(number).\(k + 1)", member, sameLastYear?.group(member.id))
                    line.isGroup = false
                    lines.append(line)
                }
            }
        }
        return lines
    }

    /// The comparison table: TT | Nhóm chỉ số | same period last year | this period | difference.
    public static func table(_ lines: [Line], period: Period) -> ReportTable {
        let rows = lines.map { line in
            ReportRow(
                [.text(line.number), .text(line.name), .text(line.sameLastYear), .text(line.current), .text(line.difference)],
                bold: line.isGroup && line.number.allSatisfy(\.isNumber))
        }
        return ReportTable(
            sheetName: sheetName,
            columns: [
                .init(width: 0.6, alignment: .center), .init(width: 4.2), .init(width: 1.3, alignment: .center),
                .init(width: 1.3, alignment: .center), .init(width: 1.6, alignment: .center),
            ],
            headerRows: [
                [
                    .init("TT", rowspan: 2), .init("Nhóm chỉ số", rowspan: 2), .init("Tỷ lệ/Điểm", colspan: 2),
                    .init("Đánh giá chỉ số so với cùng kỳ", rowspan: 2),
                ],
                [.init(capitalized(period.sameLastYear.vietnameseName)), .init(capitalized(period.vietnameseName))],
            ],
            rows: rows)
    }

    /// The comparison as the workbook stores it: points and their maximum, and rates as fractions with a
    /// percent format, in columns of their own; the difference in points, or in percentage points as a fraction.
    public static func workbookTable(_ lines: [Line], period: Period) -> ReportTable {
        let rows = lines.map { line in
            let v = line.values
            let value: (Double?) -> ReportCell = { v.isRate ? .percent($0) : .decimal($0) }
            let empty = line.current.isEmpty
            return ReportRow(
                [
                    .text(line.number), .text(line.name), empty ? .text("") : value(v.sameLastYear), empty ? .text("") : .decimal(v.max),
                    empty ? .text("") : value(v.current), empty ? .text("") : .decimal(v.max), empty ? .text("") : value(v.difference),
                ], bold: line.isGroup && line.number.allSatisfy(\.isNumber))
        }
        let last = capitalized(period.sameLastYear.vietnameseName)
        let now = capitalized(period.vietnameseName)
        return ReportTable(
            sheetName: sheetName, columns: [.init(width: 0.6), .init(width: 4.2)] + Array(repeating: ReportTableColumn(width: 1.2), count: 5),
            headerRows: [
                [
                    "TT", "Nhóm chỉ số", .init("\(last): điểm hoặc tỷ lệ"), "Điểm tối đa", .init("\(now): điểm hoặc tỷ lệ"), "Điểm tối đa",
                    "Chênh lệch",
                ]
            ],
            rows: rows)
    }

    static let sheetName = "So sánh cùng kỳ"

    /// The units that met and missed each target, summarised by level: a level's units are named with
    /// "actual%/target%" when there are at most ``namedPerLevel`` of them, counted otherwise ("12/40 UBND cấp xã");
    /// the full lists are in the appendix (``targetAppendixTable(scoreboard:options:)``).
    public static func targetSentences(scoreboard: Scoreboard, options: DocumentOptions) -> [ReportBlock] {
        let results = targetResults(scoreboard)
        guard !results.isEmpty else { return [] }
        var blocks: [ReportBlock] = []
        let indicators = Array(Set(results.map(\.target.indicator))).sorted()
        func mention(_ r: TargetResult) -> String {
            "\(r.unit.name) (\(DocumentNumbers.percentText(actual(r, options), places: options.comparisonRatePlaces))/"
                + "\(DocumentNumbers.percentText(r.target.percent)))"
        }
        func byLevel(_ chosen: [TargetResult], of all: [TargetResult]) -> String {
            var parts: [String] = []
            for kind in Unit.Kind.allCases {
                let here = chosen.filter { $0.unit.kind == kind }
                guard !here.isEmpty else { continue }
                let total = all.filter { $0.unit.kind == kind }.count
                parts.append(
                    here.count <= namedPerLevel
                        ? here.map(mention).joined(separator: "; ")
                        : "\(DocumentNumbers.twoDigits(here.count))/\(DocumentNumbers.twoDigits(total)) \(ClassificationNotice.noun(kind))")
            }
            return parts.joined(separator: "; ")
        }
        for indicator in indicators {
            let forIndicator = results.filter { $0.target.indicator == indicator }
            let name = scoreboard.methodology.rule(for: indicator)?.name ?? indicator.rawValue
            let sources = Array(Set(forIndicator.map(\.target.source).filter { !$0.isEmpty })).sorted()
            let decided = sources.isEmpty ? "" : " theo Quyết định số \(sources.joined(separator: ", "))"
            let met = forIndicator.filter { $0.met == true }
            let missed = forIndicator.filter { $0.met == false }
            let none = forIndicator.filter { $0.met == nil }
            var text = "Đối với chỉ tiêu \"\(name)\"\(decided): "
            text +=
                met.isEmpty
                ? "chưa có đơn vị nào hoàn thành chỉ tiêu được giao"
                : "có \(DocumentNumbers.twoDigits(met.count))/\(DocumentNumbers.twoDigits(forIndicator.count)) đơn vị hoàn thành chỉ tiêu được giao, gồm: "
                    + byLevel(met, of: forIndicator)
            text += ". "
            text +=
                missed.isEmpty
                ? "Không có đơn vị nào chưa hoàn thành chỉ tiêu."
                : "Có \(DocumentNumbers.twoDigits(missed.count))/\(DocumentNumbers.twoDigits(forIndicator.count)) đơn vị chưa hoàn thành chỉ tiêu được giao, gồm: "
                    + byLevel(missed, of: forIndicator) + "."
            if !none.isEmpty {
                text +=
                    none.count <= namedPerLevel
                    ? " Trong kỳ, \(none.map(\.unit.name).joined(separator: ", ")) không phát sinh hồ sơ để đánh giá chỉ tiêu này."
                    : " Trong kỳ, \(DocumentNumbers.twoDigits(none.count)) đơn vị không phát sinh hồ sơ để đánh giá chỉ tiêu này."
            }
            blocks.append(Blocks.body(text))
        }
        return blocks
    }

    /// How many units of a level the letter names before it counts them instead.
    public static let namedPerLevel = 6

    /// The target results of the document's levels.
    static func targetResults(_ scoreboard: Scoreboard) -> [TargetResult] {
        scoreboard.documentLevels.flatMap { scoreboard.entries(of: $0).flatMap(\.targets) }
    }

    static func actual(_ r: TargetResult, _ options: DocumentOptions) -> Double? {
        r.actual.map { DocumentNumbers.percent(r.count, places: options.comparisonRatePlaces) ?? $0 }
    }

    /// The full lists: every unit and target, its rate, the target and whether it was met, by indicator and level.
    public static func targetAppendixTable(scoreboard: Scoreboard, options: DocumentOptions) -> ReportTable {
        let results = targetResults(scoreboard)
        let rows = results.sorted {
            ($0.target.indicator.rawValue, Unit.Kind.documentLevels.firstIndex(of: $0.unit.kind) ?? 9, $0.unit.name)
                < ($1.target.indicator.rawValue, Unit.Kind.documentLevels.firstIndex(of: $1.unit.kind) ?? 9, $1.unit.name)
        }.enumerated().map { index, r in
            ReportRow([
                .integer(index + 1), .text(r.unit.name), .text(r.unit.kind == .department ? "Cấp tỉnh" : r.unit.kind.shortLevel),
                .text(scoreboard.methodology.rule(for: r.target.indicator)?.name ?? r.target.indicator.rawValue),
                .percent(DocumentNumbers.fraction(r.count), places: options.comparisonRatePlaces), .percent(ofHundred: r.target.percent, places: 0),
                .text(r.met.map { $0 ? "Đạt" : "Chưa đạt" } ?? "Không phát sinh hồ sơ"),
            ])
        }
        return ReportTable(
            sheetName: "Kết quả chỉ tiêu",
            columns: [
                .init(width: 0.5), .init(width: 3.2), .init(width: 0.9), .init(width: 2.6), .init(width: 1), .init(width: 1), .init(width: 1.2),
            ],
            headerRows: [["STT", "Cơ quan, đơn vị", "Cấp", "Chỉ tiêu", "Tỷ lệ đạt", "Chỉ tiêu giao", "Kết quả"]], rows: rows, fontSize: 12)
    }

    /// The letter.
    ///
    /// - Parameters:
    ///   - current: The scores of the period.
    ///   - sameLastYear: The scores of the same period last year; the comparison shows "-" when nil.
    ///   - options: Province name, national ranking, precision of the units' rates.
    public static func document(current: Scoreboard, sameLastYear: Scoreboard?, options: DocumentOptions) -> GovernmentDocument {
        let period = current.period
        let now = current.province(named: options.provinceName).score
        let then = sameLastYear.map { $0.province(named: options.provinceName).score }
        let comparison = lines(current: now, sameLastYear: then, scoreboard: current)
        let printed = table(comparison, period: period)
        var body: [ReportBlock] = [
            Blocks.body(
                "Căn cứ kết quả tính toán Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công "
                    + "theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ từ dữ liệu hồ sơ của các cơ quan, đơn vị; "
                    + "trong \(current.periodTitle), tình hình thực hiện các chỉ số về cải cách thủ tục hành chính của tỉnh "
                    + "so với cùng kỳ năm trước như sau:"),
            .table(printed),
        ]
        if then == nil { body.append(Blocks.note("(Không có số liệu của \(period.sameLastYear.vietnameseName) để so sánh.)")) }
        body += partialCaveats(current: current, compared: then != nil, options: options).map(Blocks.note)
        var summary =
            "Tổng điểm của tỉnh \(period.vietnameseName) đạt \(Decimal2.vietnamese(now.total))/"
            + "\(Decimal2.vietnamese(current.methodology.total)) điểm"
        if let then {
            let change = Decimal2.round(Decimal2.round(now.total) - Decimal2.round(then.total))
            summary +=
                " (\(period.sameLastYear.vietnameseName): \(Decimal2.vietnamese(then.total)) điểm, "
                + (change == 0 ? "không thay đổi" : "\(change > 0 ? "tăng" : "giảm") \(Decimal2.vietnamese(abs(change))) điểm") + ")"
        }
        if let national = options.national, let own = national.entry(for: options.provinceName) {
            summary +=
                "; vị trí xếp hạng của tỉnh trên Cổng Dịch vụ công quốc gia là \(DocumentNumbers.twoDigits(own.rank))/\(national.entries.count)"
            if let before = own.previousRank {
                let change = before - own.rank
                summary +=
                    change == 0
                    ? " (không thay đổi)"
                    : " (\(change > 0 ? "tăng" : "giảm") \(abs(change)) bậc từ vị trí \(DocumentNumbers.twoDigits(before))/\(national.entries.count))"
            }
        }
        body.append(Blocks.body(summary + "."))
        let targets = targetSentences(scoreboard: current, options: options)
        body += targets
        var appendices: [Appendix] = []
        if !targets.isEmpty {
            body.append(Blocks.body("Danh sách chi tiết các cơ quan, đơn vị theo từng chỉ tiêu tại Phụ lục kèm theo."))
            appendices.append(
                Appendix(
                    titleLines: ["KẾT QUẢ THỰC HIỆN CHỈ TIÊU GIAO CỦA CÁC CƠ QUAN, ĐƠN VỊ \(current.periodTitle.uppercased())"],
                    blocks: [.table(targetAppendixTable(scoreboard: current, options: options))]))
        }
        body += DocumentText.closing(.quarterlyComparison, scoreboard: current, options: options)
        var addressees = ["Các sở, ban, ngành tỉnh"]
        addressees.append(current.hasDistrictLevel ? "UBND các huyện, thị xã, thành phố" : "UBND các xã, phường, đặc khu")
        var document = GovernmentDocument(
            kind: .officialLetter,
            titleLines: ["kết quả thực hiện Bộ chỉ số phục vụ", "người dân, doanh nghiệp \(current.periodTitle)", "so với cùng kỳ năm trước"],
            addressees: addressees, body: body, appendices: appendices)
        let numeric = workbookTable(comparison, period: period)
        document.workbook = document.tables.map { $0 == printed ? numeric : $0 }
        return document
    }

    /// The caveats of a comparison whose periods the data covers only in part: the same period last year
    /// (when compared with) or this period starts before the first day the data holds; none when both are
    /// covered or the first day is not known.
    public static func partialCaveats(current: Scoreboard, compared: Bool, options: DocumentOptions) -> [String] {
        guard let from = options.dataFrom else { return [] }
        let source = "(Lưu ý: dữ liệu hồ sơ trên Hệ thống thông tin giải quyết TTHC của tỉnh bắt đầu từ ngày \(from.vietnamese), "
        var caveats: [String] = []
        let last = current.period.sameLastYear
        if compared && from > last.start {
            let coverage =
                from > last.end
                ? "không có hồ sơ nào tiếp nhận trong \(last.vietnameseName)"
                : "chỉ có hồ sơ tiếp nhận từ ngày \(from.vietnamese) đến ngày \(last.end.vietnamese) của \(last.vietnameseName)"
            caveats.append(
                source + "\(coverage), chưa đủ cả kỳ; số liệu cùng kỳ năm trước vì vậy chưa đầy đủ và kết quả so sánh chỉ có giá trị tham khảo.)")
        }
        if from > current.period.start {
            caveats.append(source + "sau ngày đầu của \(current.period.vietnameseName); số liệu của kỳ chưa đầy đủ.)")
        }
        return caveats
    }

    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
