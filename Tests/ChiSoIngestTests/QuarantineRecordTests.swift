import ChiSoCore
import ChiSoIngest
import Crypto
import Foundation
import Testing

/// The quarantine keeps a rejected record whole (or, past 1 MiB, its head, length and digest), and a stray quote in a
/// CSV file spoils one line, not the rows after it.
@Suite struct QuarantineRecordTests {
    func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    @Test func aLongBadRecordIsKeptWhole() throws {
        // 100 KB of components, and a bad reception date.
        let components = (1...1_500).map { #"{"MaThanhPhanHoSo":"TP\#($0)","DuocSoHoa":1,"DuocTaiSuDung":0}"# }.joined(separator: ",")
        let bad = record("BAD", extra: #","TaiLieuNop":[\#(components)]"#).replacingOccurrences(of: "20240305083000", with: "2024-03-05")
        #expect(bad.utf8.count > 60_000)
        let (records, issues) = try readDossiers(record("A") + "\n" + bad + "\n" + record("B"))
        #expect(records.map(\.code) == ["A", "B"])
        let issue = try #require(issues.first)
        #expect(issue.rawRecord == bad)
        #expect(issue.raw.isWhole && !issue.raw.isEscaped && issue.raw.byteCount == bad.utf8.count)
        #expect(!issue.message.contains("SHA-256"))

        let row = "X1,\"" + String(repeating: "Xã rất dài ", count: 2_000) + "\",thôn"
        let csvIssues = try csv("code,name,kind\n" + row + "\nX2,Xã,xã\n") { (source) throws(IngestError) in
            try CSVRecordReader(units: source, fileName: "units.csv")
        }
        #expect(csvIssues.records.map(\.code) == ["X2"])
        #expect(csvIssues.issues.first?.rawRecord == row)
    }

    @Test func aRecordPastOneMebibyteKeepsItsHeadLengthAndDigest() throws {
        let filler = String(repeating: "Nguyễn Văn A ", count: 100_000)
        let bad = record("BIG", extra: #","ChuHoSo":"\#(filler)""#).replacingOccurrences(of: "\"MaTTHC\"", with: "\"XMaTTHC\"")
        let bytes = Array(bad.utf8)
        #expect(bytes.count > RawRecord.limit)
        let (records, issues) = try readDossiers(bad + "\n" + record("A"), chunkSize: 64 << 10)
        #expect(records.map(\.code) == ["A"])
        let issue = try #require(issues.first)
        #expect(issue.kind == .missingField && issue.field == "MaTTHC")
        #expect(issue.raw.byteCount == bytes.count)
        #expect(issue.raw.digest == sha256(bytes))
        #expect(issue.rawRecord.utf8.count <= RawRecord.limit && bad.hasPrefix(issue.rawRecord))
        #expect(issue.rawRecord.utf8.count > RawRecord.limit - 4)
        #expect(issue.message.contains("bản ghi dài \(bytes.count) byte") && issue.message.contains("SHA-256 của cả bản ghi: \(sha256(bytes))"))
    }

    @Test func aRecordPastTheReaderLimitIsSkippedWithItsDigest() throws {
        // 3 MiB, over the reader's 2 MiB limit: skipped without being held, digested on the way.
        let filler = String(repeating: "x", count: 3 << 20)
        let huge = record("HUGE", extra: #","ChuHoSo":"\#(filler)""#)
        var reader = DVCQGDossierReader(
            source: ArrayChunkSource(huge + "\n" + record("A") + "\n", chunkSize: 256 << 10), fileName: "d.jsonl", maxRecordBytes: 2 << 20)
        let (records, issues) = try Readers.drain { () throws(IngestError) in try reader.next() }
        #expect(records.map(\.code) == ["A"])
        let issue = try #require(issues.first)
        #expect(issues.count == 1 && issue.kind == .recordTooLarge && issue.line == 1)
        #expect(issue.raw.byteCount == huge.utf8.count)
        #expect(issue.raw.digest == sha256(Array(huge.utf8)))
        #expect(huge.hasPrefix(issue.rawRecord) && issue.rawRecord.utf8.count <= RawRecord.limit)
    }

    @Test func bytesThatAreNotUTF8AreKeptRecoverably() throws {
        var bad = Array(record(#"BAD\\X"#).utf8)
        // Inside the code: a byte that is never UTF-8, and a lead byte without its continuation.
        bad.insert(0xFF, at: 12)
        bad.insert(0xC3, at: 14)
        var input = Array((record("A") + "\n").utf8)
        input += bad + Array(("\n" + record("B")).utf8)
        var reader = DVCQGDossierReader(source: ArrayChunkSource(input), fileName: "d.jsonl")
        let (records, issues) = try Readers.drain { () throws(IngestError) in try reader.next() }
        #expect(records.map(\.code) == ["A", "B"])
        let issue = try #require(issues.first)
        #expect(issue.kind == .invalidUTF8)
        #expect(issue.raw.isEscaped && issue.raw.isWhole)
        #expect(RawRecord.bytes(ofEscaped: issue.rawRecord) == bad)
        #expect(issue.rawRecord.contains("\\xFF") && issue.rawRecord.contains(#"\\\\X"#))
        #expect(issue.message.contains(RawRecord.escapeNote))
    }

    @Test func aStrayQuoteSpoilsOneLineNotTheRowsAfterIt() throws {
        var lines = ["code,name,kind"] + (1...41).map { "U\($0),Xã \($0),xã" }
        lines[5] = "U5,\"Xã 5,xã"
        for ending in ["\n", "\r\n"] {
            let (units, issues) = try csv(lines.joined(separator: ending) + ending) { (source) throws(IngestError) in
                try CSVRecordReader(units: source, fileName: "units.csv")
            }
            #expect(units.count == 40 && !units.contains { $0.code == "U5" })
            let issue = try #require(issues.first)
            #expect(issues.count == 1)
            #expect(issue.kind == .unclosedQuote && issue.line == 6 && issue.recordNumber == 5 && issue.field == "name")
            #expect(issue.rawRecord == "U5,\"Xã 5,xã")
            #expect(issue.message.hasPrefix("units.csv, bản ghi 5 (dòng 6), cột name: dấu \" mở ô không được đóng trên cùng dòng"))
            #expect(units.map(\.code).last == "U41")
        }
        // A second stray quote ten lines on closes the cell: the lines between are rows of the file all the same.
        lines[15] = "U15,Xã 15\",xã"
        let (units, issues) = try csv(lines.joined(separator: "\n")) { (source) throws(IngestError) in
            try CSVRecordReader(units: source, fileName: "units.csv")
        }
        #expect(units.count == 40)
        #expect(issues.map(\.line) == [6])
        #expect(units.first { $0.code == "U6" }?.name == "Xã 6")
    }

    @Test func aQuotedCellOverSeveralLinesIsStillOneCell() throws {
        let text = "code,name,kind\nA,\"Phường\nBến Nghé, Quận 1\",xã\nB,\"Dòng 1\nx, y\nDòng 3\",huyện\nC,C,xã\n"
        let (units, issues) = try csv(text) { (source) throws(IngestError) in try CSVRecordReader(units: source, fileName: "units.csv") }
        #expect(issues.isEmpty)
        #expect(units.map(\.name) == ["Phường\nBến Nghé, Quận 1", "Dòng 1\nx, y\nDòng 3", "C"])
    }
}
