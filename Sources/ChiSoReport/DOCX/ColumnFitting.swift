/// Column widths that keep every word of a table whole: a header such as "STT" or "chuyển qua" must not
/// break inside a word ("ST/T", "chuyể/n qua") because its column was given too small a share.
///
/// Word lays out a fixed table with the widths it is given, so the widths are decided here from an estimate
/// of each word's printed width in Times New Roman bold; there is no font metrics package for Swift on Linux,
/// and the estimate errs on the wide side.
enum ColumnFitting {
    /// Cell margins left and right (`tblCellMar`) and a little slack, in twips.
    static let cellPadding = 2 * 57 + 40

    /// Widths in twips summing to `total`: the table's own shares, with each column widened to its longest
    /// word (header or body, in single-column cells) by taking from the columns that have room to spare.
    static func widths(_ table: ReportTable, total: Int, headerSize: Double, bodySize: Double) -> [Int] {
        let base = distribute(total, over: table.normalisedWidths)
        var minimum = [Int](repeating: 0, count: base.count)
        for placement in HeaderGrid(table).placements where placement.colspan == 1 {
            minimum[placement.column] = max(minimum[placement.column], longestWord(placement.text, size: headerSize))
        }
        for row in table.rows {
            for item in BodyRowLayout(row, columnCount: table.columnCount).items where item.colspan == 1 {
                let text = NumberStyle.vietnamese.text(of: item.cell.value)
                minimum[item.column] = max(minimum[item.column], longestWord(text, size: bodySize))
            }
        }
        let needed = minimum.reduce(0, +)
        // Not even the words fit: share the width by the words' needs.
        guard needed <= total else { return distribute(total, over: minimum.map { Double($0) / Double(max(1, needed)) }) }
        let deficit = zip(base, minimum).reduce(0) { $0 + max(0, $1.1 - $1.0) }
        guard deficit > 0 else { return base }
        let spare = zip(base, minimum).map { max(0, $0 - $1) }
        let spareTotal = spare.reduce(0, +)
        var widths = zip(base, minimum).map { max($0, $1) }
        // Take the deficit from the spare room, in proportion to it.
        let taken = distribute(deficit, over: spare.map { Double($0) / Double(spareTotal) })
        for i in widths.indices where spare[i] > 0 { widths[i] -= taken[i] }
        widths[widths.count - 1] += total - widths.reduce(0, +)
        return widths
    }

    /// The printed width in twips of the longest word of `text` (words split at spaces and line breaks).
    static func longestWord(_ text: String, size: Double) -> Int {
        let longest = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { word in word.reduce(0.0) { $0 + em($1) } }.max() ?? 0
        return longest == 0 ? 0 : Int((longest * size * 20).rounded(.up)) + cellPadding
    }

    /// The advance of a character in bold Times New Roman, as a fraction of the font size (rounded up; a
    /// letter with diacritics counts as its base letter's class).
    static func em(_ c: Character) -> Double {
        switch c {
        case "M", "W", "m", "w": return 0.95
        case "i", "l", "j", "t", "f", "r", "I", "J", ".", ",", ";", ":", "'", "!", "|", "(", ")", "/", "-": return 0.36
        default:
            if c.isUppercase || c == "%" { return 0.75 }
            return 0.56
        }
    }
}
