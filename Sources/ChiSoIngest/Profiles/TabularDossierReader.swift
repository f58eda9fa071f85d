public import ChiSoCore

/// Streams dossiers from a spreadsheet (CSV or XLSX rows) through a ``TabularProfile``, one ``ReadResult`` per
/// data row.
///
/// The header is the first row (CSV) or the first of the first 20 non-empty rows that has every required column
/// (XLSX, whose exports often have title rows). A required column the header lacks is an ``IngestError`` listing
/// the missing columns (each with its accepted spellings) and the columns found. A bad cell is an
/// ``IngestIssue`` naming the file, the row (the CSV line or the worksheet row number), the column header, what
/// was expected and what was found, and reading goes on. Extra non-empty cells beyond the header are an issue
/// (usually a delimiter inside an unquoted CSV cell).
///
/// Mapping of a row:
/// * `code`, `procedure_code`, `unit_code` (the unit's code, like `DonViXuLy`), `received_at` and `status` are
///   required; an unknown status value is an issue (``IngestIssue/Kind/unknownStatus``), never a guessed state;
/// * `channel` (in person when empty), `applicant` (citizen when empty), `paid_online` go through the profile's
///   value tables;
/// * dates go through the column's patterns, then `yyyy-MM-dd HH:mm:ss` / `yyyy-MM-dd` (what XLSX date cells read as);
/// * `processed_at` (or `returned_at`) becomes the end of processing of processed and returned dossiers, and the
///   stop time of refused, stopped and withdrawn ones, as for DVCQG records;
/// * `fee` is one fee of that amount in đồng (`50000`, `50.000`, `50,000 đ`); empty means no fee data;
/// * `digitized` sets the digitised flag, `reused` / `from_data_store` add a component so marked,
///   `electronic_result` adds a result document with a file, `vneid` and `synced` set their flags (`synced` falls
///   back to the profile's `synced_default`);
/// * `supplement_requested_at` (with `supplement_supplied_at`) adds one supplement request.
///
/// Duplicate dossier codes are all returned: deduplication is the store's concern.
public struct TabularDossierReader<Rows: TabularRowReader> {
    private var rows: Rows
    private let profile: TabularProfile
    private let indices: [TabularProfile.Field: Int]
    private let columnCount: Int
    /// The header as found in the file.
    public let header: [String]

    /// Creates a reader and reads the header.
    ///
    /// - Throws: ``IngestError`` when the input has no header, cannot be read, or lacks a required column.
    public init(rows: Rows, profile: TabularProfile) throws(IngestError) {
        var rows = rows
        let header = try rows.header(searchLimit: 20) { profile.matches(header: $0) }
        let missing = profile.missingRequiredColumns(in: header)
        guard missing.isEmpty else {
            throw IngestError.missingColumns(file: rows.fileName, missing: missing, found: header.filter { !$0.isEmpty })
        }
        var indices: [TabularProfile.Field: Int] = [:]
        let normalised = header.map { Text.nfc(Text.trimmed($0)) }
        for (field, column) in profile.columns {
            for spelling in column.headers {
                if let index = normalised.firstIndex(of: spelling) {
                    indices[field] = index
                    break
                }
            }
        }
        self.rows = rows
        self.profile = profile
        self.indices = indices
        self.header = header
        self.columnCount = header.count
    }

    /// The next dossier or issue, or nil at the end of the input.
    ///
    /// - Throws: ``IngestError`` when the input cannot be read.
    public mutating func next() throws(IngestError) -> ReadResult<Dossier>? {
        guard let result = try rows.next() else { return nil }
        switch result {
        case .issue(let issue): return .issue(issue)
        case .record(let row, let position):
            if row.fields.count > columnCount, row.fields[columnCount...].contains(where: { !Text.trimmed($0).isEmpty }) {
                return .issue(
                    IngestIssue(
                        kind: .columnCount, fileName: rows.fileName, recordNumber: position.recordNumber, line: position.line,
                        expected: "\(columnCount) ô như dòng tiêu đề", found: "\(row.fields.count) ô", rawRecord: row.raw))
            }
            do throws(FieldFailure) {
                return .record(try dossier(row.fields), position: position)
            } catch {
                return .issue(
                    IngestIssue(
                        kind: error.kind, fileName: rows.fileName, recordNumber: position.recordNumber, line: position.line,
                        field: error.field, isColumn: true, expected: error.expected, found: error.found, rawRecord: row.raw))
            }
        }
    }

