import ChiSoCore
import ChiSoIngest
import Foundation
import Testing

@Suite struct TabularDossierReaderTests {
    static let header = [
        "STT", "Mã hồ sơ", "Mã TTHC", "Tên TTHC", "Đơn vị xử lý", "Kênh nộp", "Ngày nộp", "Ngày tiếp nhận", "Ngày hẹn trả",
        "Ngày kết thúc xử lý", "Ngày trả kết quả", "Trạng thái", "Phí, lệ phí", "Thanh toán trực tuyến", "Số hóa", "Kết quả điện tử",
    ]
    static let rows: [[String]] = [
        [
            "1", "H15.22-240305-0001", "1.004227", "Cấp giấy phép", "000.00.15.H15", "Trực tuyến", "04/03/2024 16:00:00",
            "05/03/2024 08:30:00", "12/03/2024 17:00:00", "11/03/2024 10:00:00", "12/03/2024 09:00:00", "Đã trả kết quả",
            "50.000", "1", "Có", "1",
        ],
        [
            "2", "H15.22-240305-0002", "1.004227", "Cấp giấy phép", "000.00.15.H15", "Trực tiếp", "", "05/03/2024",
            "", "", "", "Đang xử lý", "", "0", "0", "0",
        ],
        [
            "3", "H15.22-240305-0003", "2.000001", "Đăng ký", "000.00.16.H15", "Bưu chính công ích", "", "2024-03-06 09:15:00",
            "", "07/03/2024 11:00:00", "", "Từ chối", "0", "", "", "",
        ],
        [
            "4", "H15.22-240305-0004", "2.000001", "Đăng ký", "000.00.16.H15", "2", "", "06/03/2024 10:00:00",
            "", "", "", "Chờ phê duyệt", "", "", "", "",
        ],
        [
            "5", "H15.22-240305-0002", "1.004227", "Cấp giấy phép", "000.00.15.H15", "1", "", "07/03/2024 08:00",
            "", "", "", "4", "", "2", "", "",
        ],
        [
            "6", "H15.22-240305-0006", "1.004227", "Cấp giấy phép", "000.00.15.H15", "Fax", "", "07/03/2024 08:00",
            "", "", "", "4", "", "", "", "",
        ],
        [
            "7", "H15.22-240305-0007", "1.004227", "Cấp giấy phép", "000.00.15.H15", "1", "", "32/03/2024 08:00",
            "", "", "", "4", "", "", "", "",
        ],
    ]

    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func xlsx(_ header: [String], _ rows: [[String]], titleRows: Int = 0) -> [UInt8] {
        XLSXFixture.workbook(sheets: [
            ("Danh sách hồ sơ", XLSXFixture.inlineRows(Array(repeating: ["DANH SÁCH HỒ SƠ"], count: titleRows) + [header] + rows))
        ])
    }

    static func read<Rows: TabularRowReader>(_ rows: Rows, profile: TabularProfile) throws -> [ReadResult<Dossier>] {
        var reader = try TabularDossierReader(rows: rows, profile: profile)
        var results: [ReadResult<Dossier>] = []
        while let result = try reader.next() { results.append(result) }
        return results
    }

