import ChiSoCore
import ChiSoServer
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The pages for daily work (issue 11 part 2) and their shape on a phone and on paper (part 4).
@Suite struct PageTests {
    /// An open dossier of D2 received on 20/07, due on 10/08: overdue on 15/08.
    static let overdueDossier =
        #"{"MaHoSo":"HS2","MaTTHC":"1.004227","DonViXuLy":"D2","KenhThucHien":1,"NgayTiepNhan":"20260720083000","#
        + #""NgayHenTra":"20260810170000","TrangThaiHoSo":"4"}"#

    static func page(_ client: some TestClientProtocol, _ uri: String, _ user: String? = "office") async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: user.map(Fixture.cookie) ?? [:], body: nil)
        return (response.status, String(buffer: response.body))
    }

    @Test func theProvinceWideOverdueListHasAUnitColumnAndAUnitFilter() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let body = ByteBuffer(string: "[\(Fixture.dossier("HS1")),\(Self.overdueDossier)]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: body) { #expect($0.status == .ok) }
            let (status, all) = try await Self.page(client, "/qua-han")
            #expect(status == .ok)
            #expect(all.contains("<th>Mã hồ sơ</th><th>Đơn vị</th><th>Thủ tục</th>"))
            #expect(all.contains("<tr><td>HS2</td><td><a href=\"/don-vi/D2\">Sở Xây dựng</a></td><td>Cấp phiếu lý lịch tư pháp</td>"))
            #expect(all.contains("<tr><td>HS1</td><td><a href=\"/don-vi/D1\">Sở Tư pháp</a></td>"))
            #expect(all.contains("<b>1</b> hồ sơ đang quá hạn, <b>1</b> hồ sơ sắp đến hạn trong 3 ngày làm việc."))
            #expect(all.contains("<span class=\"down\">quá hạn 4 ngày làm việc</span>"), "11 to 14/08 are working days past the deadline")
            #expect(all.contains("href=\"/api/v1/exports/overdue?within=3&amp;format=xlsx\""))

            let (_, filtered) = try await Self.page(client, "/qua-han?unit=D1")
            #expect(filtered.contains("<option value=\"D1\" selected>Sở Tư pháp</option>"))
            #expect(filtered.contains("<td>HS1</td>") && !filtered.contains("<td>HS2</td>"))
            #expect(filtered.contains("tại Sở Tư pháp và các đơn vị trực thuộc"))

            // A unit officer sees their own unit's dossiers only, and may not filter on another unit.
            let (_, own) = try await Self.page(client, "/qua-han", "d1")
            #expect(own.contains("<td>HS1</td>") && !own.contains("<td>HS2</td>") && !own.contains("<option value=\"D2\""))
            #expect(try await Self.page(client, "/qua-han?unit=D2", "d1").0 == .forbidden)
            #expect(try await Self.page(client, "/qua-han?unit=KHONG-CO").0 == .notFound)
            #expect(try await Self.page(client, "/qua-han", nil).0 == .seeOther)

            // The overview counts them and links to the list.
            let (_, overview) = try await Self.page(client, "/?period=2026-08")
            #expect(overview.contains("<b id=\"overdue-total\">1</b> hồ sơ đang quá hạn, <b id=\"due-soon-total\">1</b> hồ sơ sắp đến hạn"))
            #expect(overview.contains("<a href=\"/qua-han\">Danh sách toàn tỉnh</a>"))
            #expect(overview.contains("<td><a href=\"/qua-han?unit=D2\">Sở Xây dựng</a></td><td class=\"n\">1</td><td class=\"n\">0</td>"))
        }
    }

    @Test func aUnitsTrendShowsEachGroupMonthByMonthAndDayByDay() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let (status, page) = try await Self.page(client, "/don-vi/D2/xu-huong")
            #expect(status == .ok)
            #expect(page.contains("<svg id=\"chart-trend-months\"") && page.contains("<svg id=\"chart-trend-days\""))
            #expect(page.contains("<table id=\"trend-months\">") && page.contains("<table id=\"trend-days\">"))
            // Every group has its column and its line.
            #expect(page.contains("<th>Tháng</th><th>Tổng điểm</th><th>Công khai, minh bạch (18)</th>"))
            #expect(page.contains(">Mức độ hài lòng</text>"), "the charts' legend names every group")
            // July had D2's dossier, June none; in August nothing until the 4th.
            #expect(page.contains("<tr><td>Tháng 6/2026</td><td colspan=\"7\" class=\"muted\">Không phát sinh hồ sơ</td></tr>"))
            let july = try #require(page.range(of: "<tr><td>Tháng 7/2026</td><td class=\"n\">"))
            #expect(!page[july.upperBound...].hasPrefix("–"))
            #expect(page.contains("<tr><td>03/08/2026</td><td colspan=\"7\" class=\"muted\">Không phát sinh hồ sơ</td></tr>"))
            #expect(page.contains("<tr><td>04/08/2026</td><td class=\"n\">"))
            #expect(page.contains("<tr><td>Hôm nay</td><td class=\"n\">"))
            #expect(!page.contains("formula-change"), "no month with data before the methodology took effect")

            let (_, unit) = try await Self.page(client, "/don-vi/D2")
            #expect(unit.contains("href=\"/don-vi/D2/xu-huong\""))
            #expect(try await Self.page(client, "/don-vi/D2/xu-huong", "d1").0 == .forbidden)
            #expect(try await Self.page(client, "/don-vi/KHONG-CO/xu-huong").0 == .notFound)
        }
    }

    @Test func theSamePeriodLastYearStandsBesideThePeriodAndAFormulaChangeIsFlagged() async throws {
        let f = try await Fixture()
        // D2 also had dossiers in August and September 2025, before the built-in methodology took effect (1 January 2026).
        let old = ["20250805083000", "20250910083000"].enumerated().map { i, text in
            let received = Instant(dvcqg: text)!
            return Dossier(
                code: "D2-2508\(i)-0001", procedureCode: "1.004227", unitCode: "D2", channel: .inPerson, receivedAt: received,
                dueAt: received.adding(seconds: 2 * 86_400), state: .returned, processedAt: received.adding(seconds: 5 * 86_400))
        }
        _ = try await f.store.ingest(dossiers: IngestBatch(records: old.map { Sourced($0, origin: RecordOrigin(fileName: "t")) }, at: Fixture.now))
        try await f.app().test(.router) { client in
            let (_, august) = try await Self.page(client, "/?period=2026-08")
            #expect(august.contains("<p class=\"flash\" id=\"formula-change\">Lưu ý: so sánh với kỳ trước hoặc cùng kỳ năm trước vượt qua"))
            #expect(august.contains("<th>Cùng kỳ năm trước</th><th>Chênh lệch</th>"))
            #expect(august.contains("Cùng kỳ năm trước: "), "the cards show last year's points")
            let (_, unit) = try await Self.page(client, "/don-vi/D2?period=2026-08")
            #expect(unit.contains("id=\"formula-change\""))
            #expect(unit.contains("<div class=\"muted\">Cùng kỳ năm trước: "))
            // The trend's twelve months include September 2025, scored with a formula not yet in force then.
            let (_, trend) = try await Self.page(client, "/don-vi/D2/xu-huong")
            #expect(trend.contains("<p class=\"flash\" id=\"formula-change\">Lưu ý: 12 tháng gần nhất gồm cả các tháng trước khi"))
            // July's comparisons (June, July 2025) have no data: nothing spans the change.
            let (_, july) = try await Self.page(client, "/?period=2026-07")
            #expect(!july.contains("formula-change") && !july.contains("Cùng kỳ năm trước: "))
        }
    }

    @Test func thePeriodMenuOffersMonthsQuartersHalfYearsNineMonthsAndYears() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let (status, page) = try await Self.page(client, "/?period=2026-Q3")
            #expect(status == .ok)
            #expect(page.contains("Tổng quan quý III/2026") && page.contains("ranking-department"))
            for label in ["Tháng", "Quý", "6 tháng", "9 tháng", "Năm"] { #expect(page.contains("<optgroup label=\"\(label)\">"), "\(label)") }
            #expect(page.contains("<option value=\"2026-Q3\" selected>Quý III/2026</option>"))
            for value in ["2026-08", "2025-08", "2026-Q2", "2026-H1", "2026-H2", "2026-9M", "2025-9M", "2026", "2025"] {
                #expect(page.contains("<option value=\"\(value)\""), "\(value)")
            }
            // The public page offers ended periods only.
            let (_, open) = try await Self.page(client, "/cong-khai", nil)
            #expect(
                open.contains("<option value=\"2026-H1\"") && open.contains("<option value=\"2025-9M\"") && open.contains("<option value=\"2025\""))
            #expect(
                !open.contains("<option value=\"2026-H2\"") && !open.contains("<option value=\"2026-9M\"")
                    && !open.contains("<option value=\"2026-08\""))
        }
    }

    /// DOMAIN §4a D11: a period, or a unit, without any dossier shows the note instead of results; the period stays
    /// unscored.
    @Test func periodsAndUnitsWithoutDossiersShowTheNoteInsteadOfResults() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let (status, overview) = try await Self.page(client, "/?period=2026-05")
            #expect(status == .ok)
            #expect(overview.contains("<p class=\"no-data\" role=\"status\"><b>Không phát sinh hồ sơ</b> — Tháng 5/2026 không có hồ sơ nào"))
            #expect(overview.contains("<select name=\"period\">") && !overview.contains("ranking-department") && !overview.contains("chart-trend"))
            let (publicStatus, publicPage) = try await Self.page(client, "/cong-khai?period=2026-05", nil)
            #expect(publicStatus == .ok && publicPage.contains("Không phát sinh hồ sơ") && !publicPage.contains("ranking-department"))
            let (unitStatus, unit) = try await Self.page(client, "/don-vi/D1?period=2026-07")
            #expect(unitStatus == .ok)
            #expect(unit.contains("<b>Không phát sinh hồ sơ</b> — Sở Tư pháp không có hồ sơ nào tháng 7/2026"))
            #expect(!unit.contains("id=\"indicators\"") && !unit.contains("chart-radar"))
            // With a goal asked of a period without any dossier: the same page, without the "what it would take" section.
            let (goalStatus, goalPage) = try await Self.page(client, "/don-vi/D1?period=2026-05&goal=next-class")
            #expect(goalStatus == .ok)
            #expect(goalPage.contains("<b>Không phát sinh hồ sơ</b>") && !goalPage.contains("id=\"what-if\""))
            let (_, ranking) = try await Self.page(client, "/?period=2026-07")
            #expect(ranking.contains("<span class=\"muted\" title=\"Không phát sinh hồ sơ\">*</span>"))
            #expect(ranking.contains("*: không phát sinh hồ sơ trong kỳ, không xếp loại."))
        }
    }

    /// Part 4: tables scroll inside their wrapper on a phone, charts scale, and print hides the menu and forms on A4.
    @Test func tablesScrollInsideAWrapperAndPrintIsA4() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            for uri in ["/?period=2026-07", "/don-vi/D2?period=2026-07", "/qua-han", "/don-vi/D2/xu-huong", "/don-vi/D2/thu-tuc/1.004227"] {
                let (status, page) = try await Self.page(client, uri)
                #expect(status == .ok, "\(uri)")
                #expect(
                    !page.contains("<table")
                        || page.components(separatedBy: "<table").count == page.components(separatedBy: "<div class=\"scroll\"><table").count,
                    "\(uri)")
                #expect(page.contains(".scroll{overflow-x:auto") && page.contains("svg.chart{max-width:100%;height:auto"))
                #expect(page.contains("@page{size:A4") && page.contains("header nav,form,.noprint{display:none!important}"))
            }
        }
    }
}
