import ChiSoCore
import ChiSoServer
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A small province: the province unit, two sibling departments, one procedure; a source token and three users.
struct Fixture {
    static let now = Instant(dvcqg: "20260815100000")!
    static let token = "test-source-token"
    /// A token of the same source with the catalogue scope.
    static let catalogueToken = "test-catalogue-token"
    let store: SQLiteStore

    init() async throws {
        store = try SQLiteStore.inMemory()
        let at = Fixture.now
        let units = [
            ChiSoCore.Unit(code: "P", name: "UBND tỉnh", kind: .province),
            ChiSoCore.Unit(code: "D1", name: "Sở Tư pháp", kind: .department, parentCode: "P"),
            ChiSoCore.Unit(code: "D2", name: "Sở Xây dựng", kind: .department, parentCode: "P"),
        ]
        _ = try await store.ingest(units: IngestBatch(records: units.map { Sourced($0, origin: RecordOrigin(fileName: "t")) }, at: at))
        let procedure = Procedure(code: "1.004227", name: "Cấp phiếu lý lịch tư pháp", statutoryTime: StatutoryTime(10, .workingDays))
        _ = try await store.ingest(procedures: IngestBatch(records: [Sourced(procedure, origin: RecordOrigin(fileName: "t"))], at: at))
        // Data in a closed month (July) and in the open one (August), unit D2: a period with no data at all is
        // refused (DOMAIN §4a D11).
        let d2 = ["20260706083000", "20260804083000"].enumerated().map { i, received in
            Dossier(
                code: "D2-26070\(i)-0001", procedureCode: "1.004227", unitCode: "D2", channel: .online, receivedAt: Instant(dvcqg: received)!,
                dueAt: Instant(dvcqg: received)!.adding(seconds: 10 * 86_400), state: .returned,
                processedAt: Instant(dvcqg: received)!.adding(seconds: 86_400))
        }
        _ = try await store.ingest(dossiers: IngestBatch(records: d2.map { Sourced($0, origin: RecordOrigin(fileName: "t")) }, at: at))
        for (token, scope) in [(Fixture.token, SourceScope.dossiers), (Fixture.catalogueToken, .catalogue)] {
            try await store.createSourceToken(
                digest: Secrets.digest(token), source: "igate", scope: scope,
                audit: AuditEntry(at: at, actor: "cli", action: "token.create", detail: "nguồn igate"))
        }
        for (name, role, unit) in [("admin", ServerRole.admin, nil as String?), ("office", .office, nil), ("d1", .unit, "D1")] {
            let user = try await store.createUser(
                ServerUser(username: name, passwordHash: Secrets.hashPassword("mat-khau-\(name)", cost: 4), role: role, unitCode: unit, createdAt: at)
            )
            try await store.createSession(
                idDigest: Secrets.digest("session-\(name)"), userID: user.id, csrfToken: "csrf-\(name)", createdAt: at,
                expiresAt: at.adding(seconds: 3600))
        }
    }

    func app(clock: @escaping @Sendable () -> Instant = { Fixture.now }) async throws -> some ApplicationProtocol {
        var config = ChiSoConfiguration(port: 0, maxBodyBytes: 64 << 10, maxBatchRecords: 3, liveTickSeconds: 3600, bcryptCost: 4)
        config.host = "127.0.0.1"
        return try await buildApplication(
            configuration: config, dependencies: AppDependencies(store: store, clock: clock), logger: Logger(label: "test"))
    }

    static func dossier(_ code: String, unit: String = "D1", received: String = "20260803083000") -> String {
        #"{"MaHoSo":"\#(code)","MaTTHC":"1.004227","DonViXuLy":"\#(unit)","KenhThucHien":2,"NgayTiepNhan":"\#(received)","#
            + #""NgayHenTra":"20260817170000","TrangThaiHoSo":"4"}"#
    }

    static func cookie(_ user: String) -> HTTPFields { [.cookie: "chiso_session=session-\(user)"] }
    static let bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
    static let catalogueBearer: HTTPFields = [.authorization: "Bearer \(catalogueToken)", .contentType: "text/csv; charset=utf-8"]
}

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
}

@Suite struct IngestionTests {
    @Test func withoutValidTokenNothingIsStored() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let body = ByteBuffer(string: "[\(Fixture.dossier("HS1"))]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, body: body) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: [.authorization: "Bearer wrong"], body: body) {
                #expect($0.status == .unauthorized)
            }
            // A signed-in user's cookie is no ingestion token either.
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.cookie("admin"), body: body) {
                #expect($0.status == .unauthorized)
            }
        }
        #expect(try await f.store.dossier(code: "HS1") == nil)
        #expect(try await f.store.quarantined().isEmpty)
    }

    @Test func batchAnswersPerRecordAndIsIdempotent() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let body = ByteBuffer(string: "[\(Fixture.dossier("HS1")),{\"MaHoSo\":\"HS2\"}]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: body) { response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                #expect(answer["accepted"] as? Int == 1)
                #expect(answer["rejected"] as? Int == 1)
                let records = try #require(answer["records"] as? [[String: Any]])
                try #require(records.count == 2)
                #expect(records[0]["status"] as? String == "accepted")
                #expect(records[1]["status"] as? String == "rejected")
                #expect((records[1]["reason"] as? String)?.isEmpty == false)
            }
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: body) { response in
                let answer = try json(response.body)
                #expect(answer["accepted"] as? Int == 0)
                #expect(answer["unchanged"] as? Int == 1)
            }
        }
        #expect(try await f.store.dossier(code: "HS1") != nil)
        #expect(try await f.store.auditLog(limit: 10).contains { $0.actor == "source:igate" && $0.action == "ingest.dossiers" })
    }

    @Test func limits() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let four = (1...4).map { Fixture.dossier("L\($0)") }.joined(separator: ",")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(four)]")) {
                #expect($0.status == .badRequest)
            }
            let big = ByteBuffer(string: "[" + String(repeating: " ", count: 70 << 10) + "]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: big) {
                #expect($0.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "không phải JSON"))
            {
                #expect($0.status == .badRequest)
            }
        }
        #expect(try await f.store.dossier(code: "L1") == nil)
    }
}

