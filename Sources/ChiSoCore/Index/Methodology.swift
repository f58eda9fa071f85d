/// A scoring methodology: the groups, their indicators with maxima and rules, and the classification bands.
///
/// Methodologies are data (YAML files with an effective date) because the national formula changes and
/// provinces write their own variants. A `Methodology` is always valid: it is built from a
/// `MethodologySpec` by `init(_:)`, which checks every rule.
public struct Methodology: Hashable, Sendable, Identifiable {
    /// How an indicator's rate turns into points.
    public enum Scoring: Hashable, Sendable {
        /// points = max × rate / 100.
        case linear
        /// Full points at rate ≥ T, max × rate / T below.
        case threshold(Double)
        /// Full points whatever the rate (the portal's current rule for some indicators).
        case fullPoints
    }

    /// What an indicator scores when its denominator is 0.
    public enum ZeroRule: String, Hashable, Sendable {
        case zero, full
    }

    public struct IndicatorRule: Hashable, Sendable {
        public let indicator: Indicator
        public let name: String
        public let max: Double
        public let scoring: Scoring
        public let zeroRule: ZeroRule
    }

    public struct Group: Hashable, Sendable, Identifiable {
        public let id: String
        public let name: String
        public let max: Double
        public let indicators: [IndicatorRule]
    }

    /// A classification band (xếp loại): totals in `[min, upper)` get `name`; the top band includes the total.
    public struct Band: Hashable, Sendable {
        public let name: String
        public let min: Double
        public let upper: Double?
    }

    /// An alternative grouping for documents, e.g. the 2024 reports' five groups where
    /// "Dịch vụ trực tuyến (22)" = online service + online payment.
    public struct Presentation: Hashable, Sendable, Identifiable {
        public struct Group: Hashable, Sendable {
            public let id: String
            public let name: String
            public let members: [String]
        }

        public let id: String
        public let name: String
        public let groups: [Group]
    }

    public let id: String
    public let name: String
    public let effectiveFrom: LocalDate
    public let total: Double
    public let groups: [Group]
    public let bands: [Band]
    public let presentations: [Presentation]
    private let rulesByIndicator: [Indicator: IndicatorRule]

    /// Every indicator the methodology scores, in group order.
    public var indicators: [IndicatorRule] { groups.flatMap(\.indicators) }

    /// The rule of an indicator, nil when the methodology does not score it.
    public func rule(for indicator: Indicator) -> IndicatorRule? { rulesByIndicator[indicator] }

    /// The group an indicator belongs to.
    public func group(of indicator: Indicator) -> Group? { groups.first { $0.indicators.contains { $0.indicator == indicator } } }

    /// The band a total falls in.
    public func classification(of total: Double) -> Band {
        let t = Decimal2.round(total)
        return bands.last { t >= $0.min } ?? bands[0]
    }

