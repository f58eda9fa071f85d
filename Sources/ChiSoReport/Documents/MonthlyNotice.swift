public import ChiSoCore

/// The monthly notice (seed 000): "Thông báo về chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ
/// người dân, doanh nghiệp … tháng M/YYYY".
///
/// Part I: the province's score and national rank, the top-10 provinces, and the ranking of every level.
/// Part II: the processing table of the province and of every unit with at least
/// ``DocumentOptions/overdueThreshold`` overdue dossiers, then the rankings by digitisation, online service
/// and online payment, with footnotes for units that had no dossier.
public enum MonthlyNotice {
    /// The notice.
    ///
    /// - Parameters:
    ///   - scoreboard: The scores of the period, all levels (the province unit gives the province's figures).
    ///   - options: Province name, national ranking (nil when not provided), overdue threshold.
    /// - Returns: The notice as a government document.
    public static func document(scoreboard: Scoreboard, options: DocumentOptions) -> GovernmentDocument {
        let period = scoreboard.period
        let levels = scoreboard.documentLevels
        var body: [ReportBlock] = [
            Blocks.body(
                "Căn cứ Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ phê duyệt Bộ chỉ số chỉ đạo, điều hành và đánh giá "
                    + "chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên "
                    + "môi trường điện tử."),
            Blocks.body(
                "Qua tổng hợp, thống kê dữ liệu hồ sơ thủ tục hành chính (TTHC) của các cơ quan, đơn vị trên địa bàn tỉnh, "
                    + "\(options.officeShortName) thông báo như sau:"),
            Blocks.heading("I. Các chỉ tiêu báo cáo theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ"),
        ]
        body += provinceStanding(scoreboard: scoreboard, options: options)
        for (index, kind) in levels.enumerated() {
            body.append(Blocks.heading("\(index + 1). Về kết quả thực hiện các chỉ tiêu của Bộ chỉ số 766 \(kind.documentPlace)", level: 2))
            body += rankingBlocks(scoreboard.entries(of: kind), kind: kind, scoreboard: scoreboard, options: options)
        }

        body.append(Blocks.heading("II. Tình hình giải quyết hồ sơ thủ tục hành chính, số hóa hồ sơ, thanh toán trực tuyến của các cơ quan, đơn vị"))
        body.append(Blocks.heading("1. Về kết quả tiếp nhận và trả kết quả hồ sơ TTHC", level: 2))
        let province = scoreboard.province(named: options.provinceName)
        let end = min(period.end, scoreboard.asOf.localDate)
        let title = "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TTHC THEO ĐƠN VỊ TỪ NGÀY \(Blocks.date(period.start)) ĐẾN NGÀY \(Blocks.date(end))"
        body.append(
            .table(processingTable(title: title, sheetName: "Giải quyết TTHC", rows: [(province.figures.unit.name, province.figures.processing)])))
        let overdue = overdueUnits(scoreboard: scoreboard, threshold: options.overdueThreshold)
        if overdue.isEmpty {
            body.append(
                Blocks.body("Trong kỳ, không có cơ quan, đơn vị, địa phương nào có từ \(options.overdueThreshold) hồ sơ xử lý quá hạn trở lên."))
        } else {
            body.append(
                Blocks.body(
                    "Trong đó, có những cơ quan, đơn vị và địa phương có hồ sơ xử lý quá hạn (từ \(options.overdueThreshold) hồ sơ trở lên) "
                        + "cụ thể như sau:"))
            body.append(.table(overdueTable(overdue, scoreboard: scoreboard, threshold: options.overdueThreshold)))
            body.append(
                Blocks.body(
                    "Đối với những đơn vị và địa phương có hồ sơ quá hạn xử lý, \(options.officeShortName) đề nghị các đơn vị, địa phương "
                        + "tiến hành rà soát, kiểm tra và có báo cáo giải trình cụ thể, gửi về \(options.officeShortName) để tổng hợp, "
                        + "báo cáo Chủ tịch UBND tỉnh."))
        }

        body.append(Blocks.heading("2. Về kết quả số hóa hồ sơ, cấp kết quả điện tử", level: 2))
        for kind in levels {
            body += indicatorBlocks(
                kind: kind, scoreboard: scoreboard, label: "Điểm số hóa hồ sơ", sheet: "số hóa",
                measure: { entry in
                    let group = entry.score.groups.first { $0.id == "digitization" }
                    return (group?.rate, group?.points ?? 0, entry.figures.hasNoDossiers)
                }, footnote: "hồ sơ TTHC")
        }
        body.append(Blocks.heading("3. Về dịch vụ công trực tuyến", level: 2))
        for kind in levels {
            body += indicatorBlocks(
                kind: kind, scoreboard: scoreboard, label: "Điểm dịch vụ trực tuyến", sheet: "trực tuyến",
                measure: { entry in
                    let members = entry.score.groups.filter { $0.id == "online_service" || $0.id == "online_payment" }
                    let points = members.reduce(0) { $0 + $1.points }
                    let max = members.reduce(0) { $0 + $1.max }
                    return (max > 0 ? points * 100 / max : nil, points, entry.figures.hasNoDossiers)
                }, footnote: "hồ sơ TTHC")
        }
        body.append(Blocks.heading("4. Về kết quả thanh toán trực tuyến", level: 2))
        for kind in levels {
            body += indicatorBlocks(
                kind: kind, scoreboard: scoreboard, label: "Tỷ lệ hồ sơ thanh toán trực tuyến", sheet: "thanh toán",
                measure: { entry in
                    let count = entry.figures.counts[.dossierOnlinePayment]
                    let points = entry.score.indicator(.dossierOnlinePayment)?.points ?? 0
                    return (DocumentNumbers.percent(count, places: 2), points, count.denominator == 0)
                }, footnote: "hồ sơ TTHC có phí, lệ phí")
        }
        body += DocumentText.closing(.monthlyNotice, scoreboard: scoreboard, options: options)

        var document = GovernmentDocument(
            kind: .notice,
            titleLines: [
                "Về chỉ số chỉ đạo, điều hành và đánh giá chất lượng", "phục vụ người dân, doanh nghiệp trong thực hiện TTHC",
                "cung cấp dịch vụ công \(scoreboard.periodTitle)",
            ],
            body: body)
        if let national = options.national, national.entry(for: options.provinceName) != nil {
            let numeric = nationalWorkbookTable(national)
            document.workbook = document.tables.map { $0.sheetName == numeric.sheetName ? numeric : $0 }
        }
        return document
    }

