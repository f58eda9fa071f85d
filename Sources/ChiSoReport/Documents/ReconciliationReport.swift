public import ChiSoCore

/// The monthly reconciliation report (DOMAIN §7.2, like seed 003): the portal's score and rank, each group's
/// points, and per level and unit the portal's rate beside the province system's counts and rate, the
/// digitisation table, the classification on both sides, and an appendix of the dossiers that explain the
/// differences.
public enum ReconciliationReport {
    /// The file name without extension: `doi-chieu-2026-08`.
    public static func fileStem(for period: Period) -> String { "doi-chieu-" + period.description.replacing("..", with: "_") }

    /// The names of the two sources, as the seeds print them.
    static let portalSource = "Cổng Dịch vụ công quốc gia"
    static let provinceSource = "Hệ thống thông tin giải quyết TTHC tỉnh"

    /// The report.
    ///
    /// - Parameters:
    ///   - reconciliation: the portal's figures beside the province system's for the period.
    ///   - options: the province's name and the issuing office.
    public static func document(_ reconciliation: Reconciliation, options: DocumentOptions) -> GovernmentDocument {
        let r = reconciliation
        let period = r.period
        let taken = Blocks.moment(r.takenAt)
        let portalNote = "Nguồn: \(portalSource), số liệu trích xuất lúc \(taken)"
        let provinceNote = "Nguồn: \(provinceSource), số liệu tính đến \(taken)"
        let levelNote =
            "(Tỷ lệ của Cổng – nguồn: \(portalSource), số liệu trích xuất lúc \(taken); số hồ sơ – nguồn: \(provinceSource), "
            + "số liệu tính đến \(taken))"
        var body: [ReportBlock] = [
            Blocks.body(
                "Thực hiện Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ, \(options.officeShortName) đối chiếu số liệu "
                    + "đánh giá chất lượng phục vụ người dân, doanh nghiệp \(period.vietnameseName) trên \(portalSource) với số liệu của "
                    + "\(provinceSource), kết quả như sau:"),
            Blocks.heading("I. Kết quả đánh giá của tỉnh trên \(portalSource)"),
        ]
        body.append(Blocks.body(standingText(r, options: options)))
        if r.isProvisional {
            body.append(Blocks.note("Kỳ đánh giá chưa kết thúc tại thời điểm trích xuất: số liệu là tạm tính và có thể thay đổi."))
        }
        if !r.isComplete {
            body.append(Blocks.note("Số liệu trích xuất chưa đủ sáu nhóm chỉ số; các nhóm thiếu để trống."))
        }
        if let province = r.province {
            body.append(.table(groupTable(province, methodology: r.methodology)))
            body.append(Blocks.note("(\(portalNote); \(provinceSource): số liệu tính đến \(taken))"))
        }
        if let standing = r.standing, !standing.top.isEmpty {
            body.append(Blocks.centred("XẾP HẠNG TỈNH/THÀNH PHỐ", bold: true))
            body.append(
                .table(
                    ReportTable(
                        sheetName: "Xếp hạng tỉnh", columns: [.init(width: 0.8), .init(width: 4), .init(width: 2, alignment: .center)],
                        headerRows: [["Hạng", "Tỉnh, thành phố", "Điểm đánh giá"]],
                        rows: standing.top.map { ReportRow([.integer($0.rank), .text($0.name), .decimal(Decimal2.round($0.total))]) })))
            body.append(Blocks.note("(\(portalNote))"))
        }

        let levels = levels(of: r)
        body.append(Blocks.heading("II. Đối chiếu kết quả theo từng cơ quan, đơn vị"))
        for (index, kind) in levels.enumerated() {
            let lines = r.units.filter { level(of: $0) == kind }
            body.append(Blocks.heading("\(index + 1). \(kind.shortLevel)", level: 2))
            body.append(.table(processingTable(lines, kind: kind)))
            body.append(.table(serviceTable(lines, kind: kind)))
            body.append(Blocks.note(levelNote))
            body += Blocks.footnote(noDossiers(lines), "hồ sơ TTHC")
        }

        body.append(Blocks.heading("III. Số hóa hồ sơ, kết quả giải quyết TTHC"))
        for kind in levels {
            let lines = r.units.filter { level(of: $0) == kind }
            body.append(Blocks.body("- \(kind.shortLevel):"))
            body.append(.table(digitisationTable(lines, kind: kind)))
        }
        body.append(Blocks.note(levelNote))

        body.append(Blocks.heading("IV. Xếp loại theo từng cấp"))
        for kind in levels {
            let lines = r.units.filter { level(of: $0) == kind }
            body.append(Blocks.body("- \(kind.shortLevel):"))
            body.append(.table(classificationTable(lines, kind: kind, methodology: r.methodology)))
            body += Blocks.footnote(noDossiers(lines), "hồ sơ TTHC")
        }
        body.append(Blocks.note("(\(portalNote); \(provinceSource): số liệu tính đến \(taken))"))

        body.append(Blocks.heading("V. Nguyên nhân chênh lệch"))
        body += causes(r)
        body.append(
            Blocks.body(
                "\(options.officeShortName) đề nghị các cơ quan, đơn vị rà soát các hồ sơ nêu tại Phụ lục, cập nhật, đồng bộ đầy đủ dữ liệu "
                    + "lên \(portalSource); trường hợp số liệu chưa thống nhất, có văn bản gửi \(options.officeShortName) để tổng hợp./."))

        var appendices: [Appendix] = []
        let explained = explainedLines(r)
        if !explained.isEmpty {
            appendices.append(
                Appendix(
                    titleLines: ["DANH SÁCH HỒ SƠ GIẢI THÍCH CHÊNH LỆCH SỐ LIỆU", period.vietnameseName.uppercased()],
                    blocks: [.table(appendixTable(explained)), Blocks.note("(\(provinceNote))")]))
        }
        return GovernmentDocument(
            kind: .report,
            titleLines: [
                "Đối chiếu số liệu Bộ chỉ số phục vụ người dân, doanh nghiệp", "giữa \(portalSource) và \(provinceSource)",
                period.vietnameseName,
            ],
            body: body, appendices: appendices)
    }

