import ChiSoCore
import ChiSoServer
import ChiSoStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChiSoServer

/// The administration on the web (issue 11 part 6): users, source tokens, the quarantine, the import log and the
/// audit log, for administrators only, every change with CSRF and audited.
@Suite struct AdminTests {
    static let pages = ["/quan-tri", "/quan-tri/nguoi-dung", "/quan-tri/nguon", "/quan-tri/cach-ly", "/quan-tri/nhap-du-lieu", "/quan-tri/nhat-ky"]

    /// A form post with a user's session cookie.
    static func form(_ user: String = "admin") -> HTTPFields {
        var headers = Fixture.cookie(user)
        headers[.contentType] = "application/x-www-form-urlencoded"
        return headers
    }

    /// A form body with the administrator's CSRF token first.
    static func body(_ fields: String = "", csrf: String = "csrf-admin") -> ByteBuffer {
        ByteBuffer(string: "csrf=\(csrf)" + (fields.isEmpty ? "" : "&" + fields))
    }

    @Test func onlyAdministratorsSeeTheAdministration() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            for page in Self.pages + ["/quan-tri/cach-ly/1"] {
                try await client.execute(uri: page + "?source=a", method: .get) { response in
                    #expect(response.status == .seeOther, "\(page)")
                    #expect(response.headers[.location] == "/dang-nhap?next=" + HTML.query(page + "?source=a"))
                }
                for user in ["office", "d1"] {
                    try await client.execute(uri: page, method: .get, headers: Fixture.cookie(user)) { response in
                        #expect(response.status == .forbidden, "\(user) \(page)")
                        let text = String(buffer: response.body)
                        #expect(text.contains("Chỉ quản trị viên được vào trang này.") && !text.contains("igate"))
                    }
                }
            }
            for page in Self.pages {
                try await client.execute(uri: page, method: .get, headers: Fixture.cookie("admin")) { response in
                    #expect(response.status == .ok, "\(page)")
                    let text = String(buffer: response.body)
                    #expect(text.contains("<nav class=\"admin noprint\"") && text.contains("<title>"))
                }
            }
            // The menu links to the administration for administrators only.
            try await client.execute(uri: "/", method: .get, headers: Fixture.cookie("admin")) { response in
                #expect(String(buffer: response.body).contains("<a href=\"/quan-tri\">Quản trị</a>"))
            }
            try await client.execute(uri: "/", method: .get, headers: Fixture.cookie("office")) { response in
                #expect(response.status == .ok && !String(buffer: response.body).contains("href=\"/quan-tri\""))
            }
            try await client.execute(uri: "/khong-co", method: .get, headers: Fixture.cookie("admin")) { response in
                #expect(String(buffer: response.body).contains("<a href=\"/quan-tri\">Quản trị</a>"), "error pages keep the menu")
            }
        }
    }

    @Test func theHomeSummarisesAndShowsTheLatestChanges() async throws {
        let f = try await Fixture()
        try await f.store.appendAudit(
            AuditEntry(at: Fixture.now, actor: "source:igate", action: "ingest.dossiers", detail: "nhận 3: 2 tiếp nhận mới"))
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/quan-tri", method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Người dùng đang hoạt động<br><b>3</b> / 3"))
                #expect(page.contains("Mã nguồn dữ liệu đang dùng<br><b>2</b>"))
                #expect(page.contains("<td>source:igate</td><td>ingest.dossiers</td><td>nhận 3: 2 tiếp nhận mới</td>"))
                #expect(page.contains("<title>Quản trị — ChiSo</title>"))
            }
        }
    }

    @Test func anAdministratorCreatesAUserWhoSignsIn() async throws {
        let f = try await Fixture()
        try await f.app().test(.router) { client in
            try await client.execute(
                uri: "/quan-tri/nguoi-dung", method: .post, headers: Self.form(),
                body: Self.body("username=can-bo.d2&password=mat-khau-moi&role=unit&unit=D2")
            ) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("Đã tạo người dùng can-bo.d2 (unit, D2)."))
                #expect(page.contains("<td>can-bo.d2</td>") && page.contains("Cán bộ đơn vị: Sở Xây dựng (D2)"))
            }
            let user = try #require(try await f.store.user(username: "can-bo.d2"))
            #expect(user.role == .unit && user.unitCode == "D2" && user.createdAt == Fixture.now)
            #expect(Secrets.verifyPassword("mat-khau-moi", hash: user.passwordHash) && !user.passwordHash.contains("mat-khau"))
            let line = try #require(try await f.store.auditLog(limit: 1).first)
            #expect(line.actor == "user:admin" && line.action == "user.create" && line.detail == "can-bo.d2 (unit, D2)")
            // The new user signs in with the password.
            let signIn: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "chiso_csrf=x"]
            try await client.execute(
                uri: "/dang-nhap", method: .post, headers: signIn, body: ByteBuffer(string: "csrf=x&username=can-bo.d2&password=mat-khau-moi")
            ) { response in
                #expect(response.status == .seeOther && (response.headers[.setCookie] ?? "").contains("chiso_session="))
            }
        }
    }

    @Test func aRefusedUserFormSaysWhyAndStoresNothing() async throws {
        let f = try await Fixture()
        let before = try await f.store.auditLog(limit: 100).count
        try await f.app().test(.router) { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("username=c%C3%B3+d%E1%BA%A5u&password=mat-khau-moi&role=office", .badRequest, "Tên đăng nhập chỉ gồm"),
                ("username=ngan&password=ngan&role=office", .badRequest, "Mật khẩu cần ít nhất 8 ký tự"),
                ("username=ngan&password=mat-khau-moi&role=chu-tich", .badRequest, "Vai trò không hợp lệ: chu-tich."),
                ("username=ngan&password=mat-khau-moi&role=unit", .badRequest, "Vai trò cán bộ đơn vị cần mã đơn vị."),
                ("username=ngan&password=mat-khau-moi&role=unit&unit=KHONG", .badRequest, "Không có đơn vị mã KHONG trong danh mục."),
                ("username=office&password=mat-khau-moi&role=office", .conflict, "Tên đăng nhập office đã có."),
            ]
            for (fields, status, message) in cases {
                try await client.execute(uri: "/quan-tri/nguoi-dung", method: .post, headers: Self.form(), body: Self.body(fields)) { response in
                    #expect(response.status == status, "\(fields)")
                    let page = String(buffer: response.body)
                    #expect(page.contains("<p class=\"flash\" role=\"alert\">\(HTML.esc(message))"), "\(fields)")
                    #expect(page.contains("id=\"create-user\""), "the form is shown again")
                }
            }
            // The refused form keeps what was typed, the password excepted.
            try await client.execute(
                uri: "/quan-tri/nguoi-dung", method: .post, headers: Self.form(),
                body: Self.body("username=ngan&password=mat-khau-moi&role=unit&unit=KHONG")
            ) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("name=\"username\" value=\"ngan\"") && page.contains("value=\"KHONG\"") && !page.contains("mat-khau-moi"))
                #expect(page.contains("<option value=\"unit\" selected>"))
            }
        }
        #expect(try await f.store.users().map(\.username) == ["admin", "office", "d1"])
        #expect(try await f.store.auditLog(limit: 100).count == before)
    }

    @Test func aDisabledUserIsSignedOutAndCannotSignInUntilEnabled() async throws {
        let f = try await Fixture()
        let d1 = try #require(try await f.store.user(username: "d1"))
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/don-vi/D1", method: .get, headers: Fixture.cookie("d1")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/quan-tri/nguoi-dung/\(d1.id)/khoa", method: .post, headers: Self.form(), body: Self.body()) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("Đã khóa d1: không đăng nhập được nữa, các phiên đang mở đã kết thúc."))
                #expect(page.contains("Đã khóa từ 10:00 ngày 15/08/2026") && page.contains("/quan-tri/nguoi-dung/\(d1.id)/mo-khoa"))
            }
            // The open session ended: the unit page sends to the sign-in page.
            try await client.execute(uri: "/don-vi/D1", method: .get, headers: Fixture.cookie("d1")) { #expect($0.status == .seeOther) }
            let signIn: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "chiso_csrf=x"]
            let password = ByteBuffer(string: "csrf=x&username=d1&password=mat-khau-d1")
            try await client.execute(uri: "/dang-nhap", method: .post, headers: signIn, body: password) { response in
                #expect(response.status == .forbidden && response.headers[.setCookie]?.contains("chiso_session=") != true)
                #expect(String(buffer: response.body).contains("Tài khoản này đã bị khóa"))
            }
            // A wrong password says nothing of the account.
            try await client.execute(
                uri: "/dang-nhap", method: .post, headers: signIn, body: ByteBuffer(string: "csrf=x&username=d1&password=sai")
            ) { response in
                #expect(response.status == .unauthorized && !String(buffer: response.body).contains("bị khóa"))
            }
            try await client.execute(uri: "/quan-tri/nguoi-dung/\(d1.id)/mo-khoa", method: .post, headers: Self.form(), body: Self.body()) {
                response in
                #expect(String(buffer: response.body).contains("Đã mở khóa d1."))
            }
            try await client.execute(uri: "/dang-nhap", method: .post, headers: signIn, body: password) { #expect($0.status == .seeOther) }
            // An administrator cannot disable their own account, nor an unknown one.
            let me = try #require(try await f.store.user(username: "admin"))
            try await client.execute(uri: "/quan-tri/nguoi-dung/\(me.id)/khoa", method: .post, headers: Self.form(), body: Self.body()) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("Không thể tự khóa tài khoản đang dùng."))
            }
            try await client.execute(uri: "/quan-tri/nguoi-dung/999/khoa", method: .post, headers: Self.form(), body: Self.body()) { response in
                #expect(response.status == .notFound && String(buffer: response.body).contains("Không có người dùng mã 999."))
            }
            try await client.execute(uri: "/quan-tri/nguoi-dung/abc/khoa", method: .post, headers: Self.form(), body: Self.body()) {
                #expect($0.status == .badRequest)
            }
        }
        #expect(try await f.store.user(username: "admin")?.isDisabled == false)
        let actions = try await f.store.auditLog(limit: 3).map { "\($0.actor) \($0.action) \($0.detail)" }
        #expect(
            actions == [
                "user:admin user.enable mở khóa d1", "user:admin user.disable khóa d1; các phiên đăng nhập kết thúc", "cli token.create nguồn igate",
            ])
    }

    @Test func aRoleAndUnitChangeHoldsAtOnce() async throws {
        let f = try await Fixture()
        let d1 = try #require(try await f.store.user(username: "d1"))
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/don-vi/D2", method: .get, headers: Fixture.cookie("d1")) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/quan-tri/nguoi-dung/\(d1.id)/vai-tro", method: .post, headers: Self.form(), body: Self.body("role=unit&unit=D2")
            ) { response in
                #expect(String(buffer: response.body).contains("Đã đổi d1 thành Cán bộ đơn vị D2."))
            }
            try await client.execute(uri: "/don-vi/D2", method: .get, headers: Fixture.cookie("d1")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/don-vi/D1", method: .get, headers: Fixture.cookie("d1")) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/quan-tri/nguoi-dung/\(d1.id)/vai-tro", method: .post, headers: Self.form(), body: Self.body("role=office&unit=D2")
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/don-vi/D1", method: .get, headers: Fixture.cookie("d1")) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/quan-tri/nguoi-dung/\(d1.id)/vai-tro", method: .post, headers: Self.form(), body: Self.body("role=unit&unit=KHONG")
            ) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("Không có đơn vị mã KHONG trong danh mục."))
            }
            let me = try #require(try await f.store.user(username: "admin"))
            try await client.execute(
                uri: "/quan-tri/nguoi-dung/\(me.id)/vai-tro", method: .post, headers: Self.form(), body: Self.body("role=office")
            ) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("Không thể tự đổi vai trò của chính mình."))
            }
        }
        let stored = try #require(try await f.store.user(username: "d1"))
        #expect(stored.role == .office && stored.unitCode == nil)
        #expect(try await f.store.user(username: "admin")?.role == .admin)
        #expect(
            try await f.store.auditLog(AuditFilter(action: "user.update"), before: nil, limit: 10).map(\.detail) == [
                "d1: Cán bộ đơn vị D2 → Văn phòng UBND tỉnh (mọi đơn vị)", "d1: Cán bộ đơn vị D1 → Cán bộ đơn vị D2",
            ])
    }

    @Test func aOneTimeSignInLinkIsShownOnceAndSignsIn() async throws {
        let f = try await Fixture()
        let d1 = try #require(try await f.store.user(username: "d1"))
        try await f.app().test(.router) { client in
            let link = try await client.execute(
                uri: "/quan-tri/nguoi-dung/\(d1.id)/lien-ket", method: .post, headers: Self.form(), body: Self.body()
            ) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("Liên kết đăng nhập dùng một lần cho d1, hết hạn sau 10 phút (chỉ hiện một lần):"))
                let start = try #require(page.range(of: "/dang-nhap/lien-ket?token="))
                return String(page[start.lowerBound...].prefix { $0 != "<" })
            }
            try await client.execute(uri: "/quan-tri/nguoi-dung", method: .get, headers: Fixture.cookie("admin")) { response in
                #expect(!String(buffer: response.body).contains("lien-ket?token="), "shown once")
            }
            try await client.execute(uri: link, method: .get) { response in
                #expect(response.status == .seeOther && (response.headers[.setCookie] ?? "").contains("chiso_session="))
            }
            try await client.execute(uri: link, method: .get) { #expect($0.status == .unauthorized) }
        }
        let actions = try await f.store.auditLog(limit: 2).map { "\($0.actor) \($0.action)" }
        #expect(actions == ["user:d1 login.link", "user:admin login.link.create"])
    }

    @Test func aTokenIsShownOnceListedAndRevoked() async throws {
        let f = try await Fixture()
        let digest = try await f.app().test(.router) { client in
            let token = try await client.execute(
                uri: "/quan-tri/nguon", method: .post, headers: Self.form(), body: Self.body("source=mot-cua.huyen&scope=catalogue")
            ) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("Mã của nguồn mot-cua.huyen, phạm vi Danh mục đơn vị, thủ tục (chỉ hiện một lần):"))
                let start = try #require(page.range(of: "<code class=\"secret\">"))
                return String(page[start.upperBound...].prefix { $0 != "<" })
            }
            #expect(token.count == 64)
            let digest = Secrets.digest(token)
            try await client.execute(uri: "/quan-tri/nguon", method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(!page.contains(token), "shown once")
                #expect(page.contains("<td>mot-cua.huyen</td><td>Danh mục đơn vị, thủ tục</td><td><code>\(digest.prefix(12))</code></td>"))
                #expect(page.contains("/quan-tri/nguon/\(digest)/thu-hoi") && page.contains("chưa gửi"))
            }
            let units: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "text/csv"]
            let csv = ByteBuffer(string: "code,name,kind,parent_code\nD3,Sở Y tế,department,P\n")
            try await client.execute(uri: "/api/v1/dongbo/donvi", method: .post, headers: units, body: csv) { #expect($0.status == .ok) }
            try await client.execute(uri: "/quan-tri/nguon", method: .get, headers: Fixture.cookie("admin")) { response in
                #expect(String(buffer: response.body).contains("<td>10:00 ngày 15/08/2026</td><td>Đang dùng"), "the source's last use")
            }
            try await client.execute(uri: "/quan-tri/nguon/\(digest)/thu-hoi", method: .post, headers: Self.form(), body: Self.body()) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("Đã thu hồi mã \(digest.prefix(12)) của nguồn mot-cua.huyen."))
                #expect(page.contains("Đã thu hồi lúc 10:00 ngày 15/08/2026"))
            }
            try await client.execute(uri: "/api/v1/dongbo/donvi", method: .post, headers: units, body: csv) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/quan-tri/nguon/\(digest)/thu-hoi", method: .post, headers: Self.form(), body: Self.body()) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/quan-tri/nguon/xyz/thu-hoi", method: .post, headers: Self.form(), body: Self.body()) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/quan-tri/nguon", method: .post, headers: Self.form(), body: Self.body("source=c%C3%B3+d%E1%BA%A5u")) {
                #expect($0.status == .badRequest)
            }
            return digest
        }
        let lines = try await f.store.auditLog(AuditFilter(actor: "user:admin"), before: nil, limit: 10).map { "\($0.action) \($0.detail)" }
        #expect(
            lines == [
                "token.revoke nguồn mot-cua.huyen, phạm vi catalogue, mã \(digest.prefix(12))", "token.create nguồn mot-cua.huyen, phạm vi catalogue",
            ])
    }

    @Test func theQuarantineListsFiltersAndGivesEachRecordByteForByte() async throws {
        let f = try await Fixture()
        // A record the reader rejects, with decomposed Vietnamese, a CR LF and a tab between its fields.
        let bad = "{\"MaHoSo\":\"HS-L\u{1ED7}I\",\r\n\t\"GhiChu\":\"Ho\u{0302}\u{0300} so\u{031B}\"}"
        _ = try await f.store.ingest(
            dossiers: IngestBatch(
                records: [], quarantine: [QuarantinedRecord(fileName: "tep.jsonl", recordNumber: 4, line: 9, rawText: "{", reason: "JSON cắt cụt")],
                at: Fixture.now, inputKey: "/du-lieu/tep.jsonl"))
        try await f.app().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dongbo/hoso", method: .post, headers: Fixture.bearer, body: ByteBuffer(string: "[\(Fixture.dossier("HS1")),\(bad)]")
            ) { #expect($0.status == .ok) }
            let http = try #require(try await f.store.quarantine(source: "http:igate", before: nil, limit: 1).first)
            try await client.execute(uri: "/quan-tri/cach-ly", method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("2 bản ghi bị cách ly."))
                #expect(
                    page.contains("<td>http:igate</td>") && page.contains("<td>/du-lieu/tep.jsonl<br>bản ghi 4, dòng 9</td><td>JSON cắt cụt</td>"))
                #expect(page.contains(HTML.esc(http.record.reason)) && page.contains("href=\"/quan-tri/cach-ly/\(http.id)\""))
                #expect(page.contains("<option value=\"http:igate\">http:igate (1)</option>"))
            }
            try await client.execute(uri: "/quan-tri/cach-ly?source=tep.jsonl", method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("1 bản ghi bị cách ly.") && !page.contains("<td>http:igate</td>"))
                #expect(
                    page.contains("<option value=\"tep.jsonl\" selected>")
                        && page.contains("href=\"/quan-tri/cach-ly?source=tep.jsonl&amp;format=csv\""))
            }
            try await client.execute(uri: "/quan-tri/cach-ly/\(http.id)", method: .get, headers: Fixture.cookie("admin")) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == Array(bad.utf8), "the record as it was sent, byte for byte")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"cach-ly-\(http.id).txt\"")
                #expect(response.headers[.contentType] == "application/octet-stream")
            }
            try await client.execute(uri: "/quan-tri/cach-ly?format=csv", method: .get, headers: Fixture.cookie("admin")) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "text/csv; charset=utf-8")
                let bytes = Array(response.body.readableBytesView)
                #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
                let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
                #expect(text.hasPrefix("Mã,Thời điểm nhận,Nguồn,Tệp,Bản ghi số,Dòng,Lý do,Nội dung gốc\r\n"))
                #expect(text.contains(",tep.jsonl,/du-lieu/tep.jsonl,4,9,JSON cắt cụt,{\r\n") && text.contains(",http:igate,http:igate,"))
            }
            try await client.execute(uri: "/quan-tri/cach-ly?source=tep.jsonl&format=csv", method: .get, headers: Fixture.cookie("admin")) {
                response in
                #expect(!String(buffer: response.body).contains("http:igate"))
            }
            try await client.execute(uri: "/quan-tri/cach-ly/999", method: .get, headers: Fixture.cookie("admin")) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/quan-tri/cach-ly/x", method: .get, headers: Fixture.cookie("admin")) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/quan-tri/cach-ly?format=pdf", method: .get, headers: Fixture.cookie("admin")) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func theQuarantineAndTheAuditLogArePaged() async throws {
        let f = try await Fixture()
        let records = (1...(AdminController.pageSize + 5)).map {
            QuarantinedRecord(fileName: "tep.csv", recordNumber: $0, line: $0 + 1, rawText: "dong \($0)", reason: "sai số cột")
        }
        _ = try await f.store.ingest(dossiers: IngestBatch(records: [], quarantine: records, at: Fixture.now))
        for i in 1...AdminController.pageSize + 5 {
            try await f.store.appendAudit(AuditEntry(at: Fixture.now, actor: "user:admin", action: "thu.\(i)", detail: "dòng \(i)"))
        }
        try await f.app().test(.router) { client in
            let next = try await client.execute(uri: "/quan-tri/cach-ly", method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.components(separatedBy: "<tr id=\"q-").count - 1 == AdminController.pageSize)
                #expect(page.contains(">dong 105<") && !page.contains(">dong 5<") && !page.contains("« Mới nhất"))
                let link = try #require(page.range(of: "<a href=\"/quan-tri/cach-ly?before="))
                return String(page[page.index(link.lowerBound, offsetBy: 9)...].prefix { $0 != "\"" })
            }
            try await client.execute(uri: next, method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.components(separatedBy: "<tr id=\"q-").count - 1 == 5)
                #expect(page.contains(">dong 5<") && page.contains("« Mới nhất") && !page.contains("Cũ hơn"))
            }
            let older = try await client.execute(uri: "/quan-tri/nhat-ky?action=thu", method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<td>dòng 105</td>") && !page.contains("<td>dòng 5</td>") && !page.contains("<td>token.create</td>"))
                #expect(page.contains("name=\"action\" value=\"thu\""))
                let link = try #require(page.range(of: "<a href=\"/quan-tri/nhat-ky?action=thu&amp;before="))
                return String(page[page.index(link.lowerBound, offsetBy: 9)...].prefix { $0 != "\"" }).replacing("&amp;", with: "&")
            }
            try await client.execute(uri: older, method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<td>dòng 5</td>") && page.contains("<td>dòng 1</td>") && !page.contains("<td>dòng 6</td>"))
            }
            try await client.execute(uri: "/quan-tri/nhat-ky?actor=cli", method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<td>cli</td><td>token.create</td>") && !page.contains("thu.1"))
            }
            try await client.execute(uri: "/quan-tri/nhat-ky?before=x", method: .get, headers: Fixture.cookie("admin")) {
                #expect($0.status == .badRequest)
            }
        }
    }

    @Test func theImportLogShowsEachFileWithItsCounts() async throws {
        let f = try await Fixture()
        let id = try await f.store.beginImport(file: "/du-lieu/ho-so-thang-7.jsonl", kind: .dossiers, at: Fixture.now)
        let dossier = Dossier(code: "IMP-1", procedureCode: "1.004227", unitCode: "D1", receivedAt: Fixture.now)
        _ = try await f.store.ingest(
            dossiers: IngestBatch(
                records: [Sourced(dossier, origin: RecordOrigin(fileName: "ho-so-thang-7.jsonl"))],
                quarantine: [QuarantinedRecord(fileName: "ho-so-thang-7.jsonl", recordNumber: 2, line: 2, rawText: "{", reason: "r")], importID: id,
                at: Fixture.now))
        try await f.store.finishImport(id, status: .completed, at: Fixture.now.adding(seconds: 90))
        try await f.app().test(.router) { client in
            try await client.execute(uri: "/quan-tri/nhap-du-lieu", method: .get, headers: Fixture.cookie("admin")) { response in
                let page = String(buffer: response.body)
                #expect(
                    page.contains(
                        "<td>\(id)</td><td>/du-lieu/ho-so-thang-7.jsonl</td><td>Hồ sơ</td><td>10:00 ngày 15/08/2026</td><td>10:01 ngày 15/08/2026</td><td>Hoàn tất</td>"
                            + "<td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">1</td>"))
                #expect(page.contains("1 lần"))
            }
        }
    }

    @Test func everyChangeNeedsTheSessionsCSRFTokenAndAnAdministrator() async throws {
        let f = try await Fixture()
        let d1 = try #require(try await f.store.user(username: "d1"))
        let digest = Secrets.digest(Fixture.token)
        let actions: [(String, String)] = [
            ("/quan-tri/nguoi-dung", "username=moi&password=mat-khau-moi&role=office"),
            ("/quan-tri/nguoi-dung/\(d1.id)/vai-tro", "role=office"),
            ("/quan-tri/nguoi-dung/\(d1.id)/khoa", ""),
            ("/quan-tri/nguoi-dung/\(d1.id)/mo-khoa", ""),
            ("/quan-tri/nguoi-dung/\(d1.id)/lien-ket", ""),
            ("/quan-tri/nguon", "source=moi"),
            ("/quan-tri/nguon/\(digest)/thu-hoi", ""),
        ]
        let before = try await f.store.auditLog(limit: 100)
        try await f.app().test(.router) { client in
            for (path, fields) in actions {
                for csrf in [nil, "sai", "csrf-office"] as [String?] {
                    let body = ByteBuffer(
                        string: [csrf.map { "csrf=\($0)" }, fields.isEmpty ? nil : fields].compactMap { $0 }.joined(separator: "&"))
                    try await client.execute(uri: path, method: .post, headers: Self.form(), body: body) { response in
                        #expect(response.status == .forbidden, "\(path) csrf \(csrf ?? "-")")
                        #expect(String(buffer: response.body).contains("Mã CSRF của biểu mẫu không hợp lệ"))
                    }
                }
                try await client.execute(uri: path, method: .post, headers: Self.form("office"), body: Self.body(fields, csrf: "csrf-office")) {
                    response in
                    #expect(response.status == .forbidden && String(buffer: response.body).contains("Chỉ quản trị viên được thay đổi cấu hình."))
                }
                var visitor = Self.form()
                visitor[.cookie] = nil
                try await client.execute(uri: path, method: .post, headers: visitor, body: Self.body(fields)) { response in
                    #expect(response.status == .seeOther && response.headers[.location] == "/dang-nhap?next=%2Fquan-tri")
                }
            }
        }
        #expect(try await f.store.auditLog(limit: 100) == before)
        #expect(try await f.store.users().map(\.username) == ["admin", "office", "d1"])
        #expect(try await f.store.user(username: "d1") == d1)
        #expect(try await f.store.sourceToken(digest: digest) != nil)
    }

    /// Real answers of the administration's routes against the statuses and media types the OpenAPI document
    /// declares for them.
    @Test func realAnswersAreDocumented() async throws {
        let f = try await Fixture()
        let d1 = try #require(try await f.store.user(username: "d1"))
        _ = try await f.store.ingest(
            dossiers: IngestBatch(
                records: [], quarantine: [QuarantinedRecord(fileName: "t.jsonl", recordNumber: 1, line: 1, rawText: "{", reason: "r")],
                at: Fixture.now))
        let id = try #require(try await f.store.quarantine(source: nil, before: nil, limit: 1).first?.id)
        let admin = Fixture.cookie("admin"), office = Fixture.cookie("office")
        typealias Call = (method: HTTPRequest.Method, uri: String, headers: HTTPFields, body: String?)
        var calls: [Call] = []
        for page in Self.pages + ["/quan-tri/cach-ly/\(id)", "/quan-tri/cach-ly?format=csv"] {
            calls += [(.get, page, admin, nil), (.get, page, office, nil), (.get, page, [:], nil)]
        }
        calls += [
            (.get, "/quan-tri/cach-ly/999", admin, nil), (.get, "/quan-tri/cach-ly/x", admin, nil), (.get, "/quan-tri/nhat-ky?before=x", admin, nil),
            (.post, "/quan-tri/nguoi-dung", Self.form(), "csrf=csrf-admin&username=moi&password=mat-khau-moi&role=office"),
            (.post, "/quan-tri/nguoi-dung", Self.form(), "csrf=csrf-admin&username=moi&password=mat-khau-moi&role=office"),
            (.post, "/quan-tri/nguoi-dung", Self.form(), "csrf=csrf-admin&username=x"),
            (.post, "/quan-tri/nguoi-dung/\(d1.id)/vai-tro", Self.form(), "csrf=csrf-admin&role=unit&unit=D2"),
            (.post, "/quan-tri/nguoi-dung/999/vai-tro", Self.form(), "csrf=csrf-admin&role=office"),
            (.post, "/quan-tri/nguoi-dung/\(d1.id)/lien-ket", Self.form(), "csrf=csrf-admin"),
            (.post, "/quan-tri/nguoi-dung/\(d1.id)/khoa", Self.form(), "csrf=csrf-admin"),
            (.post, "/quan-tri/nguoi-dung/\(d1.id)/mo-khoa", Self.form(), "csrf=csrf-admin"),
            (.post, "/quan-tri/nguoi-dung/\(d1.id)/khoa", Self.form(), "csrf=sai"),
            (.post, "/quan-tri/nguoi-dung/\(d1.id)/khoa", Self.form("office"), "csrf=csrf-office"),
            (.post, "/quan-tri/nguoi-dung/\(d1.id)/khoa", [.contentType: "application/x-www-form-urlencoded"], "csrf=x"),
            (.post, "/quan-tri/nguon", Self.form(), "csrf=csrf-admin&source=moi"),
            (.post, "/quan-tri/nguon", Self.form(), "csrf=csrf-admin&source="),
            (.post, "/quan-tri/nguon/\(Secrets.digest(Fixture.token))/thu-hoi", Self.form(), "csrf=csrf-admin"),
            (.post, "/quan-tri/nguon/\(Secrets.digest(Fixture.token))/thu-hoi", Self.form(), "csrf=csrf-admin"),
            (.post, "/quan-tri/nguon/x/thu-hoi", Self.form(), "csrf=csrf-admin"),
            (.delete, "/quan-tri/nguon", admin, nil),
        ]
        try await f.app().test(.router) { [calls] client in
            let doc = try JSONAny.parse(try await client.execute(uri: "/openapi.json", method: .get).body)
            for call in calls {
                let response = try await client.execute(
                    uri: call.uri, method: call.method, headers: call.headers, body: call.body.map { ByteBuffer(string: $0) })
                let label = "\(call.method) \(call.uri) → \(response.status.code)"
                let path = String(call.uri.prefix { $0 != "?" })
                let route = try #require(
                    AdminController.routes.first { Self.matches($0.path, path) && ($0.method == call.method || call.method == .delete) },
                    "\(label): no documented route")
                let operation = try #require(doc["paths"]?[route.path]?[call.method == .delete ? "get" : call.method.rawValue.lowercased()])
                let answer = try #require(operation["responses"]?[String(response.status.code)], "\(label): status not documented")
                guard case .object(let content)? = answer["content"] else {
                    #expect(response.body.readableBytes == 0, "\(label): a body that is not documented")
                    continue
                }
                let media = String((response.headers[.contentType] ?? "").prefix { $0 != ";" })
                #expect(content[media]?["schema"] != nil, "\(label): media type \(media) not documented")
            }
        }
    }

    static func matches(_ template: String, _ path: String) -> Bool {
        let a = template.split(separator: "/"), b = path.split(separator: "/")
        return a.count == b.count && zip(a, b).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}
