/// The portal's figures beside ChiSo's own for one period and one snapshot (DOMAIN §7.2): per unit and indicator,
/// with the difference and, where ChiSo can tell, the dossiers that explain it.
///
/// ChiSo's side is computed by the one scoring path (`IndexAccumulator`, `Methodology.score`) with the instant of
/// judgement at the snapshot's time of export (DOMAIN §4a D7): a closed period taken later sees the dossiers
/// resolved since, an open one is judged when the portal's figures were taken.
public struct Reconciliation: Sendable {
    /// Numerator, denominator, rate (percent) and points of one side; nil where that side gives none.
    public struct Figure: Hashable, Sendable, Codable {
        public var numerator: Double?
        public var denominator: Double?
        public var rate: Double?
        public var points: Double?
        public var maxPoints: Double?

        public init(numerator: Double? = nil, denominator: Double? = nil, rate: Double? = nil, points: Double? = nil, maxPoints: Double? = nil) {
            self.numerator = numerator
            self.denominator = denominator
            self.rate = rate
            self.points = points
            self.maxPoints = maxPoints
        }
    }

    /// One indicator of one unit on both sides.
    public struct IndicatorLine: Sendable {
        public let indicator: Indicator
        public let name: String
        public let portal: Figure?
        public let chiso: Figure?

        /// ChiSo's rate less the portal's, when both are known.
        public var rateDifference: Double? { difference(\.rate) }
        /// ChiSo's points less the portal's, when both are known.
        public var pointsDifference: Double? { difference(\.points) }
        public var denominatorDifference: Double? { difference(\.denominator) }
        public var numeratorDifference: Double? { difference(\.numerator) }

        private func difference(_ field: KeyPath<Figure, Double?>) -> Double? {
            guard let a = chiso?[keyPath: field], let b = portal?[keyPath: field] else { return nil }
            return a - b
        }

        /// Whether the two sides differ in a figure both give (compared as displayed, 2 decimals).
        public var differs: Bool {
            [numeratorDifference, denominatorDifference, rateDifference, pointsDifference].contains {
                $0.map { Decimal2.round($0) != 0 } ?? false
            }
        }
    }

    /// One group of one unit on both sides.
    public struct GroupLine: Sendable {
        public let group: NationalGroup
        public let name: String
        public let maxPoints: Double
        public let portalPoints: Double?
        public let chisoPoints: Double?

        public var pointsDifference: Double? { chisoPoints.flatMap { c in portalPoints.map { c - $0 } } }
    }

    /// Which side holds the unit.
    public enum Presence: String, Hashable, Sendable, Codable {
        case both
        case portalOnly = "portal_only"
        case chisoOnly = "chiso_only"
    }

    /// Where a difference comes from, at dossier level.
    public struct Explanation: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
            /// Dossiers received in the period that never reached the portal (`DaDongBo` 0).
            case notSynced = "not_synced"
            /// Dossiers of a ministry's system (6–7-digit sequence in `MaHoSo`).
            case ministrySystem = "ministry_system"
            /// The two sides count a different number of overdue dossiers.
            case overdueOneSide = "overdue_one_side"
            /// The unit is on one side only.
            case unitOneSide = "unit_one_side"

