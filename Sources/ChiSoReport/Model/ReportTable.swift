/// A data table: columns, several header rows with merged cells, and typed body cells.
///
/// Header cells span columns (`colspan`) and rows (`rowspan`) as in HTML; they are placed left to right in the
/// first free position of their row. Body cells are typed so that every writer can show them the Vietnamese way
/// (DOCX/HTML), store them as numbers (XLSX) or write them plainly (CSV).
///
/// ```swift
/// ReportTable(
///     columns: [.init(width: 0.6), .init(width: 3), .init(width: 1), .init(width: 1)],
///     headerRows: [
///         [.init("STT", rowspan: 2), .init("Đơn vị", rowspan: 2), .init("Kết quả", colspan: 2)],
///         ["Tỷ lệ %", "Điểm"],
///     ],
///     rows: [ReportRow([1, "Sở Y tế", .percent(0.9086), .decimal(90.86)])]
/// )
/// ```
public struct ReportTable: Sendable, Hashable {
    /// A title shown above the table (DOCX, HTML caption, first row of the XLSX sheet); not in CSV.
    public var title: String?
    /// The XLSX sheet name; sanitised and made unique by the writer. Defaults to the title.
    public var sheetName: String?
    /// The columns; their count fixes the grid width.
    public var columns: [ReportTableColumn]
    /// Header rows, repeated on every page in DOCX and frozen in XLSX.
    public var headerRows: [[ReportHeaderCell]]
    /// Body rows.
    public var rows: [ReportRow]
    /// Font size in points for this table; `nil` uses the document's table size.
    public var fontSize: Double?

    /// Creates a table.
    public init(
        title: String? = nil,
        sheetName: String? = nil,
        columns: [ReportTableColumn],
        headerRows: [[ReportHeaderCell]],
        rows: [ReportRow],
        fontSize: Double? = nil
    ) {
        self.title = title
        self.sheetName = sheetName
        self.columns = columns
        self.headerRows = headerRows
        self.rows = rows
        self.fontSize = fontSize
    }

    /// Number of grid columns.
    public var columnCount: Int { columns.count }
}

/// One grid column of a table.
public struct ReportTableColumn: Sendable, Hashable {
    /// Relative width (weights are normalised over the table).
    public var width: Double
    /// Alignment of body cells in this column; `nil` chooses by type (text left, numbers centred).
    public var alignment: TextAlignment?

    /// Creates a column.
    public init(width: Double = 1, alignment: TextAlignment? = nil) {
        self.width = width
        self.alignment = alignment
    }
}

/// A header cell: bold, centred, possibly merged across columns and rows.
public struct ReportHeaderCell: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The text; `"\n"` breaks the line.
    public var text: String
    /// Number of grid columns covered (≥ 1).
    public var colspan: Int
    /// Number of header rows covered (≥ 1).
    public var rowspan: Int

    /// Creates a header cell.
    public init(_ text: String, colspan: Int = 1, rowspan: Int = 1) {
        self.text = text
        self.colspan = max(1, colspan)
        self.rowspan = max(1, rowspan)
    }

    /// Creates a single header cell from a literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }
}

/// A body row.
public struct ReportRow: Sendable, Hashable {
    /// The cells, left to right; a cell with `colspan` > 1 covers several grid columns.
    public var cells: [ReportCell]
    /// Bold row, e.g. the "Tổng" (total) row.
    public var isBold: Bool

    /// Creates a row.
    public init(_ cells: [ReportCell], bold: Bool = false) {
        self.cells = cells
        self.isBold = bold
    }
}

/// The typed value of a body cell.
public enum CellValue: Sendable, Hashable {
    /// Text, shown as is.
    case text(String)
    /// An integer: `67.140` in Vietnamese display, `#,##0` in XLSX.
    case integer(Int)
    /// A decimal with a fixed number of decimals: `85,05`, XLSX `0.00`.
    case decimal(Double, places: Int)
    /// A fraction shown as a percentage: `0.6467` with 2 places is `64,67%`, XLSX stores 0.6467 with `0.00%`.
    case percent(Double, places: Int)
    /// No value: shown and stored as `-`, never as 0.
    case null
}

/// A body cell: a typed value plus optional span and format overrides.
public struct ReportCell: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The value.
    public var value: CellValue
    /// Number of grid columns covered (≥ 1).
    public var colspan: Int
    /// Alignment override.
    public var alignment: TextAlignment?
    /// Bold override (the row's `isBold` applies otherwise).
    public var bold: Bool?

    /// Creates a cell.
    public init(_ value: CellValue, colspan: Int = 1, alignment: TextAlignment? = nil, bold: Bool? = nil) {
        self.value = value
        self.colspan = max(1, colspan)
        self.alignment = alignment
        self.bold = bold
    }

    /// A text cell from a literal.
    public init(stringLiteral value: String) {
        self.init(.text(value))
    }

    /// An integer cell from a literal.
    public init(integerLiteral value: Int) {
        self.init(.integer(value))
    }

    /// A text cell.
    public static func text(_ text: String, colspan: Int = 1, alignment: TextAlignment? = nil, bold: Bool? = nil) -> ReportCell {
        ReportCell(.text(text), colspan: colspan, alignment: alignment, bold: bold)
    }

    /// An integer cell, or a null cell when `value` is nil.
    public static func integer(_ value: Int?) -> ReportCell {
        ReportCell(value.map { .integer($0) } ?? .null)
    }

    /// A decimal cell with `places` decimals, or a null cell when `value` is nil.
    public static func decimal(_ value: Double?, places: Int = 2) -> ReportCell {
        ReportCell(value.map { .decimal($0, places: max(0, places)) } ?? .null)
    }

    /// A percentage cell from a fraction (0.6467 → `64,67%`), or a null cell when `fraction` is nil.
    public static func percent(_ fraction: Double?, places: Int = 2) -> ReportCell {
        ReportCell(fraction.map { .percent($0, places: max(0, places)) } ?? .null)
    }

    /// A percentage cell from a value out of 100 (64.67 → `64,67%`, stored as 0.6467 without binary noise),
    /// or a null cell when `value` is nil.
    public static func percent(ofHundred value: Double?, places: Int = 2) -> ReportCell {
        ReportCell(value.map { .percent(DecimalDigits($0).shifted(by: -2).doubleValue, places: max(0, places)) } ?? .null)
    }

    /// An empty-value cell shown as `-`.
    public static var null: ReportCell { ReportCell(.null) }
}
