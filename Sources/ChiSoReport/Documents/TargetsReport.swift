public import ChiSoCore

/// The report on the targets the province assigned (seed 002): for each level an appendix with two tables,
/// target and result for seven indicators per unit, and a body summarising the province's and each level's
/// average per indicator.
public enum TargetsReport {
    /// One indicator of one unit: the target assigned and the counts.
    public struct Item: Sendable, Hashable {
        /// The target in percent, nil when none applies ("-").
        public var target: Double?
        /// Numerator ("Kết quả") and denominator.
        public var count: Count

        /// Creates an item.
        public init(target: Double?, count: Count) {
            self.target = target
            self.count = count
        }
    }

    /// One unit's line of an appendix.
    public struct Row: Sendable, Hashable {
        /// The unit's name.
        public var name: String
        /// Dossiers received in the period ("Tổng số HS tiếp nhận").
        public var received: Int
        /// The items by indicator; a missing indicator shows "-" everywhere.
        public var items: [Indicator: Item]

        /// Creates a row.
        public init(name: String, received: Int, items: [Indicator: Item]) {
            self.name = name
            self.received = received
            self.items = items
        }

        /// A scoreboard entry's row: its counts and the targets that apply to it.
        public init(_ entry: Scoreboard.Entry) {
            var items: [Indicator: Item] = [:]
            for indicator in TargetsReport.indicators {
                let target = entry.targets.first { $0.target.indicator == indicator }?.target.percent
                items[indicator] = Item(target: target, count: entry.figures.counts[indicator])
            }
            self.init(name: entry.unit.name, received: entry.figures.counts[.onlineDossier].denominator, items: items)
        }
    }

    /// Table 1: online services with dossiers, online dossiers, procedures with online payments, dossiers paid online.
    public static let firstTable: [Indicator] = [.onlineServiceUsage, .onlineDossier, .procedureOnlinePayment, .dossierOnlinePayment]
    /// Table 2: digitised dossiers, reuse of digitised data, electronic results.
    public static let secondTable: [Indicator] = [.digitizedDossier, .reusedDigitizedData, .eResult]
    /// The seven indicators of the report.
    public static let indicators: [Indicator] = firstTable + secondTable

    /// Whether the table shows an indicator's denominator in its own column (the others' denominator is the
    /// number of dossiers received).
    static func showsDenominator(_ indicator: Indicator) -> Bool {
        indicator == .onlineServiceUsage || indicator == .procedureOnlinePayment || indicator == .dossierOnlinePayment
    }

    static func heading(_ indicator: Indicator) -> String {
        switch indicator {
        case .onlineServiceUsage: return "Tỷ lệ DVC trực tuyến có phát sinh hồ sơ trực tuyến"
        case .onlineDossier: return "Hồ sơ trực tuyến"
        case .procedureOnlinePayment: return "Tỷ lệ TTHC cung cấp thanh toán trực tuyến có phát sinh thanh toán trực tuyến"
        case .dossierOnlinePayment: return "Thanh toán trực tuyến"
        case .digitizedDossier: return "Số hóa thành phần hồ sơ, kết quả giải quyết TTHC"
        case .reusedDigitizedData: return "Khai thác, sử dụng lại thông tin số hóa"
        case .eResult: return "Cấp kết quả điện tử"
        default: return indicator.rawValue
        }
    }

    static func denominatorHeading(_ indicator: Indicator) -> String {
        switch indicator {
        case .onlineServiceUsage: return "Tổng số DVCTT"
        case .procedureOnlinePayment: return "TTHC có phí, lệ phí"
        default: return "Tổng số HS có thanh toán"
        }
    }

    /// The two tables of an appendix, rows in the given order, rates rounded to `places` decimals.
    ///
    /// Counts are printed as counted; a rate is the exact numerator/denominator rounded half away from zero,
    /// "-" when the denominator is 0; a missing target is "-".
    public static func tables(rows: [Row], places: Int = 0, level: String = "") -> [ReportTable] {
        [
            table(rows: rows, indicators: firstTable, places: places, sheet: "\(level) bảng 1"),
            table(rows: rows, indicators: secondTable, places: places, sheet: "\(level) bảng 2"),
        ]
    }

