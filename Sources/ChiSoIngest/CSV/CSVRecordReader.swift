public import ChiSoCore

/// Streams typed records from a CSV file with a header row, one ``ReadResult`` per data row.
///
/// Columns are matched by name, case-insensitively after trimming and NFC normalisation, in any order; extra
/// columns are ignored. A missing required column is an ``IngestError`` thrown by the initializer (naming the
/// missing and the found columns). A bad cell is an ``IngestIssue`` naming the line, the column, the expected
/// form and the text found, and reading goes on. Rows with fewer cells than the header are padded with empty
/// cells; extra non-empty cells are an issue.
///
/// Create one with the initializer for the kind of file: ``init(units:fileName:)``,
/// ``init(procedures:fileName:)``, ``init(petitions:fileName:)``, ``init(ratings:fileName:)``,
/// ``init(counts:fileName:)``.
public struct CSVRecordReader<Source: ByteChunkSource, Record> {
    private var reader: CSVReader<Source>
    private let columns: [String: Int]
    private let columnCount: Int
    private let map: (CSVCells) throws(FieldFailure) -> Record

    /// The header as written in the file.
    public let header: [String]

    init(
        source: Source, fileName: String, required: [String], optional: [String],
        map: @escaping (CSVCells) throws(FieldFailure) -> Record
    ) throws(IngestError) {
        var reader = CSVReader(source: source, fileName: fileName)
        let header = try reader.header()
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.lowercased()
            if columns[key] == nil { columns[key] = index }
        }
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw IngestError.missingColumns(file: fileName, missing: missing, found: header.filter { !$0.isEmpty })
        }
        _ = optional
        self.reader = reader
        self.columns = columns
        self.columnCount = header.count
        self.header = header
        self.map = map
    }

    /// The next record or issue, or nil at the end of the file.
    ///
    /// - Throws: ``IngestError`` when the input cannot be read.
    public mutating func next() throws(IngestError) -> ReadResult<Record>? {
        guard let result = try reader.next() else { return nil }
        switch result {
        case .issue(let issue): return .issue(issue)
        case .record(let row, let position):
            func issue(_ failure: FieldFailure) -> ReadResult<Record> {
                .issue(
                    IngestIssue(
                        kind: failure.kind, fileName: reader.fileName, recordNumber: position.recordNumber, line: position.line,
                        field: failure.field, isColumn: true, expected: failure.expected, found: failure.found,
                        rawRecord: row.raw))
            }
            if row.fields.count > columnCount, row.fields[columnCount...].contains(where: { !Text.trimmed($0).isEmpty }) {
                return .issue(
                    IngestIssue(
                        kind: .columnCount, fileName: reader.fileName, recordNumber: position.recordNumber, line: position.line,
                        expected: "\(columnCount) ô như dòng tiêu đề", found: "\(row.fields.count) ô", rawRecord: row.raw))
            }
            do throws(FieldFailure) {
                return .record(try map(CSVCells(fields: row.fields, columns: columns)), position: position)
            } catch {
                return issue(error)
            }
        }
    }
}

/// Vietnamese and English spellings of unit kinds.
let unitKinds: [String: Unit.Kind] = [
    "province": .province, "department": .department, "district": .district, "commune": .commune, "other": .other,
    "tỉnh": .province, "sở": .department, "huyện": .district, "xã": .commune, "khác": .other,
]
let unitKindsExpected = "province, department, district, commune, other (hoặc tỉnh, sở, huyện, xã)"

extension CSVRecordReader where Record == Unit {
    /// A reader of a units file.
    ///
    /// Columns: `code`, `name`, `kind` (required); `parent_code`, `valid_from`, `valid_to`, `e_certified_copy`
    /// (optional). `kind` is `province`, `department`, `district`, `commune` or `other` (also `tỉnh`, `sở`,
    /// `huyện`, `xã`); dates are `yyyy-MM-dd` or `dd/MM/yyyy`; `e_certified_copy` is 0/1 (0 when empty).
    ///
    /// - Throws: ``IngestError`` when the file has no header or lacks a required column.
    public init(units source: Source, fileName: String) throws(IngestError) {
        try self.init(
            source: source, fileName: fileName, required: ["code", "name", "kind"],
            optional: ["parent_code", "valid_from", "valid_to", "e_certified_copy"]
        ) { (cells) throws(FieldFailure) -> Unit in
            let code = try cells.required("code")
            let name = try cells.required("name")
            guard let kind = try cells.choice("kind", unitKinds, expected: unitKindsExpected) else {
                throw .missing("kind", expected: unitKindsExpected)
            }
            return Unit(
                code: code, name: name, kind: kind, parentCode: cells.text("parent_code"), validFrom: try cells.date("valid_from"),
                validTo: try cells.date("valid_to"), offersElectronicCertifiedCopy: try cells.flag("e_certified_copy"))
        }
    }
}

