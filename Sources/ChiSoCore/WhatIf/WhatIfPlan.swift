/// "What it would take": the fewest changes that bring a unit to a goal in a period, and the open dossiers
/// that will cost points if nothing is done. Made by ``WhatIf/plan(unit:goal:period:now:data:)``.
public struct WhatIfPlan: Hashable, Sendable {
    /// Whether the goal can be reached.
    public enum Status: String, Hashable, Sendable, Codable {
        /// The unit reaches the goal at the end of the period without any change.
        case reached
        /// The steps reach it.
        case reachable
        /// It cannot be reached in the period: see ``Obstacle``.
        case unreachable
    }

    /// Why a goal cannot be reached.
    public enum Obstacle: String, Hashable, Sendable, Codable {
        /// The period has ended: its figures can no longer change.
        case periodEnded = "period_ended"
        /// The unit has no dossier in the period: it is not classified (DOMAIN §4a D11).
        case notClassified = "not_classified"
        /// The unit is heading for the top band already.
        case topClass = "top_class"
        /// No target is assigned to the unit for the period, or none can be measured.
        case noTargets = "no_targets"
        /// The goal lies outside the scale (more points than the maximum, a rank below 1 or past the level).
        case outOfRange = "out_of_range"
        /// Even every possible change falls short.
        case notEnoughActions = "not_enough_actions"
    }

    /// A unit's standing at one instant: total, classification, rank in its level, targets met.
    public struct Standing: Hashable, Sendable, Codable {
        public let total: Double
        /// The band's name; nil when the unit is not classified.
        public let classification: String?
        public let rank: Int
        /// Units ranked in the level.
        public let rankedUnits: Int
        public let targetsMet: Int
        /// Targets that can be measured (a denominator above 0).
        public let targetsMeasured: Int

        enum CodingKeys: String, CodingKey {
            case total, classification, rank, rankedUnits = "ranked_units", targetsMet = "targets_met", targetsMeasured = "targets_measured"
        }
    }

    /// Actions of one kind, in the order they are suggested.
    public struct Step: Hashable, Sendable {
        public let action: WhatIfAction
        /// The dossiers (or petitions) the actions concern, most urgent first.
        public let codes: [String]
        /// Points the step adds to those before it.
        public let pointsGained: Double
        /// The total once this step and those before it are done.
        public let totalAfter: Double

        public var count: Int { codes.count }
        /// Points gained per action.
        public var pointsPerAction: Double { codes.isEmpty ? 0 : pointsGained / Double(codes.count) }
    }

    /// An open dossier that will turn overdue before the end of the period if nothing is done.
    public struct AtRisk: Hashable, Sendable {
        public let dossierCode: String
        public let unitCode: String
        public let procedureCode: String
        /// The deadline the rules apply.
        public let deadline: Instant
        /// The first instant the dossier is overdue.
        public let overdueFrom: Instant
    }

    public let unit: Unit
    public let period: Period
    public let goal: WhatIfGoal
    /// The instant the plan was made at: actions take effect from it.
    public let asOf: Instant
    public let status: Status
    /// Why the goal cannot be reached; nil unless `status` is `.unreachable`.
    public let obstacle: Obstacle?
    /// The standing as of `asOf`.
    public let current: Standing
    /// The standing at the end of the period if nothing is done.
    public let projected: Standing
    /// The standing once the steps are done; when unreachable, the best every possible change gives.
    public let achieved: Standing
    /// The total the goal needs (points and next class), nil for the other goals.
    public let requiredTotal: Double?
    /// The band the goal aims at (next class).
    public let requiredClassification: String?
    /// The steps, by points gained per action, highest first.
    public let steps: [Step]
    /// The open dossiers that will turn overdue, soonest first.
    public let atRisk: [AtRisk]
    /// Points the dossiers at risk cost at the end of the period.
    public let pointsAtRisk: Double

    /// Actions in all steps.
    public var actionCount: Int { steps.reduce(0) { $0 + $1.count } }

