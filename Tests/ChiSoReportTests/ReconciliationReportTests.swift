import ChiSoCore
import ChiSoReport
import Foundation
import Testing

/// A province whose one-stop data and portal snapshot differ in known ways, for the reconciliation report.
enum ReconciliationFixture {
    static func at(_ day: Int, _ hour: Int, month: Int = 8) -> Instant {
        Instant(local: LocalDate(year: 2026, month: month, day: day)!, hour: hour)
    }

    static let units: [ChiSoCore.Unit] = [
        .init(code: "P", name: "UBND tỉnh Bình Phước", kind: .province),
        .init(code: "D1", name: "Sở Tư pháp", kind: .department, parentCode: "P"),
        .init(code: "D2", name: "Sở Y tế", kind: .department, parentCode: "P"),
        .init(code: "C1", name: "Xã Tân Lập", kind: .commune, parentCode: "P"),
    ]

    static func dossier(_ code: String, unit: String, online: Bool = false, synced: Bool = true, late: Bool = false) -> Dossier {
        Dossier(
            code: code, procedureCode: "P1", unitCode: unit, channel: online ? .online : .inPerson, receivedAt: at(3, 9),
            dueAt: at(late ? 5 : 13, 17), state: .processed, processedAt: at(6, 10), hasDigitizedComponents: online, synced: synced)
    }

    static let dossiers: [Dossier] = [
        dossier("D1-260803-0001", unit: "D1", online: true), dossier("D1-260803-0002", unit: "D1", online: true),
        dossier("D1-260803-0003", unit: "D1"), dossier("D1-260803-0004", unit: "D1", synced: false),
        dossier("D2-260803-0001", unit: "D2", online: true), dossier("D2-260803-0002", unit: "D2", late: true),
    ]

    static func row(
        _ id: String, _ name: String, level: String, received: Double, onTime: Double, overdue: Double, points: [NationalGroup: Double],
        province: Bool = false
    ) -> NationalUnitFigures {
        var groups: [NationalGroup: NationalGroupFigures] = [:]
        for (group, value) in points { groups[group] = NationalGroupFigures(points: value, maxPoints: group.maxPoints) }
        groups[.timeliness] = NationalGroupFigures(
            points: points[.timeliness], maxPoints: 20, rate: received == 0 ? nil : onTime * 100 / received,
            counts: ["totalReceived": received, "totalOnTime": onTime, "totalOverdue": overdue])
        groups[.onlineService] = NationalGroupFigures(
            points: points[.onlineService], maxPoints: 12, counts: ["channelOnlineSum": 2, "channelTotalSum": received])
        return NationalUnitFigures(portalID: id, name: name, level: level, isProvince: province, groups: groups)
    }

    static let allGroups: [NationalGroup: Double] = [
        .transparency: 15, .timeliness: 20, .onlineService: 10, .onlinePayment: 8, .digitization: 18, .satisfaction: 17,
    ]

    static let snapshot = NationalSnapshot(
        period: .month(2026, 8), takenAt: at(5, 8, month: 9), origin: .portalAPI, provinceID: "bp", groupsPresent: Set(NationalGroup.allCases),
        units: [
            row("bp", "Tỉnh Bình Phước", level: "PROVINCE", received: 5, onTime: 5, overdue: 0, points: allGroups, province: true),
            row("p1", "Sở Tư pháp - tỉnh Bình Phước", level: "PROVINCE", received: 3, onTime: 3, overdue: 0, points: allGroups),
            row("p2", "Sở Y tế - tỉnh Bình Phước", level: "PROVINCE", received: 2, onTime: 2, overdue: 0, points: allGroups),
            row("c1", "UBND xã Tân Lập", level: "COMMUNE", received: 0, onTime: 0, overdue: 0, points: [.transparency: 12]),
        ],
        provinces: [
            NationalProvinceResult(portalID: "hn", name: "Hà Nội", total: 90.5),
            NationalProvinceResult(portalID: "bp", name: "Bình Phước", total: 88),
            NationalProvinceResult(portalID: "hcm", name: "Hồ Chí Minh", total: 80),
            NationalProvinceResult(portalID: "cb", name: "Cao Bằng", total: nil),
        ])

