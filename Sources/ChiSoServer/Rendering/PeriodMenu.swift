import ChiSoCore

/// The period menu of the pages: the months, quarters, half-years, nine months and years around the current date,
/// grouped by kind (DOMAIN: kỳ báo cáo tháng, quý, 6 tháng, 9 tháng, năm).
enum PeriodMenu {
    /// The periods offered, newest first within each kind: the open ones too, or only those that have ended.
    static func periods(now: Instant, closedOnly: Bool) -> [Period] {
        let d = now.localDate
        func back(_ first: Period, _ count: Int) -> [Period] {
            var out = [first]
            while out.count < count { out.append(out[out.count - 1].previous) }
            return out
        }
        let all =
            back(.month(d.year, d.month), 13) + back(.quarter(d.year, (d.month - 1) / 3 + 1), 5) + back(.halfYear(d.year, d.month <= 6 ? 1 : 2), 3)
            + back(.nineMonths(d.year), 2) + back(.year(d.year), 3)
        return all.filter { $0.startInstant <= now && (!closedOnly || $0.endInstant <= now) }
    }

    /// The menu's heading for a kind of period.
    static func label(_ kind: Period.Kind) -> String {
        switch kind {
        case .month: return "Tháng"
        case .quarter: return "Quý"
        case .halfYear: return "6 tháng"
        case .nineMonths: return "9 tháng"
        case .year: return "Năm"
        case .range: return "Khoảng ngày"
        }
    }
}

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
