import ChiSoCore

/// The period (and level) selector of a page: a GET form, rendered by the `selector` template.
struct SelectorView {
    struct Option {
        let value: String
        let name: String
        let selected: Bool
    }

    struct Group {
        let label: String
        let options: [Option]
    }

    let action: String
    let groups: [Group]
    let hasLevels: Bool
    let levels: [Option]

    /// - Parameters:
    ///   - periods: the periods offered; the selected one is added to its kind's group when missing.
    ///   - level: the level selected (`all` or a unit kind), nil for a page without the level choice.
    init(action: String, periods: [Period], selected: Period, level: String?) {
        var list = periods
        if !list.contains(selected) { list.insert(selected, at: 0) }
        var kinds: [Period.Kind] = []
        for p in list where !kinds.contains(p.kind) { kinds.append(p.kind) }
        self.action = action
        self.groups = kinds.map { kind in
            Group(
                label: PeriodMenu.label(kind),
                options: list.filter { $0.kind == kind }.map {
                    Option(value: $0.description, name: HTML.capitalized($0.vietnameseName), selected: $0 == selected)
                })
        }
        self.hasLevels = level != nil
        self.levels =
            [Option(value: "all", name: "Tất cả", selected: level == "all")]
            + ChiSoCore.Unit.Kind.allCases.map { Option(value: $0.rawValue, name: $0.levelName, selected: level == $0.rawValue) }
    }
}
