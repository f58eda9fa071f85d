import ChiSoIngest
import Foundation
import Testing
import ZIPFoundation

/// Hostile workbooks: small packages that unpack to huge parts ("ZIP bombs"), too many entries or shared strings;
/// and the temporary file of a worksheet, which must never be left behind.
@Suite struct XLSXLimitsTests {
    /// One entry of a package built in memory: its path, size and a provider of its bytes at an offset.
    struct Part {
        var path: String
        var size: Int
        var bytes: (_ offset: Int, _ count: Int) -> [UInt8]

        init(_ path: String, _ bytes: [UInt8]) {
            self.path = path
            self.size = bytes.count
            self.bytes = { Array(bytes[$0..<($0 + $1)]) }
        }

        /// `head`, then `count` spaces, then `tail`: compresses about a thousand to one.
        init(_ path: String, head: String, spaces count: Int, tail: String) {
            let head = Array(head.utf8)
            let tail = Array(tail.utf8)
            self.path = path
            self.size = head.count + count + tail.count
            self.bytes = { offset, length in
                // Offsets inside the run of spaces all map to the same 64 KiB of spaces.
                var out: [UInt8] = []
                var i = offset
                while i < offset + length {
                    if i < head.count {
                        out.append(head[i])
                        i += 1
                    } else if i < head.count + count {
                        let run = min(offset + length, head.count + count) - i
                        out += [UInt8](repeating: UInt8(ascii: " "), count: run)
                        i += run
                    } else {
                        out.append(tail[i - head.count - count])
                        i += 1
                    }
                }
                return out
            }
        }
    }

    /// A deflated ZIP package written with ZIPFoundation, in memory.
    static func package(_ parts: [Part]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts {
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(part.size), compressionMethod: .deflate) {
                (position: Int64, size: Int) in
                Data(part.bytes(Int(position), size))
            }
        }
        return [UInt8](try #require(archive.data))
    }

