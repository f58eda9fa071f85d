import ChiSoCore
import ChiSoIngest
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A progress line for long work (an import, the demo, documents, a fetch from the national portal): items and
/// bytes done, the rate and the time left, in Vietnamese, on standard error, redrawn in place.
///
/// Nothing is written when standard error is not a terminal (a pipe, a file, a test) or when the command runs with
/// `--quiet`: the line is for a person watching, never for a log.
final class ProgressLine: Sendable {
    /// What is being done ("Nhập hoso.jsonl").
    let label: String
    /// What is counted ("bản ghi", "tệp").
    let unit: String
    /// The number of items or bytes to do, when known (the time left is told from them).
    let totalItems: Int?
    let totalBytes: Int?
    private let output: (@Sendable (String) -> Void)?
    private let clock: @Sendable () -> Double
    private let state: Mutex<State>

    private struct State {
        var started: Double
        var drawn: Double?
        var width = 0
        var items = 0
        var bytes = 0
    }

    /// A line on standard error, shown only when it is a terminal and `quiet` is false.
    convenience init(_ label: String, unit: String, totalItems: Int? = nil, totalBytes: Int? = nil, quiet: Bool) {
        self.init(label, unit: unit, totalItems: totalItems, totalBytes: totalBytes, quiet: quiet, fileDescriptor: STDERR_FILENO)
    }

    /// A line on `fileDescriptor`, shown only when it is a terminal and `quiet` is false.
    convenience init(_ label: String, unit: String, totalItems: Int? = nil, totalBytes: Int? = nil, quiet: Bool, fileDescriptor: Int32) {
        var output: (@Sendable (String) -> Void)?
        if !quiet && isatty(fileDescriptor) == 1 {
            output = { text in
                let bytes = Array(text.utf8)
                _ = bytes.withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
            }
        }
        self.init(label, unit: unit, totalItems: totalItems, totalBytes: totalBytes, output: output)
    }

    /// A line written to `output` (nil: nowhere), timed by `clock` (seconds; a monotonic clock unless a test gives one).
    init(
        _ label: String, unit: String, totalItems: Int? = nil, totalBytes: Int? = nil, output: (@Sendable (String) -> Void)?,
        clock: @escaping @Sendable () -> Double = ProgressLine.monotonicSeconds
    ) {
        self.label = label
        self.unit = unit
        self.totalItems = totalItems
        self.totalBytes = totalBytes
        self.output = output
        self.clock = clock
        state = Mutex(State(started: clock()))
    }

    /// Whether anything is shown.
    var isShown: Bool { output != nil }

    /// The items done so far.
    var items: Int { state.withLock { $0.items } }

    /// The bytes done so far.
    var bytes: Int { state.withLock { $0.bytes } }

    /// Records the work done so far and redraws the line, at most five times a second unless `force`.
    func update(items: Int, bytes: Int = 0, force: Bool = false) {
        guard let output else { return }
        let now = clock()
        let text: String? = state.withLock { s in
            s.items = items
            s.bytes = bytes
            if !force, let drawn = s.drawn, now - drawn < 0.2 { return nil }
            s.drawn = now
            let line = Self.text(
                label: label, unit: unit, items: items, bytes: bytes, totalItems: totalItems, totalBytes: totalBytes, elapsed: now - s.started)
            // Back to the start of the line, the new text, and spaces over what is left of a longer previous line.
            let count = line.count
            defer { s.width = count }
            return "\r" + line + String(repeating: " ", count: max(0, s.width - count))
        }
        if let text { output(text) }
    }

    /// Adds to the work done and redraws the line.
    func advance(items: Int = 1, bytes: Int = 0) {
        let (i, b) = state.withLock { ($0.items + items, $0.bytes + bytes) }
        update(items: i, bytes: b, force: true)
    }

    /// Clears the line (what the command prints next starts on a clean line); a later update draws it again.
    func finish() {
        guard let output else { return }
        let width: Int? = state.withLock { s in
            guard s.drawn != nil else { return nil }
            defer {
                s.drawn = nil
                s.width = 0
            }
            return s.width
        }
        if let width { output("\r" + String(repeating: " ", count: width) + "\r") }
    }

