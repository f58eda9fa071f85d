public import ChiSoCore

/// A date, for tests: `d(2026, 2, 13)`.
public func d(_ y: Int, _ m: Int, _ day: Int) -> LocalDate { LocalDate(year: y, month: m, day: day)! }

/// A local instant, for tests: `t(2026, 2, 13, 16)`.
public func t(_ y: Int, _ m: Int, _ day: Int, _ h: Int = 0, _ min: Int = 0) -> Instant { Instant(local: d(y, m, day), hour: h, minute: min) }
