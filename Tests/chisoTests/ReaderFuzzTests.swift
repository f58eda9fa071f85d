import ChiSoCore
import ChiSoIngest
import ChiSoReport
import ChiSoStore
import ChiSoTesting
import Foundation
import Testing

@testable import chiso

/// A bounded, seeded fuzz test of the dossier readers (DVCQG JSON lines, CSV and XLSX through the built-in column
/// profile), through the real import path into a temporary SQLite database.
///
/// Each run writes 1,000 records, mutates about half of them (bytes replaced, inserted, deleted, spans dropped or
/// repeated, with quotes, braces, delimiters, backslashes, NUL and bytes that are not UTF-8; cells edited in the
/// workbook), imports the file, and checks: no crash; records in = stored + quarantined; every quarantined record is
/// recoverable byte for byte (its raw text, unescaped where the reason says so, is the record as it was in the file,
/// JSON white space around it aside; for a worksheet row, the CSV text of its cells).
@Suite("Seeded fuzz test of the dossier readers", .serialized)
struct ReaderFuzzTests {
    static let recordCount = 1_000

    /// Bytes mutations insert: JSON and CSV structure, escapes, NUL, tab, and bytes that are not UTF-8 alone.
    static let alphabet: [UInt8] = Array("\"\"{}[],:;\\ x0-".utf8) + [0x00, 0x09, 0xFF, 0xC3, 0xA1, 0xE1, 0x80]

