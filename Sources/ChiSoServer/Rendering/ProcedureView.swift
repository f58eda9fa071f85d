import ChiSoCore

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
