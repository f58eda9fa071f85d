import ChiSoCore
import ChiSoReport
import Testing

@Suite struct DocumentClassificationTests {
    @Test func countsPerClassAndLevel() throws {
        let board = DocumentFixtures.province(period: .quarter(2024, 2))
        let doc = ClassificationNotice.document(scoreboard: board, options: DocumentFixtures.options)
        let text = DocumentFixtures.paragraphs(doc.body)
        // Ban Dân tộc had no dossier: not classified, left out of the counts per class (DOMAIN §4a D11).
        let departments = [
            "+ Có 01/07 cơ quan xếp loại Xuất sắc.", "+ Có 02/07 cơ quan xếp loại Tốt.", "+ Có 01/07 cơ quan xếp loại Khá.",
            "+ Có 03/07 cơ quan xếp loại Trung bình.", "+ Không có cơ quan xếp loại Yếu.",
            "+ Có 01 cơ quan không phát sinh hồ sơ trong kỳ, không xếp loại.",
        ]
        let districts = [
            "+ Không có UBND cấp huyện xếp loại Xuất sắc.", "+ Không có UBND cấp huyện xếp loại Tốt.", "+ Có 01/02 UBND cấp huyện xếp loại Khá.",
            "+ Có 01/02 UBND cấp huyện xếp loại Trung bình.", "+ Không có UBND cấp huyện xếp loại Yếu.",
        ]
        let communes = [
            "+ Có 01/03 UBND cấp xã xếp loại Xuất sắc.", "+ Không có UBND cấp xã xếp loại Tốt.", "+ Có 01/03 UBND cấp xã xếp loại Khá.",
            "+ Không có UBND cấp xã xếp loại Trung bình.", "+ Có 01/03 UBND cấp xã xếp loại Yếu.",
        ]
        let expected = ["- Cấp tỉnh:"] + departments + ["- Cấp huyện:"] + districts + ["- Cấp xã:"] + communes
        let start = try #require(text.firstIndex(of: "- Cấp tỉnh:"))
        #expect(Array(text[start..<min(text.count, start + expected.count)]) == expected)
        #expect(
            ClassificationNotice.bandLines(board.methodology) == [
                "+ Từ 90 đến 100 điểm xếp loại: Xuất sắc.", "+ Từ 80 đến dưới 90 điểm xếp loại: Tốt.", "+ Từ 70 đến dưới 80 điểm xếp loại: Khá.",
                "+ Từ 50 đến dưới 70 điểm xếp loại: Trung bình.", "+ Dưới 50 điểm xếp loại: Yếu.",
            ])
        #expect(text.contains("+ Cung cấp dịch vụ trực tuyến: 22/100 điểm"))
        #expect(text.contains("- Tổng điểm đánh giá, xếp loại là 100 điểm bao gồm 05 tiêu chí là:"))
    }

    @Test func appendixPerLevelWithFiveGroups() throws {
        let board = DocumentFixtures.province(period: .quarter(2024, 2))
        let doc = ClassificationNotice.document(scoreboard: board, options: DocumentFixtures.options)
        #expect(doc.appendices.count == 3)
        #expect(doc.appendices[0].titleLines == ["KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁC SỞ, BAN, NGÀNH TỈNH QUÝ II/2024"])
        let table = try #require(doc.appendices[0].blocks.first?.tables.first)
        #expect(
            table.headerRows[0].map(\.text) == [
                "STT", "Đơn vị", "Công khai, minh bạch (18)", "Tiến độ, kết quả giải quyết (20)", "Số hóa hồ sơ (22)",
                "Cung cấp dịch vụ trực tuyến (22)", "Mức độ hài lòng (18)", "Tổng điểm (100)", "Xếp loại",
            ])
        let rows = DocumentFixtures.texts(table)
        #expect(rows.count == 8)
        #expect(rows[0] == ["1", "Sở Ngoại vụ", "17,10", "19,00", "20,90", "20,90", "17,10", "95,00", "Xuất sắc"])
        // Sở Nội vụ: no fee-bearing dossier, so online payment scores 0 of 10: 60 − 6 = 54.
        #expect(rows[5] == ["6", "Sở Nội vụ", "10,80", "12,00", "13,20", "7,20", "10,80", "54,00", "Trung bình"])
        // No dossier: its total is shown, its classification is "-" with a footnote (DOMAIN §4a D11).
        #expect(rows[7] == ["8", "Ban Dân tộc", "7,20", "0,00", "8,80", "4,80", "7,20", "28,00", "-"])
        #expect(
            DocumentFixtures.paragraphs(doc.appendices[0].blocks).contains(
                "Ghi chú: \"-\": đơn vị không phát sinh hồ sơ trong kỳ, không xếp loại."))
        #expect(DocumentFixtures.paragraphs(doc.appendices[2].blocks).allSatisfy { !$0.hasPrefix("Ghi chú") })
    }
}

