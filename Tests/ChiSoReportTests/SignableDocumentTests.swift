import ChiSoCore
import ChiSoReport
import Foundation
import Testing

/// Documents a clerk can sign without editing (issue: documents).
@Suite struct SignableDocumentTests {
    static let paymentTarget = Target(indicator: .dossierOnlinePayment, scope: .all, period: .year(2024), percent: 80, source: "127/QĐ-UBND")

    static func title(_ document: GovernmentDocument) -> String { document.titleLines.joined(separator: " ") }

    // Defect 2: a targets report where no target applies is refused, not written as if seven targets were assigned.
    @Test func targetsReportWithoutTargetsIsRefused() throws {
        let board = DocumentFixtures.province(period: .month(2024, 7))
        let error = #expect(throws: ReportError.self) {
            try OfficialDocuments.document(.targets, scoreboard: board, options: DocumentFixtures.options)
        }
        #expect(error?.description.contains("Không có chỉ tiêu giao nào áp dụng cho kỳ tháng 7/2024") == true)
        let withTargets = DocumentFixtures.province(period: .month(2024, 7), targets: [Self.paymentTarget])
        #expect(try OfficialDocuments.document(.targets, scoreboard: withTargets, options: DocumentFixtures.options).kind == .report)
    }

    // Defect 4: the title of a period that has not ended says up to which day.
    @Test func openPeriodTitleSaysUpToWhichDay() throws {
        let base = DocumentFixtures.province(period: .month(2024, 7), targets: [Self.paymentTarget])
        let asOf = Instant(local: LocalDate(year: 2024, month: 7, day: 15)!, hour: 10, minute: 0)
        let open = Scoreboard(
            methodology: base.methodology, current: Aggregation(period: .month(2024, 7), asOf: asOf, figures: base.entries.map(\.figures)),
            targets: [Self.paymentTarget])
        for kind in OfficialDocumentKind.allCases {
            let document = try OfficialDocuments.document(kind, scoreboard: open, options: DocumentFixtures.options)
            #expect(Self.title(document).contains("tháng 7/2024 (tính đến ngày 15/07/2024)"), "\(kind)")
            let closed = try OfficialDocuments.document(kind, scoreboard: base, options: DocumentFixtures.options)
            #expect(!Self.title(closed).contains("tính đến ngày"), "\(kind)")
        }
    }

    // Defect 4: a comparison with a period the data covers only in part carries a caveat.
    @Test func comparisonWithAPartlyCoveredYearSaysSo() {
        let board = DocumentFixtures.province(period: .year(2024))
        let lastYear = DocumentFixtures.province(period: .year(2023))
        var options = DocumentFixtures.options
        options.dataFrom = LocalDate(year: 2023, month: 12, day: 1)
        let text = DocumentFixtures.paragraphs(QuarterlyComparison.document(current: board, sameLastYear: lastYear, options: options).body)
        let caveat = text.first { $0.contains("chưa đủ cả kỳ") }
        #expect(caveat?.contains("bắt đầu từ ngày 01/12/2023") == true)
        #expect(caveat?.contains("từ ngày 01/12/2023 đến ngày 31/12/2023 của năm 2023") == true)
        options.dataFrom = LocalDate(year: 2022, month: 1, day: 3)
        let covered = DocumentFixtures.paragraphs(QuarterlyComparison.document(current: board, sameLastYear: lastYear, options: options).body)
        #expect(!covered.contains { $0.contains("chưa đủ cả kỳ") })
    }

    // Defect 5: recipients and signer per document type; "- Như trên;" only with "Kính gửi"; no districts after 1/7/2025.
    @Test func issuerPerDocumentType() {
        let office = IssuerSettings(
            parentBody: "ỦY BAN NHÂN DÂN TỈNH PHƯỚC AN", office: "VĂN PHÒNG", officeAbbreviation: "VPUBND", officeShortName: "Văn phòng UBND tỉnh",
            place: "Phước An", signerAuthority: [])
        let directive = OfficialDocumentKind.quarterlyComparison.issuer(
            office: office, overrides: IssuerOverrides(), province: "Phước An", addressed: true, districts: false)
        #expect(directive.parentBody.isEmpty)
        #expect(directive.office == "ỦY BAN NHÂN DÂN TỈNH PHƯỚC AN")
        #expect(directive.signerAuthority == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
        #expect(directive.recipients.first == "Như trên")

        let notice = OfficialDocumentKind.monthlyNotice.issuer(
            office: office, overrides: IssuerOverrides(), province: "Phước An", addressed: false, districts: false)
        #expect(notice.office == "VĂN PHÒNG")
        #expect(notice.signerAuthority == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"])
        #expect(!notice.recipients.contains("Như trên"))
        #expect(!notice.recipients.contains { $0.contains("huyện") })
        #expect(notice.recipients.contains("UBND các xã, phường, đặc khu"))
        let before = OfficialDocumentKind.monthlyNotice.issuer(
            office: office, overrides: IssuerOverrides(), province: "Phước An", addressed: false, districts: true)
        #expect(before.recipients.contains("UBND các huyện, thị xã, thành phố"))
        #expect(
            OfficialDocumentKind.targets.issuer(office: office, overrides: IssuerOverrides(), province: "", addressed: false, districts: false)
                .signerAuthority == ["CHÁNH VĂN PHÒNG"])

        // A settings list with district recipients and a stray "Như trên" is put right for a letter of 2026.
        var listed = office
        listed.recipients = ["Như trên", "UBND các huyện, thị xã, thành phố", "Lưu: VT"]
        let letter = OfficialDocumentKind.classification.issuer(
            office: listed, overrides: IssuerOverrides(signerName: "Trần Minh Khoa"), province: "Phước An", addressed: true, districts: false)
        #expect(letter.recipients == ["Như trên", "Lưu: VT"])
        #expect(letter.signerName == "Trần Minh Khoa")
    }

    // Defect 7: the office's paragraphs with placeholders filled from the data; the built-in text follows the seeds.
    @Test func paragraphsWithPlaceholders() throws {
        #expect(DocumentText.names(in: "Các đơn vị {don_vi_duoi_nguong} trong {ky}.") == ["don_vi_duoi_nguong", "ky"])
        #expect(DocumentText.unknownPlaceholder(in: "{ky} và {khong_co}") == "khong_co")
        let error = #expect(throws: ReportError.self) {
            try DocumentText.validate(["{ky}", "Đơn vị {don_vi_yeu}."], file: "thiet-lap.yaml", documentType: "classification")
        }
        #expect(
            error?.description.hasPrefix("thiet-lap.yaml: documents.classification.paragraphs, đoạn 2: không có trường thay thế {don_vi_yeu}") == true
        )

        let board = DocumentFixtures.province(period: .month(2024, 7), targets: [Self.paymentTarget])
        var options = DocumentFixtures.options
        options.paragraphs = ["Kỳ {ky}: tỉnh {tinh} đạt {diem_tinh} điểm; yếu: {don_vi_duoi_nguong}; chưa đạt: {don_vi_chua_dat_chi_tieu}."]
        let text = DocumentFixtures.paragraphs(ClassificationNotice.document(scoreboard: board, options: options).body)
        let filled = try #require(text.first { $0.hasPrefix("Kỳ tháng 7/2024: tỉnh Bình Phước đạt ") })
        // UBND xã Lộc An (49) is the only unit in the lowest band (Ban Dân tộc, 40, had no dossier: not classified).
        #expect(
            filled.hasSuffix(
                "; yếu: UBND xã Lộc An; chưa đạt: Sở Xây dựng, Sở Công Thương, Sở Tài chính; UBND huyện Phú Riềng, UBND huyện Lộc Ninh; "
                    + "UBND xã Phú Nghĩa, UBND xã Lộc An."))

        // Without settings: seed 004's recommendations a) … đ), seed 001's tasks 1–5, seed 002's recommendation.
        let classification = DocumentFixtures.paragraphs(ClassificationNotice.document(scoreboard: board, options: DocumentFixtures.options).body)
        for letter in ["a) ", "b) ", "c) ", "d) ", "đ) "] { #expect(classification.contains { $0.hasPrefix(letter) }, "\(letter)") }
        #expect(classification.contains("4. Đề xuất, kiến nghị"))
        #expect(classification.contains { $0.hasPrefix("b) ") && $0.contains("các đơn vị xếp loại thấp nhất (UBND xã Lộc An)") })
        // With no unit in the lowest class, the built-in text leaves the clause out instead of printing "(không có)".
        let noLowest = Scoreboard(
            methodology: board.methodology,
            current: Aggregation(period: .month(2024, 7), figures: board.entries.filter { $0.unit.code != "C2" }.map(\.figures)))
        let without = DocumentFixtures.paragraphs(ClassificationNotice.document(scoreboard: noLowest, options: DocumentFixtures.options).body)
        #expect(without.contains { $0.hasPrefix("b) ") && $0.hasSuffix("lên Cổng Dịch vụ công quốc gia.") })
        #expect(!without.contains { $0.contains("không có") })
        let comparison = DocumentFixtures.paragraphs(
            QuarterlyComparison.document(current: board, sameLastYear: nil, options: DocumentFixtures.options).body)
        for task in 1...5 { #expect(comparison.contains { $0.hasPrefix("\(task). ") }, "task \(task)") }
        #expect(comparison.last?.hasPrefix("UBND tỉnh yêu cầu") == true)
        #expect(!comparison.joined().contains("{"))
    }

    // Defect 11: the overdue table nests communes under their district before 1/7/2025 and says what its total adds up.
    @Test func overdueTableNestsCommunesUnderTheirDistrict() throws {
        let base = DocumentFixtures.province(period: .month(2024, 7))
        let commune = DocumentFixtures.processing(carried: 2, new: 18, onTime: 10, lateResolved: 3, notDue: 6, lateOpen: 1)
        let figures = base.entries.map { entry -> UnitFigures in
            var f = entry.figures
            if entry.unit.code == "C2" { f.processing = commune }
            // The district's figures hold its communes' (the documents' default).
            if entry.unit.code == "X1" { f.processing = f.processing + commune }
            return f
        }
        let board = Scoreboard(methodology: base.methodology, current: Aggregation(period: .month(2024, 7), figures: figures))
        let overdue = MonthlyNotice.overdueUnits(scoreboard: board, threshold: 3)
        let table = MonthlyNotice.overdueTable(overdue, scoreboard: board, threshold: 3)
        let rows = DocumentFixtures.texts(table)
        #expect(
            rows.dropLast().map { [$0[0], $0[1]] } == [
                ["1", "Sở Xây dựng"], ["2", "UBND huyện Phú Riềng"], ["2.1", "- UBND xã Lộc An"], ["3", "UBND huyện Lộc Ninh"],
            ])
        let total = try #require(rows.last)
        #expect(total[0] == "Tổng (không cộng lại các xã đã tính trong số liệu của huyện)")
        // Overdue: Sở Xây dựng 3 + 0, Phú Riềng (1 + 1 of its own, 3 + 1 of the commune), Lộc Ninh 4 + 1; the commune
        // is not added twice.
        #expect(total[6] == "11")
        #expect(total[9] == "3")

        // From 1/7/2025 there are no districts: a flat list whose total adds up every row.
        let later = MonthlyNotice.overdueTable(overdue, scoreboard: DocumentFixtures.province(period: .month(2026, 8)), threshold: 3)
        #expect(DocumentFixtures.texts(later).last?.first == "Tổng các đơn vị trên")
    }

    // Defect 11: the comparison summarises long name lists by level and lists every unit in an appendix.
    @Test func comparisonSummarisesByLevelWithAnAppendix() throws {
        let target = Target(indicator: .dossierOnlinePayment, scope: .all, period: .quarter(2024, 1), percent: 99, source: "127/QĐ-UBND")
        let base = DocumentFixtures.province(period: .quarter(2024, 1))
        // Every department has fee-bearing dossiers and misses the target: eight names of one level are counted.
        let figures = base.entries.map { entry -> UnitFigures in
            var f = entry.figures
            if f.unit.kind == .department && f.counts[.dossierOnlinePayment].denominator == 0 { f.counts[.dossierOnlinePayment] = Count(30, 100) }
            return f
        }
        let board = Scoreboard(
            methodology: base.methodology, current: Aggregation(period: .quarter(2024, 1), figures: figures), targets: [target])
        let doc = QuarterlyComparison.document(current: board, sameLastYear: nil, options: DocumentFixtures.options)
        let sentence = try #require(DocumentFixtures.paragraphs(doc.body).first { $0.hasPrefix("Đối với chỉ tiêu") })
        #expect(
            sentence
                == "Đối với chỉ tiêu \"Hồ sơ thanh toán trực tuyến\" theo Quyết định số 127/QĐ-UBND: chưa có đơn vị nào hoàn thành chỉ tiêu "
                + "được giao. Có 13/13 đơn vị chưa hoàn thành chỉ tiêu được giao, gồm: 08/08 cơ quan; UBND huyện Phú Riềng (72%/99%); "
                + "UBND huyện Lộc Ninh (65%/99%); UBND xã Bù Nho (91%/99%); UBND xã Phú Nghĩa (70%/99%); UBND xã Lộc An (49%/99%).")
        let appendix = try #require(doc.appendices.first)
        let table = try #require(appendix.blocks.compactMap { $0.tables.first }.first)
        let rows = DocumentFixtures.texts(table)
        #expect(rows.count == 13)
        #expect(rows.first == ["1", "Ban Dân tộc", "Cấp tỉnh", "Hồ sơ thanh toán trực tuyến", "30,0%", "99%", "Chưa đạt"])
        #expect(DocumentFixtures.paragraphs(doc.body).contains("Danh sách chi tiết các cơ quan, đơn vị theo từng chỉ tiêu tại Phụ lục kèm theo."))
    }
}

