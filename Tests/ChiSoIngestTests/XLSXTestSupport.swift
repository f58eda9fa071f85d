import ChiSoIngest
import Foundation
import Testing

/// Builds small XLSX packages in tests: the XML parts are written by hand and stored (not compressed) in a ZIP.
enum XLSXFixture {
    /// A ZIP archive with the entries stored as they are.
    static func zip(_ entries: [(path: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le16(_ v: Int, into a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: UInt32, into a: inout [UInt8]) { for s in stride(from: 0, to: 32, by: 8) { a.append(UInt8((v >> UInt32(s)) & 0xFF)) } }
        for (path, bytes) in entries {
            let name = Array(path.utf8)
            let crc = crc32(bytes)
            let offset = out.count
            le32(0x0403_4B50, into: &out)
            le16(20, into: &out); le16(0x0800, into: &out); le16(0, into: &out); le16(0, into: &out); le16(0x21, into: &out)
            le32(crc, into: &out); le32(UInt32(bytes.count), into: &out); le32(UInt32(bytes.count), into: &out)
            le16(name.count, into: &out); le16(0, into: &out)
            out += name
            out += bytes
            le32(0x0201_4B50, into: &central)
            le16(20, into: &central); le16(20, into: &central); le16(0x0800, into: &central); le16(0, into: &central)
            le16(0, into: &central); le16(0x21, into: &central)
            le32(crc, into: &central); le32(UInt32(bytes.count), into: &central); le32(UInt32(bytes.count), into: &central)
            le16(name.count, into: &central); le16(0, into: &central); le16(0, into: &central); le16(0, into: &central)
            le16(0, into: &central); le32(0, into: &central); le32(UInt32(offset), into: &central)
            central += name
        }
        let centralOffset = out.count
        out += central
        le32(0x0605_4B50, into: &out)
        le16(0, into: &out); le16(0, into: &out); le16(entries.count, into: &out); le16(entries.count, into: &out)
        le32(UInt32(central.count), into: &out); le32(UInt32(centralOffset), into: &out); le16(0, into: &out)
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[i] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook with the given sheets (name, `<sheetData>` content), shared strings and styles.
    static func workbook(
        sheets: [(name: String, data: String)], sharedStrings: [String]? = nil, cellXfs: [Int] = [], numFmts: [Int: String] = [:],
        date1904: Bool = false
    ) -> [UInt8] {
        var entries: [(String, [UInt8])] = []
        let contentTypes = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>
            """
        entries.append(("[Content_Types].xml", Array(contentTypes.utf8)))
        entries.append(
            (
                "_rels/.rels",
                Array(
                    """
                    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                    """.utf8)
            ))
        var sheetList = ""
        var rels = ""
        for (index, sheet) in sheets.enumerated() {
            sheetList += "<sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
            rels +=
                "<Relationship Id=\"rId\(index + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
            entries.append(
                (
                    "xl/worksheets/sheet\(index + 1).xml",
                    Array(
                        """
                        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                        <worksheet xmlns="\(mainNS)" xmlns:r="\(relNS)"><sheetData>\(sheet.data)</sheetData></worksheet>
                        """.utf8)
                ))
        }
        rels +=
            "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        if sharedStrings != nil {
            rels +=
                "<Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        entries.append(
            (
                "xl/workbook.xml",
                Array(
                    """
                    <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(mainNS)" xmlns:r="\(relNS)"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(sheetList)</sheets></workbook>
                    """.utf8)
            ))
        entries.append(
            (
                "xl/_rels/workbook.xml.rels",
                Array(
                    """
                    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels)</Relationships>
                    """.utf8)
            ))
        let formats = numFmts.sorted { $0.key < $1.key }.map { "<numFmt numFmtId=\"\($0.key)\" formatCode=\"\($0.value)\"/>" }.joined()
        let xfs = ([0] + cellXfs).map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }.joined()
        entries.append(
            (
                "xl/styles.xml",
                Array(
                    """
                    <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="\(mainNS)"><numFmts count="\(numFmts.count)">\(formats)</numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="\(cellXfs.count + 1)">\(xfs)</cellXfs></styleSheet>
                    """.utf8)
            ))
        if let sharedStrings {
            let items = sharedStrings.map { $0.hasPrefix("<") ? "<si>\($0)</si>" : "<si><t xml:space=\"preserve\">\($0)</t></si>" }.joined()
            entries.append(
                (
                    "xl/sharedStrings.xml",
                    Array(
                        """
                        <?xml version="1.0" encoding="UTF-8"?><sst xmlns="\(mainNS)" count="\(sharedStrings.count)">\(items)</sst>
                        """.utf8)
                ))
        }
        return zip(entries)
    }

    /// Rows of inline-string cells, one `<row>` per line, starting at row 1.
    static func inlineRows(_ rows: [[String]]) -> String {
        rows.enumerated().map { index, cells in
            "<row r=\"\(index + 1)\">"
                + cells.enumerated().map { column, text in
                    text.isEmpty ? "" : "<c r=\"\(columnName(column))\(index + 1)\" t=\"inlineStr\"><is><t>\(escape(text))</t></is></c>"
                }.joined() + "</row>"
        }.joined()
    }

    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    static func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }

    /// Reads every row of the first (or a named) sheet.
    static func rows(_ bytes: [UInt8], sheet: String? = nil, maxCellBytes: Int = 1 << 20) throws -> (header: [String], rows: [ReadResult<CSVRow>]) {
        var reader = try XLSXReader(bytes: bytes, fileName: "test.xlsx", sheet: sheet, maxCellBytes: maxCellBytes)
        let header = try reader.header()
        var rows: [ReadResult<CSVRow>] = []
        while let row = try reader.next() { rows.append(row) }
        return (header, rows)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-xlsx-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// openpyxl, to check the reader against workbooks written by a real library: always under CI (where a missing
/// module fails the run), otherwise only when `python3 -c "import openpyxl"` succeeds.
enum OpenPyXL {
    static let isCI: Bool = {
        guard let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() else { return false }
        return !value.isEmpty && value != "false" && value != "0"
    }()

    static let available: Bool = { (try? run(["python3", "-c", "import openpyxl"]))?.status == 0 }()

    static var enabled: Bool { isCI || available }

    static func run(_ arguments: [String]) throws -> (status: Int32, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let error = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errorData, as: UTF8.self))
    }

    /// Runs a Python script that writes a workbook to `sys.argv[1]`; returns the file's path.
    static func write(_ script: String, in directory: URL, name: String = "book.xlsx") throws -> String {
        let scriptURL = directory.appendingPathComponent("write-\(UUID().uuidString).py")
        try Data(script.utf8).write(to: scriptURL)
        let path = directory.appendingPathComponent(name).path
        let result = try run(["python3", scriptURL.path, path])
        try #require(result.status == 0, "python3 failed: \(result.error)")
        return path
    }
}
