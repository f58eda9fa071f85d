/// A unit's standing against an earlier period.
public struct Comparison: Hashable, Sendable {
    /// The earlier total.
    public let total: Double
    /// The earlier rank, nil when the unit was not ranked then.
    public let rank: Int?
    /// The earlier classification; nil when the unit was not classified then (no dossier).
    public let classification: String?
    /// Points gained (negative when lost), from rounded totals as displayed.
    public let pointChange: Double
    /// Places gained (positive) or lost (negative); nil when there was no earlier rank.
    public let rankChange: Int?

    /// Whether the classification changed.
    public func classificationChanged(from current: String?) -> Bool { current != classification }

    /// The rank change as printed in the notices: "▲3", "▼1", or "–" when unchanged or unknown.
    public var rankChangeSymbol: String {
        guard let change = rankChange, change != 0 else { return "–" }
        return change > 0 ? "▲\(change)" : "▼\(-change)"
    }

    /// The point change as printed: "▲0,24", "▼1,06", or "–".
    public var pointChangeSymbol: String {
        let r = Decimal2.round(pointChange)
        guard r != 0 else { return "–" }
        return (r > 0 ? "▲" : "▼") + Decimal2.vietnamese(abs(r))
    }
}

/// A unit's score with its rank in its level and its comparisons.
public struct RankedScore: Hashable, Sendable {
    public let score: UnitScore
    public let rank: Int
    public let previous: Comparison?
    public let sameLastYear: Comparison?

    public var unit: Unit { score.unit }
}

/// Ranking of units within a level (DOMAIN §5, issue: equal totals share a rank; equals ordered by name).
public enum Ranking {
    /// Orders scores by total (as displayed, 2 decimals) descending, then by name, and gives competition
    /// ranks: equal totals share a rank and the next rank skips (1, 2, 2, 4).
    public static func rank(_ scores: [UnitScore]) -> [(score: UnitScore, rank: Int)] {
        let sorted = scores.sorted {
            let a = Decimal2.round($0.total)
            let b = Decimal2.round($1.total)
            return a != b ? a > b : ($0.unit.name, $0.unit.code) < ($1.unit.name, $1.unit.code)
        }
        var out: [(UnitScore, Int)] = []
        out.reserveCapacity(sorted.count)
        for (i, s) in sorted.enumerated() {
            if i > 0, Decimal2.round(sorted[i - 1].total) == Decimal2.round(s.total) {
                out.append((s, out[i - 1].1))
            } else {
                out.append((s, i + 1))
            }
        }
        return out.map { (score: $0.0, rank: $0.1) }
    }

    /// Ranks the current scores and compares each unit with the previous period and the same period of
    /// last year (each ranked among its own scores).
    public static func ranked(current: [UnitScore], previous: [UnitScore] = [], sameLastYear: [UnitScore] = []) -> [RankedScore] {
        let before = index(previous)
        let lastYear = index(sameLastYear)
        return rank(current).map { entry in
            RankedScore(
                score: entry.score, rank: entry.rank,
                previous: compare(entry, before[entry.score.unit.code]),
                sameLastYear: compare(entry, lastYear[entry.score.unit.code]))
        }
    }

    private static func index(_ scores: [UnitScore]) -> [String: (score: UnitScore, rank: Int)] {
        Dictionary(rank(scores).map { ($0.score.unit.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    private static func compare(_ now: (score: UnitScore, rank: Int), _ then: (score: UnitScore, rank: Int)?) -> Comparison? {
        guard let then else { return nil }
        return Comparison(
            total: then.score.total, rank: then.rank, classification: then.score.classification,
            pointChange: Decimal2.round(now.score.total) - Decimal2.round(then.score.total), rankChange: then.rank - now.rank)
    }
}
