/// What the index needs of one dossier's current version, judged once at ingest (DESIGN §5): the narrow row of
/// facts a database aggregates, and the verdict timeline.
///
/// Everything here is computed by Core's own rules (`Judge.end`, the `Dossier` flags, `Judge.violations`,
/// ``VerdictTimeline``); a database only compares these instants with the instant of judgement and counts.
public struct DossierFacts: Hashable, Sendable {
    public var unitCode: String
    public var procedureCode: String
    /// The province the dossier's unit belongs to (``UnitProvince``), for partitioning; empty when the unit is not in
    /// the catalogue.
    public var provinceCode: String
    public var receivedAt: Instant
    /// Whether the dossier was received at all (DOMAIN §4a D1): one that was not counts nowhere.
    public var isReceived: Bool
    /// The end of processing (rule 1), nil while open.
    public var endedAt: Instant?
    /// The end, when the dossier ended by issuing its result (processed or returned; D7, D8).
    public var resultAt: Instant?
    public var online: Bool
    public var synced: Bool
    public var hasElectronicResult: Bool
    public var digitized: Bool
    public var reusesDigitizedData: Bool
    public var sharesDigitizedData: Bool
    public var usesCitizenData: Bool
    public var hasFeeData: Bool
    public var paidOnline: Bool
    public var allFeesZero: Bool
    /// The violations of the processing discipline (rule 9).
    public var violations: Set<Violation>
    public var timeline: VerdictTimeline

    /// Judges a dossier version.
    /// - Parameters:
    ///   - provinceCode: the province of the dossier's unit (``UnitProvince``), as the store places its records.
    ///   - statutoryTime: the procedure's statutory time (rule 7), from the catalogue as stored.
    public init(
        _ dossier: Dossier, provinceCode: String, statutoryTime: StatutoryTime?, calendar: WorkCalendar, settings: JudgeSettings = .portal
    ) {
        unitCode = dossier.unitCode
        procedureCode = dossier.procedureCode
        self.provinceCode = provinceCode
        receivedAt = dossier.receivedAt
        isReceived = dossier.state.isReceived
        endedAt = Judge.end(of: dossier, asOf: Instant(secondsSinceEpoch: .max))
        resultAt = dossier.state == .processed || dossier.state == .returned ? endedAt : nil
        online = dossier.channel == .online
        synced = dossier.synced
        hasElectronicResult = dossier.hasElectronicResult
        digitized = dossier.isDigitized
        reusesDigitizedData = dossier.reusesDigitizedData
        sharesDigitizedData = dossier.sharesDigitizedData
        usesCitizenData = dossier.usesCitizenData
        hasFeeData = dossier.hasFeeData
        paidOnline = dossier.paidOnline
        allFeesZero = dossier.allFeesZero
        violations = Set(Judge.violations(of: dossier, calendar: calendar, settings: settings))
        timeline = VerdictTimeline(dossier: dossier, statutoryTime: statutoryTime, calendar: calendar, settings: settings)
    }
}

/// What the index needs of one petition (PAKN), judged once: its instants, with the deadline to answer computed
/// on the working calendar.
public struct PetitionFacts: Hashable, Sendable {
    public var unitCode: String
    public var provinceCode: String
    /// The dossier the petition is about, nil when none: such a dossier is not counted satisfied.
    public var dossierCode: String?
    public var receivedAt: Instant
    public var resolvedAt: Instant?
    public var deadline: Instant
    /// Whether the petition counts as satisfied when handled on time: not repeated, not rated unsatisfied.
    public var satisfiedIfOnTime: Bool

    /// - Parameter provinceCode: the province of the petition's unit (``UnitProvince``), as the store places its records.
    public init(_ petition: Petition, provinceCode: String, calendar: WorkCalendar) {
        unitCode = petition.unitCode
        self.provinceCode = provinceCode
        dossierCode = petition.dossierCode.flatMap { $0.isEmpty ? nil : $0 }
        receivedAt = petition.receivedAt
        resolvedAt = petition.resolvedAt
        deadline = petition.deadline(calendar: calendar)
        satisfiedIfOnTime = !petition.repeated && petition.rating?.isUnsatisfied != true
    }
}

/// A rating as a fact: the dossier it is about, when, and whether it is unsatisfied (which makes the dossier not
/// satisfied, ``Indicator/dossierSatisfaction``).
public struct RatingFacts: Hashable, Sendable {
    public var dossierCode: String
    /// The province of the rating's dossier (``UnitProvince``), as the store places its records; empty when the
    /// dossier is not stored.
    public var provinceCode: String
    public var ratedAt: Instant?
    public var unsatisfied: Bool

    public init(_ rating: Rating, provinceCode: String) {
        dossierCode = rating.dossierCode
        self.provinceCode = provinceCode
        ratedAt = rating.ratedAt
        unsatisfied = rating.value.isUnsatisfied
    }
}
