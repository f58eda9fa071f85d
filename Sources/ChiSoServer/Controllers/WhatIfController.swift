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

    /// The unit page's section (`what-if` template): a form to choose the goal and, once one is chosen (the plan reads
    /// the whole period, so the page itself stays fast), the steps and the dossiers that will turn overdue.
    func section(unit code: String, period: Period, request: Request) async throws -> String {
        let text = Self.goalText(request)
        let goal = text.flatMap(WhatIfGoal.init)
        var plan: WhatIfPlan?
        if let goal { plan = try await self.plan(unit: code, goal: goal, period: period) }
        let view = WhatIfView(
            code: code, period: period, goal: goal ?? .nextClass, prompt: text == nil,
            invalid: text.flatMap { goal == nil ? "\($0) (\(Self.goalHelp))." : nil }, plan: plan.map(WhatIfView.Plan.init))
        return Templates.shipped.render(view, "what-if")
    }
}

/// The API's answer: the plan in its JSON form (schema `chiso.what-if/1`).
struct WhatIfResponse: ResponseEncodable {
    let plan: WhatIfPlan

    func encode(to encoder: any Encoder) throws { try plan.encode(to: encoder) }
}
