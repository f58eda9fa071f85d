import ChiSoCore
import ChiSoReport

/// Scoreboards for the document tests, built from counts so every expected figure can be worked out by hand.
enum DocumentFixtures {
    /// Six groups, one linear indicator each, so a unit whose six rates are all r% scores exactly r; with the
    /// five-group presentation of the 2024 reports and the usual bands.
    static let methodology: Methodology = {
        func group(_ id: String, _ name: String, _ max: Double, _ indicator: Indicator, _ indicatorName: String) -> MethodologySpec.Group {
            MethodologySpec.Group(id: id, name: name, max: max, indicators: [.init(id: indicator.rawValue, name: indicatorName, max: max)])
        }
        let spec = MethodologySpec(
            id: "test-linear", name: "bộ phương pháp thử", effectiveFrom: LocalDate(year: 2020, month: 1, day: 1)!, total: 100,
            groups: [
                group("transparency", "Công khai, minh bạch", 18, .dossierSync, "Hồ sơ đồng bộ"),
                group("timeliness", "Tiến độ giải quyết", 20, .dossierOnTime, "Hồ sơ đúng hạn"),
                group("online_service", "Dịch vụ công trực tuyến", 12, .onlineDossier, "Hồ sơ trực tuyến"),
                group("online_payment", "Thanh toán trực tuyến", 10, .dossierOnlinePayment, "Hồ sơ thanh toán trực tuyến"),
                group("digitization", "Số hóa hồ sơ", 22, .digitizedDossier, "Hồ sơ được số hóa"),
                group("satisfaction", "Mức độ hài lòng", 18, .dossierSatisfaction, "Hài lòng trong tiếp nhận, giải quyết TTHC"),
            ],
            bands: [
                .init(name: "Xuất sắc", min: 90), .init(name: "Tốt", min: 80), .init(name: "Khá", min: 70), .init(name: "Trung bình", min: 50),
                .init(name: "Yếu", min: 0),
            ],
            presentations: [
                .init(
                    id: "five-groups-2024", name: "Năm nhóm",
                    groups: [
                        .init(id: "transparency", name: "Công khai, minh bạch", members: ["transparency"]),
                        .init(id: "timeliness", name: "Tiến độ, kết quả giải quyết", members: ["timeliness"]),
                        .init(id: "digitization", name: "Số hóa hồ sơ", members: ["digitization"]),
                        .init(id: "online", name: "Cung cấp dịch vụ trực tuyến", members: ["online_service", "online_payment"]),
                        .init(id: "satisfaction", name: "Mức độ hài lòng", members: ["satisfaction"]),
                    ])
            ])
        return try! Methodology(spec)
    }()

    static let scoredIndicators: [Indicator] = [
        .dossierSync, .dossierOnTime, .onlineDossier, .dossierOnlinePayment, .digitizedDossier, .dossierSatisfaction,
    ]

    /// Counts giving every scored indicator the rate `percent` (out of 100 dossiers).
    static func uniform(_ percent: Int, denominator: Int = 100) -> IndicatorCounts {
        var counts = IndicatorCounts()
        for indicator in scoredIndicators { counts[indicator] = Count(percent * denominator / 100, denominator) }
        return counts
    }

    static func unit(_ code: String, _ name: String, _ kind: ChiSoCore.Unit.Kind, parent: String? = "P") -> ChiSoCore.Unit {
        ChiSoCore.Unit(code: code, name: name, kind: kind, parentCode: parent)
    }

    static func processing(carried: Int, new: Int, onTime: Int, lateResolved: Int, notDue: Int, lateOpen: Int) -> ProcessingTable {
        ProcessingTable(
            carriedOver: carried, newlyReceived: new, resolvedOnTime: onTime, resolvedOverdue: lateResolved, openNotDue: notDue, openOverdue: lateOpen
        )
    }

