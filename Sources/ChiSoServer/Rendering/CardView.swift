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
