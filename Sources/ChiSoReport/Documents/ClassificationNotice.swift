public import ChiSoCore

/// The classification notice (seed 004): the method (groups with maxima and the bands), the count of units
/// per class and level, and one appendix per level with each unit's points per group, total and class.
public enum ClassificationNotice {
    /// How many units of a level fall in each band, top band first.
    public static func counts(_ entries: [Scoreboard.Entry], methodology: Methodology) -> [(band: String, count: Int)] {
        methodology.bands.reversed().map { band in (band.name, entries.filter { $0.score.classification == band.name }.count) }
    }

    /// "Từ 90 đến 100 điểm xếp loại: Xuất sắc.", "Từ 80 đến dưới 90 điểm xếp loại: Tốt.", "Dưới 50 điểm xếp loại: Yếu."
    public static func bandLines(_ methodology: Methodology) -> [String] {
        methodology.bands.reversed().map { band in
            let low = Decimal2.vietnamese(band.min)
            let range: String
            if let upper = band.upper {
                range = band.min <= 0 ? "Dưới \(Decimal2.vietnamese(upper)) điểm" : "Từ \(low) đến dưới \(Decimal2.vietnamese(upper)) điểm"
            } else {
                range = "Từ \(low) đến \(Decimal2.vietnamese(methodology.total)) điểm"
            }
            return "+ \(range) xếp loại: \(band.name)."
        }
    }

    /// The sentences of one level: "+ Có 02/17 cơ quan xếp loại Tốt.", "+ Không có cơ quan xếp loại Xuất sắc."
    public static func countLines(_ entries: [Scoreboard.Entry], kind: Unit.Kind, methodology: Methodology) -> [String] {
        let noun = self.noun(kind)
        // Units with no dossier are not classified and left out of the counts per class (DOMAIN §4a D11).
        let classified = entries.filter { $0.score.classification != nil }.count
        var lines = counts(entries, methodology: methodology).map { band, count in
            count == 0
                ? "+ Không có \(noun) xếp loại \(band)."
                : "+ Có \(DocumentNumbers.twoDigits(count))/\(DocumentNumbers.twoDigits(classified)) \(noun) xếp loại \(band)."
        }
        let unclassified = entries.count - classified
        if unclassified > 0 {
            lines.append("+ Có \(DocumentNumbers.twoDigits(unclassified)) \(noun) \(UnitScore.noDossiersFootnote) trong kỳ, không xếp loại.")
        }
        return lines
    }

    /// The footnote under a level's table when some of its units are not classified, nil otherwise.
    static func footnote(_ entries: [Scoreboard.Entry]) -> String? {
        guard entries.contains(where: { $0.score.classification == nil }) else { return nil }
        return "Ghi chú: \"\(UnitScore.notClassifiedLabel)\": đơn vị \(UnitScore.noDossiersFootnote) trong kỳ, không xếp loại."
    }

    static func noun(_ kind: Unit.Kind) -> String {
        switch kind {
        case .department: return "cơ quan"
        case .district: return "UBND cấp huyện"
        case .commune: return "UBND cấp xã"
        case .province: return "tỉnh"
        case .other: return "đơn vị"
        }
    }

    static func levelTitle(_ kind: Unit.Kind) -> String {
        switch kind {
        case .department: return "CÁC SỞ, BAN, NGÀNH TỈNH"
        case .district: return "UBND CẤP HUYỆN"
        case .commune: return "UBND CẤP XÃ"
        case .province: return "TỈNH"
        case .other: return "CÁC ĐƠN VỊ KHÁC"
        }
    }

    /// STT | Đơn vị | each presented group "(max)" | Tổng điểm | Xếp loại, in rank order.
    public static func table(_ entries: [Scoreboard.Entry], scoreboard: Scoreboard, sheetName: String) -> ReportTable {
        let heads = scoreboard.presentedGroupHeads
        var header: [ReportHeaderCell] = ["STT", "Đơn vị"]
        header += heads.map { .init("\($0.name) (\(Decimal2.vietnamese($0.max)))") }
        header += [.init("Tổng điểm (\(Decimal2.vietnamese(scoreboard.methodology.total)))"), "Xếp loại"]
        let rows = entries.map { entry in
            ReportRow(
                [.integer(entry.ranked.rank), .text(entry.unit.name)]
                    + scoreboard.presentedGroups(entry.score).map { .decimal(Decimal2.round($0.points)) }
                    + [.decimal(Decimal2.round(entry.score.total)), .text(entry.score.classificationLabel)])
        }
        return ReportTable(
            sheetName: sheetName,
            columns: [.init(width: 0.5), .init(width: 3.5)] + heads.map { _ in ReportTableColumn(width: 1.2) } + [
                .init(width: 1.1), .init(width: 1.2),
            ],
            headerRows: [header], rows: rows, fontSize: 12)
    }

