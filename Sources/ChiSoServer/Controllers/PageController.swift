import ChiSoCore
import ChiSoStore
import Foundation
import Hummingbird

/// The Vietnamese pages: overview, unit, procedure drill-down, public page and sign-in.
struct PageController {
    let store: any ServerStore
    let index: IndexService
    let configuration: ChiSoConfiguration
    let limiter: LoginRateLimiter
    let verifier: @Sendable (_ password: String, _ hash: String) -> Bool
    /// A bcrypt hash of a random password at the configured cost: unknown user names are checked against it, so
    /// that they take as long as known ones.
    let dummyHash: String

    init(
        store: any ServerStore, index: IndexService, configuration: ChiSoConfiguration,
        verifier: @escaping @Sendable (_ password: String, _ hash: String) -> Bool = Secrets.verifyPassword
    ) {
        self.store = store
        self.index = index
        self.configuration = configuration
        self.limiter = LoginRateLimiter(attempts: configuration.loginAttempts, windowSeconds: configuration.loginWindowSeconds)
        self.verifier = verifier
        self.dummyHash = Secrets.hashPassword(Secrets.randomToken(), cost: configuration.bcryptCost)
    }

    static let routes: [RouteSpec] = {
        let toSignIn = RouteAnswer.seeOther("Chưa đăng nhập: tới trang đăng nhập")
        let notAllowed = RouteAnswer.page(.forbidden, "Không có quyền xem đơn vị này")
        let tooLarge = RouteAnswer(413, "Biểu mẫu vượt quá kích thước cho phép")
        let csrf = ("csrf", OpenAPISchema.string)
        return [
            RouteSpec(
                .get, "/", "Trang tổng quan của tỉnh", tag: "pages", auth: .session, query: ["period", "level"], produces: "text/html",
                answers: [.seeOther("Chưa đăng nhập: tới trang công khai; cán bộ đơn vị: tới trang của đơn vị"), .badQuery]),
            RouteSpec(
                .get, "/don-vi/{code}", "Trang của một đơn vị, với mục «Cần làm gì để đạt mục tiêu»", tag: "pages", auth: .session,
                query: ["period", "goal", "n"], produces: "text/html",
                answers: [toSignIn, notAllowed, .badQuery, .notFound]),
            RouteSpec(
                .get, "/don-vi/{code}/thu-tuc/{procedure}", "Phân tích một thủ tục tại đơn vị", tag: "pages", auth: .session, query: ["period"],
                produces: "text/html", answers: [toSignIn, notAllowed, .badQuery, .notFound]),
            RouteSpec(
                .get, "/cong-khai", "Trang công khai kết quả các kỳ đã kết thúc", tag: "pages", auth: .none, query: ["period", "level"],
                produces: "text/html", answers: [.badQuery, .page(.forbidden, "Kỳ chưa kết thúc")]),
            RouteSpec(.get, "/dang-nhap", "Trang đăng nhập", tag: "auth", auth: .none, query: ["next"], produces: "text/html"),
            RouteSpec(
                .post, "/dang-nhap", "Đăng nhập (biểu mẫu, có mã CSRF)", tag: "auth", auth: .none, body: "application/x-www-form-urlencoded",
                bodySchema: OpenAPISchema.object(
                    [csrf, ("username", OpenAPISchema.string), ("password", OpenAPISchema.string), ("next", OpenAPISchema.string)],
                    optional: ["next"]),
                produces: "text/html",
                answers: [
                    .seeOther("Đăng nhập thành công: tới trang `next` (chỉ đường dẫn trong trang)"),
                    .page(.unauthorized, "Sai tên đăng nhập hoặc mật khẩu"),
                    .page(.forbidden, "Phiên biểu mẫu (CSRF) hết hạn, hoặc tài khoản đã bị khóa"),
                    .page(.tooManyRequests, "Đăng nhập sai quá nhiều lần"), tooLarge,
                ], succeeds: false),
            RouteSpec(
                .get, "/dang-nhap/lien-ket", "Đăng nhập bằng liên kết dùng một lần (chiso user link)", tag: "auth", auth: .none,
                query: ["token", "next"], produces: "text/html",
                answers: [.seeOther("Đăng nhập thành công"), .page(.unauthorized, "Liên kết không hợp lệ hoặc đã dùng")], succeeds: false),
            RouteSpec(
                .post, "/dang-xuat", "Đăng xuất", tag: "auth", auth: .session, body: "application/x-www-form-urlencoded",
                bodySchema: OpenAPISchema.object([csrf]), produces: "text/html",
                answers: [.seeOther("Đã đăng xuất: tới trang công khai"), .page(.forbidden, "Mã CSRF không hợp lệ"), tooLarge], succeeds: false),
            RouteSpec(.get, "/static/live.js", "Mã cập nhật trực tiếp của trang", tag: "pages", auth: .none, produces: "text/javascript"),
        ]
    }()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { request, context in try await overview(request, context) }
        router.get("/don-vi/{code}") { request, context in try await unitPage(request, context) }
        router.get("/don-vi/{code}/thu-tuc/{procedure}") { request, context in try await procedurePage(request, context) }
        router.get("/cong-khai") { request, context in try await publicPage(request, context) }
        router.get("/dang-nhap") { request, context in loginPage(request, context, message: nil) }
        router.post("/dang-nhap") { request, context in try await login(request, context) }
        router.get("/dang-nhap/lien-ket") { request, context in try await loginLink(request, context) }
        router.post("/dang-xuat") { request, context in try await logout(request, context) }
        router.get("/static/live.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=300"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: LiveScript.text)))
        }
    }

    // MARK: Helpers

    private func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    private func signedIn(_ request: Request, _ context: AppRequestContext) async throws -> (ServerSession, Access)? {
        guard let session = context.session else { return nil }
        return (session, Access(session: session, catalogue: try await index.currentCatalogue()))
    }

    /// To the sign-in page, coming back afterwards to the whole address asked for, its query included.
    private func loginRedirect(_ request: Request) -> Response {
        let query = request.uri.query.map { $0.isEmpty ? "" : "?" + $0 } ?? ""
        return redirect("/dang-nhap?next=" + HTML.query(request.uri.path + query))
    }

    private func periodChoices() -> [Period] {
        let open = index.openPeriod
        return [open] + PublicPeriods.list(now: index.now)
    }

    /// The page shown instead of figures for a period that is not scored (DOMAIN §4a D11), with the period
    /// selector so that another period can be chosen.
    private func refused(_ refusal: PeriodRefusal, session: ServerSession?, action: String, periods: [Period], level: String?) -> Response {
        .html(
            HTML.page(
                title: "Không có số liệu", user: session?.user.username, csrf: session?.csrfToken,
                body: "<h2>Không có số liệu \(HTML.esc(refusal.period.vietnameseName))</h2>"
                    + HTML.selector(action: action, periods: periods, selected: refusal.period, level: level)
                    + "<p class=\"refused\">\(HTML.esc(refusal.description))</p>", admin: session?.user.role == .admin),
            status: .unprocessableContent)
    }

    private func forbidden(_ session: ServerSession?, _ text: String) -> Response {
        .html(
            HTML.page(
                title: "Không có quyền", user: session?.user.username, csrf: session?.csrfToken,
                body: "<h2>Không có quyền truy cập</h2><p>\(HTML.esc(text))</p>", admin: session?.user.role == .admin),
            status: .forbidden)
    }

    // MARK: Overview

    private func overview(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (session, access) = try await signedIn(request, context) else { return redirect("/cong-khai") }
        if access.isUnitOfficer, let own = session.user.unitCode { return redirect("/don-vi/" + HTML.query(own)) }
        let period = try PeriodQuery.period(request, default: index.openPeriod)
        let levelText = request.uri.queryParameters.get("level") ?? "all"
        let levels = try PeriodQuery.levels(request)
        // The page's body is the same for everyone who may see it: rendered once per change of the figures.
        let version = await index.dataVersion
        let key = "overview|\(period)|\(levelText)"
        let body: String
        if let cached = await index.renderedText(key, version: version) {
            body = cached
        } else {
            do {
                body = try await overviewBody(period: period, levelText: levelText, levels: levels)
            } catch let refusal as PeriodRefusal {
                return refused(refusal, session: session, action: "/", periods: periodChoices(), level: levelText)
            }
            await index.keepRendered(body, key: key, version: version)
        }
        return .html(
            HTML.page(
                title: "Tổng quan", user: session.user.username, csrf: session.csrfToken, body: body, script: !index.isClosed(period),
                admin: session.user.role == .admin))
    }

    private func overviewBody(period: Period, levelText: String, levels: Set<ChiSoCore.Unit.Kind>?) async throws -> String {
        let board = try await index.scoreboard(period)
        var body = "<h2>Tổng quan \(HTML.esc(period.vietnameseName))</h2>"
        body += HTML.selector(action: "/", periods: periodChoices(), selected: period, level: levelText)
        body +=
            "<p class=\"muted\">Số liệu tính đến \(HTML.esc(board.asOf.vietnamese))\(index.isClosed(period) ? "" : " — kỳ đang mở, cập nhật trực tiếp") · phương pháp \(HTML.esc(board.methodology.name))</p>"
        body += try await summary(board: board)
        // Trend of the province (or the average of all units) over twelve months.
        var labels: [String] = []
        var values: [Double?] = []
        for p in PublicPeriods.trend(now: index.now) {
            labels.append(String(format: "%02d/%d", p.start.month, p.start.year % 100))
            do {
                values.append(Self.provinceTotal(try await index.scoreboard(p)))
            } catch is PeriodRefusal {
                values.append(nil)  // a month with no data is a gap in the line, not a zero
            }
        }
        let radarSource = Self.provinceEntry(board)
        body +=
            "<div class=\"charts\"><figure>"
            + Charts.line(
                id: "chart-trend",
                title: Self.provinceEntry(board) == nil ? "Điểm bình quân các đơn vị, 12 tháng gần nhất" : "Tổng điểm của tỉnh, 12 tháng gần nhất",
                labels: labels, values: values) + "</figure>"
        if let e = radarSource {
            body +=
                "<figure>"
                + Charts.radar(id: "chart-radar", title: "Sáu nhóm chỉ số (% điểm tối đa)", axes: e.score.groups.map { ($0.name, $0.rate ?? 0) })
                + "</figure>"
        }
        body += "</div>"
        for kind in ChiSoCore.Unit.Kind.allCases where levels?.contains(kind) ?? true {
            let entries = board.entries.filter { $0.unit.kind == kind }
            guard !entries.isEmpty else { continue }
            body += rankingTable(board: board, entries: entries, kind: kind, links: true, period: period)
            if entries.count > 1 {
                body +=
                    "<figure>"
                    + Charts.bars(
                        id: "chart-bars-\(kind.rawValue)", title: "Tổng điểm — \(kind.levelName)",
                        items: entries.prefix(40).map { ($0.unit.name, $0.score.total, 100) }) + "</figure>"
            }
        }
        // The official documents of the period, as `chiso report` writes them (unit officers never see the overview).
        let q = "period=\(HTML.esc(period.description))"
        let links = [
            ("monthly-notice", "Thông báo tháng"), ("quarterly-comparison", "So sánh cùng kỳ"), ("targets", "Báo cáo chỉ tiêu giao"),
            ("classification", "Thông báo xếp loại"),
        ]
        .map { type, name in
            "<li>\(name): <a href=\"/api/v1/documents/\(type)?\(q)&amp;format=docx\">Word</a> · "
                + "<a href=\"/api/v1/documents/\(type)?\(q)&amp;format=xlsx\">Excel</a> · "
                + "<a href=\"/api/v1/documents/\(type)?\(q)&amp;format=html\">HTML</a></li>"
        }
        body += "<h2>Văn bản</h2><ul id=\"documents\">\(links.joined())</ul>"
        let missing = board.missingTargets
        body += "<h2>Đơn vị chưa đạt hoặc chưa được giao chỉ tiêu</h2>"
        let unmet = board.entries.filter { $0.targets.contains { $0.met == false } }
        if unmet.isEmpty && missing.isEmpty {
            body += "<p>Mọi đơn vị đều đạt chỉ tiêu được giao.</p>"
        } else {
            body += "<table id=\"targets\"><thead><tr><th>Đơn vị</th><th>Chỉ tiêu chưa đạt</th></tr></thead><tbody>"
            for e in unmet {
                let names = e.targets.filter { $0.met == false }.map { t in
                    "\(board.methodology.rule(for: t.target.indicator)?.name ?? t.target.indicator.rawValue): \(HTML.number(t.actual))% / \(HTML.number(t.target.percent))%"
                }
                body +=
                    "<tr><td><a href=\"/don-vi/\(HTML.query(e.unit.code))?period=\(period)\">\(HTML.esc(e.unit.name))</a></td><td>\(HTML.esc(names.joined(separator: "; ")))</td></tr>"
            }
            body += "</tbody></table>"
            if !missing.isEmpty {
                body +=
                    "<p class=\"muted\">Chưa được giao chỉ tiêu: \(HTML.esc(missing.prefix(30).map(\.unit.name).joined(separator: "; ")))\(missing.count > 30 ? "…" : "").</p>"
            }
        }
        return body
    }

    static func provinceEntry(_ board: Scoreboard) -> Scoreboard.Entry? {
        board.entries.first { $0.unit.kind == .province }
    }

    /// The province unit's total, or the mean total of the units with dossiers.
    static func provinceTotal(_ board: Scoreboard) -> Double? {
        if let e = provinceEntry(board), !e.figures.hasNoDossiers { return e.score.total }
        let with = board.entries.filter { !$0.figures.hasNoDossiers }
        guard !with.isEmpty else { return nil }
        return with.map(\.score.total).reduce(0, +) / Double(with.count)
    }

    private func summary(board: Scoreboard) async throws -> String {
        var out = "<section class=\"cards\" aria-label=\"Các nhóm chỉ số\">"
        if let e = Self.provinceEntry(board) {
            out +=
                "<div class=\"card\"><div>Tổng điểm \(HTML.esc(e.unit.name))</div><b data-unit-total=\"\(HTML.esc(e.unit.code))\">\(HTML.points(e.score.total))</b> / 100<div>\(HTML.esc(e.score.classificationLabel))</div></div>"
            for g in e.score.groups {
                out += "<div class=\"card\"><div>\(HTML.esc(g.name))</div><b>\(HTML.points(g.points))</b> / \(HTML.number(g.max))</div>"
            }
        } else if let mean = Self.provinceTotal(board) {
            out +=
                "<div class=\"card\"><div>Điểm bình quân các đơn vị</div><b>\(HTML.number(mean))</b>/100<div>\(HTML.esc(board.methodology.classification(of: mean).name))</div></div>"
            for (i, g) in board.methodology.groups.enumerated() {
                let with = board.entries.filter { !$0.figures.hasNoDossiers }
                let avg = with.isEmpty ? 0 : with.map { $0.score.groups[i].points }.reduce(0, +) / Double(with.count)
                out += "<div class=\"card\"><div>\(HTML.esc(g.name))</div><b>\(HTML.number(avg))</b> / \(HTML.number(g.max))</div>"
            }
        }
        return out + "</section>"
    }

    private func rankingTable(board: Scoreboard, entries: [Scoreboard.Entry], kind: ChiSoCore.Unit.Kind, links: Bool, period: Period) -> String {
        var out =
            "<h2>Xếp hạng — \(HTML.esc(kind.levelName))</h2><table class=\"ranking\" id=\"ranking-\(kind.rawValue)\"><thead><tr><th>Hạng</th><th>Đơn vị</th>"
        for g in board.methodology.groups { out += "<th>\(HTML.esc(g.name)) (\(HTML.number(g.max)))</th>" }
        out += "<th>Tổng điểm</th><th>Xếp loại</th><th>Thay đổi hạng</th><th>Kỳ trước</th></tr></thead><tbody>"
        for e in entries {
            let name = links ? "<a href=\"/don-vi/\(HTML.query(e.unit.code))?period=\(period)\">\(HTML.esc(e.unit.name))</a>" : HTML.esc(e.unit.name)
            out += "<tr><td class=\"n\">\(e.ranked.rank)</td><td>\(name)</td>"
            for g in e.score.groups { out += "<td class=\"n\">\(HTML.points(g.points))</td>" }
            out +=
                "<td class=\"n\"><b data-unit-total=\"\(HTML.esc(e.unit.code))\">\(HTML.points(e.score.total))</b></td><td>\(HTML.esc(e.score.classificationLabel))</td>"
            out +=
                "<td>\(e.ranked.previous == nil ? "<span class=\"muted\">–</span>" : HTML.rankChange(e.ranked.previous?.rankChange))</td><td class=\"n\">\(HTML.points(e.ranked.previous?.total))</td></tr>"
        }
        return out + "</tbody><caption>Điểm mỗi nhóm trên điểm tối đa ghi trong ngoặc; ▲/▼: số bậc tăng/giảm so với kỳ trước.</caption></table>"
    }

    // MARK: Unit page

    private func unitPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (session, access) = try await signedIn(request, context) else { return loginRedirect(request) }
        let code = try context.pathParameter("code")
        guard access.allows(code) else { return forbidden(session, "Bạn chỉ được xem đơn vị của mình và các đơn vị trực thuộc.") }
        let period = try PeriodQuery.period(request, default: index.openPeriod)
        let board: Scoreboard
        do {
            board = try await index.scoreboard(period)
        } catch let refusal as PeriodRefusal {
            return refused(refusal, session: session, action: "/don-vi/" + HTML.query(code), periods: periodChoices(), level: nil)
        }
        guard let e = board.entries.first(where: { $0.unit.code == code }) else {
            throw HTTPError(.notFound, message: "Không có đơn vị \(code) trong kỳ \(period).")
        }
        var body = "<h2>\(HTML.esc(e.unit.name)) — \(HTML.esc(period.vietnameseName))</h2>"
        body += HTML.selector(action: "/don-vi/" + HTML.query(code), periods: periodChoices(), selected: period, level: nil)
        body +=
            "<section class=\"cards\"><div class=\"card\"><div>Tổng điểm</div><b data-unit-total=\"\(HTML.esc(code))\">\(HTML.points(e.score.total))</b> / 100<div>\(HTML.esc(e.score.classificationLabel)) · hạng \(e.ranked.rank) trong \(HTML.esc(e.unit.kind.levelName.lowercased()))\(e.ranked.previous == nil ? "" : " " + HTML.rankChange(e.ranked.previous?.rankChange))</div></div>"
        for g in e.score.groups {
            body += "<div class=\"card\"><div>\(HTML.esc(g.name))</div><b>\(HTML.points(g.points))</b> / \(HTML.number(g.max))</div>"
        }
        body += "</section><div class=\"charts\"><figure>"
        body += Charts.radar(id: "chart-radar", title: "Sáu nhóm chỉ số (% điểm tối đa)", axes: e.score.groups.map { ($0.name, $0.rate ?? 0) })
        body +=
            "</figure><figure>" + Charts.bars(id: "chart-groups", title: "Điểm theo nhóm", items: e.score.groups.map { ($0.name, $0.points, $0.max) })
            + "</figure></div>"
        body +=
            "<h2>Các chỉ số</h2><table id=\"indicators\"><thead><tr><th>Chỉ số</th><th>Tử số</th><th>Mẫu số</th><th>Tỷ lệ (%)</th><th>Điểm</th><th>Tối đa</th><th>Chỉ tiêu giao</th></tr></thead><tbody>"
        for g in e.score.groups {
            body += "<tr><th colspan=\"7\">\(HTML.esc(g.name))</th></tr>"
            for s in g.indicators {
                let target = e.targets.first { $0.target.indicator == s.indicator }
                let targetText =
                    target.map { t in
                        "\(HTML.number(t.target.percent))% — \(t.met == true ? "<span class=\"up\">đạt</span>" : t.met == false ? "<span class=\"down\">chưa đạt</span>" : "–")"
                    } ?? "–"
                body +=
                    "<tr><td>\(HTML.esc(s.name))</td><td class=\"n\">\(s.count.numerator)</td><td class=\"n\">\(s.count.denominator)</td><td class=\"n\">\(HTML.number(s.rate))</td><td class=\"n\">\(HTML.points(s.points))</td><td class=\"n\">\(HTML.number(s.max))</td><td>\(targetText)</td></tr>"
            }
        }
        body += "</tbody></table>" + Self.exportLinks("/api/v1/exports/units/\(HTML.query(code))/indicators?period=\(period)&", "bảng chỉ số")
        body += try await ReconciliationController.unitSection(store: store, index: index, code: code, period: period)
        let units = Set(try await index.currentCatalogue().subtree(of: code))
        let overdue = try await index.overdue(units: units, within: 3)
        body += "<h2>Hồ sơ quá hạn và sắp đến hạn (trong 3 ngày làm việc)</h2>"
        if overdue.isEmpty {
            body += "<p>Không có hồ sơ quá hạn hoặc sắp đến hạn.</p>"
        } else {
            body +=
                "<table id=\"overdue\"><thead><tr><th>Mã hồ sơ</th><th>Thủ tục</th><th>Tiếp nhận</th><th>Hạn xử lý</th><th>Tình trạng</th></tr></thead><tbody>"
            for o in overdue.prefix(200) {
                let state = o.overdue ? "<span class=\"down\">quá hạn \(o.workingDays) ngày làm việc</span>" : "còn \(o.workingDays) ngày làm việc"
                body +=
                    "<tr><td>\(HTML.esc(o.dossier.code))</td><td>\(HTML.esc(o.procedureName.isEmpty ? o.dossier.procedureCode : o.procedureName))</td><td>\(HTML.esc(o.dossier.receivedAt.vietnamese))</td><td>\(HTML.esc(o.deadline.vietnamese))</td><td>\(state)</td></tr>"
            }
            body += "</tbody></table>"
            if overdue.count > 200 { body += "<p class=\"muted\">… và \(overdue.count - 200) hồ sơ khác.</p>" }
            body += Self.exportLinks("/api/v1/exports/overdue?unit=\(HTML.query(code))&within=3&", "danh sách")
        }
        body += try await WhatIfController(store: store, index: index).section(unit: code, period: period, request: request)
        let procedures = try await index.procedureFigures(units: units, period: period)
        body +=
            "<h2>Thủ tục làm giảm điểm</h2><table id=\"procedures\"><thead><tr><th>Thủ tục</th><th>Hồ sơ</th><th>Đúng hạn</th><th>Quá hạn đã xử lý</th><th>Đang quá hạn</th><th>Trực tuyến</th></tr></thead><tbody>"
        for p in procedures.prefix(20) {
            body +=
                "<tr><td><a href=\"/don-vi/\(HTML.query(code))/thu-tuc/\(HTML.query(p.code))?period=\(period)\">\(HTML.esc(p.code)) \(HTML.esc(p.name))</a></td><td class=\"n\">\(p.dossiers)</td><td class=\"n\">\(p.onTime)</td><td class=\"n\">\(p.overdue)</td><td class=\"n\">\(p.openOverdue)</td><td class=\"n\">\(p.online)</td></tr>"
        }
        body += "</tbody></table>"
        return .html(
            HTML.page(
                title: e.unit.name, user: session.user.username, csrf: session.csrfToken, body: body, script: !index.isClosed(period),
                admin: session.user.role == .admin))
    }

    private func procedurePage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (session, access) = try await signedIn(request, context) else { return loginRedirect(request) }
        let code = try context.pathParameter("code")
        let procedure = try context.pathParameter("procedure")
        guard access.allows(code) else { return forbidden(session, "Bạn chỉ được xem đơn vị của mình và các đơn vị trực thuộc.") }
        let period = try PeriodQuery.period(request, default: index.openPeriod)
        let catalogue = try await index.currentCatalogue()
        guard let unit = catalogue.unit(code) else { throw HTTPError(.notFound, message: "Không có đơn vị \(code) trong danh mục.") }
        guard let name = catalogue.procedure(procedure)?.name else {
            throw HTTPError(.notFound, message: "Không có thủ tục \(procedure) trong danh mục thủ tục hành chính.")
        }
        let units = Set(catalogue.subtree(of: code))
        let list = try await index.procedureDossiers(units: units, period: period, procedure: procedure)
        let figures = try await index.procedureFigures(units: units, period: period, procedure: procedure).first
        var body = "<h2>\(HTML.esc(name)) — \(HTML.esc(unit.name))</h2>"
        body += HTML.selector(
            action: "/don-vi/\(HTML.query(code))/thu-tuc/\(HTML.query(procedure))", periods: periodChoices(), selected: period, level: nil)
        if let f = figures {
            body +=
                "<p>\(f.dossiers) hồ sơ trong kỳ: \(f.onTime) đúng hạn, \(f.overdue) quá hạn đã xử lý, \(f.openOverdue) đang quá hạn, \(f.online) trực tuyến.</p>"
        }
        body += "<table id=\"dossiers\"><thead><tr><th>Mã hồ sơ</th><th>Đơn vị</th><th>Tiếp nhận</th><th>Hạn</th><th>Kết quả</th></tr></thead><tbody>"
        for (d, v) in list.prefix(500) {
            body +=
                "<tr><td>\(HTML.esc(d.code))</td><td>\(HTML.esc(catalogue.unit(d.unitCode)?.name ?? d.unitCode))</td><td>\(HTML.esc(d.receivedAt.vietnamese))</td><td>\(HTML.esc(v.deadline?.vietnamese ?? "–"))</td><td>\(HTML.esc(Self.outcomeName(v.outcome)))</td></tr>"
        }
        body += "</tbody></table>"
        return .html(HTML.page(title: name, user: session.user.username, csrf: session.csrfToken, body: body, admin: session.user.role == .admin))
    }

    /// Links to download what a table shows, as Excel or CSV (`base` ends with `?` or `&`).
    static func exportLinks(_ base: String, _ what: String) -> String {
        "<p class=\"noprint\">Tải \(HTML.esc(what)): <a href=\"\(HTML.esc(base))format=xlsx\">Excel</a> · <a href=\"\(HTML.esc(base))format=csv\">CSV</a></p>"
    }

    static func outcomeName(_ o: Verdict.Outcome) -> String {
        switch o {
        case .early: return "Trước hạn"
        case .onTime: return "Đúng hạn"
        case .overdue: return "Quá hạn"
        case .openWithinDeadline: return "Đang xử lý, trong hạn"
        case .openOverdue: return "Đang xử lý, quá hạn"
        }
    }

    // MARK: Public page

    private func publicPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let closed = PublicPeriods.list(now: index.now)
        let period = try PeriodQuery.period(request, default: closed[0])
        let levelText = request.uri.queryParameters.get("level") ?? "all"
        let levels = try PeriodQuery.levels(request)
        let user = context.session?.user.username
        guard index.isClosed(period) else {
            return .html(
                HTML.page(
                    title: "Công khai", user: user, csrf: context.session?.csrfToken,
                    body: "<h2>Kỳ chưa kết thúc</h2><p>Kết quả \(HTML.esc(period.vietnameseName)) sẽ được công khai sau khi kỳ kết thúc.</p>",
                    admin: context.session?.user.role == .admin),
                status: .forbidden)
        }
        let board: Scoreboard
        do {
            board = try await index.scoreboard(period)
        } catch let refusal as PeriodRefusal {
            return refused(refusal, session: context.session, action: "/cong-khai", periods: closed, level: levelText)
        }
        var body = "<h2>Công khai kết quả Bộ chỉ số \(HTML.esc(period.vietnameseName))</h2>"
        body += HTML.selector(action: "/cong-khai", periods: closed, selected: period, level: levelText)
        body += "<p class=\"muted\">Kết quả chấm điểm theo \(HTML.esc(board.methodology.name)); số liệu chốt khi kỳ kết thúc.</p>"
        for kind in ChiSoCore.Unit.Kind.allCases where levels?.contains(kind) ?? true {
            let entries = board.entries.filter { $0.unit.kind == kind }
            guard !entries.isEmpty else { continue }
            body += rankingTable(board: board, entries: entries, kind: kind, links: false, period: period)
            body +=
                "<figure>"
                + Charts.bars(
                    id: "chart-bars-\(kind.rawValue)", title: "Tổng điểm — \(kind.levelName)",
                    items: entries.prefix(40).map { ($0.unit.name, $0.score.total, 100) }) + "</figure>"
        }
        return .html(
            HTML.page(title: "Công khai", user: user, csrf: context.session?.csrfToken, body: body, admin: context.session?.user.role == .admin))
    }

    // MARK: Sign-in

    private static let csrfCookie = "chiso_csrf"

    /// The sign-in form.
    struct LoginView {
        let message: String?
        let csrf: String
        /// Where to go after signing in: the whole path with its query.
        let next: String
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int?, path: String = "/") -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }

    private func loginPage(_ request: Request, _ context: AppRequestContext, message: String?, status: HTTPResponse.Status = .ok) -> Response {
        let token = Secrets.randomToken()
        let next = request.uri.queryParameters.get("next") ?? "/"
        let body = Templates.shipped.render(LoginView(message: message, csrf: token, next: next), "login")
        var response = Response.html(HTML.page(title: "Đăng nhập", user: nil, csrf: nil, body: body), status: status)
        response.setCookie(cookie(Self.csrfCookie, token, maxAge: 3600))
        return response
    }

    private func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request)
        guard let sent = form["csrf"], let expected = request.cookies[Self.csrfCookie]?.value, Secrets.constantTimeEqual(sent, expected) else {
            return loginPage(request, context, message: "Phiên biểu mẫu đã hết hạn, vui lòng thử lại.", status: .forbidden)
        }
        let username = form["username"] ?? ""
        let password = form["password"] ?? ""
        let now = index.now.secondsSinceEpoch
        let keys = LoginRateLimiter.Keys(account: username.lowercased(), address: context.remote)
        if limiter.isBlocked(keys, now: now) {
            return loginPage(request, context, message: "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau ít phút.", status: .tooManyRequests)
        }
        let user = try await store.user(username: username)
        // One bcrypt check on every path: an unknown name is checked against the dummy hash of the same cost.
        let matches = verifier(password, user?.passwordHash ?? dummyHash)
        guard let user, matches else {
            limiter.recordFailure(keys, now: now)
            return loginPage(request, context, message: "Tên đăng nhập hoặc mật khẩu không đúng.", status: .unauthorized)
        }
        guard !user.isDisabled else {
            return loginPage(request, context, message: "Tài khoản này đã bị khóa; hãy liên hệ quản trị viên.", status: .forbidden)
        }
        limiter.recordSuccess(keys)
        return try await startSession(user, next: form["next"] ?? "/")
    }

    private func startSession(_ user: ServerUser, next: String) async throws -> Response {
        let id = Secrets.randomToken()
        let now = index.now
        try await store.createSession(
            idDigest: Secrets.digest(id), userID: user.id, csrfToken: Secrets.randomToken(), createdAt: now,
            expiresAt: now.adding(seconds: Int64(configuration.sessionSeconds)))
        // Only local paths: never an open redirect.
        var response = redirect(LocalRedirect.target(next))
        response.setCookie(cookie(SessionMiddleware.cookieName, id, maxAge: configuration.sessionSeconds))
        return response
    }

    private func loginLink(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let token = request.uri.queryParameters.get("token"),
            let user = try await store.consumeLoginLink(digest: Secrets.digest(token), at: index.now)
        else {
            return loginPage(request, context, message: "Liên kết đăng nhập không hợp lệ hoặc đã được dùng.", status: .unauthorized)
        }
        return try await startSession(user, next: request.uri.queryParameters.get("next") ?? "/")
    }

    private func logout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await Form.read(request)
        guard let session = context.session, let digest = context.sessionDigest else { return redirect("/cong-khai") }
        guard let sent = form["csrf"], Secrets.constantTimeEqual(sent, session.csrfToken) else {
            return forbidden(session, "Mã CSRF không hợp lệ.")
        }
        try await store.deleteSession(idDigest: digest)
        var response = redirect("/cong-khai")
        response.setCookie(cookie(SessionMiddleware.cookieName, "", maxAge: 0))
        return response
    }
}

