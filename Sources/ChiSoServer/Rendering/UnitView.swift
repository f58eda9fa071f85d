import ChiSoCore

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
