import ChiSoCore

/// A source of spreadsheet rows with a header: a CSV file (``CSVReader``) or an XLSX worksheet (``XLSXReader``).
///
/// Typed readers such as ``TabularDossierReader`` run over either. Rows are ``CSVRow`` values: their cells as
/// text (NFC, not trimmed) and their position, whose `line` is the CSV line or the worksheet's row number.
public protocol TabularRowReader {
    /// The name used in issues and errors.
    var fileName: String { get }

    /// The header row's names, trimmed and in NFC; read on first use.
    ///
    /// - Throws: ``IngestError`` when there is no header or the input cannot be read.
    mutating func header() throws(IngestError) -> [String]

    /// The header row: the first row, among the first `searchLimit`, that `accepts`; the first non-empty row when
    /// none does. CSV files always take their first line.
    ///
    /// - Throws: ``IngestError`` when there is no header or the input cannot be read.
    mutating func header(searchLimit: Int, where accepts: ([String]) -> Bool) throws(IngestError) -> [String]

    /// The next data row or issue, or nil at the end (reads the header first if needed).
    ///
    /// - Throws: ``IngestError`` when the input cannot be read.
    mutating func next() throws(IngestError) -> ReadResult<CSVRow>?
}

extension CSVReader: TabularRowReader {
    public mutating func header(searchLimit: Int, where accepts: ([String]) -> Bool) throws(IngestError) -> [String] {
        try header()
    }
}

/// A streaming reader of one worksheet of an XLSX workbook, as rows of cell texts.
///
/// The package is opened with ZIPFoundation (from a path or from bytes); the worksheet's XML is decompressed
/// to a temporary file (removed from its folder at once, so none is ever left behind) and scanned one row at a
/// time, so memory holds the shared strings and one row, never the whole sheet. What the package may unpack is
/// bounded by ``XLSXLimits`` (entries, sizes, compression ratio, shared strings). The first non-empty row is the header (or, with ``header(searchLimit:where:)``, the first row a
/// predicate accepts, for exports with title rows above the table); empty rows are skipped.
///
/// Cell texts:
/// * shared strings (`t="s"`, rich-text runs concatenated, phonetic runs left out), inline strings
///   (`t="inlineStr"`), formula strings (`t="str"`: the cached value) and errors (`#N/A`) as written;
/// * booleans as `TRUE` / `FALSE`;
/// * numbers as written in the file (`50000`, `0.5`), formulas by their cached value;
/// * numbers in a cell whose style shows a date (built-in date formats, or a custom format with d, m, y, h, s)
///   as `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss`, in the 1900 date system or the workbook's `date1904` one;
///   ISO dates (`t="d"`) likewise; dates typed as text stay text (`05/03/2024 08:30:00`);
/// * missing cells (sparse rows, `r` references such as `C5`) as empty cells.
///
/// A row's ``RecordPosition/line`` is its row number in the worksheet (as Excel shows it). A row with text that
/// is not valid UTF-8, a cell longer than `maxCellBytes`, or a shared string index out of range is an
/// ``IngestIssue``; reading goes on.
///
/// ```swift
/// var reader = try XLSXReader(path: "hoso.xlsx", sheet: "Hồ sơ")
/// let header = try reader.header()
/// while let result = try reader.next() { ... }
/// ```
public struct XLSXReader: TabularRowReader {
    private let package: XLSXPackage
    private var scanner: XMLScanner<FileChunkSource>
    private let maxCellBytes: Int

    /// The name used in issues and errors.
    public let fileName: String
    /// The name of the worksheet being read.
    public let sheetName: String
    /// The names of every worksheet of the workbook, in order.
    public var sheetNames: [String] { package.sheets.map(\.name) }
    /// Whether the workbook uses the 1904 date system.
    public var usesDate1904: Bool { package.date1904 }

    private var headerRead = false
    private var cachedHeader: [String] = []
    private var dataRows = 0
    private var lastRowNumber = 0
    private var finished = false
    /// Rows read while looking for the header, after the one taken as header; handed out first.
    private var replay: [RawRow] = []

