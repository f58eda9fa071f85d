import ChiSoCore

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
