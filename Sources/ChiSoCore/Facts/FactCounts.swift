/// The counts a database aggregates from judged facts for one (unit, procedure) pair of a period's dossiers, judged
/// at one instant (``IndexAccumulator/judgedAt``).
///
/// Each field counts the period's dossiers of the pair meeting a condition that only compares the facts' instants
/// with the instant of judgement, or reads their flags; which of them an indicator uses depends on the procedure
/// (a result document required, fee-bearing), which Core decides in ``IndexAccumulator/aggregate(catalogue:period:asOf:calendar:settings:dossierCounts:petitionCounts:includeChildren:)``.
public struct DossierFactCounts: Hashable, Sendable {
    public var unitCode: String
    public var procedureCode: String
    /// Received before the period (carried over), and in it.
    public var carriedOver = 0
    public var newlyReceived = 0
    /// Ended by the instant of judgement, not overdue and overdue; open, not overdue and overdue.
    public var resolvedOnTime = 0
    public var resolvedOverdue = 0
    public var openNotDue = 0
    public var openOverdue = 0
    /// Whose outcome counts as on time (``Verdict/Outcome/countsAsOnTime``).
    public var onTime = 0
    /// Not overdue and not rated unsatisfied, with no petition about them.
    public var satisfied = 0
    /// Ended by issuing a result by the instant of judgement (D8), and of those with an electronic result file.
    public var resolvedWithResult = 0
    public var resolvedWithElectronicResult = 0
    /// Among the dossiers received in the period: synced; online; online with an electronic result where one was
    /// issued by the instant the data is seen at (D7); digitised, likewise; reusing, sharing digitised data; using
    /// citizen data; carrying fee data; paid online; with fees not all 0, and of those paid online.
    public var synced = 0
    public var online = 0
    public var onlineWithResultFile = 0
    public var digitized = 0
    public var digitizedWithResultFile = 0
    public var reused = 0
    public var shared = 0
    public var citizenData = 0
    public var feeData = 0
    public var paidOnline = 0
    public var feesNotAllZero = 0
    public var feesNotAllZeroPaidOnline = 0
    /// Dossiers showing each violation (rule 9).
    public var pausedOnDueDate = 0
    public var lateSupplementRequest = 0

    public init(unitCode: String, procedureCode: String) {
        self.unitCode = unitCode
        self.procedureCode = procedureCode
    }

    /// Every dossier counted.
    public var dossiers: Int { carriedOver + newlyReceived }
}

/// The counts a database aggregates from petition facts for one unit, judged at one instant.
public struct PetitionFactCounts: Hashable, Sendable {
    public var unitCode: String
    /// The period's petitions, those handled on time (or open within the deadline), and those also satisfied.
    public var petitions = 0
    public var onTime = 0
    public var satisfied = 0

    public init(unitCode: String, petitions: Int = 0, onTime: Int = 0, satisfied: Int = 0) {
        self.unitCode = unitCode
        self.petitions = petitions
        self.onTime = onTime
        self.satisfied = satisfied
    }
}

extension IndexAccumulator {
    /// The instants a database judges facts at, for a period judged at `asOf`: the instant of judgement, the instant
    /// the data is seen at (D7), and the period's first instant.
    public static func judgingInstants(period: Period, asOf: Instant?) -> (judgedAt: Instant, observedAt: Instant, periodStart: Instant) {
        let end = period.endInstant.adding(seconds: -1)
        let judgedAt = asOf.map { min($0, end) } ?? end
        return (judgedAt, max(asOf ?? end, judgedAt), period.startInstant)
    }

    /// Every unit's figures for a period from counts a database aggregated over judged facts: the same figures
    /// ``aggregate(catalogue:dossiers:petitions:ratings:period:asOf:calendar:settings:includeChildren:)`` gives for
    /// the dossiers, petitions and ratings the facts were judged from.
    public static func aggregate(
        catalogue: Catalogue, period: Period, asOf: Instant? = nil, calendar: WorkCalendar, settings: JudgeSettings = .portal,
        dossierCounts: some Sequence<DossierFactCounts>, petitionCounts: some Sequence<PetitionFactCounts>, includeChildren: Bool = true
    ) -> Aggregation {
        var accumulator = IndexAccumulator(catalogue: catalogue, period: period, asOf: asOf, calendar: calendar, settings: settings)
        for c in petitionCounts {
            guard let ui = catalogue.unitIndex[c.unitCode] else { continue }
            accumulator.own[ui].counts[.petitionOnTime] += Count(c.onTime, c.petitions)
            accumulator.own[ui].counts[.petitionSatisfaction] += Count(c.satisfied, c.petitions)
        }
        for c in dossierCounts { accumulator.add(c) }
        return accumulator.result(includeChildren: includeChildren)
    }

    /// Counts one (unit, procedure) pair's aggregated facts into its unit's figures.
    private mutating func add(_ c: DossierFactCounts) {
        guard let ui = catalogue.unitIndex[c.unitCode] else {
            unknownUnitDossiers += c.dossiers
            return
        }
        let pi = catalogue.procedureIndex[c.procedureCode]
        if pi == nil { unknownProcedureDossiers += c.dossiers }
        let procedure = pi.map { catalogue.procedures[$0] }
        let resultRequired = procedure?.resultDocumentRequired ?? false
        var figures = own[ui]
        figures.processing =
            figures.processing
            + ProcessingTable(
                carriedOver: c.carriedOver, newlyReceived: c.newlyReceived, resolvedOnTime: c.resolvedOnTime, resolvedOverdue: c.resolvedOverdue,
                openNotDue: c.openNotDue, openOverdue: c.openOverdue)
        figures.counts[.dossierOnTime] += Count(c.onTime, c.dossiers)
        figures.counts[.dossierSatisfaction] += Count(c.satisfied, c.dossiers)
        if c.pausedOnDueDate > 0 { figures.violations[.pausedOnDueDate, default: 0] += c.pausedOnDueDate }
        if c.lateSupplementRequest > 0 { figures.violations[.lateSupplementRequest, default: 0] += c.lateSupplementRequest }
        if resultRequired { figures.counts[.eResult] += Count(c.resolvedWithElectronicResult, c.resolvedWithResult) }
        if c.newlyReceived > 0 {
            let n = c.newlyReceived
            figures.counts[.dossierSync] += Count(c.synced, n)
            figures.counts[.onlineDossier] += Count(resultRequired ? c.onlineWithResultFile : c.online, n)
            figures.counts[.digitizedDossier] += Count(resultRequired ? c.digitizedWithResultFile : c.digitized, n)
            figures.counts[.reusedDigitizedData] += Count(c.reused, n)
            figures.counts[.sharedDigitizedData] += Count(c.shared, n)
            figures.counts[.citizenDataDossier] += Count(c.citizenData, n)
            if procedure?.feeBearing == true { figures.counts[.dossierOnlinePayment] += Count(c.feesNotAllZeroPaidOnline, c.feesNotAllZero) }
            if let pi {
                let hits = SIMD4<Int32>(c.online > 0 ? 1 : 0, c.feeData > 0 ? 1 : 0, c.paidOnline > 0 ? 1 : 0, c.citizenData > 0 ? 1 : 0)
                if hits != .zero { procedureHits[ui * catalogue.procedures.count + pi, default: .zero] &+= hits }
            }
        }
        own[ui] = figures
    }
}
