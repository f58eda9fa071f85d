/// The national portal's published figures (DOMAIN §7.1): facts kept as the portal gave them, never recomputed.
///
/// The portal publishes one answer per group of the index (six evaluation endpoints) and the ranking of the
/// provinces (`service-results`). Figures are optional throughout: the portal's `null` is not 0.

/// A group of the index as the portal publishes it: one evaluation endpoint each.
public enum NationalGroup: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    case transparency
    case timeliness
    case onlineService = "online_service"
    case onlinePayment = "online_payment"
    case digitization
    case satisfaction

    /// The evaluation endpoint that publishes the group (`POST /api/v1/reporting/evaluation/<endpoint>`).
    public var endpoint: String {
        switch self {
        case .transparency: return "transparency"
        case .timeliness: return "dvc-progress-tree"
        case .onlineService: return "provide-online-tree"
        case .onlinePayment: return "formality-online-payment-tree"
        case .digitization: return "dossier-digitized"
        case .satisfaction: return "handling-satisfaction"
        }
    }

    /// The key of the group in `service-results`' `groupScores`.
    public var serviceResultsKey: String {
        switch self {
        case .transparency: return "CKMB"
        case .timeliness: return "TDGQ"
        case .onlineService: return "CLGQ"
        case .onlinePayment: return "TTTT"
        case .digitization: return "MDSH"
        case .satisfaction: return "MDHL"
        }
    }

    /// The id of the same group in the built-in methodology (`qd766-2026`).
    public var methodologyGroupID: String { rawValue }

    /// The group's maximum points in the portal's 2026 formula.
    public var maxPoints: Double {
        switch self {
        case .transparency: return 18
        case .timeliness: return 20
        case .onlineService: return 12
        case .onlinePayment: return 10
        case .digitization: return 22
        case .satisfaction: return 18
        }
    }

    public static func < (lhs: NationalGroup, rhs: NationalGroup) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The group published by an endpoint name, nil for an unknown one.
    public init?(endpoint: String) {
        guard let group = NationalGroup.allCases.first(where: { $0.endpoint == endpoint }) else { return nil }
        self = group
    }
}

extension Indicator {
    /// The portal's metric code of the indicator, nil where the portal publishes no per-indicator metric
    /// (timeliness, online service and online payment publish raw counts and the group's score instead).
    public var portalMetricCode: String? {
        switch self {
        case .publishOnTime: return "PUBLISH_ON_TIME"
        case .publicUpdateOnTime: return "PUBLIC_UPDATE_ON_TIME"
        case .publicContentFull: return "PUBLIC_CONTENT_FULL"
        case .dossierSync: return "DOSSIER_SYNC"
        case .eResult: return "ORIGINAL_RESULT_AVAILABLE"
        case .digitizedDossier: return "SO_HOA_GIAY_TO_GIAI_QUYET"
        case .reusedDigitizedData: return "REUSED_DIGITIZED_DATA"
        case .sharedDigitizedData: return "SYNCED_WITH_DVCQG_PERSONAL_STORAGE"
        case .citizenDataDossier: return "CITIZEN_DATA_CONNECTED_DOSSIER"
        case .citizenDataProcedure: return "CITIZEN_DATA_CONNECTED_FORMALITY"
        case .eCertifiedCopy: return "ELECTRONIC_CERTIFIED_COPY"
        case .petitionOnTime: return "PETITION_PROCESSING_ON_TIME"
        case .petitionSatisfaction: return "PETITION_HANDLING_SATISFACTION"
        case .dossierSatisfaction: return "DOSSIER_RECEIVING_SATISFACTION"
        case .dossierOnTime, .onlineServiceProvision, .onlineServiceUsage, .onlineDossier, .feeProcedureIntegration,
            .procedureOnlinePayment, .dossierOnlinePayment:
            return nil
        }
    }

    /// The indicator a portal metric code stands for; nil for tracking codes worth no points and unknown codes.
    public init?(portalMetricCode code: String) {
        guard let indicator = Indicator.allCases.first(where: { $0.portalMetricCode == code }) else { return nil }
        self = indicator
    }
}

/// One metric of a group as the portal published it (`metrics[]`), or a figure read from a plain table.
public struct NationalMetric: Hashable, Sendable, Codable {
    /// The portal's code (`PUBLISH_ON_TIME`...), or ChiSo's indicator id for a plain table.
    public var code: String
    /// The indicator it stands for; nil for tracking codes worth 0 points.
    public var indicator: Indicator?
    public var name: String?
    public var numerator: Double?
    public var denominator: Double?
    /// The rate in percent as published (2 decimals).
    public var rate: Double?
    public var points: Double?
    public var maxPoints: Double?
    /// The portal's data-quality remark on the metric, when it gave one.
    public var dataQualityMessage: String?

    public init(
        code: String, indicator: Indicator?, name: String? = nil, numerator: Double? = nil, denominator: Double? = nil,
        rate: Double? = nil, points: Double? = nil, maxPoints: Double? = nil, dataQualityMessage: String? = nil
    ) {
        self.code = code
        self.indicator = indicator
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
        self.rate = rate
        self.points = points
        self.maxPoints = maxPoints
        self.dataQualityMessage = dataQualityMessage
    }
}

/// What the portal published for one unit in one group.
public struct NationalGroupFigures: Hashable, Sendable, Codable {
    public var points: Double?
    public var maxPoints: Double?
    /// The group's rate in percent as published (`ratio`).
    public var rate: Double?
    /// The change of points against the previous period (`scoreDelta`).
    public var pointsChange: Double?
    public var metrics: [NationalMetric]
    /// Raw counts published beside the score, by the portal's field name (`totalReceived`, `totalOnTime`,
    /// `totalOverdue`, `channelOnlineSum`, `totalDossierOnlinePaymentSuccess`...), null kept as nil.
    public var counts: [String: Double?]

