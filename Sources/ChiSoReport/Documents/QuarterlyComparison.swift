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
                difference: DocumentNumbers.difference(b.map { a - $0 }), isGroup: true)
        }
        func rateLines(_ number: String, _ group: GroupScore) -> [Line] {
            var out: [Line] = []
            for key in keyRates where group.indicators.contains(where: { $0.indicator == key.indicator }) {
                let now = current.indicator(key.indicator).flatMap { DocumentNumbers.percent($0.count, places: 2) }
                let then = sameLastYear?.indicator(key.indicator).flatMap { DocumentNumbers.percent($0.count, places: 2) }
                let difference: Double? = if let now, let then { now - then } else { nil }
                out.append(
                    Line(
                        number: "\(number).\(out.count + 1)", name: key.name, current: DocumentNumbers.percentText(now),
                        sameLastYear: DocumentNumbers.percentText(then), difference: DocumentNumbers.difference(difference), isGroup: false))
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
                lines.append(Line(number: number, name: group.name, current: "", sameLastYear: "", difference: "", isGroup: true))
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
            sheetName: "So sánh cùng kỳ",
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

    /// The units that met and missed each target, by name with "actual%/target%".
    public static func targetSentences(scoreboard: Scoreboard, options: DocumentOptions) -> [ReportBlock] {
        var results: [TargetResult] = []
        for kind in scoreboard.documentLevels { results += scoreboard.entries(of: kind).flatMap(\.targets) }
        guard !results.isEmpty else { return [] }
        var blocks: [ReportBlock] = []
        let indicators = Array(Set(results.map(\.target.indicator))).sorted()
        func mention(_ r: TargetResult) -> String {
            let actual = r.actual.map { DocumentNumbers.percent(r.count, places: options.comparisonRatePlaces) ?? $0 }
            return "\(r.unit.name) (\(DocumentNumbers.percentText(actual, places: options.comparisonRatePlaces))/"
                + "\(DocumentNumbers.percentText(r.target.percent))"
                + ")"
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
                    + met.map(mention).joined(separator: "; ")
            text += ". "
            text +=
                missed.isEmpty
                ? "Không có đơn vị nào chưa hoàn thành chỉ tiêu."
                : "Có \(DocumentNumbers.twoDigits(missed.count))/\(DocumentNumbers.twoDigits(forIndicator.count)) đơn vị chưa hoàn thành chỉ tiêu được giao, gồm: "
                    + missed.map(mention).joined(separator: "; ") + "."
            if !none.isEmpty {
                text += " Trong kỳ, \(none.map(\.unit.name).joined(separator: ", ")) không phát sinh hồ sơ để đánh giá chỉ tiêu này."
            }
            blocks.append(Blocks.body(text))
        }
        return blocks
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
        var body: [ReportBlock] = [
            Blocks.body(
                "Căn cứ kết quả tính toán Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công "
                    + "theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ từ dữ liệu hồ sơ của các cơ quan, đơn vị; "
                    + "trong \(period.vietnameseName), tình hình thực hiện các chỉ số về cải cách thủ tục hành chính của tỉnh "
                    + "so với cùng kỳ năm trước như sau:"),
            .table(table(lines(current: now, sameLastYear: then, scoreboard: current), period: period)),
        ]
        if then == nil {
            body.append(Blocks.note("(Không có số liệu của \(period.sameLastYear.vietnameseName) để so sánh.)"))
        }
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
        body += targetSentences(scoreboard: current, options: options)
        body.append(
            Blocks.body(
                "Để kịp thời chấn chỉnh, khắc phục các chỉ số còn thấp, đồng thời tiếp tục nâng cao các chỉ số đạt mức khá, tốt, đề nghị "
                    + "các sở, ban, ngành và địa phương tiếp tục đẩy mạnh công tác cải cách thủ tục hành chính gắn với chuyển đổi số; "
                    + "thủ trưởng các cơ quan, đơn vị chịu trách nhiệm về kết quả thực hiện các chỉ tiêu được giao./."))
        var addressees = ["Các sở, ban, ngành tỉnh"]
        if current.showsDistricts { addressees.append("UBND các huyện, thị xã, thành phố") }
        if !current.entries(of: .commune).isEmpty && !current.showsDistricts { addressees.append("UBND các xã, phường") }
        return GovernmentDocument(
            kind: .officialLetter,
            titleLines: ["kết quả thực hiện Bộ chỉ số phục vụ", "người dân, doanh nghiệp \(period.vietnameseName)", "so với cùng kỳ năm trước"],
            addressees: addressees, body: body)
    }

    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