    /// The top ten of the national ranking as the workbook stores it: the rank, the province, the score and its
    /// change since the previous period in columns of their own, as numbers.
    public static func nationalWorkbookTable(_ national: NationalRanking) -> ReportTable {
        let rows = national.ranked.prefix(10).map { entry in
            let change = entry.previousScore.map { Decimal2.round(Decimal2.round(entry.score) - Decimal2.round($0)) }
            return ReportRow([
                .integer(entry.rank), .text(entry.province), .decimal(Decimal2.round(entry.score)), .decimal(change),
                .integer(entry.previousRank),
            ])
        }
        return ReportTable(
            sheetName: nationalSheet,
            columns: [.init(width: 0.8), .init(width: 4), .init(width: 1.2), .init(width: 1.4), .init(width: 1.4)],
            headerRows: [["Thứ hạng", "Tỉnh, thành phố", "Điểm đánh giá", "Thay đổi so với kỳ trước", "Thứ hạng kỳ trước"]], rows: Array(rows))
    }

    static let nationalSheet = "Xếp hạng tỉnh"

    /// Units (other than the province) with at least `threshold` overdue dossiers, resolved or still open,
    /// by level then by number of overdue dossiers (most first) and name.
    public static func overdueUnits(scoreboard: Scoreboard, threshold: Int) -> [Scoreboard.Entry] {
        var out: [Scoreboard.Entry] = []
        for kind in Unit.Kind.allCases where kind != .province {
            out += scoreboard.entries(of: kind).filter { $0.figures.processing.overdue >= threshold }.sorted {
                ($0.figures.processing.overdue, $1.unit.name) > ($1.figures.processing.overdue, $0.unit.name)
            }
        }
        return out
    }

