import Foundation
import Synchronization
import Testing

@testable import chiso

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ProgressTests {
    @Test func lineTellsItemsBytesRateAndTimeLeft() {
        let text = ProgressLine.text(
            label: "Nhập hoso.jsonl", unit: "bản ghi", items: 120_000, bytes: 45_200_000, totalItems: nil, totalBytes: 120_000_000, elapsed: 4)
        #expect(text == "Nhập hoso.jsonl: 120.000 bản ghi · 45,2 / 120 MB (37%) · 30.000 bản ghi/giây · còn khoảng 7 giây")
    }

    @Test func timeLeftFromItemsWhenBytesAreUnknown() {
        let text = ProgressLine.text(label: "Ghi văn bản", unit: "tệp", items: 3, bytes: 0, totalItems: 4, totalBytes: nil, elapsed: 2)
        #expect(text == "Ghi văn bản: 3 / 4 tệp · 1,5 tệp/giây · còn khoảng 1 giây")
    }

    @Test func nothingDoneYetHasNoRateNorTimeLeft() {
        let text = ProgressLine.text(label: "Lấy số liệu", unit: "bảng số liệu", items: 0, bytes: 0, totalItems: 7, totalBytes: nil, elapsed: 0)
        #expect(text == "Lấy số liệu: 0 / 7 bảng số liệu")
    }

    @Test(arguments: [(45.0, "45 giây"), (125, "2 phút 05 giây"), (3725, "1 giờ 02 phút"), (0.2, "1 giây")])
    func durationsInWords(seconds: Double, words: String) {
        #expect(ProgressLine.duration(seconds) == words)
    }

    /// The line is redrawn in place (carriage return, spaces over a longer previous text), at most five times a
    /// second, and cleared at the end.
    @Test func redrawnInPlaceAndCleared() {
        let written = Mutex<[String]>([])
        let time = Mutex(0.0)
        let line = ProgressLine(
            "Nhập", unit: "bản ghi", output: { text in written.withLock { $0.append(text) } }, clock: { time.withLock { $0 } })
        time.withLock { $0 = 1 }
        line.update(items: 1_000_000)
        time.withLock { $0 = 1.1 }
        line.update(items: 1_000_100)  // within 0.2 s: not drawn
        time.withLock { $0 = 2 }
        line.update(items: 10)
        line.finish()
        let out = written.withLock { $0 }
        #expect(out.count == 3)
        #expect(out[0] == "\rNhập: 1.000.000 bản ghi · 1.000.000 bản ghi/giây")
        let second = "Nhập: 10 bản ghi · 5 bản ghi/giây"
        #expect(out[1] == "\r" + second + String(repeating: " ", count: out[0].count - 1 - second.count))
        #expect(out[2] == "\r" + String(repeating: " ", count: second.count) + "\r")
    }

    /// Standard error redirected to a pipe or a file (not a terminal) gets no progress line at all.
    @Test func noOutputWhenNotATerminal() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let line = ProgressLine("Nhập hoso.jsonl", unit: "bản ghi", totalBytes: 1_000, quiet: false, fileDescriptor: fds[1])
        #expect(!line.isShown)
        line.update(items: 10, bytes: 500, force: true)
        line.advance(items: 5, bytes: 100)
        line.finish()
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(read(fds[0], &buffer, buffer.count) == 0)
    }

    /// On a terminal the line is shown, unless `--quiet`.
    @Test func shownOnATerminalUnlessQuiet() throws {
        // The C library's pseudo-terminal calls, which Swift's Glibc module leaves out.
        func function<F>(_ name: String, as type: F.Type) throws -> F {
            unsafeBitCast(try #require(dlsym(nil, name)), to: type)
        }
        typealias Call = @convention(c) (Int32) -> Int32
        let master = try function("posix_openpt", as: Call.self)(O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        try #require(try function("grantpt", as: Call.self)(master) == 0 && function("unlockpt", as: Call.self)(master) == 0)
        let ptsname = try function("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
        let name = try #require(ptsname(master).map { String(cString: $0) })
        let terminal = open(name, O_RDWR | O_NOCTTY)
        try #require(terminal >= 0)
        defer { close(terminal) }
        #expect(!ProgressLine("Nhập", unit: "bản ghi", quiet: true, fileDescriptor: terminal).isShown)
        let line = ProgressLine("Nhập", unit: "bản ghi", quiet: false, fileDescriptor: terminal)
        #expect(line.isShown)
        line.update(items: 7, force: true)
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = read(master, &buffer, buffer.count)
        #expect(String(decoding: buffer[0..<max(0, n)], as: UTF8.self).contains("Nhập: 7 bản ghi"))
    }
}
