import Foundation

/// Writes tables as an Excel workbook (Office Open XML SpreadsheetML), one sheet per ``ReportTable``.
///
/// Numbers are stored as numbers with a number format (`#,##0`, `0.00`, `0.00%` …; a percent cell stores the
/// fraction, e.g. 0.6467), null cells as the text `-`. Header cells are bold, bordered, wrapped and merged as
/// in the table; header rows are frozen and repeated when printing. Strings are inline (`t="inlineStr"`), so
/// every sheet is a pure function of its table.
public enum XLSXWriter {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The `.xlsx` bytes; the same tables always give the same bytes.
    ///
    /// - Parameters:
    ///   - tables: One sheet per table, in order. An empty list gives one empty sheet.
    ///   - metadata: Document properties.
    /// - Throws: ``ReportError`` when zipping fails.
    public static func data(tables: [ReportTable], metadata: ReportMetadata = ReportMetadata()) throws(ReportError) -> [UInt8] {
        try OOXMLPackage.zip(parts: parts(tables: tables, metadata: metadata))
    }

    /// All parts of the package, in the order they are zipped.
    public static func parts(tables: [ReportTable], metadata: ReportMetadata = ReportMetadata()) -> [OOXMLPart] {
        let tables = tables.isEmpty ? [ReportTable(columns: [], headerRows: [], rows: [])] : tables
        var parts = [
            OOXMLPart(path: "[Content_Types].xml", xml: contentTypesXML(sheetCount: tables.count)),
            OOXMLPart(path: "_rels/.rels", xml: PackageProperties.rootRelationshipsXML(mainPart: "xl/workbook.xml")),
            OOXMLPart(path: "docProps/core.xml", xml: PackageProperties.coreXML(metadata)),
            OOXMLPart(path: "docProps/app.xml", xml: PackageProperties.appXML),
            OOXMLPart(path: "xl/workbook.xml", xml: workbookXML(tables: tables)),
            OOXMLPart(path: "xl/_rels/workbook.xml.rels", xml: workbookRelationshipsXML(sheetCount: tables.count)),
            OOXMLPart(path: "xl/styles.xml", xml: stylesXML),
        ]
        for (index, table) in tables.enumerated() {
            parts.append(OOXMLPart(path: "xl/worksheets/sheet\(index + 1).xml", xml: sheetXML(table)))
        }
        return parts
    }

    /// `[Content_Types].xml` for `sheetCount` sheets.
    public static func contentTypesXML(sheetCount: Int) -> String {
        let prefix = "application/vnd.openxmlformats-officedocument.spreadsheetml."
        var xml = PackageProperties.xmlDeclaration
        xml += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="\#(prefix)sheet.main+xml"/>"#
        xml += #"<Override PartName="/xl/styles.xml" ContentType="\#(prefix)styles+xml"/>"#
        for index in 1...max(1, sheetCount) {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="\#(prefix)worksheet+xml"/>"#
        }
        xml += #"<Override PartName="/docProps/core.xml" ContentType="\#(PackageProperties.coreContentType)"/>"#
        xml += #"<Override PartName="/docProps/app.xml" ContentType="\#(PackageProperties.appContentType)"/>"#
        xml += "</Types>"
        return xml
    }

    /// `xl/_rels/workbook.xml.rels`: sheets `rId1`…`rIdN`, styles `rId(N+1)`.
    public static func workbookRelationshipsXML(sheetCount: Int) -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        var xml = PackageProperties.xmlDeclaration
        xml += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 1...max(1, sheetCount) {
            xml += #"<Relationship Id="rId\#(index)" Type="\#(base)worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(max(1, sheetCount) + 1)" Type="\#(base)styles" Target="styles.xml"/>"#
        xml += "</Relationships>"
        return xml
    }

