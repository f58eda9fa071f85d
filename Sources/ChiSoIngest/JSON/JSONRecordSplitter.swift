/// Splits a streamed JSON array or JSON-lines input into the byte ranges of its records, keeping in memory only
/// the record being read.
///
/// The layout is detected from the first non-space byte: `[` is an array of objects, anything else is JSON lines.
/// In an array, a record is a balanced `{…}` found by tracking brace depth and strings; elements that are not
/// objects come out as junk. In JSON lines a record is a line (ended by LF, CR LF or CR alone), or, when a line
/// holds only `{`, a pretty-printed object: the lines up to the one where its braces balance. Inside such an
/// object the lines are indented or close it; a line that starts otherwise (with `{`, most often) means the object
/// was cut and starts the next record, so one broken object never swallows the lines after it. The caller parses
/// each range and may ``restart(at:)`` the scan inside a bad record to resynchronise.
struct JSONRecordSplitter<Source: ByteChunkSource> {
    enum Layout { case unknown, array, lines }

    enum Piece {
        /// A complete candidate record (balanced braces, or a whole line).
        case record(Range<Int>, RecordPosition)
        /// An array element that is not an object.
        case junk(Range<Int>, RecordPosition)
        /// A record cut by the end of the input, or longer than the size limit.
        case incomplete(Range<Int>, RecordPosition, tooLarge: Bool)
        /// A record longer than the size limit, skipped after ``skipRestOfRecord()``: its head, length and digest.
        case skipped(RawRecord, RecordPosition)
    }

    private enum State { case between, record, junk, skipping }

    private var source: Source
    private let fileName: String
    let maxRecordBytes: Int

    /// The bytes read and not yet dropped; ranges in pieces index into it until the next call to ``next()``.
    private(set) var buffer: [UInt8] = []
    /// Absolute offset of `buffer[0]` in the input.
    private var base = 0
    private var scan = 0
    private var line = 1
    private var sourceEnded = false
    private(set) var layout = Layout.unknown

    private var state = State.between
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var recordStart = 0
    private var recordLine = 1
    private(set) var recordCount = 0
    /// Whether the byte just before `buffer[0]` is a CR (so that an LF at `buffer[0]` ends no new line).
    private var crBeforeBuffer = false
    /// In JSON lines, whether the scan is at the first byte of a line inside the record.
    private var atLineStart = false
    /// In JSON lines, whether the record's first line is not over yet, and whether it holds only `{` so far.
    private var onFirstLine = true
    private var onlyBrace = true
    /// The digest of the record being skipped, and its trailing white space not yet digested.
    private var skipped = RawRecord.Digest()
    private var skippedSpace: [UInt8] = []

    init(source: Source, fileName: String, maxRecordBytes: Int) {
        self.source = source
        self.fileName = fileName
        self.maxRecordBytes = max(1024, maxRecordBytes)
    }

    /// Whether the whole input has been consumed.
    var atEnd: Bool { sourceEnded && scan >= buffer.count }

    /// The line of a byte of the current record, counting line ends (LF, CR LF, CR) from its start.
    func line(at index: Int) -> Int {
        var line = recordLine
        var i = recordStart
        while i < index && i < buffer.count {
            if endsLine(at: i) { line += 1 }
            i += 1
        }
        return line
    }

    /// Whether the byte at `i` ends a line: a CR, or an LF not preceded by a CR.
    @inline(__always)
    private func endsLine(at i: Int) -> Bool {
        let byte = buffer[i]
        if byte == 0x0D { return true }
        guard byte == 0x0A else { return false }
        return i > 0 ? buffer[i - 1] != 0x0D : !crBeforeBuffer
    }

    /// Continues scanning at `index` (inside the last piece) as if between records.
    mutating func restart(at index: Int) {
        line = line(at: index)
        scan = index
        state = .between
        depth = 0
        inString = false
        escaped = false
    }

    /// Skips the rest of the record that was too large, digesting it: the next piece is ``Piece/skipped(_:_:)``.
    mutating func skipRestOfRecord() {
        skipped = RawRecord.Digest()
        skippedSpace = []
        digestSkipped(recordStart..<scan)
        state = .skipping
    }

    /// Adds bytes of the skipped record to its digest, holding back trailing white space (not part of the record
    /// when the record ends there).
    private mutating func digestSkipped(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        var end = range.upperBound
        while end > range.lowerBound && Text.isSpace(buffer[end - 1]) { end -= 1 }
        if end == range.lowerBound, skippedSpace.count < RawRecord.limit {
            skippedSpace.append(contentsOf: buffer[range])
            return
        }
        if !skippedSpace.isEmpty {
            skippedSpace.withUnsafeBufferPointer { skipped.update($0) }
            skippedSpace = []
        }
        buffer.withUnsafeBufferPointer { skipped.update(UnsafeBufferPointer(rebasing: $0[range.lowerBound..<end])) }
        skippedSpace.append(contentsOf: buffer[end..<range.upperBound])
    }