@Suite struct DocumentQuarterlyTests {
    static func counts(sync: Int, onTime: Int, online: Int, payment: Int, digitized: Int, satisfaction: Count) -> IndicatorCounts {
        var c = IndicatorCounts()
        c[.dossierSync] = Count(sync, 10_000)
        c[.dossierOnTime] = Count(onTime, 100)
        c[.onlineDossier] = Count(online, 100)
        c[.dossierOnlinePayment] = Count(payment, 100)
        c[.digitizedDossier] = Count(digitized, 10_000)
        c[.dossierSatisfaction] = satisfaction
        return c
    }

    @Test func differencesOfDisplayedValues() {
        let m = DocumentFixtures.methodology
        let province = DocumentFixtures.unit("P", "UBND tỉnh", .province, parent: nil)
        let now = m.score(
            unit: province, counts: Self.counts(sync: 9333, onTime: 97, online: 45, payment: 32, digitized: 3045, satisfaction: Count(9676, 10_000)))
        let then = m.score(
            unit: province, counts: Self.counts(sync: 6883, onTime: 97, online: 24, payment: 40, digitized: 523, satisfaction: Count(0, 0)))
        let board = DocumentFixtures.province(period: .quarter(2024, 1))
        let lines = QuarterlyComparison.lines(current: now, sameLastYear: then, scoreboard: board)
        let rows = lines.map { [$0.number, $0.name, $0.sameLastYear, $0.current, $0.difference] }
        #expect(
            rows == [
                ["1", "Công khai, minh bạch", "12,39/18", "16,8/18", "+4,41"],
                ["1.1", "Tỷ lệ đồng bộ hồ sơ", "68,83%", "93,33%", "+24,5"],
                ["2", "Tiến độ, kết quả giải quyết", "19,4/20", "19,4/20", "-"],
                ["3", "Số hóa hồ sơ", "1,15/22", "6,7/22", "+5,55"],
                ["3.1", "Tỷ lệ hồ sơ TTHC số hóa hồ sơ, kết quả giải quyết TTHC", "5,23%", "30,45%", "+25,22"],
                ["4", "Cung cấp dịch vụ trực tuyến", "", "", ""],
                ["4.1", "Dịch vụ công trực tuyến", "2,88/12", "5,4/12", "+2,52"],
                ["4.2", "Thanh toán trực tuyến", "4/10", "3,2/10", "-0,8"],
                ["5", "Mức độ hài lòng", "0/18", "17,42/18", "+17,42"],
                // No dossier last year: the rate is null, shown "-", never 0%, and there is no difference.
                ["5.1", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", "-", "96,76%", "-"],
            ])
        let table = QuarterlyComparison.table(lines, period: .quarter(2024, 1))
        #expect(table.headerRows[1].map(\.text) == ["Quý I/2023", "Quý I/2024"])
    }

