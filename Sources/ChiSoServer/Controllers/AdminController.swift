import ChiSoCore
import ChiSoReport
import ChiSoStore
import Foundation
import Hummingbird

/// Administration on the web (issue 11 part 6): users, source tokens, the quarantine, the import log and the audit
/// log, at `/quan-tri` and its sub-pages.
///
/// For administrators only: a visitor is sent to the sign-in page, another role gets a 403 page. Every change is a
/// form carrying the session's CSRF token, and is audited by the store in the transaction that makes it. The pages
/// are the `admin-*` templates inside the layout.
struct AdminController {
    let store: any ServerStore
    let index: IndexService
    let configuration: ChiSoConfiguration

    /// Rows per page of the audit log and the quarantine.
    static let pageSize = 100
    /// How long a one-time sign-in link made here stays valid (as `chiso user link`'s).
    static let linkSeconds: Int64 = 600
    /// Import log entries shown, newest first.
    static let importRows = 500

    static let routes: [RouteSpec] = {
        let toSignIn = RouteAnswer.seeOther("Chưa đăng nhập: tới trang đăng nhập")
        let adminsOnly = RouteAnswer.page(.forbidden, "Chỉ dành cho quản trị viên")
        let refused = RouteAnswer.page(.forbidden, "Chỉ dành cho quản trị viên, hoặc mã CSRF không hợp lệ")
        let tooLarge = RouteAnswer(413, "Biểu mẫu vượt quá kích thước cho phép")
        let invalid = RouteAnswer.page(.badRequest, "Dữ liệu biểu mẫu không hợp lệ: trang nêu lý do và hiện lại biểu mẫu")
        let html = RouteAnswer.ok(OpenAPISchema.html, media: "text/html")
        let csrf = ("csrf", OpenAPISchema.string)
        let text = OpenAPISchema.string
        func page(_ path: String, _ summary: String, query: [String] = [], answers: [RouteAnswer] = []) -> RouteSpec {
            RouteSpec(
                .get, path, summary, tag: "admin", auth: .session, query: query, produces: "text/html", answers: answers + [toSignIn, adminsOnly])
        }
        func action(_ path: String, _ summary: String, fields: [(String, JSON)] = [], optional: Set<String> = [], answers: [RouteAnswer])
            -> RouteSpec
        {
            RouteSpec(
                .post, path, summary, tag: "admin", auth: .session, body: "application/x-www-form-urlencoded",
                bodySchema: OpenAPISchema.object([csrf] + fields, optional: optional), produces: "text/html",
                answers: [html] + answers + [toSignIn, refused, tooLarge])
        }
        let noUser = RouteAnswer.page(.notFound, "Không có người dùng này")
        return [
            page("/quan-tri", "Quản trị: số người dùng, mã nguồn, bản ghi cách ly, lần nhập gần nhất và các thay đổi gần đây"),
            page("/quan-tri/nguoi-dung", "Quản trị: danh sách người dùng, tạo người dùng"),
            action(
                "/quan-tri/nguoi-dung", "Tạo người dùng với vai trò và đơn vị",
                fields: [
                    ("username", text), ("password", text), ("role", OpenAPISchema.enumeration(ServerRole.allCases.map(\.rawValue))), ("unit", text),
                ],
                optional: ["unit"], answers: [invalid, .page(.conflict, "Tên đăng nhập đã có")]),
            action(
                "/quan-tri/nguoi-dung/{id}/vai-tro", "Đổi vai trò và đơn vị của người dùng",
                fields: [("role", OpenAPISchema.enumeration(ServerRole.allCases.map(\.rawValue))), ("unit", text)], optional: ["unit"],
                answers: [invalid, noUser]),
            action(
                "/quan-tri/nguoi-dung/{id}/khoa", "Khóa người dùng: không đăng nhập được nữa, các phiên đang mở kết thúc",
                answers: [invalid, noUser]),
            action("/quan-tri/nguoi-dung/{id}/mo-khoa", "Mở khóa người dùng", answers: [invalid, noUser]),
            action(
                "/quan-tri/nguoi-dung/{id}/lien-ket", "Tạo liên kết đăng nhập dùng một lần (như chiso user link), hiện một lần",
                answers: [invalid, noUser]),
            page("/quan-tri/nguon", "Quản trị: mã xác thực của các nguồn dữ liệu (nguồn, phạm vi, ngày tạo, lần gửi gần nhất, thu hồi)"),
            action(
                "/quan-tri/nguon", "Tạo mã xác thực cho một nguồn dữ liệu (hiện một lần)",
                fields: [("source", text), ("scope", OpenAPISchema.enumeration(SourceScope.allCases.map(\.rawValue)))], optional: ["scope"],
                answers: [invalid]),
            action(
                "/quan-tri/nguon/{digest}/thu-hoi", "Thu hồi mã xác thực của một nguồn (theo mã băm SHA-256 của nó)",
                answers: [invalid, .page(.notFound, "Không có mã đang dùng với mã băm này")]),
            page(
                "/quan-tri/cach-ly", "Quản trị: bản ghi bị cách ly (lý do, nguồn, tệp và vị trí, thời điểm nhận), lọc theo nguồn; tải danh sách CSV",
                query: ["source", "before", "format"],
                answers: [
                    RouteAnswer(
                        200, "Trang HTML, hoặc danh sách CSV (UTF-8, có BOM) khi format=csv", [("text/html", OpenAPISchema.html), ("text/csv", text)]),
                    .page(.badRequest, "Tham số không hợp lệ (before, format)"),
                ]),
            page(
                "/quan-tri/cach-ly/{id}", "Tải nguyên văn một bản ghi bị cách ly, đúng từng byte như đã lưu",
                answers: [
                    RouteAnswer(
                        200, "Nội dung gốc của bản ghi",
                        [("application/octet-stream", .object([("type", .string("string")), ("format", .string("binary"))]))]),
                    .page(.badRequest, "Mã bản ghi không hợp lệ"), .page(.notFound, "Không có bản ghi cách ly này"),
                ]),
            page("/quan-tri/nhap-du-lieu", "Quản trị: nhật ký các lần nhập tệp (số bản ghi theo kết quả, thời điểm, trạng thái)"),
            page(
                "/quan-tri/nhat-ky", "Quản trị: nhật ký thay đổi, từng trang, lọc theo người thực hiện và thao tác",
                query: ["actor", "action", "before"],
                answers: [.page(.badRequest, "Tham số không hợp lệ (before)")]),
        ]
    }()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/quan-tri") { request, context in try await page(request, context) { session in try await home(session) } }
        router.get("/quan-tri/nguoi-dung") { request, context in
            try await page(request, context) { session in try await usersPage(session, flash: nil) }
        }
        router.post("/quan-tri/nguoi-dung") { request, context in
            try await change(request, context) { session, form in try await createUser(session, form) }
        }
        router.post("/quan-tri/nguoi-dung/{id}/vai-tro") { request, context in
            try await change(request, context) { session, form in try await updateUser(session, try userID(context), form) }
        }
        router.post("/quan-tri/nguoi-dung/{id}/khoa") { request, context in
            try await change(request, context) { session, _ in try await setDisabled(session, try userID(context), true) }
        }
        router.post("/quan-tri/nguoi-dung/{id}/mo-khoa") { request, context in
            try await change(request, context) { session, _ in try await setDisabled(session, try userID(context), false) }
        }
        router.post("/quan-tri/nguoi-dung/{id}/lien-ket") { request, context in
            try await change(request, context) { session, _ in try await signInLink(session, try userID(context), request) }
        }
        router.get("/quan-tri/nguon") { request, context in
            try await page(request, context) { session in try await tokensPage(session, flash: nil) }
        }
        router.post("/quan-tri/nguon") { request, context in
            try await change(request, context) { session, form in try await createToken(session, form) }
        }
        router.post("/quan-tri/nguon/{digest}/thu-hoi") { request, context in
            try await change(request, context) { session, _ in try await revokeToken(session, try context.parameters.require("digest")) }
        }
        router.get("/quan-tri/cach-ly") { request, context in
            try await page(request, context) { session in try await quarantinePage(session, request) }
        }
        router.get("/quan-tri/cach-ly/{id}") { request, context in
            try await page(request, context) { _ in try await quarantineRecord(try Self.id(context.parameters.require("id"), "bản ghi cách ly")) }
        }
        router.get("/quan-tri/nhap-du-lieu") { request, context in try await page(request, context) { session in try await importsPage(session) } }
        router.get("/quan-tri/nhat-ky") { request, context in try await page(request, context) { session in try await auditPage(session, request) } }
    }

    // MARK: Access

    /// A page for administrators: visitors go to the sign-in page and come back, other roles get a 403 page.
    private func page(
        _ request: Request, _ context: AppRequestContext, _ body: (ServerSession) async throws -> Response
    ) async throws -> Response {
        guard let session = context.session else {
            let query = request.uri.query.map { $0.isEmpty ? "" : "?" + $0 } ?? ""
            return Self.redirect("/dang-nhap?next=" + HTML.query(request.uri.path + query))
        }
        guard session.user.role == .admin else { return Self.forbidden(session, "Chỉ quản trị viên được vào trang này.") }
        return try await body(session)
    }

    /// A change by an administrator: the form is read and its CSRF token checked before `body` runs. A visitor is
    /// sent to the sign-in page, coming back to the administration's first page.
    private func change(
        _ request: Request, _ context: AppRequestContext, _ body: (ServerSession, [String: String]) async throws -> Response
    ) async throws -> Response {
        guard let session = context.session else { return Self.redirect("/dang-nhap?next=" + HTML.query("/quan-tri")) }
        guard session.user.role == .admin else { return Self.forbidden(session, "Chỉ quản trị viên được thay đổi cấu hình.") }
        let form = try await Form.read(request)
        guard let sent = form["csrf"], Secrets.constantTimeEqual(sent, session.csrfToken) else {
            return Self.forbidden(session, "Mã CSRF của biểu mẫu không hợp lệ; hãy tải lại trang rồi thử lại.")
        }
        return try await body(session, form)
    }

    private static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    private static func forbidden(_ session: ServerSession, _ text: String) -> Response {
        let view = ErrorPageMiddleware.ErrorView(
            title: "Không có quyền truy cập", message: text, back: ErrorPageMiddleware.Link(path: "/", text: "Về trang tổng quan"))
        return .html(
            HTML.page(
                title: "Không có quyền", user: session.user.username, csrf: session.csrfToken, body: Templates.shipped.render(view, "error"),
                admin: session.user.role == .admin),
            status: .forbidden)
    }

    /// A page of the administration: its template's view inside the layout.
    private func render(_ session: ServerSession, _ title: String, _ template: String, _ view: Any, status: HTTPResponse.Status = .ok) -> Response {
        .html(
            HTML.page(
                title: title, user: session.user.username, csrf: session.csrfToken, body: Templates.shipped.render(view, template), admin: true),
            status: status)
    }

    private func audit(_ session: ServerSession, _ action: String, _ detail: String) -> AuditEntry {
        AuditEntry(at: index.now, actor: "user:\(session.user.username)", action: action, detail: detail)
    }

    /// A numeric id from the path; 400 otherwise.
    private static func id(_ text: String, _ what: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else {
            throw HTTPError(.badRequest, message: "Mã \(what) không hợp lệ: \(text) (cần một số nguyên dương).")
        }
        return id
    }

    private func userID(_ context: AppRequestContext) throws -> Int64 {
        try Self.id(context.parameters.require("id"), "người dùng")
    }

    // MARK: Home

    private func home(_ session: ServerSession) async throws -> Response {
        let users = try await store.users()
        let tokens = try await store.sourceTokens()
        let quarantined = try await store.quarantineSources().reduce(0) { $0 + $1.count }
        let lastImport = try await store.importLog().last
        let view = AdminHomeView(
            csrf: session.csrfToken, activeUsers: users.count { !$0.isDisabled }, users: users.count,
            validTokens: tokens.count { $0.revokedAt == nil }, quarantined: quarantined,
            lastImport: lastImport.map { "\($0.startedAt.vietnamese) — \($0.file)" } ?? "chưa có",
            entries: try await store.auditLog(limit: 20).map(AuditRow.init))
        return render(session, "Quản trị", "admin-home", view)
    }

    // MARK: Users

    private func usersPage(_ session: ServerSession, flash: Flash?, status: HTTPResponse.Status = .ok, draft: UserDraft = UserDraft()) async throws
        -> Response
    {
        let catalogue = try await index.currentCatalogue()
        let users = try await store.users().map { UserRow($0, catalogue: catalogue, me: session.user.id) }
        let view = AdminUsersView(
            csrf: session.csrfToken, flash: flash, users: users, units: catalogue.units.map { UnitOption(code: $0.code, name: $0.name) },
            draft: draft, roles: RoleOption.all(selected: draft.role))
        return render(session, "Người dùng", "admin-users", view, status: status)
    }

    /// A form's value that cannot be used, with the reason shown above the form.
    struct FormProblem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// The role named in a form.
    private static func role(_ form: [String: String]) throws(FormProblem) -> ServerRole {
        guard let role = ServerRole(rawValue: form["role"] ?? "") else { throw FormProblem("Vai trò không hợp lệ: \(form["role"] ?? "").") }
        return role
    }

    /// The unit of a role: required and in the catalogue for a unit officer, none for the other roles.
    private func unit(for role: ServerRole, _ form: [String: String]) async throws -> String? {
        guard role == .unit else { return nil }
        let code = (form["unit"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else { throw FormProblem("Vai trò cán bộ đơn vị cần mã đơn vị.") }
        guard try await index.currentCatalogue().unit(code) != nil else { throw FormProblem("Không có đơn vị mã \(code) trong danh mục.") }
        return code
    }

    private func createUser(_ session: ServerSession, _ form: [String: String]) async throws -> Response {
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        let draft = UserDraft(username: username, role: form["role"] ?? "", unit: form["unit"] ?? "")
        let user: ServerUser
        do {
            guard Self.isName(username) else {
                throw FormProblem("Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và các dấu . _ @ - (1 đến 64 ký tự).")
            }
            guard password.count >= 8, password.utf8.count <= 72 else { throw FormProblem("Mật khẩu cần ít nhất 8 ký tự và không quá 72 byte.") }
            let role = try Self.role(form)
            user = ServerUser(username: username, passwordHash: "", role: role, unitCode: try await unit(for: role, form), createdAt: index.now)
        } catch let problem as FormProblem {
            return try await usersPage(session, flash: .error(problem.message), status: .badRequest, draft: draft)
        }
        let taken = Flash.error("Tên đăng nhập \(username) đã có.")
        guard try await store.user(username: username) == nil else {
            return try await usersPage(session, flash: taken, status: .conflict, draft: draft)
        }
        var stored = user
        stored.passwordHash = Secrets.hashPassword(password, cost: configuration.bcryptCost)
        do {
            _ = try await store.createUser(stored, audit: audit(session, "user.create", Self.describe(user)))
        } catch {
            // Taken by someone else between the check and the insert.
            guard error.isConstraintViolation else { throw error }
            return try await usersPage(session, flash: taken, status: .conflict, draft: draft)
        }
        return try await usersPage(session, flash: .done("Đã tạo người dùng \(Self.describe(user))."))
    }

    private func updateUser(_ session: ServerSession, _ id: Int64, _ form: [String: String]) async throws -> Response {
        guard let user = try await store.user(id: id) else { throw HTTPError(.notFound, message: "Không có người dùng mã \(id).") }
        guard user.id != session.user.id else {
            return try await usersPage(session, flash: .error("Không thể tự đổi vai trò của chính mình."), status: .badRequest)
        }
        let role: ServerRole
        let unitCode: String?
        do {
            role = try Self.role(form)
            unitCode = try await unit(for: role, form)
        } catch let problem as FormProblem {
            return try await usersPage(session, flash: .error(problem.message), status: .badRequest)
        }
        var changed = user
        changed.role = role
        changed.unitCode = unitCode
        let detail = "\(user.username): \(Self.describeRole(user)) → \(Self.describeRole(changed))"
        guard let stored = try await store.updateUser(id: id, role: role, unitCode: unitCode, audit: audit(session, "user.update", detail)) else {
            throw HTTPError(.notFound, message: "Không có người dùng mã \(id).")
        }
        return try await usersPage(session, flash: .done("Đã đổi \(stored.username) thành \(Self.describeRole(stored))."))
    }

    private func setDisabled(_ session: ServerSession, _ id: Int64, _ disabled: Bool) async throws -> Response {
        guard let user = try await store.user(id: id) else { throw HTTPError(.notFound, message: "Không có người dùng mã \(id).") }
        guard user.id != session.user.id else {
            return try await usersPage(session, flash: .error("Không thể tự khóa tài khoản đang dùng."), status: .badRequest)
        }
        let entry =
            disabled
            ? audit(session, "user.disable", "khóa \(user.username); các phiên đăng nhập kết thúc")
            : audit(session, "user.enable", "mở khóa \(user.username)")
        guard let stored = try await store.setUserDisabled(id: id, disabled, audit: entry) else {
            throw HTTPError(.notFound, message: "Không có người dùng mã \(id).")
        }
        let text =
            disabled
            ? "Đã khóa \(stored.username): không đăng nhập được nữa, các phiên đang mở đã kết thúc." : "Đã mở khóa \(stored.username)."
        return try await usersPage(session, flash: .done(text))
    }

    private func signInLink(_ session: ServerSession, _ id: Int64, _ request: Request) async throws -> Response {
        guard let user = try await store.user(id: id) else { throw HTTPError(.notFound, message: "Không có người dùng mã \(id).") }
        guard !user.isDisabled else {
            return try await usersPage(
                session, flash: .error("\(user.username) đang bị khóa: hãy mở khóa trước khi tạo liên kết."), status: .badRequest)
        }
        let token = Secrets.randomToken()
        try await store.createLoginLink(
            digest: Secrets.digest(token), userID: user.id, expiresAt: index.now.adding(seconds: Self.linkSeconds),
            audit: audit(session, "login.link.create", "liên kết đăng nhập dùng một lần cho \(user.username)"))
        let path = "/dang-nhap/lien-ket?token=\(token)"
        let link = request.head.authority.map { (configuration.secureCookies ? "https://" : "http://") + $0 + path } ?? path
        return try await usersPage(
            session,
            flash: .once("Liên kết đăng nhập dùng một lần cho \(user.username), hết hạn sau \(Self.linkSeconds / 60) phút (chỉ hiện một lần):", link))
    }

    /// A user name: 1 to 64 ASCII letters, digits and `. _ @ -`.
    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) }
    }

    /// `name (role, unit)` as the audit log writes it, as `chiso user create` does.
    static func describe(_ user: ServerUser) -> String {
        "\(user.username) (\(user.role.rawValue)\(user.unitCode.map { ", \($0)" } ?? ""))"
    }

    static func describeRole(_ user: ServerUser) -> String {
        RoleOption.name(user.role) + (user.unitCode.map { " \($0)" } ?? "")
    }

    // MARK: Source tokens

    private func tokensPage(_ session: ServerSession, flash: Flash?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let view = AdminTokensView(
            csrf: session.csrfToken, flash: flash, tokens: try await store.sourceTokens().map(TokenRow.init),
            scopes: SourceScope.allCases.map { ScopeOption(value: $0.rawValue, name: ScopeOption.name($0)) })
        return render(session, "Mã nguồn dữ liệu", "admin-tokens", view, status: status)
    }

    private func createToken(_ session: ServerSession, _ form: [String: String]) async throws -> Response {
        let source = (form["source"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !source.isEmpty, source.count <= 64, source.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            return try await tokensPage(
                session, flash: .error("Tên nguồn chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - (1 đến 64 ký tự)."), status: .badRequest)
        }
        guard let scope = SourceScope(rawValue: form["scope"] ?? SourceScope.dossiers.rawValue) else {
            return try await tokensPage(session, flash: .error("Phạm vi không hợp lệ: \(form["scope"] ?? "")."), status: .badRequest)
        }
        let token = Secrets.randomToken()
        try await store.createSourceToken(
            digest: Secrets.digest(token), source: source, scope: scope,
            audit: audit(session, "token.create", "nguồn \(source), phạm vi \(scope.rawValue)"))
        return try await tokensPage(session, flash: .once("Mã của nguồn \(source), phạm vi \(ScopeOption.name(scope)) (chỉ hiện một lần):", token))
    }

    private func revokeToken(_ session: ServerSession, _ digest: String) async throws -> Response {
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else {
            throw HTTPError(.badRequest, message: "Mã băm không hợp lệ: cần 64 chữ số thập lục phân.")
        }
        guard let token = try await store.sourceTokens().first(where: { $0.digest == digest && $0.revokedAt == nil }) else {
            throw HTTPError(.notFound, message: "Không có mã đang dùng với mã băm \(digest.prefix(12))….")
        }
        let detail = "nguồn \(token.source), phạm vi \(token.scope.rawValue), mã \(TokenRow.shortID(digest))"
        guard try await store.revokeSourceToken(digest: digest, audit: audit(session, "token.revoke", detail)) else {
            throw HTTPError(.notFound, message: "Mã này vừa được thu hồi.")
        }
        return try await tokensPage(session, flash: .done("Đã thu hồi mã \(TokenRow.shortID(digest)) của nguồn \(token.source)."))
    }

    // MARK: Quarantine

    private func quarantinePage(_ session: ServerSession, _ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        let source = parameters.get("source").flatMap { $0.isEmpty ? nil : $0 }
        let before = try parameters.get("before").map { try Self.id($0, "trang") }
        switch parameters.get("format") {
        case nil, "html":
            break
        case "csv":
            let all = try await store.quarantine(source: source, before: nil, limit: nil)
            return try ExportController.file(Self.quarantineTable(all, source: source), format: .csv, name: "cach-ly")
        case let other?:
            throw HTTPError(.badRequest, message: "Định dạng không hợp lệ: \(other) (html hoặc csv).")
        }
        let rows = try await store.quarantine(source: source, before: before, limit: Self.pageSize + 1)
        let shown = Array(rows.prefix(Self.pageSize))
        let sources = try await store.quarantineSources()
        let filter = source.map { "source=\(HTML.query($0))&" } ?? ""
        let view = AdminQuarantineView(
            csrf: session.csrfToken, everySource: source == nil,
            sources: sources.map { SourceOption(name: $0.name, count: $0.count, selected: $0.name == source) },
            total: source.map { s in sources.first { $0.name == s }?.count ?? 0 } ?? sources.reduce(0) { $0 + $1.count },
            records: shown.map(QuarantineRow.init), csv: "/quan-tri/cach-ly?\(filter)format=csv",
            newest: before == nil ? nil : "/quan-tri/cach-ly" + (source.map { "?source=\(HTML.query($0))" } ?? ""),
            older: rows.count > Self.pageSize ? shown.last.map { "/quan-tri/cach-ly?\(filter)before=\($0.id)" } : nil)
        return render(session, "Hồ sơ cách ly", "admin-quarantine", view)
    }

    /// One quarantined record, whole, byte for byte as stored.
    private func quarantineRecord(_ id: Int64) async throws -> Response {
        guard let entry = try await store.quarantineEntry(id: id) else { throw HTTPError(.notFound, message: "Không có bản ghi cách ly mã \(id).") }
        let file = entry.inputKey.lowercased()
        let ext = file.hasSuffix(".csv") ? "csv" : file.hasSuffix(".json") || file.hasSuffix(".jsonl") ? "json" : "txt"
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\"cach-ly-\(id).\(ext)\"",
                .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: entry.record.rawText)))
    }

    /// The quarantine as a table, for CSV: every column of the page, and the raw text whole.
    static func quarantineTable(_ entries: [QuarantineEntry], source: String?) -> ReportTable {
        let header = ["Mã", "Thời điểm nhận", "Nguồn", "Tệp", "Bản ghi số", "Dòng", "Lý do", "Nội dung gốc"]
        let rows = entries.map { e in
            ReportRow([
                ReportCell(.integer(Int(e.id))), ReportCell(.text(e.record.firstSeen?.vietnamese ?? "")), ReportCell(.text(e.record.fileName)),
                ReportCell(.text(e.inputKey)), ReportCell(e.record.recordNumber.map { .integer($0) } ?? .null),
                ReportCell(e.record.line.map { .integer($0) } ?? .null), ReportCell(.text(e.record.reason)), ReportCell(.text(e.record.rawText)),
            ])
        }
        return ReportTable(
            title: "Bản ghi bị cách ly" + (source.map { " — nguồn \($0)" } ?? ""), sheetName: "Cách ly",
            columns: header.map { _ in ReportTableColumn() }, headerRows: [header.map { ReportHeaderCell($0) }], rows: rows)
    }

    // MARK: Import log

    private func importsPage(_ session: ServerSession) async throws -> Response {
        let log = try await store.importLog()
        let view = AdminImportsView(csrf: session.csrfToken, imports: log.suffix(Self.importRows).reversed().map(ImportRow.init), total: log.count)
        return render(session, "Nhật ký nhập dữ liệu", "admin-imports", view)
    }

    // MARK: Audit log

    private func auditPage(_ session: ServerSession, _ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? {
            parameters.get(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let filter = AuditFilter(actor: text("actor"), action: text("action"))
        let before = try parameters.get("before").map { try Self.id($0, "trang") }
        let entries = try await store.auditLog(filter, before: before, limit: Self.pageSize + 1)
        let shown = Array(entries.prefix(Self.pageSize))
        let query = [filter.actor.map { "actor=\(HTML.query($0))" }, filter.action.map { "action=\(HTML.query($0))" }].compactMap { $0 }
        let view = AdminAuditView(
            csrf: session.csrfToken, actor: filter.actor ?? "", action: filter.action ?? "", entries: shown.map(AuditRow.init),
            newest: before == nil ? nil : "/quan-tri/nhat-ky" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")),
            older: entries.count > Self.pageSize
                ? shown.last.map { "/quan-tri/nhat-ky?" + (query + ["before=\($0.id)"]).joined(separator: "&") } : nil)
        return render(session, "Nhật ký thay đổi", "admin-audit", view)
    }
}
