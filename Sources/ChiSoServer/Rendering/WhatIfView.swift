import ChiSoCore

/// The unit page's "what it would take" section.
struct WhatIfView {
    struct Choice {
        let value: String
        let name: String
        let selected: Bool
    }

    struct Plan {
        struct Step {
            let action: String
            let count: Int
            let perAction: String
            let gained: String
            let totalAfter: String
            let codes: String
        }

        struct Risk {
            let code: String
            let unit: String
            let procedure: String
            let deadline: String
            let from: String
        }

        let goal: String
        let required: String?
        let current: String
        let projected: String
        let reached: Bool
        let obstacle: String?
        let reachable: Bool
        let actionCount: Int
        let steps: [Step]
        let achieved: String
        let noRisk: Bool
        let riskCount: Int
        let pointsAtRisk: String
        let risks: [Risk]

        init(_ plan: WhatIfPlan) {
            func standing(_ s: WhatIfPlan.Standing) -> String {
                "\(HTML.points(s.total)) điểm, \(s.classification ?? UnitScore.notClassifiedLabel), hạng \(s.rank)/\(s.rankedUnits)"
                    + (s.targetsMeasured > 0 ? ", đạt \(s.targetsMet)/\(s.targetsMeasured) chỉ tiêu" : "")
            }
            goal = plan.goal.vietnamese
            required = plan.requiredTotal.map { "cần \(HTML.points($0)) điểm" + (plan.requiredClassification.map { ", xếp loại " + $0 } ?? "") }
            current = standing(plan.current)
            projected = standing(plan.projected)
            reached = plan.status == .reached
            obstacle = plan.status == .unreachable ? plan.obstacleText ?? "" : nil
            reachable = plan.status == .reachable
            actionCount = plan.actionCount
            steps = plan.steps.map { s in
                Step(
                    action: s.action.vietnamese, count: s.count, perAction: Decimal2.vietnamese(s.pointsPerAction, places: 4),
                    gained: HTML.points(s.pointsGained),
                    totalAfter: HTML.points(s.totalAfter),
                    codes: s.codes.prefix(30).joined(separator: ", ") + (s.count > 30 ? ", … (\(s.count - 30) mã khác)" : ""))
            }
            achieved = standing(plan.achieved)
            noRisk = plan.atRisk.isEmpty
            riskCount = plan.atRisk.count
            pointsAtRisk = HTML.points(plan.pointsAtRisk)
            risks = plan.atRisk.prefix(200).map { r in
                Risk(
                    code: r.dossierCode, unit: r.unitCode, procedure: r.procedureCode, deadline: r.deadline.vietnamese,
                    from: r.overdueFrom.localDate.vietnamese)
            }
        }
    }

    let action: String
    let period: String
    let choices: [Choice]
    let number: String
    let prompt: Bool
    let invalid: String?
    let plan: Plan?

    init(code: String, period: Period, goal: WhatIfGoal, prompt: Bool, invalid: String?, plan: Plan?) {
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
        action = "/don-vi/\(HTML.query(code))#what-if"
        self.period = period.description
        choices = [
            ("next-class", "Lên mức xếp loại kế tiếp"), ("target", "Đạt mọi chỉ tiêu được giao"), ("points:", "Đạt số điểm…"),
            ("rank:", "Đứng hạng… trong cấp"),
        ].map { value, name in Choice(value: value, name: name, selected: value == kind || value == kind + ":") }
        self.number = number
        self.prompt = prompt
        self.invalid = invalid
        self.plan = plan
    }
}