    /// The processing table of seed 000: received (total, carried over, new), resolved (total, on time or
    /// early, overdue) and in progress (total, not yet due, overdue), with merged three-row headers; a bold
    /// "Tổng" row closes it when it has more than one row.
    public static func processingTable(title: String, sheetName: String, rows: [(name: String, table: ProcessingTable)]) -> ReportTable {
        processingTable(
            title: title, sheetName: sheetName,
            rows: rows.enumerated().map { OverdueRow(number: .integer($0.offset + 1), name: $0.element.name, table: $0.element.table) },
            totalLabel: "Tổng các đơn vị trên")
    }

    /// One line of a processing table: its number ("3" or "3.1" for a commune under its district), name and
    /// figures, and whether the total row adds it (a commune whose figures its district's already hold is not).
    public struct OverdueRow: Sendable {
        public var number: ReportCell
        public var name: String
        public var table: ProcessingTable?
        public var counted: Bool

        /// Creates a line; a nil table is a heading line without figures.
        public init(number: ReportCell, name: String, table: ProcessingTable?, counted: Bool = true) {
            self.number = number
            self.name = name
            self.table = table
            self.counted = counted
        }
    }

    /// The units with at least `threshold` overdue dossiers: departments, then, for periods with districts,
    /// each district followed by its communes ("3.1", "3.2"; their figures held in the district's are not added
    /// again to the total), then the other units; the total row says what it adds up.
    public static func overdueTable(_ overdue: [Scoreboard.Entry], scoreboard: Scoreboard, threshold: Int) -> ReportTable {
        var rows: [OverdueRow] = []
        var nested = false
        let listed = Set(overdue.map(\.unit.code))
        let nestsCommunes = scoreboard.hasDistrictLevel
        var top = 0
        func add(_ entry: Scoreboard.Entry) {
            top += 1
            rows.append(OverdueRow(number: .integer(top), name: entry.unit.name, table: entry.figures.processing))
        }
        for entry in overdue where !nestsCommunes || (entry.unit.kind != .commune && entry.unit.kind != .district) { add(entry) }
        if nestsCommunes {
            let communes = overdue.filter { $0.unit.kind == .commune }
            var districts = overdue.filter { $0.unit.kind == .district }
            // Districts not listed themselves but with listed communes get a heading line.
            for code in Set(communes.compactMap(\.unit.parentCode)) where !listed.contains(code) {
                if let district = scoreboard.entries.first(where: { $0.unit.code == code }) { districts.append(district) }
            }
            for district in districts {
                let children = communes.filter { $0.unit.parentCode == district.unit.code }
                top += 1
                let number = top
                let all = scoreboard.entries.filter { $0.unit.parentCode == district.unit.code }.map(\.figures.processing)
                let holdsChildren =
                    district.figures.processing.total >= all.reduce(0) { $0 + $1.total }
                    && district.figures.processing.overdue >= all.reduce(0) { $0 + $1.overdue }
                if listed.contains(district.unit.code) {
                    rows.append(OverdueRow(number: .integer(number), name: district.unit.name, table: district.figures.processing))
                } else {
                    rows.append(OverdueRow(number: .integer(number), name: "\(district.unit.name) (các xã trực thuộc):", table: nil, counted: false))
                }
                let counted = !(listed.contains(district.unit.code) && holdsChildren)
                nested = nested || (!counted && !children.isEmpty)
                for (k, commune) in children.enumerated() {
                    rows.append(
                        OverdueRow(
                            number: .text("\(number).\(k + 1)", alignment: .center), name: "- \(commune.unit.name)",
                            table: commune.figures.processing,
                            counted: counted))
                }
            }
        }
        let label = nested ? "Tổng (không cộng lại các xã đã tính trong số liệu của huyện)" : "Tổng các đơn vị trên"
        return processingTable(
            title: "CÁC ĐƠN VỊ CÓ TỪ \(threshold) HỒ SƠ QUÁ HẠN TRỞ LÊN", sheetName: "Đơn vị có hồ sơ quá hạn", rows: rows, totalLabel: label)
    }

