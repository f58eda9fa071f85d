public import ChiSoCore

/// The scores JSON (schema `chiso.score/1`, documented in the README under "Kết quả dạng JSON"): the one document
/// behind both `/api/v1/scores` and `chiso score --format json`. Ids are the methodology's.
public struct ScoresDocument: Encodable, Sendable {
    public let schema = "chiso.score/1"
    public let methodology: MethodologyName
    public let period: String
    public let periodName: String
    public let asOf: String
    public let comparisonSpansFormulaChange: Bool
    public let units: [UnitEntry]

    enum CodingKeys: String, CodingKey {
        case schema, methodology, period, units
        case periodName = "period_name"
        case asOf = "as_of"
        case comparisonSpansFormulaChange = "comparison_spans_formula_change"
    }

    /// The document of a scoreboard's units, or of those `include` keeps.
    public init(_ board: Scoreboard, including include: (Scoreboard.Entry) -> Bool = { _ in true }) {
        methodology = MethodologyName(id: board.methodology.id, name: board.methodology.name)
        period = board.period.description
        periodName = board.period.vietnameseName
        asOf = board.asOf.iso8601
        comparisonSpansFormulaChange = board.comparisonSpansFormulaChange
        units = board.entries.filter(include).map(UnitEntry.init)
    }

    /// A methodology's id and name.
    public struct MethodologyName: Encodable, Hashable, Sendable {
        public let id: String
        public let name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// One unit's scores, ranks and figures.
    public struct UnitEntry: Encodable, Sendable {
        public let code: String
        public let name: String
        public let kind: String
        @NullEncoded public var parent: String?
        public let rank: Int
        @NullEncoded public var previousRank: Int?
        @NullEncoded public var rankChange: Int?
        public let total: JSONDecimal
        public let previousTotal: JSONDecimal
        public let totalChange: JSONDecimal
        public let samePeriodLastYearTotal: JSONDecimal
        @NullEncoded public var samePeriodLastYearRank: Int?
        @NullEncoded public var classification: String?
        @NullEncoded public var previousClassification: String?
        public let noDossiers: Bool
        public let groups: [String: Group]
        public let indicators: [String: Indicator]
        public let processing: Processing
        public let targets: [Target]

        enum CodingKeys: String, CodingKey {
            case code, name, kind, parent, rank, total, classification, groups, indicators, processing, targets
            case previousRank = "previous_rank"
            case rankChange = "rank_change"
            case previousTotal = "previous_total"
            case totalChange = "total_change"
            case samePeriodLastYearTotal = "same_period_last_year_total"
            case samePeriodLastYearRank = "same_period_last_year_rank"
            case previousClassification = "previous_classification"
            case noDossiers = "no_dossiers"
        }

        public init(_ entry: Scoreboard.Entry) {
            let previous = entry.ranked.previous
            let lastYear = entry.ranked.sameLastYear
            code = entry.unit.code
            name = entry.unit.name
            kind = entry.unit.kind.rawValue
            parent = entry.unit.parentCode
            rank = entry.ranked.rank
            previousRank = previous?.rank
            rankChange = previous?.rankChange
            total = JSONDecimal(entry.score.total)
            previousTotal = JSONDecimal(previous?.total)
            totalChange = JSONDecimal(previous?.pointChange)
            samePeriodLastYearTotal = JSONDecimal(lastYear?.total)
            samePeriodLastYearRank = lastYear?.rank
            classification = entry.score.classification
            previousClassification = previous?.classification
            noDossiers = entry.figures.hasNoDossiers
            groups = Group.all(entry.score)
            indicators = Indicator.all(entry.score)
            processing = Processing(entry.figures.processing)
            targets = entry.targets.map(Target.init)
        }
    }

    /// A group's points, keyed by the group's id.
    public struct Group: Encodable, Sendable {
        public let name: String
        public let points: JSONDecimal
        public let max: JSONDecimal
        public let rate: JSONDecimal

        /// The groups of a unit's score, by id.
        public static func all(_ score: UnitScore) -> [String: Group] {
            Dictionary(
                score.groups.map { g in (g.id, Group(name: g.name, points: JSONDecimal(g.points), max: JSONDecimal(g.max), rate: JSONDecimal(g.rate)))
                },
                uniquingKeysWith: { first, _ in first })
        }
    }

    /// An indicator's counts and points, keyed by the indicator's id.
    public struct Indicator: Encodable, Sendable {
        public let name: String
        public let numerator: Int
        public let denominator: Int
        public let rate: JSONDecimal
        public let points: JSONDecimal
        public let max: JSONDecimal

        /// The indicators of a unit's score, by id.
        public static func all(_ score: UnitScore) -> [String: Indicator] {
            Dictionary(
                score.groups.flatMap(\.indicators).map { s in
                    (
                        s.indicator.rawValue,
                        Indicator(
                            name: s.name, numerator: s.count.numerator, denominator: s.count.denominator, rate: JSONDecimal(s.rate),
                            points: JSONDecimal(s.points), max: JSONDecimal(s.max))
                    )
                }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The processing table of a unit (DOMAIN's counts of dossiers carried over, received, resolved and open).
    public struct Processing: Encodable, Sendable {
        public let carriedOver: Int
        public let newlyReceived: Int
        public let resolvedOnTime: Int
        public let resolvedOverdue: Int
        public let openNotDue: Int
        public let openOverdue: Int

        enum CodingKeys: String, CodingKey {
            case carriedOver = "carried_over"
            case newlyReceived = "newly_received"
            case resolvedOnTime = "resolved_on_time"
            case resolvedOverdue = "resolved_overdue"
            case openNotDue = "open_not_due"
            case openOverdue = "open_overdue"
        }

        public init(_ table: ProcessingTable) {
            carriedOver = table.carriedOver
            newlyReceived = table.newlyReceived
            resolvedOnTime = table.resolvedOnTime
            resolvedOverdue = table.resolvedOverdue
            openNotDue = table.openNotDue
            openOverdue = table.openOverdue
        }
    }

    /// An assigned target and how far the unit is from it.
    public struct Target: Encodable, Sendable {
        public let indicator: String
        public let target: JSONDecimal
        public let actual: JSONDecimal
        public let numerator: Int
        public let denominator: Int
        @NullEncoded public var met: Bool?
        public let gap: JSONDecimal
        public let source: String

        public init(_ result: TargetResult) {
            indicator = result.target.indicator.rawValue
            target = JSONDecimal(result.target.percent)
            actual = JSONDecimal(result.actual)
            numerator = result.count.numerator
            denominator = result.count.denominator
            met = result.met
            gap = JSONDecimal(result.gap)
            source = result.target.source
        }
    }
}
