/// The figures of one unit for one period: every indicator's counts, the processing table, violations.
public struct UnitFigures: Hashable, Sendable {
    public let unit: Unit
    public var counts: IndicatorCounts
    public var processing: ProcessingTable
    /// Dossiers showing each violation of rule 9.
    public var violations: [Violation: Int]

    public init(
        unit: Unit, counts: IndicatorCounts = IndicatorCounts(), processing: ProcessingTable = ProcessingTable(), violations: [Violation: Int] = [:]
    ) {
        self.unit = unit
        self.counts = counts
        self.processing = processing
        self.violations = violations
    }

    /// Whether the unit had no dossier to judge in the period (a footnote in the documents).
    public var hasNoDossiers: Bool { processing.total == 0 && counts[.dossierOnTime].denominator == 0 }
}

/// Every unit's figures for a period, as of an instant.
public struct Aggregation: Sendable {
    public let period: Period
    /// The instant the open dossiers were judged at: the end of the period, or earlier for the live view.
    public let asOf: Instant
    /// Figures in the catalogue's unit order.
    public let figures: [UnitFigures]
    /// Dossiers whose unit is not in the catalogue (not counted anywhere).
    public let unknownUnitDossiers: Int
    /// Dossiers whose procedure is not in the catalogue (counted without procedure facts).
    public let unknownProcedureDossiers: Int
    private let index: [String: Int]

    /// An aggregation of figures computed elsewhere, e.g. unit-level counts from a file.
    /// - Parameter asOf: the instant the figures were judged at; the end of the period when nil.
    public init(period: Period, asOf: Instant? = nil, figures: [UnitFigures]) {
        self.init(
            period: period, asOf: asOf ?? period.endInstant.adding(seconds: -1), figures: figures, unknownUnitDossiers: 0,
            unknownProcedureDossiers: 0)
    }

    init(period: Period, asOf: Instant, figures: [UnitFigures], unknownUnitDossiers: Int, unknownProcedureDossiers: Int) {
        self.period = period
        self.asOf = asOf
        self.figures = figures
        self.unknownUnitDossiers = unknownUnitDossiers
        self.unknownProcedureDossiers = unknownProcedureDossiers
        self.index = Dictionary(uniqueKeysWithValues: figures.enumerated().map { ($1.unit.code, $0) })
    }

    /// Whether no unit had a dossier to judge in the period (an earlier period with no data).
    public var hasNoDossiers: Bool { figures.allSatisfy(\.hasNoDossiers) }

    /// The figures of a unit.
    public subscript(_ code: String) -> UnitFigures? { index[code].map { figures[$0] } }
}

/// Counts indicators for one period, one record at a time.
///
/// Records can be added and removed (`sign: -1`), so that a newer version of a dossier replaces the old
/// one's contribution: live counters stay equal to a full recomputation. Ratings and petitions that
/// concern dossiers must be added before those dossiers.
public struct IndexAccumulator: Sendable {
    public let catalogue: Catalogue
    public let period: Period
    /// The instant of judgement: `min(end of period, asOf)`.
    public private(set) var judgedAt: Instant
    /// The instant the data is seen at: `asOf` itself, later than `judgedAt` when a closed period is computed
    /// after its end (DOMAIN §4a D7: the electronic-result condition sees the dossiers resolved since).
    public private(set) var observedAt: Instant
    /// The last instant of the period.
    var periodLastInstant: Instant { period.endInstant.adding(seconds: -1) }
    public let calendar: WorkCalendar
    public let settings: JudgeSettings

    var own: [UnitFigures]
    /// Per (unit, procedure): dossiers received online, carrying fee data, paid online, using citizen data.
    var procedureHits: [Int: SIMD4<Int32>] = [:]
    private var unsatisfiedRatings: [String: Int] = [:]
    private var petitionedDossiers: [String: Int] = [:]
    var unknownUnitDossiers = 0
    var unknownProcedureDossiers = 0

    /// Starts counting for a period.
    /// - Parameters:
    ///   - asOf: judge open dossiers at this instant when it is before the end of the period (live view).
    public init(catalogue: Catalogue, period: Period, asOf: Instant? = nil, calendar: WorkCalendar, settings: JudgeSettings = .portal) {
        self.catalogue = catalogue
        self.period = period
        let instants = IndexAccumulator.judgingInstants(period: period, asOf: asOf)
        self.judgedAt = instants.judgedAt
        self.observedAt = instants.observedAt
        self.calendar = calendar
        self.settings = settings
        self.own = catalogue.units.map { UnitFigures(unit: $0) }
    }

    /// Moves the instant of judgement forward (never past the end of the period).
    ///
    /// Only the records whose verdict can change between the old and the new instant must be removed before
    /// and added again after: `Judge.changeInstants` lists when that can happen.
    mutating func moveJudgement(to instant: Instant) {
        judgedAt = max(judgedAt, min(instant, periodLastInstant))
        observedAt = max(observedAt, instant)
    }

