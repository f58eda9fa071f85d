import ChiSoCore
import ChiSoIngest
import Foundation
import Testing

@Suite struct DVCQGDossierReaderTests {
    static let fullRecord = """
        {
          "MaHoSo": "000.00.15.H15-240305-0001",
          "MaTTHC": "1.004227",
          "TenTTHC": "Cấp giấy phép xây dựng",
          "MaLinhVuc": "G13",
          "KenhThucHien": "2",
          "ChuHoSo": "Nguyễn Văn A",
          "LoaiDoiTuong": 2,
          "NgayNopHoSo": "20240305081500",
          "NgayTiepNhan": "20240305083000",
          "NgayHenTra": "20240315170000",
          "TrangThaiHoSo": "10",
          "NgayTra": "20240314100000",
          "NgayKetThucXuLy": "20240313160000",
          "DonViXuLy": "000.00.15.H15",
          "TaiLieuNop": [
            {"TenTepDinhKem": "Đơn đề nghị.pdf", "MaThanhPhanHoSo": "TP1", "DuongDanTaiTepTin": "https://x/1",
             "DuocSoHoa": 1, "DuocTaiSuDung": "0", "DuocLayTuKhoDMQG": false},
            {"TenTepDinhKem": "Bản vẽ.pdf", "MaThanhPhanHoSo": "TP2", "DuongDanTaiTepTin": "",
             "DuocSoHoa": "true", "DuocTaiSuDung": true, "DuocLayTuKhoDMQG": "1"}
          ],
          "DanhSachLePhi": [
            {"TenPhiLePhi": "Lệ phí cấp phép", "MaPhiLePhi": "LP1", "HinhThucThu": 1, "Gia": 150000, "LoaiPhiLePhi": 2},
            {"TenPhiLePhi": "Phí thẩm định", "MaPhiLePhi": "P2", "HinhThucThu": "1", "Gia": "50000", "LoaiPhiLePhi": "1"}
          ],
          "DanhSachHoSoBoSung": [
            {"NgayBoSung": "20240306090000", "NgayTiepNhanBoSung": "20240308100000", "NgayHenTraTruoc": "20240315170000",
             "NgayHenTraMoi": "20240319170000", "TrangThaiBoSung": 1},
            {"NgayBoSung": "20240310090000", "NgayTiepNhanBoSung": "", "NgayHenTraTruoc": "", "NgayHenTraMoi": ""}
          ],
          "DanhSachGiayToKetQua": [
            {"TenGiayTo": "Giấy phép xây dựng", "MaThanhPhanHoSo": "KQ1", "GiayToId": "GT-123", "DuongDanTepTinKetQua": "https://x/kq"},
            {"TenGiayTo": "Thông báo", "MaThanhPhanHoSo": "KQ2", "GiayToId": "", "DuongDanTepTinKetQua": ""}
          ],
          "HoSoCoThanhPhanSoHoa": "1",
          "DuocThanhToanTrucTuyen": "2",
          "TaiKhoanDuocXacThucVoiVNeID": 1,
          "DSKetNoiCSDL": [{"MaCSDL": "CSDLQGDC"}, {"MaCSDL": "CSDLDKDN"}]
        }
        """

