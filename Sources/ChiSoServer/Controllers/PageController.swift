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
                .get, "/don-vi/{code}/xu-huong",
                "Xu hướng của một đơn vị và từng nhóm chỉ số: theo tháng (12 tháng) và theo ngày trong tháng đang mở",
                tag: "pages", auth: .session, produces: "text/html", answers: [toSignIn, notAllowed, .notFound]),
            RouteSpec(
                .get, "/qua-han", "Hồ sơ quá hạn và sắp đến hạn toàn tỉnh, có cột đơn vị và bộ lọc theo đơn vị", tag: "pages", auth: .session,
                query: ["unit", "within"], produces: "text/html", answers: [toSignIn, notAllowed, .notFound]),
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
        router.get("/don-vi/{code}/xu-huong") { request, context in try await trendPage(request, context) }
        router.get("/qua-han") { request, context in try await overduePage(request, context) }
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

    /// The periods of the signed-in pages' menu: months, quarters, half-years, nine months and years, open ones too.
    private func periodChoices() -> [Period] {
        PeriodMenu.periods(now: index.now, closedOnly: false)
    }

    private func page(_ title: String, _ session: ServerSession?, _ body: String, script: Bool = false, status: HTTPResponse.Status = .ok)
        -> Response
    {
        .html(
            HTML.page(
                title: title, user: session?.user.username, csrf: session?.csrfToken, body: body, script: script, admin: session?.user.role == .admin),
            status: status)
    }

    /// The page shown instead of figures for a period that has not started (DOMAIN §4a D11), with the period
    /// selector so that another period can be chosen.
    private func refused(_ refusal: PeriodRefusal, session: ServerSession?, action: String, periods: [Period], level: String?) -> Response {
        let view = MessageView(
            title: "Không có số liệu \(refusal.period.vietnameseName)",
            selector: SelectorView(action: action, periods: periods, selected: refusal.period, level: level), text: refusal.description,
            refused: true)
        return page("Không có số liệu", session, Templates.shipped.render(view, "message"), status: .unprocessableContent)
    }

    private static let ownUnitsOnly = "Bạn chỉ được xem đơn vị của mình và các đơn vị trực thuộc."

    private func forbidden(_ session: ServerSession?, _ text: String) -> Response {
        let view = MessageView(title: "Không có quyền truy cập", selector: nil, text: text, refused: false)
        return page("Không có quyền", session, Templates.shipped.render(view, "message"), status: .forbidden)
    }

    /// The scoreboard of a period; nil for a period without any dossier, which pages show as "không phát sinh hồ sơ"
    /// (DOMAIN §4a D11) instead of results. A period that has not started is still refused.
    private func scoreboardOrNone(_ period: Period) async throws -> Scoreboard? {
        do {
            return try await index.scoreboard(period)
        } catch PeriodRefusal.noData {
            return nil
        }
    }

    /// The note of a period without any dossier.
    private static func noDataNotice(_ period: Period) -> NoticeView {
        NoticeView(text: "\(capitalizedName(period)) không có hồ sơ nào trong dữ liệu: không đánh giá, xếp hạng một kỳ không có số liệu.")
    }

    private static func capitalizedName(_ period: Period) -> String { HTML.capitalized(period.vietnameseName) }

    /// The warning shown when a comparison spans a change of the methodology (DOMAIN §5).
    private func formulaNote(_ board: Scoreboard?) -> String? {
        guard let board, board.comparisonSpansFormulaChange else { return nil }
        return "Lưu ý: so sánh với kỳ trước hoặc cùng kỳ năm trước vượt qua lần thay đổi phương pháp tính ("
            + "\(board.methodology.name) áp dụng từ ngày \(board.methodology.effectiveFrom.vietnamese)): các kỳ trước được tính theo công thức khác, "
            + "chênh lệch không hoàn toàn so sánh được."
    }

    /// The scoreboard of the same period last year, nil when it has no data.
    private func sameLastYear(_ period: Period) async throws -> Scoreboard? {
        do {
            return try await index.scoreboard(period.sameLastYear)
        } catch is PeriodRefusal {
            return nil
        }
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
                body = Templates.shipped.render(try await overviewView(period: period, levelText: levelText, levels: levels), "overview")
            } catch let refusal as PeriodRefusal {
                return refused(refusal, session: session, action: "/", periods: periodChoices(), level: levelText)
            }
            await index.keepRendered(body, key: key, version: version)
        }
        return page("Tổng quan", session, body, script: !index.isClosed(period))
    }

    private func overviewView(period: Period, levelText: String, levels: Set<ChiSoCore.Unit.Kind>?) async throws -> OverviewView {
        let board = try await scoreboardOrNone(period)
        let catalogue = try await index.currentCatalogue()
        let overdue = OverdueSummaryView(try await index.overdue(units: nil, within: 3), catalogue: catalogue, within: 3)
        let selector = SelectorView(action: "/", periods: periodChoices(), selected: period, level: levelText)
        let heading = "Tổng quan \(period.vietnameseName)"
        guard let board else {
            return OverviewView(
                heading: heading, selector: selector, asOf: "Không có số liệu \(period.vietnameseName).", formulaNote: nil,
                notice: Self.noDataNotice(period), overdueSummary: overdue, hasResults: false, summaryCards: nil, trendChart: "", radarChart: nil,
                trendLink: nil, rankings: [], documents: [], targetsMet: true, unmet: [], missingTargets: nil)
        }
        let lastYear = try await sameLastYear(period)
        let province = Self.provinceEntry(board)
        // Trend of the province (or the average of all units) over twelve months.
        var labels: [String] = []
        var values: [Double?] = []
        for p in PublicPeriods.trend(now: index.now) {
            labels.append(String(format: "%02d/%d", p.start.month, p.start.year % 100))
            values.append(try await scoreboardOrNone(p).flatMap(Self.provinceTotal))  // a month with no data is a gap, not a zero
        }
        let trend = Charts.line(
            id: "chart-trend", title: province == nil ? "Điểm bình quân các đơn vị, 12 tháng gần nhất" : "Tổng điểm của tỉnh, 12 tháng gần nhất",
            labels: labels, values: values)
        let q = "period=\(period.description)"
        let documents = [
            ("monthly-notice", "Thông báo tháng"), ("quarterly-comparison", "So sánh cùng kỳ"), ("targets", "Báo cáo chỉ tiêu giao"),
            ("classification", "Thông báo xếp loại"),
        ].map { type, name in OverviewView.DocumentLink(name: name, base: "/api/v1/documents/\(type)?\(q)&") }
        let unmet = board.entries.filter { $0.targets.contains { $0.met == false } }.map { e in
            let names = e.targets.filter { $0.met == false }.map { t in
                "\(board.methodology.rule(for: t.target.indicator)?.name ?? t.target.indicator.rawValue): \(HTML.number(t.actual))% / \(HTML.number(t.target.percent))%"
            }
            return OverviewView.UnmetTarget(
                name: e.unit.name, link: "/don-vi/\(HTML.query(e.unit.code))?period=\(period)", text: names.joined(separator: "; "))
        }
        let missing = board.missingTargets
        return OverviewView(
            heading: heading, selector: selector,
            asOf:
                "Số liệu tính đến \(board.asOf.vietnamese)\(index.isClosed(period) ? "" : " — kỳ đang mở, cập nhật trực tiếp") · phương pháp \(board.methodology.name)",
            formulaNote: formulaNote(board), notice: nil, overdueSummary: overdue, hasResults: true,
            summaryCards: CardsView(label: "Các nhóm chỉ số", cards: summaryCards(board: board, lastYear: lastYear)), trendChart: trend,
            radarChart: province.map {
                Charts.radar(id: "chart-radar", title: "Sáu nhóm chỉ số (% điểm tối đa)", axes: $0.score.groups.map { ($0.name, $0.rate ?? 0) })
            },
            trendLink: province.map { "/don-vi/\(HTML.query($0.unit.code))/xu-huong" },
            rankings: RankingView.levels(board: board, levels: levels, period: period) { $0 > 1 }, documents: documents,
            targetsMet: unmet.isEmpty && missing.isEmpty, unmet: unmet,
            missingTargets: missing.isEmpty ? nil : missing.prefix(30).map(\.unit.name).joined(separator: "; ") + (missing.count > 30 ? "…" : ""))
    }

    static func provinceEntry(_ board: Scoreboard) -> Scoreboard.Entry? {
        board.entries.first { $0.unit.kind == .province }
    }

    /// The province unit's total, or the mean total of the units with dossiers.
    static func provinceTotal(_ board: Scoreboard) -> Double? {
        if let e = provinceEntry(board), !e.figures.hasNoDossiers { return e.score.total }
        return meanPoints(board) { $0.score.total }
    }

    /// The mean of a value over the units with dossiers; nil when there is none.
    private static func meanPoints(_ board: Scoreboard, _ value: (Scoreboard.Entry) -> Double) -> Double? {
        let with = board.entries.filter { !$0.figures.hasNoDossiers }
        guard !with.isEmpty else { return nil }
        return with.map(value).reduce(0, +) / Double(with.count)
    }

    /// The province's cards (or the mean of the units when there is no province unit), each beside the same period
    /// last year.
    private func summaryCards(board: Scoreboard, lastYear: Scoreboard?) -> [CardView] {
        if let e = Self.provinceEntry(board) {
            let then = lastYear.flatMap { Self.provinceEntry($0) }.map(\.score)
            return CardView.unitCards(e.score, lastYear: then, title: "Tổng điểm \(e.unit.name)", noteHTML: HTML.esc(e.score.classificationLabel))
        }
        guard let mean = Self.provinceTotal(board) else { return [] }
        let meanThen = lastYear.flatMap { Self.provinceTotal($0) }
        var cards = [
            CardView(
                title: "Điểm bình quân các đơn vị", value: HTML.number(mean), max: "100",
                noteHTML: HTML.esc(board.methodology.classification(of: mean).name), lastYear: CardView.lastYear(now: mean, then: meanThen))
        ]
        for (i, g) in board.methodology.groups.enumerated() {
            let avg = Self.meanPoints(board) { $0.score.groups[i].points } ?? 0
            let then = lastYear.flatMap { Self.meanPoints($0) { $0.score.groups[i].points } }
            cards.append(CardView(title: g.name, value: HTML.number(avg), max: HTML.number(g.max), lastYear: CardView.lastYear(now: avg, then: then)))
        }
        return cards
    }

    // MARK: Province-wide overdue list

    private func overduePage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (session, access) = try await signedIn(request, context) else { return loginRedirect(request) }
        let catalogue = try await index.currentCatalogue()
        let within = max(0, min(request.uri.queryParameters.get("within", as: Int.self) ?? 3, 60))
        var units = access.units
        var filtered: ChiSoCore.Unit?
        if let code = request.uri.queryParameters.get("unit"), !code.isEmpty {
            guard let unit = catalogue.unit(code) else { throw HTTPError(.notFound, message: "Không có đơn vị \(code) trong danh mục.") }
            guard access.allows(code) else { return forbidden(session, Self.ownUnitsOnly) }
            units = Set(catalogue.subtree(of: code))
            filtered = unit
        }
        let items = try await index.overdue(units: units, within: within)
        let visible = catalogue.units.filter { access.allows($0.code) }
        let view = OverduePageView(
            unitOptions: visible.map { SelectorView.Option(value: $0.code, name: $0.name, selected: $0.code == filtered?.code) }, within: within,
            overdueTotal: items.count(where: \.overdue), dueSoonTotal: items.count(where: { !$0.overdue }), filteredUnit: filtered?.name,
            table: items.isEmpty ? nil : OverdueTableView(items, catalogue: catalogue, showUnit: true),
            export: ExportLinksView(
                base: "/api/v1/exports/overdue?" + (filtered.map { "unit=\(HTML.query($0.code))&" } ?? "") + "within=\(within)&", what: "danh sách"))
        return page("Hồ sơ quá hạn", session, Templates.shipped.render(view, "overdue"), script: true)
    }

    // MARK: Unit page

    private func unitPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (session, access) = try await signedIn(request, context) else { return loginRedirect(request) }
        let code = try context.pathParameter("code")
        guard access.allows(code) else { return forbidden(session, Self.ownUnitsOnly) }
        let period = try PeriodQuery.period(request, default: index.openPeriod)
        let catalogue = try await index.currentCatalogue()
        let board: Scoreboard?
        do {
            board = try await scoreboardOrNone(period)
        } catch let refusal as PeriodRefusal {
            return refused(refusal, session: session, action: "/don-vi/" + HTML.query(code), periods: periodChoices(), level: nil)
        }
        let entry = board?.entries.first { $0.unit.code == code }
        guard let unit = entry?.unit ?? (board == nil ? catalogue.unit(code) : nil) else {
            throw HTTPError(.notFound, message: "Không có đơn vị \(code) trong kỳ \(period).")
        }
        let lastYear = try await sameLastYear(period)?.entries.first { $0.unit.code == code }
        let units = Set(catalogue.subtree(of: code))
        let overdue = try await index.overdue(units: units, within: 3)
        let procedures = try await index.procedureFigures(units: units, period: period)
        let selector = SelectorView(action: "/don-vi/" + HTML.query(code), periods: periodChoices(), selected: period, level: nil)
        var notice: NoticeView?
        if board == nil {
            notice = Self.noDataNotice(period)
        } else if entry?.figures.hasNoDossiers == true {
            notice = NoticeView(
                text:
                    "\(unit.name) không có hồ sơ nào \(period.vietnameseName): không xếp loại (tổng điểm vẫn được tính cho các chỉ số theo thủ tục).")
        }
        var cards: CardsView?
        var indicatorGroups: [UnitView.IndicatorGroup] = []
        if let e = entry {
            let note =
                "\(HTML.esc(e.score.classificationLabel)) · hạng \(e.ranked.rank) trong \(HTML.esc(e.unit.kind.levelName.lowercased()))"
                + (e.ranked.previous == nil ? "" : " " + HTML.rankChange(e.ranked.previous?.rankChange))
            cards = CardsView(
                label: "Các nhóm chỉ số", cards: CardView.unitCards(e.score, lastYear: lastYear?.score, title: "Tổng điểm", noteHTML: note))
            indicatorGroups = e.score.groups.map { g in
                UnitView.IndicatorGroup(
                    name: g.name,
                    rows: g.indicators.map { s in
                        let target = e.targets.first { $0.target.indicator == s.indicator }
                        let targetHTML =
                            target.map { t in
                                "\(HTML.number(t.target.percent))% — \(t.met == true ? "<span class=\"up\">đạt</span>" : t.met == false ? "<span class=\"down\">chưa đạt</span>" : "–")"
                            } ?? "–"
                        return UnitView.IndicatorRow(
                            name: s.name, numerator: s.count.numerator, denominator: s.count.denominator, rate: HTML.number(s.rate),
                            points: HTML.points(s.points), max: HTML.number(s.max), targetHTML: targetHTML)
                    })
            }
        }
        let hasResults = entry.map { !$0.figures.hasNoDossiers } ?? false
        let view = UnitView(
            heading: "\(unit.name) — \(period.vietnameseName)", selector: selector, formulaNote: formulaNote(board), notice: notice,
            hasResults: hasResults, summaryCards: cards,
            radarChart: entry.map { e in
                Charts.radar(id: "chart-radar", title: "Sáu nhóm chỉ số (% điểm tối đa)", axes: e.score.groups.map { ($0.name, $0.rate ?? 0) })
            } ?? "",
            groupsChart: entry.map { e in
                Charts.bars(id: "chart-groups", title: "Điểm theo nhóm", items: e.score.groups.map { ($0.name, $0.points, $0.max) })
            } ?? "",
            trendLink: "/don-vi/\(HTML.query(code))/xu-huong", indicatorGroups: indicatorGroups,
            indicatorExport: ExportLinksView(base: "/api/v1/exports/units/\(HTML.query(code))/indicators?period=\(period)&", what: "bảng chỉ số"),
            portal: try await ReconciliationController.unitSection(store: store, index: index, code: code, period: period),
            overdueTable: overdue.isEmpty ? nil : OverdueTableView(overdue, catalogue: catalogue, showUnit: false),
            overdueExport: ExportLinksView(base: "/api/v1/exports/overdue?unit=\(HTML.query(code))&within=3&", what: "danh sách"),
            // Nothing to plan where the unit has no dossier (a period without any is not scored at all).
            whatIf: hasResults ? try await WhatIfController(store: store, index: index).section(unit: code, period: period, request: request) : "",
            procedures: procedures.prefix(20).map { p in
                UnitView.ProcedureRow(
                    link: "/don-vi/\(HTML.query(code))/thu-tuc/\(HTML.query(p.code))?period=\(period)", label: "\(p.code) \(p.name)",
                    dossiers: p.dossiers, onTime: p.onTime, overdueEnded: p.overdue, openOverdue: p.openOverdue, online: p.online)
            })
        return page(unit.name, session, Templates.shipped.render(view, "unit"), script: !index.isClosed(period))
    }

    // MARK: Trend

    private func trendPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (session, access) = try await signedIn(request, context) else { return loginRedirect(request) }
        let code = try context.pathParameter("code")
        guard access.allows(code) else { return forbidden(session, Self.ownUnitsOnly) }
        guard let unit = try await index.currentCatalogue().unit(code) else {
            throw HTTPError(.notFound, message: "Không có đơn vị \(code) trong danh mục.")
        }
        let groups = index.methodology.groups
        // Each point's label in the table, and its short form under the chart.
        func table(_ id: String, _ title: String, _ first: String, _ points: [TrendPoint], label: (Period) -> (row: String, axis: String))
            -> TrendView.Table
        {
            let labels = points.map { label($0.period).axis }
            var series: [(name: String, values: [Double?])] = [("Tổng điểm", points.map { $0.score?.total })]
            for (i, g) in groups.enumerated() {
                series.append((g.name, points.map { $0.score?.groups[i].rate }))
            }
            return TrendView.Table(
                id: id,
                caption: "Tổng điểm trên 100; điểm từng nhóm trên điểm tối đa ghi trong ngoặc. Biểu đồ: tổng điểm và tỷ lệ điểm từng nhóm (%).",
                firstColumn: first, groups: groups.map { "\($0.name) (\(HTML.number($0.max)))" },
                rows: points.map { p in
                    TrendView.Row(
                        label: label(p.period).row, total: HTML.points(p.score?.total), points: p.score?.groups.map { HTML.points($0.points) } ?? [],
                        noDossiers: p.score == nil)
                }, chart: Charts.lines(id: "chart-\(id)", title: title, labels: labels, series: series), columns: groups.count + 1)
        }
        let monthly = try await index.monthlyTrend(unit: code)
        let daily = try await index.dailyTrend(unit: code)
        let spansChange = monthly.contains { $0.score != nil && $0.period.start < index.methodology.effectiveFrom }
        let view = TrendView(
            heading: "Xu hướng — \(unit.name)", unitLink: "/don-vi/\(HTML.query(code))",
            formulaNote: spansChange
                ? "Lưu ý: 12 tháng gần nhất gồm cả các tháng trước khi \(index.methodology.name) được áp dụng (từ ngày \(index.methodology.effectiveFrom.vietnamese)): các tháng đó được tính theo công thức khác, không hoàn toàn so sánh được."
                : nil,
            tables: [
                table("trend-months", "Theo tháng, 12 tháng gần nhất (%)", "Tháng", monthly) { p in
                    (HTML.capitalized(p.vietnameseName), String(format: "%02d/%02d", p.start.month, p.start.year % 100))
                },
                table("trend-days", "Theo ngày, \(index.openPeriod.vietnameseName), lũy kế (%)", "Đến hết ngày", daily) { p in
                    let day = p.kind == .range ? p.end : index.now.localDate
                    return (p.kind == .range ? p.end.vietnamese : "Hôm nay", String(format: "%02d/%02d", day.day, day.month))
                },
            ])
        return page("Xu hướng — \(unit.name)", session, Templates.shipped.render(view, "trend"))
    }

    // MARK: Procedure drill-down

    private func procedurePage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (session, access) = try await signedIn(request, context) else { return loginRedirect(request) }
        let code = try context.pathParameter("code")
        let procedure = try context.pathParameter("procedure")
        guard access.allows(code) else { return forbidden(session, Self.ownUnitsOnly) }
        let period = try PeriodQuery.period(request, default: index.openPeriod)
        let catalogue = try await index.currentCatalogue()
        guard let unit = catalogue.unit(code) else { throw HTTPError(.notFound, message: "Không có đơn vị \(code) trong danh mục.") }
        guard let name = catalogue.procedure(procedure)?.name else {
            throw HTTPError(.notFound, message: "Không có thủ tục \(procedure) trong danh mục thủ tục hành chính.")
        }
        let units = Set(catalogue.subtree(of: code))
        let list = try await index.procedureDossiers(units: units, period: period, procedure: procedure)
        let figures = try await index.procedureFigures(units: units, period: period, procedure: procedure).first
        let view = ProcedureView(
            heading: "\(name) — \(unit.name)",
            selector: SelectorView(
                action: "/don-vi/\(HTML.query(code))/thu-tuc/\(HTML.query(procedure))", periods: periodChoices(), selected: period, level: nil),
            summary: figures.map { f in
                "\(f.dossiers) hồ sơ trong kỳ: \(f.onTime) đúng hạn, \(f.overdue) quá hạn đã xử lý, \(f.openOverdue) đang quá hạn, \(f.online) trực tuyến."
            },
            rows: list.prefix(500).map { d, v in
                ProcedureView.Row(
                    code: d.code, unitName: catalogue.unit(d.unitCode)?.name ?? d.unitCode, received: d.receivedAt.vietnamese,
                    deadline: v.deadline?.vietnamese ?? "–", outcome: Self.outcomeName(v.outcome))
            })
        return page(name, session, Templates.shipped.render(view, "procedure"))
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
        let closed = PeriodMenu.periods(now: index.now, closedOnly: true)
        let period = try PeriodQuery.period(request, default: PublicPeriods.list(now: index.now)[0])
        let levelText = request.uri.queryParameters.get("level") ?? "all"
        let levels = try PeriodQuery.levels(request)
        guard index.isClosed(period) else {
            let view = MessageView(
                title: "Kỳ chưa kết thúc", selector: nil, text: "Kết quả \(period.vietnameseName) sẽ được công khai sau khi kỳ kết thúc.",
                refused: false)
            return page("Công khai", context.session, Templates.shipped.render(view, "message"), status: .forbidden)
        }
        let board = try await scoreboardOrNone(period)
        let view = PublicView(
            heading: "Công khai kết quả Bộ chỉ số \(period.vietnameseName)",
            selector: SelectorView(action: "/cong-khai", periods: closed, selected: period, level: levelText),
            method: board.map { "Kết quả chấm điểm theo \($0.methodology.name); số liệu chốt khi kỳ kết thúc." } ?? "",
            notice: board == nil ? Self.noDataNotice(period) : nil,
            rankings: board.map { RankingView.levels(board: $0, levels: levels, period: nil) { _ in true } } ?? [])
        return page("Công khai", context.session, Templates.shipped.render(view, "public"))
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
        response.setCookie(cookie(SessionAuthenticator.cookieName, id, maxAge: configuration.sessionSeconds))
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
        response.setCookie(cookie(SessionAuthenticator.cookieName, "", maxAge: 0))
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