    @Test func unitsThatMetOrMissedTheTarget() {
        let target = Target(
            indicator: .dossierOnlinePayment, scope: .kind(.department), period: .quarter(2024, 1), percent: 80, source: "127/QĐ-UBND")
        let board = DocumentFixtures.province(period: .quarter(2024, 1), targets: [target])
        let text = DocumentFixtures.paragraphs(QuarterlyComparison.targetSentences(scoreboard: board, options: DocumentFixtures.options))
        #expect(
            text == [
                "Đối với chỉ tiêu \"Hồ sơ thanh toán trực tuyến\" theo Quyết định số 127/QĐ-UBND: có 03/08 đơn vị hoàn thành chỉ tiêu được giao, "
                    + "gồm: Sở Ngoại vụ (95%/80%); Sở Y tế (85%/80%); Sở Tư pháp (82%/80%). Có 03/08 đơn vị chưa hoàn thành chỉ tiêu được giao, "
                    + "gồm: Sở Xây dựng (75%/80%); Sở Công Thương (55%/80%); Sở Tài chính (52%/80%). Trong kỳ, Sở Nội vụ, Ban Dân tộc không "
                    + "phát sinh hồ sơ để đánh giá chỉ tiêu này."
            ])
    }

    @Test func letterWithoutLastYear() {
        let board = DocumentFixtures.province(period: .quarter(2024, 1))
        let doc = QuarterlyComparison.document(current: board, sameLastYear: nil, options: DocumentFixtures.options)
        #expect(doc.kind == .officialLetter)
        let table = doc.tables[0]
        #expect(DocumentFixtures.texts(table).allSatisfy { $0[2] == "-" || $0[2].isEmpty })
        #expect(DocumentFixtures.paragraphs(doc.body).contains("(Không có số liệu của quý I/2023 để so sánh.)"))
    }
}

@Suite struct DocumentMonthlyNoticeTests {
    static func table(_ doc: GovernmentDocument, _ sheet: String) throws -> ReportTable {
        try #require(doc.tables.first { $0.sheetName == sheet }, "no table \(sheet)")
    }

    static func checkIdentities(_ row: [String]) {
        let n = row.dropFirst(row.count - 9).map { Int($0.replacing(".", with: "")) ?? -1 }
        #expect(n[0] == n[1] + n[2], "total = carried over + new: \(row)")
        #expect(n[0] == n[3] + n[6], "total = resolved + in progress: \(row)")
        #expect(n[3] == n[4] + n[5], "resolved = on time + overdue: \(row)")
        #expect(n[6] == n[7] + n[8], "in progress = not due + overdue: \(row)")
    }

    @Test func processingTablesAndOverdueFilter() throws {
        let board = DocumentFixtures.province()
        let doc = MonthlyNotice.document(scoreboard: board, options: DocumentFixtures.options)
        let province = try Self.table(doc, "Giải quyết TTHC")
        #expect(province.headerRows.count == 3)
        #expect(province.headerRows[0].map(\.colspan) == [1, 1, 3, 6])
        #expect(province.headerRows[0].map(\.rowspan) == [3, 3, 1, 1])
        #expect(province.headerRows[1].map(\.text) == ["Tổng số", "Trong đó", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết"])
        #expect(
            province.headerRows[2].map(\.text) == [
                "Số kỳ trước chuyển qua", "Số mới tiếp nhận", "Tổng số", "Đúng và trước hạn", "Quá hạn", "Tổng số", "Chưa đến hạn", "Quá hạn",
            ])
        let provinceRows = DocumentFixtures.texts(province)
        // 7 departments × 100 dossiers + 2 districts × 50.
        #expect(provinceRows == [["1", "UBND tỉnh Bình Phước", "800", "80", "720", "550", "536", "14", "250", "248", "2"]])
        provinceRows.forEach(Self.checkIdentities)

        let overdue = try Self.table(doc, "Đơn vị có hồ sơ quá hạn")
        let rows = DocumentFixtures.texts(overdue)
        #expect(rows.count == 3)
        #expect(rows[0] == ["1", "Sở Xây dựng", "100", "10", "90", "70", "67", "3", "30", "30", "0"])
        #expect(rows[1] == ["2", "UBND huyện Lộc Ninh", "50", "5", "45", "30", "26", "4", "20", "19", "1"])
        #expect(rows[2] == ["Tổng các đơn vị trên", "150", "15", "135", "100", "93", "7", "50", "49", "1"])
        rows.forEach(Self.checkIdentities)