    /// Opens a workbook file.
    ///
    /// - Parameters:
    ///   - path: the `.xlsx` file.
    ///   - sheet: the worksheet's name; the first worksheet when nil.
    ///   - fileName: the name used in issues and errors; the path's last component when nil.
    ///   - maxCellBytes: cells longer than this make their row an issue (Excel itself keeps at most 32,767
    ///     characters per cell).
    /// - Throws: ``IngestError``: the file cannot be opened, is not a ZIP package (``IngestError/notZIP(file:)``),
    ///   is not a workbook (``IngestError/notXLSX(file:missingPart:)``), lacks the sheet
    ///   (``IngestError/missingSheet(file:sheet:available:)``), or a part is not valid XML.
    ///   - limits: how much the package may unpack (``XLSXLimits``).
    public init(
        path: String, sheet: String? = nil, fileName: String? = nil, maxCellBytes: Int = 1 << 20, limits: XLSXLimits = XLSXLimits()
    ) throws(IngestError) {
        let name = fileName ?? ChiSoIngest.fileName(ofPath: path)
        try self.init(package: try XLSXPackage(path: path, fileName: name, limits: limits), sheet: sheet, maxCellBytes: maxCellBytes)
    }

    /// Opens a workbook held in memory (an upload, a test).
    ///
    /// - Throws: ``IngestError`` as ``init(path:sheet:fileName:maxCellBytes:)``.
    public init(
        bytes: [UInt8], fileName: String, sheet: String? = nil, maxCellBytes: Int = 1 << 20, limits: XLSXLimits = XLSXLimits()
    ) throws(IngestError) {
        try self.init(package: try XLSXPackage(bytes: bytes, fileName: fileName, limits: limits), sheet: sheet, maxCellBytes: maxCellBytes)
    }

    private init(package: XLSXPackage, sheet: String?, maxCellBytes: Int) throws(IngestError) {
        self.package = package
        self.fileName = package.fileName
        let chosen = try package.sheet(named: sheet)
        self.sheetName = chosen.name
        self.maxCellBytes = max(64, maxCellBytes)
        self.scanner = XMLScanner(source: try package.extractToTemporaryFile(chosen.part), maxTextBytes: self.maxCellBytes)
    }

    public mutating func header() throws(IngestError) -> [String] {
        try header(searchLimit: 1) { _ in true }
    }

    public mutating func header(searchLimit: Int, where accepts: ([String]) -> Bool) throws(IngestError) -> [String] {
        if headerRead { return cachedHeader }
        headerRead = true
        var skipped: [RawRow] = []
        while skipped.count < max(1, searchLimit), let row = try readRow() {
            let names = row.cells.map { Text.trimmed($0) }
            if accepts(names) {
                cachedHeader = names
                return names
            }
            skipped.append(row)
        }
        // No row accepted: the first non-empty row is the header, and reading resumes after it.
        guard let first = skipped.first else { throw IngestError.missingHeader(file: fileName) }
        cachedHeader = first.cells.map { Text.trimmed($0) }
        replay = Array(skipped.dropFirst())
        return cachedHeader
    }

    public mutating func next() throws(IngestError) -> ReadResult<CSVRow>? {
        _ = try header()
        let row: RawRow
        if !replay.isEmpty {
            row = replay.removeFirst()
        } else {
            guard let next = try readRow() else { return nil }
            row = next
        }
        dataRows += 1
        let position = RecordPosition(recordNumber: dataRows, line: row.number, byteOffset: row.offset)
        let raw = XLSXReader.rawText(row.cells)
        if let problem = row.problem {
            return .issue(
                IngestIssue(
                    kind: problem.kind, fileName: fileName, recordNumber: dataRows, line: row.number,
                    field: problem.column, isColumn: problem.column != nil, expected: problem.expected, found: nil, rawRecord: raw))
        }
        return .record(CSVRow(fields: row.cells, position: position, raw: raw), position: position)
    }

    // MARK: - Rows

    private struct Problem {
        var kind: IngestIssue.Kind
        var column: String?
        var expected: String
    }

    private struct RawRow {
        var number: Int
        var offset: Int
        var cells: [String]
        var problem: Problem?
    }

    private enum Capture { case none, value, inlineText }

