public import ChiSoCore

/// The reconciliation JSON (schema `chiso.reconcile/1`, documented in the README under "Đối chiếu với Cổng DVCQG"):
/// the one document behind both `/api/v1/reconciliation` and `chiso reconcile --format json`. Figures absent on a
/// side are `null` (never 0), differences are ChiSo's figure less the portal's.
public struct ReconcileDocument: Encodable, Sendable {
    public let schema = "chiso.reconcile/1"
    public let period: String
    public let periodName: String
    public let takenAt: String
    public let origin: String
    public let complete: Bool
    public let provisional: Bool
    public let methodology: ScoresDocument.MethodologyName
    @NullEncoded public var national: Standing?
    @NullEncoded public var province: UnitEntry?
    public let units: [UnitEntry]
    public let unmatched: Unmatched

    enum CodingKeys: String, CodingKey {
        case schema, period, origin, complete, provisional, methodology, national, province, units, unmatched
        case periodName = "period_name"
        case takenAt = "taken_at"
    }

    public init(_ r: Reconciliation) {
        period = r.period.description
        periodName = r.period.vietnameseName
        takenAt = r.takenAt.iso8601
        origin = r.origin.rawValue
        complete = r.isComplete
        provisional = r.isProvisional
        methodology = ScoresDocument.MethodologyName(id: r.methodology.id, name: r.methodology.name)
        national = r.standing.map(Standing.init)
        province = r.province.map(UnitEntry.init)
        units = r.units.map(UnitEntry.init)
        unmatched = Unmatched(
            portal: r.matching.unmatchedPortal.map {
                Unmatched.PortalUnit(
                    portalID: $0.portal.portalID, portalCode: $0.portal.portalCode, name: $0.portal.name,
                    candidates: $0.candidates.map(Candidate.init))
            },
            chiso: r.matching.unmatchedUnits.map {
                Unmatched.ChiSoUnit(code: $0.unit.code, name: $0.unit.name, candidates: $0.candidates.map(Candidate.init))
            })
    }

    /// The province's place among the provinces of the portal's snapshot.
    public struct Standing: Encodable, Sendable {
        public struct Entry: Encodable, Sendable {
            public let name: String
            public let total: JSONDecimal
            public let rank: Int

            init(_ e: NationalStanding.Entry) {
                name = e.name
                total = JSONDecimal(e.total)
                rank = e.rank
            }
        }

        public let province: Entry
        public let provinceCount: Int
        @NullEncoded public var previousRank: Int?
        public let previousTotal: JSONDecimal
        @NullEncoded public var rankChange: Int?
        public let totalChange: JSONDecimal
        public let top: [Entry]

        enum CodingKeys: String, CodingKey {
            case province, top
            case provinceCount = "province_count"
            case previousRank = "previous_rank"
            case previousTotal = "previous_total"
            case rankChange = "rank_change"
            case totalChange = "total_change"
        }

        init(_ s: NationalStanding) {
            province = Entry(s.province)
            provinceCount = s.provinceCount
            previousRank = s.previous?.rank
            previousTotal = JSONDecimal(s.previous?.total)
            rankChange = s.rankChange
            totalChange = JSONDecimal(s.pointChange)
            top = s.top.map(Entry.init)
        }
    }

    /// A candidate for pairing a unit of one side with a unit of the other.
    public struct Candidate: Encodable, Sendable {
        public let key: String
        public let name: String
        public let similarity: JSONDecimal

        init(_ c: UnitMatching.Candidate) {
            key = c.key
            name = c.name
            similarity = JSONDecimal(c.similarity, places: 3)
        }
    }

    /// The units of either side that found no partner.
    public struct Unmatched: Encodable, Sendable {
        public struct PortalUnit: Encodable, Sendable {
            @NullEncoded public var portalID: String?
            @NullEncoded public var portalCode: String?
            public let name: String
            public let candidates: [Candidate]

            enum CodingKeys: String, CodingKey {
                case name, candidates
                case portalID = "portal_id"
                case portalCode = "portal_code"
            }
        }

        public struct ChiSoUnit: Encodable, Sendable {
            public let code: String
            public let name: String
            public let candidates: [Candidate]
        }

        public let portal: [PortalUnit]
        public let chiso: [ChiSoUnit]
    }

    /// A figure of one side (counts may be fractional on the portal's side).
    public struct Figure: Encodable, Sendable {
        public let numerator: JSONDecimal
        public let denominator: JSONDecimal
        public let rate: JSONDecimal
        public let points: JSONDecimal
        public let max: JSONDecimal

        init(_ f: Reconciliation.Figure) {
            numerator = JSONDecimal(f.numerator)
            denominator = JSONDecimal(f.denominator)
            rate = JSONDecimal(f.rate)
            points = JSONDecimal(f.points)
            max = JSONDecimal(f.maxPoints)
        }
    }

