import ChiSoCore
import ChiSoDemo

/// A working calendar with the official days off around the dates the tests use (2025), like the shipped one.
let testCalendar: WorkCalendar = {
    func d(_ y: Int, _ m: Int, _ day: Int) -> LocalDate { LocalDate(year: y, month: m, day: day)! }
    let y2025 = WorkCalendar.Year(
        daysOff: [
            d(2025, 1, 1), d(2025, 1, 27), d(2025, 1, 28), d(2025, 1, 29), d(2025, 1, 30), d(2025, 1, 31), d(2025, 4, 7),
            d(2025, 4, 30), d(2025, 5, 1), d(2025, 5, 2), d(2025, 9, 1), d(2025, 9, 2),
        ],
        makeUpWorkingDays: [d(2025, 4, 26)])
    let y2026 = WorkCalendar.Year(daysOff: [d(2026, 1, 1), d(2026, 4, 30), d(2026, 5, 1), d(2026, 9, 2)], makeUpWorkingDays: [])
    return try! WorkCalendar(years: [2025: y2025, 2026: y2026])
}()

func date(_ y: Int, _ m: Int, _ d: Int) -> LocalDate { LocalDate(year: y, month: m, day: d)! }

/// Whether a dossier is overdue as of `asOf`, by the portal's rules in their simplest form.
func isOverdue(_ d: Dossier, asOf: Instant) -> Bool {
    if d.supplements.count > 1 { return true }
    guard let due = d.dueAt else { return false }
    if let pending = d.supplements.last, pending.suppliedAt == nil { return pending.requestedAt > due }
    if let end = d.processedAt ?? d.stoppedAt {
        var shift: Int64 = 0
        for s in d.supplements { if let supplied = s.suppliedAt { shift += supplied.secondsSinceEpoch - s.requestedAt.secondsSinceEpoch } }
        return end.adding(seconds: -shift) > due
    }
    return due < asOf
}

/// Generated once per configuration and shared by the tests.
enum Fixtures {
    /// Small scale, three months across the merger of 1 July 2025.
    static let acrossMerger = DemoProvince.generate(
        DemoOptions(months: 3, seed: 42, scale: .small, today: date(2025, 8, 14)), calendar: testCalendar)
    /// Province scale, one closed month before the merger.
    static let provinceJune = DemoProvince.generate(
        DemoOptions(months: 1, seed: 7, scale: .province, today: date(2025, 6, 30)), calendar: testCalendar)
}
