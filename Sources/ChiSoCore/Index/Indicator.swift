/// The indicators ChiSo computes (DOMAIN §5), by their stable snake_case identifiers.
///
/// A methodology file names indicators by these ids; an unknown id is an error when the file is loaded.
public enum Indicator: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    case publishOnTime = "publish_on_time"
    case publicUpdateOnTime = "public_update_on_time"
    case publicContentFull = "public_content_full"
    case dossierSync = "dossier_sync"
    case dossierOnTime = "dossier_on_time"
    case onlineServiceProvision = "online_service_provision"
    case onlineServiceUsage = "online_service_usage"
    case onlineDossier = "online_dossier"
    case feeProcedureIntegration = "fee_procedure_integration"
    case procedureOnlinePayment = "procedure_online_payment"
    case dossierOnlinePayment = "dossier_online_payment"
    case eResult = "e_result"
    case digitizedDossier = "digitized_dossier"
    case reusedDigitizedData = "reused_digitized_data"
    case sharedDigitizedData = "shared_digitized_data"
    case citizenDataDossier = "citizen_data_dossier"
    case citizenDataProcedure = "citizen_data_procedure"
    case eCertifiedCopy = "e_certified_copy"
    case petitionOnTime = "petition_on_time"
    case petitionSatisfaction = "petition_satisfaction"
    case dossierSatisfaction = "dossier_satisfaction"

    /// Position in `allCases`, for array-backed tables.
    public var index: Int {
        switch self {
        case .publishOnTime: return 0
        case .publicUpdateOnTime: return 1
        case .publicContentFull: return 2
        case .dossierSync: return 3
        case .dossierOnTime: return 4
        case .onlineServiceProvision: return 5
        case .onlineServiceUsage: return 6
        case .onlineDossier: return 7
        case .feeProcedureIntegration: return 8
        case .procedureOnlinePayment: return 9
        case .dossierOnlinePayment: return 10
        case .eResult: return 11
        case .digitizedDossier: return 12
        case .reusedDigitizedData: return 13
        case .sharedDigitizedData: return 14
        case .citizenDataDossier: return 15
        case .citizenDataProcedure: return 16
        case .eCertifiedCopy: return 17
        case .petitionOnTime: return 18
        case .petitionSatisfaction: return 19
        case .dossierSatisfaction: return 20
        }
    }

    public static func < (lhs: Indicator, rhs: Indicator) -> Bool { lhs.index < rhs.index }

    /// Whether the indicator is computed over the whole province's catalogue, the same value for every unit.
    public var isProvinceWide: Bool {
        self == .publicUpdateOnTime || self == .publicContentFull
    }
}

/// A numerator and denominator of an indicator for one unit and period.
public struct Count: Hashable, Sendable, Codable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int = 0, _ denominator: Int = 0) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The rate in percent with full precision, nil when the denominator is 0 (never 0%).
    public var rate: Double? {
        denominator == 0 ? nil : Double(numerator) * 100 / Double(denominator)
    }

    public static func + (lhs: Count, rhs: Count) -> Count {
        Count(lhs.numerator + rhs.numerator, lhs.denominator + rhs.denominator)
    }

    public static func += (lhs: inout Count, rhs: Count) { lhs = lhs + rhs }
}

/// The counts of every indicator, indexed by indicator.
public struct IndicatorCounts: Hashable, Sendable {
    private var storage = [Count](repeating: Count(), count: Indicator.allCases.count)

    public init() {}

    public subscript(_ indicator: Indicator) -> Count {
        get { storage[indicator.index] }
        set { storage[indicator.index] = newValue }
    }

    mutating func add(_ indicator: Indicator, _ hit: Bool, sign: Int = 1) {
        storage[indicator.index].denominator += sign
        if hit { storage[indicator.index].numerator += sign }
    }

    public static func + (lhs: IndicatorCounts, rhs: IndicatorCounts) -> IndicatorCounts {
        var out = lhs
        for i in out.storage.indices { out.storage[i] += rhs.storage[i] }
        return out
    }
}

/// The processing table of seed 000: received (carried over, new) and result (resolved on time or early,
/// resolved overdue, in progress not yet due, in progress overdue).
///
/// The columns add up by construction: every dossier counted is in exactly one of carried over or new, and
/// in exactly one of the four result columns.
public struct ProcessingTable: Hashable, Sendable, Codable {
    public var carriedOver = 0
    public var newlyReceived = 0
    public var resolvedOnTime = 0
    public var resolvedOverdue = 0
    public var openNotDue = 0
    public var openOverdue = 0

    public init() {}

    public init(carriedOver: Int, newlyReceived: Int, resolvedOnTime: Int, resolvedOverdue: Int, openNotDue: Int, openOverdue: Int) {
        self.carriedOver = carriedOver
        self.newlyReceived = newlyReceived
        self.resolvedOnTime = resolvedOnTime
        self.resolvedOverdue = resolvedOverdue
        self.openNotDue = openNotDue
        self.openOverdue = openOverdue
    }

    public var total: Int { carriedOver + newlyReceived }
    public var resolved: Int { resolvedOnTime + resolvedOverdue }
    public var open: Int { openNotDue + openOverdue }
    public var overdue: Int { resolvedOverdue + openOverdue }

    mutating func add(carried: Bool, verdict: Verdict, sign: Int = 1) {
        if carried { carriedOver += sign } else { newlyReceived += sign }
        switch (verdict.isResolved, verdict.isOverdue) {
        case (true, false): resolvedOnTime += sign
        case (true, true): resolvedOverdue += sign
        case (false, false): openNotDue += sign
        case (false, true): openOverdue += sign
        }
    }

    public static func + (lhs: ProcessingTable, rhs: ProcessingTable) -> ProcessingTable {
        ProcessingTable(
            carriedOver: lhs.carriedOver + rhs.carriedOver, newlyReceived: lhs.newlyReceived + rhs.newlyReceived,
            resolvedOnTime: lhs.resolvedOnTime + rhs.resolvedOnTime, resolvedOverdue: lhs.resolvedOverdue + rhs.resolvedOverdue,
            openNotDue: lhs.openNotDue + rhs.openNotDue, openOverdue: lhs.openOverdue + rhs.openOverdue)
    }
}