    /// `xl/workbook.xml`: the sheets with sanitised unique names and their print titles (header rows).
    public static func workbookXML(tables: [ReportTable]) -> String {
        let names = sheetNames(for: tables)
        var xml = PackageProperties.xmlDeclaration
        xml += #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)">"#
        xml += #"<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="15000"/></bookViews>"#
        xml += "<sheets>"
        for (index, name) in names.enumerated() {
            xml += #"<sheet name="\#(Markup.escape(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        xml += "</sheets>"
        var definedNames = ""
        for (index, table) in tables.enumerated() where !table.headerRows.isEmpty && table.columnCount > 0 {
            let first = SheetLayout(table).firstHeaderRow
            let last = first + table.headerRows.count - 1
            let quoted = "'" + names[index].replacingOccurrences(of: "'", with: "''") + "'"
            definedNames += #"<definedName name="_xlnm.Print_Titles" localSheetId="\#(index)">"#
            definedNames += Markup.escape("\(quoted)!$\(first):$\(last)") + "</definedName>"
        }
        if !definedNames.isEmpty { xml += "<definedNames>\(definedNames)</definedNames>" }
        xml += #"<calcPr calcId="191029"/></workbook>"#
        return xml
    }

    /// `xl/worksheets/sheetN.xml` for one table.
    public static func sheetXML(_ table: ReportTable) -> String {
        let layout = SheetLayout(table)
        let columnCount = table.columnCount
        var xml = PackageProperties.xmlDeclaration
        xml += #"<worksheet xmlns="\#(main)" xmlns:r="\#(relationships)">"#
        xml += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
        let lastRow = max(1, layout.rowCount)
        xml += #"<dimension ref="A1\#(columnCount > 1 || lastRow > 1 ? ":" + cellReference(row: lastRow, column: max(1, columnCount)) : "")"/>"#
        xml += #"<sheetViews><sheetView workbookViewId="0">"#
        let frozen = layout.firstBodyRow - 1
        if frozen > 0 && columnCount > 0 {
            let topLeft = cellReference(row: frozen + 1, column: 1)
            xml += #"<pane ySplit="\#(frozen)" topLeftCell="\#(topLeft)" activePane="bottomLeft" state="frozen"/>"#
            xml += #"<selection pane="bottomLeft" activeCell="\#(topLeft)" sqref="\#(topLeft)"/>"#
        }
        xml += "</sheetView></sheetViews>"
        xml += #"<sheetFormatPr defaultRowHeight="15.75"/>"#
        if columnCount > 0 {
            xml += "<cols>"
            for (index, fraction) in table.normalisedWidths.enumerated() {
                let width = min(70, max(5, (fraction * 130 * 4).rounded() / 4))
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(Markup.number(width))" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        var merges: [String] = []
        if columnCount > 0 {
            if let title = table.title, !title.isEmpty {
                xml += #"<row r="1" ht="24" customHeight="1">"#
                xml += inlineStringCell(row: 1, column: 1, text: title, style: XLSXStyles.title)
                xml += "</row>"
                if columnCount > 1 { merges.append("A1:" + cellReference(row: 1, column: columnCount)) }
            }
            let grid = HeaderGrid(table)
            for headerRow in 0..<grid.rowCount {
                let row = layout.firstHeaderRow + headerRow
                xml += #"<row r="\#(row)">"#
                for column in 0..<columnCount {
                    switch grid.slots[headerRow][column] {
                    case .anchor(let index):
                        let placement = grid.placements[index]
                        xml += inlineStringCell(row: row, column: column + 1, text: placement.text, style: XLSXStyles.header)
                        if placement.rowspan > 1 || placement.colspan > 1 {
                            merges.append(
                                cellReference(row: row, column: column + 1) + ":"
                                    + cellReference(row: row + placement.rowspan - 1, column: column + placement.colspan)
                            )
                        }
                    case .covered:
                        // Styled so that the borders of merged cells are drawn.
                        xml += #"<c r="\#(cellReference(row: row, column: column + 1))" s="\#(XLSXStyles.header)"/>"#
                    }
                }
                xml += "</row>"
            }
            for (offset, bodyRow) in table.rows.enumerated() {
                let row = layout.firstBodyRow + offset
                xml += #"<row r="\#(row)">"#
                for item in BodyRowLayout(bodyRow, columnCount: columnCount).items {
                    let bold = item.cell.bold ?? bodyRow.isBold
                    let alignment = table.alignment(of: item.cell, column: item.column)
                    xml += valueCell(row: row, column: item.column + 1, value: item.cell.value, bold: bold, alignment: alignment)
                    if item.colspan > 1 {
                        let style = XLSXStyles.body(.text, bold: bold, alignment: alignment)
                        for extra in 1..<item.colspan {
                            xml += #"<c r="\#(cellReference(row: row, column: item.column + 1 + extra))" s="\#(style)"/>"#
                        }
                        merges.append(
                            cellReference(row: row, column: item.column + 1) + ":"
                                + cellReference(row: row, column: item.column + item.colspan)
                        )
                    }
                }
                xml += "</row>"
            }
        }
        xml += "</sheetData>"
        if !merges.isEmpty {
            xml += #"<mergeCells count="\#(merges.count)">"#
            xml += merges.map { #"<mergeCell ref="\#($0)"/>"# }.joined()
            xml += "</mergeCells>"
        }
        xml += #"<pageMargins left="0.59" right="0.39" top="0.79" bottom="0.79" header="0.31" footer="0.31"/>"#
        xml += #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
        xml += "</worksheet>"
        return xml
    }

    /// `xl/styles.xml`: Times New Roman, thin borders, and the number formats `0`, `#,##0`, `0.00`, `0.00%`
    /// (and 1…6 decimals), each plain and bold, in four alignments.
    public static var stylesXML: String { XLSXStyles.xml }

    /// The sheet names for `tables`: each table's `sheetName` (or title, or "Bảng N"), sanitised and unique.
    public static func sheetNames(for tables: [ReportTable]) -> [String] {
        var used: Set<String> = []
        var names: [String] = []
        for (index, table) in tables.enumerated() {
            let fallback = "Bảng \(index + 1)"
            let base = sanitizedSheetName(table.sheetName ?? table.title ?? fallback, fallback: fallback)
            var name = base
            var counter = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(counter))"
                name = truncated(base, toUTF16: 31 - suffix.utf16.count) + suffix
                counter += 1
            }
            used.insert(name.lowercased())
            names.append(name)
        }
        return names
    }

    /// A valid Excel sheet name: without `[ ] : * ? / \`, without leading or trailing apostrophes,
    /// at most 31 characters, not empty and not the reserved "History"; `fallback` when nothing is left.
    public static func sanitizedSheetName(_ name: String, fallback: String = "Bảng") -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var cleaned = String(
            Markup.nfc(name).map { forbidden.contains($0) ? " " : ($0.isNewline || $0 == "\t" ? " " : $0) }
        )
        while cleaned.contains("  ") { cleaned = cleaned.replacingOccurrences(of: "  ", with: " ") }
        cleaned = cleaned.trimmingCharacters(in: .whitespaces)
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        cleaned = truncated(cleaned, toUTF16: 31).trimmingCharacters(in: .whitespaces)
        if cleaned.isEmpty || cleaned.lowercased() == "history" {
            return fallback == name ? "Bảng" : sanitizedSheetName(fallback, fallback: "Bảng")
        }
        return cleaned
    }

    /// A1-style reference; `row` and `column` are 1-based.
    public static func cellReference(row: Int, column: Int) -> String {
        columnName(column) + String(row)
    }

    /// Column letters: 1 → A, 26 → Z, 27 → AA.
    public static func columnName(_ column: Int) -> String {
        var number = max(1, column)
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.insert(Character(UnicodeScalar(UInt8(65 + remainder))), at: 0)
            number = (number - 1) / 26
        }
        return String(letters)
    }