    /// The parts of a small valid workbook (one sheet, shared strings), as the test fixture writes them.
    static func workbookParts(strings: [String] = ["Mã"]) throws -> [Part] {
        let bytes = XLSXFixture.workbook(sheets: [("S", #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#)], sharedStrings: strings)
        return try unzipStored(bytes).map { Part($0.path, $0.bytes) }
    }

    static let sheetHead = #"<?xml version="1.0"?><worksheet xmlns="\#(XLSXFixture.mainNS)"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>"#

    /// The package with its worksheet replaced by one of `spaces` spaces.
    static func sheetBomb(spaces: Int) throws -> [UInt8] {
        try package(
            workbookParts().map {
                $0.path == "xl/worksheets/sheet1.xml"
                    ? Part($0.path, head: sheetHead, spaces: spaces, tail: "</sheetData></worksheet>") : $0
            })
    }

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aWorksheetBombIsRefusedBeforeAnythingIsUnpacked() throws {
        let bomb = try Self.sheetBomb(spaces: 128 << 20)
        #expect(bomb.count < 1 << 20, "small on disk")
        let text = try #require(message { _ = try XLSXReader(bytes: bomb, fileName: "bom.xlsx") })
        #expect(text.hasPrefix("bom.xlsx: "))
        #expect(text.contains("vượt giới hạn an toàn") && text.contains("xl/worksheets/sheet1.xml") && text.contains("100:1"))
        // A size limit of its own, too.
        let limited = try #require(
            message {
                _ = try XLSXReader(bytes: try Self.sheetBomb(spaces: 4 << 20), fileName: "bom.xlsx", limits: XLSXLimits(maxSheetBytes: 1 << 20))
            })
        #expect(limited.contains("xl/worksheets/sheet1.xml giải nén ra 4194") && limited.hasSuffix("byte, quá giới hạn 1048576 byte)"))
    }

    @Test func aBombThatLiesAboutItsSizeIsStoppedAtItsDeclaredSize() throws {
        var bomb = try Self.sheetBomb(spaces: 128 << 20)
        // Declare 4,000 bytes in both headers of the sheet's entry.
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        var patched = 0
        for i in 0..<(bomb.count - 46) {
            let signature = UInt32(bomb[i]) | UInt32(bomb[i + 1]) << 8 | UInt32(bomb[i + 2]) << 16 | UInt32(bomb[i + 3]) << 24
            let (sizeOffset, nameOffset) = signature == 0x0403_4B50 ? (22, 30) : signature == 0x0201_4B50 ? (24, 46) : (0, 0)
            guard sizeOffset > 0, i + nameOffset + name.count <= bomb.count, Array(bomb[(i + nameOffset)..<(i + nameOffset + name.count)]) == name
            else { continue }
            bomb.replaceSubrange((i + sizeOffset)..<(i + sizeOffset + 4), with: [0xA0, 0x0F, 0, 0])
            patched += 1
        }
        #expect(patched == 2)
        let text = try #require(message { _ = try XLSXReader(bytes: bomb, fileName: "bom.xlsx") })
        #expect(text.contains("xl/worksheets/sheet1.xml khai báo 4000 byte nhưng giải nén ra nhiều hơn"))
        // Little was written: the unpacking stopped within one chunk past the declared size.
        let stopped = try #require(text.split(separator: "đã dừng sau ").last?.split(separator: " ").first.flatMap { Int($0) })
        #expect(stopped > 4_000 && stopped <= 4_000 + (1 << 20))
    }

    @Test func sharedStringsCannotTakeGigabytesOfMemory() throws {
        // A shared-strings part of a few hundred kilobytes that would unpack to 200 MB.
        var parts = try Self.workbookParts()
        parts = parts.map {
            $0.path == "xl/sharedStrings.xml"
                ? Part(
                    $0.path, head: #"<?xml version="1.0"?><sst xmlns="\#(XLSXFixture.mainNS)"><si><t>Mã</t></si><si><t>"#,
                    spaces: 200 << 20, tail: "</t></si></sst>") : $0
        }
        let bomb = try Self.package(parts)
        #expect(bomb.count < 1 << 20)
        let text = try #require(message { _ = try XLSXReader(bytes: bomb, fileName: "chuoi.xlsx") })
        #expect(text.contains("xl/sharedStrings.xml") && text.contains("100:1"))
        // Too many strings, or too much text, each has a limit too.
        let many = try Self.package(try Self.workbookParts(strings: (1...2_000).map { "chuỗi \($0)" }))
        let count = try #require(message { _ = try XLSXReader(bytes: many, fileName: "chuoi.xlsx", limits: XLSXLimits(maxSharedStrings: 1_000)) })
        #expect(count.contains("xl/sharedStrings.xml có hơn 1000 chuỗi dùng chung"))
        let long = try #require(
            message { _ = try XLSXReader(bytes: many, fileName: "chuoi.xlsx", limits: XLSXLimits(maxSharedStringBytes: 10_000)) })
        #expect(long.contains("dài hơn 10000 byte"))
        #expect(message { _ = try XLSXReader(bytes: many, fileName: "chuoi.xlsx") } == nil)
    }

    @Test func tooManyEntriesAreRefused() throws {
        let parts = try Self.workbookParts() + (1...30).map { Part("customXml/item\($0).xml", Array("<a/>".utf8)) }
        let text = try #require(
            message { _ = try XLSXReader(bytes: try Self.package(parts), fileName: "nhieu.xlsx", limits: XLSXLimits(maxEntries: 20)) })
        #expect(text == "nhieu.xlsx: không mở được tệp (tệp XLSX vượt giới hạn an toàn: gói ZIP có hơn 20 phần)")
    }

    /// Files of the temporary folder that were not there before.
    func newTemporaryFiles(since before: Set<String>) throws -> [String] {
        let now = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
        return now.filter { !before.contains($0) && $0.hasPrefix("chiso-xlsx") && !$0.hasPrefix("chiso-xlsx-test") }
    }

    @Test func noTemporaryFileIsEverLeftBehind() throws {
        let dir = try XLSXFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = (1...200).map { ["H\($0)", "Xã \($0)"] }
        let good = dir.appendingPathComponent("tot.xlsx")
        try Data(XLSXFixture.workbook(sheets: [("S", XLSXFixture.inlineRows([["Mã", "Tên"]] + rows))])).write(to: good)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()))
        do {
            var reader = try XLSXReader(path: good.path)
            _ = try reader.header()
            _ = try reader.next()
            // While the sheet is being read, its temporary file has no name: a killed import leaves nothing.
            #expect(try newTemporaryFiles(since: before).isEmpty)
            var count = 1
            while try reader.next() != nil { count += 1 }
            #expect(count == 200)
        }
        #expect(try newTemporaryFiles(since: before).isEmpty)
        // A sheet cut in the middle of a row: an error, and nothing left either.
        let cut = dir.appendingPathComponent("cut.xlsx")
        let data = XLSXFixture.inlineRows([["Mã", "Tên"]] + rows)
        try Data(XLSXFixture.workbook(sheets: [("S", String(data.prefix(data.count / 2)))])).write(to: cut)
        #expect(throws: IngestError.self) {
            var reader = try XLSXReader(path: cut.path)
            while try reader.next() != nil {}
        }
        #expect(try newTemporaryFiles(since: before).isEmpty)
    }
}
