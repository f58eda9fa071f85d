import ChiSoCore
import ChiSoIngest
import Foundation
import Testing

@Suite struct XLSXReaderTests {
    @Test func sharedInlineRichStringsBooleansNumbersAndFormulas() throws {
        let strings = ["Mã hồ sơ", "Trạng thái", "<r><rPr><b/></rPr><t>Đã trả </t></r><r><t>kết quả</t></r><rPh><t>ふりがな</t></rPh>", "A &amp; B"]
        let data = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Số</t></is></c><c r="D1" t="inlineStr"><is><t>Cờ</t></is></c><c r="E1" t="inlineStr"><is><t>Công thức</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><r><t>H15</t></r><r><t xml:space="preserve">-001</t></r></is></c><c r="B2" t="s"><v>2</v></c><c r="C2"><v>50000</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="str"><f>A2&amp;"x"</f><v>H15-001x</v></c></row>
            <row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3"><f>C2*2</f><v>100000</v></c><c r="D3" t="b"><v>0</v></c></row>
            """
        let (header, rows) = try XLSXFixture.rows(XLSXFixture.workbook(sheets: [("Hồ sơ", data)], sharedStrings: strings))
        #expect(header == ["Mã hồ sơ", "Trạng thái", "Số", "Cờ", "Công thức"])
        #expect(
            rows.map { $0.record?.fields } == [
                ["H15-001", "Đã trả kết quả", "50000", "TRUE", "H15-001x"],
                ["A & B", "#N/A", "100000", "FALSE"],
            ])
        #expect(rows.map { $0.record?.position.line } == [2, 3])
        #expect(rows.map { $0.record?.position.recordNumber } == [1, 2])
    }

    @Test func sparseCellsAndRowGapsAreFilled() throws {
        let data = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row>
            <row r="5"><c r="C5"><v>3</v></c></row>
            <row r="6" spans="1:4"><c r="A6"><v>1</v></c><c r="D6"><v>4</v></c></row>
            <row r="7"><c r="B7"/><c r="C7" t="inlineStr"><is><t></t></is></c></row>
            <row><c><v>9</v></c><c><v>10</v></c></row>
            """
        let (_, rows) = try XLSXFixture.rows(XLSXFixture.workbook(sheets: [("S", data)]))
        #expect(rows.map { $0.record?.fields } == [["", "", "3"], ["1", "", "", "4"], ["9", "10"]])
        #expect(rows.map { $0.record?.position.line } == [5, 6, 8])
    }

    @Test func serialDatesIn1900And1904AndTextDates() throws {
        // 45356.3541666667 is 2024-03-05 08:30:00 in the 1900 system; 43894.3541666667 the same day in 1904.
        let data1900 = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>
            <row r="2"><c r="A2" s="1"><v>45356.3541666667</v></c><c r="B2" s="2"><v>45356</v></c><c r="C2"><v>45356</v></c><c r="D2" t="inlineStr"><is><t>05/03/2024 08:30:00</t></is></c><c r="E2" s="3"><v>0.5</v></c><c r="F2" s="4"><v>60.5</v></c></row>
            <row r="3"><c r="A3" s="2"><v>61</v></c><c r="B3" t="d"><v>2024-03-05T08:30:00Z</v></c></row>
            """
        let book = XLSXFixture.workbook(
            sheets: [("S", data1900)], cellXfs: [164, 14, 4, 165],
            numFmts: [164: "dd/mm/yyyy\\ hh:mm:ss", 165: "[Red]\"ngày\"\\ #,##0"])
        let (_, rows) = try XLSXFixture.rows(book)
        try #require(rows.count >= 2)
        #expect(rows[0].record?.fields == ["2024-03-05 08:30:00", "2024-03-05", "45356", "05/03/2024 08:30:00", "0.5", "60.5"])
        #expect(rows[1].record?.fields == ["1900-03-01", "2024-03-05 08:30:00"])

        let data1904 = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>
            <row r="2"><c r="A2" s="1"><v>43894.3541666667</v></c></row>
            """
        var reader = try XLSXReader(
            bytes: XLSXFixture.workbook(sheets: [("S", data1904)], cellXfs: [22], date1904: true), fileName: "b.xlsx")
        #expect(reader.usesDate1904)
        _ = try reader.header()
        #expect(try reader.next()?.record?.fields == ["2024-03-05 08:30:00"])
    }