    /// A province of 8 departments, 2 districts and 3 communes in July 2024, with totals chosen per class.
    static func province(period: Period = .month(2024, 7), targets: [Target] = []) -> Scoreboard {
        let departmentTotals = [
            ("D1", "Sở Ngoại vụ", 95), ("D2", "Sở Y tế", 85), ("D3", "Sở Tư pháp", 82), ("D4", "Sở Xây dựng", 75),
            ("D5", "Sở Nội vụ", 60), ("D6", "Sở Công Thương", 55), ("D7", "Sở Tài chính", 52), ("D8", "Ban Dân tộc", 40),
        ]
        var figures: [UnitFigures] = []
        var sum = IndicatorCounts()
        var processingSum = ProcessingTable()
        for (index, (code, name, total)) in departmentTotals.enumerated() {
            var counts = uniform(total)
            var table = processing(carried: 10, new: 90, onTime: 70 - index % 4, lateResolved: index % 4, notDue: 30, lateOpen: 0)
            if code == "D5" { counts[.dossierOnlinePayment] = Count(0, 0) }  // no fee-bearing dossier
            if code == "D8" {
                counts[.dossierOnlinePayment] = Count(0, 0)
                counts[.dossierOnTime] = Count(0, 0)  // no dossier to judge at all
                table = ProcessingTable()
            }
            figures.append(UnitFigures(unit: unit(code, name, .department), counts: counts, processing: table))
            sum = sum + counts
            processingSum = processingSum + table
        }
        for (code, name, total, overdue) in [("X1", "UBND huyện Phú Riềng", 72, 2), ("X2", "UBND huyện Lộc Ninh", 65, 5)] {
            let table = processing(carried: 5, new: 45, onTime: 30 - (overdue - 1), lateResolved: overdue - 1, notDue: 19, lateOpen: 1)
            figures.append(UnitFigures(unit: unit(code, name, .district), counts: uniform(total), processing: table))
            sum = sum + uniform(total)
            processingSum = processingSum + table
        }
        for (code, name, total) in [("C1", "UBND xã Bù Nho", 91), ("C2", "UBND xã Lộc An", 49), ("C3", "UBND xã Phú Nghĩa", 70)] {
            figures.append(UnitFigures(unit: unit(code, name, .commune, parent: "X1"), counts: uniform(total)))
        }
        figures.insert(UnitFigures(unit: unit("P", "UBND tỉnh Bình Phước", .province, parent: nil), counts: sum, processing: processingSum), at: 0)
        return Scoreboard(methodology: methodology, current: Aggregation(period: period, figures: figures), targets: targets)
    }

    static let options = DocumentOptions(provinceName: "Bình Phước")

    static let issuer = IssuerSettings(
        parentBody: "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC", office: "VĂN PHÒNG", officeAbbreviation: "VPUBND", officeShortName: "Văn phòng UBND tỉnh",
        documentNumber: "123", place: "Bình Phước", date: LocalDate(year: 2024, month: 8, day: 5),
        recipients: ["CT, các PCT UBND tỉnh", "Lưu: VT, P. KSTTHC"],
        signerAuthority: ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"], signerName: "Nguyễn Văn An")

    /// The text a cell shows in DOCX and HTML.
    static func text(_ cell: ReportCell) -> String {
        switch cell.value {
        case .text(let text): text
        case .integer(let value): VietnameseNumber.format(value)
        case .decimal(let value, let places): VietnameseNumber.format(value, places: places)
        case .percent(let fraction, let places): VietnameseNumber.percent(fraction, places: places)
        case .null: "-"
        }
    }

    /// The texts of a table's body.
    static func texts(_ table: ReportTable) -> [[String]] { table.rows.map { $0.cells.map(text) } }

    /// Every paragraph and heading text of a document's blocks, in order.
    static func paragraphs(_ blocks: [ReportBlock]) -> [String] {
        blocks.flatMap { block -> [String] in
            switch block {
            case .paragraph(let p): [p.plainText]
            case .heading(let h): [h.runs.map(\.text).joined()]
            case .columns(let layout): layout.columns.flatMap { paragraphs($0.blocks) }
            case .table, .rule, .pageBreak: []
            }
        }
    }
}