    static func reconciliation() throws -> Reconciliation {
        let catalogue = try Catalogue(
            units: units, procedures: [Procedure(code: "P1", name: "Thủ tục thử", resultDocumentRequired: false, unitKinds: [.department])])
        let calendar = try WorkCalendar(years: [2026: .init(daysOff: [], makeUpWorkingDays: [])])
        return Reconciliation(
            snapshot: snapshot, catalogue: catalogue, dossiers: dossiers, methodology: DocumentFixtures.methodology, calendar: calendar)
    }
}

@Suite("The reconciliation report")
struct ReconciliationReportTests {
    @Test("The report quotes the portal's standing, compares each unit and lists the dossiers behind the differences")
    func composition() throws {
        let r = try ReconciliationFixture.reconciliation()
        let document = ReconciliationReport.document(r, options: DocumentFixtures.options)
        let texts = DocumentFixtures.paragraphs(document.body).joined(separator: "\n")
        #expect(texts.contains("tỉnh Bình Phước đạt 88/100 điểm, xếp thứ 02/4 cả nước"))
        #expect(texts.contains("Nguồn: Cổng Dịch vụ công quốc gia, số liệu trích xuất lúc 08 giờ 00 phút ngày 05/09/2026"))
        #expect(texts.contains("Hệ thống thông tin giải quyết TTHC tỉnh"))
        #expect(!texts.contains("ChiSo"))
        #expect(texts.contains("* Trong kỳ, Xã Tân Lập không phát sinh hồ sơ TTHC."))
        // Sở Tư pháp: the province system holds more dossiers than the portal counts; no unit is the other way round.
        #expect(texts.contains("- Hồ sơ chưa đồng bộ lên Cổng Dịch vụ công quốc gia: 1 hồ sơ tại 1 đơn vị (Sở Tư pháp)."))
        #expect(!texts.contains("ghi nhận nhiều hồ sơ hơn"))

        let processing = try #require(document.tables.first { $0.sheetName == "Tiến độ - Cấp sở" })
        let rows = DocumentFixtures.texts(processing)
        #expect(rows[0] == ["1", "Sở Tư pháp", "100,00", "0", "4", "4", "0", "100,00", "-"])
        #expect(rows[1] == ["2", "Sở Y tế", "100,00", "0", "2", "1", "1", "50,00", "-50"])

        let service = try #require(document.tables.first { $0.sheetName == "Trực tuyến - Cấp sở" })
        #expect(DocumentFixtures.texts(service)[0][2...4] == ["66,67", "2/2", "50,00"])

        let classification = try #require(document.tables.first { $0.sheetName == "Xếp loại - Cấp xã" })
        #expect(DocumentFixtures.texts(classification)[0][1] == "Xã Tân Lập")
        #expect(DocumentFixtures.texts(classification)[0][9] == "-")

        let appendix = try #require(document.appendices.first)
        let listed = DocumentFixtures.texts(appendix.blocks.flatMap(\.tables)[0])
        #expect(
            listed == [
                ["1", "Sở Tư pháp", "Hồ sơ chưa đồng bộ lên Cổng Dịch vụ công quốc gia", "D1-260803-0004"],
                ["2", "Sở Y tế", "Hồ sơ quá hạn chỉ được tính ở một bên", "D2-260803-0002"],
            ])
    }
}

