/// A streaming reader of one input: DVCQG JSON, CSV or a spreadsheet. Each call gives the next record or
/// unreadable record (with its position) in input order, or nil at the end.
public protocol RecordReader<Record> {
    associatedtype Record
    /// The next record or issue, or nil at the end of the input.
    ///
    /// - Throws: ``IngestError`` when the input itself cannot be read (an unreadable record is a ``ReadResult/issue(_:)``).
    mutating func next() throws(IngestError) -> ReadResult<Record>?
}

extension DVCQGDossierReader: RecordReader {}
extension DVCQGStepReader: RecordReader {}
extension CSVRecordReader: RecordReader {}
extension TabularDossierReader: RecordReader {}

/// A type-erased reader, and the asynchronous sequence of its results: `chiso import` and HTTP ingestion read every
/// input through it, in batches cut by one function (``Iterator/next(batchOf:)``).
public struct AnyRecordReader<Record>: AsyncSequence {
    public typealias Element = ReadResult<Record>
    public typealias Failure = IngestError

    /// Holds the wrapped reader (a value type) so the closure can mutate it.
    fileprivate final class Box {
        let next: () throws(IngestError) -> ReadResult<Record>?
        init(_ next: @escaping () throws(IngestError) -> ReadResult<Record>?) { self.next = next }
    }

    private let box: Box
    /// The name used in issues and errors.
    public let fileName: String

    /// Wraps a reader's `next()`; the closure owns the reader.
    public init(fileName: String, next: @escaping () throws(IngestError) -> ReadResult<Record>?) {
        self.box = Box(next)
        self.fileName = fileName
    }

    /// Wraps a reader, which it then owns.
    public init<Reader: RecordReader<Record>>(_ reader: Reader, fileName: String) {
        var reader = reader
        self.init(fileName: fileName) { () throws(IngestError) in try reader.next() }
    }

    /// The next record or issue, or nil at the end of the input.
    ///
    /// - Throws: ``IngestError`` when the input cannot be read.
    public mutating func next() throws(IngestError) -> ReadResult<Record>? {
        try box.next()
    }

    /// The same reader, showing each result to `observe` as it is read (a progress line).
    public func observed(by observe: @escaping (ReadResult<Record>) -> Void) -> AnyRecordReader<Record> {
        let box = self.box
        return AnyRecordReader(fileName: fileName) { () throws(IngestError) in
            let result = try box.next()
            if let result { observe(result) }
            return result
        }
    }

    public func makeAsyncIterator() -> Iterator { Iterator(box: box) }

    /// Reads the wrapped reader; iterators of one reader share its position.
    public struct Iterator: AsyncIteratorProtocol {
        fileprivate let box: Box

        public mutating func next() async throws(IngestError) -> ReadResult<Record>? { try box.next() }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(IngestError) -> ReadResult<Record>? { try box.next() }

        /// The next results, records and unreadable records in input order, at most `size` of them; empty at the end
        /// of the input. The one batching of the command line's import (a batch, one transaction) and of HTTP
        /// ingestion (one request's records, `size` one more than allowed, to tell a request that has too many).
        public mutating func next(batchOf size: Int) async throws(IngestError) -> [ReadResult<Record>] {
            var batch: [ReadResult<Record>] = []
            batch.reserveCapacity(Swift.min(size, 1 << 14))
            while batch.count < size, let result = try box.next() { batch.append(result) }
            return batch
        }
    }
}