    /// Adds (or with `sign: -1` removes) a satisfaction rating.
    public mutating func add(_ rating: Rating, sign: Int = 1) {
        if rating.value.isUnsatisfied { unsatisfiedRatings[rating.dossierCode, default: 0] += sign }
    }

    /// Adds (or removes) a petition.
    public mutating func add(_ petition: Petition, sign: Int = 1) {
        if let code = petition.dossierCode, !code.isEmpty { petitionedDossiers[code, default: 0] += sign }
        guard let ui = catalogue.unitIndex[petition.unitCode], petition.receivedAt <= judgedAt else { return }
        if let resolved = petition.resolvedAt, resolved <= judgedAt, resolved < period.startInstant { return }
        let deadline = petition.deadline(calendar: calendar)
        let answered = petition.resolvedAt.flatMap { $0 <= judgedAt ? $0 : nil }
        let onTime = answered.map { $0 <= deadline } ?? (judgedAt <= deadline)
        own[ui].counts.add(.petitionOnTime, onTime, sign: sign)
        let satisfied = onTime && !petition.repeated && petition.rating?.isUnsatisfied != true
        own[ui].counts.add(.petitionSatisfaction, satisfied, sign: sign)
    }

    /// Adds (or removes) a dossier.
    public mutating func add(_ dossier: Dossier, sign: Int = 1) {
        guard let (verdict, carried) = judgeInPeriod(dossier, procedure: nil) else { return }
        guard let ui = catalogue.unitIndex[dossier.unitCode] else {
            unknownUnitDossiers += sign
            return
        }
        let pi = catalogue.procedureIndex[dossier.procedureCode]
        if pi == nil { unknownProcedureDossiers += sign }
        let procedure = pi.map { catalogue.procedures[$0] }
        // D7: whether the dossier has issued its result, as seen at the instant the data is observed.
        let issuedResult = (dossier.state == .processed || dossier.state == .returned) && Judge.end(of: dossier, asOf: observedAt) != nil
        let unsatisfied = !unsatisfiedRatings.isEmpty && (unsatisfiedRatings[dossier.code] ?? 0) > 0
        let petitioned = !petitionedDossiers.isEmpty && (petitionedDossiers[dossier.code] ?? 0) > 0
        let violations = Judge.violations(of: dossier, calendar: calendar, settings: settings)
        // Mutate the unit's figures in place: copying them out would copy their storage for every dossier.
        let hits = IndexAccumulator.add(
            dossier, procedure: procedure, verdict: verdict, issuedResult: issuedResult, carried: carried, unsatisfied: unsatisfied,
            petitioned: petitioned,
            violations: violations, sign: sign, to: &own[ui])
        if let pi, hits != .zero {
            procedureHits[ui * catalogue.procedures.count + pi, default: .zero] &+= hits &* Int32(sign)
        }
    }

    /// A dossier's verdict at the instant of judgement and whether it was carried over from before the period;
    /// nil when it is not one of the period's dossiers (``Judge/belongs(_:to:judgedAt:)``).
    ///
    /// - Parameter procedure: the dossier's procedure, looked up in the catalogue when nil.
    public func judgeInPeriod(_ dossier: Dossier, procedure: Procedure?) -> (verdict: Verdict, carried: Bool)? {
        guard Judge.belongs(dossier, to: period, judgedAt: judgedAt) else { return nil }
        let statutory = (procedure ?? catalogue.procedure(dossier.procedureCode))?.statutoryTime
        let verdict = Judge.judge(dossier, statutoryTime: statutory, asOf: judgedAt, calendar: calendar, settings: settings)
        return (verdict, dossier.receivedAt < period.startInstant)
    }

    /// Counts a dossier into its unit's figures; returns its hits for the procedure-based indicators.
    private static func add(
        _ dossier: Dossier, procedure: Procedure?, verdict: Verdict, issuedResult: Bool, carried: Bool, unsatisfied: Bool, petitioned: Bool,
        violations: [Violation], sign: Int, to figures: inout UnitFigures
    ) -> SIMD4<Int32> {
        figures.processing.add(carried: carried, verdict: verdict, sign: sign)
        figures.counts.add(.dossierOnTime, verdict.outcome.countsAsOnTime, sign: sign)
        figures.counts.add(.dossierSatisfaction, !verdict.isOverdue && !unsatisfied && !petitioned, sign: sign)
        for v in violations {
            figures.violations[v, default: 0] += sign
        }

        let resultRequired = procedure?.resultDocumentRequired ?? false
        // D8: resolved with a result in the period (judged at the end of the period at the latest).
        if verdict.isResolved && (dossier.state == .processed || dossier.state == .returned) && resultRequired {
            figures.counts.add(.eResult, dossier.hasElectronicResult, sign: sign)
        }
        if !carried {
            let online = dossier.channel == .online
            let resultOK = !(issuedResult && resultRequired) || dossier.hasElectronicResult
            figures.counts.add(.dossierSync, dossier.synced, sign: sign)
            figures.counts.add(.onlineDossier, online && resultOK, sign: sign)
            figures.counts.add(.digitizedDossier, dossier.isDigitized && resultOK, sign: sign)
            figures.counts.add(.reusedDigitizedData, dossier.reusesDigitizedData, sign: sign)
            figures.counts.add(.sharedDigitizedData, dossier.sharesDigitizedData, sign: sign)
            figures.counts.add(.citizenDataDossier, dossier.usesCitizenData, sign: sign)
            if procedure?.feeBearing == true && !dossier.allFeesZero {
                figures.counts.add(.dossierOnlinePayment, dossier.paidOnline, sign: sign)
            }
            return SIMD4<Int32>(online ? 1 : 0, dossier.hasFeeData ? 1 : 0, dossier.paidOnline ? 1 : 0, dossier.usesCitizenData ? 1 : 0)
        }
        return .zero
    }

