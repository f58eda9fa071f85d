import ChiSoCore
import ChiSoIngest
import Testing

@Suite struct ProfileTests {
    static let minimal = """
        id: tinh-x
        columns:
          code: "Số biên nhận"
          procedure_code: ["Mã thủ tục", "Mã TTHC"]
          unit_code: "Mã cơ quan"
          received_at: { headers: ["Thời điểm tiếp nhận"], date_formats: ["dd-MM-yyyy HH:mm"] }
          status: "Tình trạng"
        status:
          values:
            "Hoàn thành": returned
            "Đang giải quyết": processing
        """

    @Test func builtInProfileLoads() throws {
        let profile = try TabularProfile.builtIn("mot-cua-pho-bien")
        #expect(profile.id == "mot-cua-pho-bien")
        #expect(profile.columns[.code]?.headers.first == "Mã hồ sơ")
        #expect(profile.columns[.unitCode]?.headers == ["Đơn vị xử lý", "Mã đơn vị", "Mã đơn vị xử lý"])
        #expect(profile.statusMapping.state(for: "đã trả kết quả") == .returned)
        #expect(profile.statusMapping.state(for: "10") == .returned)
        #expect(profile.statusMapping.state(for: "quá hạn") == .processing)
        #expect(try TabularProfile.resolve("mot-cua-pho-bien") == profile)
        #expect(throws: DataFileError.self) { try TabularProfile.builtIn("khong-co") }
    }

    @Test func minimalProfileParses() throws {
        let profile = try TabularProfile.parse(Self.minimal, file: "x.yaml")
        #expect(profile.id == "tinh-x")
        #expect(profile.columns[.receivedAt]?.dateFormats.map(\.pattern) == ["dd-MM-yyyy HH:mm"])
        #expect(profile.columns[.channel] == nil)
        #expect(profile.statusMapping.state(for: "hoàn thành") == .returned)
        #expect(profile.statusMapping.state(for: "4") == nil)
        #expect(profile.matches(header: ["Số biên nhận", "Mã TTHC", "Mã cơ quan", "Thời điểm tiếp nhận", "Tình trạng", "Khác"]))
        #expect(profile.missingRequiredColumns(in: ["Số biên nhận"]) == ["Mã thủ tục / Mã TTHC", "Mã cơ quan", "Thời điểm tiếp nhận", "Tình trạng"])
    }

    func error(_ text: String) throws -> DataFileError {
        do {
            _ = try TabularProfile.parse(text, file: "tinh-x.yaml")
        } catch {
            return error
        }
        Issue.record("no error")
        throw CancellationError()
    }

    @Test func unknownTargetFieldIsNamed() throws {
        let e = try error(Self.minimal.replacing("  status: \"Tình trạng\"", with: "  status: \"Tình trạng\"\n  ten_tthc: \"Tên TTHC\""))
        #expect(e.file == "tinh-x.yaml")
        #expect(e.entry == "columns.ten_tthc")
        #expect(e.line == 8)
        #expect(e.reason.contains("trường đích không biết \"ten_tthc\""))
    }

    @Test func missingRequiredMappingIsNamed() throws {
        let e = try error(Self.minimal.replacing("  unit_code: \"Mã cơ quan\"\n", with: ""))
        #expect(e.entry == "columns")
        #expect(e.reason.contains("unit_code"))
        #expect(e.line != nil)
    }

    @Test func badDatePatternIsNamed() throws {
        let e = try error(Self.minimal.replacing("dd-MM-yyyy HH:mm", with: "dd-MM-yy"))
        #expect(e.entry == "columns.received_at.date_formats[1]")
        #expect(e.line == 6)
        #expect(e.description.hasPrefix("tinh-x.yaml, dòng 6, mục columns.received_at.date_formats[1]: mẫu ngày không hợp lệ"))
    }

    @Test func otherMistakesAreNamed() throws {
        #expect(try error(Self.minimal.replacing("returned", with: "done")).entry == "status.values.Hoàn thành")
        #expect(try error(Self.minimal + "\nchannel_values: { \"Cổng DVC\": web }").entry == "channel_values.Cổng DVC")
        #expect(try error(Self.minimal + "\ncolums: {}").entry == "colums")
        #expect(try error(Self.minimal.replacing("\"Số biên nhận\"", with: "[]")).entry == "columns.code")
        #expect(try error("id: x\ncolumns: { code: a }").entry == "columns")
        let noStatus = try error(
            Self.minimal.replacing("status:\n  values:\n    \"Hoàn thành\": returned\n    \"Đang giải quyết\": processing", with: "status: {}"))
        #expect(noStatus.entry == "status")
    }

    @Test func datePatterns() throws {
        let pattern = try #require(DatePattern("dd/MM/yyyy HH:mm:ss"))
        #expect(pattern.instant("05/03/2024 08:30:00") == Instant(dvcqg: "20240305083000"))
        #expect(pattern.instant("5/3/2024 8:30:00") == Instant(dvcqg: "20240305083000"))
        #expect(pattern.instant("31/02/2024 08:30:00") == nil)
        #expect(pattern.instant("05/03/2024") == nil)
        #expect(DatePattern("dd/MM/yyyy")?.instant("05/03/2024") == Instant(dvcqg: "20240305000000"))
        #expect(DatePattern("yyyy-MM-dd HH:mm:ss")?.instant("2024-03-05 08:30:00") == Instant(dvcqg: "20240305083000"))
        #expect(DatePattern("dd/MM") == nil)
        #expect(DatePattern("dd/MM/yyyy hh:mm") == nil)
        #expect(DatePattern("yyyy-MM-dd yyyy") == nil)
    }
}