    @Test func csvAndXlsxGiveIdenticalDossiers() throws {
        let profile = try TabularProfile.builtIn("mot-cua-pho-bien")
        let fromCSV = try Self.read(
            CSVReader(source: ArrayChunkSource(Self.csv(Self.header, Self.rows), chunkSize: 7), fileName: "hoso.csv"), profile: profile)
        let fromXLSX = try Self.read(try XLSXReader(bytes: Self.xlsx(Self.header, Self.rows, titleRows: 2), fileName: "hoso.csv"), profile: profile)
        #expect(fromCSV.map(\.record) == fromXLSX.map(\.record))
        #expect(fromCSV.map { $0.issue?.kind } == fromXLSX.map { $0.issue?.kind })

        let first = try #require(fromCSV[0].record)
        #expect(first.code == "H15.22-240305-0001")
        #expect(first.unitCode == "000.00.15.H15")
        #expect(first.channel == .online)
        #expect(first.submittedAt == Instant(dvcqg: "20240304160000"))
        #expect(first.receivedAt == Instant(dvcqg: "20240305083000"))
        #expect(first.dueAt == Instant(dvcqg: "20240312170000"))
        #expect(first.state == .returned)
        #expect(first.processedAt == Instant(dvcqg: "20240311100000"))
        #expect(first.returnedAt == Instant(dvcqg: "20240312090000"))
        #expect(first.fees == [Fee(amount: 50_000)])
        #expect(first.payment == .nationalPortal)
        #expect(first.isDigitized)
        #expect(first.hasElectronicResult)
        #expect(!first.synced)

        let second = try #require(fromCSV[1].record)
        #expect(second.channel == .inPerson && second.state == .processing && second.fees.isEmpty && !second.isDigitized)
        #expect(second.receivedAt == Instant(dvcqg: "20240305000000"))
        let third = try #require(fromCSV[2].record)
        #expect(third.channel == .postal && third.state == .refused && third.stoppedAt == Instant(dvcqg: "20240307110000"))
        #expect(third.allFeesZero)
    }

    @Test func unknownStatusAndBadCellsAreIssuesNamingRowAndColumn() throws {
        let profile = try TabularProfile.builtIn("mot-cua-pho-bien")
        let results = try Self.read(
            CSVReader(source: ArrayChunkSource(Self.csv(Self.header, Self.rows)), fileName: "hoso.csv"), profile: profile)
        #expect(results.count == 7)
        let unknown = try #require(results[3].issue)
        #expect(unknown.kind == .unknownStatus)
        #expect(unknown.line == 5)
        #expect(unknown.field == "Trạng thái")
        #expect(unknown.found == "Chờ phê duyệt")
        #expect(unknown.message.hasPrefix("hoso.csv, bản ghi 4 (dòng 5), cột Trạng thái: cần trạng thái đã khai báo"))
        let channel = try #require(results[5].issue)
        #expect(channel.field == "Kênh nộp" && channel.found == "Fax" && channel.line == 7)
        let date = try #require(results[6].issue)
        #expect(date.field == "Ngày tiếp nhận" && date.found == "32/03/2024 08:00")
        #expect(date.expected.contains("dd/MM/yyyy HH:mm:ss"))

        // In XLSX, the line is the worksheet row (two title rows above the header).
        let fromXLSX = try Self.read(try XLSXReader(bytes: Self.xlsx(Self.header, Self.rows, titleRows: 2), fileName: "hoso.xlsx"), profile: profile)
        #expect(fromXLSX[3].issue?.line == 7)
        #expect(fromXLSX[3].issue?.message.hasPrefix("hoso.xlsx, bản ghi 4 (dòng 7), cột Trạng thái") == true)
    }

    @Test func duplicateCodesAreBothReadWithTheirRows() throws {
        let profile = try TabularProfile.builtIn("mot-cua-pho-bien")
        var reader = try TabularDossierReader(
            rows: try XLSXReader(bytes: Self.xlsx(Self.header, Self.rows), fileName: "hoso.xlsx"), profile: profile)
        var duplicates: [(Dossier, RecordPosition)] = []
        while let result = try reader.next() {
            if case .record(let dossier, let position) = result, dossier.code == "H15.22-240305-0002" { duplicates.append((dossier, position)) }
        }
        try #require(duplicates.map(\.1.line) == [3, 6])
        #expect(duplicates.map(\.0.state) == [.processing, .processing])
        #expect(duplicates[1].0.payment == .provincialGateway)
    }

    @Test func missingRequiredColumnIsAnErrorListingIt() throws {
        let profile = try TabularProfile.builtIn("mot-cua-pho-bien")
        let header = Self.header.filter { $0 != "Trạng thái" && $0 != "Đơn vị xử lý" }
        for makeRows in [
            { () throws -> any TabularRowReader in CSVReader(source: ArrayChunkSource(Self.csv(header, [])), fileName: "hoso.csv") },
            { () throws -> any TabularRowReader in try XLSXReader(bytes: Self.xlsx(header, []), fileName: "hoso.csv") },
        ] {
            do {
                _ = try Self.read(try makeRows(), profile: profile)
                Issue.record("no error")
            } catch let error as IngestError {
                #expect(error.missingColumns == ["Đơn vị xử lý / Mã đơn vị / Mã đơn vị xử lý", "Trạng thái / Trạng thái hồ sơ"])
                #expect(error.foundColumns == header)
                #expect(error.message.hasPrefix("hoso.csv: thiếu cột bắt buộc Đơn vị xử lý / Mã đơn vị"))
            }
        }
    }