    /// Validates a specification.
    ///
    /// - Throws: `MethodologyError` naming the entry at fault: an unknown or repeated indicator, a group
    ///   whose maxima do not add up to its maximum, groups that do not add up to the total, a threshold
    ///   outside (0, 100], overlapping or missing bands, a presentation that does not cover every group once.
    public init(_ spec: MethodologySpec) throws(MethodologyError) {
        guard !spec.id.isEmpty else { throw MethodologyError(.missing("id")) }
        guard !spec.groups.isEmpty else { throw MethodologyError(.missing("groups")) }
        var seen: [Indicator: IndicatorRule] = [:]
        var groups: [Group] = []
        var groupIDs = Set<String>()
        for g in spec.groups {
            guard groupIDs.insert(g.id).inserted else { throw MethodologyError(.duplicateGroup(g.id)) }
            var rules: [IndicatorRule] = []
            for i in g.indicators {
                guard let indicator = Indicator(rawValue: i.id) else { throw MethodologyError(.unknownIndicator(i.id, group: g.id)) }
                guard seen[indicator] == nil else { throw MethodologyError(.duplicateIndicator(i.id)) }
                guard i.max >= 0 else { throw MethodologyError(.negativeMaximum(i.id)) }
                let scoring: Scoring
                switch i.scoring {
                case "linear": scoring = .linear
                case "full": scoring = .fullPoints
                case "threshold":
                    guard let t = i.threshold, t > 0, t <= 100 else { throw MethodologyError(.badThreshold(i.id, i.threshold)) }
                    scoring = .threshold(t)
                default: throw MethodologyError(.unknownScoring(i.id, i.scoring))
                }
                guard let zero = ZeroRule(rawValue: i.whenNoData) else { throw MethodologyError(.unknownZeroRule(i.id, i.whenNoData)) }
                let rule = IndicatorRule(indicator: indicator, name: i.name, max: i.max, scoring: scoring, zeroRule: zero)
                seen[indicator] = rule
                rules.append(rule)
            }
            let sum = rules.reduce(0) { $0 + $1.max }
            guard abs(sum - g.max) < 1e-9 else { throw MethodologyError(.groupSum(g.id, declared: g.max, sum: sum)) }
            groups.append(Group(id: g.id, name: g.name, max: g.max, indicators: rules))
        }
        let groupSum = groups.reduce(0) { $0 + $1.max }
        guard abs(groupSum - spec.total) < 1e-9 else { throw MethodologyError(.totalSum(declared: spec.total, sum: groupSum)) }

        guard !spec.bands.isEmpty else { throw MethodologyError(.missing("bands")) }
        let sorted = spec.bands.sorted { $0.min < $1.min }
        guard sorted[0].min <= 0 else { throw MethodologyError(.bandGap(from: 0, to: sorted[0].min)) }
        var bands: [Band] = []
        for (k, b) in sorted.enumerated() {
            let next = k + 1 < sorted.count ? sorted[k + 1] : nil
            if let next {
                let upper = b.below ?? next.min
                if upper > next.min { throw MethodologyError(.bandOverlap(b.name, next.name)) }
                if upper < next.min { throw MethodologyError(.bandGap(from: upper, to: next.min)) }
                bands.append(Band(name: b.name, min: b.min, upper: upper))
            } else {
                if let upper = b.below, upper <= spec.total { throw MethodologyError(.bandGap(from: upper, to: spec.total)) }
                bands.append(Band(name: b.name, min: b.min, upper: nil))
            }
        }

        var presentations: [Presentation] = []
        for p in spec.presentations {
            var covered: [String] = []
            for g in p.groups {
                for m in g.members {
                    guard groupIDs.contains(m) else { throw MethodologyError(.presentationUnknownGroup(p.id, m)) }
                    covered.append(m)
                }
            }
            guard covered.count == groupIDs.count, Set(covered) == groupIDs else {
                throw MethodologyError(.presentationCoverage(p.id))
            }
            presentations.append(
                Presentation(id: p.id, name: p.name, groups: p.groups.map { .init(id: $0.id, name: $0.name, members: $0.members) }))
        }

        self.id = spec.id
        self.name = spec.name
        self.effectiveFrom = spec.effectiveFrom
        self.total = spec.total
        self.groups = groups
        self.bands = bands
        self.presentations = presentations
        self.rulesByIndicator = seen
    }
}

/// The raw content of a methodology file, before validation.
public struct MethodologySpec: Hashable, Sendable {
    public struct Indicator: Hashable, Sendable {
        public var id: String
        public var name: String
        public var max: Double
        /// `linear`, `threshold` or `full`.
        public var scoring: String
        public var threshold: Double?
        /// `zero` or `full`: the points when the denominator is 0.
        public var whenNoData: String

        public init(id: String, name: String, max: Double, scoring: String = "linear", threshold: Double? = nil, whenNoData: String = "zero") {
            self.id = id
            self.name = name
            self.max = max
            self.scoring = scoring
            self.threshold = threshold
            self.whenNoData = whenNoData
        }
    }

    public struct Group: Hashable, Sendable {
        public var id: String
        public var name: String
        public var max: Double
        public var indicators: [Indicator]

        public init(id: String, name: String, max: Double, indicators: [Indicator]) {
            self.id = id
            self.name = name
            self.max = max
            self.indicators = indicators
        }
    }

