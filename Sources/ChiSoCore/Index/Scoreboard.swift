/// Everything `chiso score` shows: each unit's score, rank within its level, comparisons with the
/// previous period and the same period of last year, its figures and its targets.
public struct Scoreboard: Sendable {
    public struct Entry: Sendable {
        public let ranked: RankedScore
        public let figures: UnitFigures
        public let targets: [TargetResult]

        public var unit: Unit { ranked.unit }
        public var score: UnitScore { ranked.score }
    }

    public let methodology: Methodology
    public let period: Period
    /// The instant open dossiers were judged at.
    public let asOf: Instant
    /// Entries by level (province, department, district, commune, other), each level in rank order.
    public let entries: [Entry]
    /// Whether the previous period, or the same period of last year, began before the methodology took
    /// effect: the comparison then spans a change of formula and is flagged.
    public let comparisonSpansFormulaChange: Bool

    /// Scores, ranks and compares.
    ///
    /// - Parameters:
    ///   - levels: the kinds of unit to include; all when nil.
    ///   - previous: the aggregation of the previous period, if known.
    ///   - sameLastYear: the aggregation of the same period last year, if known.
    public init(
        methodology: Methodology, current: Aggregation, previous: Aggregation? = nil, sameLastYear: Aggregation? = nil,
        targets: [Target] = [], levels: Set<Unit.Kind>? = nil
    ) {
        func scores(_ aggregation: Aggregation?, kind: Unit.Kind) -> [UnitScore] {
            guard let aggregation else { return [] }
            return aggregation.figures.filter { $0.unit.kind == kind && $0.unit.isValid(during: aggregation.period) }
                .map { methodology.score(unit: $0.unit, counts: $0.counts) }
        }
        let targetResults = Target.evaluate(targets, figures: current.figures, period: current.period)
        var entries: [Entry] = []
        for kind in Unit.Kind.allCases where levels?.contains(kind) ?? true {
            let ranked = Ranking.ranked(
                current: scores(current, kind: kind), previous: scores(previous, kind: kind), sameLastYear: scores(sameLastYear, kind: kind))
            for r in ranked {
                entries.append(
                    Entry(ranked: r, figures: current[r.unit.code]!, targets: targetResults.filter { $0.unit.code == r.unit.code }))
            }
        }
        self.methodology = methodology
        self.period = current.period
        self.asOf = current.asOf
        self.entries = entries
        self.comparisonSpansFormulaChange =
            [previous, sameLastYear].contains { $0.map { $0.period.start < methodology.effectiveFrom } ?? false }
    }
}
