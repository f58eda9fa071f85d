import ChiSoCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChiSoServer

/// The pages are swift-mustache templates inside one layout: what a visitor typed comes back escaped.
@Suite struct TemplateTests {
    @Test func theSignInPageIsTheLayoutWithTheFormAndEscapesTheNextPath() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/dang-nhap?next=%2Fdon-vi%2FD1%3Fperiod%3D%22%3E%3Cscript%3E", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<title>Đăng nhập — ChiSo</title>"))
                #expect(page.contains("<a href=\"/dang-nhap\">Đăng nhập</a>"), "a visitor's menu offers the sign-in")
                #expect(page.contains("name=\"next\" value=\"/don-vi/D1?period=&quot;&gt;&lt;script&gt;\""))
                #expect(!page.contains("<script>"))
            }
        }
    }

    @Test func theErrorPageNamesTheProblemAndTheWayBackForASignedInUser() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/khong-co", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .notFound)
                let page = String(buffer: response.body)
                #expect(page.contains("<h2>Không tìm thấy</h2>") && page.contains("<a href=\"/\">Về trang tổng quan</a>"))
                #expect(page.contains("Đăng xuất"), "a signed-in user's menu offers the sign-out")
            }
        }
    }

    /// A period that is not scored, met anywhere on a page (here the API's refusal thrown by a page's handler), is a
    /// page too, never the API's JSON.
    @Test func aPeriodRefusalOnAPageIsAPage() async throws {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ErrorPageMiddleware())
        router.get("/trang") { _, _ -> String in throw PeriodRefusal.noData(.month(2026, 2)) }
        router.get("/api/v1/trang") { _, _ -> String in throw PeriodRefusal.noData(.month(2026, 2)) }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/trang", method: .get) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("<h2>Không có số liệu</h2>"))
            }
            try await client.execute(uri: "/api/v1/trang", method: .get) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }
}
