import Hummingbird
import HummingbirdTesting
import Testing

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
}
