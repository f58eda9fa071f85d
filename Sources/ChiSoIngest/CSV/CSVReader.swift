/// One data row of a CSV file.
public struct CSVRow: Hashable, Sendable {
    /// The cells, decoded from UTF-8 and normalised to NFC, not trimmed.
    public var fields: [String]
    /// The row's number (from 1, the header not counted) and the physical line where it starts.
    public var position: RecordPosition
    /// The row's raw record, for the quarantine.
    public var raw: RawRecord
    /// The row's raw text, for the quarantine (see ``raw``).
    public var rawText: String { raw.text }
}

/// A streaming RFC 4180 CSV reader.
///
/// Accepts UTF-8 with or without a byte-order mark; a comma or semicolon delimiter, detected from the header line
/// (the one that occurs more often outside quotes; comma on a tie); quoted fields with embedded delimiters,
/// newlines and doubled quotes; CRLF or LF line ends. The first row is the header (required); blank lines are
/// skipped. Positions give the physical line where a row starts. A row that is not valid UTF-8 or whose quote is
/// never closed is an issue; reading goes on.
///
/// A quoted cell may hold line breaks, but a stray quote must not swallow the rows after it. A row that runs over
/// several lines is split after its first line, which becomes an issue (``IngestIssue/Kind/unclosedQuote``), and
/// reading resumes at its second line, when the row cannot be read as a whole (its quote is never closed, it grows
/// past the size limit, its closing quote is followed by text) or when one of its next lines reads on its own as a
/// clean row of as many cells as the header (a line of the file, not the continuation of a cell: continuation lines
/// rarely have exactly the header's cells and clean quotes, and the last one holds the closing quote).
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

    /// The first line break inside a quoted cell of the row being read: the index just past it and the cell's column.
    private var rowBreak: (index: Int, column: Int, afterCR: Bool)?

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
            if let mark = rowBreak { rowBreak = (mark.index - recordStart, mark.column, mark.afterCR) }
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
        rowBreak = nil
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
                if unterminated, rowBreak != nil { return splitRow() }
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
                // A stray quote must not make the rest of the file one oversized row.
                if rowBreak != nil { return splitRow() }
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
                    if byte == 0x0A {
                        line += 1
                        if let mark = rowBreak, mark.afterCR, mark.index == scan - 1 {
                            rowBreak = (scan, mark.column, false)
                        } else if rowBreak == nil {
                            rowBreak = (scan, fields.count, false)
                        }
                    } else if byte == 0x0D, rowBreak == nil {
                        rowBreak = (scan, fields.count, true)
                    }
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
                    // Lenient on one line: text after a closing quote is kept. Over several lines the quotes are
                    // not those of one cell: the row is split.
                    if rowBreak != nil { return splitRow() }
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

    /// Ends the row being read after its first line, as an issue, and resumes reading at its second line.
    private mutating func splitRow() -> ReadResult<CSVRow> {
        guard let mark = rowBreak else { preconditionFailure("splitRow needs a line break inside the row") }
        rowCount += 1
        let position = RecordPosition(recordNumber: rowCount, line: recordLine, byteOffset: base + recordStart)
        let issue = firstLineIssue(start: recordStart, breakIndex: mark.index, column: mark.column, position: position)
        resume(at: mark.index, line: recordLine + 1)
        return .issue(issue)
    }

    /// Whether one of the lines that start in `start..<end` (inside a quoted cell of the row being read) reads on its
    /// own as a clean row of the file.
    private func joinsARow(from start: Int, to end: Int) -> Bool {
        let delimiter = delimiterByte ?? UInt8(ascii: ",")
        var lineStart = start
        while lineStart < end {
            if isCleanRow(at: lineStart, delimiter: delimiter) { return true }
            var i = lineStart
            while i < end && buffer[i] != 0x0A && buffer[i] != 0x0D { i += 1 }
            if i < end && buffer[i] == 0x0D && i + 1 < end && buffer[i + 1] == 0x0A { i += 1 }
            lineStart = i + 1
        }
        return false
    }

    /// Whether the line starting at `start` reads on its own as a clean row of as many cells as the header: quotes
    /// only around whole cells, closed on the line.
    private func isCleanRow(at start: Int, delimiter: UInt8) -> Bool {
        guard headerRead, !cachedHeader.isEmpty else { return false }
        var cells = 1
        var state = State.fieldStart
        var i = start
        while i < buffer.count {
            let byte = buffer[i]
            i += 1
            if byte == 0x0A || byte == 0x0D { break }
            switch state {
            case .fieldStart, .unquoted:
                if byte == delimiter {
                    cells += 1
                    state = .fieldStart
                } else if byte == UInt8(ascii: "\"") {
                    guard state == .fieldStart else { return false }
                    state = .quoted
                } else {
                    state = .unquoted
                }
            case .quoted:
                if byte == UInt8(ascii: "\"") { state = .quoteInQuoted }
            case .quoteInQuoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoted
                } else if byte == delimiter {
                    cells += 1
                    state = .fieldStart
                } else {
                    return false
                }
            }
        }
        return state != .quoted && cells == cachedHeader.count
    }

    private func firstLineIssue(start: Int, breakIndex: Int, column: Int, position: RecordPosition) -> IngestIssue {
        var end = breakIndex
        while end > start, buffer[end - 1] == 0x0A || buffer[end - 1] == 0x0D { end -= 1 }
        let raw = buffer.withUnsafeBufferPointer { RawRecord(bytes: UnsafeBufferPointer(rebasing: $0[start..<end])) }
        let name = column < cachedHeader.count && !cachedHeader[column].isEmpty ? cachedHeader[column] : nil
        return IngestIssue(
            kind: .unclosedQuote, fileName: fileName, recordNumber: position.recordNumber, line: position.line,
            field: name ?? "\(column + 1)", isColumn: true, expected: "dấu \" đóng ô trước khi hết dòng (các dòng sau được đọc riêng)",
            found: nil, rawRecord: raw)
    }

    private mutating func resume(at index: Int, line: Int) {
        scan = index
        recordStart = index
        self.line = line
        pendingCR = false
        rowBreak = nil
        state = .fieldStart
        fields.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        fieldIsASCII = true
        badUTF8 = false
    }

    private mutating func finishRow(end: Int, unterminated: Bool, tooLarge: Bool) -> ReadResult<CSVRow> {
        if let mark = rowBreak, joinsARow(from: mark.index, to: end) {
            // The quote joined a line of the file to the row: the row ends with its first line.
            return splitRow()
        }
        rowCount += 1
        let position = RecordPosition(recordNumber: rowCount, line: recordLine, byteOffset: base + recordStart)
        let raw = buffer.withUnsafeBufferPointer { RawRecord(bytes: UnsafeBufferPointer(rebasing: $0[recordStart..<max(recordStart, end)])) }
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
        return .record(CSVRow(fields: fields, position: position, raw: raw), position: position)
    }
}
