import ChiSoCore

/// A card of the cards row (a total or a group), with the same period of last year when known.
struct CardView {
    struct LastYear {
        let total: String
        /// The difference as a coloured `+`/`−` span; nil when there is none.
        let differenceHTML: String?
    }

    let title: String
    let value: String
    let max: String
    /// The unit whose total the live script refreshes in place.
    let unitCode: String?
    /// A line under the value (classification, rank), already rendered.
    let noteHTML: String?
    let lastYear: LastYear?

    init(title: String, value: String, max: String, unitCode: String? = nil, noteHTML: String? = nil, lastYear: LastYear? = nil) {
        self.title = title
        self.value = value
        self.max = max
        self.unitCode = unitCode
        self.noteHTML = noteHTML
        self.lastYear = lastYear
    }

    /// The same period last year beside a value: its points and the change since.
    static func lastYear(now: Double, then: Double?) -> LastYear? {
        guard let then else { return nil }
        let difference = HTML.pointChange(now - then)
        return LastYear(total: HTML.points(then), differenceHTML: difference == "–" ? nil : difference)
    }

    /// A unit's total and group cards, each beside the same period last year when its score is known.
    static func unitCards(_ score: UnitScore, lastYear: UnitScore?, title: String, noteHTML: String?) -> [CardView] {
        [
            CardView(
                title: title, value: HTML.points(score.total), max: "100", unitCode: score.unit.code, noteHTML: noteHTML,
                lastYear: Self.lastYear(now: score.total, then: lastYear?.total))
        ]
            + score.groups.enumerated().map { i, g in
                CardView(
                    title: g.name, value: HTML.points(g.points), max: HTML.number(g.max),
                    lastYear: Self.lastYear(now: g.points, then: lastYear?.groups.indices.contains(i) == true ? lastYear?.groups[i].points : nil))
            }
    }
}

/// The cards row.
struct CardsView {
    let label: String
    let cards: [CardView]
}

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

/// The note shown instead of results where there is nothing to score (DOMAIN §4a D11).
struct NoticeView {
    let text: String
}

/// A short page: a title, an optional period selector and a message.
struct MessageView {
    let title: String
    let selector: SelectorView?
    let text: String
    let refused: Bool
}

/// "Download as Excel or CSV" links; `base` ends with `?` or `&`.
struct ExportLinksView {
    let base: String
    let what: String
}
