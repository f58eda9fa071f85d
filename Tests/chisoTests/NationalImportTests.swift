import ArgumentParser
import ChiSoCore
import ChiSoDemo
import ChiSoIngest
import ChiSoPortal
import ChiSoStore
import Foundation
import Testing

@testable import chiso

/// `chiso import --kind national`, `chiso national fetch` (its storing half) and the demo's portal snapshots.
@Suite struct NationalImportTests {
    let august = Period.month(2026, 8)
    let now = Instant(local: LocalDate(year: 2026, month: 9, day: 5)!, hour: 10)

    /// A minimal answer of each endpoint in the portal's shapes.
    static func answer(_ group: NationalGroup?, points: Double = 9) -> String {
        guard let group else {
            return #"{"code":"OK","data":[{"departmentId":"root","departmentName":"Tỉnh Mẫu Sơn","totalScore":88,"groupScores":{"CKMB":16}}]}"#
        }
        switch group {
        case .transparency, .digitization, .satisfaction:
            let code = ["transparency": "DOSSIER_SYNC", "digitization": "ORIGINAL_RESULT_AVAILABLE", "satisfaction": "PETITION_PROCESSING_ON_TIME"][
                group.rawValue]!
            return #"{"code":"OK","data":{"overview":{"departmentId":"root","departmentName":"Tỉnh Mẫu Sơn","totalScore":\#(points),"#
                + #""metrics":[{"code":"\#(code)","numerator":1,"denominator":2,"ratio":50,"score":3,"maxScore":6}]},"evaluation":["#
                + #"{"departmentId":"u1","departmentName":"Sở Tư pháp","totalScore":7,"metrics":[]}]}}"#
        case .timeliness, .onlineService, .onlinePayment:
            let field = ["timeliness": "totalReceived", "online_service": "channelOnlineSum", "online_payment": "totalFeeFormality"][group.rawValue]!
            return #"{"code":"OK","data":{"parent":{"departmentId":"root","departmentName":"Tỉnh Mẫu Sơn","\#(field)":10,"totalScore":\#(points)},"#
                + #""children":[{"departmentId":"u1","departmentName":"Sở Tư pháp","level":"PROVINCE","\#(field)":4,"totalScore":5}]}}"#
        }
    }

    func folder(_ answers: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-national-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in answers { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir.path
    }

    func all(points: Double = 9) -> [String: String] {
        var files: [String: String] = ["service-results.json": Self.answer(nil)]
        for group in NationalGroup.allCases { files[group.endpoint + ".json"] = Self.answer(group, points: points) }
        return files
    }

    @Test func answersAreImportedAsOneSnapshotAndAPartialOneDoesNotReplaceIt() async throws {
        let store = try SQLiteStore.inMemory()
        let importer = NationalImporter(store: store, provinceID: nil, printIssues: false)
        let complete = try folder(all())
        defer { try? FileManager.default.removeItem(atPath: complete) }

        await #expect(throws: CommandFailure.self) { try await importer.importFiles([complete], period: nil, takenAt: nil, now: now) }

        let first = try await importer.importFiles([complete], period: august, takenAt: nil, now: now)
        #expect(
            first == [
                "Số liệu Cổng DVCQG tháng 8/2026 (bản số 1): đủ 6/6 nhóm chỉ số; là bản đang dùng cho kỳ này; "
                    + "xuất lúc 10:00 ngày 05/09/2026 (không rõ thời điểm xuất, lấy thời điểm nhập); kỳ đã kết thúc; "
                    + "1 đơn vị và số liệu toàn tỉnh, xếp hạng 1 tỉnh, thành phố; 7 câu trả lời lưu nguyên văn"
            ])
        // The same answers again: nothing written.
        let again = try await importer.importFiles([complete], period: august, takenAt: nil, now: now.adding(seconds: 60))
        #expect(again[0].contains("(bản số 1)") && again[0].contains("đã có cùng các câu trả lời này, không ghi thêm"))
        #expect(again[0].contains("xuất lúc 10:00 ngày 05/09/2026"))

        // A later partial export (two groups) is stored but does not replace the complete one.
        let partial = try folder([
            "a.json": Self.answer(.transparency, points: 12), "b.json": Self.answer(.timeliness, points: 12),
        ])
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let later = Instant(local: LocalDate(year: 2026, month: 9, day: 20)!, hour: 8, minute: 30)
        let second = try await importer.importFiles([partial], period: august, takenAt: later, now: now)
        #expect(second[0].hasPrefix("Số liệu Cổng DVCQG tháng 8/2026 (bản số 2): chưa đủ: 2/6 nhóm, thiếu Dịch vụ công trực tuyến, "))
        #expect(second[0].contains("không thay thế bản đầy đủ số 1 đang dùng cho kỳ này"))
        #expect(second[0].contains("xuất lúc 08:30 ngày 20/09/2026 (thời điểm xuất được chỉ định khi nhập)"))
        #expect(try await store.currentNationalSnapshot(period: august)?.info.id == NationalSnapshotID(rawValue: 1))
        #expect(try await store.nationalSnapshots(period: august).count == 2)
        let log = try await store.importLog()
        #expect(log.map(\.kind) == [.national, .national, .national])
    }

