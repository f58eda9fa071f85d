public import ChiSoCore
import Foundation

/// Reads a plain table of the portal's figures (CSV or XLSX), the form in which reports of 2022–mid 2025 quote the
/// older portal (DOMAIN §7.1): one row per unit, period and indicator (or group, or total).
///
/// Columns, by their Vietnamese or English headers (case, diacritics, `_` and `%` ignored):
/// * `period` / `Kỳ` (`2024-07`, `07/2024`, `tháng 7/2024`, `quý II/2024`, `năm 2024`), required;
/// * `unit_code` / `Mã đơn vị` and `unit` / `Đơn vị` (at least one); `level` / `Loại đơn vị` / `Cấp`, where
///   `tỉnh` or `province` marks a province's own row;
/// * `indicator` / `Chỉ số` / `Chỉ tiêu` and `group` / `Nhóm chỉ tiêu` (at least one): an indicator id, a portal
///   code or an indicator's name; a group's id, key (`CKMB`...) or name (`Số hóa hồ sơ`, `Điểm số hóa hồ sơ`); or
///   the total (`Tổng`, `Tổng điểm`, `total`);
/// * `numerator` / `Tử số`, `denominator` / `Mẫu số`, `rate` / `Tỷ lệ %`, `points` / `Điểm đánh giá`,
///   `max_points` / `Điểm tối đa`, `rank` / `Xếp hạng` (at least one), `taken_at` / `Thời điểm xuất` (optional).
///
/// Numbers take a decimal comma or point (`85,05`); an empty cell is null, not 0. A bad cell is an ``IngestIssue``
/// (file, row, column, what was expected) and reading goes on. Each period of the table is one snapshot.
public enum NationalTableReader {
    /// One period's snapshot, and whether its time of export came from the table.
    public struct Part: Sendable {
        public var snapshot: NationalSnapshot
        public var takenAtInFile: Bool
    }

    public struct TableRead: Sendable {
        public var parts: [Part] = []
        public var raw: NationalRawAnswer
        public var issues: [IngestIssue] = []
    }

    enum Column: String, CaseIterable {
        case period, unitCode, unitName, level, group, indicator, numerator, denominator, rate, points, maxPoints, rank, takenAt

        var headers: [String] {
            switch self {
            case .period: return ["period", "kỳ", "kỳ báo cáo", "kỳ đánh giá", "thời gian"]
            case .unitCode: return ["unit_code", "code", "mã đơn vị", "mã"]
            case .unitName: return ["unit", "unit_name", "name", "đơn vị", "tên đơn vị"]
            case .level: return ["level", "unit_kind", "loại đơn vị", "cấp", "cấp đơn vị"]
            case .group: return ["group", "nhóm", "nhóm chỉ tiêu", "nhóm chỉ số"]
            case .indicator: return ["indicator", "chỉ số", "chỉ tiêu", "tên chỉ số", "tên chỉ tiêu"]
            case .numerator: return ["numerator", "tử số"]
            case .denominator: return ["denominator", "mẫu số"]
            case .rate: return ["rate", "ratio", "tỷ lệ", "tỉ lệ"]
            case .points: return ["points", "score", "điểm", "điểm đánh giá", "điểm số"]
            case .maxPoints: return ["max_points", "max", "điểm tối đa"]
            case .rank: return ["rank", "xếp hạng", "thứ hạng", "hạng"]
            case .takenAt: return ["taken_at", "exported_at", "thời điểm xuất", "thời điểm xuất dữ liệu"]
            }
        }
    }

    static func headerKey(_ text: String) -> String {
        let cleaned = NationalNames.normalised(text.replacingOccurrences(of: "_", with: " "))
            .filter { !"()%:.".contains($0) }
        return cleaned.split(separator: " ").joined(separator: " ")
    }

    /// The column of each header cell.
    static func columns(_ header: [String]) -> [Column: Int] {
        var found: [Column: Int] = [:]
        let keys = header.map(headerKey)
        for column in Column.allCases {
            let wanted = Set(column.headers.map(headerKey))
            if let index = keys.firstIndex(where: { wanted.contains($0) }) { found[column] = index }
        }
        return found
    }

    static func accepts(_ header: [String]) -> Bool {
        let found = columns(header)
        return found[.period] != nil && (found[.unitCode] != nil || found[.unitName] != nil)
            && (found[.indicator] != nil || found[.group] != nil)
    }

    /// Whether a file's first row looks like a national figures table (used to tell it from a dossier export).
    public static func looksLikeTable(_ file: NationalInputFile) -> Bool {
        guard let header = try? header(file) else { return false }
        return accepts(header)
    }

