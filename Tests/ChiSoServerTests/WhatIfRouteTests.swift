import ChiSoCore
import ChiSoServer
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// "What it would take" over HTTP (issue 11 part 1): the API route and the unit page's section.
@Suite struct WhatIfRouteTests {
    /// The fixture with HS1: a D1 dossier received on 3 August, open, due on 17 August at 17:00 (after the fixture's now).
    func fixture() async throws -> Fixture {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let body = ByteBuffer(string: "[\(Fixture.dossier("HS1"))]")
            try await client.execute(uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: body) { #expect($0.status == .ok) }
        }
        return f
    }

    @Test func theAPIAnswersThePlanWithTheDossiersAtRisk() async throws {
        let f = try await fixture()
        try await f.app().test(.router) { client in
            let base = "/api/v1/units/D1/what-if?period=2026-08"
            let first = try json(try await client.execute(uri: base + "&goal=points:0", method: .get, headers: Fixture.cookie("office")).body)
            #expect(first["schema"] as? String == "chiso.what-if/1")
            #expect(first["status"] as? String == "reached")
            let risks = try #require(first["at_risk"] as? [[String: Any]])
            #expect(risks.map { $0["dossier"] as? String } == ["HS1"])
            #expect(risks.first?["overdue_from"] as? String == "2026-08-17T17:00:01+07:00")
            let projected = try #require((first["projected"] as? [String: Any])?["total"] as? Double)
            // One point more: resolving HS1 on time is the largest gain per action.
            let response = try await client.execute(uri: base + "&goal=points:\(projected + 1)", method: .get, headers: Fixture.cookie("office"))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let plan = try json(response.body)
            #expect(plan["status"] as? String == "reachable")
            let steps = try #require(plan["steps"] as? [[String: Any]])
            #expect(steps.map { $0["action"] as? String } == ["resolve_on_time"])
            #expect(steps.first?["codes"] as? [String] == ["HS1"])
            #expect(steps.first?["name"] as? String == "Giải quyết đúng hạn hồ sơ đang xử lý sắp quá hạn (kèm kết quả điện tử)")
            #expect(try #require((plan["achieved"] as? [String: Any])?["total"] as? Double) >= projected + 1)
        }
    }

    @Test func badGoalsUnknownUnitsAndOtherUnitsAreRefused() async throws {
        let f = try await fixture()
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/api/v1/units/D1/what-if?goal=class", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("Mục tiêu không hợp lệ: class"))
            }
            try await client.execute(uri: "/api/v1/units/KHONG/what-if", method: .get, headers: Fixture.cookie("office")) {
                #expect($0.status == .notFound)
                #expect($0.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            try await client.execute(uri: "/api/v1/units/D2/what-if", method: .get, headers: Fixture.cookie("d1")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/units/D1/what-if", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/units/D1/what-if?period=2026-07&goal=points:99", method: .get, headers: Fixture.cookie("office")) {
                let plan = try json($0.body)
                #expect(plan["status"] as? String == "unreachable")
                #expect(plan["obstacle"] as? String == "period_ended")
            }
        }
    }

    @Test func theUnitPageHasTheSectionWithItsForm() async throws {
        let f = try await fixture()
        try await f.app().test(.router) { client in
            // Without a goal the page shows the form only.
            let plain = String(
                buffer: try await client.execute(uri: "/don-vi/D1?period=2026-08", method: .get, headers: Fixture.cookie("office")).body)
            #expect(plain.contains("<section id=\"what-if\"><h2>Cần làm gì để đạt mục tiêu</h2>"))
            #expect(plain.contains("Chọn mục tiêu rồi bấm «Tính»"))
            #expect(!plain.contains("id=\"what-if-risk\""))
            let page = String(
                buffer: try await client.execute(uri: "/don-vi/D1?period=2026-08&goal=next-class", method: .get, headers: Fixture.cookie("office"))
                    .body)
            #expect(page.contains("<option value=\"next-class\" selected>Lên mức xếp loại kế tiếp</option>"))
            #expect(page.contains("Mục tiêu: <b>lên mức xếp loại kế tiếp</b>"))
            #expect(page.contains("Hồ sơ sẽ quá hạn nếu không xử lý (1 hồ sơ"))
            #expect(page.contains("<td>HS1</td><td>D1</td><td>1.004227</td><td>17:00 ngày 17/08/2026</td><td>17/08/2026</td>"))
            // The form sends the kind of goal and the number apart.
            let points = String(
                buffer: try await client.execute(
                    uri: "/don-vi/D1?period=2026-08&goal=points%3A&n=100", method: .get, headers: Fixture.cookie("office")
                )
                .body)
            #expect(points.contains("<option value=\"points:\" selected>"))
            #expect(points.contains("Mục tiêu: <b>đạt 100 điểm</b>"))
            let wrong = try await client.execute(uri: "/don-vi/D1?period=2026-08&goal=hang", method: .get, headers: Fixture.cookie("office"))
            #expect(wrong.status == .ok)
            #expect(String(buffer: wrong.body).contains("Mục tiêu không hợp lệ: hang"))
        }
    }
}