    @Test func namedSheetAndHeaderBelowTitleRows() throws {
        let other = XLSXFixture.inlineRows([["x"], ["1"]])
        let data = XLSXFixture.inlineRows([["UBND TỈNH X"], [], ["Mã hồ sơ", "Trạng thái"], ["H-1", "4"]])
        let book = XLSXFixture.workbook(sheets: [("Tổng hợp", other), ("Hồ sơ", data)])
        var reader = try XLSXReader(bytes: book, fileName: "b.xlsx", sheet: "Hồ sơ")
        #expect(reader.sheetNames == ["Tổng hợp", "Hồ sơ"])
        let header = try reader.header(searchLimit: 20) { $0.contains("Mã hồ sơ") }
        #expect(header == ["Mã hồ sơ", "Trạng thái"])
        let row = try #require(try reader.next()?.record)
        #expect(row.fields == ["H-1", "4"])
        #expect(row.position.line == 4)
        #expect(try reader.next() == nil)
    }

    @Test func wrongFilesGivePreciseErrors() throws {
        #expect(throws: IngestError.notZIP(file: "a.xlsx")) { try XLSXReader(bytes: Array("Mã hồ sơ,Trạng thái\n".utf8), fileName: "a.xlsx") }
        let notWorkbook = XLSXFixture.zip([("word/document.xml", Array("<w:document/>".utf8))])
        #expect(throws: IngestError.notXLSX(file: "a.xlsx", missingPart: "xl/workbook.xml")) {
            try XLSXReader(bytes: notWorkbook, fileName: "a.xlsx")
        }
        let book = XLSXFixture.workbook(sheets: [("Hồ sơ", XLSXFixture.inlineRows([["a"]]))])
        #expect(throws: IngestError.missingSheet(file: "a.xlsx", sheet: "Tháng 3", available: ["Hồ sơ"])) {
            try XLSXReader(bytes: book, fileName: "a.xlsx", sheet: "Tháng 3")
        }
        #expect(IngestError.missingSheet(file: "a.xlsx", sheet: "Tháng 3", available: ["Hồ sơ"]).message.contains("Tháng 3"))
        #expect(throws: IngestError.self) { try XLSXReader(path: "/nonexistent/hoso.xlsx") }
    }

    @Test func truncatedWorkbooksFailCleanly() throws {
        let book = XLSXFixture.workbook(sheets: [("S", XLSXFixture.inlineRows((0..<200).map { ["H-\($0)", "x"] }))])
        for cut in [10, book.count / 3, book.count / 2, book.count - 30] {
            #expect(throws: IngestError.self) {
                var reader = try XLSXReader(bytes: Array(book[..<cut]), fileName: "cut.xlsx")
                while try reader.next() != nil {}
            }
        }
    }

    @Test func sheetCutInsideARowStreamsTheRowsBeforeIt() throws {
        // A sheet part whose XML ends in the middle of row 4: rows 2 and 3 come out before the error.
        let sheet = """
            <?xml version="1.0"?><worksheet xmlns="\(XLSXFixture.mainNS)"><sheetData>\(XLSXFixture.inlineRows([["a"], ["1"], ["2"]]))<row r="4"><c r="A4" t="inlineStr"><is><t>3
            """
        var book = XLSXFixture.workbook(sheets: [("S", "")])
        // Replace the sheet by rebuilding the archive with the cut part.
        book = XLSXFixture.zip(
            try unzipStored(book).map { entry in entry.path == "xl/worksheets/sheet1.xml" ? (entry.path, Array(sheet.utf8)) : entry })
        var reader = try XLSXReader(bytes: book, fileName: "cut.xlsx")
        #expect(try reader.header() == ["a"])
        #expect(try reader.next()?.record?.fields == ["1"])
        #expect(try reader.next()?.record?.fields == ["2"])
        #expect(throws: IngestError.self) { try reader.next() }
    }

    @Test func hugeCellsAndInvalidUTF8AreIssuesAndReadingGoesOn() throws {
        let big = String(repeating: "Hồ sơ ", count: 40_000)
        var sheet = Array("<row r=\"1\"><c t=\"inlineStr\"><is><t>h</t></is></c></row>".utf8)
        sheet += Array("<row r=\"2\"><c t=\"inlineStr\"><is><t>\(big)</t></is></c></row>".utf8)
        sheet += Array("<row r=\"3\"><c t=\"inlineStr\"><is><t>ok</t></is></c></row>".utf8)
        sheet += Array("<row r=\"4\"><c t=\"inlineStr\"><is><t>".utf8) + [0x43, 0xF4, 0x6E, 0x67] + Array("</t></is></c></row>".utf8)
        sheet += Array("<row r=\"5\"><c t=\"s\"><v>7</v></c></row>".utf8)
        sheet += Array("<row r=\"6\"><c t=\"inlineStr\"><is><t>end</t></is></c></row>".utf8)
        let book = XLSXFixture.zip(
            try unzipStored(XLSXFixture.workbook(sheets: [("S", "")])).map { entry in
                entry.path == "xl/worksheets/sheet1.xml"
                    ? (entry.path, Array("<worksheet><sheetData>".utf8) + sheet + Array("</sheetData></worksheet>".utf8)) : entry
            })
        // Under the limit, the big cell is read whole.
        let whole = try XLSXFixture.rows(book)
        try #require(!whole.rows.isEmpty)
        #expect(whole.rows[0].record?.fields == [big])
        // Over the limit, it is an issue for its row only.
        let limited = try XLSXFixture.rows(book, maxCellBytes: 4096)
        #expect(limited.rows.count == 5)
        try #require(limited.rows.count >= 5)
        #expect(limited.rows[0].issue?.kind == .recordTooLarge)
        #expect(limited.rows[0].issue?.line == 2)
        #expect(limited.rows[1].record?.fields == ["ok"])
        #expect(limited.rows[2].issue?.kind == .invalidUTF8)
        #expect(limited.rows[2].issue?.line == 4)
        #expect(limited.rows[3].issue?.kind == .invalidValue)
        #expect(limited.rows[3].issue?.message.contains("cột A") == true)
        #expect(limited.rows[4].record?.fields == ["end"])
    }

    @Test(.timeLimit(.minutes(2))) func fiftyThousandRowsStream() throws {
        var data = ""
        data.reserveCapacity(5_000_000)
        data += "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
        for n in 2...50_001 {
            data +=
                "<row r=\"\(n)\"><c r=\"A\(n)\" t=\"inlineStr\"><is><t>H15-240305-\(n)</t></is></c><c r=\"B\(n)\" s=\"1\"><v>\(45_000 + n % 700)</v></c><c r=\"C\(n)\" t=\"s\"><v>\(3 + n % 2)</v></c></row>"
        }
        let book = XLSXFixture.workbook(
            sheets: [("S", data)], sharedStrings: ["Mã hồ sơ", "Ngày tiếp nhận", "Trạng thái", "Đang xử lý", "Đã trả kết quả"],
            cellXfs: [14])
        var reader = try XLSXReader(bytes: book, fileName: "big.xlsx")
        #expect(try reader.header() == ["Mã hồ sơ", "Ngày tiếp nhận", "Trạng thái"])
        var count = 0
        var last: CSVRow?
        while let result = try reader.next() {
            let row = try #require(result.record)
            if count == 0 { #expect(row.fields == ["H15-240305-2", "2023-03-17", "Đang xử lý"]) }
            count += 1
            last = row
        }
        #expect(count == 50_000)
        #expect(last?.position.line == 50_001)
        #expect(last?.position.recordNumber == 50_000)
    }

    @Test func dateFormatDetection() {
        // Through the reader: a style per format code, serial 45356 (2024-03-05).
        let codes = ["yyyy-mm-dd", "d/m/yy h:mm", "[$-409]mmmm d, yyyy", "#,##0", "0.00%", "\"ngày\" #,##0", "[h]:mm:ss", "General", "mm:ss"]
        let expected = [true, true, true, false, false, false, false, false, true]
        for (code, isDate) in zip(codes, expected) {
            let book = XLSXFixture.workbook(
                sheets: [("S", "<row r=\"1\"><c t=\"inlineStr\"><is><t>h</t></is></c></row><row r=\"2\"><c s=\"1\"><v>45356</v></c></row>")],
                cellXfs: [170], numFmts: [170: code.replacing("\"", with: "&quot;")])
            let value = (try? XLSXFixture.rows(book))?.rows.first?.record?.fields.first
            #expect((value == "2024-03-05") == isDate, "\(code): \(value ?? "nil")")
        }
    }

    @Suite(.enabled(if: OpenPyXL.enabled, "python3 with openpyxl is not available"))
    struct WrittenByOpenPyXL {
        @Test func openpyxlWorkbookReadsAsWritten() throws {
            let directory = try XLSXFixture.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            for date1904 in [false, true] {
                let path = try OpenPyXL.write(
                    """
                    import sys, datetime, openpyxl
                    wb = openpyxl.Workbook()
                    wb.epoch = openpyxl.utils.datetime.\(date1904 ? "CALENDAR_MAC_1904" : "CALENDAR_WINDOWS_1900")
                    ws = wb.active
                    ws.title = "Hồ sơ"
                    ws.append(["Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Phí", "Số hóa", "Ghi chú"])
                    ws.append(["H15-001", datetime.datetime(2024, 3, 5, 8, 30), datetime.date(2024, 3, 12), 50000, True, "05/03/2024"])
                    ws.append(["H15-002", datetime.datetime(2024, 1, 1, 0, 0, 59), None, 0.5, False, None])
                    ws.cell(row=5, column=3, value="sparse")
                    wb.save(sys.argv[1])
                    """, in: directory, name: "book\(date1904).xlsx")
                var reader = try XLSXReader(path: path)
                #expect(reader.usesDate1904 == date1904)
                #expect(reader.sheetName == "Hồ sơ")
                #expect(try reader.header() == ["Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Phí", "Số hóa", "Ghi chú"])
                #expect(try reader.next()?.record?.fields == ["H15-001", "2024-03-05 08:30:00", "2024-03-12", "50000", "TRUE", "05/03/2024"])
                #expect(try reader.next()?.record?.fields == ["H15-002", "2024-01-01 00:00:59", "", "0.5", "FALSE"])
                let sparse = try #require(try reader.next()?.record)
                #expect(sparse.fields == ["", "", "sparse"])
                #expect(sparse.position.line == 5)
                #expect(try reader.next() == nil)
            }
        }
    }
}

/// The entries of a ZIP archive written by ``XLSXFixture/zip(_:)`` (stored entries only).
func unzipStored(_ bytes: [UInt8]) throws -> [(path: String, bytes: [UInt8])] {
    var entries: [(String, [UInt8])] = []
    var i = 0
    func le16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func le32(_ at: Int) -> Int { le16(at) | le16(at + 2) << 16 }
    while i + 30 <= bytes.count, le32(i) == 0x0403_4B50 {
        let size = le32(i + 18)
        let nameLength = le16(i + 26)
        let extra = le16(i + 28)
        let name = String(decoding: bytes[(i + 30)..<(i + 30 + nameLength)], as: UTF8.self)
        let start = i + 30 + nameLength + extra
        entries.append((name, Array(bytes[start..<(start + size)])))
        i = start + size
    }
    return entries
}