    // MARK: - Cells

    private func column(_ field: TabularProfile.Field) -> String {
        indices[field].map { header[$0] } ?? field.rawValue
    }

    private func text(_ field: TabularProfile.Field, _ fields: [String]) -> String? {
        guard let index = indices[field], index < fields.count else { return nil }
        let text = Text.trimmed(fields[index])
        return text.isEmpty ? nil : text
    }

    private func required(_ field: TabularProfile.Field, _ fields: [String]) throws(FieldFailure) -> String {
        guard let text = text(field, fields) else { throw .missing(column(field), expected: Expected.nonEmptyText) }
        return text
    }

    private func instant(_ field: TabularProfile.Field, _ fields: [String]) throws(FieldFailure) -> Instant? {
        guard let text = text(field, fields) else { return nil }
        let formats = profile.columns[field]?.dateFormats ?? []
        for pattern in formats {
            if let instant = pattern.instant(text) { return instant }
        }
        for pattern in DatePattern.canonical {
            if let instant = pattern.instant(text) { return instant }
        }
        throw .invalid(column(field), expected: dateExpected(formats), found: text)
    }

    private func dateExpected(_ formats: [DatePattern]) -> String {
        let names = (formats + DatePattern.canonical).map(\.pattern)
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        return "ngày giờ dạng " + unique.joined(separator: " hoặc ")
    }

    private func choice<Value>(
        _ field: TabularProfile.Field, _ fields: [String], _ table: [String: Value], expected: String
    ) throws(FieldFailure) -> Value? {
        guard let text = text(field, fields) else { return nil }
        guard let value = table[TabularProfile.key(text)] else { throw .invalid(column(field), expected: expected, found: text) }
        return value
    }

    private func flag(_ field: TabularProfile.Field, _ fields: [String]) throws(FieldFailure) -> Bool? {
        guard let text = text(field, fields) else { return nil }
        let key = TabularProfile.key(text)
        if profile.trueValues.contains(key) { return true }
        if profile.falseValues.contains(key) { return false }
        throw .invalid(
            column(field), expected: "cờ đúng/sai (\(spellings(profile.trueValues)) hoặc \(spellings(profile.falseValues)))", found: text)
    }

    private func spellings(_ values: some Collection<String>) -> String {
        values.sorted().joined(separator: ", ")
    }

    /// An amount in đồng: digits with optional `.`/`,`/space thousands separators and a currency sign.
    static func amount(_ text: String) -> Int64? {
        var body = text.lowercased()
        for suffix in ["vnđ", "vnd", "đồng", "đ", "₫"] where body.hasSuffix(suffix) {
            body.removeLast(suffix.count)
            break
        }
        body = Text.trimmed(body).replacing(" ", with: "").replacing("\u{00A0}", with: "")
        guard !body.isEmpty else { return nil }
        let groups = body.split(separator: ".", omittingEmptySubsequences: false)
        let commaGroups = body.split(separator: ",", omittingEmptySubsequences: false)
        func thousands(_ parts: [Substring]) -> Bool {
            parts.count > 1 && (1...3).contains(parts[0].count) && parts.dropFirst().allSatisfy { $0.count == 3 }
                && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }
        if thousands(groups) && !body.contains(",") { return Int64(groups.joined()) }
        if thousands(commaGroups) && !body.contains(".") { return Int64(commaGroups.joined()) }
        guard let value = Double(body), value.isFinite, value >= 0, value < 1e15 else { return nil }
        let rounded = value.rounded()
        guard abs(rounded - value) < 1e-6 else { return nil }
        return Int64(rounded)
    }