            /// The Vietnamese description printed in documents and pages.
            public var vietnamese: String {
                switch self {
                case .notSynced: return "Hồ sơ chưa đồng bộ lên Cổng Dịch vụ công quốc gia"
                case .ministrySystem: return "Hồ sơ tiếp nhận trên hệ thống của bộ, ngành"
                case .overdueOneSide: return "Hồ sơ quá hạn chỉ được tính ở một bên"
                case .unitOneSide: return "Đơn vị chỉ có ở một bên"
                }
            }
        }

        public let kind: Kind
        /// The indicators the dossiers move.
        public let indicators: [Indicator]
        /// The dossiers, by code, in code order.
        public let dossierCodes: [String]
        /// For `overdueOneSide`: ChiSo's overdue count less the portal's.
        public let countDifference: Double?
    }

    /// One unit on both sides.
    public struct UnitLine: Sendable {
        public let presence: Presence
        /// ChiSo's unit, nil when the portal's only.
        public let unit: Unit?
        /// The portal's row, nil when ChiSo's only.
        public let portal: NationalUnitFigures?
        public let matchedBy: UnitMatching.Method?
        public let indicators: [IndicatorLine]
        public let groups: [GroupLine]
        public let portalTotal: Double?
        public let chisoTotal: Double?
        /// Classification by the methodology's bands; "-" for a unit with no dossier (DOMAIN §4a D11).
        public let portalClassification: String?
        public let chisoClassification: String?
        /// Rank within the level on each side (the province's portal rank: among all provinces, when published).
        public let portalRank: Int?
        public let chisoRank: Int?
        /// ChiSo's figures of the unit (processing table, counts), nil when the portal's only.
        public let figures: UnitFigures?
        /// The portal's overdue count, when published.
        public let portalOverdue: Double?
        /// ChiSo's overdue dossiers (resolved late and open past the deadline).
        public let chisoOverdue: Int?
        public let explanations: [Explanation]

        public var name: String { unit?.name ?? portal?.name ?? "" }
        public var code: String { unit?.code ?? portal?.key ?? "" }
        public var totalDifference: Double? { chisoTotal.flatMap { c in portalTotal.map { c - $0 } } }

        public func indicator(_ indicator: Indicator) -> IndicatorLine? { indicators.first { $0.indicator == indicator } }
        public func group(_ group: NationalGroup) -> GroupLine? { groups.first { $0.group == group } }
        public func explanation(_ kind: Explanation.Kind) -> Explanation? { explanations.first { $0.kind == kind } }
    }

    public let period: Period
    public let takenAt: Instant
    public let origin: NationalSnapshot.Origin
    public let isComplete: Bool
    public let isProvisional: Bool
    public let methodology: Methodology
    /// The province as a whole, when the snapshot carries its row or ChiSo has a root unit.
    public let province: UnitLine?
    /// The province's standing among all provinces, when the snapshot carries `service-results`.
    public let standing: NationalStanding?
    /// Every other unit: paired ones, then the portal's only, then ChiSo's only.
    public let units: [UnitLine]
    public let matching: UnitMatching

    /// The unit kinds the portal ranks and ChiSo pairs with its rows.
    public static let pairedKinds: Set<Unit.Kind> = [.province, .department, .district, .commune]

    /// Reconciles a snapshot with ChiSo's data.
    ///
    /// - Parameters:
    ///   - mapping: portal id or code → ChiSo unit code (a mapping file).
    ///   - previous: the previous period's snapshot, for the change of national rank.
    public init(
        snapshot: NationalSnapshot, catalogue: Catalogue, dossiers: some Sequence<Dossier>, petitions: some Sequence<Petition> = [Petition](),
        ratings: some Sequence<Rating> = [Rating](), methodology: Methodology, calendar: WorkCalendar, settings: JudgeSettings = .portal,
        mapping: [String: String] = [:], previous: NationalSnapshot? = nil
    ) {
        let period = snapshot.period
        var accumulator = IndexAccumulator(
            catalogue: catalogue, period: period, asOf: snapshot.takenAt, calendar: calendar, settings: settings)
        for r in ratings { accumulator.add(r) }
        for p in petitions { accumulator.add(p) }
        var counted: [(dossier: Dossier, verdict: Verdict, carried: Bool)] = []
        for d in dossiers {
            accumulator.add(d)
            guard catalogue.unit(d.unitCode) != nil else { continue }
            if let (verdict, carried) = accumulator.judgeInPeriod(d, procedure: catalogue.procedure(d.procedureCode)) {
                counted.append((d, verdict, carried))
            }
        }
        let aggregation = accumulator.result()

        let paired = catalogue.units.filter { Reconciliation.pairedKinds.contains($0.kind) && $0.isValid(during: period) }
        let root = paired.first { $0.kind == .province }
        let matching = UnitMatching(portal: snapshot.units, units: paired, mapping: mapping, provinceName: root?.name)

        // ChiSo's scores and ranks within each level.
        var scores: [String: UnitScore] = [:]
        var chisoRanks: [String: Int] = [:]
        for kind in Unit.Kind.allCases {
            let level = paired.filter { $0.kind == kind }.compactMap { unit in
                aggregation[unit.code].map { methodology.score(unit: unit, counts: $0.counts) }
            }
            for entry in Ranking.rank(level) {
                scores[entry.score.unit.code] = entry.score
                chisoRanks[entry.score.unit.code] = entry.rank
            }
        }
        // The portal's ranks within each published level.
        var portalRanks: [String: Int] = [:]
        let children = snapshot.units.filter { !$0.isProvince }
        for level in Set(children.map { $0.level ?? "" }) {
            let rows = children.filter { ($0.level ?? "") == level && $0.total != nil }
                .sorted { Decimal2.round($0.total!) != Decimal2.round($1.total!) ? $0.total! > $1.total! : $0.name < $1.name }
            for (i, row) in rows.enumerated() {
                let shared = i > 0 && Decimal2.round(rows[i - 1].total!) == Decimal2.round(row.total!)
                portalRanks[row.key] = shared ? portalRanks[rows[i - 1].key]! : i + 1
            }
        }

        // Dossiers counted in the period, under every unit whose figures include them (the unit and its parents).
        var dossiersByUnit: [String: [(dossier: Dossier, verdict: Verdict, carried: Bool)]] = [:]
        var parents: [String: String] = [:]
        for unit in catalogue.units { if let p = unit.parentCode { parents[unit.code] = p } }
        for entry in counted {
            var code: String? = entry.dossier.unitCode
            var seen = Set<String>()
            while let c = code, seen.insert(c).inserted {
                dossiersByUnit[c, default: []].append(entry)
                code = parents[c]
            }
        }

        // The province's rank is its national one.
        let standing = NationalStanding(snapshot: snapshot, previous: previous)

        func line(unit: Unit?, portal: NationalUnitFigures?, method: UnitMatching.Method?) -> UnitLine {
            let score = unit.flatMap { scores[$0.code] }
            let figures = unit.flatMap { aggregation[$0.code] }
            let indicators = methodology.indicators.map { rule in
                let portalFigure = portal?.figure(for: rule.indicator).map {
                    Figure(numerator: $0.numerator, denominator: $0.denominator, rate: $0.rate, points: $0.points, maxPoints: $0.maxPoints)
                }
                let own = score?.indicator(rule.indicator).map {
                    Figure(
                        numerator: Double($0.count.numerator), denominator: Double($0.count.denominator), rate: $0.rate, points: $0.points,
                        maxPoints: $0.max)
                }
                return IndicatorLine(indicator: rule.indicator, name: rule.name, portal: portalFigure, chiso: own)
            }
            let groups = NationalGroup.allCases.map { group in
                let own = score?.group(group.methodologyGroupID)
                return GroupLine(
                    group: group, name: methodology.groups.first { $0.id == group.methodologyGroupID }?.name ?? group.rawValue,
                    maxPoints: own?.max ?? group.maxPoints, portalPoints: portal?.groups[group]?.points, chisoPoints: own?.points)
            }
            let entries = unit.map { dossiersByUnit[$0.code] ?? [] } ?? []
            let chisoOverdue = unit == nil ? nil : entries.filter { $0.verdict.isOverdue }.count
            let portalTotal = portal.flatMap { $0.isProvince && $0.publishedTotal == nil && $0.groups.isEmpty ? nil : $0.total }
            let explanations = Reconciliation.explain(entries: entries, unit: unit, portal: portal)
            return UnitLine(
                presence: unit == nil ? .portalOnly : portal == nil ? .chisoOnly : .both, unit: unit, portal: portal, matchedBy: method,
                indicators: indicators, groups: groups, portalTotal: portalTotal, chisoTotal: score?.total,
                portalClassification: portal.flatMap { p in
                    p.hasNoDossiers ? "-" : portalTotal.map { methodology.classification(of: $0).name }
                },
                chisoClassification: score.map { s in figures?.hasNoDossiers == true ? "-" : s.classificationLabel },
                portalRank: portal.flatMap { $0.isProvince ? standing?.province.rank : portalRanks[$0.key] },
                chisoRank: unit.flatMap { chisoRanks[$0.code] }, figures: figures,
                portalOverdue: portal?.overdueCount, chisoOverdue: chisoOverdue, explanations: explanations)
        }

        var provinceLine: UnitLine?
        var lines: [UnitLine] = []
        for match in matching.matches {
            let l = line(unit: match.unit, portal: match.portal, method: match.method)
            if match.portal.isProvince || match.unit.kind == .province { provinceLine = l } else { lines.append(l) }
        }
        for unmatched in matching.unmatchedPortal {
            let l = line(unit: nil, portal: unmatched.portal, method: nil)
            if unmatched.portal.isProvince && provinceLine == nil { provinceLine = l } else { lines.append(l) }
        }
        for unmatched in matching.unmatchedUnits {
            let l = line(unit: unmatched.unit, portal: nil, method: nil)
            if unmatched.unit.kind == .province && provinceLine == nil { provinceLine = l } else { lines.append(l) }
        }
        self.period = period
        self.takenAt = snapshot.takenAt
        self.origin = snapshot.origin
        self.isComplete = snapshot.isComplete
        self.isProvisional = snapshot.isProvisional
        self.methodology = methodology
        self.province = provinceLine
        self.standing = standing
        self.units = lines
        self.matching = matching
    }

    /// Whether a dossier code carries a ministry system's sequence: `{unit}-{yymmdd}-{6 or 7 digits}`.
    public static func isMinistrySystemCode(_ code: String) -> Bool {
        guard let last = code.split(separator: "-", omittingEmptySubsequences: false).last, code.contains("-") else { return false }
        return (6...7).contains(last.count) && last.allSatisfy(\.isASCII) && last.allSatisfy(\.isNumber)
    }

    /// The dossier-level explanations of one unit's differences.
    static func explain(
        entries: [(dossier: Dossier, verdict: Verdict, carried: Bool)], unit: Unit?, portal: NationalUnitFigures?
    ) -> [Explanation] {
        func codes(_ list: [(dossier: Dossier, verdict: Verdict, carried: Bool)]) -> [String] { list.map(\.dossier.code).sorted() }
        var out: [Explanation] = []
        if unit == nil || portal == nil {
            out.append(Explanation(kind: .unitOneSide, indicators: [], dossierCodes: codes(entries), countDifference: nil))
            return out
        }
        let unsynced = entries.filter { !$0.carried && !$0.dossier.synced }
        if !unsynced.isEmpty {
            out.append(
                Explanation(kind: .notSynced, indicators: [.dossierSync, .dossierOnTime], dossierCodes: codes(unsynced), countDifference: nil))
        }
        // Dossiers of a ministry's system explain a difference in the number of dossiers counted.
        let ministry = entries.filter { isMinistrySystemCode($0.dossier.code) }
        let portalDossiers = portal?.figure(for: .dossierOnTime)?.denominator
        let ownDossiers = Double(entries.count)
        if !ministry.isEmpty, let portalDossiers, portalDossiers != ownDossiers {
            out.append(Explanation(kind: .ministrySystem, indicators: [.dossierOnTime], dossierCodes: codes(ministry), countDifference: nil))
        }
        // The portal sees only synced dossiers: compare its overdue count with ChiSo's among those.
        if let portalOverdue = portal?.overdueCount {
            let visible = entries.filter { $0.dossier.synced }
            let ownOverdue = visible.filter { $0.verdict.isOverdue }
            let difference = Double(ownOverdue.count) - portalOverdue
            if difference != 0 {
                // More overdue in ChiSo: its overdue dossiers are the ones the portal judged otherwise. Fewer: the
                // on-time dossiers whose verdict rests on a rule systems apply differently (supplements, pauses,
                // no deadline).
                let listed =
                    difference > 0
                    ? ownOverdue
                    : visible.filter {
                        !$0.verdict.isOverdue
                            && (!$0.dossier.supplements.isEmpty || !$0.dossier.pauses.isEmpty || $0.verdict.deadline == nil)
                    }
                out.append(
                    Explanation(kind: .overdueOneSide, indicators: [.dossierOnTime], dossierCodes: codes(listed), countDifference: difference))
            }
        }
        return out
    }
}