    /// The next non-empty row of the sheet, or nil after `</sheetData>`.
    private mutating func readRow() throws(IngestError) -> RawRow? {
        if finished { return nil }
        var row: RawRow?
        var column = 0
        var cellType: String?
        var cellStyle = 0
        var value = ""
        var inline = ""
        var capture = Capture.none
        var inInline = false
        var phonetic = 0
        var cellTooLong = false
        while let event = try XLSXPackage.next(&scanner, part: "worksheet \(sheetName)", file: fileName) {
            switch event {
            case .start("row", let selfClosing):
                let number = scanner.attribute("r").flatMap { Int($0) } ?? lastRowNumber + 1
                lastRowNumber = number
                scanner.sawInvalidUTF8 = false
                if !selfClosing { row = RawRow(number: number, offset: scanner.offset, cells: [], problem: nil) }
                column = 0
            case .start("c", let selfClosing):
                if let reference = scanner.attribute("r"), let index = XLSXReader.columnIndex(reference) { column = index }
                cellType = scanner.attribute("t")
                cellStyle = scanner.attribute("s").flatMap { Int($0) } ?? 0
                value = ""
                inline = ""
                cellTooLong = false
                if selfClosing { column += 1 }
            case .start("v", false): capture = .value
            case .start("is", false): inInline = true
            case .end("is"): inInline = false
            case .start("rPh", false): phonetic += 1
            case .end("rPh"): phonetic -= 1
            case .start("t", false): if inInline && phonetic == 0 { capture = .inlineText }
            case .end("v"), .end("t"): capture = .none
            case .text(let text):
                if scanner.textTooLong && capture != .none { cellTooLong = true }
                switch capture {
                case .value: value += text
                case .inlineText: inline += text
                case .none: break
                }
            case .end("c"):
                guard row != nil else { break }
                let text = cellText(type: cellType, style: cellStyle, value: value, inline: inline, row: &row!, column: column)
                if cellTooLong || text.utf8.count > maxCellBytes, row!.problem == nil {
                    row!.problem = Problem(
                        kind: .recordTooLarge, column: XLSXReader.columnName(column), expected: "ô không quá \(maxCellBytes) byte")
                }
                if column < row!.cells.count {
                    row!.cells[column] = text
                } else {
                    while row!.cells.count < column { row!.cells.append("") }
                    row!.cells.append(text)
                }
                column += 1
            case .end("row"):
                guard var complete = row else { break }
                row = nil
                if scanner.sawInvalidUTF8, complete.problem == nil {
                    complete.problem = Problem(kind: .invalidUTF8, column: nil, expected: "UTF-8 hợp lệ")
                }
                if complete.cells.contains(where: { !Text.trimmed($0).isEmpty }) || complete.problem != nil { return complete }
            case .end("sheetData"):
                finished = true
                return nil
            default: break
            }
        }
        finished = true
        if row != nil { throw IngestError.readFailed(file: fileName, reason: "trang tính \(sheetName) bị cắt cụt giữa dòng \(lastRowNumber)") }
        return nil
    }

    private func cellText(type: String?, style: Int, value: String, inline: String, row: inout RawRow, column: Int) -> String {
        switch type {
        case "s":
            guard let index = Int(Text.trimmed(value)), index >= 0, index < package.sharedStrings.count else {
                if row.problem == nil {
                    row.problem = Problem(
                        kind: .invalidValue, column: XLSXReader.columnName(column),
                        expected: "chỉ số chuỗi dùng chung từ 0 đến \(package.sharedStrings.count - 1), nhận được \"\(value)\"")
                }
                return ""
            }
            return package.sharedStrings[index]
        case "inlineStr": return inline
        case "b": return Text.trimmed(value) == "1" ? "TRUE" : "FALSE"
        case "d":
            // ISO 8601 date-time: 2024-03-05T08:30:00(.000)(Z).
            var text = value.replacing("T", with: " ")
            if let dot = text.firstIndex(of: ".") { text = String(text[..<dot]) }
            if text.hasSuffix("Z") { text.removeLast() }
            if text.hasSuffix(" 00:00:00") { text.removeLast(9) }
            return text
        case "str", "e": return value
        default:
            if style > 0, style < package.dateStyles.count, package.dateStyles[style], let serial = Double(Text.trimmed(value)),
                let date = XLSXPackage.dateText(serial: serial, date1904: package.date1904)
            {
                return date
            }
            return value
        }
    }

    /// The zero-based column of a cell reference (`C5` is 2).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                index = index * 26 + Int(byte - UInt8(ascii: "A") + 1)
            } else if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
                index = index * 26 + Int(byte - UInt8(ascii: "a") + 1)
            } else {
                break
            }
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : index - 1
    }

    /// The letters of a zero-based column (2 is `C`).
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// A row as CSV text, for the quarantine (reading it back as CSV gives the cells).
    static func rawText(_ cells: [String]) -> RawRecord {
        var text = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { text += "," }
            if cell.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                text += "\"" + cell.replacing("\"", with: "\"\"") + "\""
            } else {
                text += cell
            }
        }
        return RawRecord(text: text)
    }
}