    public struct Band: Hashable, Sendable {
        public var name: String
        public var min: Double
        /// Exclusive upper bound; nil means up to the next band (or the total for the last).
        public var below: Double?

        public init(name: String, min: Double, below: Double? = nil) {
            self.name = name
            self.min = min
            self.below = below
        }
    }

    public struct Presentation: Hashable, Sendable {
        public struct Group: Hashable, Sendable {
            public var id: String
            public var name: String
            public var members: [String]

            public init(id: String, name: String, members: [String]) {
                self.id = id
                self.name = name
                self.members = members
            }
        }

        public var id: String
        public var name: String
        public var groups: [Group]

        public init(id: String, name: String, groups: [Group]) {
            self.id = id
            self.name = name
            self.groups = groups
        }
    }

    public var id: String
    public var name: String
    public var effectiveFrom: LocalDate
    public var total: Double
    public var groups: [Group]
    public var bands: [Band]
    public var presentations: [Presentation]

    public init(
        id: String, name: String, effectiveFrom: LocalDate, total: Double, groups: [Group], bands: [Band],
        presentations: [Presentation] = []
    ) {
        self.id = id
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.total = total
        self.groups = groups
        self.bands = bands
        self.presentations = presentations
    }
}

/// A methodology specification that breaks a rule; the message names the entry at fault.
public struct MethodologyError: Error, Hashable, Sendable, CustomStringConvertible {
    enum Code: Hashable, Sendable {
        case missing(String)
        case duplicateGroup(String)
        case unknownIndicator(String, group: String)
        case duplicateIndicator(String)
        case negativeMaximum(String)
        case badThreshold(String, Double?)
        case unknownScoring(String, String)
        case unknownZeroRule(String, String)
        case groupSum(String, declared: Double, sum: Double)
        case totalSum(declared: Double, sum: Double)
        case bandOverlap(String, String)
        case bandGap(from: Double, to: Double)
        case presentationUnknownGroup(String, String)
        case presentationCoverage(String)
    }

    let code: Code

    init(_ code: Code) { self.code = code }

    public var description: String {
        switch code {
        case .missing(let key): return "thiếu mục \(key)"
        case .duplicateGroup(let g): return "nhóm \(g) được khai báo hai lần"
        case .unknownIndicator(let i, let g):
            return
                "nhóm \(g): chỉ tiêu không xác định \(i) (các chỉ tiêu hợp lệ: \(ChiSoCore.Indicator.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .duplicateIndicator(let i): return "chỉ tiêu \(i) xuất hiện hai lần"
        case .negativeMaximum(let i): return "chỉ tiêu \(i): điểm tối đa âm"
        case .badThreshold(let i, let t): return "chỉ tiêu \(i): ngưỡng phải trong khoảng (0, 100], nhận được \(t.map { "\($0)" } ?? "không có")"
        case .unknownScoring(let i, let s): return "chỉ tiêu \(i): cách tính điểm không xác định \(s) (linear, threshold, full)"
        case .unknownZeroRule(let i, let z): return "chỉ tiêu \(i): when_no_data không xác định \(z) (zero, full)"
        case .groupSum(let g, let d, let s):
            return "nhóm \(g): tổng điểm tối đa các chỉ tiêu là \(Decimal2.vietnamese(s)), không bằng \(Decimal2.vietnamese(d)) đã khai báo"
        case .totalSum(let d, let s):
            return "tổng điểm tối đa các nhóm là \(Decimal2.vietnamese(s)), không bằng tổng \(Decimal2.vietnamese(d)) đã khai báo"
        case .bandOverlap(let a, let b): return "khung xếp loại \(a) và \(b) chồng lấn nhau"
        case .bandGap(let from, let to):
            return "không có khung xếp loại nào cho tổng điểm từ \(Decimal2.vietnamese(from)) đến \(Decimal2.vietnamese(to))"
        case .presentationUnknownGroup(let p, let g): return "cách trình bày \(p): nhóm không xác định \(g)"
        case .presentationCoverage(let p): return "cách trình bày \(p) phải liệt kê mỗi nhóm đúng một lần"
        }
    }
}
