import ChiSoCore
import ChiSoIngest
import Testing

/// The older portal's figures as a plain table, as the 2024 reports quote them (seed 000).
@Suite struct NationalTableReaderTests {
    let fallback = Instant(local: LocalDate(year: 2026, month: 12, day: 1)!, hour: 9)

    static let csv = """
        Kỳ,Mã đơn vị,Đơn vị,Loại đơn vị,Nhóm chỉ tiêu,Chỉ số,Tử số,Mẫu số,Tỷ lệ %,Điểm đánh giá,Xếp hạng,Thời điểm xuất
        07/2024,,UBND tỉnh Bình Phước,Tỉnh,Tổng hợp,Tổng điểm,,,,"85,05",03/63,31/07/2024 15:00
        07/2024,,UBND tỉnh Cà Mau,Tỉnh,Tổng hợp,Tổng điểm,,,,"87,93",1,31/07/2024 15:00
        07/2024,,Sở Ngoại vụ - tỉnh Bình Phước,Sở ban ngành,Tổng hợp,Điểm số hóa hồ sơ,,,"72,73",16,,31/07/2024 15:00
        07/2024,,Sở Tài chính - tỉnh Bình Phước,Sở ban ngành,Tổng hợp,Điểm số hóa hồ sơ,,,0,0,,
        07/2024,,Sở Ngoại vụ - tỉnh Bình Phước,Sở ban ngành,Tổng hợp,Điểm dịch vụ trực tuyến,,,"90,91",20,,
        07/2024,H44.07,Sở Tư pháp,,,dossier_on_time,990,1.000,99,"19,8",2,
        07/2024,H44.07,Sở Tư pháp,,,PUBLISH_ON_TIME,,,,,,
        13/2024,,Sở Y tế,,,Tổng,,,,80,,
        07/2024,,Sở X,,Tổng hợp,Chỉ số lạ,,,,1,,
        07/2024,,Sở Y tế,,,transparency,,,abc,,,
        08/2024,,Sở Ngoại vụ - tỉnh Bình Phước,Sở ban ngành,,Số hóa hồ sơ,,,75,"16,5",,
        """

    func read(_ text: String, province: String? = nil) throws -> NationalTableReader.TableRead {
        try NationalTableReader.read(NationalInputFile(name: "bang.csv", bytes: Array(text.utf8)), fallbackTakenAt: fallback, provinceID: province)
    }

    @Test func aVietnameseTableGivesOneSnapshotPerPeriodWithEveryFigure() throws {
        let result = try read(Self.csv, province: "UBND tỉnh Bình Phước")
        #expect(result.raw.bytes == Array(Self.csv.utf8))
        #expect(result.raw.endpoint == nil)
        #expect(result.parts.map(\.snapshot.period) == [.month(2024, 7), .month(2024, 8)])
        #expect(result.parts.map(\.takenAtInFile) == [true, false])
        let july = result.parts[0].snapshot
        #expect(july.origin == .table)
        #expect(july.takenAt == Instant(local: LocalDate(year: 2024, month: 7, day: 31)!, hour: 15))
        #expect(july.groupsPresent == [.digitization, .onlineService, .timeliness, .transparency])
        #expect(!july.isComplete)
        let province = try #require(july.province)
        #expect(province.name == "UBND tỉnh Bình Phước")
        #expect(province.publishedTotal == 85.05)
        #expect(province.publishedRank == 3)
        #expect(july.provinces.map(\.name) == ["UBND tỉnh Bình Phước", "UBND tỉnh Cà Mau"])
        #expect(july.provinces.map(\.total) == [85.05, 87.93])

        let foreign = try #require(july.units.first { $0.name == "Sở Ngoại vụ - tỉnh Bình Phước" })
        #expect(foreign.level == "Sở ban ngành")
        #expect(foreign.groups[.digitization]?.rate == 72.73)
        #expect(foreign.groups[.digitization]?.points == 16)
        #expect(foreign.groups[.onlineService]?.rate == 90.91)
        #expect(foreign.groups[.onlineService]?.points == 20)
        let finance = try #require(july.units.first { $0.name == "Sở Tài chính - tỉnh Bình Phước" })
        #expect(finance.groups[.digitization]?.rate == 0 && finance.groups[.digitization]?.points == 0)

        let justice = try #require(july.units.first { $0.portalCode == "H44.07" })
        #expect(justice.publishedRank == 2)
        let onTime = try #require(justice.groups[.timeliness]?.metric(.dossierOnTime))
        #expect(onTime.numerator == 990 && onTime.denominator == 1000 && onTime.rate == 99 && onTime.points == 19.8)
        let publish = try #require(justice.groups[.transparency]?.metric(.publishOnTime))
        #expect(publish.numerator == nil && publish.denominator == nil && publish.rate == nil && publish.points == nil)
        #expect(july.units.count == 4)

        let august = result.parts[1].snapshot
        #expect(august.takenAt == fallback)
        #expect(august.units.count == 1)
        #expect(august.units[0].groups[.digitization]?.rate == 75)
        #expect(august.units[0].groups[.digitization]?.points == 16.5)
        #expect(august.province == nil)
    }

