import ChiSoCore

/// The cells of one CSV row, looked up by column name, with the conversions the typed readers share.
struct CSVCells {
    let fields: [String]
    let columns: [String: Int]

    /// The trimmed cell of a column; nil when the column is absent or the cell is empty.
    func text(_ column: String) -> String? {
        guard let index = columns[column], index < fields.count else { return nil }
        let text = Text.trimmed(fields[index])
        return text.isEmpty ? nil : text
    }

    func required(_ column: String, expected: String = Expected.nonEmptyText) throws(FieldFailure) -> String {
        guard let text = text(column) else { throw .missing(column, expected: expected) }
        return text
    }

    /// A 0/1 flag (also true/false, có/không); `absent` when the cell is empty.
    func flag(_ column: String, absent: Bool = false) throws(FieldFailure) -> Bool {
        try optionalFlag(column) ?? absent
    }

    func optionalFlag(_ column: String) throws(FieldFailure) -> Bool? {
        guard let text = text(column) else { return nil }
        switch text.lowercased() {
        case "1", "true", "có", "x": return true
        case "0", "false", "không": return false
        default: throw .invalid(column, expected: "0 hoặc 1", found: text)
        }
    }

    func integer(_ column: String) throws(FieldFailure) -> Int? {
        guard let text = text(column) else { return nil }
        guard let value = Int(text) else { throw .invalid(column, expected: Expected.integer, found: text) }
        return value
    }

    /// A date `yyyy-MM-dd` or `dd/MM/yyyy`.
    func date(_ column: String) throws(FieldFailure) -> LocalDate? {
        guard let text = text(column) else { return nil }
        guard let date = CSVCells.parseDate(text) else {
            throw .invalid(column, expected: "ngày dạng yyyy-MM-dd hoặc dd/MM/yyyy", found: text)
        }
        return date
    }

    /// A local instant `yyyyMMddHHmmss`, `yyyy-MM-dd HH:mm:ss` (or `HH:mm`, or a `T` separator) or `yyyy-MM-dd`.
    func instant(_ column: String) throws(FieldFailure) -> Instant? {
        guard let text = text(column) else { return nil }
        guard let instant = CSVCells.parseInstant(text) else {
            throw .invalid(column, expected: "ngày giờ dạng yyyyMMddHHmmss, yyyy-MM-dd HH:mm:ss hoặc yyyy-MM-dd", found: text)
        }
        return instant
    }

    /// A value from a fixed list of spellings (compared in lower case); nil when the cell is empty.
    func choice<Value>(_ column: String, _ values: [String: Value], expected: String) throws(FieldFailure) -> Value? {
        guard let text = text(column) else { return nil }
        guard let value = values[text.lowercased()] else { throw .invalid(column, expected: expected, found: text) }
        return value
    }

    static func parseDate(_ text: String) -> LocalDate? {
        if let date = LocalDate(iso: text) { return date }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    static func parseInstant(_ text: String) -> Instant? {
        if let instant = Instant(dvcqg: text) { return instant }
        var datePart = Substring(text)
        var timePart: Substring = ""
        if let separator = text.firstIndex(where: { $0 == " " || $0 == "T" }) {
            datePart = text[..<separator]
            timePart = text[text.index(after: separator)...]
        }
        guard let date = LocalDate(iso: datePart) ?? parseDate(String(datePart)) else { return nil }
        guard !timePart.isEmpty else { return Instant(local: date) }
        let pieces = timePart.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count == 2 || pieces.count == 3, pieces.allSatisfy({ $0.count == 2 }),
            let hour = Int(pieces[0]), let minute = Int(pieces[1]), hour < 24, minute < 60
        else { return nil }
        let second = pieces.count == 3 ? Int(pieces[2]) : 0
        guard let second, second < 60 else { return nil }
        return Instant(local: date, hour: hour, minute: minute, second: second)
    }
}