    /// The two sides of a figure.
    public struct Sides<Portal: Encodable & Sendable, ChiSo: Encodable & Sendable>: Encodable, Sendable {
        @NullEncoded public var portal: Portal?
        @NullEncoded public var chiso: ChiSo?
    }

    /// The two sides of a total and their difference.
    public struct Difference: Encodable, Sendable {
        public let portal: JSONDecimal
        public let chiso: JSONDecimal
        public let difference: JSONDecimal
    }

    /// A unit's line: the portal's figures beside ChiSo's.
    public struct UnitEntry: Encodable, Sendable {
        public struct PortalUnit: Encodable, Sendable {
            @NullEncoded public var id: String?
            @NullEncoded public var code: String?
            public let name: String
            @NullEncoded public var level: String?
        }

        public struct Group: Encodable, Sendable {
            public let name: String
            public let max: JSONDecimal
            public let portal: JSONDecimal
            public let chiso: JSONDecimal
            public let difference: JSONDecimal
        }

        public struct IndicatorDifference: Encodable, Sendable {
            public let numerator: JSONDecimal
            public let denominator: JSONDecimal
            public let rate: JSONDecimal
            public let points: JSONDecimal
        }

        public struct Indicator: Encodable, Sendable {
            public let name: String
            @NullEncoded public var portal: Figure?
            @NullEncoded public var chiso: Figure?
            public let difference: IndicatorDifference
            public let differs: Bool
        }

        public struct Explanation: Encodable, Sendable {
            public let kind: String
            public let description: String
            public let indicators: [String]
            public let countDifference: JSONDecimal
            public let dossiers: [String]

            enum CodingKeys: String, CodingKey {
                case kind, description, indicators, dossiers
                case countDifference = "count_difference"
            }
        }

        public let presence: String
        @NullEncoded public var code: String?
        public let name: String
        @NullEncoded public var kind: String?
        @NullEncoded public var portalUnit: PortalUnit?
        @NullEncoded public var matchedBy: String?
        public let total: Difference
        public let classification: Sides<String, String>
        public let rank: Sides<Int, Int>
        public let overdue: Sides<JSONDecimal, Int>
        public let noDossiers: Bool
        public let groups: [String: Group]
        public let indicators: [String: Indicator]
        public let explanations: [Explanation]

        enum CodingKeys: String, CodingKey {
            case presence, code, name, kind, total, classification, rank, overdue, groups, indicators, explanations
            case portalUnit = "portal_unit"
            case matchedBy = "matched_by"
            case noDossiers = "no_dossiers"
        }

        init(_ line: Reconciliation.UnitLine) {
            presence = line.presence.rawValue
            code = line.unit?.code
            name = line.name
            kind = line.unit?.kind.rawValue
            portalUnit = line.portal.map { PortalUnit(id: $0.portalID, code: $0.portalCode, name: $0.name, level: $0.level) }
            matchedBy = line.matchedBy?.rawValue
            total = Difference(
                portal: JSONDecimal(line.portalTotal), chiso: JSONDecimal(line.chisoTotal), difference: JSONDecimal(line.totalDifference))
            classification = Sides(portal: line.portalClassification, chiso: line.chisoClassification)
            rank = Sides(portal: line.portalRank, chiso: line.chisoRank)
            // The portal's overdue figure is written as a number with decimals, even when absent (null).
            overdue = Sides(portal: JSONDecimal(line.portalOverdue), chiso: line.chisoOverdue)
            noDossiers = line.figures?.hasNoDossiers ?? line.portal?.hasNoDossiers ?? false
            groups = Dictionary(
                line.groups.map { g in
                    (
                        g.group.rawValue,
                        Group(
                            name: g.name, max: JSONDecimal(g.maxPoints), portal: JSONDecimal(g.portalPoints), chiso: JSONDecimal(g.chisoPoints),
                            difference: JSONDecimal(g.pointsDifference))
                    )
                }, uniquingKeysWith: { first, _ in first })
            indicators = Dictionary(
                line.indicators.map { i in
                    (
                        i.indicator.rawValue,
                        Indicator(
                            name: i.name, portal: i.portal.map(Figure.init), chiso: i.chiso.map(Figure.init),
                            difference: IndicatorDifference(
                                numerator: JSONDecimal(i.numeratorDifference), denominator: JSONDecimal(i.denominatorDifference),
                                rate: JSONDecimal(i.rateDifference), points: JSONDecimal(i.pointsDifference)),
                            differs: i.differs)
                    )
                }, uniquingKeysWith: { first, _ in first })
            explanations = line.explanations.map { e in
                Explanation(
                    kind: e.kind.rawValue, description: e.kind.vietnamese, indicators: e.indicators.map(\.rawValue),
                    countDifference: JSONDecimal(e.countDifference), dossiers: e.dossierCodes)
            }
        }
    }
}
