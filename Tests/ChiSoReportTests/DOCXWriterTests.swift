import ChiSoCore
import Foundation
import Testing

@testable import ChiSoReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct DOCXWriterTests {
    let document = Fixtures.noticeDocument

    @Test func pageSetupFollowsDecree30() {
        let xml = DOCXWriter.documentXML(document)
        #expect(xml.contains(#"<w:pgSz w:w="11906" w:h="16838"/>"#))
        #expect(xml.contains(#"<w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701""#))
        #expect(xml.contains(#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#))
        // The first section ends in a paragraph's sectPr, the last is the body's.
        #expect(xml.occurrences(of: "<w:sectPr>") == 2)
        #expect(xml.hasSuffix("</w:sectPr></w:body></w:document>"))
        #expect(xml.contains("<w:titlePg/>"))
    }

    @Test func timesNewRomanEverywhere() {
        let styles = DOCXWriter.stylesXML(ReportTypography())
        let fonts = #"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>"#
        #expect(styles.contains("<w:rPrDefault><w:rPr>\(fonts)<w:sz w:val=\"28\"/>"))
        #expect(styles.contains(#"w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr>\#(fonts)"#))
        let xml = DOCXWriter.documentXML(document)
        #expect(xml.occurrences(of: "<w:r><w:rPr>") == xml.occurrences(of: "<w:r><w:rPr>\(fonts)"))
        #expect(DOCXWriter.stylesXML(ReportTypography(bodySize: 13)).contains(#"<w:sz w:val="26"/>"#))
    }

    @Test func mergedRepeatedHeaderRows() {
        let xml = DOCXWriter.documentXML(ReportDocument(blocks: [.table(Fixtures.processing)]))
        #expect(xml.occurrences(of: "<w:tblHeader/>") == 3)
        #expect(xml.occurrences(of: #"<w:vMerge w:val="restart"/>"#) == 3)  // STT, Đơn vị, Tổng số
        #expect(xml.occurrences(of: "<w:vMerge/>") == 5)  // STT ×2, Đơn vị ×2, Tổng số ×1
        #expect(xml.contains(#"<w:gridSpan w:val="3"/>"#))
        #expect(xml.contains(#"<w:gridSpan w:val="6"/>"#))
        #expect(xml.occurrences(of: "<w:gridCol ") == 11)
        #expect(xml.contains(#"<w:tblBorders><w:top w:val="single" w:sz="4""#))
        // Body: Vietnamese numbers, bold total row spanning two columns, "-" for null.
        #expect(xml.contains(">67.140</w:t>"))
        #expect(xml.contains(#"<w:gridSpan w:val="2"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>"#))
        #expect(xml.contains(#"<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t xml:space="preserve">Tổng</w:t>"#))
        #expect(xml.contains(#">-</w:t>"#))
        // Every row covers the 11 grid columns.
        let rows = xml.components(separatedBy: "<w:tr>").dropFirst()
        for row in rows {
            let spans = row.components(separatedBy: "<w:tc>").dropFirst().map { cell -> Int in
                guard let range = cell.range(of: #"<w:gridSpan w:val=""#) else { return 1 }
                return Int(cell[range.upperBound...].prefix { $0.isNumber }) ?? 1
            }
            #expect(spans.reduce(0, +) == 11)
        }
    }

    @Test func governmentLayout() {
        let xml = DOCXWriter.documentXML(document)
        for text in [
            "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC", "VĂN PHÒNG", "Số:        /TB-VPUBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc", "Bình Phước, ngày 05 tháng 8 năm 2024", "THÔNG BÁO", "Nơi nhận:",
            "- CT, các PCT UBND tỉnh;", "- Lưu: VT, P. KSTTHC.", "KT. CHÁNH VĂN PHÒNG", "Nguyễn Văn A", "Phụ lục 1",
            "(Kèm theo Thông báo số      /TB-VPUBND ngày 05 tháng 8 năm 2024 của Văn phòng UBND tỉnh)",
        ] {
            #expect(xml.contains(">\(text)</w:t>"), "missing \(text)")
        }
        #expect(xml.contains(#"<w:tblBorders><w:top w:val="nil"/>"#))
        #expect(IssuerSettings.dateText(nil) == "ngày      tháng      năm      ")
        #expect(IssuerSettings.dateText(LocalDate(year: 2024, month: 2, day: 15)) == "ngày 15 tháng 02 năm 2024")
    }

    @Test func officialLetterPutsTheSummaryUnderTheNumber() {
        let letter = GovernmentDocument(
            kind: .officialLetter,
            titleLines: ["công khai kết quả Bộ chỉ số quý II/2024"],
            addressees: ["Lãnh đạo các Sở, ban ngành tỉnh", "Chủ tịch UBND các huyện, thành phố"],
            body: [.paragraph(.body("Nội dung."))]
        )
        var issuer = Fixtures.issuer
        issuer.officeAbbreviation = "VP-HCC"
        issuer.documentNumber = "123"
        let xml = DOCXWriter.documentXML(letter.reportDocument(issuer: issuer))
        #expect(xml.contains(">Số: 123/VP-HCC</w:t>"))
        #expect(xml.contains(">V/v công khai kết quả Bộ chỉ số quý II/2024</w:t>"))
        #expect(xml.contains(">Kính gửi:</w:t>"))
        #expect(xml.contains(">- Chủ tịch UBND các huyện, thành phố.</w:t>"))
    }

    @Test func textIsEscapedAndNormalised() {
        let decomposed = "Vie\u{0302}\u{0323}t & <Nam>"
        let xml = DOCXWriter.documentXML(ReportDocument(blocks: [.text(decomposed + "\nhai")]))
        #expect(xml.contains(">Việt &amp; &lt;Nam&gt;</w:t><w:br/><w:t xml:space=\"preserve\">hai</w:t>"))
    }

    @Test func reproducibleBytes() throws {
        let first = try DOCXWriter.data(document)
        let second = try DOCXWriter.data(Fixtures.notice.reportDocument(issuer: Fixtures.issuer))
        #expect(first == second)
        #expect(first.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    }

    @Test func zipRoundTrip() throws {
        let parts = try OOXMLPackage.unzip(DOCXWriter.data(document))
        #expect(
            parts.map(\.path) == [
                "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                "word/styles.xml", "word/settings.xml", "word/header1.xml", "word/_rels/document.xml.rels",
            ]
        )
        #expect(parts == DOCXWriter.parts(document))
        let contentTypes = try #require(parts.first)
        let overrides = ContentTypes.parse(Data(contentTypes.bytes))
        #expect(overrides["/word/document.xml"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
        #expect(overrides["/word/header1.xml"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml")
        #expect(overrides["/docProps/core.xml"] == "application/vnd.openxmlformats-package.core-properties+xml")
        // Every override names a part of the package, and every XML part parses.
        let paths = Set(parts.map { "/" + $0.path })
        for name in overrides.keys { #expect(paths.contains(name)) }
        for part in parts { #expect(ContentTypes.isWellFormed(Data(part.bytes)), "\(part.path) is not well-formed") }
        let core = String(decoding: parts[2].bytes, as: UTF8.self)
        #expect(core.contains(#"<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>"#))
    }
}

/// A small `[Content_Types].xml` reader built on Foundation's `XMLParser`.
final class ContentTypes: NSObject, XMLParserDelegate {
    private var overrides: [String: String] = [:]

    static func parse(_ data: Data) -> [String: String] {
        let delegate = ContentTypes()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        _ = parser.parse()
        return delegate.overrides
    }

    static func isWellFormed(_ data: Data) -> Bool {
        XMLParser(data: data).parse()
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        if elementName == "Override", let name = attributeDict["PartName"], let type = attributeDict["ContentType"] {
            overrides[name] = type
        }
    }
}

/// Pages a clerk can sign without editing (issue: documents, defect 3): nothing that introduces a table is
/// left at the foot of a page, the signature block never splits, header words never break.
@Suite struct DOCXPaginationTests {
    /// The paragraph (`<w:p>…</w:p>`) whose text is `text`.
    func paragraph(_ xml: String, containing text: String) throws -> String {
        let range = try #require(xml.range(of: ">\(text)</w:t>"))
        let start = try #require(xml[..<range.lowerBound].range(of: "<w:p>", options: .backwards))
        let end = try #require(xml[range.upperBound...].range(of: "</w:p>"))
        return String(xml[start.lowerBound..<end.upperBound])
    }

    @Test func leadInLinesAndHeadingsKeepWithWhatFollows() throws {
        let table = ReportTable(
            columns: [.init(width: 1), .init(width: 3)], headerRows: [["STT", "Đơn vị"]], rows: [ReportRow([.integer(1), .text("A")])])
        let xml = DOCXWriter.documentXML(
            ReportDocument(blocks: [
                .heading(ReportHeading(level: 2, "3. Kết quả")), .text("- Cấp xã:"), .table(table), .text("Câu thường."), .text("Cuối cùng:"),
            ]))
        #expect(try paragraph(xml, containing: "- Cấp xã:").contains("<w:keepNext/>"))
        #expect(try paragraph(xml, containing: "3. Kết quả").contains("<w:keepNext/>"))
        #expect(try !paragraph(xml, containing: "Câu thường.").contains("<w:keepNext/>"))
        // Nothing follows the last line: there is nothing to keep it with.
        #expect(try !paragraph(xml, containing: "Cuối cùng:").contains("<w:keepNext/>"))
    }

    @Test func signatureBlockCannotSplit() throws {
        let xml = DOCXWriter.documentXML(Fixtures.noticeDocument)
        let nơiNhận = try #require(xml.range(of: ">Nơi nhận:</w:t>"))
        let row = try #require(xml[..<nơiNhận.lowerBound].range(of: "<w:tr>", options: .backwards))
        #expect(xml[row.upperBound...].hasPrefix("<w:trPr><w:cantSplit/></w:trPr>"))
    }

    @Test func headerWordsFitTheirColumns() throws {
        // Ten columns with a tiny share for "STT": it is widened to hold the word whole.
        var columns = [ReportTableColumn(width: 0.1)]
        columns += Array(repeating: ReportTableColumn(width: 1), count: 9)
        let headers: [ReportHeaderCell] = ["STT"] + (1...9).map { .init("Kỳ trước chuyển qua \($0)") }
        let table = ReportTable(columns: columns, headerRows: [headers], rows: [])
        let widths = ColumnFitting.widths(table, total: 12000, headerSize: 13, bodySize: 13)
        #expect(widths.reduce(0, +) == 12000)
        #expect(widths[0] >= ColumnFitting.longestWord("STT", size: 13))
        #expect(widths[1] >= ColumnFitting.longestWord("chuyển", size: 13))
        // The table's own shares are kept where the words already fit.
        let roomy = ReportTable(columns: [.init(width: 1), .init(width: 1)], headerRows: [["STT", "Tên"]], rows: [])
        #expect(ColumnFitting.widths(roomy, total: 9000, headerSize: 13, bodySize: 13) == [4500, 4500])
    }

    @Test func subjectLineWrapsAsOneParagraphAndRulesKeepTheirDistance() {
        let letter = GovernmentDocument(
            kind: .officialLetter, titleLines: ["công khai kết quả Bộ chỉ số", "quý II/2024"], addressees: ["Các sở"],
            body: [.paragraph(.body("Nội dung."))])
        let xml = DOCXWriter.documentXML(letter.reportDocument(issuer: Fixtures.issuer))
        #expect(xml.contains(">V/v công khai kết quả Bộ chỉ số quý II/2024</w:t>"))
        #expect(xml.contains(#"<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr><w:spacing w:before="80""#))
    }
}
