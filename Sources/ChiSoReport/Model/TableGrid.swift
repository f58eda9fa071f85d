/// The resolved positions of a table's header cells on the grid, as an HTML renderer would place them.
struct HeaderGrid: Sendable, Hashable {
    /// A header cell at its position.
    struct Placement: Sendable, Hashable {
        var row: Int
        var column: Int
        var rowspan: Int
        var colspan: Int
        var text: String
    }

    /// What occupies one grid slot.
    enum Slot: Sendable, Hashable {
        /// The top-left slot of placement `index`.
        case anchor(Int)
        /// A slot covered by placement `index` (not its top-left).
        case covered(Int)
    }

    let rowCount: Int
    let columnCount: Int
    /// All placements, including filler cells for slots the header rows left empty.
    let placements: [Placement]
    /// `slots[row][column]`.
    let slots: [[Slot]]

    init(_ table: ReportTable) {
        let columnCount = table.columnCount
        let rowCount = table.headerRows.count
        var slots = [[Slot?]](repeating: [Slot?](repeating: nil, count: columnCount), count: rowCount)
        var placements: [Placement] = []
        func place(row: Int, column: Int, rowspan: Int, colspan: Int, text: String) {
            // Shrink the span to the free rectangle inside the grid.
            var colspan = min(colspan, columnCount - column)
            for c in column..<(column + colspan) where slots[row][c] != nil {
                colspan = c - column
                break
            }
            let rowspan = min(rowspan, rowCount - row)
            let index = placements.count
            placements.append(Placement(row: row, column: column, rowspan: rowspan, colspan: colspan, text: text))
            for r in row..<(row + rowspan) {
                for c in column..<(column + colspan) where slots[r][c] == nil {
                    slots[r][c] = (r == row && c == column) ? .anchor(index) : .covered(index)
                }
            }
        }
        for (row, cells) in table.headerRows.enumerated() {
            var column = 0
            for cell in cells {
                while column < columnCount && slots[row][column] != nil { column += 1 }
                guard column < columnCount else { break }
                place(row: row, column: column, rowspan: cell.rowspan, colspan: cell.colspan, text: cell.text)
                column += placements[placements.count - 1].colspan
            }
            for c in 0..<columnCount where slots[row][c] == nil {
                place(row: row, column: c, rowspan: 1, colspan: 1, text: "")
            }
        }
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.placements = placements
        self.slots = slots.map { $0.map { $0 ?? .covered(0) } }
    }

    /// The header cells of one row as a renderer walks it: anchors, and vertical continuations of cells from
    /// rows above (each reported once, at its first column).
    enum RowItem: Sendable, Hashable {
        case start(Placement)
        case continuation(Placement)
    }

    func items(inRow row: Int) -> [RowItem] {
        var items: [RowItem] = []
        var column = 0
        while column < columnCount {
            switch slots[row][column] {
            case .anchor(let index):
                items.append(.start(placements[index]))
                column += max(1, placements[index].colspan)
            case .covered(let index):
                let placement = placements[index]
                if placement.row < row && placement.column == column {
                    items.append(.continuation(placement))
                    column += max(1, placement.colspan)
                } else {
                    column += 1
                }
            }
        }
        return items
    }
}

/// A body row laid out on the grid: cells clipped or padded to the column count.
struct BodyRowLayout: Sendable, Hashable {
    struct Item: Sendable, Hashable {
        var column: Int
        var colspan: Int
        var cell: ReportCell
    }

    let items: [Item]

    init(_ row: ReportRow, columnCount: Int) {
        var items: [Item] = []
        var column = 0
        for cell in row.cells {
            guard column < columnCount else { break }
            let span = min(cell.colspan, columnCount - column)
            items.append(Item(column: column, colspan: span, cell: cell))
            column += span
        }
        while column < columnCount {
            items.append(Item(column: column, colspan: 1, cell: ReportCell(.text(""))))
            column += 1
        }
        self.items = items
    }
}

extension ReportTable {
    /// The alignment of a body cell: its override, the column's, or text left and numbers centred.
    func alignment(of cell: ReportCell, column: Int) -> TextAlignment {
        if let alignment = cell.alignment { return alignment }
        if column < columns.count, let alignment = columns[column].alignment { return alignment }
        if case .text = cell.value { return .left }
        return .center
    }

    /// Relative column widths, normalised to sum 1 (equal widths when the weights are unusable).
    var normalisedWidths: [Double] {
        let weights = columns.map { $0.width.isFinite && $0.width > 0 ? $0.width : 0 }
        let total = weights.reduce(0, +)
        guard total > 0 else { return columns.map { _ in 1 / Double(max(1, columns.count)) } }
        return weights.map { $0 / total }
    }
}

/// Splits `total` into integer parts proportional to `fractions`; the parts sum to `total`.
func distribute(_ total: Int, over fractions: [Double]) -> [Int] {
    guard !fractions.isEmpty else { return [] }
    var parts: [Int] = []
    var used = 0
    var cumulative = 0.0
    for fraction in fractions {
        cumulative += fraction
        let end = Int((Double(total) * cumulative).rounded())
        parts.append(max(0, end - used))
        used = max(used, end)
    }
    parts[parts.count - 1] += total - parts.reduce(0, +)
    return parts
}
