public import ChiSoCore

/// The national ranking of provinces as the national portal publishes it (the notice's top-10 table and the
/// province's national rank).
///
/// ChiSo computes one province's figures; the ranking of all 63 (34 since 2025) provinces comes from the
/// portal: from a stored snapshot of its `service-results` (``init(standing:)``), or, as a fallback, from a
/// hand-made table (`chiso report --national FILE`).
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
    /// The number of provinces ranked, when the portal's answer says it (provinces without a score included);
    /// the number of entries otherwise.
    public var provinceCount: Int?
    /// Where the ranking comes from, printed under the top-10 table, when known.
    public var sourceNote: String?

    /// Creates a ranking.
    public init(entries: [Entry], provinceCount: Int? = nil, sourceNote: String? = nil) {
        self.entries = entries
        self.provinceCount = provinceCount
        self.sourceNote = sourceNote
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

extension NationalRanking {
    /// The ranking of a snapshot's `service-results`, with each province's previous score and rank when the
    /// previous period's snapshot was read, and the source line naming the portal and the time of export.
    public init(standing: NationalStanding) {
        let before = Dictionary(standing.previousEntries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.init(
            entries: standing.entries.map {
                Entry(province: $0.name, score: $0.total, previousScore: before[$0.name]?.total, rank: $0.rank, previousRank: before[$0.name]?.rank)
            })
        provinceCount = standing.provinceCount
        sourceNote = "Nguồn: Cổng Dịch vụ công quốc gia, số liệu trích xuất lúc \(Blocks.moment(standing.takenAt))"
    }
}