    /// Why the goal cannot be reached, as a user reads it; nil when it can.
    public var obstacleText: String? {
        guard let obstacle else { return nil }
        switch obstacle {
        case .periodEnded: return "Kỳ \(period.vietnameseName) đã kết thúc: số liệu của kỳ không còn thay đổi được."
        case .notClassified: return "Đơn vị không phát sinh hồ sơ trong kỳ nên không được xếp loại."
        case .topClass: return "Đơn vị đã ở mức xếp loại cao nhất (\(projected.classification ?? "-"))."
        case .noTargets: return "Đơn vị chưa được giao chỉ tiêu nào đo được trong kỳ \(period.vietnameseName)."
        case .outOfRange: return "Mục tiêu nằm ngoài thang điểm hoặc ngoài số đơn vị được xếp hạng trong cấp."
        case .notEnoughActions:
            return "Kể cả khi thực hiện mọi thay đổi có thể trong kỳ, đơn vị chỉ đạt \(Decimal2.vietnamese(achieved.total)) điểm"
                + ", hạng \(achieved.rank)/\(achieved.rankedUnits), \(achieved.targetsMet)/\(achieved.targetsMeasured) chỉ tiêu."
        }
    }
}

extension WhatIfPlan: Encodable {
    private enum Keys: String, CodingKey {
        case schema, unit, unitName = "unit_name", period, goal, asOf = "as_of", status, obstacle, obstacleText = "obstacle_text"
        case current, projected, achieved, requiredTotal = "required_total", requiredClassification = "required_classification"
        case actions, steps, atRisk = "at_risk", pointsAtRisk = "points_at_risk"
    }

    private enum StepKeys: String, CodingKey {
        case action, name, count, codes, pointsGained = "points_gained", pointsPerAction = "points_per_action", totalAfter = "total_after"
    }

    private enum AtRiskKeys: String, CodingKey {
        case dossier, unit, procedure, deadline, overdueFrom = "overdue_from"
    }

    /// The JSON answer of `chiso what-if --format json` and `GET /api/v1/units/{code}/what-if` (schema `chiso.what-if/1`).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode("chiso.what-if/1", forKey: .schema)
        try c.encode(unit.code, forKey: .unit)
        try c.encode(unit.name, forKey: .unitName)
        try c.encode(period.description, forKey: .period)
        try c.encode(goal.description, forKey: .goal)
        try c.encode(asOf.isoText, forKey: .asOf)
        try c.encode(status, forKey: .status)
        try c.encode(obstacle, forKey: .obstacle)
        try c.encode(obstacleText, forKey: .obstacleText)
        try c.encode(current.rounded, forKey: .current)
        try c.encode(projected.rounded, forKey: .projected)
        try c.encode(achieved.rounded, forKey: .achieved)
        try c.encode(requiredTotal.map { Decimal2.round($0) }, forKey: .requiredTotal)
        try c.encode(requiredClassification, forKey: .requiredClassification)
        try c.encode(actionCount, forKey: .actions)
        var steps = c.nestedUnkeyedContainer(forKey: .steps)
        for s in self.steps {
            var o = steps.nestedContainer(keyedBy: StepKeys.self)
            try o.encode(s.action, forKey: .action)
            try o.encode(s.action.vietnamese, forKey: .name)
            try o.encode(s.count, forKey: .count)
            try o.encode(s.codes, forKey: .codes)
            try o.encode(Decimal2.round(s.pointsGained), forKey: .pointsGained)
            try o.encode(Decimal2.round(s.pointsPerAction, places: 4), forKey: .pointsPerAction)
            try o.encode(Decimal2.round(s.totalAfter), forKey: .totalAfter)
        }
        var risks = c.nestedUnkeyedContainer(forKey: .atRisk)
        for r in atRisk {
            var o = risks.nestedContainer(keyedBy: AtRiskKeys.self)
            try o.encode(r.dossierCode, forKey: .dossier)
            try o.encode(r.unitCode, forKey: .unit)
            try o.encode(r.procedureCode, forKey: .procedure)
            try o.encode(r.deadline.isoText, forKey: .deadline)
            try o.encode(r.overdueFrom.isoText, forKey: .overdueFrom)
        }
        try c.encode(Decimal2.round(pointsAtRisk), forKey: .pointsAtRisk)
    }
}

extension WhatIfPlan.Standing {
    /// The standing with its total rounded as displayed (2 decimals).
    var rounded: WhatIfPlan.Standing {
        .init(
            total: Decimal2.round(total), classification: classification, rank: rank, rankedUnits: rankedUnits, targetsMet: targetsMet,
            targetsMeasured: targetsMeasured)
    }
}

extension Instant {
    /// ISO 8601 local time with the offset: `2026-03-05T17:00:00+07:00`.
    var isoText: String {
        let text = description
        return String(text.prefix(10)) + "T" + String(text.dropFirst(11)) + "+07:00"
    }
}