    // MARK: Cells

    static func inlineStringCell(row: Int, column: Int, text: String, style: Int) -> String {
        #"<c r="\#(cellReference(row: row, column: column))" s="\#(style)" t="inlineStr"><is><t xml:space="preserve">\#(Markup.escape(text))</t></is></c>"#
    }

    static func numberCell(row: Int, column: Int, value: String, style: Int) -> String {
        #"<c r="\#(cellReference(row: row, column: column))" s="\#(style)"><v>\#(value)</v></c>"#
    }

    static func valueCell(row: Int, column: Int, value: CellValue, bold: Bool, alignment: TextAlignment) -> String {
        switch value {
        case .text(let text):
            return inlineStringCell(row: row, column: column, text: text, style: XLSXStyles.body(.text, bold: bold, alignment: alignment))
        case .integer(let number):
            return numberCell(row: row, column: column, value: String(number), style: XLSXStyles.body(.integer, bold: bold, alignment: alignment))
        case .decimal(let number, let places) where number.isFinite:
            let style = XLSXStyles.body(.decimal(places), bold: bold, alignment: alignment)
            return numberCell(row: row, column: column, value: DecimalDigits(number).plainText, style: style)
        case .percent(let fraction, let places) where fraction.isFinite:
            let style = XLSXStyles.body(.percent(places), bold: bold, alignment: alignment)
            return numberCell(row: row, column: column, value: DecimalDigits(fraction).plainText, style: style)
        case .null, .decimal, .percent:
            return inlineStringCell(row: row, column: column, text: "-", style: XLSXStyles.body(.null, bold: bold, alignment: alignment))
        }
    }

    static func truncated(_ text: String, toUTF16 limit: Int) -> String {
        var result = ""
        for character in text {
            if result.utf16.count + String(character).utf16.count > limit { break }
            result.append(character)
        }
        return result
    }
}

/// Row positions of a table on its sheet (1-based).
struct SheetLayout: Sendable, Hashable {
    let firstHeaderRow: Int
    let firstBodyRow: Int
    let rowCount: Int

    init(_ table: ReportTable) {
        let titleRows = (table.title?.isEmpty == false && table.columnCount > 0) ? 1 : 0
        firstHeaderRow = titleRows + 1
        firstBodyRow = firstHeaderRow + table.headerRows.count
        rowCount = firstBodyRow - 1 + table.rows.count
    }
}
