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

/// The overdue and due-soon dossiers as a table (unit page, province-wide list).
struct OverdueTableView {
    struct Row {
        let code: String
        let unitName: String
        let unitLink: String
        let procedure: String
        let received: String
        let deadline: String
        let overdue: Bool
        let days: Int
    }

    let showUnit: Bool
    let rows: [Row]
    /// Dossiers left out of the table (beyond its length); nil when none.
    let more: Int?

    init(_ items: [OverdueItem], catalogue: Catalogue, showUnit: Bool, limit: Int = 200) {
        self.showUnit = showUnit
        rows = items.prefix(limit).map { o in
            Row(
                code: o.dossier.code, unitName: catalogue.unit(o.dossier.unitCode)?.name ?? o.dossier.unitCode,
                unitLink: "/don-vi/\(HTML.query(o.dossier.unitCode))", procedure: o.procedureName.isEmpty ? o.dossier.procedureCode : o.procedureName,
                received: o.dossier.receivedAt.vietnamese, deadline: o.deadline.vietnamese, overdue: o.overdue, days: o.workingDays)
        }
        more = items.count > limit ? items.count - limit : nil
    }
}

/// The province-wide list of overdue and due-soon dossiers (`/qua-han`).
struct OverduePageView {
    let unitOptions: [SelectorView.Option]
    let within: Int
    let overdueTotal: Int
    let dueSoonTotal: Int
    let filteredUnit: String?
    let table: OverdueTableView?
    let export: ExportLinksView
}

/// A unit's page (`unit` template).
struct UnitView {
    struct IndicatorRow {
        let name: String
        let numerator: Int
        let denominator: Int
        let rate: String
        let points: String
        let max: String
        let targetHTML: String
    }

    struct IndicatorGroup {
        let name: String
        let rows: [IndicatorRow]
    }

    struct ProcedureRow {
        let link: String
        let label: String
        let dossiers: Int
        let onTime: Int
        let overdueEnded: Int
        let openOverdue: Int
        let online: Int
    }

    let heading: String
    let selector: SelectorView
    let formulaNote: String?
    let notice: NoticeView?
    let hasResults: Bool
    let summaryCards: CardsView?
    let radarChart: String
    let groupsChart: String
    let trendLink: String
    let indicatorGroups: [IndicatorGroup]
    let indicatorExport: ExportLinksView
    let portal: String
    let overdueTable: OverdueTableView?
    let overdueExport: ExportLinksView
    let whatIf: String
    let procedures: [ProcedureRow]
}

/// The drill-down of one procedure in a unit.
struct ProcedureView {
    struct Row {
        let code: String
        let unitName: String
        let received: String
        let deadline: String
        let outcome: String
    }

    let heading: String
    let selector: SelectorView
    let summary: String?
    let rows: [Row]
}

/// The public page of a closed period.
struct PublicView {
    let heading: String
    let selector: SelectorView
    let method: String
    let notice: NoticeView?
    let rankings: [RankingView]
}

/// A unit's trend: month by month over the last twelve months, and day by day in the open month.
struct TrendView {
    struct Row {
        let label: String
        let total: String
        let points: [String]
        let noDossiers: Bool
    }

    struct Table {
        let id: String
        let caption: String
        let firstColumn: String
        let groups: [String]
        let rows: [Row]
        let chart: String
        /// The columns of a row's figures (total and groups), for the "no dossier" cell.
        let columns: Int
    }

    let heading: String
    let unitLink: String
    let formulaNote: String?
    let tables: [Table]
}