    private mutating func refill() throws(IngestError) {
        let keep = state == .between || state == .skipping ? scan : recordStart
        if keep > 0 {
            crBeforeBuffer = buffer[keep - 1] == 0x0D
            buffer.removeSubrange(0..<keep)
            base += keep
            scan -= keep
            recordStart -= keep
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

    private mutating func startPiece() {
        recordStart = scan
        recordLine = line
        recordCount += 1
    }

    private var position: RecordPosition {
        RecordPosition(recordNumber: recordCount, line: recordLine, byteOffset: base + recordStart)
    }

    /// The next piece, or nil at the end of the input.
    mutating func next() throws(IngestError) -> Piece? {
        while true {
            if scan >= buffer.count {
                if !sourceEnded {
                    try refill()
                    continue
                }
                switch state {
                case .between:
                    return nil
                case .skipping:
                    state = .between
                    return .skipped(skipped.record(), position)
                case .record:
                    state = .between
                    if layout == .lines { return .record(trimmedRange(recordStart..<buffer.count), position) }
                    return .incomplete(recordStart..<buffer.count, position, tooLarge: false)
                case .junk:
                    state = .between
                    return .junk(recordStart..<buffer.count, position)
                }
            }
            if layout == .unknown {
                try detectLayout()
                continue
            }
            switch state {
            case .between:
                let byte = buffer[scan]
                if Text.isSpace(byte) {
                    if endsLine(at: scan) { line += 1 }
                    scan += 1
                } else if layout == .lines {
                    startPiece()
                    state = .record
                    depth = 0
                    inString = false
                    escaped = false
                    atLineStart = false
                    onFirstLine = true
                    onlyBrace = true
                } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") {
                    scan += 1
                } else if byte == UInt8(ascii: "{") {
                    startPiece()
                    state = .record
                    depth = 0
                    inString = false
                    escaped = false
                } else {
                    startPiece()
                    state = .junk
                    inString = false
                    escaped = false
                }
            case .record:
                let complete = layout == .lines ? scanLines() : scanObject()
                if complete {
                    state = .between
                    let range = layout == .lines ? trimmedRange(recordStart..<scan) : recordStart..<scan
                    return .record(range, position)
                }
                if scan - recordStart > maxRecordBytes {
                    return .incomplete(recordStart..<scan, position, tooLarge: true)
                }
            case .junk:
                if scanJunk() {
                    state = .between
                    return .junk(recordStart..<scan, position)
                }
            case .skipping:
                let from = scan
                let complete = layout == .lines ? scanLines() : scanObject()
                digestSkipped(from..<scan)
                if complete {
                    state = .between
                    return .skipped(skipped.record(), position)
                }
            }
        }
    }

    private mutating func detectLayout() throws(IngestError) {
        // Skip a UTF-8 byte-order mark and white space, waiting for more bytes when needed.
        if scan == 0 && buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { scan = 3 }
        if scan == 0 && buffer.count < 3 && buffer.first == 0xEF && !sourceEnded {
            try refill()
            return
        }
        while scan < buffer.count && Text.isSpace(buffer[scan]) {
            if endsLine(at: scan) { line += 1 }
            scan += 1
        }
        guard scan < buffer.count else { return }
        switch buffer[scan] {
        case UInt8(ascii: "["):
            layout = .array
            scan += 1
        case UInt8(ascii: "{"):
            layout = .lines
        default:
            let end = min(buffer.count, scan + 20)
            let found = buffer[scan..<end].withUnsafeBufferPointer { rawText($0, limit: 20) }
            throw IngestError.notJSON(file: fileName, found: found)
        }
    }

    /// Scans a JSON-lines record: to the end of its line (scan is then past it), or, for a pretty-printed object
    /// (a first line of only `{`), to the end of the line where its braces balance, or to the start of a line that
    /// is not part of it (scan is then at that line); true when found.
    ///
    /// A line end inside a string ends the string: JSON strings cannot hold raw line breaks, and a record must not
    /// run on because of a stray quote.
    private mutating func scanLines() -> Bool {
        var i = scan
        var depth = self.depth
        var inString = self.inString
        var escaped = self.escaped
        var atLineStart = self.atLineStart
        var onFirstLine = self.onFirstLine
        var onlyBrace = self.onlyBrace
        var lines = 0
        var complete = false
        while i < buffer.count {
            if onFirstLine && !onlyBrace {
                // A one-line record (JSON lines): only its line end matters.
                let end: Int? = buffer.withUnsafeBufferPointer { bytes in
                    var j = i
                    while j < bytes.count {
                        if bytes[j] == 0x0A || bytes[j] == 0x0D { return j }
                        j += 1
                    }
                    return nil
                }
                guard let end else {
                    i = buffer.count
                    break
                }
                i = end
            }
            let byte = buffer[i]
            if byte == 0x0A || byte == 0x0D {
                if endsLine(at: i) { lines += 1 }
                inString = false
                escaped = false
                i += 1
                if onFirstLine ? !onlyBrace : depth <= 0 {
                    complete = true
                    break
                }
                onFirstLine = false
                atLineStart = true
                continue
            }
            if onFirstLine {
                if i == recordStart ? byte != UInt8(ascii: "{") : byte != 0x20 && byte != 0x09 { onlyBrace = false }
            } else if atLineStart {
                // Inside a pretty-printed object a line is indented or closes it: any other line (a `{` at its start,
                // most often) means that the object was cut, and starts the next record.
                if byte != 0x20 && byte != 0x09 && byte != UInt8(ascii: "}") && byte != UInt8(ascii: "]") {
                    complete = true
                    break
                }
                atLineStart = false
            }
            i += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        scan = i
        line += lines
        self.depth = depth
        self.inString = inString
        self.escaped = escaped
        self.atLineStart = atLineStart
        self.onFirstLine = onFirstLine
        self.onlyBrace = onlyBrace
        return complete
    }

    /// Scans an object to its closing brace; true when found (scan is then past it).
    private mutating func scanObject() -> Bool {
        var i = scan
        var depth = self.depth
        var inString = self.inString
        var escaped = self.escaped
        var newlines = 0
        let crBeforeBuffer = self.crBeforeBuffer
        let complete: Bool = buffer.withUnsafeBufferPointer { bytes in
            while i < bytes.count {
                let byte = bytes[i]
                i += 1
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    } else if byte == 0x0A || byte == 0x0D {
                        if byte == 0x0D || (i >= 2 ? bytes[i - 2] != 0x0D : !crBeforeBuffer) { newlines += 1 }
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth <= 0 { return true }
                case 0x0D: newlines += 1
                case 0x0A: if i >= 2 ? bytes[i - 2] != 0x0D : !crBeforeBuffer { newlines += 1 }
                default: break
                }
            }
            return false
        }
        scan = i
        line += newlines
        self.depth = depth
        self.inString = inString
        self.escaped = escaped
        return complete
    }

    /// Scans a non-object array element to the next `,`, `{`, `]` or white space outside a string.
    private mutating func scanJunk() -> Bool {
        while scan < buffer.count {
            let byte = buffer[scan]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                if endsLine(at: scan) { line += 1 }
                scan += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                scan += 1
                continue
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "]") || Text.isSpace(byte) {
                return true
            }
            scan += 1
        }
        return false
    }