/// Defect 8: the workbooks store numbers as numbers with number formats, as openpyxl reads them.
@Suite(.enabled(if: PythonReaders.enabled, "python3 with python-docx and openpyxl is not available"))
struct NumericWorkbookTests {
    static func sheets(_ document: GovernmentDocument) throws -> [String: [String: [String: Any]]] {
        let json = try DocumentReaderTests.read(
            OfficialDocuments.workbook(document, title: "Bảng"), name: "bang.xlsx", script: PythonReaders.xlsxScript)
        let sheets = try #require(json["sheets"] as? [[String: Any]])
        var out: [String: [String: [String: Any]]] = [:]
        for sheet in sheets {
            if let name = sheet["name"] as? String, let cells = sheet["cells"] as? [String: [String: Any]] { out[name] = cells }
        }
        return out
    }

    @Test func comparisonPointsAndRatesAreNumbers() throws {
        let board = DocumentFixtures.province(period: .quarter(2024, 1))
        let lastYear = DocumentFixtures.province(period: .quarter(2023, 1))
        let doc = QuarterlyComparison.document(current: board, sameLastYear: lastYear, options: DocumentFixtures.options)
        let cells = try #require(try Self.sheets(doc)["So sánh cùng kỳ"])
        // Row 2: group 1, 18 × 681/1000 = 12,26 points out of 18 both years; row 3: its key rate 68,1% as 0.681.
        #expect(cells["A2"]?["value"] as? String == "1")
        #expect(cells["C2"]?["value"] as? Double == 12.26)
        #expect(cells["D2"]?["value"] as? Int == 18)
        #expect(cells["E2"]?["value"] as? Double == 12.26)
        #expect(cells["E2"]?["format"] as? String == "0.00")
        #expect(cells["F2"]?["value"] as? Int == 18)
        #expect(cells["G2"]?["value"] as? Int == 0)
        #expect(cells["E3"]?["value"] as? Double == 0.681)
        #expect(cells["E3"]?["format"] as? String == "0.00%")
        #expect(cells["D3"]?["value"] as? String == "-")
        // No figure is text ("7,89/18", "99,49%") below the header row.
        let body = cells.filter { $0.key.dropFirst().first != "1" || $0.key.count > 2 }
        #expect(!body.values.contains { ($0["value"] as? String)?.contains("/") == true || ($0["value"] as? String)?.hasSuffix("%") == true })
    }