    private static func header(_ file: NationalInputFile) throws(IngestError) -> [String] {
        if file.pathExtension == "xlsx" || file.pathExtension == "xlsm" {
            var rows = try XLSXReader(bytes: file.bytes, fileName: file.name)
            return try rows.header(searchLimit: 20, where: accepts)
        }
        var rows = CSVReader(source: ArrayChunkSource(file.bytes), fileName: file.name)
        return try rows.header()
    }

    /// Reads the table; periods without a time of export in the table take `fallbackTakenAt`.
    ///
    /// - Throws: ``IngestError`` when the file cannot be read or lacks the required columns.
    public static func read(_ file: NationalInputFile, fallbackTakenAt: Instant, provinceID: String? = nil) throws(IngestError) -> TableRead {
        var reading = TableReading(file: file.name)
        if file.pathExtension == "xlsx" || file.pathExtension == "xlsm" {
            var rows = try XLSXReader(bytes: file.bytes, fileName: file.name)
            try reading.read(&rows)
        } else {
            var rows = CSVReader(source: ArrayChunkSource(file.bytes), fileName: file.name)
            try reading.read(&rows)
        }
        var result = TableRead(raw: NationalRawAnswer(endpoint: nil, source: file.name, bytes: file.bytes), issues: reading.issues)
        for period in reading.order {
            guard let collected = reading.periods[period] else { continue }
            result.parts.append(
                Part(
                    snapshot: collected.snapshot(period: period, takenAt: collected.takenAt ?? fallbackTakenAt, provinceID: provinceID),
                    takenAtInFile: collected.takenAt != nil))
        }
        return result
    }
}

/// The rows of one period.
struct TablePeriod {
    var merger = UnitMerger()
    var provinceRows: [NationalUnitFigures] = []
    var groups: Set<NationalGroup> = []
    var takenAt: Instant?

    func snapshot(period: Period, takenAt: Instant, provinceID: String?) -> NationalSnapshot {
        var units = merger.units
        var provinces: [NationalProvinceResult] = []
        var provinceMerger = UnitMerger()
        for row in provinceRows { provinceMerger.add(row, group: row.groups.keys.first ?? .transparency) }
        let rows = provinceMerger.units
        let own: NationalUnitFigures?
        if let provinceID {
            let key = NationalNames.normalised(provinceID)
            own = rows.first { $0.portalCode == provinceID || $0.portalID == provinceID || NationalNames.normalised($0.name) == key }
        } else {
            own = rows.count == 1 ? rows.first : nil
        }
        if var own {
            own.isProvince = true
            units.insert(own, at: 0)
        }
        if rows.count > 1 {
            provinces = rows.map { row in
                NationalProvinceResult(
                    portalID: row.portalID, portalCode: row.portalCode, name: row.name, total: row.total,
                    groupPoints: row.groups.mapValues { $0.points })
            }
        }
        return NationalSnapshot(
            period: period, takenAt: takenAt, origin: .table, provinceID: provinceID ?? own?.portalCode, groupsPresent: groups, units: units,
            provinces: provinces)
    }
}

/// Reading a table's rows.
struct TableReading {
    typealias Column = NationalTableReader.Column
    let file: String
    var issues: [IngestIssue] = []
    var periods: [Period: TablePeriod] = [:]
    var order: [Period] = []
    private let methodology = try? MethodologyFile.builtIn("qd766-2026")

    init(file: String) { self.file = file }

    mutating func read<Rows: TabularRowReader>(_ rows: inout Rows) throws(IngestError) {
        let header = try rows.header(searchLimit: 20, where: NationalTableReader.accepts)
        let columns = NationalTableReader.columns(header)
        var missing: [String] = []
        if columns[.period] == nil { missing.append("period (Kỳ)") }
        if columns[.unitCode] == nil && columns[.unitName] == nil { missing.append("unit_code hoặc unit (Mã đơn vị, Đơn vị)") }
        if columns[.indicator] == nil && columns[.group] == nil { missing.append("indicator hoặc group (Chỉ số, Nhóm chỉ tiêu)") }
        if [Column.numerator, .denominator, .rate, .points, .rank].allSatisfy({ columns[$0] == nil }) {
            missing.append("numerator, denominator, rate, points hoặc rank (Tử số, Mẫu số, Tỷ lệ %, Điểm, Xếp hạng)")
        }
        guard missing.isEmpty else {
            throw IngestError.missingColumns(file: file, missing: missing, found: header.filter { !$0.isEmpty })
        }
        while let result = try rows.next() {
            switch result {
            case .issue(let issue): issues.append(issue)
            case .record(let row, let position):
                let cells = Cells(fields: row.fields, columns: columns, header: header)
                do throws(FieldFailure) {
                    try add(cells)
                } catch {
                    issues.append(
                        IngestIssue(
                            kind: error.kind, fileName: file, recordNumber: position.recordNumber, line: position.line, field: error.field,
                            isColumn: true, expected: error.expected, found: error.found, rawRecord: row.rawText))
                }
            }
        }
    }