    /// "Theo số liệu trên Cổng …, tỉnh X đạt 88,25/100 điểm, xếp thứ 02/34 cả nước; tăng 2 bậc so với kỳ trước (04/34)."
    static func standingText(_ r: Reconciliation, options: DocumentOptions) -> String {
        let taken = Blocks.moment(r.takenAt)
        var text = "Theo số liệu trên \(portalSource) (trích xuất lúc \(taken)), tỉnh \(options.provinceName)"
        if let standing = r.standing {
            text +=
                " đạt \(Decimal2.vietnamese(standing.province.total))/100 điểm, xếp thứ "
                + "\(DocumentNumbers.twoDigits(standing.province.rank))/\(standing.provinceCount) cả nước"
            if let previous = standing.previous, let change = standing.rankChange {
                let movement = change > 0 ? "tăng \(change) bậc" : change < 0 ? "giảm \(-change) bậc" : "giữ nguyên vị trí"
                text += "; \(movement) so với kỳ trước (\(DocumentNumbers.twoDigits(previous.rank))/\(standing.provinceCount))"
            }
        } else if let total = r.province?.portalTotal {
            text += " đạt \(Decimal2.vietnamese(total))/100 điểm"
        } else {
            text += " chưa có tổng điểm trong số liệu trích xuất"
        }
        if let own = r.province?.chisoTotal {
            text += ". Theo số liệu của \(provinceSource), tỉnh đạt \(Decimal2.vietnamese(own))/\(Decimal2.vietnamese(r.methodology.total)) điểm"
            if let difference = r.province?.totalDifference {
                text += " (chênh lệch \(DocumentNumbers.difference(difference)) điểm)"
            }
        }
        return text + "."
    }

    /// Each group's points on both sides, for the province.
    static func groupTable(_ province: Reconciliation.UnitLine, methodology: Methodology) -> ReportTable {
        var rows = province.groups.enumerated().map { i, g in
            ReportRow([
                .integer(i + 1), .text("\(g.name) (\(Decimal2.vietnamese(g.maxPoints)))"), .decimal(g.portalPoints.map { Decimal2.round($0) }),
                .decimal(g.chisoPoints.map { Decimal2.round($0) }), .text(DocumentNumbers.difference(g.pointsDifference), alignment: .center),
            ])
        }
        rows.append(
            ReportRow(
                [
                    .text("Tổng điểm", colspan: 2, alignment: .center), .decimal(province.portalTotal.map { Decimal2.round($0) }),
                    .decimal(province.chisoTotal.map { Decimal2.round($0) }),
                    .text(DocumentNumbers.difference(province.totalDifference), alignment: .center),
                ], bold: true))
        return ReportTable(
            title: "ĐIỂM THEO NHÓM CHỈ SỐ CỦA TỈNH", sheetName: "Điểm theo nhóm",
            columns: [.init(width: 0.6), .init(width: 4.4), .init(width: 1.4), .init(width: 1.4), .init(width: 1.2)],
            headerRows: [["STT", "Nhóm chỉ số (điểm tối đa)", ReportHeaderCell(portalSource), ReportHeaderCell(provinceSource), "Chênh lệch"]],
            rows: rows)
    }