    @Test func wrongEncodingIsAnError() throws {
        // A Windows-1258 / Latin-1 CSV: the header is not UTF-8.
        let bytes: [UInt8] = Array("M".utf8) + [0xE3] + Array(" h".utf8) + [0xF4] + Array(" s".utf8) + [0xF5, 0x0A] + Array("x\n".utf8)
        let profile = try TabularProfile.builtIn("mot-cua-pho-bien")
        #expect(throws: IngestError.self) {
            _ = try Self.read(CSVReader(source: ArrayChunkSource(bytes), fileName: "hoso.csv"), profile: profile)
        }
    }

    @Test func customProfileWithOwnFormatsAndValues() throws {
        let profile = try TabularProfile.parse(ProfileTests.minimal + "\nchannel_values: { \"Cổng DVC\": online }", file: "x.yaml")
        var columns = profile.columns
        columns[.channel] = TabularProfile.Column(headers: ["Kênh"])
        let withChannel = TabularProfile(id: profile.id, columns: columns, statusMapping: profile.statusMapping, channels: profile.channels)
        let text = "Số biên nhận;Mã TTHC;Mã cơ quan;Thời điểm tiếp nhận;Tình trạng;Kênh\nA-1;1.1;U1;05-03-2024 08:30;HOÀN THÀNH;Cổng DVC\n"
        let results = try Self.read(CSVReader(source: ArrayChunkSource(text), fileName: "x.csv"), profile: withChannel)
        let dossier = try #require(results.first?.record)
        #expect(dossier.receivedAt == Instant(dvcqg: "20240305083000"))
        #expect(dossier.state == .returned)
        #expect(dossier.channel == .online)
    }

    @Test func importEntryPointReadsFilesAndDetectsTheProfile() throws {
        let directory = try XLSXFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csvPath = directory.appendingPathComponent("hoso.csv").path
        let xlsxPath = directory.appendingPathComponent("hoso.XLSX").path
        try Data(Self.csv(Self.header, Self.rows).utf8).write(to: URL(fileURLWithPath: csvPath))
        try Data(Self.xlsx(Self.header, Self.rows, titleRows: 1)).write(to: URL(fileURLWithPath: xlsxPath))
        #expect(TabularImport.format(ofPath: xlsxPath) == .xlsx)
        #expect(TabularImport.format(ofPath: csvPath) == .csv)
        #expect(!TabularImport.isSpreadsheet(path: "hoso.jsonl"))

        let detected = try #require(try TabularImport.detectProfile(path: xlsxPath))
        #expect(detected.id == "mot-cua-pho-bien")
        #expect(try TabularImport.detectProfile(path: csvPath)?.id == "mot-cua-pho-bien")

        let fromCSV = try TabularImport.dossiers(path: csvPath, profile: detected)
        let fromXLSX = try TabularImport.dossiers(path: xlsxPath, profile: detected)
        #expect(fromCSV.records == fromXLSX.records)
        #expect(fromCSV.records.count == 4)
        #expect(fromXLSX.issues.count == 3)
        #expect(fromXLSX.issues.allSatisfy { $0.fileName == "hoso.XLSX" })

        let other = directory.appendingPathComponent("other.csv").path
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: other))
        #expect(try TabularImport.detectProfile(path: other) == nil)
        #expect(throws: IngestError.notZIP(file: "fake.xlsx")) {
            let fake = directory.appendingPathComponent("fake.xlsx").path
            try Data("Mã hồ sơ\n".utf8).write(to: URL(fileURLWithPath: fake))
            _ = try TabularImport.dossierReader(path: fake, profile: detected)
        }
    }
}
