import ChiSoCore

/// The overview of the province (`overview` template).
struct OverviewView {
    struct DocumentLink {
        let name: String
        /// The document's address up to its `format=` parameter.
        let base: String
    }

    struct UnmetTarget {
        let name: String
        let link: String
        let text: String
    }

    let heading: String
    let selector: SelectorView
    let asOf: String
    let formulaNote: String?
    let notice: NoticeView?
    let overdueSummary: OverdueSummaryView
    /// Whether the period has figures (false: the notice stands in for them).
    let hasResults: Bool
    let summaryCards: CardsView?
    let trendChart: String
    let radarChart: String?
    let trendLink: String?
    let rankings: [RankingView]
    let documents: [DocumentLink]
    let targetsMet: Bool
    let unmet: [UnmetTarget]
    let missingTargets: String?
}

/// The overdue counts on the overview, with the units that have most.
struct OverdueSummaryView {
    struct UnitLine {
        let name: String
        let filterLink: String
        let overdueCount: Int
        let dueSoonCount: Int
    }

    let overdueTotal: Int
    let dueSoonTotal: Int
    let within: Int
    let units: [UnitLine]
    /// Stored, not computed: the templates read stored properties only.
    let hasUnits: Bool

    init(_ items: [OverdueItem], catalogue: Catalogue, within: Int) {
        overdueTotal = items.count(where: \.overdue)
        dueSoonTotal = items.count - overdueTotal
        self.within = within
        var byUnit: [String: (overdue: Int, soon: Int)] = [:]
        for item in items {
            if item.overdue {
                byUnit[item.dossier.unitCode, default: (0, 0)].overdue += 1
            } else {
                byUnit[item.dossier.unitCode, default: (0, 0)].soon += 1
            }
        }
        let worst = byUnit.sorted { a, b in
            (a.value.overdue, a.value.soon) != (b.value.overdue, b.value.soon)
                ? (a.value.overdue, a.value.soon) > (b.value.overdue, b.value.soon) : a.key < b.key
        }
        units = worst.prefix(10).map { code, n in
            UnitLine(
                name: catalogue.unit(code)?.name ?? code, filterLink: "/qua-han?unit=\(HTML.query(code))", overdueCount: n.overdue,
                dueSoonCount: n.soon)
        }
        hasUnits = !units.isEmpty
    }
}
