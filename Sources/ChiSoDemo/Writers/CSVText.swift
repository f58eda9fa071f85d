/// Formats CSV lines as ChiSoIngest's CSV reader reads them: comma-separated, `\n`-terminated, cells quoted
/// when they contain a comma, quote, line break, semicolon or surrounding spaces, quotes doubled.
enum CSVText {
    static func line(_ cells: [String]) -> String {
        var out = ""
        for (i, cell) in cells.enumerated() {
            if i > 0 { out += "," }
            append(cell, to: &out)
        }
        out += "\n"
        return out
    }

    static func append(_ cell: String, to out: inout String) {
        var quote = cell.first == " " || cell.last == " "
        if !quote {
            for unit in cell.utf8 where unit == 0x2C || unit == 0x22 || unit == 0x0A || unit == 0x0D || unit == 0x3B {
                quote = true
                break
            }
        }
        guard quote else {
            out += cell
            return
        }
        out += "\""
        for character in cell {
            if character == "\"" { out += "\"\"" } else { out.append(character) }
        }
        out += "\""
    }
}
