/// One data row of a CSV file.
public struct CSVRow: Hashable, Sendable {
    /// The cells, decoded from UTF-8 and normalised to NFC, not trimmed.
    public var fields: [String]
    /// The row's number (from 1, the header not counted) and the physical line where it starts.
    public var position: RecordPosition
    /// The row's raw text (truncated), for the quarantine.
    public var rawText: String
}

/// A streaming RFC 4180 CSV reader.
///
/// Accepts UTF-8 with or without a byte-order mark; a comma or semicolon delimiter, detected from the header line
/// (the one that occurs more often outside quotes; comma on a tie); quoted fields with embedded delimiters,
/// newlines and doubled quotes; CRLF or LF line ends. The first row is the header (required); blank lines are
/// skipped. Positions give the physical line where a row starts. A row that is not valid UTF-8 or whose quote is
/// never closed is an issue; reading goes on.
public struct CSVReader<Source: ByteChunkSource> {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private var source: Source
    /// The name used in issues and errors.
    public let fileName: String
    private let maxRecordBytes: Int

    private var buffer: [UInt8] = []
    private var base = 0
    private var scan = 0
    private var line = 1
    private var sourceEnded = false
    private var delimiterByte: UInt8?
    private var pendingCR = false

    private var recordStart = 0
    private var recordLine = 1
    private var rowCount = 0
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var fieldIsASCII = true
    private var badUTF8 = false
    private var state = State.fieldStart
    private var headerRead = false
    private var cachedHeader: [String] = []

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - source: the bytes.
    ///   - fileName: the name used in issues and errors.
    ///   - maxRecordBytes: rows longer than this are issues.
    public init(source: Source, fileName: String, maxRecordBytes: Int = 16 << 20) {
        self.source = source
        self.fileName = fileName
        self.maxRecordBytes = max(1024, maxRecordBytes)
    }

    /// The delimiter, once the header line has been read.
    public var delimiter: Character? {
        delimiterByte.map { Character(UnicodeScalar($0)) }
    }

    /// The header row's names, trimmed and normalised to NFC, as written; read on first use.
    ///
    /// - Throws: ``IngestError`` when the file is empty or cannot be read.
    public mutating func header() throws(IngestError) -> [String] {
        if !headerRead {
            headerRead = true
            guard let result = try readRow() else { throw IngestError.missingHeader(file: fileName) }
            switch result {
            case .record(let row, _): cachedHeader = row.fields.map { Text.trimmed($0) }
            case .issue: throw IngestError.missingHeader(file: fileName)
            }
            rowCount = 0
        }
        return cachedHeader
    }

    /// The next data row or issue, or nil at the end of the input (reads the header first if needed).
    ///
    /// - Throws: ``IngestError`` when the input cannot be read, or has no header.
    public mutating func next() throws(IngestError) -> ReadResult<CSVRow>? {
        _ = try header()
        return try readRow()
    }

    private mutating func refill() throws(IngestError) {
        if recordStart > 0 {
            buffer.removeSubrange(0..<recordStart)
            base += recordStart
            scan -= recordStart
            recordStart = 0
        }
        do {
            if let chunk = try source.nextChunk() {
                buffer.append(contentsOf: chunk)
            } else {
                sourceEnded = true
            }
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError.readFailed(file: fileName, reason: String(describing: error))
        }
    }

