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
