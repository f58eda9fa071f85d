/// An administrative procedure (thủ tục hành chính, TTHC) from the catalogue.
public struct Procedure: Hashable, Sendable, Identifiable {
    /// How much of the procedure can be done online.
    public enum OnlineLevel: String, Hashable, Sendable, Codable {
        case none, partial, full
    }

    /// Who applies for the procedure.
    public enum Applicants: String, Hashable, Sendable, Codable {
        case citizens, businesses, both
    }

    /// Code (`MaTTHC`), e.g. `1.004227`.
    public var code: String
    public var name: String
    /// Field code (`MaLinhVuc`).
    public var fieldCode: String
    public var fieldName: String
    public var onlineLevel: OnlineLevel
    /// Whether the procedure issues a result document (giấy tờ kết quả).
    public var resultDocumentRequired: Bool
    /// Whether fees or charges (phí, lệ phí) apply.
    public var feeBearing: Bool
    /// Statutory processing time, used when a dossier carries no deadline.
    public var statutoryTime: StatutoryTime?
    public var applicants: Applicants
    /// Codes of the units that handle the procedure.
    public var unitCodes: [String]
    /// Kinds of unit that handle the procedure (every unit of such a kind does).
    public var unitKinds: [Unit.Kind]
    /// Publication facts, for the transparency indicators.
    public var publication: Publication

    public var id: String { code }

    public init(
        code: String, name: String, fieldCode: String = "", fieldName: String = "", onlineLevel: OnlineLevel = .none,
        resultDocumentRequired: Bool = true, feeBearing: Bool = false, statutoryTime: StatutoryTime? = nil,
        applicants: Applicants = .both, unitCodes: [String] = [], unitKinds: [Unit.Kind] = [],
        publication: Publication = Publication()
    ) {
        self.code = code
        self.name = name
        self.fieldCode = fieldCode
        self.fieldName = fieldName
        self.onlineLevel = onlineLevel
        self.resultDocumentRequired = resultDocumentRequired
        self.feeBearing = feeBearing
        self.statutoryTime = statutoryTime
        self.applicants = applicants
        self.unitCodes = unitCodes
        self.unitKinds = unitKinds
        self.publication = publication
    }

    /// Whether a unit handles this procedure.
    public func isHandled(by unit: Unit) -> Bool {
        unitKinds.contains(unit.kind) || unitCodes.contains(unit.code)
    }

    /// Whether the procedure is offered as an online public service, partly or fully.
    public var isOnline: Bool { onlineLevel != .none }
}

/// A length of time fixed by law, in the unit the procedure states.
public struct StatutoryTime: Hashable, Sendable {
    public enum Unit: String, Hashable, Sendable, Codable {
        case workingDays = "working_days", days, hours
    }

    public var value: Int
    public var unit: Unit

    public init(_ value: Int, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }

    /// The deadline this time gives for processing that starts at `start`.
    ///
    /// Working days and hours run on a clock that stops on days off (a working day is 24 hours of that
    /// clock); calendar days run on the plain clock.
    /// - Parameter extra: seconds of the same clock added to the time, e.g. time spent waiting for a
    ///   supplement, which does not count (DOMAIN §4 rule 7).
    public func deadline(from start: Instant, extra: Int64 = 0, calendar: WorkCalendar) -> Instant {
        switch unit {
        case .workingDays: return calendar.addingWorkingSeconds(Int64(value) * Instant.secondsPerDay + extra, to: start)
        case .days: return start.adding(seconds: Int64(value) * Instant.secondsPerDay + extra)
        case .hours: return calendar.addingWorkingSeconds(Int64(value) * 3600 + extra, to: start)
        }
    }

    /// The time between two instants on this unit's clock, in seconds.
    public func elapsed(from start: Instant, to end: Instant, calendar: WorkCalendar) -> Int64 {
        switch unit {
        case .workingDays, .hours: return calendar.workingSeconds(from: start, to: end)
        case .days: return max(0, end.secondsSinceEpoch - start.secondsSinceEpoch)
        }
    }
}

/// Facts about how a procedure was published, for the transparency group.
public struct Publication: Hashable, Sendable {
    /// Date of the decision publishing the procedure (quyết định công bố).
    public var decisionDate: LocalDate?
    /// Date its legal basis took effect.
    public var effectiveDate: LocalDate?
    /// Date it was made public on the portal (công khai).
    public var publicizedDate: LocalDate?
    /// Whether every component required by NĐ 63/2010 art. 8(2) is published.
    public var contentComplete: Bool?
    /// Whether the publishing body is a ministry (longer lead times apply).
    public var byMinistry: Bool

    public init(
        decisionDate: LocalDate? = nil, effectiveDate: LocalDate? = nil, publicizedDate: LocalDate? = nil,
        contentComplete: Bool? = nil, byMinistry: Bool = false
    ) {
        self.decisionDate = decisionDate
        self.effectiveDate = effectiveDate
        self.publicizedDate = publicizedDate
        self.contentComplete = contentComplete
        self.byMinistry = byMinistry
    }
}
