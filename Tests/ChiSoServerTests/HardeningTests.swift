import ChiSoCore
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import ChiSoServer

/// A form field value, percent-encoded.
private func formValue(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
}

/// A sign-in form post with a matching CSRF cookie.
private func signIn(_ client: some TestClientProtocol, _ username: String, _ password: String, next: String? = nil) async throws -> TestResponse {
    var body = "csrf=abc&username=\(formValue(username))&password=\(formValue(password))"
    if let next { body += "&next=\(formValue(next))" }
    return try await client.execute(
        uri: "/dang-nhap", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "chiso_csrf=abc"],
        body: ByteBuffer(string: body))
}

@Suite struct LoginHardeningTests {
    @Test func onlySameSitePathsAreFollowedAfterSignIn() async throws {
        let f = try await Fixture()
        let hostile = [
            "/\\evil.example/", "//evil.example", "/\t/evil.example", "/\n/evil.example", "\\/evil.example", "https://evil.example/",
            "http:evil.example", "javascript:alert(1)", " /\\evil.example", "/%5Cevil.example", "/%2F/evil.example", "%2F%2Fevil.example",
            "/%09/evil.example", "/%255C%255Cevil.example", "", "evil.example",
        ]
        try await f.app().test(.router) { (client) async throws in
            for next in hostile {
                let response = try await signIn(client, "admin", "mat-khau-admin", next: next)
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/", "next=\(next.debugDescription)")
            }
            let local = "/don-vi/D1?period=2026-08"
            #expect(try await signIn(client, "admin", "mat-khau-admin", next: local).headers[.location] == local)
            // The sign-in link for a page of a unit whose code has a space comes back to that page.
            let page = "/don-vi/UBND%20X%C3%A3%20%C4%90%C3%B4ng"
            #expect(try await signIn(client, "admin", "mat-khau-admin", next: page).headers[.location] == page)
        }
    }

    @Test func failuresOfOneAccountDoNotLockTheOtherUsersOfTheAddress() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { (client) async throws in
            for _ in 0..<5 { #expect(try await signIn(client, "office", "sai").status == .unauthorized) }
            #expect(try await signIn(client, "office", "mat-khau-office").status == .tooManyRequests)
            // Another person behind the same address signs in.
            #expect(try await signIn(client, "admin", "mat-khau-admin").status == .seeOther)
            #expect(try await signIn(client, "d1", "mat-khau-d1").status == .seeOther)
        }
    }

    @Test func aValidAccountDoesNotResetTheAddressCounter() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { (client) async throws in
            // Password spraying: one guess for each of many names, with a valid sign-in between the guesses.
            let ceiling = 5 * LoginRateLimiter.addressFactor
            for i in 0..<ceiling {
                #expect(try await signIn(client, "user\(i)", "mat-khau").status == .unauthorized)
                if i % 4 == 3, i < ceiling - 1 { #expect(try await signIn(client, "admin", "mat-khau-admin").status == .seeOther) }
            }
            #expect(try await signIn(client, "user-next", "mat-khau").status == .tooManyRequests)
        }
    }

    @Test func unknownUsersTakeTheSamePasswordCheckAsKnownOnes() async throws {
        let f = try await Fixture()
        let checks = Mutex<[String]>([])
        var config = ChiSoConfiguration(port: 0, liveTickSeconds: 3600, bcryptCost: 4)
        config.host = "127.0.0.1"
        let dependencies = AppDependencies(
            store: f.store, clock: { Fixture.now },
            passwordVerifier: { password, hash in
                checks.withLock { $0.append(hash) }
                return Secrets.verifyPassword(password, hash: hash)
            })
        let app = try await buildApplication(configuration: config, dependencies: dependencies, logger: Logger(label: "test"))
        let known = try #require(try await f.store.user(username: "office")).passwordHash
        try await app.test(.router) { (client) async throws in
            #expect(try await signIn(client, "office", "sai").status == .unauthorized)
            #expect(try await signIn(client, "khong-co-ai", "sai").status == .unauthorized)
            #expect(try await signIn(client, "office", "mat-khau-office").status == .seeOther)
        }
        let hashes = checks.withLock { $0 }
        // One bcrypt check per attempt, known or not; the unknown name is checked against a hash of the same cost.
        try #require(hashes.count == 3)
        #expect(hashes[0] == known && hashes[2] == known)
        #expect(hashes[1] != known && hashes[1].hasPrefix(String(known.prefix(7))) && hashes[1].count == known.count)
    }

