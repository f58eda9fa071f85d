import ChiSoCore
import ChiSoReport
import Foundation
import Testing

/// The documents as Word and Excel read them: python-docx and openpyxl open the produced files.
@Suite(.enabled(if: PythonReaders.enabled, "python3 with python-docx and openpyxl is not available"))
struct DocumentReaderTests {
    static func read(_ bytes: [UInt8], name: String, script: String) throws -> [String: Any] {
        let directory = try ExternalProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return try PythonReaders.read(script: script, file: file)
    }

    static func checkPageSetup(_ json: [String: Any], landscapeSections: Int) throws {
        #expect(json["normalFont"] as? String == "Times New Roman")
        #expect(json["normalSize"] as? Double == 14)
        #expect(json["runFonts"] as? [String] == ["Times New Roman"])
        let sections = try #require(json["sections"] as? [[String: Any]])
        #expect(sections.count == 1 + landscapeSections)
        for (index, section) in sections.enumerated() {
            let landscape = index > 0
            #expect(section["orientation"] as? String == (landscape ? "landscape" : "portrait"))
            #expect(abs((section["width"] as? Double ?? 0) - (landscape ? 297 : 210)) < 0.1)
            #expect(abs((section["height"] as? Double ?? 0) - (landscape ? 210 : 297)) < 0.1)
            #expect(abs((section["left"] as? Double ?? 0) - 30) < 0.1)
            #expect(abs((section["right"] as? Double ?? 0) - 15) < 0.1)
            #expect(abs((section["top"] as? Double ?? 0) - 20) < 0.1)
        }
    }

    @Test func monthlyNoticeInWord() throws {
        let doc = MonthlyNotice.document(scoreboard: DocumentFixtures.province(), options: DocumentFixtures.options)
        let json = try Self.read(
            DOCXWriter.data(doc.reportDocument(issuer: DocumentFixtures.issuer)), name: "thong-bao-thang.docx",
            script: PythonReaders.docxScript)
        try Self.checkPageSetup(json, landscapeSections: 0)
        let paragraphs = try #require(json["paragraphs"] as? [String])
        #expect(paragraphs.contains("THÔNG BÁO"))
        #expect(paragraphs.contains("cung cấp dịch vụ công tháng 7/2024"))
        #expect(paragraphs.contains("* Trong kỳ, Ban Dân tộc, Sở Nội vụ không phát sinh hồ sơ TTHC có phí, lệ phí."))
        let tables = try #require(json["tables"] as? [[String: Any]])
        let processing = try #require(tables.filter { (($0["rows"] as? [[String]])?.first ?? []).contains("Số hồ sơ nhận giải quyết") })
        try #require(processing.count == 2)
        #expect(
            processing[0]["spans"] as? [[Int]] == [
                [1, 1, 3, 6], [1, 1, 1, 2, 3, 3], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1] + Array(repeating: 1, count: 10),
            ])
        #expect(processing[0]["verticallyMerged"] as? Bool == true)
        let rows = try #require(processing[0]["rows"] as? [[String]])
        #expect(rows[3] == ["1", "UBND tỉnh Bình Phước", "800", "80", "720", "550", "536", "14", "250", "248", "2"])
        #expect((processing[0]["repeated"] as? [Bool])?.prefix(3).allSatisfy { $0 } == true)
        let overdue = try #require(processing[1]["rows"] as? [[String]])
        #expect(overdue.dropFirst(3).map { $0[1] } == ["Sở Xây dựng", "UBND huyện Lộc Ninh", "Tổng các đơn vị trên"])
        #expect(processing[1]["sizes"] as? [Double] == [12])
    }

    @Test func seedTargetsAppendixInWordAndExcel() throws {
        let rows = try SeedTargetsGoldenTests.rows(SeedTargetsFixture.appendix1Table1, SeedTargetsFixture.appendix1Table2)
        let tables = TargetsReport.tables(rows: rows, places: 0, level: "Cấp tỉnh")
        let doc = GovernmentDocument(
            kind: .report, titleLines: ["Kết quả thực hiện 07 chỉ tiêu"], body: [.text("Nội dung.")],
            appendices: [Appendix(title: "CẤP TỈNH: 07 chỉ tiêu", tables: tables)])
        let json = try Self.read(
            DOCXWriter.data(doc.reportDocument(issuer: DocumentFixtures.issuer)), name: "bao-cao-chi-tieu.docx",
            script: PythonReaders.docxScript)
        try Self.checkPageSetup(json, landscapeSections: 1)
        let docTables = try #require(json["tables"] as? [[String: Any]])
        let first = try #require(docTables.first { (($0["rows"] as? [[String]])?.first ?? []).contains("Hồ sơ trực tuyến") })
        let cells = try #require(first["rows"] as? [[String]])
        #expect(cells.count == 2 + 18)
        #expect(cells[1].count == 18)
        // Sở Giao thông vận tải: 13/14 online services (93%), 1.414/2.527 dossiers paid online (56%).
        #expect(
            cells[6] == [
                "5", "Sở Giao thông vận tải", "3.096", "100%", "14", "13", "93%", "60%", "3.082", "100%", "100%", "2", "2",
                "100%", "55%", "2.527", "1.414", "56%",
            ])
        // Sở Ngoại vụ: no fee-bearing procedure or dossier: "-", never 0%.
        #expect(cells[10].suffix(8) == ["100%", "0", "0", "-", "0%", "0", "0", "-"])
        #expect(first["fonts"] as? [String] == ["Times New Roman"])
        #expect(first["sizes"] as? [Double] == [11])

        let workbook = try Self.read(XLSXWriter.data(tables: doc.tables), name: "bao-cao-chi-tieu.xlsx", script: PythonReaders.xlsxScript)
        let sheets = try #require(workbook["sheets"] as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == ["Cấp tỉnh bảng 1", "Cấp tỉnh bảng 2"])
        let sheet = try #require(sheets.first?["cells"] as? [String: [String: Any]])
        let merged = try #require(sheets.first?["merged"] as? [String])
        #expect(merged.contains("D1:G1") && merged.contains("A1:A2") && merged.contains("O1:R1"))
        // Row 7 of the sheet is TT 5 (two header rows): counts are integers, rates fractions with a percent format.
        #expect(sheet["C7"]?["value"] as? Int == 3096)
        #expect(sheet["P7"]?["value"] as? Int == 2527)
        // The exact rate, shown rounded by the cell's format (issue: documents, defect 8).
        #expect(abs((sheet["R7"]?["value"] as? Double ?? 0) - 1414.0 / 2527.0) < 1e-12)
        #expect((sheet["R7"]?["format"] as? String)?.hasSuffix("%") == true)
        #expect(sheet["N11"]?["value"] as? String == "-")
        #expect(sheet["R11"]?["value"] as? String == "-")
        #expect(sheet["B7"]?["font"] as? String == "Times New Roman")
    }
}
