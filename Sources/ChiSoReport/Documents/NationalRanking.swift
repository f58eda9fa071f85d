import ChiSoCore

/// The national ranking of provinces as the national portal publishes it (the notice's top-10 table and the
/// province's national rank).
///
/// ChiSo computes one province's figures; the ranking of all 63 (34 since 2025) provinces comes from the
/// portal and is passed in as data (`chiso report --national FILE`).
public struct NationalRanking: Sendable, Hashable {
    /// One province's line.
    public struct Entry: Sendable, Hashable {
        /// The province as the portal names it, e.g. "UBND tỉnh Bình Phước".
        public var province: String
        /// The score of the period (out of 100).
        public var score: Double
        /// The score of the previous period, when published.
        public var previousScore: Double?
        /// The national rank of the period (1 = best).
        public var rank: Int
        /// The national rank of the previous period, when published.
        public var previousRank: Int?

        /// Creates an entry.
        public init(province: String, score: Double, previousScore: Double? = nil, rank: Int, previousRank: Int? = nil) {
            self.province = province
            self.score = score
            self.previousScore = previousScore
            self.rank = rank
            self.previousRank = previousRank
        }

        /// The score with its change as the notices print it: "87,93 ▼1,06", "86,54 ▲0,24"; the score alone
        /// when there is no previous score or no change.
        public var scoreWithChange: String {
            let now = Decimal2.round(score)
            let text = Decimal2.vietnamese(now)
            guard let previousScore else { return text }
            let change = Decimal2.round(now - Decimal2.round(previousScore))
            guard change != 0 else { return text }
            return text + " " + (change > 0 ? "▲" : "▼") + Decimal2.vietnamese(abs(change))
        }
    }

    /// The provinces, in any order.
    public var entries: [Entry]

    /// Creates a ranking.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The entries by rank, then name.
    public var ranked: [Entry] {
        entries.sorted { ($0.rank, $0.province) < ($1.rank, $1.province) }
    }

    /// The entry of a province: the first whose name contains `name`, ignoring case ("Bình Phước" finds
    /// "UBND tỉnh Bình Phước").
    public func entry(for name: String) -> Entry? {
        let needle = name.lowercased()
        guard !needle.isEmpty else { return nil }
        return ranked.first { $0.province.lowercased() == needle } ?? ranked.first { $0.province.lowercased().contains(needle) }
    }
}