/// `application/x-www-form-urlencoded` bodies.
enum Form {
    static func read(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 64 << 10)
        return parse(String(buffer: buffer))
    }

    static func parse(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacing("+", with: " ").removingPercentEncoding ?? "" }
            guard let key = parts.first else { continue }
            out[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }
}

/// The small script of the live pages (no framework): on each change of the live stream, the totals the event
/// carries are shown at once, then the page's `<main>` is fetched again as the server renders it (rendered once per
/// change of the figures, for every reader) and swapped in, so every figure follows: group cards, total,
/// classification, rank order and change, charts, the overdue list. One fetch at a time; changes arriving meanwhile
/// are folded into one more fetch. A form field in use is not pulled from under the user: the swap waits.
enum LiveScript {
    static let text = """
        (function(){
          if (!window.EventSource || !window.fetch || !window.DOMParser) return;
          var es = new EventSource('/api/v1/live');
          var busy = false, again = false;
          function editing(main) {
            var el = document.activeElement;
            return el && main.contains(el) && /^(SELECT|INPUT|TEXTAREA)$/.test(el.tagName);
          }
          function refresh() {
            if (busy) { again = true; return; }
            busy = true; again = false;
            fetch(location.href, { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'text/html' } })
              .then(function (r) { return r.ok ? r.text() : null; })
              .then(function (html) {
                var main = document.querySelector('main');
                if (!html || !main) return;
                var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('main');
                if (!fresh) return;
                if (editing(main)) { again = true; return; }
                main.innerHTML = fresh.innerHTML;
              })
              .catch(function () {})
              .then(function () { busy = false; if (again) setTimeout(refresh, 250); });
          }
          es.addEventListener('update', function (ev) {
            var data; try { data = JSON.parse(ev.data); } catch (e) { return; }
            var units = data.units || [];
            units.forEach(function (u) {
              document.querySelectorAll('[data-unit-total="' + u.code + '"]').forEach(function (el) {
                el.textContent = u.total.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
                el.setAttribute('title', 'Cập nhật lúc ' + data.as_of);
              });
            });
            if (units.length) refresh();
          });
          window.addEventListener('beforeunload', function () { es.close(); });
        })();
        """
}
