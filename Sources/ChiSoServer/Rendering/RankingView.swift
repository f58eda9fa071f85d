import ChiSoCore

/// A ranking table of one level, with its bar chart.
struct RankingView {
    struct Row {
        let rank: Int
        let name: String
        let link: String?
        let points: [String]
        let total: String
        let unitCode: String
        let classification: String
        let noDossiers: Bool
        let rankChangeHTML: String
        let previous: String
        let lastYear: String
        let lastYearDifferenceHTML: String
    }

    let title: String
    let id: String
    let groups: [String]
    let rows: [Row]
    let hasUnclassified: Bool
    let chart: String?

    /// - Parameters:
    ///   - period: the period of the units' links; nil for a table without links (the public page).
    ///   - chart: whether the level's bar chart follows the table.
    init(board: Scoreboard, entries: [Scoreboard.Entry], kind: ChiSoCore.Unit.Kind, period: Period?, chart: Bool) {
        title = "Xếp hạng — \(kind.levelName)"
        id = "ranking-\(kind.rawValue)"
        groups = board.methodology.groups.map { "\($0.name) (\(HTML.number($0.max)))" }
        rows = entries.map { e in
            Row(
                rank: e.ranked.rank, name: e.unit.name,
                link: period.map { "/don-vi/\(HTML.query(e.unit.code))?period=\($0)" }, points: e.score.groups.map { HTML.points($0.points) },
                total: HTML.points(e.score.total), unitCode: e.unit.code, classification: e.score.classificationLabel,
                noDossiers: e.figures.hasNoDossiers,
                rankChangeHTML: e.ranked.previous == nil ? "<span class=\"muted\">–</span>" : HTML.rankChange(e.ranked.previous?.rankChange),
                previous: HTML.points(e.ranked.previous?.total), lastYear: HTML.points(e.ranked.sameLastYear?.total),
                lastYearDifferenceHTML: HTML.pointChange(e.ranked.sameLastYear.map { e.score.total - $0.total }))
        }
        hasUnclassified = entries.contains { $0.figures.hasNoDossiers }
        self.chart =
            chart
            ? Charts.bars(
                id: "chart-bars-\(kind.rawValue)", title: "Tổng điểm — \(kind.levelName)",
                items: entries.prefix(40).map { ($0.unit.name, $0.score.total, 100) }) : nil
    }

    /// The tables of every level asked for (all when nil) that has units.
    static func levels(
        board: Scoreboard, levels: Set<ChiSoCore.Unit.Kind>?, period: Period?, chart: (_ count: Int) -> Bool
    ) -> [RankingView] {
        ChiSoCore.Unit.Kind.allCases.compactMap { kind in
            guard levels?.contains(kind) ?? true else { return nil }
            let entries = board.entries.filter { $0.unit.kind == kind }
            guard !entries.isEmpty else { return nil }
            return RankingView(board: board, entries: entries, kind: kind, period: period, chart: chart(entries.count))
        }
    }
}
