import ChiSoCore
import ChiSoServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Exports of what the pages show, as Excel and CSV (issue 11 part 3).
@Suite struct ExportRouteTests {
    @Test func indicatorsRankingsAndOverdueListsDownloadWithNumbersAsNumbers() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let body = ByteBuffer(string: "[\(Fixture.dossier("HS1"))]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: body) { #expect($0.status == .ok) }
            let office = Fixture.cookie("office")
            let csv = try await client.execute(uri: "/api/v1/exports/units/D2/indicators?period=2026-07&format=csv", method: .get, headers: office)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"chi-so-D2-2026-07.csv\"")
            let text = String(buffer: csv.body)
            #expect(text.contains("Nhóm chỉ số,Chỉ số,Tử số,Mẫu số,Tỷ lệ (%),Điểm,Điểm tối đa,Chỉ tiêu giao (%),Kết quả chỉ tiêu"))
            // D2's July dossier was resolved on time: 1 of 1, 100%, all 20 points, as plain numbers.
            let line = try #require(text.split(separator: "\r\n").first { $0.hasPrefix("Tiến độ giải quyết,") })
            #expect(line.hasSuffix(",1,1,100.00,20.00,20.00,-,-"), "\(line)")

            let xlsx = try await client.execute(uri: "/api/v1/exports/rankings?period=2026-07&level=department", method: .get, headers: office)
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])

            let ranking = String(
                buffer: try await client.execute(uri: "/api/v1/exports/rankings?period=2026-07&format=csv", method: .get, headers: office).body)
            #expect(ranking.contains("\"Sở, ban, ngành\",1,D2,Sở Xây dựng,"))

            let overdue = String(
                buffer: try await client.execute(uri: "/api/v1/exports/overdue?unit=D1&within=5&format=csv", method: .get, headers: office).body)
            #expect(overdue.contains("HS1,D1,Sở Tư pháp,1.004227,Cấp phiếu lý lịch tư pháp,"))
            #expect(overdue.contains(",Sắp đến hạn,1\r\n"))

            // The unit page links to its exports.
            let page = String(buffer: try await client.execute(uri: "/don-vi/D1?period=2026-08", method: .get, headers: office).body)
            #expect(page.contains("href=\"/api/v1/exports/units/D1/indicators?period=2026-08&amp;format=xlsx\">Excel</a>"))
            #expect(page.contains("href=\"/api/v1/exports/overdue?unit=D1&amp;within=3&amp;format=csv\">CSV</a>"))
        }
    }

    @Test func exportsKeepTheRolesAndRefuseUnknownFormats() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/api/v1/exports/units/D2/indicators?period=2026-07", method: .get, headers: Fixture.cookie("d1")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/exports/rankings?period=2026-07&format=pdf", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("Định dạng không hợp lệ: pdf (xlsx, csv)."))
            }
            try await client.execute(uri: "/api/v1/exports/overdue", method: .get) { #expect($0.status == .unauthorized) }
            // A unit officer's ranking lists the own unit only.
            let own = String(
                buffer: try await client.execute(
                    uri: "/api/v1/exports/rankings?period=2026-07&format=csv", method: .get, headers: Fixture.cookie("d1")
                )
                .body)
            #expect(!own.contains("Sở Xây dựng"))
        }
    }
}