    private func dossier(_ fields: [String]) throws(FieldFailure) -> Dossier {
        let code = try required(.code, fields)
        let procedureCode = try required(.procedureCode, fields)
        let unitCode = try required(.unitCode, fields)
        guard let receivedAt = try instant(.receivedAt, fields) else {
            throw .missing(column(.receivedAt), expected: dateExpected(profile.columns[.receivedAt]?.dateFormats ?? []))
        }
        guard let statusText = text(.status, fields) else { throw .missing(column(.status), expected: "trạng thái hồ sơ") }
        guard let state = profile.statusMapping.state(for: TabularProfile.key(statusText)) else {
            throw FieldFailure(
                kind: .unknownStatus, field: column(.status),
                expected: "trạng thái đã khai báo trong hồ sơ ánh xạ \(profile.id) (\(profile.statusMapping.codes.joined(separator: ", ")))",
                found: statusText)
        }
        let channel =
            try choice(
                .channel, fields, profile.channels,
                expected: "kênh nộp (\(spellings(profile.channels.keys)))") ?? .inPerson
        let applicant =
            try choice(
                .applicant, fields, profile.applicants,
                expected: "loại đối tượng (\(spellings(profile.applicants.keys)))") ?? .citizen
        let payment =
            try choice(
                .paidOnline, fields, profile.payments,
                expected: "thanh toán trực tuyến (\(spellings(profile.payments.keys)))") ?? .notOnline
        let submittedAt = try instant(.submittedAt, fields)
        let dueAt = try instant(.dueAt, fields)
        let endedAt = try instant(.processedAt, fields)
        let returnedAt = try instant(.returnedAt, fields)
        var processedAt: Instant?
        var stoppedAt: Instant?
        switch state {
        case .processed, .returned: processedAt = endedAt ?? returnedAt
        case .refused, .stopped, .withdrawn: stoppedAt = endedAt ?? returnedAt
        default: break
        }
        var fees: [Fee] = []
        if let text = text(.fee, fields) {
            guard let amount = TabularDossierReader.amount(text) else {
                throw .invalid(column(.fee), expected: Expected.amount + " tính bằng đồng", found: text)
            }
            fees.append(Fee(amount: amount))
        }
        let digitized = try flag(.digitized, fields) ?? false
        let reused = try flag(.reused, fields) ?? false
        let fromDataStore = try flag(.fromDataStore, fields) ?? false
        var components: [Component] = []
        if reused || fromDataStore {
            components.append(Component(digitized: digitized || reused, reused: reused, fromDataStore: fromDataStore))
        }
        var results: [ResultDocument] = []
        if try flag(.electronicResult, fields) == true { results.append(ResultDocument(hasFile: true)) }
        var supplements: [SupplementRequest] = []
        let suppliedAt = try instant(.supplementSuppliedAt, fields)
        if let requestedAt = try instant(.supplementRequestedAt, fields) {
            supplements.append(SupplementRequest(requestedAt: requestedAt, suppliedAt: suppliedAt))
        } else if suppliedAt != nil {
            throw .missing(column(.supplementRequestedAt), expected: "ngày yêu cầu bổ sung khi có ngày bổ sung")
        }
        return Dossier(
            code: code, procedureCode: procedureCode, unitCode: unitCode, channel: channel, applicant: applicant,
            submittedAt: submittedAt, receivedAt: receivedAt, dueAt: dueAt, state: state, processedAt: processedAt,
            returnedAt: returnedAt, stoppedAt: stoppedAt, supplements: supplements, fees: fees, payment: payment,
            components: components, results: results, hasDigitizedComponents: digitized,
            vneidAuthenticated: try flag(.vneid, fields) ?? false, synced: try flag(.synced, fields) ?? profile.syncedDefault)
    }
}