    @Test func fullRecordMapsEveryField() throws {
        let (records, issues) = try readDossiers("[" + Self.fullRecord + "]")
        #expect(issues.isEmpty)
        let dossier = try #require(records.first)
        #expect(dossier.code == "000.00.15.H15-240305-0001")
        #expect(dossier.procedureCode == "1.004227")
        #expect(dossier.unitCode == "000.00.15.H15")
        #expect(dossier.channel == .online)
        #expect(dossier.applicant == .business)
        #expect(dossier.submittedAt == instant("20240305081500"))
        #expect(dossier.receivedAt == instant("20240305083000"))
        #expect(dossier.dueAt == instant("20240315170000"))
        #expect(dossier.state == .returned)
        #expect(dossier.processedAt == instant("20240313160000"))
        #expect(dossier.returnedAt == instant("20240314100000"))
        #expect(dossier.stoppedAt == nil)
        #expect(
            dossier.components == [
                Component(code: "TP1", digitized: true, reused: false, fromDataStore: false),
                Component(code: "TP2", digitized: true, reused: true, fromDataStore: true),
            ])
        #expect(
            dossier.fees == [
                Fee(code: "LP1", name: "Lệ phí cấp phép", amount: 150_000), Fee(code: "P2", name: "Phí thẩm định", amount: 50_000),
            ])
        #expect(
            dossier.supplements == [
                SupplementRequest(
                    requestedAt: try #require(instant("20240306090000")), suppliedAt: instant("20240308100000"),
                    previousDueAt: instant("20240315170000"), newDueAt: instant("20240319170000")),
                SupplementRequest(requestedAt: try #require(instant("20240310090000"))),
            ])
        #expect(
            dossier.results == [
                ResultDocument(name: "Giấy phép xây dựng", hasFile: true, syncedToDataStore: true),
                ResultDocument(name: "Thông báo", hasFile: false, syncedToDataStore: false),
            ])
        #expect(dossier.hasDigitizedComponents)
        #expect(dossier.payment == .provincialGateway)
        #expect(dossier.vneidAuthenticated)
        #expect(dossier.databasesConsulted == ["CSDLQGDC", "CSDLDKDN"])
        #expect(dossier.synced)
    }

    @Test func arrayAndLinesGiveTheSameDossiers() throws {
        let items = (1...5).map { record("H-\($0)", extra: #","NgayHenTra":"2024031\#($0)170000""#) }
        let lines = try readDossiers(items.joined(separator: "\n") + "\n")
        let array = try readDossiers("[\n  " + items.joined(separator: ",\n  ") + "\n]\n", fileName: "dossiers.json")
        let pretty = try readDossiers("[" + Self.fullRecord + "," + Self.fullRecord + "]")
        #expect(lines.issues.isEmpty && array.issues.isEmpty && pretty.issues.isEmpty)
        #expect(lines.records.count == 5)
        #expect(lines.records == array.records)
        #expect(pretty.records.count == 2)
        // Chunk boundaries anywhere do not matter.
        for size in [1, 2, 7, 64] {
            #expect(try readDossiers(items.joined(separator: "\r\n"), chunkSize: size).records == lines.records)
            #expect(try readDossiers("[" + items.joined(separator: ",") + "]", chunkSize: size).records == lines.records)
        }
    }

    @Test func flagsAndNumbersAsStringsOrNumbers() throws {
        let asNumbers = record(
            "A", status: "9",
            extra: #","HoSoCoThanhPhanSoHoa":1,"DuocThanhToanTrucTuyen":1,"TaiKhoanDuocXacThucVoiVNeID":true,"LoaiDoiTuong":1,"#
                + #""DanhSachLePhi":[{"Gia":1500.0}],"NgayKetThucXuLy":"20240306100000""#)
        let asStrings = record(
            "A", status: "\"9\"",
            extra: #","HoSoCoThanhPhanSoHoa":"true","DuocThanhToanTrucTuyen":"1","TaiKhoanDuocXacThucVoiVNeID":"1","#
                + #""LoaiDoiTuong":"1","DanhSachLePhi":[{"Gia":"1500"}],"NgayKetThucXuLy":"20240306100000""#)
        let (records, issues) = try readDossiers(asNumbers + "\n" + asStrings)
        #expect(issues.isEmpty)
        try #require(records.count == 2)
        #expect(records[0] == records[1])
        #expect(records[0].hasDigitizedComponents && records[0].vneidAuthenticated && records[0].payment == .nationalPortal)
        #expect(records[0].fees.first?.amount == 1500)
        #expect(records[0].state == .processed && records[0].processedAt == instant("20240306100000"))
        // Empty optional dates are absent.
        let empty = try readDossiers(record("B", extra: #","NgayHenTra":"","NgayNopHoSo":"""#))
        #expect(empty.records.first?.dueAt == nil && empty.records.first?.submittedAt == nil)
    }

    @Test func nfdTextIsNormalisedToNFC() throws {
        // "Nguyễn" with decomposed marks (e + circumflex + tilde), via \u escapes and as raw NFD bytes.
        let nfd = "Nguye\u{0302}\u{0303}n"
        let text =
            #"[{"MaHoSo":"A","MaTTHC":"1","DonViXuLy":"Xa\u0303 Ye\u0302n","KenhThucHien":1,"#
            + #""NgayTiepNhan":"20240101080000","TrangThaiHoSo":2,"DanhSachLePhi":[{"TenPhiLePhi":"\#(nfd)","Gia":0}]}]"#
        let (records, issues) = try readDossiers(text)
        #expect(issues.isEmpty)
        let dossier = try #require(records.first)
        #expect(Array(dossier.unitCode.unicodeScalars) == Array("X\u{E3} Y\u{EA}n".unicodeScalars))
        #expect(Array(dossier.fees[0].name.unicodeScalars) == Array("Nguy\u{1EC5}n".unicodeScalars))
        // JSONValue decodes surrogate pairs.
        let value = try JSONValue(parsing: Array(#"["\ud83d\ude00","a\"b\\c\/\n"]"#.utf8))
        #expect(value == .array([.string("😀"), .string("a\"b\\c/\n")]))
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: Array(#""\ud83d""#.utf8)) }
    }

    @Test(arguments: ["MaHoSo", "MaTTHC", "DonViXuLy", "NgayTiepNhan", "TrangThaiHoSo", "KenhThucHien"])
    func missingRequiredFieldIsAPreciseIssue(field: String) throws {
        let good = record("G1")
        let bad = record("BAD").replacingOccurrences(of: "\"\(field)\":", with: "\"X\(field)\":")
        let (records, issues) = try readDossiers([good, bad, record("G2")].joined(separator: "\n"))
        #expect(records.map(\.code) == ["G1", "G2"])
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.kind == .missingField)
        #expect(issue.field == field)
        #expect(issue.recordNumber == 2 && issue.line == 2)
        #expect(issue.rawRecord == bad)
        #expect(issue.message.hasPrefix("dossiers.jsonl, bản ghi 2 (dòng 2), trường \(field): thiếu giá trị bắt buộc"))
    }

    @Test func badDateIsAnIssueWithFieldAndFoundText() throws {
        let text = record("A") + "\n" + record("B", extra: #","NgayHenTra":"2024-13-01""#)
        let (records, issues) = try readDossiers(text)
        #expect(records.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.kind == .invalidValue)
        #expect(issue.field == "NgayHenTra" && issue.found == "2024-13-01" && issue.line == 2)
        #expect(
            issue.message
                == #"dossiers.jsonl, bản ghi 2 (dòng 2), trường NgayHenTra: cần ngày giờ dạng yyyyMMddHHmmss, nhận được "2024-13-01""#)
        // Nested paths and wrong JSON types.
        let nested = try readDossiers(record("C", extra: #","TaiLieuNop":[{"DuocSoHoa":0},{"DuocSoHoa":"maybe"}]"#))
        #expect(nested.issues.first?.field == "TaiLieuNop[2].DuocSoHoa")
        let wrongType = try readDossiers(record("D", extra: #","DanhSachLePhi":{"Gia":1}"#))
        #expect(wrongType.issues.first?.field == "DanhSachLePhi" && wrongType.issues.first?.expected == "mảng")
        let channel = try readDossiers(record("E").replacingOccurrences(of: #""KenhThucHien":2"#, with: #""KenhThucHien":5"#))
        #expect(channel.issues.first?.field == "KenhThucHien" && channel.issues.first?.found == "5")
    }

    @Test func malformedObjectInTheMiddleOfAnArrayKeepsTheRest() throws {
        // A syntax error inside balanced braces, then an object whose braces never close.
        let text =
            "[\n" + record("A") + ",\n" + #"{"MaHoSo":"B","MaTTHC": ,"X":1}"# + ",\n" + record("C") + ",\n"
            + #"{"MaHoSo":"D","TaiLieuNop":[{"DuocSoHoa":1}"# + ",\n" + record("E") + ",\n" + record("F") + "\n]"
        let (records, issues) = try readDossiers(text, fileName: "dossiers.json")
        #expect(records.map(\.code) == ["A", "C", "E", "F"])
        try #require(issues.count == 2)
        #expect(issues[0].kind == .malformedJSON && issues[0].recordNumber == 2 && issues[0].line == 3)
        #expect(issues[0].message.contains("bản ghi 2 (dòng 3)"))
        #expect(issues[1].kind == .malformedJSON && issues[1].line == 5)
        #expect(issues[1].rawRecord.hasPrefix(#"{"MaHoSo":"D""#))
        // Elements that are not objects.
        let junk = try readDossiers("[" + record("A") + ", 42, \"x, y\", " + record("B") + "]")
        #expect(junk.records.map(\.code) == ["A", "B"])
        #expect(junk.issues.map(\.kind) == [.notAnObject, .notAnObject])
        #expect(junk.issues.map(\.found) == ["42", "\"x, y\""])
    }

    @Test func truncatedFileKeepsEverythingBeforeTheLastRecord() throws {
        let full = "[" + record("A") + "," + record("B") + "]"
        let cut = String(full.dropLast(25))
        let (records, issues) = try readDossiers(cut, chunkSize: 16)
        #expect(records.map(\.code) == ["A"])
        #expect(issues.count == 1)
        #expect(issues.first?.kind == .truncatedRecord && issues.first?.recordNumber == 2)
        let lines = try readDossiers(record("A") + "\n" + String(record("B").dropLast(10)))
        #expect(lines.records.map(\.code) == ["A"])
        #expect(lines.issues.first?.kind == .truncatedRecord)
    }

    @Test func invalidUTF8IsAnIssueNamingTheRecord() throws {
        var bytes = Array((record("A") + "\n").utf8)
        bytes += Array(#"{"MaHoSo":"B","MaTTHC":"1","DonViXuLy":"X"#.utf8) + [0xC3, 0x28] + Array(#"","KenhThucHien":1}"#.utf8)
        bytes += Array(("\n" + record("C")).utf8)
        var reader = DVCQGDossierReader(source: ArrayChunkSource(bytes), fileName: "hoso.jsonl")
        let (records, issues) = try Readers.drain { () throws(IngestError) in try reader.next() }
        #expect(records.map(\.code) == ["A", "C"])
        let issue = try #require(issues.first)
        #expect(issue.kind == .invalidUTF8 && issue.recordNumber == 2)
        #expect(issue.message == "hoso.jsonl, bản ghi 2 (dòng 2): không phải UTF-8 hợp lệ (\(RawRecord.escapeNote))")
        #expect(
            RawRecord.bytes(ofEscaped: issue.rawRecord) == Array(bytes[(record("A").utf8.count + 1)..<(bytes.count - record("C").utf8.count - 1)]))
    }

    @Test func ignoredFieldsAreStillChecked() throws {
        // Fields the mapping does not read are skipped without being built, but must still be valid.
        var bytes = Array(record("A", extra: #","GhiChu":"ok \"quoted\" \u00e9""#).utf8) + [0x0A]
        bytes += Array(record("B", extra: #","GhiChu":"x"#).utf8).dropLast() + [0xE1, 0x28] + Array("\"}\n".utf8)
        bytes += Array(record("C", extra: #","GhiChu":"bad \q""#).utf8) + [0x0A]
        bytes += Array(record("D", extra: #","ChuHoSo":"Trần Văn Đức","TrichYeuHoSo":null,"X":[1,{"y":2}]"#).utf8)
        var reader = DVCQGDossierReader(source: ArrayChunkSource(bytes, chunkSize: 5), fileName: "hoso.jsonl")
        let (records, issues) = try Readers.drain { () throws(IngestError) in try reader.next() }
        #expect(records.map(\.code) == ["A", "D"])
        #expect(issues.map(\.kind) == [.invalidUTF8, .malformedJSON])
        #expect(issues.map(\.line) == [2, 3])
    }

    @Test func hugeFieldIsRead() throws {
        let huge = String(repeating: "ả", count: 500_000)  // 1.5 MB of UTF-8
        let text = record("A", extra: #","GhiChu":"\#(huge)""#) + "\n" + record("B")
        let (records, issues) = try readDossiers(text, chunkSize: 1 << 16)
        #expect(issues.isEmpty && records.map(\.code) == ["A", "B"])
        // Above the size limit the record is an issue and the next one survives.
        var reader = DVCQGDossierReader(
            source: ArrayChunkSource("[" + text.replacingOccurrences(of: "\n", with: ",") + "]", chunkSize: 1 << 16),
            fileName: "big.json", maxRecordBytes: 1 << 20)
        let limited = try Readers.drain { () throws(IngestError) in try reader.next() }
        #expect(limited.records.map(\.code) == ["B"])
        #expect(limited.issues.map(\.kind) == [.recordTooLarge])
    }

    @Test func unknownStatusCodeIsAnIssue() throws {
        let (records, issues) = try readDossiers(record("A", status: "\"42\"") + "\n" + record("B", status: "\"04\""))
        #expect(records.map(\.code) == ["B"])
        #expect(records.first?.state == .processing)
        let issue = try #require(issues.first)
        #expect(issue.kind == .unknownStatus && issue.field == "TrangThaiHoSo" && issue.found == "42")
    }

    @Test func customStatusMapping() throws {
        let mapping = StatusMapping(["DXL": .processing, "HT": .processed, "TC": .refused])
        let text =
            record("A", status: "\"DXL\"") + "\n"
            + record("B", status: "\"TC\"", extra: #","NgayTra":"20240307080000""#) + "\n" + record("C", status: "\"4\"")
        let (records, issues) = try readDossiers(text, mapping: mapping)
        try #require(records.count == 2)
        #expect(records.map(\.state) == [.processing, .refused])
        #expect(records[1].stoppedAt == instant("20240307080000"))
        #expect(issues.first?.kind == .unknownStatus)
        #expect(StatusMapping.dvcqg.state(for: "6") == .processing)
        #expect(StatusMapping.dvcqg.state(for: "11") == nil)
    }

    @Test func syncedDefaultAndExtensionField() throws {
        let text = record("A") + "\n" + record("B", extra: #","DaDongBo":1"#) + "\n" + record("C", extra: #","DaDongBo":"0""#)
        #expect(try readDossiers(text, synced: false).records.map(\.synced) == [false, true, false])
        #expect(try readDossiers(text).records.map(\.synced) == [true, true, false])
    }

    @Test func notJSONIsAFileError() throws {
        #expect(throws: IngestError.self) { try readDossiers("MaHoSo,MaTTHC\n") }
        #expect(try readDossiers("  \n").records.isEmpty)
    }

    @Test func stepsAreRead() throws {
        let text = """
            [{"MaHoSo":"A","NguoiXuLy":"Trần Thị B","ChucDanh":"Chuyên viên","ThoiDiemXuLy":"20240305090000",
              "PhongBanXuLy":"Phòng QLĐT","NoiDungXuLy":"Thẩm định","TrangThai":"4","NgayBatDau":"20240305083000",
              "NgayKetThucTheoQuyDinh":"20240308170000"},
             {"MaHoSo":"B","ThoiDiemXuLy":"bad"}]
            """
        var reader = DVCQGStepReader(source: ArrayChunkSource(text), fileName: "steps.json")
        let (steps, issues) = try Readers.drain { () throws(IngestError) in try reader.next() }
        #expect(
            steps == [
                ProcessingStep(
                    dossierCode: "A", processedAt: try #require(instant("20240305090000")), handler: "Trần Thị B",
                    title: "Chuyên viên", department: "Phòng QLĐT", content: "Thẩm định", status: "4",
                    startedAt: instant("20240305083000"), dueAt: instant("20240308170000"))
            ])
        #expect(issues.first?.field == "ThoiDiemXuLy" && issues.first?.line == 4)
    }
}

/// Counts the chunks a source hands out (a reference, so the test can look while the reader owns the source).
final class ChunkCounter {
    var pulled = 0
}

/// A chunk source generating JSON-lines records on the fly.
struct GeneratedSource: ByteChunkSource {
    let records: Int
    let recordsPerChunk: Int
    let counter: ChunkCounter
    var produced = 0

    mutating func nextChunk() -> [UInt8]? {
        guard produced < records else { return nil }
        counter.pulled += 1
        var chunk: [UInt8] = []
        for _ in 0..<min(recordsPerChunk, records - produced) {
            produced += 1
            chunk += Array((record("H-\(produced)") + "\n").utf8)
        }
        return chunk
    }
}

@Suite struct StreamingTests {
    @Test func recordsComeOutIncrementally() throws {
        let counter = ChunkCounter()
        var reader = DVCQGDossierReader(
            source: GeneratedSource(records: 200_000, recordsPerChunk: 1000, counter: counter), fileName: "gen.jsonl")
        let first = try #require(try reader.next())
        #expect(first.record?.code == "H-1")
        #expect(counter.pulled == 1)
        var count = 1
        while count < 2500, let result = try reader.next() {
            #expect(result.record?.code == "H-\(count + 1)")
            count += 1
        }
        #expect(count == 2500)
        #expect(counter.pulled == 3)
    }
}