    struct Cells {
        let fields: [String]
        let columns: [Column: Int]
        let header: [String]

        func text(_ column: Column) -> String? {
            guard let index = columns[column], index < fields.count else { return nil }
            let text = Text.trimmed(fields[index])
            return text.isEmpty ? nil : text
        }

        func name(_ column: Column) -> String { columns[column].map { header[$0] } ?? column.rawValue }

        func number(_ column: Column) throws(FieldFailure) -> Double? {
            guard let text = text(column) else { return nil }
            guard let value = TableReading.number(text) else {
                throw .invalid(name(column), expected: "số (dấu thập phân là dấu phẩy hoặc dấu chấm) hoặc ô trống", found: text)
            }
            return value
        }
    }

    /// A number written `85,05`, `85.05`, `1.234` (thousands) or `1.234,5`.
    static func number(_ text: String) -> Double? {
        var t = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
        if t.hasSuffix("%") { t.removeLast() }
        let hasComma = t.contains(","), hasDot = t.contains(".")
        if hasComma && hasDot {
            if t.lastIndex(of: ",")! > t.lastIndex(of: ".")! {
                t = t.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
            } else {
                t = t.replacingOccurrences(of: ",", with: "")
            }
        } else if hasComma {
            t = t.replacingOccurrences(of: ",", with: ".")
        } else if hasDot, Array(t.split(separator: ".", omittingEmptySubsequences: false).map(\.count).dropFirst()).allSatisfy({ $0 == 3 }) {
            // Dots between groups of three digits are thousands separators (1.000, 12.345.678).
            t = t.replacingOccurrences(of: ".", with: "")
        }
        guard let value = Double(t), value.isFinite else { return nil }
        return value
    }

