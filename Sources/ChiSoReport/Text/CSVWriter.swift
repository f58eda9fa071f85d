/// Writes a ``ReportTable`` as CSV (RFC 4180): comma-separated, CRLF line ends, fields quoted when they
/// contain the separator, a quote, CR or LF; UTF-8 with a byte-order mark so that Excel shows Vietnamese.
public enum CSVWriter {
    /// How header rows are written.
    public enum HeaderStyle: Sendable, Hashable {
        /// One line per header row; a merged cell's text is written at its top-left position only.
        case rows
        /// One line: for each column, the distinct texts of the header cells above it joined by " - "
        /// (e.g. "Kết quả giải quyết - Quá hạn"). Best for loading into other programs.
        case combined
    }

    /// How numbers are written.
    public enum NumberFormat: Sendable, Hashable {
        /// `67140`, `85.05`, `64.67%`: machine-readable.
        case plain
        /// `67.140`, `85,05`, `64,67%`: as in the documents.
        case vietnamese
    }

    /// The CSV text of `table` (without the byte-order mark).
    ///
    /// - Parameters:
    ///   - table: The table; its title is not written.
    ///   - header: How header rows are written.
    ///   - numbers: How numbers are written; null cells are always `-`.
    ///   - separator: The field separator (`,` by default; `;` suits Excel set to Vietnamese).
    public static func csv(
        _ table: ReportTable,
        header: HeaderStyle = .rows,
        numbers: NumberFormat = .plain,
        separator: Character = ","
    ) -> String {
        let style: NumberStyle = numbers == .plain ? .plain : .vietnamese
        let columnCount = table.columnCount
        var lines: [[String]] = []
        let grid = HeaderGrid(table)
        switch header {
        case .rows:
            for row in 0..<grid.rowCount {
                var fields = [String](repeating: "", count: columnCount)
                for column in 0..<columnCount {
                    if case .anchor(let index) = grid.slots[row][column] { fields[column] = grid.placements[index].text }
                }
                lines.append(fields)
            }
        case .combined:
            if grid.rowCount > 0 {
                var fields: [String] = []
                for column in 0..<columnCount {
                    var parts: [String] = []
                    for row in 0..<grid.rowCount {
                        let index: Int
                        switch grid.slots[row][column] {
                        case .anchor(let i), .covered(let i): index = i
                        }
                        let text = grid.placements[index].text
                        if !text.isEmpty && parts.last != text { parts.append(text) }
                    }
                    fields.append(parts.joined(separator: " - "))
                }
                lines.append(fields)
            }
        }
        for row in table.rows {
            var fields: [String] = []
            for item in BodyRowLayout(row, columnCount: columnCount).items {
                fields.append(style.text(of: item.cell.value))
                fields += [String](repeating: "", count: item.colspan - 1)
            }
            lines.append(fields)
        }
        return lines.map { $0.map { field($0, separator: separator) }.joined(separator: String(separator)) + "\r\n" }.joined()
    }

    /// UTF-8 bytes of ``csv(_:header:numbers:separator:)`` preceded by the byte-order mark `EF BB BF`.
    public static func data(
        _ table: ReportTable,
        header: HeaderStyle = .rows,
        numbers: NumberFormat = .plain,
        separator: Character = ","
    ) -> [UInt8] {
        [0xEF, 0xBB, 0xBF] + Array(csv(table, header: header, numbers: numbers, separator: separator).utf8)
    }

    /// One field, quoted (with doubled quotes) when it contains the separator, a quote, CR or LF.
    public static func field(_ text: String, separator: Character = ",") -> String {
        let text = Markup.nfc(text)
        let needsQuotes = text.contains { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }
}
