/// A small pull scanner for the XML parts of an XLSX package (SpreadsheetML is plain, regular XML).
///
/// It reads a ``ByteChunkSource`` and returns one event at a time (start tag, end tag, text), keeping only the
/// current chunk and the token being read, so a sheet of any size is read in constant memory and the caller can
/// stop after any row. Element and attribute names are returned without their namespace prefix (`x:row` is
/// `row`). Comments, processing instructions and the document type declaration are skipped; CDATA sections are
/// text. A text run longer than `maxTextBytes` is not kept: the scanner goes on to its end and sets
/// ``textTooLong``.
///
/// FoundationXML's `XMLParser` is push-only (the whole part is parsed inside one `parse()` call), which cannot
/// hand out one row per `next()` without holding every row or running a second thread; this scanner can.
struct XMLScanner<Source: ByteChunkSource> {
    enum Event: Equatable {
        /// A start tag; `selfClosing` for `<a/>` (no matching end event follows).
        case start(name: String, selfClosing: Bool)
        case end(name: String)
        /// Character data between tags, entities decoded.
        case text(String)
    }

    struct Failure: Error {
        var reason: String
    }

    private var source: Source
    private var buffer: [UInt8] = []
    private var position = 0
    private var consumed = 0
    private var ended = false
    private let maxTextBytes: Int
    /// The attributes of the last start tag, names without prefix, values decoded.
    private(set) var attributes: [(name: String, value: String)] = []
    /// Whether the last text event was cut because it exceeded the limit.
    private(set) var textTooLong = false
    /// Whether text or attribute bytes that were not valid UTF-8 were read (replaced by U+FFFD) since the
    /// flag was last reset.
    var sawInvalidUTF8 = false

    init(source: Source, maxTextBytes: Int = 16 << 20) {
        self.source = source
        self.maxTextBytes = maxTextBytes
    }

    /// The byte offset of the next unread byte from the start of the part.
    var offset: Int { consumed + position }

    /// The value of an attribute of the last start tag.
    func attribute(_ name: String) -> String? {
        for attribute in attributes where attribute.name == name { return attribute.value }
        return nil
    }