    static func processingTable(title: String, sheetName: String, rows: [OverdueRow], totalLabel: String) -> ReportTable {
        func cells(_ t: ProcessingTable?) -> [ReportCell] {
            guard let t else { return Array(repeating: ReportCell.text(""), count: 9) }
            return [
                .integer(t.total), .integer(t.carriedOver), .integer(t.newlyReceived), .integer(t.resolved), .integer(t.resolvedOnTime),
                .integer(t.resolvedOverdue), .integer(t.open), .integer(t.openNotDue), .integer(t.openOverdue),
            ]
        }
        var body = rows.map { ReportRow([$0.number, .text($0.name)] + cells($0.table), bold: $0.table == nil) }
        if rows.count > 1 {
            let total = rows.filter(\.counted).compactMap(\.table).reduce(ProcessingTable()) { $0 + $1 }
            body.append(ReportRow([.text(totalLabel, colspan: 2, alignment: .center)] + cells(total), bold: true))
        }
        return ReportTable(
            title: title, sheetName: sheetName,
            columns: [.init(width: 0.6), .init(width: 3.4)] + Array(repeating: ReportTableColumn(width: 1), count: 9),
            headerRows: [
                [
                    .init("STT", rowspan: 3), .init("Đơn vị giải quyết TTHC", rowspan: 3),
                    .init("Số hồ sơ nhận giải quyết", colspan: 3), .init("Kết quả giải quyết", colspan: 6),
                ],
                [
                    .init("Tổng số", rowspan: 2), .init("Trong đó", colspan: 2),
                    .init("Số hồ sơ đã giải quyết", colspan: 3), .init("Số hồ sơ đang giải quyết", colspan: 3),
                ],
                [
                    "Số kỳ trước chuyển qua", "Số mới tiếp nhận", "Tổng số", "Đúng và trước hạn", "Quá hạn", "Tổng số", "Chưa đến hạn",
                    "Quá hạn",
                ],
            ],
            rows: body, fontSize: 12)
    }

    /// The province's score and national rank, or the note that the national figures were not provided.
    static func provinceStanding(scoreboard: Scoreboard, options: DocumentOptions) -> [ReportBlock] {
        let period = scoreboard.period
        let name = options.provinceName
        var blocks: [ReportBlock] = []
        if let national = options.national, let own = national.entry(for: name) {
            let count = national.provinceCount ?? national.entries.count
            var text =
                "Tính đến \(period.vietnameseName), tỉnh \(name) đạt \(Decimal2.vietnamese(own.score))/100 điểm, xếp thứ "
                + "\(DocumentNumbers.twoDigits(own.rank))/\(count) cả nước"
            if let before = own.previousRank {
                let change = before - own.rank
                let movement = change > 0 ? "tăng \(change) bậc" : change < 0 ? "giảm \(-change) bậc" : "giữ nguyên vị trí"
                text += "; \(movement) so với kỳ trước (\(DocumentNumbers.twoDigits(before))/\(count))"
            }
            blocks.append(Blocks.body(text + "."))
            blocks.append(Blocks.centred("XẾP HẠNG TỈNH/THÀNH PHỐ", bold: true))
            let rows = national.ranked.prefix(10).map { ReportRow([.text("\($0.rank). \($0.province)"), .text($0.scoreWithChange)]) }
            blocks.append(
                .table(
                    ReportTable(
                        sheetName: nationalSheet, columns: [.init(width: 4), .init(width: 2, alignment: .center)],
                        headerRows: [["Đơn vị", "Điểm đánh giá"]], rows: Array(rows))))
            if let source = national.sourceNote { blocks.append(Blocks.note("(\(source))")) }
        } else {
            let province = scoreboard.province(named: name)
            var text =
                "Theo số liệu tính từ dữ liệu hồ sơ trên Hệ thống thông tin giải quyết TTHC của tỉnh, "
                + "tính đến \(period.vietnameseName), tỉnh \(name) đạt \(Decimal2.vietnamese(province.score.total))/"
                + "\(Decimal2.vietnamese(scoreboard.methodology.total)) điểm, xếp loại \(province.score.classificationLabel)"
            if let previous = scoreboard.entries.first(where: { $0.unit.kind == .province })?.ranked.previous {
                let change = Decimal2.round(previous.pointChange)
                if change != 0 {
                    text +=
                        "; \(change > 0 ? "tăng" : "giảm") \(Decimal2.vietnamese(abs(change))) điểm so với kỳ trước "
                        + "(\(Decimal2.vietnamese(previous.total)) điểm)"
                } else {
                    text += "; không thay đổi so với kỳ trước"
                }
            }
            blocks.append(Blocks.body(text + "."))
        }
        return blocks
    }