    @Test func limiterCountsPerAccountAcrossAddressesAndSuccessClearsOnlyItsPair() {
        let limiter = LoginRateLimiter(attempts: 5, windowSeconds: 300)
        // A guess spread over many addresses is held back by the account counter.
        for i in 0..<20 { limiter.recordFailure(.init(account: "office", address: "10.0.0.\(i)"), now: 1000) }
        #expect(limiter.isBlocked(.init(account: "office", address: "10.0.1.1"), now: 1001))
        #expect(!limiter.isBlocked(.init(account: "admin", address: "10.0.0.1"), now: 1001))
        // A success clears its own pair only.
        let pair = LoginRateLimiter.Keys(account: "d1", address: "10.9.9.9")
        for _ in 0..<4 { limiter.recordFailure(pair, now: 1000) }
        limiter.recordSuccess(.init(account: "admin", address: "10.9.9.9"))
        limiter.recordFailure(pair, now: 1000)
        #expect(limiter.isBlocked(pair, now: 1001))
        limiter.recordSuccess(pair)
        #expect(!limiter.isBlocked(pair, now: 1001))
        // Failures age out of the window.
        #expect(!limiter.isBlocked(.init(account: "office", address: "10.0.1.1"), now: 1301))
    }

    @Test func localRedirectRule() {
        #expect(LocalRedirect.target("/quan-tri") == "/quan-tri")
        #expect(LocalRedirect.target("/don-vi/D1?period=2026-08&level=all") == "/don-vi/D1?period=2026-08&level=all")
        for bad in ["/\\x", "//x", "/\t/x", "/%5Cx", "/%2Fx", "https://x", "/x\\y", "/ä", nil] { #expect(LocalRedirect.target(bad) == "/") }
    }
}

/// A unit code with a space and Vietnamese letters, with one dossier of the fixture's procedure.
private func addSpacedUnit(_ f: Fixture) async throws -> String {
    let code = "UBND Xã Đông"
    let unit = ChiSoCore.Unit(code: code, name: "UBND xã Đông", kind: .commune, parentCode: "P")
    _ = try await f.store.ingest(units: IngestBatch(records: [Sourced(unit, origin: RecordOrigin(fileName: "t"))], at: Fixture.now))
    return code
}

@Suite struct InputDetailTests {
    @Test func codesWithSpacesAndVietnameseLettersAreReachableFromTheAppsOwnLinks() async throws {
        let f = try await Fixture()
        let code = try await addSpacedUnit(f)
        let dossier = Fixture.dossier("HS XÃ 1", unit: code)
        try await f.app().test(.router) { (client) async throws in
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(dossier)]")) {
                #expect($0.status == .ok)
            }
            // The overview links to the unit page; the unit page links to the procedure page.
            let overview = try await client.execute(uri: "/?period=2026-08", method: .get, headers: Fixture.cookie("office"))
            let unitLink = try #require(links(in: String(buffer: overview.body), prefix: "/don-vi/UBND").first)
            let unitPage = try await client.execute(uri: unitLink, method: .get, headers: Fixture.cookie("office"))
            #expect(unitPage.status == .ok, "\(unitLink)")
            #expect(String(buffer: unitPage.body).contains("UBND xã Đông"))
            let procedureLink = try #require(links(in: String(buffer: unitPage.body), prefix: "/don-vi/UBND").first { $0.contains("/thu-tuc/") })
            let procedurePage = try await client.execute(uri: procedureLink, method: .get, headers: Fixture.cookie("office"))
            #expect(procedurePage.status == .ok, "\(procedureLink)")
            #expect(String(buffer: procedurePage.body).contains("HS XÃ 1"))
            // The API takes the same escaped codes.
            let escaped = try #require(code.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let indicators = try await client.execute(
                uri: "/api/v1/units/\(escaped)/indicators?period=2026-08", method: .get, headers: Fixture.cookie("office"))
            #expect(indicators.status == .ok)
            #expect(String(buffer: indicators.body).contains("UBND xã Đông"))
            let procedures = try await client.execute(
                uri: "/api/v1/units/\(escaped)/procedures/1.004227?period=2026-08", method: .get, headers: Fixture.cookie("office"))
            #expect(String(buffer: procedures.body).contains("HS XÃ 1"))
            let lookup = try await client.execute(uri: "/api/v1/dossiers/HS%20X%C3%83%201", method: .get, headers: Fixture.cookie("office"))
            #expect(lookup.status == .ok)
            // A broken escape is a bad request, not a server error.
            try await client.execute(uri: "/api/v1/units/%E0%A4/indicators", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .badRequest)
            }
        }
    }

    /// The `href`s of a page that start with `prefix`, with `&amp;` unescaped.
    private func links(in page: String, prefix: String) -> [String] {
        page.components(separatedBy: "href=\"").dropFirst().compactMap { part in
            let link = String(part.prefix { $0 != "\"" }).replacing("&amp;", with: "&")
            return link.hasPrefix(prefix) ? link : nil
        }
    }

    @Test func emptyAndMalformedBodiesAreRefusedWhole() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { (client) async throws in
            for body in ["", "  \n", "[{\"MaHoSo\":\"M1\",", "[\(Fixture.dossier("M2")),{\"MaHoSo\": }]", "[\(Fixture.dossier("M3")), nope]"] {
                let response = try await client.execute(
                    uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body.debugDescription)")
                let message = String(buffer: response.body)
                #expect(message.contains("Nội dung gửi lên"), "\(message)")
            }
            try await client.execute(uri: "/api/v1/dongbo/tiendo", method: .post, headers: Fixture.bearer, body: ByteBuffer()) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/dongbo/donvi", method: .post, headers: Fixture.catalogueBearer, body: ByteBuffer()) {
                #expect($0.status == .badRequest)
            }
            // Well-formed JSON with values that are not records is answered per record.
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[1, \"x\"]")) {
                response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                #expect(answer["rejected"] as? Int == 2)
            }
        }
        for code in ["M1", "M2", "M3"] { #expect(try await f.store.dossier(code: code) == nil) }
        // Only the two values of the well-formed batch are in quarantine.
        #expect(try await f.store.quarantined().count == 2)
    }

    @Test func aRejectedRecordIsAnsweredWithItsCode() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { (client) async throws in
            let body = ByteBuffer(string: #"[{"MaHoSo":"HS7","MaTTHC":"1.004227"},{"MaTTHC":"1.004227"},{"MaHoSo":42}]"#)
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: body) { response in
                let records = try #require(try json(response.body)["records"] as? [[String: Any]])
                #expect(records.map { $0["status"] as? String } == ["rejected", "rejected", "rejected"])
                #expect(records[0]["code"] as? String == "HS7")
                #expect(records[1]["code"] is NSNull)
                #expect(records[2]["code"] as? String == "42")
            }
            // A CSV row is answered with its code column.
            let units = ByteBuffer(string: "name;code;kind;parent_code\nSở lạ;\"D 9\";không-rõ;P\nKhông mã;;department;P\n")
            try await client.execute(uri: "/api/v1/dongbo/donvi", method: .post, headers: Fixture.catalogueBearer, body: units) { response in
                let records = try #require(try json(response.body)["records"] as? [[String: Any]])
                #expect(records.map { $0["status"] as? String } == ["rejected", "rejected"])
                #expect(records.first?["code"] as? String == "D 9")
                #expect(records.last?["code"] is NSNull)
            }
        }
    }

    @Test func theBearerSchemeIsCaseInsensitive() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { (client) async throws in
            for scheme in ["bearer", "BEARER", "Bearer"] {
                let headers: HTTPFields = [.authorization: "\(scheme) \(Fixture.token)", .contentType: "application/json"]
                try await client.execute(
                    uri: "/api/v1/dongbo/hoso", method: .post, headers: headers, body: ByteBuffer(string: "[\(Fixture.dossier("B-\(scheme)"))]")
                ) { #expect($0.status == .ok, "\(scheme)") }
            }
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: [.authorization: "Basic \(Fixture.token)"], body: nil) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func methodsAPathDoesNotHaveAnswer405() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { (client) async throws in
            for uri in ["/", "/health", "/api/v1/units/D1/indicators", "/khong-co"] {
                try await client.execute(uri: uri, method: .trace) { response in
                    #expect(response.status == .methodNotAllowed, "TRACE \(uri)")
                    #expect(response.headers[.allow] != nil)
                }
            }
            try await client.execute(uri: "/health", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/dang-nhap", method: .put) { #expect($0.headers[.allow] == "GET, HEAD, POST") }
            try await client.execute(uri: "/health", method: .head) { #expect($0.status == .ok) }
            try await client.execute(uri: "/khong-co", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test(.timeLimit(.minutes(1))) func longRequestTargetsAreAnsweredNotHung() async throws {
        let f = try await Fixture()
        try await f.app().test(.live) { client in
            let port = try #require(client.port)
            for length in [9 << 10, 100 << 10] {
                let target = "/api/v1/public/scores?period=" + String(repeating: "a", count: length)
                let answer = await exchange(port: port, request: "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") { $0.contains("\r\n\r\n") }
                #expect(answer.hasPrefix("HTTP/1.1 414"), "\(length) bytes: \(answer.prefix(80).debugDescription)")
            }
            // The server still answers.
            let health = await exchange(port: port, request: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") { $0.contains("\r\n\r\n") }
            #expect(health.hasPrefix("HTTP/1.1 200"))
        }
    }
}
