/// Where a record was found in its input.
public struct RecordPosition: Hashable, Sendable, CustomStringConvertible {
    /// The record's number in the file, from 1, counting bad records too.
    public var recordNumber: Int
    /// The physical line (from 1) on which the record starts.
    public var line: Int
    /// The byte offset of the record's first byte from the start of the input.
    public var byteOffset: Int

    public init(recordNumber: Int, line: Int, byteOffset: Int) {
        self.recordNumber = recordNumber
        self.line = line
        self.byteOffset = byteOffset
    }

    public var description: String { "bản ghi \(recordNumber) (dòng \(line))" }
}

/// One step of a streaming reader: a good record, or an issue with a bad one (reading goes on after both).
public enum ReadResult<Record> {
    /// A record read and validated.
    case record(Record, position: RecordPosition)
    /// A record that could not be read; it belongs in quarantine.
    case issue(IngestIssue)

    /// The record, or nil for an issue.
    public var record: Record? {
        if case .record(let record, _) = self { return record }
        return nil
    }

    /// The issue, or nil for a record.
    public var issue: IngestIssue? {
        if case .issue(let issue) = self { return issue }
        return nil
    }
}

extension ReadResult: Sendable where Record: Sendable {}
extension ReadResult: Equatable where Record: Equatable {}
extension ReadResult: Hashable where Record: Hashable {}