    public init(
        points: Double? = nil, maxPoints: Double? = nil, rate: Double? = nil, pointsChange: Double? = nil,
        metrics: [NationalMetric] = [], counts: [String: Double?] = [:]
    ) {
        self.points = points
        self.maxPoints = maxPoints
        self.rate = rate
        self.pointsChange = pointsChange
        self.metrics = metrics
        self.counts = counts
    }

    /// The published metric of an indicator, if any.
    public func metric(_ indicator: Indicator) -> NationalMetric? {
        metrics.first { $0.indicator == indicator }
    }

    /// A raw count by the portal's field name; nil when absent or null.
    public func count(_ field: String) -> Double? {
        counts[field] ?? nil
    }
}

/// One unit (the province itself, a department or a commune) in the portal's answers.
public struct NationalUnitFigures: Hashable, Sendable, Codable {
    /// The portal's own id (`departmentId`, a UUID), when given.
    public var portalID: String?
    /// The portal's code (`departmentCode`: `H44`, `H44.07`...), when given.
    public var portalCode: String?
    public var name: String
    /// The portal's level or type (`PROVINCE`, `COMMUNE`, `departmentType`), as published.
    public var level: String?
    /// Whether the row is the province as a whole (`overview` / `parent`).
    public var isProvince: Bool
    public var groups: [NationalGroup: NationalGroupFigures]
    /// The total as published (a plain table), or the sum of the groups' points.
    public var publishedTotal: Double?
    /// The rank as published (a plain table), when given.
    public var publishedRank: Int?

    public init(
        portalID: String? = nil, portalCode: String? = nil, name: String, level: String? = nil, isProvince: Bool = false,
        groups: [NationalGroup: NationalGroupFigures] = [:], publishedTotal: Double? = nil, publishedRank: Int? = nil
    ) {
        self.portalID = portalID
        self.portalCode = portalCode
        self.name = name
        self.level = level
        self.isProvince = isProvince
        self.groups = groups
        self.publishedTotal = publishedTotal
        self.publishedRank = publishedRank
    }

    /// The unit's total: the published one, or the sum of its groups' points (a null group gives 0 points).
    /// Nil when neither is known.
    public var total: Double? {
        if let publishedTotal { return publishedTotal }
        guard !groups.isEmpty else { return nil }
        return groups.values.reduce(0) { $0 + ($1.points ?? 0) }
    }

    /// The identity used to match the same unit across answers: the portal id, else the code, else the name.
    public var key: String { portalID ?? portalCode ?? name }
}

/// One province in the portal's ranking (`service-results`).
public struct NationalProvinceResult: Hashable, Sendable, Codable {
    public var portalID: String?
    public var portalCode: String?
    public var name: String
    public var total: Double?
    public var groupPoints: [NationalGroup: Double?]

    public init(portalID: String? = nil, portalCode: String? = nil, name: String, total: Double?, groupPoints: [NationalGroup: Double?] = [:]) {
        self.portalID = portalID
        self.portalCode = portalCode
        self.name = name
        self.total = total
        self.groupPoints = groupPoints
    }
}

/// The portal's figures for one period, as taken at one time (a snapshot).
///
/// The portal recomputes past periods from current data, so the same period's figures change with the time
/// they were taken: every snapshot keeps its time of export. A snapshot is complete only when all six groups
/// are present; the figures of a period still open at the time of export are provisional.
public struct NationalSnapshot: Hashable, Sendable, Codable {
    /// How the figures came in.
    public enum Origin: String, Hashable, Sendable, Codable {
        /// The portal's evaluation API answers (saved files or `chiso national fetch`).
        case portalAPI = "portal_api"
        /// A plain table (CSV or XLSX) of the older portal's figures.
        case table
    }

    public var period: Period
    /// The time of export: from the file, the fetch, or given by the user.
    public var takenAt: Instant
    public var origin: Origin
    /// The portal's id of the province the figures are for, when known (`rootDepartmentId`).
    public var provinceID: String?
    /// The groups for which an answer was read.
    public var groupsPresent: Set<NationalGroup>
    /// Every unit read, the province's own row included (`isProvince`).
    public var units: [NationalUnitFigures]
    /// The ranking of all provinces, when `service-results` was read.
    public var provinces: [NationalProvinceResult]

    public init(
        period: Period, takenAt: Instant, origin: Origin, provinceID: String? = nil, groupsPresent: Set<NationalGroup>,
        units: [NationalUnitFigures], provinces: [NationalProvinceResult] = []
    ) {
        self.period = period
        self.takenAt = takenAt
        self.origin = origin
        self.provinceID = provinceID
        self.groupsPresent = groupsPresent
        self.units = units
        self.provinces = provinces
    }

    /// Complete when all six groups are present; a partial snapshot never replaces a complete one.
    public var isComplete: Bool { groupsPresent.count == NationalGroup.allCases.count }

    /// Provisional when the period had not ended at the time of export.
    public var isProvisional: Bool { takenAt < Instant(local: period.end.adding(days: 1)) }

    /// The province's own row, if the answers carried one.
    public var province: NationalUnitFigures? { units.first { $0.isProvince } }
}

extension Period: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let period = Period(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a period: \(text)")
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(secondsSinceEpoch: try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(secondsSinceEpoch)
    }
}
