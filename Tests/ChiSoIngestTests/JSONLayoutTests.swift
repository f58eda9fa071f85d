import ChiSoCore
import ChiSoIngest
import Foundation
import Testing

/// JSON inputs as systems really write them: CR line ends, pretty-printed objects one after another, pretty-printed
/// arrays; and a broken line that must not swallow the lines after it.
@Suite struct JSONLayoutTests {
    static let pretty = DVCQGDossierReaderTests.fullRecord

    static func pretty(_ code: String) -> String {
        pretty.replacingOccurrences(of: "000.00.15.H15-240305-0001", with: code)
    }

    @Test(arguments: ["\r", "\r\n", "\n"])
    func jsonLinesWithAnyLineEndAreOneRecordPerLine(ending: String) throws {
        let text = [record("A"), record("B", extra: #","NgayHenTra":"x""#), record("C")].joined(separator: ending) + ending
        for size in [1, 7, 1 << 20] {
            let (records, issues) = try readDossiers(text, chunkSize: size)
            #expect(records.map(\.code) == ["A", "C"])
            let issue = try #require(issues.first)
            #expect(issues.count == 1 && issue.line == 2 && issue.recordNumber == 2 && issue.field == "NgayHenTra")
            #expect(issue.rawRecord == record("B", extra: #","NgayHenTra":"x""#))
        }
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func prettyPrintedObjectsOneAfterAnotherAreWholeRecords(ending: String) throws {
        let objects = [Self.pretty("P1"), Self.pretty("P2"), Self.pretty("P3")].map { $0.replacingOccurrences(of: "\n", with: ending) }
        let lineCount = Self.pretty.split(separator: "\n", omittingEmptySubsequences: false).count
        for size in [5, 1 << 20] {
            let (records, issues) = try readDossiers(objects.joined(separator: ending) + ending, chunkSize: size)
            #expect(issues.isEmpty)
            #expect(records.map(\.code) == ["P1", "P2", "P3"])
            #expect(records.first?.components.count == 2)
        }
        // A bad one among them is one issue, on its first line, with the whole object.
        let bad = Self.pretty("P2").replacingOccurrences(of: "\"20240305083000\"", with: "\"hôm qua\"")
        let (records, issues) = try readDossiers([Self.pretty("P1"), bad, Self.pretty("P3")].joined(separator: "\n"))
        #expect(records.map(\.code) == ["P1", "P3"])
        let issue = try #require(issues.first)
        #expect(issues.count == 1 && issue.line == lineCount + 1 && issue.field == "NgayTiepNhan")
        #expect(issue.rawRecord == bad)
    }

    @Test func prettyPrintedArrayIsReadAsWholeRecords() throws {
        let text = "[\n  " + Self.pretty("P1") + ",\n  " + Self.pretty("P2") + "\n]\n"
        let (records, issues) = try readDossiers(text, chunkSize: 3, fileName: "d.json")
        #expect(issues.isEmpty)
        #expect(records.map(\.code) == ["P1", "P2"])
    }

    @Test func aBrokenLineDoesNotSwallowTheLinesAfterIt() throws {
        // The first object is cut (its braces never close); the next line starts a record of its own.
        let cut = #"{"MaHoSo":"CUT","TaiLieuNop":[{"DuocSoHoa":1}"#
        let text = record("A") + "\n" + cut + "\n" + record("B") + "\n" + Self.pretty("P1") + "\n" + record("C") + "\n"
        let (records, issues) = try readDossiers(text)
        #expect(records.map(\.code) == ["A", "B", "P1", "C"])
        let issue = try #require(issues.first)
        #expect(issues.count == 1 && issue.kind == .malformedJSON && issue.line == 2)
        #expect(issue.rawRecord == cut)
    }
}