    /// STT | ĐƠN VỊ | TỶ LỆ % | ĐIỂM ĐÁNH GIÁ of one level, in rank order, with the source and footnote.
    static func rankingBlocks(_ entries: [Scoreboard.Entry], kind: Unit.Kind, scoreboard: Scoreboard, options: DocumentOptions)
        -> [ReportBlock]
    {
        guard !entries.isEmpty else { return [Blocks.body("Không có số liệu của \(kind.shortLevel.lowercased()) trong kỳ.")] }
        let total = scoreboard.methodology.total
        let rows = entries.map { entry in
            ReportRow([
                .integer(entry.ranked.rank), .text(entry.unit.name),
                .decimal(total > 0 ? Decimal2.round(entry.score.total * 100 / total) : nil), .decimal(Decimal2.round(entry.score.total)),
            ])
        }
        let table = ReportTable(
            sheetName: "Xếp hạng \(kind.shortLevel.lowercased())", columns: rankingColumns,
            headerRows: [["STT", "ĐƠN VỊ", "TỶ LỆ %", "ĐIỂM ĐÁNH GIÁ"]],
            rows: rows)
        return [.table(table), Blocks.note("(\(options.sourceNote); số liệu tính đến \(Blocks.moment(scoreboard.asOf)))")]
            + Blocks.footnote(entries.filter(\.figures.hasNoDossiers).map(\.unit.name), "hồ sơ TTHC")
    }

    static let rankingColumns: [ReportTableColumn] = [.init(width: 0.6), .init(width: 4.4), .init(width: 1.2), .init(width: 1.4)]

    /// One level's ranking by a measure (rate in percent, points), highest points first.
    static func indicatorBlocks(
        kind: Unit.Kind, scoreboard: Scoreboard, label: String, sheet: String,
        measure: (Scoreboard.Entry) -> (rate: Double?, points: Double, noData: Bool), footnote: String
    ) -> [ReportBlock] {
        let entries = scoreboard.entries(of: kind)
        var blocks: [ReportBlock] = [Blocks.body("- \(kind.shortLevel):")]
        guard !entries.isEmpty else { return blocks + [Blocks.body("Không có số liệu trong kỳ.")] }
        let measured = entries.map { (entry: $0, value: measure($0)) }.sorted {
            let a = Decimal2.round($0.value.points)
            let b = Decimal2.round($1.value.points)
            return a != b ? a > b : $0.entry.unit.name < $1.entry.unit.name
        }
        let rows = measured.enumerated().map { index, item in
            ReportRow([
                .integer(index + 1), .text(item.entry.unit.name), .decimal(item.value.rate.map { Decimal2.round($0) }),
                .decimal(Decimal2.round(item.value.points)),
            ])
        }
        blocks.append(
            .table(
                ReportTable(
                    title: "\(label.uppercased()) – \(kind.shortLevel.uppercased())", sheetName: "\(kind.shortLevel) - \(sheet)",
                    columns: rankingColumns, headerRows: [["STT", "ĐƠN VỊ", "TỶ LỆ %", "ĐIỂM ĐÁNH GIÁ"]], rows: rows)))
        blocks += Blocks.footnote(measured.filter(\.value.noData).map(\.entry.unit.name), footnote)
        return blocks
    }
}
