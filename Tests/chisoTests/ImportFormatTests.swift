import ChiSoCore
import ChiSoIngest
import ChiSoStore
import Foundation
import Testing

@testable import chiso

@Suite struct ImportFormatTests {
    func temporaryFile(_ name: String, _ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func recognisesEachKind() throws {
        #expect(try ImportFormat.infer(path: example("units.csv")) == .units)
        #expect(try ImportFormat.infer(path: example("procedures.csv")) == .procedures)
        #expect(try ImportFormat.infer(path: example("petitions.csv")) == .petitions)
        #expect(try ImportFormat.infer(path: example("ratings.csv")) == .ratings)
        #expect(try ImportFormat.infer(path: example("dossiers.jsonl")) == .dossiers)
        #expect(throws: (any Error).self) { try ImportFormat.infer(path: example("counts.csv")) }
    }

    @Test func spreadsheetExportWithVietnameseHeadersIsReadThroughTheBuiltInProfile() throws {
        let path = try temporaryFile(
            "xuat.csv",
            """
            Mã hồ sơ,Mã TTHC,Đơn vị xử lý,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái
            H10-260803-0001,1.001049,000.00.15.H10,Trực tuyến,03/08/2026 08:30:00,07/08/2026 17:00:00,Đang xử lý
            H10-260803-0002,1.001049,000.00.15.H10,Trực tiếp,03/08/2026 09:00:00,07/08/2026 17:00:00,Không rõ
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ImportFormat.infer(path: path) == .dossiers)
        guard case .dossiers(var next) = try ImportFormat.open(path: path, kind: .dossiers) else {
            Issue.record("expected dossiers")
            return
        }
        let first = try #require(try next.next())
        #expect(first.record?.code == "H10-260803-0001")
        #expect(first.record?.channel == .online)
        #expect(first.record?.state == .processing)
        // An unknown status quarantines the record with a reason naming the column.
        let second = try #require(try next.next())
        #expect(second.issue?.message.contains("Trạng thái") == true)
        #expect(try next.next() == nil)
    }

    @Test func unknownHeaderIsAClearError() throws {
        let path = try temporaryFile("la.csv", "cot1,cot2\n1,2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try ImportFormat.infer(path: path) } throws: { "\($0)".contains("--kind") }
    }
}
