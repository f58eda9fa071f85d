import ChiSoCore
import ChiSoServer
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ReconciliationRouteTests {
    /// The fixture's province with a portal snapshot of August 2026 taken on the 10th: Sở Tư pháp on both sides,
    /// Sở Ngoại vụ on the portal only, Sở Xây dựng in the province's data only.
    func fixture() async throws -> Fixture {
        let f = try await Fixture()
        let taken = Instant(dvcqg: "20260810170000")!
        let timeliness = { (received: Double) in
            NationalGroupFigures(
                points: 20, maxPoints: 20, rate: 100, counts: ["totalReceived": received, "totalOnTime": received, "totalOverdue": 0])
        }
        let snapshot = NationalSnapshot(
            period: .month(2026, 8), takenAt: taken, origin: .portalAPI, provinceID: "root", groupsPresent: [.timeliness],
            units: [
                NationalUnitFigures(
                    portalID: "root", name: "Tỉnh Mẫu Sơn", level: "PROVINCE", isProvince: true, groups: [.timeliness: timeliness(1)]),
                NationalUnitFigures(portalID: "u1", name: "Sở Tư pháp - tỉnh Mẫu Sơn", level: "PROVINCE", groups: [.timeliness: timeliness(0)]),
                NationalUnitFigures(portalID: "u9", name: "Sở Ngoại vụ - tỉnh Mẫu Sơn", level: "PROVINCE", groups: [.timeliness: timeliness(1)]),
            ],
            provinces: [
                NationalProvinceResult(portalID: "root", name: "Mẫu Sơn", total: 20),
                NationalProvinceResult(portalID: "x", name: "Hà Nội", total: 30),
            ])
        _ = try await f.store.save(nationalSnapshot: snapshot, takenAtSource: .given, answers: [], quarantine: [], at: Fixture.now)
        return f
    }

    @Test func theOfficeSeesTheReconciliationPageAPIAndDocumentUnitOfficersDoNot() async throws {
        let f = try await fixture()
        try await f.app().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(Fixture.dossier("D1-260803-0001"))]")
            ) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/doi-chieu?period=2026-08", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Đối chiếu số liệu với Cổng Dịch vụ công quốc gia — tháng 8/2026"))
                #expect(html.contains("số liệu trích xuất lúc 17:00 ngày 10/08/2026"))
                #expect(html.contains("Sở Ngoại vụ - tỉnh Mẫu Sơn"))
                #expect(html.contains("class=\"differs\""))
                #expect(html.contains("Xếp hạng toàn quốc (Cổng DVCQG): <b>2/2</b>"))
                #expect(html.contains("/api/v1/reconciliation/document?period=2026-08"))
                // The menu offers what the portal publishes (DOMAIN §7.1): months, quarters and years, open ones too
                // (provisional), not half-years.
                #expect(html.contains("<option value=\"2026-Q3\"") && html.contains("<option value=\"2026\""))
                #expect(!html.contains("<option value=\"2026-H1\""))
            }
            try await client.execute(uri: "/api/v1/reconciliation?period=2026-08", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body["schema"] as? String == "chiso.reconcile/1")
                #expect(body["provisional"] as? Bool == true)
                let units = try #require(body["units"] as? [[String: Any]])
                #expect(Set(units.compactMap { $0["presence"] as? String }) == ["both", "portal_only", "chiso_only"])
                let d1 = try #require(units.first { $0["code"] as? String == "D1" })
                let indicators = try #require(d1["indicators"] as? [String: Any])
                let onTime = try #require(indicators["dossier_on_time"] as? [String: Any])
                #expect((onTime["chiso"] as? [String: Any])?["denominator"] as? Int == 1)
                #expect((onTime["portal"] as? [String: Any])?["denominator"] as? Int == 0)
            }
            try await client.execute(
                uri: "/api/v1/reconciliation/document?period=2026-08&format=docx", method: .get, headers: Fixture.cookie("admin")
            ) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentDisposition]?.contains("doi-chieu-2026-08.docx") == true)
                #expect(Array(response.body.readableBytesView.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
            }
            try await client.execute(uri: "/api/v1/national/snapshots?period=2026-08", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok)
                let list = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                #expect(list.count == 1)
                #expect(list.first?["current"] as? Bool == true)
                let id = try #require(list.first?["id"] as? Int)
                try await client.execute(uri: "/api/v1/national/snapshots/\(id)", method: .get, headers: Fixture.cookie("office")) {
                    #expect($0.status == .ok)
                    #expect(String(buffer: $0.body).contains("Sở Ngoại vụ - tỉnh Mẫu Sơn"))
                }
            }
            try await client.execute(uri: "/don-vi/D1?period=2026-08", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Số liệu trên Cổng Dịch vụ công quốc gia"))
                #expect(html.contains("id=\"portal-groups\""))
            }
            try await client.execute(uri: "/api/v1/reconciliation?period=2026-08", method: .get, headers: Fixture.cookie("d1")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/reconciliation?period=2026-06", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/doi-chieu?period=2026-06", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Chưa có số liệu của Cổng Dịch vụ công quốc gia cho tháng 6/2026"))
            }
        }
    }
}