    /// On-time processing: the portal's rate and overdue count beside the province system's counts and rate.
    static func processingTable(_ lines: [Reconciliation.UnitLine], kind: Unit.Kind) -> ReportTable {
        let rows = lines.enumerated().map { i, line in
            let onTime = line.indicator(.dossierOnTime)
            let own = onTime?.chiso
            return ReportRow([
                .integer(i + 1), .text(line.name), .decimal(onTime?.portal?.rate.map { Decimal2.round($0) }),
                .integer(line.portalOverdue.map { Int($0) }), .integer(own?.denominator.map { Int($0) }),
                .integer(own?.numerator.map { Int($0) }), .integer(line.chisoOverdue), .decimal(own?.rate.map { Decimal2.round($0) }),
                .text(DocumentNumbers.difference(onTime?.rateDifference), alignment: .center),
            ])
        }
        return ReportTable(
            title: "TIẾN ĐỘ GIẢI QUYẾT HỒ SƠ – \(kind.shortLevel.uppercased())", sheetName: "Tiến độ - \(kind.shortLevel)",
            columns: [.init(width: 0.6), .init(width: 3.6)] + Array(repeating: ReportTableColumn(width: 1.1), count: 7),
            headerRows: [
                [
                    .init("STT", rowspan: 2), .init("Đơn vị", rowspan: 2), .init(portalSource, colspan: 2),
                    .init(provinceSource, colspan: 4), .init("Chênh lệch tỷ lệ", rowspan: 2),
                ],
                ["Tỷ lệ đúng hạn (%)", "Quá hạn", "Tổng số hồ sơ", "Đúng và trước hạn", "Quá hạn", "Tỷ lệ (%)"],
            ],
            rows: rows, fontSize: 12)
    }

    /// Online dossiers, online payment and satisfaction: the portal's rate beside the province system's counts and rate.
    static func serviceTable(_ lines: [Reconciliation.UnitLine], kind: Unit.Kind) -> ReportTable {
        let rows = lines.enumerated().map { i, line in
            let online = line.indicator(.onlineDossier)
            let payment = line.indicator(.dossierOnlinePayment)
            let satisfaction = line.indicator(.dossierSatisfaction)
            let onlineCount = online?.chiso.flatMap { figure in
                figure.numerator.flatMap { n in figure.denominator.map { "\(Int(n))/\(Int($0 - n))" } }
            }
            let paymentCount = payment?.chiso.flatMap { figure in figure.numerator.flatMap { n in figure.denominator.map { "\(Int(n))/\(Int($0))" } }
            }
            func rate(_ figure: Reconciliation.Figure?) -> ReportCell { .decimal(figure?.rate.map { Decimal2.round($0) }) }
            return ReportRow([
                .integer(i + 1), .text(line.name), rate(online?.portal), .text(onlineCount ?? "-", alignment: .center), rate(online?.chiso),
                rate(payment?.portal), .text(paymentCount ?? "-", alignment: .center), rate(payment?.chiso), rate(satisfaction?.portal),
                rate(satisfaction?.chiso),
            ])
        }
        return ReportTable(
            title: "HỒ SƠ TRỰC TUYẾN, THANH TOÁN TRỰC TUYẾN, MỨC ĐỘ HÀI LÒNG – \(kind.shortLevel.uppercased())",
            sheetName: "Trực tuyến - \(kind.shortLevel)",
            columns: [.init(width: 0.6), .init(width: 3.2)] + [1, 1.5, 1, 1, 1.5, 1, 1, 1].map { ReportTableColumn(width: $0) },
            headerRows: [
                [
                    .init("STT", rowspan: 2), .init("Đơn vị", rowspan: 2), .init("Hồ sơ trực tuyến", colspan: 3),
                    .init("Thanh toán trực tuyến", colspan: 3), .init("Hài lòng trong tiếp nhận, giải quyết", colspan: 2),
                ],
                [
                    "Cổng DVCQG (%)", "Trực tuyến/Trực tiếp", "Hệ thống tỉnh (%)", "Cổng DVCQG (%)", "Đã thanh toán/Có phí", "Hệ thống tỉnh (%)",
                    "Cổng DVCQG (%)", "Hệ thống tỉnh (%)",
                ],
            ],
            rows: rows, fontSize: 12)
    }

