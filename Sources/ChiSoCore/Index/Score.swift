/// The points of one indicator for one unit.
public struct IndicatorScore: Hashable, Sendable {
    public let indicator: Indicator
    public let name: String
    public let count: Count
    /// Rate in percent, full precision; nil when the denominator is 0.
    public var rate: Double? { count.rate }
    public let points: Double
    public let max: Double
}

/// The points of one group.
public struct GroupScore: Hashable, Sendable, Identifiable {
    public let id: String
    public let name: String
    public let points: Double
    public let max: Double
    public let indicators: [IndicatorScore]

    /// The group's points as a percentage of its maximum (the portal's "TỶ LỆ %" of a group).
    public var rate: Double? { max > 0 ? points * 100 / max : nil }
}

/// The index of one unit for one period under one methodology.
public struct UnitScore: Hashable, Sendable {
    public let unit: Unit
    public let groups: [GroupScore]
    public let total: Double
    /// The band of the total; nil when the unit had no dossier in the period (denominator 0 of
    /// `dossier_on_time`): such a unit is not classified (DOMAIN §4a D11), shown "-" with a footnote.
    public let classification: String?

    /// The classification as printed: the band's name, or "-" for a unit that is not classified.
    public var classificationLabel: String { classification ?? UnitScore.notClassifiedLabel }

    /// What tables print for a unit that is not classified.
    public static let notClassifiedLabel = "-"
    /// The footnote of a unit that is not classified (DOMAIN §4a D11).
    public static let noDossiersFootnote = "không phát sinh hồ sơ"

    /// The score of a group, by id.
    public func group(_ id: String) -> GroupScore? { groups.first { $0.id == id } }

    /// The score of an indicator.
    public func indicator(_ indicator: Indicator) -> IndicatorScore? {
        for g in groups { if let s = g.indicators.first(where: { $0.indicator == indicator }) { return s } }
        return nil
    }

    /// The groups as a presentation of the methodology arranges them (e.g. five groups in 2024 reports).
    public func groups(in presentation: Methodology.Presentation) -> [GroupScore] {
        presentation.groups.map { pg in
            let members = groups.filter { pg.members.contains($0.id) }
            return GroupScore(
                id: pg.id, name: pg.name, points: members.reduce(0) { $0 + $1.points }, max: members.reduce(0) { $0 + $1.max },
                indicators: members.flatMap(\.indicators))
        }
    }
}

extension Methodology {
    /// The points an indicator earns for a count (DOMAIN §5).
    public func points(_ rule: IndicatorRule, _ count: Count) -> Double {
        switch rule.scoring {
        case .fullPoints: return rule.max
        case .linear, .threshold:
            guard let rate = count.rate else { return rule.zeroRule == .full ? rule.max : 0 }
            if case .threshold(let t) = rule.scoring {
                return rate >= t ? rule.max : rule.max * rate / t
            }
            return Swift.min(rule.max, rule.max * rate / 100)
        }
    }

    /// Scores one unit's counts.
    public func score(unit: Unit, counts: IndicatorCounts) -> UnitScore {
        var total = 0.0
        let groups = self.groups.map { g -> GroupScore in
            let scores = g.indicators.map { rule in
                IndicatorScore(
                    indicator: rule.indicator, name: rule.name, count: counts[rule.indicator],
                    points: self.points(rule, counts[rule.indicator]), max: rule.max)
            }
            let groupPoints = scores.reduce(0) { $0 + $1.points }
            total += groupPoints
            return GroupScore(id: g.id, name: g.name, points: groupPoints, max: g.max, indicators: scores)
        }
        let classified = counts[.dossierOnTime].denominator > 0
        return UnitScore(unit: unit, groups: groups, total: total, classification: classified ? classification(of: total).name : nil)
    }
}
