/// The province's place among all provinces from a snapshot's `service-results` (DOMAIN §6, §7.1): its total,
/// its rank among the provinces the answer lists, the change against the previous period's snapshot, and the top.
public struct NationalStanding: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public let name: String
        public let total: Double
        /// Competition rank by total as published (2 decimals): equal totals share a rank.
        public let rank: Int
    }

    /// The province itself.
    public let province: Entry
    /// The province in the previous period's snapshot, when it was read.
    public let previous: Entry?
    /// The number of provinces the answer lists (with a total or not).
    public let provinceCount: Int
    /// The first provinces by rank.
    public let top: [Entry]
    /// The ranking of every province with a total.
    public let entries: [Entry]
    /// The ranking of the previous period's snapshot, empty when none was read.
    public let previousEntries: [Entry]
    public let takenAt: Instant

    /// Places gained (positive) or lost since the previous period; nil when unknown.
    public var rankChange: Int? { previous.map { $0.rank - province.rank } }
    /// Points gained (negative when lost) since the previous period, from totals as published.
    public var pointChange: Double? { previous.map { Decimal2.round(province.total) - Decimal2.round($0.total) } }

    /// The standing in a snapshot; nil when it lists no provinces, or the province is not among them.
    ///
    /// The province is found by the snapshot's province id, else by the code or name of its own row.
    public init?(snapshot: NationalSnapshot, previous: NationalSnapshot? = nil, topCount: Int = 10) {
        let entries = NationalStanding.ranked(snapshot.provinces)
        guard let own = NationalStanding.find(in: snapshot, ranked: entries) else { return nil }
        self.province = own
        self.entries = entries
        self.provinceCount = snapshot.provinces.count
        self.top = Array(entries.prefix { $0.rank <= topCount })
        self.takenAt = snapshot.takenAt
        let before = previous.map { NationalStanding.ranked($0.provinces) } ?? []
        self.previousEntries = before
        self.previous = previous.flatMap { NationalStanding.find(in: $0, ranked: before, like: snapshot) }
    }

    static func ranked(_ provinces: [NationalProvinceResult]) -> [Entry] {
        let rows = provinces.compactMap { p in p.total.map { (p, $0) } }
            .sorted { Decimal2.round($0.1) != Decimal2.round($1.1) ? $0.1 > $1.1 : $0.0.name < $1.0.name }
        var out: [Entry] = []
        for (i, (p, total)) in rows.enumerated() {
            let rank = i > 0 && Decimal2.round(rows[i - 1].1) == Decimal2.round(total) ? out[i - 1].rank : i + 1
            out.append(Entry(name: p.name, total: total, rank: rank))
        }
        return out
    }

    /// The province's name without "UBND", "tỉnh" or "thành phố": "UBND tỉnh Bình Phước" → "binh phuoc".
    static func placeName(_ name: String) -> String {
        var form = VietnameseName.comparisonForm(name)
        for prefix in ["tinh ", "thanh pho ", "tp "] where form.hasPrefix(prefix) { form.removeFirst(prefix.count) }
        return form
    }

    private static func find(in snapshot: NationalSnapshot, ranked: [Entry], like reference: NationalSnapshot? = nil) -> Entry? {
        let source = reference ?? snapshot
        let row = source.province
        let id = source.provinceID ?? row?.portalID
        let form = row.map { placeName($0.name) }
        let match =
            snapshot.provinces.first { p in
                (id != nil && p.portalID == id) || (row?.portalCode != nil && p.portalCode == row?.portalCode)
            } ?? snapshot.provinces.first { p in form.map { placeName(p.name) == $0 } ?? false }
        guard let match, match.total != nil else { return nil }
        return ranked.first { $0.name == match.name }
    }
}