@Suite struct AccessTests {
    @Test func unitOfficerSeesOwnUnitOnly() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/api/v1/units/D1/indicators?period=2026-08", method: .get, headers: Fixture.cookie("d1")) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/units/D2/indicators?period=2026-08", method: .get, headers: Fixture.cookie("d1")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/don-vi/D2", method: .get, headers: Fixture.cookie("d1")) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/don-vi/D1", method: .get, headers: Fixture.cookie("d1")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/scores?period=2026-08", method: .get, headers: Fixture.cookie("d1")) { response in
                let units = try #require(try json(response.body)["units"] as? [[String: Any]])
                #expect(units.map { $0["code"] as? String } == ["D1"])
            }
            try await client.execute(uri: "/api/v1/units/D2/indicators?period=2026-08", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/audit", method: .get, headers: Fixture.cookie("office")) { #expect($0.status == .forbidden) }
        }
    }

    @Test func anonymousGetsOnlyPublicClosedPeriods() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            for uri in ["/api/v1/scores?period=2026-08", "/api/v1/units", "/api/v1/overdue", "/api/v1/live", "/api/v1/dossiers/HS1"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized)
                    #expect(!String(buffer: response.body).contains("Sở Tư pháp"))
                }
            }
            try await client.execute(uri: "/api/v1/public/scores?period=2026-08", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("Sở Tư pháp"))
            }
            try await client.execute(uri: "/cong-khai?period=2026-08", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("Sở Tư pháp"))
            }
            try await client.execute(uri: "/api/v1/public/scores?period=2026-07", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/cong-khai", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("ranking-department"))
            }
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/don-vi/D1", method: .get) { #expect($0.status == .seeOther) }
        }
    }

    @Test func loginNeedsCSRFAndIsRateLimited() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let form = ByteBuffer(string: "csrf=abc&username=admin&password=mat-khau-admin")
            let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/dang-nhap", method: .post, headers: formType, body: form) { #expect($0.status == .forbidden) }
            var headers = formType
            headers[.cookie] = "chiso_csrf=abc"
            try await client.execute(uri: "/dang-nhap", method: .post, headers: headers, body: form) { response in
                #expect(response.status == .seeOther)
                let cookie = response.headers[.setCookie] ?? ""
                #expect(
                    cookie.contains("chiso_session=") && cookie.contains("HttpOnly") && cookie.contains("Secure")
                        && cookie.contains("SameSite=Strict"))
            }
            let wrong = ByteBuffer(string: "csrf=abc&username=office&password=sai")
            for _ in 0..<5 {
                try await client.execute(uri: "/dang-nhap", method: .post, headers: headers, body: wrong) { #expect($0.status == .unauthorized) }
            }
            let right = ByteBuffer(string: "csrf=abc&username=office&password=mat-khau-office")
            try await client.execute(uri: "/dang-nhap", method: .post, headers: headers, body: right) { #expect($0.status == .tooManyRequests) }
        }
    }
}

@Suite struct DocumentTests {
    @Test func everyRouteIsInOpenAPI() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let doc = try json(response.body)
                #expect(doc["openapi"] as? String == "3.1.0")
                let paths = try #require(doc["paths"] as? [String: [String: Any]])
                for route in OpenAPIDocument.routes {
                    #expect(paths[route.path]?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(route.path)")
                }
            }
        }
        let router = try registeredRoutes(store: f.store)
        let documented = Set(OpenAPIDocument.routes.map { "\($0.method.rawValue) \($0.path)" })
        for route in router { #expect(documented.contains(route), "missing from /openapi.json: \(route)") }
    }

    @Test func pagesAndHealth() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(Fixture.dossier("HS1"))]")
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/?period=2026-08", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("ranking-department") && page.contains("<svg") && page.contains("Xếp hạng"))
            }
            try await client.execute(uri: "/don-vi/D1/thu-tuc/1.004227", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/quan-tri", method: .get, headers: Fixture.cookie("admin")) { #expect($0.status == .ok) }
        }
    }

    /// DOMAIN §4a D11: a period with no data, or one not started, is refused in the API, never scored as if it were
    /// real; pages refuse a period that has not started (one without data shows the note, see `PageTests`).
    @Test func periodsWithoutDataAreRefused() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/?period=2026-11", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .unprocessableContent)
                let page = String(buffer: response.body)
                #expect(page.contains("chưa bắt đầu") && page.contains("<select name=\"period\">"))
                #expect(!page.contains("ranking-department"))
            }
            try await client.execute(uri: "/api/v1/scores?period=2026-11", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("chưa bắt đầu"))
            }
            try await client.execute(uri: "/api/v1/documents/classification?period=2026-05", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .unprocessableContent)
            }
            try await client.execute(uri: "/api/v1/scores?period=2026-07", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .ok)
            }
        }
    }
}
