#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A source of bytes delivered in chunks, the input of every streaming reader.
///
/// Readers pull one chunk at a time and keep only the bytes of the record being read, so memory does not grow
/// with the size of the input. A chunk may end anywhere, even inside a UTF-8 sequence or a record.
public protocol ByteChunkSource {
    /// The next chunk of bytes, or nil at the end of the input. An empty chunk is allowed and means nothing.
    ///
    /// - Throws: any error of the underlying input; readers wrap it in an ``IngestError``.
    mutating func nextChunk() throws -> [UInt8]?
}

/// A chunk source over bytes already in memory (tests, HTTP request bodies).
public struct ArrayChunkSource: ByteChunkSource, Sendable {
    private let chunks: [[UInt8]]
    private var index = 0

    /// The number of chunks handed out so far.
    public private(set) var chunksDelivered = 0

    /// Creates a source that hands out `bytes` in chunks of `chunkSize` bytes.
    ///
    /// - Parameters:
    ///   - bytes: the whole input.
    ///   - chunkSize: the size of each chunk but the last; at least 1.
    public init(_ bytes: [UInt8], chunkSize: Int = 1 << 20) {
        let size = max(1, chunkSize)
        var chunks: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + size)
            chunks.append(Array(bytes[start..<end]))
            start = end
        }
        self.chunks = chunks
    }

    /// Creates a source over the UTF-8 bytes of a string.
    public init(_ text: String, chunkSize: Int = 1 << 20) {
        self.init(Array(text.utf8), chunkSize: chunkSize)
    }

    /// Creates a source that hands out exactly these chunks, in order.
    public init(chunks: [[UInt8]]) {
        self.chunks = chunks
    }

    public mutating func nextChunk() -> [UInt8]? {
        guard index < chunks.count else { return nil }
        defer { index += 1 }
        chunksDelivered += 1
        return chunks[index]
    }
}

/// A chunk source reading a file by path (or standard input), up to 1 MiB at a time.
///
/// Each chunk is what one `read` returns, so a pipe or a FIFO hands its records to the reader as soon as they are
/// written, without waiting for a full chunk. The file is opened by the initializer and closed when the last copy
/// of the source goes away.
public struct FileChunkSource: ByteChunkSource {
    /// Owns the file descriptor; copies of the source share it (reading from either advances both).
    private final class Handle {
        let descriptor: Int32
        let closes: Bool
        init(_ descriptor: Int32, closes: Bool) {
            self.descriptor = descriptor
            self.closes = closes
        }
        deinit { if closes { close(descriptor) } }
    }

    private let handle: Handle
    private let chunkSize: Int
    private var finished = false

    /// The path the source reads (`-` for standard input).
    public let path: String

    /// Opens the file at `path`; `-` is standard input.
    ///
    /// - Parameters:
    ///   - path: the file to read, or `-`.
    ///   - chunkSize: the largest chunk, 1 MiB unless told.
    /// - Throws: ``IngestError`` when the file cannot be opened.
    public init(path: String, chunkSize: Int = 1 << 20) throws(IngestError) {
        if path == "-" {
            self.init(descriptor: STDIN_FILENO, path: path, closes: false, chunkSize: chunkSize)
            return
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw IngestError.cannotOpen(file: fileName(ofPath: path), reason: String(cString: strerror(errno)))
        }
        self.init(descriptor: descriptor, path: path, closes: true, chunkSize: chunkSize)
    }

    /// A source over an open file descriptor, which it closes when `closes`.
    init(descriptor: Int32, path: String, closes: Bool, chunkSize: Int = 1 << 20) {
        self.handle = Handle(descriptor, closes: closes)
        self.chunkSize = max(1, chunkSize)
        self.path = path
    }

    public mutating func nextChunk() throws -> [UInt8]? {
        guard !finished else { return nil }
        let descriptor = handle.descriptor
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var count = 0
        repeat {
            count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        if count < 0 {
            throw IngestError.readFailed(file: fileName(ofPath: path), reason: String(cString: strerror(errno)))
        }
        if count == 0 {
            finished = true
            return nil
        }
        chunk.removeLast(chunkSize - count)
        return chunk
    }
}

/// The last component of a path, as used in messages.
func fileName(ofPath path: String) -> String {
    if let slash = path.lastIndex(of: "/") {
        return String(path[path.index(after: slash)...])
    }
    return path
}
