import ChiSoCore
import ChiSoServer
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The ingestion API against hostile or broken input: the unit hierarchy, sources kept apart, held dossiers and
/// data-quality warnings, and one-time sign-in links in the audit log.
@Suite struct IngestHardeningTests {
    @Test func unitBreakingTheHierarchyIsQuarantinedAndTheServerStillLoads() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            // A child before its parent is accepted; a cycle and an unknown parent are quarantined.
            let csv = "code,name,kind,parent_code\nX1,Phòng X1,other,D3\nD3,Sở Y tế,department,P\nP,UBND tỉnh,province,X1\n"
            try await client.execute(uri: "/api/v1/dongbo/donvi", method: .post, headers: Fixture.catalogueBearer, body: ByteBuffer(string: csv)) {
                response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                #expect(answer["accepted"] as? Int == 2)
                #expect(answer["rejected"] as? Int == 1)
                let records = try #require(answer["records"] as? [[String: Any]])
                #expect(records[2]["status"] as? String == "rejected")
                #expect((records[2]["reason"] as? String)?.contains("vòng lặp") == true)
            }
            let orphan = "code,name,kind,parent_code\nO,Đơn vị mồ côi,other,KHONG-CO\n"
            try await client.execute(
                uri: "/api/v1/dongbo/donvi", method: .post, headers: Fixture.catalogueBearer, body: ByteBuffer(string: orphan)
            ) { response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                let record = try #require((answer["records"] as? [[String: Any]])?.first)
                #expect(record["status"] as? String == "rejected")
                #expect((record["reason"] as? String)?.contains("đơn vị cấp trên KHONG-CO không có trong danh mục") == true)
            }
        }
        #expect(try await f.store.quarantined().count == 2)
        // A restart loads the catalogue and scores.
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/api/v1/units", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("\"X1\"") && !text.contains("KHONG-CO"))
            }
            try await client.execute(uri: "/api/v1/scores?period=2026-08", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .ok)
            }
        }
    }

    /// Users and sources are told apart: a session does not open the ingestion routes, a source's token does not open
    /// the query routes, and an unknown token is refused before the body is read.
    @Test func aSessionIsNotASourceAndATokenIsNotAUser() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            var office = Fixture.cookie("office")
            office[.contentType] = "application/json"
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: office, body: ByteBuffer(string: "[\(Fixture.dossier("S1"))]")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(uri: "/api/v1/units", method: .get, headers: Fixture.bearer) { #expect($0.status == .unauthorized) }
            let unknown: HTTPFields = [.authorization: "bearer khong-co", .contentType: "application/json"]
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: unknown, body: ByteBuffer(string: "")) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer error=\"invalid_token\"")
            }
        }
        #expect(try await f.store.dossier(code: "S1") == nil)
    }

    @Test func aSourceCannotChangeAnotherSourcesDossierOrTheCatalogueWithoutScope() async throws {
        let f = try await Fixture()
        let other = "token-of-another-source"
        try await f.store.createSourceToken(
            digest: Secrets.digest(other), source: "khac", scope: .dossiers,
            audit: AuditEntry(at: Fixture.now, actor: "cli", action: "token.create", detail: "nguồn khac"))
        let otherBearer: HTTPFields = [.authorization: "Bearer \(other)", .contentType: "application/json"]
        try await f.app().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(Fixture.dossier("HS1"))]")
            ) { response in
                let answer = try json(response.body)
                #expect(answer["accepted"] as? Int == 1)
            }
            // Another source moves it to another unit: refused, nothing changed.
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: otherBearer, body: ByteBuffer(string: "[\(Fixture.dossier("HS1", unit: "D2"))]")
            ) { response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                #expect(answer["rejected"] as? Int == 1 && answer["updated"] as? Int == 0)
                let record = try #require((answer["records"] as? [[String: Any]])?.first)
                #expect(record["status"] as? String == "rejected")
                #expect((record["reason"] as? String)?.contains("do nguồn igate gửi trước") == true)
            }
            // A dossier token does not change the catalogue, and a catalogue token does not send dossiers.
            var csvHeaders = Fixture.bearer
            csvHeaders[.contentType] = "text/csv"
            for route in ["/api/v1/dongbo/donvi", "/api/v1/dongbo/thutuc"] {
                try await client.execute(
                    uri: route, method: .post, headers: csvHeaders, body: ByteBuffer(string: "code,name,kind\nD9,Sở mới,department\n")
                ) {
                    #expect($0.status == .forbidden)
                    #expect(String(buffer: $0.body).contains("catalogue"))
                }
            }
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.catalogueBearer, body: ByteBuffer(string: "[\(Fixture.dossier("HS2"))]")
            ) { #expect($0.status == .forbidden) }
        }
        #expect(try await f.store.dossier(code: "HS1")?.unitCode == "D1")
        #expect(try await f.store.dossier(code: "HS2") == nil)
        #expect(try await f.store.catalogue().units.map(\.code) == ["P", "D1", "D2"])
    }

    @Test func dossiersOfUnknownUnitsAreHeldAndEarlyDeadlinesFlagged() async throws {
        let f = try await Fixture()
        let early =
            #"{"MaHoSo":"HS5","MaTTHC":"1.004227","DonViXuLy":"D1","KenhThucHien":2,"NgayTiepNhan":"20260810083000","#
            + #""NgayHenTra":"20260805170000","TrangThaiHoSo":"4"}"#
        try await f.app().test(.router) { client in
            let body = ByteBuffer(string: "[\(Fixture.dossier("HS4", unit: "KHONG-CO")),\(early)]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: body) { response in
                let answer = try json(response.body)
                #expect(answer["held"] as? Int == 1)
                #expect(answer["accepted"] as? Int == 1)
                #expect(answer["warnings"] as? Int == 2)
                let records = try #require(answer["records"] as? [[String: Any]])
                #expect(records[0]["status"] as? String == "held")
                #expect((records[0]["warnings"] as? [String])?.first?.contains("đơn vị KHONG-CO chưa có trong danh mục") == true)
                #expect(records[1]["status"] as? String == "accepted")
                #expect((records[1]["warnings"] as? [String])?.first?.contains("NgayHenTra") == true)
            }
            // The findings per unit: the province office sees both, the officer of D1 only D1's.
            try await client.execute(uri: "/api/v1/quality", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok)
                let list = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                #expect(list.map { $0["unit"] as? String } == ["D1", "KHONG-CO"])
                #expect(list[0]["deadline_before_reception_codes"] as? [String] == ["HS5"])
                #expect(list[1]["held"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/quality", method: .get, headers: Fixture.cookie("d1")) { response in
                let list = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                #expect(list.map { $0["unit"] as? String } == ["D1"])
            }
        }
        #expect(try await f.store.dataQuality().map(\.unitCode) == ["D1", "KHONG-CO"])
    }

    @Test func oneTimeLinksAreAuditedWithTheirUse() async throws {
        let f = try await Fixture()
        let user = try #require(try await f.store.user(username: "d1"))
        try await f.store.createLoginLink(
            digest: Secrets.digest("mot-lan"), userID: user.id, expiresAt: Fixture.now.adding(seconds: 600),
            audit: AuditEntry(at: Fixture.now, actor: "cli", action: "login.link.create", detail: "liên kết cho d1"))
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/dang-nhap/lien-ket?token=mot-lan", method: .get) {
                #expect($0.status == .seeOther || $0.status == .found)
            }
        }
        let actions = try await f.store.auditLog(limit: 20).map { "\($0.actor) \($0.action)" }
        #expect(actions.contains("cli login.link.create"))
        #expect(actions.contains("user:d1 login.link"))
    }
}