    /// Reads another chunk; false at the end of the input.
    private mutating func refill() throws(Failure) -> Bool {
        guard !ended else { return false }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            consumed += position
            position = 0
        }
        do {
            while true {
                guard let chunk = try source.nextChunk() else {
                    ended = true
                    return false
                }
                if !chunk.isEmpty {
                    buffer.append(contentsOf: chunk)
                    return true
                }
            }
        } catch let error as IngestError {
            throw Failure(reason: error.message)
        } catch {
            throw Failure(reason: String(describing: error))
        }
    }

    /// The index of `byte` at or after `from`, reading more input as needed; nil at the end of the input.
    /// `from` is relative to `position` (which refills may move).
    private mutating func find(_ byte: UInt8, from: Int) throws(Failure) -> Int? {
        var index = position + from
        while true {
            while index < buffer.count {
                if buffer[index] == byte { return index - position }
                index += 1
            }
            let scanned = index - position
            guard try refill() else { return nil }
            index = position + scanned
        }
    }

    /// Whether the unread input has `prefix` at `at` (relative to `position`), reading more as needed.
    private mutating func hasPrefix(_ prefix: [UInt8], at: Int = 0) throws(Failure) -> Bool {
        while buffer.count - position - at < prefix.count {
            guard try refill() else { return false }
        }
        let base = position + at
        for (i, byte) in prefix.enumerated() where buffer[base + i] != byte { return false }
        return true
    }

    /// The offset (relative to `position`) of `sequence` at or after `from`, without consuming input.
    private mutating func find(_ sequence: [UInt8], from: Int) throws(Failure) -> Int {
        var from = from
        while true {
            guard let index = try find(sequence[0], from: from) else {
                throw Failure(reason: "XML bị cắt cụt: thiếu \"\(String(decoding: sequence, as: UTF8.self))\"")
            }
            if try hasPrefix(sequence, at: index) { return index }
            from = index + 1
        }
    }

    /// The next event, or nil at the end of the input.
    mutating func next() throws(Failure) -> Event? {
        while true {
            if position >= buffer.count {
                guard try refill() else { return nil }
            }
            if buffer[position] != UInt8(ascii: "<") {
                return try readText()
            }
            if try hasPrefix(Array("<![CDATA[".utf8)) {
                let end = try find(Array("]]>".utf8), from: 9)
                let text = decode(buffer[(position + 9)..<(position + end)], entities: false)
                position += end + 3
                return .text(text)
            }
            if try hasPrefix(Array("<!--".utf8)) {
                position += try find(Array("-->".utf8), from: 4) + 3
                continue
            }
            let instruction = try hasPrefix(Array("<?".utf8))
            let declaration = try hasPrefix(Array("<!".utf8))
            if instruction || declaration {
                position += try find([UInt8(ascii: ">")], from: 2) + 1
                continue
            }
            return try readTag()
        }
    }

    private mutating func readText() throws(Failure) -> Event {
        textTooLong = false
        var index = position
        var dropped = false
        while true {
            while index < buffer.count && buffer[index] != UInt8(ascii: "<") { index += 1 }
            if index < buffer.count { break }
            if index - position > maxTextBytes {
                // Too long to keep: discard what was read and go on to the next tag.
                dropped = true
                position = index
            }
            let scanned = index - position
            guard try refill() else { break }
            index = position + scanned
        }
        if dropped || index - position > maxTextBytes {
            position = index
            textTooLong = true
            return .text("")
        }
        let text = decode(buffer[position..<index], entities: true)
        position = index
        return .text(text)
    }

    private mutating func readTag() throws(Failure) -> Event {
        // Find the closing '>' outside attribute quotes.
        var index = position + 1
        var quote: UInt8 = 0
        while true {
            if index >= buffer.count {
                let scanned = index - position
                guard try refill() else { throw Failure(reason: "XML bị cắt cụt giữa một thẻ") }
                index = position + scanned
                continue
            }
            let byte = buffer[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            index += 1
            if index - position > maxTextBytes { throw Failure(reason: "thẻ XML quá dài") }
        }
        let tagEnd = index
        var cursor = position + 1
        position = tagEnd + 1
        let closing = buffer[cursor] == UInt8(ascii: "/")
        if closing { cursor += 1 }
        var last = tagEnd
        let selfClosing = !closing && last > cursor && buffer[last - 1] == UInt8(ascii: "/")
        if selfClosing { last -= 1 }
        // Name.
        let nameStart = cursor
        while cursor < last, !Text.isSpace(buffer[cursor]), buffer[cursor] != UInt8(ascii: "/") { cursor += 1 }
        let name = XMLScanner.localName(buffer[nameStart..<cursor])
        guard !name.isEmpty else { throw Failure(reason: "thẻ XML không có tên ở byte \(consumed + nameStart)") }
        if closing { return .end(name: name) }
        attributes.removeAll(keepingCapacity: true)
        while cursor < last {
            while cursor < last, Text.isSpace(buffer[cursor]) { cursor += 1 }
            guard cursor < last else { break }
            let attributeStart = cursor
            while cursor < last, buffer[cursor] != UInt8(ascii: "="), !Text.isSpace(buffer[cursor]) { cursor += 1 }
            let attributeName = XMLScanner.localName(buffer[attributeStart..<cursor])
            while cursor < last, buffer[cursor] != UInt8(ascii: "\""), buffer[cursor] != UInt8(ascii: "'") { cursor += 1 }
            guard cursor < last else { throw Failure(reason: "thuộc tính XML \(attributeName) không có giá trị") }
            let quoteByte = buffer[cursor]
            cursor += 1
            let valueStart = cursor
            while cursor < last, buffer[cursor] != quoteByte { cursor += 1 }
            let value = decode(buffer[valueStart..<cursor], entities: true)
            cursor += 1
            attributes.append((attributeName, value))
        }
        return .start(name: name, selfClosing: selfClosing)
    }

    private static func localName(_ bytes: ArraySlice<UInt8>) -> String {
        var start = bytes.startIndex
        if let colon = bytes.lastIndex(of: UInt8(ascii: ":")) { start = colon + 1 }
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    /// Text in NFC, entities decoded when asked; invalid UTF-8 becomes U+FFFD and sets ``sawInvalidUTF8``.
    private mutating func decode(_ bytes: ArraySlice<UInt8>, entities: Bool) -> String {
        let decoded = entities ? XMLScanner.decodeEntities(bytes) : bytes
        var ascii = true
        for byte in decoded where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return String(decoding: decoded, as: UTF8.self) }
        if let text = decoded.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) {
            return Text.nfc(text)
        }
        sawInvalidUTF8 = true
        return Text.nfc(String(decoding: decoded, as: UTF8.self))
    }

    /// The bytes with the five XML entities and character references decoded.
    static func decodeEntities(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard bytes.contains(UInt8(ascii: "&")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "&"), let semicolon = bytes[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                out.append(byte)
                i += 1
                continue
            }
            let entity = String(decoding: bytes[(i + 1)..<semicolon], as: UTF8.self)
            var scalar: Unicode.Scalar?
            switch entity {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                }
            }
            if let scalar {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i = semicolon + 1
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out[...]
    }
}
