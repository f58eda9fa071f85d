import ChiSoCore
import ChiSoStore
import Hummingbird

/// "What it would take" (issue 11): `GET /api/v1/units/{code}/what-if` and the unit page's section.
struct WhatIfController {
    let store: any ServerStore
    let index: IndexService

    static let goalHelp = "target, next-class, points:N hoặc rank:N"

    static let routes: [RouteSpec] = [
        RouteSpec(
            .get, "/api/v1/units/{code}/what-if",
            "Cần làm gì để đạt mục tiêu (chỉ tiêu, mức xếp loại kế tiếp, số điểm, thứ hạng): số thay đổi ít nhất, theo điểm tăng trên mỗi việc, và hồ sơ sẽ quá hạn nếu không xử lý",
            tag: "query", auth: .session, query: ["period", "goal"], schema: OpenAPISchema.ref("WhatIf"))
    ]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/api/v1/units/{code}/what-if") { request, context -> WhatIfResponse in
            let session = try context.requireSession()
            let catalogue = try await index.currentCatalogue()
            let code = try context.pathParameter("code")
            try Access(session: session, catalogue: catalogue).require(code)
            let period = try PeriodQuery.period(request, default: index.openPeriod)
            let goal = try Self.goal(request)
            guard let plan = try await plan(unit: code, goal: goal, period: period) else {
                throw HTTPError(.notFound, message: "Không có đơn vị \(code) trong danh mục.")
            }
            return WhatIfResponse(plan: plan)
        }
    }

    /// `?goal=` as written; the page's form sends `points:` or `rank:` with the number in `?n=`.
    static func goalText(_ request: Request) -> String? {
        guard var text = request.uri.queryParameters.get("goal"), !text.isEmpty else { return nil }
        if text.hasSuffix(":"), let n = request.uri.queryParameters.get("n") { text += n.replacing(",", with: ".") }
        return text
    }

    /// `?goal=`: next class when absent.
    static func goal(_ request: Request) throws -> WhatIfGoal {
        guard let text = goalText(request) else { return .nextClass }
        guard let goal = WhatIfGoal(text) else { throw HTTPError(.badRequest, message: "Mục tiêu không hợp lệ: \(text) (\(goalHelp)).") }
        return goal
    }

    /// The plan of a unit for a period, from the data the index is computed from; nil for a unit not in the catalogue.
    func plan(unit code: String, goal: WhatIfGoal, period: Period) async throws -> WhatIfPlan? {
        let catalogue = try await index.currentCatalogue()
        guard catalogue.unit(code) != nil else { return nil }
        let now = index.now
        try PeriodRefusal.check(try await index.aggregation(period), now: now)
        let stored = try await store.scoringData(receivedBefore: period.endInstant, notEndedBefore: period.startInstant)
        let data = WhatIfData(
            catalogue: catalogue, methodology: index.methodology, calendar: index.calendar, targets: stored.targets, dossiers: stored.dossiers,
            petitions: stored.petitions, ratings: stored.ratings)
        return WhatIf.plan(unit: code, goal: goal, period: period, now: now, data: data)
    }

    /// The unit page's section: a form to choose the goal and, once one is chosen (the plan reads the whole period,
    /// so the page itself stays fast), the steps and the dossiers that will turn overdue.
    func section(unit code: String, period: Period, request: Request) async throws -> String {
        let text = Self.goalText(request)
        let goal = text.flatMap(WhatIfGoal.init)
        var out = "<section id=\"what-if\"><h2>Cần làm gì để đạt mục tiêu</h2>"
        out += Self.form(code: code, period: period, goal: goal ?? .nextClass)
        guard let text else {
            return out
                + "<p class=\"muted\">Chọn mục tiêu rồi bấm «Tính»: ChiSo tìm số thay đổi ít nhất (hồ sơ giải quyết đúng hạn, thanh toán trực tuyến, hồ sơ trực tuyến, số hóa, phản ánh được trả lời) để đạt mục tiêu vào cuối kỳ, và liệt kê hồ sơ sẽ quá hạn nếu không xử lý.</p></section>"
        }
        guard let goal else {
            return out + "<p class=\"flash\" role=\"alert\">Mục tiêu không hợp lệ: \(HTML.esc(text)) (\(Self.goalHelp)).</p></section>"
        }
        guard let plan = try await plan(unit: code, goal: goal, period: period) else { return out + "</section>" }
        return out + Self.render(plan) + "</section>"
    }

    static func form(code: String, period: Period, goal: WhatIfGoal) -> String {
        var kind = "next-class"
        var number = ""
        switch goal {
        case .target: kind = "target"
        case .nextClass: break
        case .points(let n):
            kind = "points"
            number = Decimal2.plain(n)
        case .rank(let n):
            kind = "rank"
            number = String(n)
        }
        var out =
            "<form class=\"sel\" method=\"get\" action=\"/don-vi/\(HTML.query(code))#what-if\"><input type=\"hidden\" name=\"period\" value=\"\(HTML.esc(period.description))\">"
        out += "<label>Mục tiêu<select name=\"goal\">"
        let choices: [(String, String)] = [
            ("next-class", "Lên mức xếp loại kế tiếp"), ("target", "Đạt mọi chỉ tiêu được giao"), ("points:", "Đạt số điểm…"),
            ("rank:", "Đứng hạng… trong cấp"),
        ]
        for (value, name) in choices {
            let selected = value == kind || value == kind + ":"
            out += "<option value=\"\(value)\"\(selected ? " selected" : "")>\(HTML.esc(name))</option>"
        }
        out +=
            "</select></label><label>Số điểm hoặc thứ hạng<input name=\"n\" inputmode=\"decimal\" value=\"\(HTML.esc(number))\" size=\"6\"></label>"
        return out + "<button>Tính</button></form>"
    }

    static func render(_ plan: WhatIfPlan) -> String {
        func standing(_ s: WhatIfPlan.Standing) -> String {
            "\(HTML.points(s.total)) điểm, \(HTML.esc(s.classification ?? UnitScore.notClassifiedLabel)), hạng \(s.rank)/\(s.rankedUnits)"
                + (s.targetsMeasured > 0 ? ", đạt \(s.targetsMet)/\(s.targetsMeasured) chỉ tiêu" : "")
        }
        var out = "<p>Mục tiêu: <b>\(HTML.esc(plan.goal.vietnamese))</b>"
        if let total = plan.requiredTotal {
            out += " (cần \(HTML.points(total)) điểm\(plan.requiredClassification.map { ", xếp loại " + HTML.esc($0) } ?? ""))"
        }
        out += ".</p><ul><li>Hiện tại: \(standing(plan.current))</li><li>Cuối kỳ nếu không thay đổi: \(standing(plan.projected))</li></ul>"
        switch plan.status {
        case .reached: out += "<p class=\"up\">Đơn vị đạt mục tiêu mà không cần thay đổi gì.</p>"
        case .unreachable: out += "<p class=\"down\" role=\"alert\">Không thể đạt mục tiêu trong kỳ: \(HTML.esc(plan.obstacleText ?? ""))</p>"
        case .reachable:
            out += "<p>Có thể đạt với <b>\(plan.actionCount)</b> thay đổi, theo thứ tự điểm tăng trên mỗi việc:</p>"
            out +=
                "<table id=\"what-if-steps\"><thead><tr><th>Việc cần làm</th><th>Số lượng</th><th>Điểm mỗi việc</th><th>Điểm tăng</th><th>Tổng sau bước</th><th>Hồ sơ, phản ánh</th></tr></thead><tbody>"
            for s in plan.steps {
                let codes = s.codes.prefix(30).map(HTML.esc).joined(separator: ", ") + (s.count > 30 ? ", … (\(s.count - 30) mã khác)" : "")
                out +=
                    "<tr><td>\(HTML.esc(s.action.vietnamese))</td><td class=\"n\">\(s.count)</td><td class=\"n\">\(HTML.esc(Decimal2.vietnamese(s.pointsPerAction, places: 4)))</td><td class=\"n\">\(HTML.points(s.pointsGained))</td><td class=\"n\">\(HTML.points(s.totalAfter))</td><td>\(codes)</td></tr>"
            }
            out += "</tbody></table><p>Sau khi thực hiện: \(standing(plan.achieved)).</p>"
        }
        if plan.atRisk.isEmpty {
            out += "<p>Không có hồ sơ đang xử lý nào sẽ quá hạn trước cuối kỳ.</p>"
        } else {
            out +=
                "<h3>Hồ sơ sẽ quá hạn nếu không xử lý (\(plan.atRisk.count) hồ sơ, mất \(HTML.points(plan.pointsAtRisk)) điểm)</h3><table id=\"what-if-risk\"><thead><tr><th>Mã hồ sơ</th><th>Đơn vị</th><th>Thủ tục</th><th>Hạn xử lý</th><th>Quá hạn từ ngày</th></tr></thead><tbody>"
            for r in plan.atRisk.prefix(200) {
                out +=
                    "<tr><td>\(HTML.esc(r.dossierCode))</td><td>\(HTML.esc(r.unitCode))</td><td>\(HTML.esc(r.procedureCode))</td><td>\(HTML.esc(r.deadline.vietnamese))</td><td>\(HTML.esc(r.overdueFrom.localDate.vietnamese))</td></tr>"
            }
            out += "</tbody></table>"
        }
        return out
    }
}

/// The API's answer: the plan in its JSON form (schema `chiso.what-if/1`).
struct WhatIfResponse: ResponseEncodable {
    let plan: WhatIfPlan

    func encode(to encoder: any Encoder) throws { try plan.encode(to: encoder) }
}