    private func trimmedRange(_ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound && Text.isSpace(buffer[end - 1]) { end -= 1 }
        return range.lowerBound..<end
    }

    /// Where a new record plausibly starts inside `range` after its first byte: the next `{` followed by the
    /// same first key as the record at `range` (records from one system are written with the same key order).
    func resynchronisationPoint(in range: Range<Int>) -> Int? {
        guard layout == .array else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            func keyStart(after brace: Int) -> Int? {
                var i = brace + 1
                while i < range.upperBound && Text.isSpace(bytes[i]) { i += 1 }
                return i < range.upperBound && bytes[i] == UInt8(ascii: "\"") ? i : nil
            }
            guard let first = keyStart(after: range.lowerBound) else { return nil }
            var keyEnd = first + 1
            while keyEnd < range.upperBound && bytes[keyEnd] != UInt8(ascii: "\"") {
                if bytes[keyEnd] == UInt8(ascii: "\\") || keyEnd - first > 64 { return nil }
                keyEnd += 1
            }
            guard keyEnd < range.upperBound else { return nil }
            let key = UnsafeBufferPointer(rebasing: bytes[first...keyEnd])
            var i = range.lowerBound + 1
            while i < range.upperBound {
                if bytes[i] == UInt8(ascii: "{"), let start = keyStart(after: i), start + key.count <= range.upperBound,
                    UnsafeBufferPointer(rebasing: bytes[start..<(start + key.count)]).elementsEqual(key)
                {
                    return i
                }
                i += 1
            }
            return nil
        }
    }
}