@Suite("The monthly notice from a snapshot")
struct NationalRankingFromSnapshotTests {
    @Test("The notice quotes the portal's ranking among every province the answer lists, with its source and time of export")
    func noticeFromSnapshot() throws {
        let standing = try #require(try ReconciliationFixture.reconciliation().standing)
        let ranking = NationalRanking(standing: standing)
        #expect(ranking.provinceCount == 4)
        #expect(ranking.ranked.map(\.province) == ["Hà Nội", "Bình Phước", "Hồ Chí Minh"])
        var options = DocumentFixtures.options
        options.national = ranking
        let notice = MonthlyNotice.document(scoreboard: DocumentFixtures.province(), options: options)
        let texts = DocumentFixtures.paragraphs(notice.body)
        #expect(texts.contains { $0.contains("tỉnh Bình Phước đạt 88/100 điểm, xếp thứ 02/4 cả nước") })
        #expect(texts.contains("(Nguồn: Cổng Dịch vụ công quốc gia, số liệu trích xuất lúc 08 giờ 00 phút ngày 05/09/2026)"))
    }
}

@Suite(.enabled(if: PythonReaders.enabled, "python3 with python-docx and openpyxl is not available"))
struct ReconciliationReportReaderTests {
    func files() throws -> (directory: URL, docx: URL, xlsx: URL) {
        let r = try ReconciliationFixture.reconciliation()
        let document = ReconciliationReport.document(r, options: DocumentFixtures.options)
        let directory = try ExternalProcess.temporaryDirectory()
        let docx = directory.appendingPathComponent("doi-chieu.docx")
        let xlsx = directory.appendingPathComponent("doi-chieu.xlsx")
        try Data(DOCXWriter.data(document.reportDocument(issuer: DocumentFixtures.issuer))).write(to: docx)
        try Data(OfficialDocuments.workbook(document, title: "Đối chiếu")).write(to: xlsx)
        return (directory, docx, xlsx)
    }

    @Test func pythonDocxReadsTheReconciliation() throws {
        let (directory, docx, _) = try files()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try PythonReaders.read(script: PythonReaders.docxScript, file: docx)
        #expect(json["runFonts"] as? [String] == ["Times New Roman"])
        let paragraphs = try #require(json["paragraphs"] as? [String])
        #expect(paragraphs.contains("BÁO CÁO"))
        #expect(paragraphs.contains("Phụ lục 1"))
        #expect(paragraphs.contains { $0.contains("xếp thứ 02/4 cả nước") })
        let tables = try #require(json["tables"] as? [[String: Any]])
        let all = tables.compactMap { $0["rows"] as? [[String]] }
        let groups = try #require(all.first { $0.first?.first == "STT" && $0.first?[1] == "Nhóm chỉ số (điểm tối đa)" })
        #expect(groups[1] == ["1", "Công khai, minh bạch (18)", "15,00", groups[1][3], groups[1][4]])
        #expect(groups.last?[2] == "88,00")
        let appendix = try #require(all.first { $0.first == ["STT", "Đơn vị", "Nguyên nhân chênh lệch", "Mã hồ sơ"] })
        #expect(appendix[1][3] == "D1-260803-0004")
        #expect(appendix[2][3] == "D2-260803-0002")
    }

    @Test func openpyxlReadsTheReconciliation() throws {
        let (directory, _, xlsx) = try files()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try PythonReaders.read(script: PythonReaders.xlsxScript, file: xlsx)
        let sheets = try #require(json["sheets"] as? [[String: Any]])
        let names = sheets.compactMap { $0["name"] as? String }
        #expect(names.contains("Điểm theo nhóm"))
        #expect(names.contains("Hồ sơ chênh lệch"))
        let processing = try #require(sheets.first { $0["name"] as? String == "Tiến độ - Cấp sở" })
        let cells = try #require(processing["cells"] as? [String: [String: Any]])
        // Title row, two header rows, then the units.
        #expect(cells["B4"]?["value"] as? String == "Sở Tư pháp")
        #expect(cells["E4"]?["value"] as? Int == 4)
        #expect(cells["B5"]?["value"] as? String == "Sở Y tế")
        #expect(cells["G5"]?["value"] as? Int == 1)
        #expect(cells["H5"]?["value"] as? Double == 50)
    }
}