    @Test func badCellsAreReportedWithTheirColumnAndTheRestIsRead() throws {
        let result = try read(Self.csv)
        #expect(result.issues.count == 3)
        #expect(result.issues.map(\.line) == [9, 10, 11])
        #expect(result.issues[0].field == "Kỳ")
        #expect(result.issues[0].message.hasPrefix("bang.csv, bản ghi "))
        #expect(result.issues[0].message.contains("(dòng 9), cột Kỳ: cần kỳ dạng 2024-07"))
        #expect(result.issues[1].field == "Chỉ số")
        #expect(result.issues[1].found == "Chỉ số lạ")
        #expect(result.issues[2].field == "Tỷ lệ %")
        #expect(result.issues[2].found == "abc")
        // Without --province, two province rows are the ranking, neither is the province's own row.
        #expect(result.parts[0].snapshot.province == nil)
        #expect(result.parts[0].snapshot.provinces.count == 2)
    }

    @Test func anXLSXTableWithEnglishHeadersIsRead() throws {
        let rows = [
            ["National figures, exported from the older portal"],
            ["period", "unit_code", "unit", "level", "group", "indicator", "numerator", "denominator", "rate", "points", "rank"],
            ["2024-Q2", "H44", "Tỉnh Mẫu Sơn", "province", "", "total", "", "", "", "84.26", "4"],
            ["2024-Q2", "H44.07", "Sở Tư pháp", "", "CKMB", "", "", "", "88.5", "15.93", ""],
            ["2024-Q2", "H44.07", "Sở Tư pháp", "", "", "e_result", "40", "50", "80", "4.8", ""],
        ]
        let bytes = XLSXFixture.workbook(sheets: [("Sheet1", XLSXFixture.inlineRows(rows))])
        let result = try NationalTableReader.read(NationalInputFile(name: "bang.xlsx", bytes: bytes), fallbackTakenAt: fallback)
        #expect(result.issues.isEmpty)
        let snapshot = try #require(result.parts.first?.snapshot)
        #expect(snapshot.period == .quarter(2024, 2))
        #expect(snapshot.provinceID == "H44")
        #expect(snapshot.province?.publishedTotal == 84.26)
        #expect(snapshot.province?.publishedRank == 4)
        let justice = try #require(snapshot.units.first { $0.portalCode == "H44.07" })
        #expect(justice.groups[.transparency]?.rate == 88.5 && justice.groups[.transparency]?.points == 15.93)
        let eResult = try #require(justice.groups[.digitization]?.metric(.eResult))
        #expect(eResult.numerator == 40 && eResult.denominator == 50 && eResult.rate == 80 && eResult.points == 4.8)
        #expect(snapshot.groupsPresent == [.transparency, .digitization])
    }

    @Test func aTableWithoutTheRequiredColumnsIsRefusedWithTheColumnsItHas() {
        #expect {
            try read("Đơn vị,Điểm\nSở Y tế,80\n")
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.missingColumns.count == 2 && error.foundColumns == ["Đơn vị", "Điểm"]
        }
    }
}