    /// Mutates a record's bytes one to three times, never adding a line break (line breaks delimit the records).
    static func mutate(_ bytes: inout [UInt8], using rng: inout SplitMix) {
        for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            let byte = alphabet.randomElement(using: &rng)!
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: bytes[at] = byte
            case 1: bytes.insert(byte, at: at)
            case 2: bytes.remove(at: at)
            case 3: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...20, using: &rng)))
            default:
                let span = Array(bytes[at..<min(bytes.count, at + Int.random(in: 1...20, using: &rng))])
                bytes.insert(contentsOf: span, at: Int.random(in: 0...bytes.count, using: &rng))
            }
        }
        if bytes.isEmpty { bytes = [UInt8(ascii: "x")] }
    }

    /// Mutates a cell's text (a workbook holds text, not bytes: characters XML can carry, line breaks included).
    static func mutate(cell: String, using rng: inout SplitMix) -> String {
        var characters = Array(cell)
        let pool: [Character] = ["\"", ",", ";", "\n", "\t", " ", "x", "0", "/", ":", "ễ", "Đ", "&", "<", "e\u{301}"]
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = Int.random(in: 0...characters.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where at < characters.count: characters[at] = pool.randomElement(using: &rng)!
            case 1: characters.insert(pool.randomElement(using: &rng)!, at: at)
            case 2 where at < characters.count: characters.remove(at: at)
            default: characters = Array(String(characters).uppercased())
            }
        }
        return String(characters)
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A valid DongBoHoSoMC record on one line.
    static func jsonRecord(_ i: Int) -> String {
        let day = two(1 + i % 28)
        let state = [2, 4, 6, 10][i % 4]
        var line = #"{"MaHoSo":"H15-2608\#(day)-\#(i)","MaTTHC":"1.00\#(i % 40)","DonViXuLy":"U\#(i % 9)","KenhThucHien":\#(1 + i % 2),"#
        line += #""NgayTiepNhan":"202608\#(day)080000","NgayHenTra":"202609\#(day)170000","TrangThaiHoSo":"\#(state)""#
        if state == 10 { line += #","NgayKetThucXuLy":"202609\#(day)070000""# }
        line += #","TaiLieuNop":[{"MaThanhPhanHoSo":"TP1","DuocSoHoa":\#(i % 2)}],"DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","Gia":\#(i * 1000)}]}"#
        return line
    }

    static let header = ["Mã hồ sơ", "Mã TTHC", "Đơn vị xử lý", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái", "Phí, lệ phí"]
    static let statuses = ["Đang xử lý", "Đã tiếp nhận", "Hoàn thành", "Chờ bổ sung", "Từ chối"]

    /// The cells of a valid spreadsheet row.
    static func cells(_ i: Int) -> [String] {
        let day = two(1 + i % 28)
        return [
            "H15-2608\(day)-\(i)", "1.00\(i % 40)", "U\(i % 9)", i % 2 == 0 ? "Trực tuyến" : "Trực tiếp", "\(day)/08/2026 08:30:00",
            "\(day)/09/2026 17:00:00", statuses[i % statuses.count], "\(i * 1000)",
        ]
    }

    /// Imports a file through `chiso import`'s importer into a new database; returns the counts and the quarantine.
    static func importFile(_ path: String, profile: TabularProfile? = nil) async throws -> (IngestCounts, [QuarantinedRecord]) {
        let db = path + ".sqlite"
        defer { try? FileManager.default.removeItem(atPath: db) }
        let store = try SQLiteStore(path: db)
        let importer = FileImporter(store: store, batchSize: 97, printIssues: false, profile: profile)
        _ = try await importer.run(path: path, kind: .dossiers)
        let log = try await store.importLog()
        let entry = try #require(log.first)
        #expect(log.count == 1 && entry.status == .completed)
        return (entry.counts, try await store.quarantined())
    }

    /// The bytes a quarantined record's raw text stands for.
    static func recovered(_ record: QuarantinedRecord) -> [UInt8] {
        record.reason.contains(RawRecord.escapeNote) ? RawRecord.bytes(ofEscaped: record.rawText) : Array(record.rawText.utf8)
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("chiso-fuzz-\(UUID().uuidString)-\(name)").path
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func jsonLines(seed: UInt64) async throws {
        var rng = SplitMix(seed: seed)
        var lines: [[UInt8]] = []
        for i in 1...Self.recordCount {
            var bytes = Array(Self.jsonRecord(i).utf8)
            // The first record stays whole: its first byte tells an array from JSON lines.
            if i > 1, Bool.random(using: &rng) { Self.mutate(&bytes, using: &rng) }
            lines.append(bytes)
        }
        let path = Self.temporaryPath("hoso.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(lines.joined(separator: [0x0A])).write(to: URL(fileURLWithPath: path))
        let (counts, quarantine) = try await Self.importFile(path)
        #expect(counts.accepted + counts.updated + counts.unchanged + counts.quarantined == Self.recordCount)
        #expect(quarantine.count == counts.quarantined)
        #expect(quarantine.count > Self.recordCount / 10, "the mutations reach the quarantine")
        for record in quarantine {
            let number = try #require(record.recordNumber)
            let original = lines[number - 1].drop { Self.isJSONSpace($0) }.reversed().drop { Self.isJSONSpace($0) }.reversed()
            #expect(Self.recovered(record) == Array(original), "record \(number): \(record.reason)")
        }
    }

    static func isJSONSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    @Test(arguments: [1 as UInt64, 2, 3])
    func csv(seed: UInt64) async throws {
        var rng = SplitMix(seed: seed)
        var lines: [[UInt8]] = []
        for i in 1...Self.recordCount {
            var bytes = Array(Self.cells(i).joined(separator: ",").utf8)
            if Bool.random(using: &rng) { Self.mutate(&bytes, using: &rng) }
            lines.append(bytes)
        }
        let headerLine = Array(Self.header.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",").utf8)
        let path = Self.temporaryPath("hoso.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(([headerLine] + lines).joined(separator: [0x0D, 0x0A])).write(to: URL(fileURLWithPath: path))
        let (counts, quarantine) = try await Self.importFile(path, profile: try TabularProfile.resolve("mot-cua-pho-bien"))
        #expect(counts.accepted + counts.updated + counts.unchanged + counts.quarantined == Self.recordCount)
        #expect(quarantine.count == counts.quarantined)
        #expect(quarantine.count > Self.recordCount / 10, "the mutations reach the quarantine")
        for record in quarantine {
            let number = try #require(record.recordNumber)
            #expect(record.line == number + 1)
            #expect(Self.recovered(record) == lines[number - 1], "record \(number): \(record.reason)")
        }
    }

    @Test(arguments: [1 as UInt64, 2])
    func xlsx(seed: UInt64) async throws {
        var rng = SplitMix(seed: seed)
        var rows: [[String]] = []
        for i in 1...Self.recordCount {
            var cells = Self.cells(i)
            if Bool.random(using: &rng) {
                for _ in 0..<Int.random(in: 1...2, using: &rng) {
                    let column = Int.random(in: 0..<cells.count, using: &rng)
                    cells[column] = Self.mutate(cell: cells[column], using: &rng)
                }
            }
            rows.append(cells)
        }
        let table = ReportTable(
            columns: Self.header.map { _ in ReportTableColumn() }, headerRows: [Self.header.map { ReportHeaderCell(stringLiteral: $0) }],
            rows: rows.map { ReportRow($0.map { ReportCell(.text($0)) }) })
        let path = Self.temporaryPath("hoso.xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(try XLSXWriter.data(tables: [table])).write(to: URL(fileURLWithPath: path))
        let (counts, quarantine) = try await Self.importFile(path, profile: try TabularProfile.resolve("mot-cua-pho-bien"))
        #expect(counts.accepted + counts.updated + counts.unchanged + counts.quarantined == Self.recordCount)
        #expect(quarantine.count == counts.quarantined)
        #expect(quarantine.count > Self.recordCount / 20, "the mutations reach the quarantine")
        for record in quarantine {
            let number = try #require(record.recordNumber)
            #expect(Self.trailingEmptyCellsDropped(Self.csvCells(record.rawText)) == Self.trailingEmptyCellsDropped(rows[number - 1]))
        }
    }

    static func trailingEmptyCellsDropped(_ cells: [String]) -> [String] {
        var cells = cells
        while cells.last?.isEmpty == true { cells.removeLast() }
        return cells
    }

    /// The cells of one RFC 4180 CSV record (quoted cells may hold delimiters, quotes doubled, line breaks).
    static func csvCells(_ text: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        cell.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" && cell.isEmpty {
                quoted = true
            } else if character == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(character)
            }
        }
        cells.append(cell)
        return cells
    }
}
