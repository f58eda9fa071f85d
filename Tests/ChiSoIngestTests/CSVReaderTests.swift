import ChiSoCore
import ChiSoIngest
import Foundation
import Testing

func csv<Record>(
    _ text: String, chunkSize: Int = 1 << 20, _ make: (ArrayChunkSource) throws(IngestError) -> CSVRecordReader<ArrayChunkSource, Record>
) throws -> (records: [Record], issues: [IngestIssue]) {
    var reader = try make(ArrayChunkSource(text, chunkSize: chunkSize))
    return try Readers.drain { () throws(IngestError) in try reader.next() }
}

@Suite struct CSVReaderTests {
    @Test func rawReaderHandlesBOMSemicolonsQuotesAndCRLF() throws {
        let text = "\u{FEFF}Mã; \"Tên\"\r\n1;\"Sở \"\"Tư pháp\"\"\r\ndòng hai; có ;\"\r\n\r\n2;Xã Yên\r\n3;\"\""
        for size in [1, 3, 1 << 20] {
            var reader = CSVReader(source: ArrayChunkSource(text, chunkSize: size), fileName: "a.csv")
            #expect(try reader.header() == ["Mã", "Tên"])
            #expect(reader.delimiter == ";")
            let (rows, issues) = try Readers.drain { () throws(IngestError) in try reader.next() }
            #expect(issues.isEmpty)
            #expect(rows.map(\.fields) == [["1", "Sở \"Tư pháp\"\r\ndòng hai; có ;"], ["2", "Xã Yên"], ["3", ""]])
            #expect(rows.map(\.position.line) == [2, 5, 6])
            #expect(rows.map(\.position.recordNumber) == [1, 2, 3])
        }
    }

