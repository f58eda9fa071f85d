import ArgumentParser
import ChiSoCore
import ChiSoReport
import Foundation
import Testing

@testable import chiso

/// `chiso report` and its settings (issue: documents, defects 5 and 7): no default issuer, the province from the
/// data, recipients and signer per document type, and the office's paragraphs checked for unknown placeholders.
@Suite struct ReportSettingsCommandTests {
    /// A folder holding the example units renamed to another province, so that a document naming Bình Phước could
    /// only have taken it from settings.
    static func renamedProvince() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let units = try String(contentsOfFile: example("units.csv"), encoding: .utf8).replacing("UBND tỉnh Bình Phước", with: "UBND tỉnh Phước An")
        try Data(units.utf8).write(to: directory.appendingPathComponent("units.csv"))
        return directory
    }

    static func report(_ type: String, in directory: URL, extra: [String] = []) async throws -> String {
        let out = directory.appendingPathComponent("out")
        let command = try ReportCommand.parse(
            [
                "--type", type, "--period", "2026-08", "--out", out.path, "--format", "html", "--dossiers", example("dossiers.jsonl"),
                "--units", directory.appendingPathComponent("units.csv").path, "--procedures", example("procedures.csv"),
                "--as-of", "2026-09-05",
            ] + extra)
        try await command.run()
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".html") && $0.contains("2026-08") })
        defer { try? FileManager.default.removeItem(at: out) }
        return try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
    }

    @Test func withoutSettingsTheProvinceComesFromTheData() async throws {
        let directory = try Self.renamedProvince()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try ReportCommand.parse(["--type", "classification", "--period", "2026-08", "--out", "x"]).settings == nil)

        let notice = try await Self.report("classification", in: directory)
        #expect(notice.contains("ỦY BAN NHÂN DÂN TỈNH PHƯỚC AN"))
        #expect(!notice.contains("Bình Phước") && !notice.contains("BÌNH PHƯỚC"))
        // A letter with "Kính gửi" sends a copy "- Như trên;" first; a 2026 letter names no district.
        #expect(notice.contains("- Như trên;"))
        #expect(notice.contains("KT. CHÁNH VĂN PHÒNG"))
        #expect(!notice.contains("các huyện"))

        let directive = try await Self.report("quarterly-comparison", in: directory)
        #expect(directive.contains("KT. CHỦ TỊCH"))
        #expect(directive.contains("PHÓ CHỦ TỊCH"))
        #expect(directive.contains("ỦY BAN NHÂN DÂN TỈNH PHƯỚC AN"))
    }

    /// Defect 4 on the command line: the data start in July 2026, so a comparison of the third quarter says its
    /// figures are incomplete, and the quarter, not yet ended, is titled up to the day of the figures.
    @Test func comparisonOfAPeriodTheDataCoverInPartSaysSo() async throws {
        let directory = try Self.renamedProvince()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        try await ReportCommand.parse([
            "--type", "quarterly-comparison", "--period", "2026-Q3", "--out", out.path, "--format", "html", "--dossiers",
            example("dossiers.jsonl"), "--units", directory.appendingPathComponent("units.csv").path, "--procedures",
            example("procedures.csv"), "--as-of", "2026-09-05",
        ]).run()
        let html = try String(contentsOf: out.appendingPathComponent("so-sanh-cung-ky-2026-Q3.html"), encoding: .utf8)
        #expect(html.contains("quý III/2026 (tính đến ngày 05/09/2026)"))
        #expect(html.contains("bắt đầu từ ngày 03/07/2026, sau ngày đầu của quý III/2026; số liệu của kỳ chưa đầy đủ."))
    }

    @Test func unknownPlaceholderNamesTheFileTheDocumentTypeAndThePlaceholder() async throws {
        let directory = try Self.renamedProvince()
        defer { try? FileManager.default.removeItem(at: directory) }
        let settings = directory.appendingPathComponent("thiet-lap.yaml")
        try Data(
            """
            documents:
              targets:
                paragraphs:
                  - "Đề nghị {co_quan} đôn đốc."
                  - "Các đơn vị {don_vi_chua_dat} khắc phục."
            """.utf8
        ).write(to: settings)
        // The paragraph of another document type is checked too, before anything is written.
        let error = await #expect(throws: ReportError.self) {
            _ = try await Self.report("monthly-notice", in: directory, extra: ["--settings", settings.path])
        }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("\(settings.path): documents.targets.paragraphs, đoạn 2: không có trường thay thế {don_vi_chua_dat}"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    @Test func theOfficesParagraphsAreFilledFromTheData() async throws {
        let directory = try Self.renamedProvince()
        defer { try? FileManager.default.removeItem(at: directory) }
        let settings = directory.appendingPathComponent("thiet-lap.yaml")
        try Data(
            """
            documents:
              classification:
                paragraphs:
                  - "Kết quả {ky} của tỉnh {tinh}: {diem_tinh} điểm."
            """.utf8
        ).write(to: settings)
        let notice = try await Self.report("classification", in: directory, extra: ["--settings", settings.path])
        let start = try #require(notice.range(of: "Kết quả tháng 8/2026 của tỉnh Phước An: "))
        let rest = notice[start.upperBound...].prefix { $0 != "<" }
        #expect(rest.hasSuffix(" điểm."))
        #expect(rest.dropLast(" điểm.".count).allSatisfy { $0.isNumber || $0 == "," })
    }
}