/// Errors on pages are pages; the API keeps JSON (issue 11 part 5).
@Suite struct ErrorPageTests {
    @Test func unknownUnitsProceduresAndPagesAnswerAPageWithAWayBack() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let cases: [(String, HTTPFields, HTTPResponse.Status, String, String)] = [
                (
                    "/don-vi/KHONG?period=2026-08", Fixture.cookie("office"), .notFound, "Không có đơn vị KHONG",
                    "<a href=\"/\">Về trang tổng quan</a>"
                ),
                (
                    "/don-vi/D1?period=2026-13", Fixture.cookie("office"), .badRequest, "Kỳ không hợp lệ: 2026-13",
                    "<a href=\"/\">Về trang tổng quan</a>"
                ),
                (
                    "/don-vi/D1/thu-tuc/9.999?period=2026-08", Fixture.cookie("office"), .notFound, "Không có thủ tục 9.999",
                    "<a href=\"/\">Về trang tổng quan</a>"
                ),
                (
                    "/don-vi/KHONG/thu-tuc/1.004227", Fixture.cookie("office"), .notFound, "Không có đơn vị KHONG trong danh mục",
                    "<a href=\"/\">Về trang tổng quan</a>"
                ),
                ("/khong-co-trang", [:], .notFound, "Địa chỉ này không có trên trang.", "<a href=\"/cong-khai\">Về trang công khai</a>"),
                ("/cong-khai?period=2026-99", [:], .badRequest, "Kỳ không hợp lệ: 2026-99", "<a href=\"/cong-khai\">Về trang công khai</a>"),
            ]
            for (uri, headers, status, message, link) in cases {
                let response = try await client.execute(uri: uri, method: .get, headers: headers)
                let html = String(buffer: response.body)
                #expect(response.status == status, "\(uri)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                #expect(html.contains("<html lang=\"vi\">") && html.contains("<header><h1>ChiSo"), "\(uri)")
                #expect(html.contains(message), "\(uri)")
                #expect(html.contains(link), "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
            }
            // The API answers JSON.
            for uri in ["/api/v1/units/KHONG/indicators?period=2026-08", "/api/v1/scores?period=2026-13", "/api/v1/khong-co"] {
                let response = try await client.execute(uri: uri, method: .get, headers: Fixture.cookie("office"))
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(uri)")
                #expect((try json(response.body))["error"] != nil, "\(uri)")
            }
        }
    }

    @Test func signInComesBackToTheWholeAddressWithItsQuery() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            let response = try await client.execute(uri: "/don-vi/D1?period=2026-07&goal=rank%3A1", method: .get)
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location == "/dang-nhap?next=%2Fdon-vi%2FD1%3Fperiod%3D2026-07%26goal%3Drank%253A1")
            let login = String(buffer: try await client.execute(uri: location, method: .get).body)
            #expect(login.contains("<input type=\"hidden\" name=\"next\" value=\"/don-vi/D1?period=2026-07&amp;goal=rank%3A1\">"))
        }
    }
}

/// The console (issue 11 part 8): requests are logged at debug level, so that an info-level console shows start,
/// stop and errors only.
@Suite struct ConsoleLogTests {
    /// Keeps every message logged at or above a level.
    final class Recorder: Sendable {
        let lines = Mutex<[(Logger.Level, String)]>([])
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var logLevel: Logger.Level
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.lines.withLock { $0.append((event.level, "\(event.message)")) }
        }
    }

    func requests(at level: Logger.Level) async throws -> [(Logger.Level, String)] {
        let f = try await Fixture()
        let recorder = Recorder()
        var config = ChiSoConfiguration(port: 0, liveTickSeconds: 3600, bcryptCost: 4)
        config.host = "127.0.0.1"
        let logger = Logger(label: "test") { _ in RecordingHandler(recorder: recorder, logLevel: level) }
        let app = try await buildApplication(
            configuration: config, dependencies: AppDependencies(store: f.store, clock: { Fixture.now }), logger: logger, warmIndex: false)
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/cong-khai", method: .get) { #expect($0.status == .ok) }
        }
        return recorder.lines.withLock { $0 }.filter { $0.1 == "Request" }
    }

    @Test func requestsAreLoggedAtDebugLevelOnly() async throws {
        #expect(try await requests(at: .info).isEmpty)
        let debug = try await requests(at: .debug)
        #expect(debug.count == 2)
        #expect(debug.allSatisfy { $0.0 == .debug })
    }
}
