/// A problem with one record of an input file: the record is quarantined and reading goes on.
///
/// An issue says where (file, record, line, field or column), what was expected and what was found, and keeps
/// the raw record for the quarantine (whole up to ``RawRecord/limit``, see ``RawRecord``). ``message`` is the Vietnamese text shown to users:
///
/// ```
/// dossiers.jsonl, bản ghi 12 (dòng 12), trường NgayHenTra: cần ngày giờ dạng yyyyMMddHHmmss, nhận được "2024-13-01"
/// ```
public struct IngestIssue: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem the record has.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, Hashable, Sendable {
            case missingField = "missing field"
            case invalidValue = "invalid value"
            case unknownStatus = "unknown status code"
            case malformedJSON = "malformed json"
            case notAnObject = "not a json object"
            case truncatedRecord = "truncated record"
            case recordTooLarge = "record too large"
            case invalidUTF8 = "not valid utf-8"
            case columnCount = "wrong number of cells"
            case unclosedQuote = "unclosed quote"
        }

        private let code: Code
        private init(_ code: Code) { self.code = code }

        /// A required field or cell is absent or empty.
        public static let missingField = Kind(.missingField)
        /// A field or cell does not have the expected form (date, number, flag, enumeration...).
        public static let invalidValue = Kind(.invalidValue)
        /// The status code is not in the status mapping.
        public static let unknownStatus = Kind(.unknownStatus)
        /// The record is not well-formed JSON.
        public static let malformedJSON = Kind(.malformedJSON)
        /// The record is JSON but not an object.
        public static let notAnObject = Kind(.notAnObject)
        /// The input ends inside the record.
        public static let truncatedRecord = Kind(.truncatedRecord)
        /// The record exceeds the reader's size limit.
        public static let recordTooLarge = Kind(.recordTooLarge)
        /// The record's bytes are not valid UTF-8.
        public static let invalidUTF8 = Kind(.invalidUTF8)
        /// A CSV row has more cells than the header.
        public static let columnCount = Kind(.columnCount)
        /// A CSV cell opened with a quote that is not closed on its line, in a row that does not read as a whole.
        public static let unclosedQuote = Kind(.unclosedQuote)

        public var description: String { code.rawValue }
    }

    /// Longest `found` text kept, in characters.
    public static let foundLimit = 80
    /// Longest raw record kept whole, in bytes (see ``RawRecord``).
    public static let rawRecordLimit = RawRecord.limit

    /// What kind of problem.
    public let kind: Kind
    /// The input's file name (or another label for the source).
    public let fileName: String
    /// The record's number in the file, from 1; nil when unknown.
    public let recordNumber: Int?
    /// The physical line where the record starts, or where the error is when known; nil when unknown.
    public let line: Int?
    /// The JSON field (a path such as `TaiLieuNop[2].DuocSoHoa`) or CSV column at fault, nil for the whole record.
    public let field: String?
    /// What was expected, in Vietnamese ("ngày giờ dạng yyyyMMddHHmmss").
    public let expected: String
    /// What was found, truncated to ``foundLimit`` characters; nil when nothing was there.
    public let found: String?
    /// The raw record as the quarantine keeps it: its whole text, or its head with its length and digest.
    public let raw: RawRecord
    /// The raw text of the record for the quarantine: whole up to ``rawRecordLimit`` bytes (see ``raw``).
    public var rawRecord: String { raw.text }
    private let fieldIsColumn: Bool

    init(
        kind: Kind, fileName: String, recordNumber: Int?, line: Int?, field: String? = nil, isColumn: Bool = false,
        expected: String, found: String?, rawRecord: RawRecord
    ) {
        self.kind = kind
        self.fileName = fileName
        self.recordNumber = recordNumber
        self.line = line
        self.field = field
        self.fieldIsColumn = isColumn
        self.expected = expected
        self.found = found.map { truncated($0, to: IngestIssue.foundLimit) }
        self.raw = rawRecord
    }

    /// The Vietnamese message shown to users: file, record, line, field, expected and found.
    public var message: String {
        var text = fileName
        switch (recordNumber, line) {
        case (let record?, let line?): text += ", bản ghi \(record) (dòng \(line))"
        case (let record?, nil): text += ", bản ghi \(record)"
        case (nil, let line?): text += ", dòng \(line)"
        case (nil, nil): break
        }
        if let field { text += fieldIsColumn ? ", cột \(field)" : ", trường \(field)" }
        text += ": "
        switch kind {
        case .missingField: text += "thiếu giá trị bắt buộc, cần \(expected)"
        case .truncatedRecord: text += "bản ghi bị cắt cụt ở cuối tệp, cần \(expected)"
        case .invalidUTF8: text += "không phải UTF-8 hợp lệ"
        case .unclosedQuote: text += "dấu \" mở ô không được đóng trên cùng dòng, cần \(expected)"
        default: text += "cần \(expected)"
        }
        if let found, kind != .missingField { text += ", nhận được \"\(found)\"" }
        let note = raw.note
        if !note.isEmpty { text += " (\(note))" }
        // A NUL in a found value would cut the message where it is stored as text.
        return text.contains("\u{0}") ? text.replacing("\u{0}", with: "\\x00") : text
    }

    public var description: String { message }
}

/// The text cut to `limit` characters, with an ellipsis when cut.
func truncated(_ text: String, to limit: Int) -> String {
    guard text.utf8.count > limit else { return text }
    var count = 0
    var end = text.startIndex
    while end < text.endIndex, count < limit {
        end = text.index(after: end)
        count += 1
    }
    return end == text.endIndex ? text : String(text[..<end]) + "…"
}

/// Raw bytes as text for messages: invalid UTF-8 is replaced, the length is bounded to `limit` characters.
func rawText(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> String {
    let cut = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, limit * 4)])
    return truncated(String(decoding: cut, as: UTF8.self), to: limit)
}