        // Units under the threshold (2 overdue: Sở Tư pháp, Sở Tài chính, UBND huyện Phú Riềng) are left out; the
        // threshold is configurable.
        #expect(MonthlyNotice.overdueUnits(scoreboard: board, threshold: 3).map(\.unit.code) == ["D4", "X2"])
        #expect(MonthlyNotice.overdueUnits(scoreboard: board, threshold: 5).map(\.unit.code) == ["X2"])
        #expect(MonthlyNotice.overdueUnits(scoreboard: board, threshold: 2).map(\.unit.code) == ["D4", "D7", "D3", "X2", "X1"])
    }

    @Test func nationalFiguresAbsentOrGiven() throws {
        let board = DocumentFixtures.province()
        let without = DocumentFixtures.paragraphs(MonthlyNotice.document(scoreboard: board, options: DocumentFixtures.options).body)
        // Without the portal's figures the notice names its own source, never the software (issue: documents, defect 6).
        #expect(without.contains { $0.hasPrefix("Theo số liệu tính từ dữ liệu hồ sơ trên Hệ thống thông tin giải quyết TTHC của tỉnh,") })
        #expect(!without.contains { $0.contains("ChiSo") || $0.contains("không được cung cấp") })

        var options = DocumentFixtures.options
        options.national = NationalRanking(entries: [
            .init(province: "UBND tỉnh Bình Định", score: 86.54, previousScore: 86.30, rank: 2, previousRank: 2),
            .init(province: "UBND tỉnh Cà Mau", score: 87.93, previousScore: 88.99, rank: 1, previousRank: 1),
            .init(province: "UBND tỉnh Bình Phước", score: 85.05, previousScore: 66.36, rank: 3, previousRank: 44),
        ])
        let doc = MonthlyNotice.document(scoreboard: board, options: options)
        let text = DocumentFixtures.paragraphs(doc.body)
        #expect(text.contains("Tính đến tháng 7/2024, tỉnh Bình Phước đạt 85,05/100 điểm, xếp thứ 03/3 cả nước; tăng 41 bậc so với kỳ trước (44/3)."))
        let top = try Self.table(doc, "Xếp hạng tỉnh")
        #expect(
            DocumentFixtures.texts(top) == [
                ["1. UBND tỉnh Cà Mau", "87,93 ▼1,06"], ["2. UBND tỉnh Bình Định", "86,54 ▲0,24"], ["3. UBND tỉnh Bình Phước", "85,05 ▲18,69"],
            ])
    }

    @Test func rankingsAndNullRates() throws {
        let board = DocumentFixtures.province()
        let doc = MonthlyNotice.document(scoreboard: board, options: DocumentFixtures.options)
        let departments = DocumentFixtures.texts(try Self.table(doc, "Xếp hạng cấp sở"))
        #expect(departments.first == ["1", "Sở Ngoại vụ", "95,00", "95,00"])
        #expect(try Self.table(doc, "Xếp hạng cấp huyện").rows.count == 2)
        let payment = DocumentFixtures.texts(try Self.table(doc, "Cấp sở - thanh toán"))
        #expect(payment.first == ["1", "Sở Ngoại vụ", "95,00", "9,50"])
        // No fee-bearing dossier: the rate is null ("-", never 0%) and a footnote names the units.
        #expect(payment.suffix(2) == [["7", "Ban Dân tộc", "-", "0,00"], ["8", "Sở Nội vụ", "-", "0,00"]])
        let text = DocumentFixtures.paragraphs(doc.body)
        #expect(text.contains("* Trong kỳ, Ban Dân tộc, Sở Nội vụ không phát sinh hồ sơ TTHC có phí, lệ phí."))
        #expect(text.contains("* Trong kỳ, Ban Dân tộc không phát sinh hồ sơ TTHC."))
        let digitization = DocumentFixtures.texts(try Self.table(doc, "Cấp sở - số hóa"))
        #expect(digitization.first == ["1", "Sở Ngoại vụ", "95,00", "20,90"])
        let online = DocumentFixtures.texts(try Self.table(doc, "Cấp sở - trực tuyến"))
        #expect(online.first == ["1", "Sở Ngoại vụ", "95,00", "20,90"])
        #expect(online.last == ["8", "Ban Dân tộc", "21,82", "4,80"])
    }

    @Test func districtsOnlyBeforeJuly2025() {
        let withDistricts = DocumentFixtures.paragraphs(
            MonthlyNotice.document(scoreboard: DocumentFixtures.province(), options: DocumentFixtures.options).body)
        #expect(withDistricts.contains("2. Về kết quả thực hiện các chỉ tiêu của Bộ chỉ số 766 tại UBND các huyện, thị xã, thành phố"))
        #expect(withDistricts.contains("3. Về kết quả thực hiện các chỉ tiêu của Bộ chỉ số 766 tại UBND các xã, phường, thị trấn"))
        let base = DocumentFixtures.province(period: .month(2026, 8))
        let later = Scoreboard(
            methodology: base.methodology,
            current: Aggregation(period: .month(2026, 8), figures: base.entries.filter { $0.unit.kind != .district }.map(\.figures)))
        let text = DocumentFixtures.paragraphs(MonthlyNotice.document(scoreboard: later, options: DocumentFixtures.options).body)
        #expect(!text.contains { $0.contains("huyện") && $0.contains("Bộ chỉ số 766") })
        #expect(text.contains("2. Về kết quả thực hiện các chỉ tiêu của Bộ chỉ số 766 tại UBND các xã, phường, thị trấn"))
    }
}

