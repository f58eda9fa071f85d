import ChiSoReport
import Foundation
import Testing

@Suite struct XLSXWriterTests {
    @Test func numbersAreStoredAsNumbersAndNullAsDash() {
        let xml = XLSXWriter.sheetXML(Fixtures.ranking)
        // Row 2 is the first body row (no title, one header row).
        #expect(xml.contains(#"<c r="A2" s=""#))
        #expect(xml.contains("><v>0.6467</v></c>"))
        #expect(xml.contains("><v>85.05</v></c>"))
        #expect(xml.contains("><v>0.9107</v></c>"))
        #expect(xml.contains(#"<c r="C4" s="\#(styleIndex(xml, "C4"))" t="inlineStr"><is><t xml:space="preserve">-</t></is></c>"#))
        #expect(xml.contains(#"<c r="D4" s="\#(styleIndex(xml, "D4"))" t="inlineStr"><is><t xml:space="preserve">-</t></is></c>"#))
        #expect(!xml.contains("<v>0</v>"))
        // The percent cell uses a 0.00% format, the decimal cell 0.00.
        let styles = XLSXWriter.stylesXML
        let xfs = cellFormats(styles)
        #expect(xfs[styleIndex(xml, "C2")].contains(#"numFmtId="10""#))
        #expect(xfs[styleIndex(xml, "D2")].contains(#"numFmtId="2""#))
        #expect(xfs[styleIndex(xml, "A2")].contains(#"numFmtId="3""#))
    }

    @Test func mergedHeadersAndFrozenPanes() {
        let xml = XLSXWriter.sheetXML(Fixtures.processing)
        // Title in row 1 merged across the table; header rows 2…4.
        for range in ["A1:K1", "A2:A4", "B2:B4", "C2:E2", "F2:K2", "C3:C4", "D3:E3", "F3:H3", "I3:K3", "A5:B5"] {
            #expect(xml.contains(#"<mergeCell ref="\#(range)"/>"#), "missing merge \(range)")
        }
        #expect(xml.contains(#"<mergeCells count="10">"#))
        #expect(xml.contains(#"<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>"#))
        #expect(xml.contains(#"<col min="2" max="2" width=""#))
        #expect(xml.contains(#"<c r="C5" s=""#) && xml.contains("><v>67140</v></c>"))
        let workbook = XLSXWriter.workbookXML(tables: [Fixtures.processing])
        #expect(workbook.contains(#"<sheet name="Giải quyết TTHC" sheetId="1" r:id="rId1"/>"#))
        #expect(workbook.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'Giải quyết TTHC'!$2:$4</definedName>"#))
    }

    @Test func styleSheetDeclaresTheNumberFormats() {
        let styles = XLSXWriter.stylesXML
        #expect(styles.contains(#"<numFmt numFmtId="164" formatCode="0.0"/>"#))
        #expect(styles.contains(#"<numFmt numFmtId="170" formatCode="0.0%"/>"#))
        #expect(styles.contains(#"<name val="Times New Roman"/>"#))
        let xfs = cellFormats(styles)
        #expect(styles.contains(#"<cellXfs count="\#(xfs.count)">"#))
        #expect(xfs[2].contains(#"fontId="1""#) && xfs[2].contains(#"borderId="1""#) && xfs[2].contains(#"wrapText="1""#))
        #expect(ContentTypes.isWellFormed(Data(styles.utf8)))
    }

    @Test(arguments: [
        ("Xếp hạng: sở/ngành [tháng 7]?", "Xếp hạng sở ngành tháng 7"),
        ("'Bảng'", "Bảng"),
        ("", "Bảng"),
        ("History", "Bảng"),
        ("Tổng hợp kết quả giải quyết thủ tục hành chính theo đơn vị", "Tổng hợp kết quả giải quyết thủ"),
    ])
    func sheetNamesAreSanitised(name: String, expected: String) {
        let sanitised = XLSXWriter.sanitizedSheetName(name)
        #expect(sanitised == expected)
        #expect(sanitised.utf16.count <= 31)
    }

    @Test func sheetNamesAreUnique() {
        var table = Fixtures.ranking
        table.sheetName = "Tổng hợp kết quả giải quyết thủ tục hành chính"
        var other = table
        other.sheetName = "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT THỦ TỤC"
        var untitled = table
        untitled.sheetName = nil
        let names = XLSXWriter.sheetNames(for: [table, other, table, untitled])
        #expect(names == ["Tổng hợp kết quả giải quyết thủ", "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT (2)", "Tổng hợp kết quả giải quyết (3)", "Bảng 4"])
        #expect(Set(names.map { $0.lowercased() }).count == 4)
    }

    @Test func columnNames() {
        #expect(XLSXWriter.columnName(1) == "A")
        #expect(XLSXWriter.columnName(26) == "Z")
        #expect(XLSXWriter.columnName(27) == "AA")
        #expect(XLSXWriter.cellReference(row: 3, column: 703) == "AAA3")
    }

    @Test func reproducibleZipRoundTrip() throws {
        let tables = [Fixtures.processing, Fixtures.ranking]
        let bytes = try XLSXWriter.data(tables: tables)
        #expect(bytes == (try XLSXWriter.data(tables: tables)))
        let parts = try OOXMLPackage.unzip(bytes)
        #expect(
            parts.map(\.path) == [
                "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
            ]
        )
        let overrides = ContentTypes.parse(Data(parts[0].bytes))
        #expect(overrides["/xl/worksheets/sheet2.xml"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
        #expect(overrides["/xl/workbook.xml"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        for part in parts { #expect(ContentTypes.isWellFormed(Data(part.bytes)), "\(part.path) is not well-formed") }
    }

    private func styleIndex(_ xml: String, _ reference: String) -> Int {
        guard let range = xml.range(of: #"<c r="\#(reference)" s=""#) else { return -1 }
        return Int(xml[range.upperBound...].prefix { $0.isNumber }) ?? -1
    }

    private func cellFormats(_ styles: String) -> [String] {
        guard let start = styles.range(of: "<cellXfs"), let end = styles.range(of: "</cellXfs>") else { return [] }
        return styles[start.upperBound..<end.lowerBound].components(separatedBy: "<xf ").dropFirst().map { String($0) }
    }
}