    @Test func portalAnswersAreRecognisedWithoutKind() throws {
        let dir = try folder(all())
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["transparency.json", "dvc-progress-tree.json", "service-results.json"] {
            #expect(try ImportFormat.infer(path: (dir as NSString).appendingPathComponent(name)) == .national)
        }
        #expect(try ImportFormat.infer(path: example("dossiers.jsonl")) == .dossiers)
    }

    @Test func badAnswersAreQuarantinedAndTheRestIsStored() async throws {
        let store = try SQLiteStore.inMemory()
        var files = all()
        files["loi.json"] = #"{"code":"ERR","message":"Hệ thống bận"}"#
        let dir = try folder(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lines = try await NationalImporter(store: store, provinceID: nil, printIssues: false).importFiles(
            [dir], period: august, takenAt: nil, now: now)
        #expect(lines[0].contains("đủ 6/6 nhóm chỉ số") && lines[0].hasSuffix("8 câu trả lời lưu nguyên văn; 1 lỗi đưa vào khu cách ly"))
        let quarantine = try await store.quarantined()
        #expect(quarantine.count == 1)
        #expect(quarantine[0].reason.contains("loi.json") && quarantine[0].reason.contains("trường code"))
        #expect(quarantine[0].rawText == #"{"code":"ERR","message":"Hệ thống bận"}"#)
        let answers = try await store.nationalAnswers(snapshot: NationalSnapshotID(rawValue: 1))
        #expect(answers.count == 8)
        #expect(answers.contains { $0.endpoint == nil && $0.bytes == Array(#"{"code":"ERR","message":"Hệ thống bận"}"#.utf8) })
    }

    @Test func aTableGivesOneSnapshotPerPeriodWithItsPeriodAndTimeFromTheTable() async throws {
        let store = try SQLiteStore.inMemory()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-\(UUID().uuidString)-cong-cu.csv").path
        try """
        Kỳ,Đơn vị,Loại đơn vị,Chỉ số,Tỷ lệ %,Điểm đánh giá,Xếp hạng,Thời điểm xuất
        07/2024,UBND tỉnh Bình Phước,Tỉnh,Tổng điểm,,"85,05",3,31/07/2024 15:00
        07/2024,Sở Ngoại vụ,Sở ban ngành,Điểm số hóa hồ sơ,"72,73",16,,31/07/2024 15:00
        06/2024,Sở Ngoại vụ,Sở ban ngành,Điểm số hóa hồ sơ,"70",15,,
        """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ImportFormat.infer(path: path) == .national)
        let lines = try await NationalImporter(store: store, provinceID: nil, printIssues: false).importFiles(
            [path], period: nil, takenAt: nil, now: now)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("Số liệu Cổng DVCQG tháng 7/2024 (bản số 1): chưa đủ: 1/6 nhóm"))
        #expect(lines[0].contains("xuất lúc 15:00 ngày 31/07/2024 (thời điểm xuất ghi trong tệp)"))
        #expect(lines[1].contains("tháng 6/2024") && lines[1].contains("(không rõ thời điểm xuất, lấy thời điểm nhập)"))
        let july = try #require(try await store.currentNationalSnapshot(period: .month(2024, 7)))
        #expect(july.info.origin == .table)
        #expect(july.snapshot.province?.publishedTotal == 85.05)
        #expect(july.snapshot.province?.publishedRank == 3)
    }

    @Test func fetchedAnswersAreStoredThroughTheImportPath() async throws {
        let store = try SQLiteStore.inMemory()
        let base = "http://127.0.0.1:9/api/v1/reporting/evaluation/"
        func paged(_ page: Int) -> [UInt8] {
            Array(Self.answer(.transparency).replacingOccurrences(of: "]}}", with: #"],"pagination":{"currentPage":\#(page),"totalPages":2}}}"#).utf8)
        }
        var fetched = NationalAnswer.endpoints.map { endpoint in
            let group = NationalGroup(endpoint: endpoint)
            return PortalFetchedAnswer(
                endpoint: endpoint, page: 1, url: base + endpoint, bytes: group == .transparency ? paged(1) : Array(Self.answer(group).utf8))
        }
        fetched.append(PortalFetchedAnswer(endpoint: "transparency", page: 2, url: base + "transparency", bytes: paged(2)))
        let line = try await NationalFetch.store(fetched, period: august, fetchedAt: now, provinceID: "root", into: store)
        #expect(line.contains("đủ 6/6 nhóm chỉ số") && line.contains("(thời điểm lấy từ Cổng)") && line.hasSuffix("8 câu trả lời lưu nguyên văn"))
        let stored = try #require(try await store.currentNationalSnapshot(period: august))
        #expect(stored.info.takenAtSource == .fetch)
        #expect(stored.info.takenAt == now)
        #expect(stored.snapshot.provinceID == "root")
        let answers = try await store.nationalAnswers(snapshot: stored.info.id)
        #expect(answers.map(\.source).last == base + "transparency?trang=2")
        #expect(answers.map(\.bytes) == fetched.map(\.bytes))
    }

    @Test func aFetchFromAnUnreachablePortalFailsAndStoresNothing() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("t.sqlite").path
        let command = try NationalFetchCommand.parse([
            "--period", "2026-08", "--base-url", "http://127.0.0.1:9", "--timeout", "1", "--retries", "0", "--db", db,
        ])
        await #expect {
            try await command.run()
        } throws: { error in
            "\(error)".hasPrefix("Không lấy được số liệu từ Cổng dịch vụ công quốc gia: http://127.0.0.1:9/api/v1/reporting/evaluation/transparency")
        }
        let store = try SQLiteStore(path: db)
        #expect(try await store.nationalSnapshots(period: nil).isEmpty)
        #expect(try await store.importLog().isEmpty)
    }

    @Test func theDemoImportsAPortalSnapshotForEachClosedMonthThatDiffersFromItsOwnFigures() async throws {
        let calendar = try CalendarFile.builtIn()
        let options = DemoOptions(months: 3, seed: 42, scale: .small, today: LocalDate(year: 2026, month: 3, day: 18)!)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try DemoLoader.writeFiles(options: options, calendar: calendar, directory: directory, report: { _ in })
        #expect(files.national.map(\.period) == [.month(2026, 1), .month(2026, 2)])
        #expect(
            files.national.map(\.takenAt) == [
                Instant(local: LocalDate(year: 2026, month: 2, day: 3)!, hour: 15),
                Instant(local: LocalDate(year: 2026, month: 3, day: 3)!, hour: 15),
            ])
        let store = try SQLiteStore.inMemory()
        let lines = try await DemoLoader.importFiles(files, into: store)
        let nationalLines = lines.filter { $0.hasPrefix("Số liệu Cổng DVCQG") }
        #expect(nationalLines.count == 2)
        #expect(nationalLines.allSatisfy { $0.contains("đủ 6/6 nhóm chỉ số") && $0.contains("kỳ đã kết thúc") })

        let data = DemoProvince.generate(options, calendar: calendar)
        let february = try #require(try await store.currentNationalSnapshot(period: .month(2026, 2)))
        #expect(february.snapshot.isComplete && !february.snapshot.isProvisional)
        #expect(february.snapshot.provinces.count == 34)
        // One commune is missing on the portal side.
        let missing = try #require(DemoNational.missingUnit(data, period: .month(2026, 2)))
        #expect(!february.snapshot.units.contains { $0.name == missing.name })
        let valid = data.units.filter { $0.isValid(during: .month(2026, 2)) }
        #expect(february.snapshot.units.count == valid.count - 1)
        // Ministry dossiers the province does not hold.
        let ministry = DemoNational.ministryDossiers(data, period: .month(2026, 2))
        #expect(ministry.count == DemoNational.ministryDossiersPerMonth)
        #expect(ministry.allSatisfy { code in code.code.split(separator: "-").last?.count == 7 && !data.dossiers.contains { $0.code == code.code } })
        // The portal's figures are rounded to 2 decimals.
        for unit in february.snapshot.units {
            for figures in unit.groups.values {
                for value in [figures.points, figures.rate].compactMap({ $0 }) { #expect(abs(value * 100 - (value * 100).rounded()) < 1e-6) }
            }
        }
        // Dossiers never synced are not in the portal's count of received dossiers.
        let unsynced = data.dossiers.filter { !$0.synced }
        #expect(!unsynced.isEmpty)
    }
}