    /// Reads chunks until the first line is complete, skips a byte-order mark, and picks the delimiter.
    private mutating func detectDelimiter() throws(IngestError) {
        while true {
            var commas = 0
            var semicolons = 0
            var quoted = false
            var complete = false
            for byte in buffer {
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if !quoted {
                    if byte == UInt8(ascii: ",") { commas += 1 }
                    if byte == UInt8(ascii: ";") { semicolons += 1 }
                    if byte == 0x0A || byte == 0x0D {
                        complete = true
                        break
                    }
                }
            }
            if complete || sourceEnded || buffer.count > maxRecordBytes {
                delimiterByte = semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
                if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
                    scan = 3
                    recordStart = 3
                }
                return
            }
            try refill()
        }
    }

    private mutating func endField() {
        if fieldIsASCII {
            fields.append(String(decoding: field, as: UTF8.self))
        } else if let text = field.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) {
            fields.append(Text.nfc(text))
        } else {
            badUTF8 = true
            fields.append(String(decoding: field, as: UTF8.self))
        }
        field.removeAll(keepingCapacity: true)
        fieldIsASCII = true
    }

    private mutating func readRow() throws(IngestError) -> ReadResult<CSVRow>? {
        if delimiterByte == nil { try detectDelimiter() }
        let delimiter = delimiterByte ?? UInt8(ascii: ",")
        fields.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        fieldIsASCII = true
        badUTF8 = false
        state = .fieldStart
        var started = false
        var tooLarge = false
        recordStart = scan
        recordLine = line
        while true {
            if scan >= buffer.count {
                if !sourceEnded {
                    try refill()
                    continue
                }
                if !started && fields.isEmpty { return nil }
                let unterminated = state == .quoted
                endField()
                return finishRow(end: buffer.count, unterminated: unterminated, tooLarge: tooLarge)
            }
            let byte = buffer[scan]
            scan += 1
            if !started {
                if pendingCR {
                    pendingCR = false
                    if byte == 0x0A {
                        line += 1
                        recordStart = scan
                        recordLine = line
                        continue
                    }
                }
                if byte == 0x0A || byte == 0x0D {
                    // A blank line.
                    if byte == 0x0A { line += 1 } else { pendingCR = true }
                    recordStart = scan
                    recordLine = line
                    continue
                }
                started = true
            }
            if scan - recordStart > maxRecordBytes && !tooLarge {
                tooLarge = true
            }
            switch state {
            case .fieldStart, .unquoted:
                if byte == delimiter {
                    endField()
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0A { line += 1 } else { pendingCR = true }
                    endField()
                    return finishRow(end: scan - 1, unterminated: false, tooLarge: tooLarge)
                } else if byte == UInt8(ascii: "\"") && (state == .fieldStart || field.allSatisfy({ $0 == 0x20 })) {
                    // An opening quote, possibly after spaces (`a; "b"`), which are dropped.
                    field.removeAll(keepingCapacity: true)
                    state = .quoted
                } else {
                    state = .unquoted
                    append(byte, dropping: tooLarge)
                }
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else {
                    if byte == 0x0A { line += 1 }
                    append(byte, dropping: tooLarge)
                }
            case .quoteInQuoted:
                if byte == UInt8(ascii: "\"") {
                    append(byte, dropping: tooLarge)
                    state = .quoted
                } else if byte == delimiter {
                    endField()
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0A { line += 1 } else { pendingCR = true }
                    endField()
                    return finishRow(end: scan - 1, unterminated: false, tooLarge: tooLarge)
                } else {
                    // Lenient: text after a closing quote is kept.
                    append(byte, dropping: tooLarge)
                    state = .unquoted
                }
            }
        }
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8, dropping: Bool) {
        if dropping { return }
        if byte >= 0x80 { fieldIsASCII = false }
        field.append(byte)
    }

    private mutating func finishRow(end: Int, unterminated: Bool, tooLarge: Bool) -> ReadResult<CSVRow> {
        rowCount += 1
        let position = RecordPosition(recordNumber: rowCount, line: recordLine, byteOffset: base + recordStart)
        let raw = buffer.withUnsafeBufferPointer { rawText(UnsafeBufferPointer(rebasing: $0[recordStart..<max(recordStart, end)])) }
        recordStart = scan
        func issue(_ kind: IngestIssue.Kind, _ expected: String) -> ReadResult<CSVRow> {
            .issue(
                IngestIssue(
                    kind: kind, fileName: fileName, recordNumber: position.recordNumber, line: position.line, expected: expected,
                    found: nil, rawRecord: raw))
        }
        if tooLarge { return issue(.recordTooLarge, "dòng không quá \(maxRecordBytes) byte") }
        if unterminated { return issue(.truncatedRecord, "dấu \" đóng ô trước khi hết tệp") }
        if badUTF8 { return issue(.invalidUTF8, "UTF-8 hợp lệ") }
        return .record(CSVRow(fields: fields, position: position, rawText: raw), position: position)
    }
}