@Suite struct DocumentTargetsTests {
    @Test func levelsWithoutUnitsAreSkippedAndRenumbered() {
        let base = DocumentFixtures.province(period: .month(2026, 2))
        let board = Scoreboard(
            methodology: base.methodology,
            current: Aggregation(period: .month(2026, 2), figures: base.entries.filter { $0.unit.kind != .district }.map(\.figures)),
            targets: [Target(indicator: .onlineDossier, scope: .all, period: .year(2026), percent: 60, source: "235/QĐ-UBND")])
        let doc = TargetsReport.document(scoreboard: board, options: DocumentFixtures.options)
        #expect(doc.appendices.map { $0.titleLines[0].prefix(8) } == ["CẤP TỈNH", "CẤP XÃ: "])
        let text = DocumentFixtures.paragraphs(doc.body)
        #expect(text.contains("1. Kết quả thực hiện (theo Phụ lục 1, 2 đính kèm)"))
        #expect(text.contains("- Chỉ tiêu UBND tỉnh giao: 60%."))
        // Province (all 11 units, 100 dossiers each): online 45+85+... pooled; departments and communes separately.
        let departments = [95, 85, 82, 75, 60, 55, 52, 40].reduce(0, +)
        let communes = [91, 49, 70].reduce(0, +)
        #expect(
            text.contains("+ Cấp tỉnh đạt: \(DocumentNumbers.percentText(DocumentNumbers.percent(Count(departments, 800), places: 1), places: 1));"))
        #expect(text.contains("+ Cấp xã đạt: \(DocumentNumbers.percentText(DocumentNumbers.percent(Count(communes, 300), places: 1), places: 1))."))
        let table = doc.appendices[0].blocks.compactMap { $0.tables.first }[0]
        let row = DocumentFixtures.texts(table).first { $0[1] == "Sở Nội vụ" }
        // Sở Nội vụ: no fee-bearing dossier → "-" for the payment rate; no target for online services → "-".
        #expect(row == ["4", "Sở Nội vụ", "100", "-", "0", "0", "-", "60%", "60", "60%", "-", "0", "0", "-", "-", "0", "0", "-"])
    }

    @Test func exactRounding() {
        #expect(DocumentNumbers.percent(Count(833, 1313), places: 0) == 63)
        #expect(DocumentNumbers.percent(Count(1, 8), places: 1) == 12.5)
        #expect(DocumentNumbers.percent(Count(1, 200), places: 0) == 1)  // 0.5 → 1, half away from zero
        #expect(DocumentNumbers.percent(Count(201, 20_000), places: 2) == 1.01)  // 1.005 → 1.01
        #expect(DocumentNumbers.percent(Count(0, 0), places: 0) == nil)
        #expect(DocumentNumbers.difference(-0.8) == "-0,8")
        #expect(DocumentNumbers.difference(0.004) == "-")
        #expect(DocumentNumbers.percentText(nil) == "-")
    }
}

/// Official documents name their data sources as the seeds do, never the software (issue: documents, defect 6).
@Suite struct DocumentSourcesTests {
    @Test func noDocumentNamesTheSoftware() throws {
        let target = Target(indicator: .onlineDossier, scope: .all, period: .year(2024), percent: 60, source: "235/QĐ-UBND")
        let board = DocumentFixtures.province(period: .month(2024, 7), targets: [target])
        for kind in OfficialDocumentKind.allCases {
            let document = try OfficialDocuments.document(kind, scoreboard: board, sameLastYear: board, options: DocumentFixtures.options)
            let laid = document.reportDocument(issuer: DocumentFixtures.issuer)
            let html = HTMLWriter.html(laid)
            #expect(!html.contains("ChiSo"), "\(kind)")
            #expect(!html.contains("không được cung cấp"), "\(kind)")
        }
    }
}