    @Test func unitsWithVietnameseKindsAndBothDateForms() throws {
        let text = """
            CODE , Name,kind,parent_code,valid_from,valid_to,e_certified_copy
            H15,Tỉnh Mẫu,tỉnh,,2020-01-01,,
            S01,"Sở Tư pháp, tỉnh Mẫu",sở,H15,01/07/2025,,0
            X01,Xã Một,commune,H15,,30/06/2025,1
            """
        let (units, issues) = try csv(text) { (source) throws(IngestError) in try CSVRecordReader(units: source, fileName: "units.csv") }
        #expect(issues.isEmpty)
        #expect(
            units == [
                Unit(code: "H15", name: "Tỉnh Mẫu", kind: .province, validFrom: LocalDate(year: 2020, month: 1, day: 1)),
                Unit(
                    code: "S01", name: "Sở Tư pháp, tỉnh Mẫu", kind: .department, parentCode: "H15",
                    validFrom: LocalDate(year: 2025, month: 7, day: 1)),
                Unit(
                    code: "X01", name: "Xã Một", kind: .commune, parentCode: "H15", validTo: LocalDate(year: 2025, month: 6, day: 30),
                    offersElectronicCertifiedCopy: true),
            ])
    }

    @Test func missingColumnIsAFileError() throws {
        do {
            _ = try csv("code;kind\nA;xã\n") { (source) throws(IngestError) in try CSVRecordReader(units: source, fileName: "units.csv") }
            Issue.record("expected an error")
        } catch let error as IngestError {
            #expect(error.missingColumns == ["name"])
            #expect(error.foundColumns == ["code", "kind"])
            #expect(error.message == "units.csv: thiếu cột bắt buộc name; các cột có trong tệp: code, kind")
        }
        #expect(throws: IngestError.missingHeader(file: "units.csv")) {
            _ = try csv("") { (source) throws(IngestError) in try CSVRecordReader(units: source, fileName: "units.csv") }
        }
    }

    @Test func badCellIsAnIssueWithLineAndColumn() throws {
        let text = "code,name,kind,valid_from\nA,Xã A,xã,2025-01-01\nB,\"Xã\nB\",xã,31/02/2025\nC,Xã C,thôn,\nD,Xã D,xã,\n"
        let (units, issues) = try csv(text) { (source) throws(IngestError) in try CSVRecordReader(units: source, fileName: "units.csv") }
        #expect(units.map(\.code) == ["A", "D"])
        try #require(issues.count == 2)
        #expect(issues[0].line == 3 && issues[0].field == "valid_from" && issues[0].found == "31/02/2025")
        #expect(
            issues[0].message
                == #"units.csv, bản ghi 2 (dòng 3), cột valid_from: cần ngày dạng yyyy-MM-dd hoặc dd/MM/yyyy, nhận được "31/02/2025""#)
        #expect(issues[1].line == 5 && issues[1].field == "kind" && issues[1].found == "thôn")
        #expect(issues[0].rawRecord == "B,\"Xã\nB\",xã,31/02/2025")
    }

    @Test func proceduresWithOptionalColumns() throws {
        let text = """
            code,name,online_level,statutory_time,statutory_unit,unit_kinds,unit_codes,fee_bearing,content_complete,decision_date
            1.004227,Cấp giấy phép,full,15,working_days,xã;huyện,H15;S01,1,,2024-03-01
            1.000001,Đăng ký,partial,,,,,0,1,
            1.000002,Sai,half,,,,,,,
            """
        let (procedures, issues) = try csv(text) { (source) throws(IngestError) in
            try CSVRecordReader(procedures: source, fileName: "procedures.csv")
        }
        try #require(procedures.count == 2)
        let first = try #require(procedures.first)
        #expect(first.onlineLevel == .full && first.statutoryTime == StatutoryTime(15, .workingDays))
        #expect(first.unitKinds == [.commune, .district] && first.unitCodes == ["H15", "S01"])
        #expect(first.feeBearing && first.resultDocumentRequired && first.publication.contentComplete == nil)
        #expect(first.publication.decisionDate == LocalDate(year: 2024, month: 3, day: 1))
        #expect(procedures[1].publication.contentComplete == true && procedures[1].statutoryTime == nil)
        #expect(issues.first?.field == "online_level" && issues.first?.line == 4)
    }

    @Test func petitionsAndRatings() throws {
        let petitions = """
            code,unit_code,received_at,resolved_at,rating,repeated,dossier_code
            P1,H15,20240301080000,2024-03-05 10:30:00,satisfied,0,D1
            P2,H15,2024-03-02,,,1,
            P3,H15,hôm qua,,,,
            """
        let (items, issues) = try csv(petitions) { (source) throws(IngestError) in
            try CSVRecordReader(petitions: source, fileName: "pakn.csv")
        }
        #expect(
            items == [
                Petition(
                    code: "P1", unitCode: "H15", receivedAt: try #require(Instant(dvcqg: "20240301080000")),
                    resolvedAt: Instant(dvcqg: "20240305103000"), rating: .satisfied, dossierCode: "D1"),
                Petition(code: "P2", unitCode: "H15", receivedAt: try #require(Instant(dvcqg: "20240302")), repeated: true),
            ])
        #expect(issues.first?.field == "received_at" && issues.first?.found == "hôm qua")
        let (ratings, ratingIssues) = try csv("dossier_code,value,rated_at\nD1,very_satisfied,2024-03-06\nD2,tệ,\n") {
            (source) throws(IngestError) in try CSVRecordReader(ratings: source, fileName: "ratings.csv")
        }
        #expect(ratings == [Rating(dossierCode: "D1", value: .verySatisfied, ratedAt: Instant(dvcqg: "20240306"))])
        #expect(ratingIssues.first?.field == "value")
    }

    @Test func countsAreValidated() throws {
        let text = """
            unit_code,unit_name,unit_kind,parent_code,indicator,numerator,denominator
            X01,Xã Một,xã,H15,dossier_on_time,95,100
            X01,Xã Một,xã,H15,made_up_indicator,1,2
            X01,Xã Một,xã,H15,e_result,101,100
            X01,Xã Một,xã,H15,e_result,-1,100
            X01,Xã Một,xã,H15,e_result,abc,100
            X01,Xã Một,xã,H15,e_result,0,0,extra
            """
        let (rows, issues) = try csv(text) { (source) throws(IngestError) in try CSVRecordReader(counts: source, fileName: "counts.csv") }
        #expect(
            rows == [
                CountRow(
                    unit: Unit(code: "X01", name: "Xã Một", kind: .commune, parentCode: "H15"), indicator: .dossierOnTime,
                    count: Count(95, 100))
            ])
        try #require(issues.map(\.line) == [3, 4, 5, 6, 7])
        #expect(issues[0].field == "indicator" && issues[0].found == "made_up_indicator")
        #expect(issues[1].field == "numerator" && issues[1].found == "101")
        #expect(issues[2].field == "numerator" && issues[2].found == "-1")
        #expect(issues[3].found == "abc")
        #expect(issues[4].kind == .columnCount)
    }

    @Test func unterminatedQuoteAndInvalidUTF8AreIssues() throws {
        var bytes = Array("dossier_code,value\nD1,normal\n".utf8) + [0x44, 0xFF, 0x2C] + Array("normal\nD3,\"normal".utf8)
        var reader = try CSVRecordReader(ratings: ArrayChunkSource(bytes), fileName: "r.csv")
        let (ratings, issues) = try Readers.drain { () throws(IngestError) in try reader.next() }
        #expect(ratings.map(\.dossierCode) == ["D1"])
        #expect(issues.map(\.kind) == [.invalidUTF8, .truncatedRecord])
        #expect(issues.map(\.line) == [3, 4])
        bytes.removeAll()
    }

    @Test func readersReadFilesByPath() throws {
        #expect(throws: IngestError.self) { try Readers.units(atPath: "/nonexistent/units.csv") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let units = directory.appendingPathComponent("units.csv")
        try Data("code,name,kind\nH15,Tỉnh Mẫu,tỉnh\nX,Xã,ấp\n".utf8).write(to: units)
        let (read, issues) = try Readers.units(atPath: units.path)
        #expect(read.map(\.code) == ["H15"])
        #expect(issues.first?.message.hasPrefix("units.csv, bản ghi 2 (dòng 3), cột kind") == true)
        let dossiers = directory.appendingPathComponent("hoso.json")
        let text = "[" + (1...3000).map { record("H-\($0)") }.joined(separator: ",\n") + "]"
        try Data(text.utf8).write(to: dossiers)
        var reader = DVCQGDossierReader(source: try FileChunkSource(path: dossiers.path, chunkSize: 4096), fileName: "hoso.json")
        let streamed = try Readers.drain { () throws(IngestError) in try reader.next() }
        #expect(streamed.records.count == 3000 && streamed.issues.isEmpty)
        #expect(try Readers.dossiers(atPath: dossiers.path).records == streamed.records)
    }
}