    static func table(rows: [Row], indicators: [Indicator], places: Int, sheet: String) -> ReportTable {
        var top: [ReportHeaderCell] = [.init("TT", rowspan: 2), .init("Cơ quan, đơn vị", rowspan: 2), .init("Tổng số HS tiếp nhận", rowspan: 2)]
        var second: [ReportHeaderCell] = []
        var columns: [ReportTableColumn] = [.init(width: 0.5), .init(width: 3), .init(width: 1)]
        for indicator in indicators {
            let extra = showsDenominator(indicator)
            top.append(.init(heading(indicator), colspan: extra ? 4 : 3))
            second.append("Chỉ tiêu được giao")
            if extra { second.append(.init(denominatorHeading(indicator))) }
            second += ["Kết quả", "Tỷ lệ"]
            columns += Array(repeating: ReportTableColumn(width: 0.9), count: extra ? 4 : 3)
        }
        let body = rows.enumerated().map { index, row in
            var cells: [ReportCell] = [.integer(index + 1), .text(row.name), .integer(row.received)]
            for indicator in indicators {
                let item = row.items[indicator]
                cells.append(.percent(ofHundred: item?.target, places: 0))
                if showsDenominator(indicator) { cells.append(.integer(item?.count.denominator)) }
                cells.append(.integer(item?.count.numerator))
                // The exact rate (2/3 stored as 0.666…), shown rounded half away from zero by the cell's places.
                cells.append(.percent(item.flatMap { DocumentNumbers.fraction($0.count) }, places: places))
            }
            return ReportRow(cells)
        }
        return ReportTable(sheetName: sheet.trimmingSpaces, columns: columns, headerRows: [top, second], rows: body, fontSize: 11)
    }

    /// The levels' appendix names: "CẤP TỈNH", "CẤP HUYỆN", "CẤP XÃ".
    static func levelTitle(_ kind: Unit.Kind) -> String {
        switch kind {
        case .department: return "CẤP TỈNH"
        case .district: return "CẤP HUYỆN"
        case .commune: return "CẤP XÃ"
        case .province: return "TỈNH"
        case .other: return "ĐƠN VỊ KHÁC"
        }
    }

    static func summaryHeading(_ indicator: Indicator) -> String {
        switch indicator {
        case .onlineDossier: return "Hồ sơ dịch vụ công trực tuyến"
        case .dossierOnlinePayment: return "Thanh toán trực tuyến phí, lệ phí thực hiện TTHC"
        case .digitizedDossier: return "Số hóa thành phần hồ sơ"
        case .eResult: return "Cấp kết quả điện tử"
        case .reusedDigitizedData: return "Khai thác, sử dụng lại thông tin số hóa"
        case .onlineServiceUsage: return "Tỷ lệ DVC trực tuyến có phát sinh hồ sơ trực tuyến"
        case .procedureOnlinePayment: return "Tỷ lệ TTHC cung cấp thanh toán trực tuyến có phát sinh thanh toán trực tuyến"
        default: return indicator.rawValue
        }
    }

    /// The order of the body's summary (seed 002: a) online dossiers … f) procedures with online payment).
    public static let summaryOrder: [Indicator] = [
        .onlineDossier, .dossierOnlinePayment, .digitizedDossier, .eResult, .reusedDigitizedData, .onlineServiceUsage, .procedureOnlinePayment,
    ]