    /// Received, digitised on reception, rate; resolved, digitised result, rate; each rate beside the portal's.
    static func digitisationTable(_ lines: [Reconciliation.UnitLine], kind: Unit.Kind) -> ReportTable {
        let rows = lines.enumerated().map { i, line in
            let digitised = line.indicator(.digitizedDossier)
            let result = line.indicator(.eResult)
            func int(_ value: Double?) -> ReportCell { .integer(value.map { Int($0) }) }
            func rate(_ figure: Reconciliation.Figure?) -> ReportCell { .decimal(figure?.rate.map { Decimal2.round($0) }) }
            return ReportRow([
                .integer(i + 1), .text(line.name), int(digitised?.chiso?.denominator), int(digitised?.chiso?.numerator), rate(digitised?.chiso),
                rate(digitised?.portal), int(result?.chiso?.denominator), int(result?.chiso?.numerator), rate(result?.chiso), rate(result?.portal),
            ])
        }
        return ReportTable(
            title: "SỐ HÓA HỒ SƠ – \(kind.shortLevel.uppercased())", sheetName: "Số hóa - \(kind.shortLevel)",
            columns: [.init(width: 0.6), .init(width: 3.4)] + Array(repeating: ReportTableColumn(width: 1.1), count: 8),
            headerRows: [
                [
                    .init("STT", rowspan: 2), .init("Đơn vị", rowspan: 2), .init("Số hóa khi tiếp nhận", colspan: 4),
                    .init("Số hóa kết quả giải quyết", colspan: 4),
                ],
                [
                    "Tiếp nhận", "Được số hóa", "Tỷ lệ (%)", "Cổng DVCQG (%)", "Đã giải quyết", "Có kết quả điện tử", "Tỷ lệ (%)",
                    "Cổng DVCQG (%)",
                ],
            ],
            rows: rows, fontSize: 12)
    }

    /// Each group's points from the portal, the total and classification on both sides, by the portal's rank.
    static func classificationTable(_ lines: [Reconciliation.UnitLine], kind: Unit.Kind, methodology: Methodology) -> ReportTable {
        let ordered = lines.sorted { ($0.portalRank ?? Int.max, $0.name) < ($1.portalRank ?? Int.max, $1.name) }
        let rows = ordered.map { line in
            var cells: [ReportCell] = [.integer(line.portalRank), .text(line.name)]
            cells += NationalGroup.allCases.map { g in .decimal(line.group(g)?.portalPoints.map { Decimal2.round($0) }) }
            cells += [
                .decimal(line.portalTotal.map { Decimal2.round($0) }), .text(line.portalClassification ?? "-", alignment: .center),
                .decimal(line.chisoTotal.map { Decimal2.round($0) }), .text(line.chisoClassification ?? "-", alignment: .center),
            ]
            return ReportRow(cells)
        }
        let groupHeads = NationalGroup.allCases.map { g -> ReportHeaderCell in
            let name = methodology.groups.first { $0.id == g.methodologyGroupID }?.name ?? g.rawValue
            return ReportHeaderCell("\(name) (\(Decimal2.vietnamese(g.maxPoints)))")
        }
        return ReportTable(
            title: "XẾP LOẠI – \(kind.shortLevel.uppercased())", sheetName: "Xếp loại - \(kind.shortLevel)",
            columns: [.init(width: 0.6), .init(width: 3.2)] + Array(repeating: ReportTableColumn(width: 1), count: 10),
            headerRows: [
                [
                    .init("Hạng", rowspan: 2), .init("Đơn vị", rowspan: 2), .init("Điểm theo nhóm trên \(portalSource)", colspan: 6),
                    .init(portalSource, colspan: 2), .init(provinceSource, colspan: 2),
                ],
                groupHeads + ["Tổng điểm", "Xếp loại", "Tổng điểm", "Xếp loại"],
            ],
            rows: rows, fontSize: 11)
    }