    @Test func nationalRankingHasTheRankTheScoreAndTheChangeInColumnsOfTheirOwn() throws {
        var options = DocumentFixtures.options
        options.national = NationalRanking(entries: [
            .init(province: "UBND tỉnh Cà Mau", score: 87.93, previousScore: 88.99, rank: 1, previousRank: 1),
            .init(province: "UBND tỉnh Bình Phước", score: 85.05, previousScore: 66.36, rank: 2, previousRank: 44),
        ])
        let doc = MonthlyNotice.document(scoreboard: DocumentFixtures.province(), options: options)
        let cells = try #require(try Self.sheets(doc)["Xếp hạng tỉnh"])
        #expect(cells["A2"]?["value"] as? Int == 1)
        #expect(cells["B2"]?["value"] as? String == "UBND tỉnh Cà Mau")
        #expect(cells["C2"]?["value"] as? Double == 87.93)
        #expect(cells["D2"]?["value"] as? Double == -1.06)
        #expect(cells["D3"]?["value"] as? Double == 18.69)
        #expect(cells["E3"]?["value"] as? Int == 44)
    }

    @Test func targetRatesAreStoredExactly() throws {
        let rows = [TargetsReport.Row(name: "Sở Y tế", received: 3, items: [.onlineDossier: .init(target: 60, count: Count(2, 3))])]
        let table = TargetsReport.tables(rows: rows, places: 0, level: "Cấp tỉnh")[0]
        let doc = GovernmentDocument(kind: .report, titleLines: ["Bảng"], body: [.table(table)])
        let cells = try #require(try Self.sheets(doc)["Cấp tỉnh bảng 1"])
        // Row 3 (two header rows): online dossiers are columns H (target) … J (rate).
        let rate = try #require(cells["J3"]?["value"] as? Double)
        #expect(abs(rate - 2.0 / 3.0) < 1e-12)
        #expect(cells["J3"]?["format"] as? String == "0%")
        #expect(DocumentFixtures.texts(table)[0][9] == "67%")
    }
}

/// Defect 9: the PDF step tells when the fonts it embeds do not cover the text.
@Suite struct PDFFontCheckTests {
    @Test func fontsNotEmbeddedAreNamed() {
        let listing = """
            name                                 type              encoding         emb sub uni object ID
            ------------------------------------ ----------------- ---------------- --- --- --- ---------
            BAAAAA+LiberationSerif               TrueType          WinAnsi          yes yes yes     10  0
            TimesNewRomanPSMT                    TrueType          WinAnsi          no  no  no      12  0
            """
        #expect(PDFFontCheck.notEmbedded(pdffontsOutput: listing) == ["TimesNewRomanPSMT"])
        #expect(PDFFontCheck.notEmbedded(pdffontsOutput: listing.replacing("no  no  no", with: "yes yes yes")).isEmpty)
    }

    @Test func familiesWithVietnamese() {
        let families = PDFFontCheck.vietnameseFamilies(fcListOutput: "Liberation Serif\nDejaVu Sans,DejaVu Sans Condensed\n")
        #expect(families == ["Liberation Serif", "DejaVu Sans", "DejaVu Sans Condensed"])
    }
}
