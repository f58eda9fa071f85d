/// Reads the objects of a JSON array or JSON-lines input one at a time and maps each with a closure; parse and
/// mapping failures become issues, and reading goes on.
struct JSONObjectStream<Source: ByteChunkSource> {
    private var splitter: JSONRecordSplitter<Source>
    let fileName: String
    private let keys = JSONKeyCache()
    private let wanted: JSONKeyFilter?

    /// - Parameter wantedKeys: the keys the mapping reads (at any depth), nil for all; others are checked, not built.
    init(source: Source, fileName: String, maxRecordBytes: Int, wantedKeys: [String]? = nil) {
        self.wanted = wantedKeys.map(JSONKeyFilter.init)
        self.splitter = JSONRecordSplitter(source: source, fileName: fileName, maxRecordBytes: maxRecordBytes)
        self.fileName = fileName
    }

    mutating func next<Record>(
        _ map: ([JSONMember]) throws(FieldFailure) -> Record
    ) throws(IngestError) -> ReadResult<Record>? {
        guard let piece = try splitter.next() else { return nil }
        switch piece {
        case .record(let range, let position):
            let parsed = splitter.buffer.withUnsafeBufferPointer { bytes -> Result<JSONValue, JSONSyntaxError> in
                do throws(JSONSyntaxError) {
                    return .success(try JSONParser.parseDocument(UnsafeBufferPointer(rebasing: bytes[range]), keys: keys, wanted: wanted))
                } catch {
                    return .failure(error)
                }
            }
            switch parsed {
            case .success(.object(let members)):
                do throws(FieldFailure) {
                    return .record(try map(members), position: position)
                } catch {
                    return .issue(
                        IngestIssue(
                            kind: error.kind, fileName: fileName, recordNumber: position.recordNumber, line: position.line,
                            field: error.field, expected: error.expected, found: error.found, rawRecord: raw(range)))
                }
            case .success(let value):
                return .issue(
                    IngestIssue(
                        kind: .notAnObject, fileName: fileName, recordNumber: position.recordNumber, line: position.line,
                        expected: Expected.object, found: value.brief, rawRecord: raw(range)))
            case .failure(let error):
                return .issue(syntaxIssue(error, range: range, position: position))
            }
        case .junk(let range, let position):
            return .issue(
                IngestIssue(
                    kind: .notAnObject, fileName: fileName, recordNumber: position.recordNumber, line: position.line,
                    expected: Expected.object, found: raw(range).text, rawRecord: raw(range)))
        case .incomplete(let range, let position, let tooLarge):
            if let resume = splitter.resynchronisationPoint(in: range) {
                let bad = range.lowerBound..<resume
                splitter.restart(at: resume)
                return .issue(
                    IngestIssue(
                        kind: tooLarge ? .recordTooLarge : .malformedJSON, fileName: fileName, recordNumber: position.recordNumber,
                        line: position.line, expected: "đối tượng JSON khép kín trước bản ghi tiếp theo", found: nil,
                        rawRecord: raw(bad)))
            }
            if tooLarge {
                // Skipped without being held in memory; the issue comes with the skipped piece, digest and length.
                splitter.skipRestOfRecord()
                return try next(map)
            }
            return .issue(
                IngestIssue(
                    kind: .truncatedRecord, fileName: fileName, recordNumber: position.recordNumber, line: position.line,
                    expected: "đối tượng JSON đầy đủ", found: nil, rawRecord: raw(range)))
        case .skipped(let rawRecord, let position):
            return .issue(
                IngestIssue(
                    kind: .recordTooLarge, fileName: fileName, recordNumber: position.recordNumber, line: position.line,
                    expected: "bản ghi không quá \(splitter.maxRecordBytes) byte", found: nil, rawRecord: rawRecord))
        }
    }

    private func raw(_ range: Range<Int>) -> RawRecord {
        splitter.buffer.withUnsafeBufferPointer { RawRecord(bytes: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Turns a syntax error into an issue, resynchronising inside the bad record when another record starts in it.
    private mutating func syntaxIssue(_ error: JSONSyntaxError, range: Range<Int>, position: RecordPosition) -> IngestIssue {
        let errorIndex = range.lowerBound + error.offset
        let errorLine = splitter.line(at: errorIndex)
        var bad = range
        if !error.isInvalidUTF8, let resume = splitter.resynchronisationPoint(in: range) {
            bad = range.lowerBound..<resume
            splitter.restart(at: resume)
        }
        let rawRecord = raw(bad)
        if error.isInvalidUTF8 {
            return IngestIssue(
                kind: .invalidUTF8, fileName: fileName, recordNumber: position.recordNumber, line: errorLine,
                expected: "UTF-8 hợp lệ", found: nil, rawRecord: rawRecord)
        }
        if error.isUnexpectedEnd && splitter.atEnd {
            return IngestIssue(
                kind: .truncatedRecord, fileName: fileName, recordNumber: position.recordNumber, line: position.line,
                expected: "đối tượng JSON đầy đủ", found: nil, rawRecord: rawRecord)
        }
        return IngestIssue(
            kind: .malformedJSON, fileName: fileName, recordNumber: position.recordNumber, line: errorLine,
            expected: "JSON hợp lệ tại byte \(position.byteOffset + error.offset): \(error.expected)", found: error.found,
            rawRecord: rawRecord)
    }
}