    /// The figures of every unit.
    ///
    /// - Parameter includeChildren: when true, a unit's figures cover the units below it (a parent's
    ///   figures are its own plus its children's); when false, each unit's own records only.
    public func result(includeChildren: Bool = true) -> Aggregation {
        var figures = own
        let procedureCount = catalogue.procedures.count
        // Procedure-based indicators of each unit, from the catalogue and the hits.
        for (ui, procedures) in catalogue.unitProcedures.enumerated() {
            var counts = figures[ui].counts
            for pi in procedures {
                let p = catalogue.procedures[pi]
                let hits = procedureHits[ui * procedureCount + pi] ?? .zero
                counts.add(.onlineServiceProvision, p.isOnline)
                if p.isOnline { counts.add(.onlineServiceUsage, hits[0] > 0) }
                if p.feeBearing {
                    counts.add(.feeProcedureIntegration, hits[1] > 0)
                    counts.add(.procedureOnlinePayment, hits[2] > 0)
                }
                if p.applicants != .businesses { counts.add(.citizenDataProcedure, hits[3] > 0) }
                if let decision = p.publication.decisionDate, period.contains(decision) {
                    let lead = p.publication.byMinistry ? 20 : 5
                    let onTime =
                        p.publication.effectiveDate.map {
                            calendar.workingDays(after: decision, through: $0) >= lead
                        } ?? false
                    counts.add(.publishOnTime, onTime)
                }
            }
            let unit = catalogue.units[ui]
            if unit.kind == .commune { counts.add(.eCertifiedCopy, unit.offersElectronicCertifiedCopy) }
            figures[ui].counts = counts
        }
        if includeChildren {
            for ui in catalogue.bottomUp {
                for child in catalogue.children[ui] {
                    figures[ui].counts = figures[ui].counts + figures[child].counts
                    figures[ui].processing = figures[ui].processing + figures[child].processing
                    figures[ui].violations.merge(figures[child].violations, uniquingKeysWith: +)
                }
            }
        }
        // Province-wide indicators: the same value for every unit.
        let wide = provinceWideCounts()
        for ui in figures.indices {
            for (indicator, count) in wide { figures[ui].counts[indicator] = count }
        }
        return Aggregation(
            period: period, asOf: judgedAt, figures: figures, unknownUnitDossiers: unknownUnitDossiers,
            unknownProcedureDossiers: unknownProcedureDossiers)
    }

    private func provinceWideCounts() -> [(Indicator, Count)] {
        var update = Count()
        var content = Count()
        for p in catalogue.procedures {
            if let decision = p.publication.decisionDate, period.contains(decision) {
                update.denominator += 1
                let limit = calendar.addingWorkingDays(p.publication.byMinistry ? 10 : 5, to: decision)
                if let publicized = p.publication.publicizedDate, publicized <= limit { update.numerator += 1 }
            }
            if let complete = p.publication.contentComplete {
                content.denominator += 1
                if complete { content.numerator += 1 }
            }
        }
        return [(.publicUpdateOnTime, update), (.publicContentFull, content)]
    }
}

extension IndexAccumulator {
    /// Aggregates a whole data set for a period in one pass.
    public static func aggregate(
        catalogue: Catalogue, dossiers: some Sequence<Dossier>, petitions: some Sequence<Petition> = [Petition](),
        ratings: some Sequence<Rating> = [Rating](), period: Period, asOf: Instant? = nil, calendar: WorkCalendar,
        settings: JudgeSettings = .portal, includeChildren: Bool = true
    ) -> Aggregation {
        var accumulator = IndexAccumulator(catalogue: catalogue, period: period, asOf: asOf, calendar: calendar, settings: settings)
        for r in ratings { accumulator.add(r) }
        for p in petitions { accumulator.add(p) }
        for d in dossiers { accumulator.add(d) }
        return accumulator.result(includeChildren: includeChildren)
    }
}
