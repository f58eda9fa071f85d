/// A petition or feedback (phản ánh, kiến nghị, PAKN) about a procedure or an official.
public struct Petition: Hashable, Sendable, Identifiable {
    public var code: String
    /// Unit the petition is about.
    public var unitCode: String
    public var receivedAt: Instant
    /// When it was answered, nil while open.
    public var resolvedAt: Instant?
    /// The applicant's rating of the answer.
    public var rating: Rating.Value?
    /// Whether the same matter was petitioned before (kiến nghị lặp lại).
    public var repeated: Bool
    /// The dossier the petition is about, if any.
    public var dossierCode: String?

    public var id: String { code }

    public init(
        code: String, unitCode: String, receivedAt: Instant, resolvedAt: Instant? = nil, rating: Rating.Value? = nil,
        repeated: Bool = false, dossierCode: String? = nil
    ) {
        self.code = code
        self.unitCode = unitCode
        self.receivedAt = receivedAt
        self.resolvedAt = resolvedAt
        self.rating = rating
        self.repeated = repeated
        self.dossierCode = dossierCode
    }

    /// Statutory time to answer a petition, in working days.
    public static let answerWorkingDays = 15

    /// The deadline to answer.
    public func deadline(calendar: WorkCalendar) -> Instant {
        calendar.addingWorkingDays(Petition.answerWorkingDays, to: receivedAt)
    }
}

/// A satisfaction rating of a dossier's handling (đánh giá mức độ hài lòng).
public struct Rating: Hashable, Sendable {
    public enum Value: String, Hashable, Sendable, Codable {
        case verySatisfied = "very_satisfied", satisfied, normal, unsatisfied

        public var isUnsatisfied: Bool { self == .unsatisfied }
    }

    public var dossierCode: String
    public var value: Value
    public var ratedAt: Instant?

    public init(dossierCode: String, value: Value, ratedAt: Instant? = nil) {
        self.dossierCode = dossierCode
        self.value = value
        self.ratedAt = ratedAt
    }
}
