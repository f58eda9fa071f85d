import ChiSoCore
import ChiSoServer
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Ingestion of the other record kinds, the catalogue reload and the audit log.
@Suite struct IngestKindsTests {
    @Test func stepsAreStoredAsDossierEventsAndIdempotent() async throws {
        let f = try await Fixture()
        let step =
            #"{"MaHoSo":"HS1","ThoiDiemXuLy":"20260804090000","NguoiXuLy":"Nguyễn Văn A","ChucDanh":"Chuyên viên","#
            + #""PhongBanXuLy":"Phòng Hành chính tư pháp","NoiDungXuLy":"Thẩm định hồ sơ","TrangThai":"2","#
            + #""NgayBatDau":"20260803083000","NgayKetThucTheoQuyDinh":"20260810170000"}"#
        try await f.app().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(Fixture.dossier("HS1"))]")
            ) { #expect($0.status == .ok) }
            let body = ByteBuffer(string: "[\(step),{\"MaHoSo\":\"HS1\"}]")
            try await client.execute(uri: "/api/v1/dongbo/tiendo", method: .post, headers: Fixture.bearer, body: body) { response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                #expect(answer["kind"] as? String == "steps")
                #expect(answer["accepted"] as? Int == 1)
                #expect(answer["rejected"] as? Int == 1)
                let records = try #require(answer["records"] as? [[String: Any]])
                try #require(records.count == 2)
                #expect(records[0]["code"] as? String == "HS1")
                #expect((records[1]["reason"] as? String)?.contains("ThoiDiemXuLy") == true)
            }
            // The same step again changes nothing.
            try await client.execute(uri: "/api/v1/dongbo/tiendo", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(step)]")) {
                let answer = try json($0.body)
                #expect(answer["accepted"] as? Int == 0)
                #expect(answer["unchanged"] as? Int == 1)
            }
            // The step is visible in the dossier lookup.
            try await client.execute(uri: "/api/v1/dossiers/HS1", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Thẩm định hồ sơ"))
            }
        }
        let steps = try await f.store.events(dossierCode: "HS1").compactMap { event -> ProcessingStep? in
            if case .step(let s) = event.payload { return s } else { return nil }
        }
        #expect(steps.count == 1)
        #expect(steps.first?.handler == "Nguyễn Văn A")
        #expect(steps.first?.dueAt == Instant(dvcqg: "20260810170000"))
    }

    @Test func unitCSVReloadsTheCatalogue() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            // The catalogue is loaded before the new unit arrives.
            try await client.execute(uri: "/api/v1/units", method: .get, headers: Fixture.cookie("office")) {
                #expect(!String(buffer: $0.body).contains("D3"))
            }
            let csv = "code,name,kind,parent_code\nD3,Sở Y tế,department,P\nX,Đơn vị lạ,không-rõ,P\n"
            try await client.execute(uri: "/api/v1/dongbo/donvi", method: .post, headers: Fixture.catalogueBearer, body: ByteBuffer(string: csv)) {
                response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                #expect(answer["accepted"] as? Int == 1)
                #expect(answer["rejected"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/units", method: .get, headers: Fixture.cookie("office")) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\"D3\"") && text.contains("Sở Y tế"))
            }
            // Dossiers of the new unit are counted at once: it appears in the open period's ranking.
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer,
                body: ByteBuffer(string: "[\(Fixture.dossier("HS3", unit: "D3"))]")
            ) { response in
                let answer = try json(response.body)
                #expect(answer["accepted"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/scores?period=2026-08", method: .get, headers: Fixture.cookie("office")) { response in
                let units = try #require(try json(response.body)["units"] as? [[String: Any]])
                let d3 = try #require(units.first { $0["code"] as? String == "D3" })
                #expect(d3["no_dossiers"] as? Bool == false)
            }
            try await client.execute(uri: "/don-vi/D3", method: .get, headers: Fixture.cookie("office")) { #expect($0.status == .ok) }
        }
        #expect(try await f.store.catalogue().units.contains { $0.code == "D3" })
    }

    @Test func auditLogRecordsWhoWhenAndWhat() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let body = ByteBuffer(string: "[\(Fixture.dossier("HS1")),\(Fixture.dossier("HS2")),{\"MaHoSo\":\"HS9\"}]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: body) { #expect($0.status == .ok) }
            // Re-sending changes nothing, and is not a change to log.
            let again = ByteBuffer(string: "[\(Fixture.dossier("HS1"))]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: again) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/audit", method: .get, headers: Fixture.cookie("admin")) { response in
                #expect(response.status == .ok)
                let entries = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                let ingest = entries.filter { $0["action"] as? String == "ingest.dossiers" }
                #expect(ingest.count == 1)
                #expect(ingest.first?["actor"] as? String == "source:igate")
                #expect(ingest.first?["at"] as? String == "2026-08-15T10:00:00+07:00")
                #expect(ingest.first?["detail"] as? String == "nhận 3: 2 tiếp nhận mới, 0 cập nhật, 0 không đổi, 1 cách ly")
            }
            try await client.execute(uri: "/quan-tri", method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("source:igate") && page.contains("ingest.dossiers") && page.contains("2 tiếp nhận mới"))
            }
        }
        let log = try await f.store.auditLog(limit: 10)
        #expect(log.filter { $0.action == "ingest.dossiers" }.map(\.detail) == ["nhận 3: 2 tiếp nhận mới, 0 cập nhật, 0 không đổi, 1 cách ly"])
        #expect(log.first { $0.action == "ingest.dossiers" }?.at == Fixture.now)
    }

    /// D1's newly received dossiers in July 2026 (a closed month on the fixture's clock), from the scores API.
    static func julyReceived(_ client: some TestClientProtocol) async throws -> Int? {
        try await client.execute(uri: "/api/v1/scores?period=2026-07", method: .get, headers: Fixture.cookie("office")) { response in
            let units = try #require(try json(response.body)["units"] as? [[String: Any]])
            let d1 = units.first { $0["code"] as? String == "D1" }
            return (d1?["processing"] as? [String: Any])?["newly_received"] as? Int
        }
    }

    @Test func lateDataForAClosedMonthRecomputesIt() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let before = try await Self.julyReceived(client)  // computed and cached: July is closed
            #expect(before == 0)
            let late = ByteBuffer(string: "[\(Fixture.dossier("HS7", received: "20260710083000"))]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: late) { response in
                let answer = try json(response.body)
                #expect(answer["accepted"] as? Int == 1)
            }
            let after = try await Self.julyReceived(client)
            #expect(after == 1)
        }
    }
}
