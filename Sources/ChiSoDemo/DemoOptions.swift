public import ChiSoCore

/// The size of a demo province.
public enum DemoScale: String, Hashable, Sendable, CaseIterable {
    /// About 3,000 dossiers a month, a few departments and communes: for tests and quick looks.
    case small
    /// About 65,000 dossiers a month, 18 departments, about 10 districts (before 1 July 2025) and about
    /// 90 communes after: a real province like Bình Phước (seed 000).
    case province
    /// About 250,000 dossiers a month and about 170 communes: a large province like Đồng Nai (seed 004).
    case large
}

/// What to generate.
public struct DemoOptions: Hashable, Sendable {
    /// Number of months up to and including the month of `today` (at least 1).
    public var months: Int
    /// Seed of the generator: the same seed, date and options give the same data.
    public var seed: UInt64
    public var scale: DemoScale
    /// The date the data stops at: the current month is the open period, with dossiers up to this day.
    public var today: LocalDate

    /// Creates options.
    public init(months: Int = 3, seed: UInt64 = 766, scale: DemoScale = .province, today: LocalDate) {
        self.months = max(1, months)
        self.seed = seed
        self.scale = scale
        self.today = today
    }

    /// The first day of the first generated month.
    public var start: LocalDate { today.firstOfMonth(addingMonths: -(months - 1)) }

    /// The moment the data is taken: 17:00 on `today`; nothing happens after it.
    public var asOf: Instant { Instant(local: today, hour: 17) }
}
