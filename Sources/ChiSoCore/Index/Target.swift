/// A target assigned by the province (chỉ tiêu giao), e.g. "online payment ≥ 60% for districts in 2024".
public struct Target: Hashable, Sendable {
    /// Whom a target applies to.
    public enum Scope: Hashable, Sendable {
        case all
        case kind(Unit.Kind)
        case unit(String)

        var specificity: Int {
            switch self {
            case .all: return 0
            case .kind: return 1
            case .unit: return 2
            }
        }

        func matches(_ unit: Unit) -> Bool {
            switch self {
            case .all: return true
            case .kind(let k): return unit.kind == k
            case .unit(let c): return unit.code == c
            }
        }
    }

    public var indicator: Indicator
    public var scope: Scope
    /// The period the target is set for: usually a year, sometimes a quarter.
    public var period: Period
    /// Target rate in percent.
    public var percent: Double
    /// The decision that set it, e.g. "235/QĐ-UBND".
    public var source: String

    public init(indicator: Indicator, scope: Scope, period: Period, percent: Double, source: String = "") {
        self.indicator = indicator
        self.scope = scope
        self.period = period
        self.percent = percent
        self.source = source
    }
}

/// A unit's standing against a target.
public struct TargetResult: Hashable, Sendable {
    public let unit: Unit
    public let target: Target
    public let count: Count
    /// Actual rate, nil when the denominator is 0.
    public var actual: Double? { count.rate }
    /// Whether the target was met; nil when there was nothing to measure.
    public var met: Bool? { actual.map { Decimal2.round($0) >= Decimal2.round(target.percent) } }
    /// Actual minus target, in percentage points; nil when there was nothing to measure.
    public var gap: Double? { actual.map { $0 - target.percent } }
}

extension Target {
    /// For every unit and targeted indicator, the target that applies in `period` and the unit's result.
    ///
    /// The target that applies is the most specific one: a unit's own before its kind's before all
    /// units'; then one set for exactly the period before one set for a longer period containing it.
    public static func evaluate(_ targets: [Target], figures: [UnitFigures], period: Period) -> [TargetResult] {
        let applicable = targets.filter { $0.period == period || ($0.period.contains(period.start) && $0.period.contains(period.end)) }
        let indicators = Array(Set(applicable.map(\.indicator))).sorted()
        var out: [TargetResult] = []
        for f in figures {
            for indicator in indicators {
                let best = applicable.filter { $0.indicator == indicator && $0.scope.matches(f.unit) }.max {
                    ($0.scope.specificity, $0.period == period ? 1 : 0) < ($1.scope.specificity, $1.period == period ? 1 : 0)
                }
                if let best { out.append(TargetResult(unit: f.unit, target: best, count: f.counts[indicator])) }
            }
        }
        return out
    }
}