    /// The causes of the differences, counted over the units, and the units found on one side only.
    static func causes(_ r: Reconciliation) -> [ReportBlock] {
        var blocks: [ReportBlock] = []
        for kind in Reconciliation.Explanation.Kind.allCases where kind != .unitOneSide {
            let lines = r.units.filter { $0.explanation(kind) != nil }
            guard !lines.isEmpty else { continue }
            let dossiers = lines.reduce(0) { $0 + ($1.explanation(kind)?.dossierCodes.count ?? 0) }
            blocks.append(
                Blocks.body("- \(kind.vietnamese): \(dossiers) hồ sơ tại \(lines.count) đơn vị (\(lines.map(\.name).joined(separator: ", ")))."))
        }
        // Dossiers the portal counts and the province system does not hold cannot be named; the units are.
        let portalMore = r.units.compactMap { line -> String? in
            guard let difference = line.indicator(.dossierOnTime)?.denominatorDifference, difference < 0, line.presence == .both else { return nil }
            return "\(line.name) (\(Decimal2.vietnamese(-difference)) hồ sơ)"
        }
        if !portalMore.isEmpty {
            blocks.append(
                Blocks.body(
                    "- \(portalSource) ghi nhận nhiều hồ sơ hơn \(provinceSource) (hồ sơ tiếp nhận trên hệ thống khác, như hệ thống của "
                        + "bộ, ngành, mà hệ thống của tỉnh không lưu): \(portalMore.joined(separator: ", "))."))
        }
        let portalOnly = r.units.filter { $0.presence == .portalOnly }.map(\.name)
        if !portalOnly.isEmpty {
            blocks.append(
                Blocks.body("- Đơn vị có trên \(portalSource) nhưng chưa có trong danh mục của tỉnh: \(portalOnly.joined(separator: ", "))."))
        }
        let provinceOnly = r.units.filter { $0.presence == .chisoOnly }.map(\.name)
        if !provinceOnly.isEmpty {
            blocks.append(
                Blocks.body(
                    "- Đơn vị có trong \(provinceSource) nhưng không có số liệu trên \(portalSource): \(provinceOnly.joined(separator: ", "))."))
        }
        if blocks.isEmpty { blocks.append(Blocks.body("Số liệu của các đơn vị trên hai hệ thống không có chênh lệch cần giải thích.")) }
        return blocks
    }

    /// The unit lines whose differences ChiSo can explain with dossiers.
    static func explainedLines(_ r: Reconciliation) -> [Reconciliation.UnitLine] {
        r.units.filter { line in line.explanations.contains { !$0.dossierCodes.isEmpty } }
    }

    /// One row per dossier: unit, cause, dossier code.
    static func appendixTable(_ lines: [Reconciliation.UnitLine]) -> ReportTable {
        var rows: [ReportRow] = []
        for line in lines {
            for explanation in line.explanations {
                for code in explanation.dossierCodes {
                    rows.append(ReportRow([.integer(rows.count + 1), .text(line.name), .text(explanation.kind.vietnamese), .text(code)]))
                }
            }
        }
        return ReportTable(
            sheetName: "Hồ sơ chênh lệch", columns: [.init(width: 0.6), .init(width: 3.4), .init(width: 4), .init(width: 3)],
            headerRows: [["STT", "Đơn vị", "Nguyên nhân chênh lệch", "Mã hồ sơ"]], rows: rows)
    }

    /// The levels shown: those with at least one unit line, in document order.
    static func levels(of r: Reconciliation) -> [Unit.Kind] {
        Unit.Kind.documentLevels.filter { kind in r.units.contains { level(of: $0) == kind } }
    }

    /// The level of a line: ChiSo's unit kind, else the portal's level (`COMMUNE` → commune, else department).
    static func level(of line: Reconciliation.UnitLine) -> Unit.Kind {
        if let unit = line.unit { return unit.kind }
        let level = (line.portal?.level ?? "").uppercased()
        if level.contains("COMMUNE") || level.contains("XA") { return .commune }
        if level.contains("DISTRICT") || level.contains("HUYEN") { return .district }
        return .department
    }

    static func noDossiers(_ lines: [Reconciliation.UnitLine]) -> [String] {
        lines.filter { $0.figures?.hasNoDossiers ?? $0.portal?.hasNoDossiers ?? false }.map(\.name)
    }
}