    static func period(_ text: String) -> Period? {
        if let period = Period(text) { return period }
        let key = NationalNames.normalised(text)
        let words = key.replacingOccurrences(of: "/", with: " ").replacingOccurrences(of: "-", with: " ").split(separator: " ").map(String.init)
        guard let year = words.last.flatMap({ Int($0) }), year > 1900 else { return nil }
        let rest = Array(words.dropLast())
        if rest.isEmpty || rest == ["nam"] { return .year(year) }
        if rest.first == "quy", rest.count == 2 {
            let quarter = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4][rest[1]]
            return quarter.map { .quarter(year, $0) }
        }
        let monthWords = rest.first == "thang" ? Array(rest.dropFirst()) : rest
        if monthWords.count == 1, let month = Int(monthWords[0]), (1...12).contains(month) { return .month(year, month) }
        return nil
    }

    enum Target {
        case metric(Indicator, NationalGroup)
        case group(NationalGroup)
        case total
    }

    static let totalWords: Set<String> = ["tong", "tong diem", "tong hop", "total", "chi so tong hop", "diem tong", "tong cong"]

    func target(_ text: String) -> Target? {
        if let indicator = Indicator(rawValue: text) ?? Indicator(portalMetricCode: text) ?? indicatorNamed(text) {
            return group(of: indicator).map { .metric(indicator, $0) }
        }
        if let group = groupNamed(text) { return .group(group) }
        if TableReading.totalWords.contains(NationalNames.normalised(text)) { return .total }
        return nil
    }

    func indicatorNamed(_ text: String) -> Indicator? {
        let key = NationalNames.normalised(text)
        for group in methodology?.groups ?? [] {
            for rule in group.indicators where NationalNames.normalised(rule.name) == key { return rule.indicator }
        }
        return nil
    }

    func group(of indicator: Indicator) -> NationalGroup? {
        guard let group = methodology?.groups.first(where: { $0.indicators.contains { $0.indicator == indicator } }) else { return nil }
        return NationalGroup(rawValue: group.id)
    }

    func groupNamed(_ text: String) -> NationalGroup? {
        if let group = NationalGroup(rawValue: text) ?? NationalGroup.allCases.first(where: { $0.serviceResultsKey == text.uppercased() }) {
            return group
        }
        let key = NationalNames.normalised(text)
        for group in methodology?.groups ?? [] where NationalNames.normalised(group.name) == key { return NationalGroup(rawValue: group.id) }
        // The older portal's names: "Điểm số hóa hồ sơ", "Điểm dịch vụ trực tuyến", "Tiến độ, kết quả giải quyết"...
        let keywords: [(String, NationalGroup)] = [
            ("cong khai", .transparency), ("minh bach", .transparency), ("tien do", .timeliness), ("thanh toan", .onlinePayment),
            ("dich vu truc tuyen", .onlineService), ("dich vu cong truc tuyen", .onlineService), ("so hoa", .digitization),
            ("hai long", .satisfaction),
        ]
        return keywords.first { key.contains($0.0) }?.1
    }

    static let provinceLevels: Set<String> = ["tinh", "province", "tinh thanh pho", "tinh/thanh pho", "toan tinh", "cap tinh"]

    mutating func add(_ cells: Cells) throws(FieldFailure) {
        guard let periodText = cells.text(.period) else { throw .missing(cells.name(.period), expected: "kỳ (2024-07, 07/2024, quý II/2024)") }
        guard let period = TableReading.period(periodText) else {
            throw .invalid(cells.name(.period), expected: "kỳ dạng 2024-07, 07/2024, tháng 7/2024, quý II/2024 hoặc năm 2024", found: periodText)
        }
        let code = cells.text(.unitCode)
        guard let name = cells.text(.unitName) ?? code else {
            throw .missing(cells.name(.unitName), expected: "tên hoặc mã đơn vị")
        }
        let indicatorText = cells.text(.indicator)
        let groupText = cells.text(.group)
        // The indicator column says what the row is; the group column only when the indicator's is empty.
        let resolved = indicatorText.map(target) ?? groupText.map(target) ?? nil
        guard let resolved else {
            let column = indicatorText != nil ? cells.name(.indicator) : cells.name(.group)
            throw .invalid(
                column, expected: "mã hoặc tên chỉ số, nhóm chỉ tiêu (transparency, CKMB, Số hóa hồ sơ...) hoặc Tổng",
                found: indicatorText ?? groupText)
        }
        var takenAt: Instant?
        if let text = cells.text(.takenAt) {
            guard let instant = NationalTime.instant(text) else {
                throw .invalid(cells.name(.takenAt), expected: "ngày giờ dạng yyyy-MM-dd HH:mm:ss, dd/MM/yyyy hoặc ISO 8601", found: text)
            }
            takenAt = instant
        }
        let numerator = try cells.number(.numerator)
        let denominator = try cells.number(.denominator)
        let rate = try cells.number(.rate)
        let points = try cells.number(.points)
        let maxPoints = try cells.number(.maxPoints)
        var rank: Int?
        if let text = cells.text(.rank) {
            let digits = text.split(separator: "/").first.map { Text.trimmed(String($0)) } ?? text
            guard let value = Int(digits) else { throw .invalid(cells.name(.rank), expected: "số nguyên (3 hoặc 03/63)", found: text) }
            rank = value
        }
        let isProvince = cells.text(.level).map { TableReading.provinceLevels.contains(NationalNames.normalised($0)) } ?? false
        var unit = NationalUnitFigures(portalCode: code, name: name, level: cells.text(.level), publishedRank: rank)
        var group: NationalGroup = .transparency
        switch resolved {
        case .metric(let indicator, let g):
            group = g
            unit.groups[g] = NationalGroupFigures(
                metrics: [
                    NationalMetric(
                        code: indicator.rawValue, indicator: indicator, name: indicatorText, numerator: numerator, denominator: denominator,
                        rate: rate,
                        points: points, maxPoints: maxPoints)
                ])
        case .group(let g):
            group = g
            unit.groups[g] = NationalGroupFigures(
                points: points, maxPoints: maxPoints, rate: rate,
                counts: numerator == nil && denominator == nil ? [:] : ["numerator": numerator, "denominator": denominator])
        case .total:
            unit.publishedTotal = points
        }
        if periods[period] == nil {
            periods[period] = TablePeriod()
            order.append(period)
        }
        if case .total = resolved {} else { periods[period]!.groups.insert(group) }
        if let takenAt { periods[period]!.takenAt = max(periods[period]!.takenAt ?? takenAt, takenAt) }
        if isProvince {
            periods[period]!.provinceRows.append(unit)
        } else {
            periods[period]!.merger.add(unit, group: group)
        }
    }
}