extension CSVRecordReader where Record == Procedure {
    /// A reader of a procedure catalogue file.
    ///
    /// Columns: `code`, `name`, `online_level` (required); `field_code`, `field_name`, `result_required`,
    /// `fee_bearing`, `statutory_time`, `statutory_unit`, `applicants`, `unit_codes`, `unit_kinds`,
    /// `decision_date`, `effective_date`, `publicized_date`, `content_complete`, `by_ministry` (optional).
    /// `online_level` is `none`, `partial` or `full`; flags are 0/1 (`result_required` 1 when empty, the others 0,
    /// `content_complete` unknown when empty); `statutory_time` is an integer in `statutory_unit` (`working_days`
    /// when empty, `days`, `hours`); `applicants` is `citizens`, `businesses` or `both` (when empty);
    /// `unit_codes` and `unit_kinds` are semicolon-separated lists; dates are `yyyy-MM-dd` or `dd/MM/yyyy`.
    ///
    /// - Throws: ``IngestError`` when the file has no header or lacks a required column.
    public init(procedures source: Source, fileName: String) throws(IngestError) {
        try self.init(
            source: source, fileName: fileName, required: ["code", "name", "online_level"],
            optional: [
                "field_code", "field_name", "result_required", "fee_bearing", "statutory_time", "statutory_unit", "applicants",
                "unit_codes", "unit_kinds", "decision_date", "effective_date", "publicized_date", "content_complete",
                "by_ministry",
            ]
        ) { (cells) throws(FieldFailure) -> Procedure in
            let levels: [String: Procedure.OnlineLevel] = ["none": .none, "partial": .partial, "full": .full]
            let code = try cells.required("code")
            let name = try cells.required("name")
            guard let level = try cells.choice("online_level", levels, expected: "none, partial hoặc full") else {
                throw .missing("online_level", expected: "none, partial hoặc full")
            }
            var statutoryTime: StatutoryTime?
            if let value = try cells.integer("statutory_time") {
                guard value >= 0 else { throw .invalid("statutory_time", expected: "số nguyên không âm", found: String(value)) }
                let units: [String: StatutoryTime.Unit] = ["working_days": .workingDays, "days": .days, "hours": .hours]
                let unit = try cells.choice("statutory_unit", units, expected: "working_days, days hoặc hours") ?? .workingDays
                statutoryTime = StatutoryTime(value, unit)
            }
            let applicantValues: [String: Procedure.Applicants] = ["citizens": .citizens, "businesses": .businesses, "both": .both]
            let applicants = try cells.choice("applicants", applicantValues, expected: "citizens, businesses hoặc both") ?? .both
            let unitCodes = (cells.text("unit_codes") ?? "").split(separator: ";").map { Text.trimmed(String($0)) }.filter { !$0.isEmpty }
            var kinds: [Unit.Kind] = []
            for item in (cells.text("unit_kinds") ?? "").split(separator: ";") {
                let text = Text.trimmed(String(item))
                guard !text.isEmpty else { continue }
                guard let kind = unitKinds[text.lowercased()] else {
                    throw .invalid("unit_kinds", expected: "danh sách cấp đơn vị (\(unitKindsExpected)) cách nhau bởi dấu ;", found: text)
                }
                kinds.append(kind)
            }
            return Procedure(
                code: code, name: name, fieldCode: cells.text("field_code") ?? "", fieldName: cells.text("field_name") ?? "",
                onlineLevel: level, resultDocumentRequired: try cells.flag("result_required", absent: true),
                feeBearing: try cells.flag("fee_bearing"), statutoryTime: statutoryTime, applicants: applicants,
                unitCodes: unitCodes, unitKinds: kinds,
                publication: Publication(
                    decisionDate: try cells.date("decision_date"), effectiveDate: try cells.date("effective_date"),
                    publicizedDate: try cells.date("publicized_date"), contentComplete: try cells.optionalFlag("content_complete"),
                    byMinistry: try cells.flag("by_ministry")))
        }
    }
}

/// Spellings of ratings.
let ratingValues: [String: Rating.Value] = [
    "very_satisfied": .verySatisfied, "satisfied": .satisfied, "normal": .normal, "unsatisfied": .unsatisfied,
    "rất hài lòng": .verySatisfied, "hài lòng": .satisfied, "bình thường": .normal, "không hài lòng": .unsatisfied,
]
let ratingExpected = "very_satisfied, satisfied, normal hoặc unsatisfied"