    /// The notice.
    ///
    /// - Parameters:
    ///   - scoreboard: The scores of the period, all levels.
    ///   - options: Province name and issuing office.
    public static func document(scoreboard: Scoreboard, options: DocumentOptions) -> GovernmentDocument {
        let period = scoreboard.period
        let methodology = scoreboard.methodology
        let levels = scoreboard.documentLevels.filter { !scoreboard.entries(of: $0).isEmpty }
        let heads = scoreboard.presentedGroupHeads
        var body: [ReportBlock] = [
            Blocks.body(
                "Căn cứ Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ phê duyệt Bộ chỉ số chỉ đạo, điều hành và đánh giá "
                    + "chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính (TTHC), dịch vụ công theo thời gian thực "
                    + "trên môi trường điện tử (sau đây viết tắt là Quyết định số 766/QĐ-TTg)."),
            Blocks.body(
                "Qua theo dõi kết quả đánh giá \(period.vietnameseName) của các cơ quan, đơn vị trên địa bàn tỉnh theo Quyết định số 766/QĐ-TTg, "
                    + "\(options.officeShortName) thông báo kết quả xếp loại, đánh giá chất lượng giải quyết TTHC với các nội dung cụ thể như sau:"),
            Blocks.heading("1. Về nguồn dữ liệu và thời điểm đánh giá, xếp loại", level: 2),
            Blocks.body(
                "- Số liệu dùng để đánh giá, xếp loại được tính từ dữ liệu hồ sơ TTHC trên Hệ thống thông tin giải quyết TTHC của tỉnh, "
                    + "theo \(methodology.name)."),
            Blocks.body("- Thời điểm đánh giá, xếp loại: \(Blocks.moment(scoreboard.asOf))."),
            Blocks.heading("2. Về cách tính điểm đạt được của từng cơ quan, đơn vị, địa phương và cách xếp loại", level: 2),
            Blocks.body(
                "- Tổng điểm đánh giá, xếp loại là \(Decimal2.vietnamese(methodology.total)) điểm bao gồm "
                    + "\(DocumentNumbers.twoDigits(heads.count)) tiêu chí là:"),
        ]
        body += heads.map { Blocks.body("+ \($0.name): \(Decimal2.vietnamese($0.max))/\(Decimal2.vietnamese(methodology.total)) điểm") }
        body.append(
            Blocks.body(
                "- Điểm của mỗi tiêu chí là tổng điểm các chỉ tiêu thành phần; điểm chỉ tiêu = tỷ lệ đạt được × điểm tối đa của chỉ tiêu / 100 "
                    + "(hoặc theo ngưỡng của chỉ tiêu, nếu có)."))
        body.append(Blocks.body("- Kết quả phân loại như sau:"))
        body += bandLines(methodology).map { Blocks.body($0) }
        body.append(Blocks.heading("3. Kết quả đánh giá, xếp loại", level: 2))
        for kind in levels {
            let entries = scoreboard.entries(of: kind)
            body.append(Blocks.body("- \(kind == .department ? "Cấp tỉnh" : kind.shortLevel):"))
            body += countLines(entries, kind: kind, methodology: methodology).map { Blocks.body($0) }
        }
        if !levels.isEmpty {
            let list = levels.enumerated().map { "\(noun(levelKindNoun: $1)) (Phụ lục \($0 + 1))" }.joined(separator: ", ")
            body.append(Blocks.body("Kèm theo các Phụ lục đánh giá, xếp loại và mức điểm cụ thể đối với \(list)."))
        }
        let closing = DocumentText.closing(.classification, scoreboard: scoreboard, options: options)
        if !closing.isEmpty { body.append(Blocks.heading("4. Đề xuất, kiến nghị", level: 2)) }
        body += closing
        let appendices = levels.map { kind in
            Appendix(
                titleLines: ["KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI \(levelTitle(kind)) \(scoreboard.periodTitle.uppercased())"],
                blocks: [.table(table(scoreboard.entries(of: kind), scoreboard: scoreboard, sheetName: "Xếp loại \(kind.shortLevel.lowercased())"))]
                    + (footnote(scoreboard.entries(of: kind)).map { [Blocks.note($0)] } ?? []))
        }
        var addressees = ["Lãnh đạo các sở, ban, ngành tỉnh"]
        addressees.append(scoreboard.hasDistrictLevel ? "Chủ tịch UBND các huyện, thị xã, thành phố" : "Chủ tịch UBND các xã, phường, đặc khu")
        return GovernmentDocument(
            kind: .officialLetter,
            titleLines: [
                "công khai kết quả Bộ chỉ số phục vụ người dân,", "doanh nghiệp \(scoreboard.periodTitle) theo Quyết định", "số 766/QĐ-TTg",
            ],
            addressees: addressees, body: body, appendices: appendices)
    }

    static func noun(levelKindNoun kind: Unit.Kind) -> String {
        switch kind {
        case .department: return "các sở, ban, ngành tỉnh"
        case .district: return "UBND cấp huyện"
        case .commune: return "UBND cấp xã"
        case .province: return "tỉnh"
        case .other: return "các đơn vị khác"
        }
    }
}
