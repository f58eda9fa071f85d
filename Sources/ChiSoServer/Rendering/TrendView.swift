import ChiSoCore

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