    /// The report.
    ///
    /// - Parameters:
    ///   - scoreboard: The scores of the period with the targets evaluated (levels without units are skipped
    ///     and the appendices renumbered).
    ///   - options: Province name and the decimals of the rates.
    public static func document(scoreboard: Scoreboard, options: DocumentOptions) -> GovernmentDocument {
        let period = scoreboard.period
        let levels = scoreboard.documentLevels.filter { !scoreboard.entries(of: $0).isEmpty }
        let rowsByLevel = levels.map { kind in
            (kind, scoreboard.entries(of: kind).sorted { $0.unit.name < $1.unit.name }.map(Row.init))
        }
        let places = options.targetRatePlaces
        let summaryPlaces = max(1, places)
        let sources = Array(Set(scoreboard.entries.flatMap(\.targets).map(\.target.source).filter { !$0.isEmpty })).sorted()
        let count = DocumentNumbers.twoDigits(indicators.count)
        var body: [ReportBlock] = []
        if !sources.isEmpty {
            body.append(
                Blocks.body(
                    "Thực hiện Quyết định số \(sources.joined(separator: ", ")) của Chủ tịch Ủy ban nhân dân tỉnh về việc giao chỉ tiêu liên quan "
                        + "đến Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công trực tuyến trên địa bàn tỉnh;"
                ))
        }
        body.append(
            Blocks.body(
                "Trên cơ sở dữ liệu hồ sơ thủ tục hành chính của các cơ quan, đơn vị và kết quả tính Bộ chỉ số phục vụ người dân, doanh nghiệp, "
                    + "\(options.officeShortName) công khai kết quả thực hiện \(count) chỉ tiêu liên quan đến Bộ chỉ số phục vụ người dân, "
                    + "doanh nghiệp \(period.vietnameseName). Cụ thể như sau:"))
        let numbers = rowsByLevel.indices.map { "\($0 + 1)" }
        body.append(Blocks.heading("1. Kết quả thực hiện (theo Phụ lục \(numbers.joined(separator: ", ")) đính kèm)", level: 2))
        let province = scoreboard.province(named: options.provinceName).figures.counts
        let letters = ["a", "b", "c", "d", "đ", "e", "f", "g"]
        for (index, indicator) in summaryOrder.enumerated() {
            body.append(Blocks.heading("\(letters[index % letters.count])) \(summaryHeading(indicator))", level: 3))
            let targets = scoreboard.entries.flatMap(\.targets).filter { $0.target.indicator == indicator }.map(\.target.percent)
            if let lowest = targets.min() {
                let all = Set(targets).count == 1
                body.append(Blocks.body("- Chỉ tiêu UBND tỉnh giao\(all ? "" : " thấp nhất"): \(DocumentNumbers.percentText(lowest))."))
            }
            let average = DocumentNumbers.percent(province[indicator], places: summaryPlaces)
            body.append(
                Blocks.body("- Tỷ lệ bình quân chung của cả tỉnh đạt: \(DocumentNumbers.percentText(average, places: summaryPlaces)). Trong đó:"))
            for (k, (kind, rows)) in rowsByLevel.enumerated() {
                let pooled = rows.reduce(Count()) { $0 + ($1.items[indicator]?.count ?? Count()) }
                let rate = DocumentNumbers.percent(pooled, places: summaryPlaces)
                let name = kind == .department ? "Cấp tỉnh" : kind.shortLevel
                body.append(
                    Blocks.body("+ \(name) đạt: \(DocumentNumbers.percentText(rate, places: summaryPlaces))\(k == rowsByLevel.count - 1 ? "." : ";")")
                )
            }
        }
        let closing = DocumentText.closing(.targets, scoreboard: scoreboard, options: options)
        if !closing.isEmpty { body.append(Blocks.heading("2. Đề xuất, kiến nghị", level: 2)) }
        body += closing

        let appendices = rowsByLevel.map { kind, rows in
            let tables = tables(rows: rows, places: places, level: levelTitle(kind).capitalizedWords)
            return Appendix(
                titleLines: [
                    "\(levelTitle(kind)): \(count) chỉ tiêu liên quan đến Bộ chỉ số phục vụ người dân, doanh nghiệp \(period.vietnameseName)"
                ],
                blocks: [
                    Blocks.body(
                        "1. Các chỉ tiêu: (i) DVC trực tuyến có phát sinh hồ sơ trực tuyến, (ii) Hồ sơ trực tuyến, (iii) Tỷ lệ TTHC cung cấp "
                            + "thanh toán trực tuyến có phát sinh thanh toán trực tuyến, (iv) Thanh toán trực tuyến.", bold: true),
                    .table(tables[0]),
                    Blocks.body(
                        "2. Các chỉ tiêu: (i) Số hóa thành phần hồ sơ, (ii) Khai thác, sử dụng lại thông tin số hóa và (iii) Cấp kết quả điện tử.",
                        bold: true),
                    .table(tables[1]),
                ])
        }
        return GovernmentDocument(
            kind: .report,
            titleLines: [
                "Kết quả thực hiện \(count) chỉ tiêu liên quan Bộ chỉ số phục vụ",
                "người dân, doanh nghiệp \(scoreboard.periodTitle) trên địa bàn tỉnh",
            ],
            body: body, appendices: appendices)
    }
}

extension String {
    /// "CẤP TỈNH" → "Cấp tỉnh".
    var capitalizedWords: String {
        let lower = lowercased()
        guard let first = lower.first else { return lower }
        return first.uppercased() + lower.dropFirst()
    }

    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