extension CSVRecordReader where Record == Petition {
    /// A reader of a petitions (phản ánh, kiến nghị) file.
    ///
    /// Columns: `code`, `unit_code`, `received_at` (required); `resolved_at`, `rating`, `repeated`,
    /// `dossier_code` (optional). Instants are `yyyyMMddHHmmss`, `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd`, local
    /// time; `rating` is `very_satisfied`, `satisfied`, `normal`, `unsatisfied` or empty; `repeated` is 0/1.
    ///
    /// - Throws: ``IngestError`` when the file has no header or lacks a required column.
    public init(petitions source: Source, fileName: String) throws(IngestError) {
        try self.init(
            source: source, fileName: fileName, required: ["code", "unit_code", "received_at"],
            optional: ["resolved_at", "rating", "repeated", "dossier_code"]
        ) { (cells) throws(FieldFailure) -> Petition in
            let code = try cells.required("code")
            let unitCode = try cells.required("unit_code")
            guard let receivedAt = try cells.instant("received_at") else {
                throw .missing("received_at", expected: "ngày giờ dạng yyyyMMddHHmmss, yyyy-MM-dd HH:mm:ss hoặc yyyy-MM-dd")
            }
            return Petition(
                code: code, unitCode: unitCode, receivedAt: receivedAt, resolvedAt: try cells.instant("resolved_at"),
                rating: try cells.choice("rating", ratingValues, expected: ratingExpected + " (hoặc để trống)"),
                repeated: try cells.flag("repeated"), dossierCode: cells.text("dossier_code"))
        }
    }
}

extension CSVRecordReader where Record == Rating {
    /// A reader of a dossier satisfaction ratings file.
    ///
    /// Columns: `dossier_code`, `value` (required); `rated_at` (optional). `value` is `very_satisfied`,
    /// `satisfied`, `normal` or `unsatisfied`; `rated_at` as the petitions' instants.
    ///
    /// - Throws: ``IngestError`` when the file has no header or lacks a required column.
    public init(ratings source: Source, fileName: String) throws(IngestError) {
        try self.init(source: source, fileName: fileName, required: ["dossier_code", "value"], optional: ["rated_at"]) {
            (cells) throws(FieldFailure) -> Rating in
            let code = try cells.required("dossier_code")
            guard let value = try cells.choice("value", ratingValues, expected: ratingExpected) else {
                throw .missing("value", expected: ratingExpected)
            }
            return Rating(dossierCode: code, value: value, ratedAt: try cells.instant("rated_at"))
        }
    }
}

/// One row of a unit-level counts file: an indicator's numerator and denominator for a unit.
public struct CountRow: Hashable, Sendable {
    public var unit: Unit
    public var indicator: Indicator
    public var count: Count

    public init(unit: Unit, indicator: Indicator, count: Count) {
        self.unit = unit
        self.indicator = indicator
        self.count = count
    }
}

extension CSVRecordReader where Record == CountRow {
    /// A reader of a unit-level counts file (`chiso score --counts`).
    ///
    /// Columns: `unit_code`, `unit_name`, `unit_kind`, `indicator`, `numerator`, `denominator` (required);
    /// `parent_code` (optional). `indicator` is an ``Indicator`` id (`dossier_on_time`...); the numerator and
    /// denominator are integers with 0 ≤ numerator ≤ denominator.
    ///
    /// - Throws: ``IngestError`` when the file has no header or lacks a required column.
    public init(counts source: Source, fileName: String) throws(IngestError) {
        try self.init(
            source: source, fileName: fileName,
            required: ["unit_code", "unit_name", "unit_kind", "indicator", "numerator", "denominator"],
            optional: ["parent_code"]
        ) { (cells) throws(FieldFailure) -> CountRow in
            let code = try cells.required("unit_code")
            let name = try cells.required("unit_name")
            guard let kind = try cells.choice("unit_kind", unitKinds, expected: unitKindsExpected) else {
                throw .missing("unit_kind", expected: unitKindsExpected)
            }
            let id = try cells.required("indicator", expected: "mã chỉ số")
            guard let indicator = Indicator(rawValue: id) ?? Indicator(rawValue: id.lowercased()) else {
                throw .invalid("indicator", expected: "mã chỉ số đã biết (ví dụ dossier_on_time)", found: id)
            }
            guard let numerator = try cells.integer("numerator") else {
                throw .missing("numerator", expected: "số nguyên không âm")
            }
            guard let denominator = try cells.integer("denominator") else {
                throw .missing("denominator", expected: "số nguyên không âm")
            }
            guard numerator >= 0 else { throw .invalid("numerator", expected: "số nguyên không âm", found: String(numerator)) }
            guard denominator >= 0 else {
                throw .invalid("denominator", expected: "số nguyên không âm", found: String(denominator))
            }
            guard numerator <= denominator else {
                throw .invalid(
                    "numerator", expected: "tử số không lớn hơn mẫu số (\(denominator))", found: String(numerator))
            }
            return CountRow(
                unit: Unit(code: code, name: name, kind: kind, parentCode: cells.text("parent_code")), indicator: indicator,
                count: Count(numerator, denominator))
        }
    }
}