    /// The text of the line: `Nhập hoso.jsonl: 120.000 hồ sơ · 45,2 / 120 MB (38%) · 30.000 hồ sơ/giây · còn khoảng 2 phút 30 giây`.
    ///
    /// The rate counts items per second; the time left is told from the bytes when their total is known, else from
    /// the items, and left out until some work is done.
    static func text(label: String, unit: String, items: Int, bytes: Int, totalItems: Int?, totalBytes: Int?, elapsed: Double) -> String {
        var parts = ["\(label): \(VietnameseCount.format(items))\(totalItems.map { " / " + VietnameseCount.format($0) } ?? "") \(unit)"]
        if bytes > 0 || totalBytes != nil {
            var size = megabytes(bytes)
            if let totalBytes, totalBytes > 0 {
                size += " / \(megabytes(totalBytes)) MB (\(min(100, bytes * 100 / totalBytes))%)"
            } else {
                size += " MB"
            }
            parts.append(size)
        }
        if elapsed > 0, items > 0 {
            let rate = Double(items) / elapsed
            parts.append("\(rate < 10 ? Decimal2.vietnamese(rate, places: 1) : VietnameseCount.format(Int(rate.rounded()))) \(unit)/giây")
        }
        let fraction: Double? =
            if let totalBytes, totalBytes > 0, bytes > 0 {
                Double(bytes) / Double(totalBytes)
            } else if let totalItems, totalItems > 0, items > 0 {
                Double(items) / Double(totalItems)
            } else {
                nil
            }
        if let fraction, fraction > 0, elapsed > 0 {
            parts.append("còn khoảng " + duration(max(0, elapsed / min(1, fraction) - elapsed)))
        }
        return parts.joined(separator: " · ")
    }

    /// Megabytes with one decimal (comma) below 100, whole above.
    static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_000_000
        return mb < 100 ? Decimal2.vietnamese(mb, places: 1) : VietnameseCount.format(Int(mb.rounded()))
    }

    /// A duration in Vietnamese words: `45 giây`, `2 phút 05 giây`, `1 giờ 02 phút`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s) giây" }
        if s < 3600 { return "\(s / 60) phút \(twoDigits(s % 60)) giây" }
        return "\(s / 3600) giờ \(twoDigits(s % 3600 / 60)) phút"
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Seconds on the monotonic clock.
    @Sendable static func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static let origin = ContinuousClock.now
}

extension RecordStream {
    /// The same stream, telling `progress` the records read and, with `bytes`, the offset in the input they start at
    /// (not for spreadsheets, whose offsets are not the file's).
    func reporting(to progress: ProgressLine?, bytes: Bool) -> RecordStream {
        guard let progress, progress.isShown else { return self }
        func watch<R>(_ inner: AnyRecordReader<R>) -> AnyRecordReader<R> {
            var count = 0
            return inner.observed { result in
                count += 1
                if case .record(_, let position) = result {
                    progress.update(items: count, bytes: bytes ? position.byteOffset : 0)
                } else {
                    progress.update(items: count, bytes: progress.bytes)
                }
            }
        }
        switch self {
        case .units(let n): return .units(watch(n))
        case .procedures(let n): return .procedures(watch(n))
        case .dossiers(let n): return .dossiers(watch(n))
        case .steps(let n): return .steps(watch(n))
        case .petitions(let n): return .petitions(watch(n))
        case .ratings(let n): return .ratings(watch(n))
        case .targets(let n): return .targets(watch(n))
        }
    }
}

extension ProgressLine {
    /// The line of one file's import: its records, and its bytes when it is read as a byte stream.
    static func importing(path: String, quiet: Bool) -> ProgressLine {
        let size =
            path == "-" || TabularImport.format(ofPath: path) == .xlsx
            ? nil : (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        return ProgressLine("Nhập \(Inputs.name(path))", unit: "bản ghi", totalBytes: size, quiet: quiet)
    }
}
