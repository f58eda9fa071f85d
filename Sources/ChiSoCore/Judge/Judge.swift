/// How a province treats the time a dossier waits for the applicant's supplement (DOMAIN §4 rule 6).
public enum SupplementRule: String, Hashable, Sendable, Codable {
    /// The national portal's rule: the end is moved back by the time between request and supplement, and
    /// the deadline is the dossier's `NgayHenTra` as last synced.
    case excludeWaitingTime = "exclude_waiting_time"
    /// The statutory time restarts and the new deadline (`NgayHenTraMoi`) applies; the end is not moved.
    case restartWithNewDeadline = "restart_with_new_deadline"
}

/// Settings of the on-time rules that differ between provinces.
public struct JudgeSettings: Hashable, Sendable {
    public var supplementRule: SupplementRule
    /// A return for supplement must happen within this many working days of reception (rule 9).
    public var supplementRequestWorkingDays: Int

    public init(supplementRule: SupplementRule = .excludeWaitingTime, supplementRequestWorkingDays: Int = 3) {
        self.supplementRule = supplementRule
        self.supplementRequestWorkingDays = supplementRequestWorkingDays
    }

    public static let portal = JudgeSettings()
}

/// The judgement of one dossier at one instant.
public struct Verdict: Hashable, Sendable {
    public enum Outcome: String, Hashable, Sendable, Codable {
        /// Ended on an earlier working day than the deadline (trước hạn).
        case early
        /// Ended by the deadline (đúng hạn).
        case onTime = "on_time"
        /// Ended after the deadline, or overdue by rule (quá hạn).
        case overdue
        /// Not ended, deadline not passed (chưa đến hạn).
        case openWithinDeadline = "open_within_deadline"
        /// Not ended, deadline passed (đang xử lý quá hạn).
        case openOverdue = "open_overdue"

        /// Whether the outcome counts for the on-time indicator's numerator.
        public var countsAsOnTime: Bool { self == .early || self == .onTime || self == .openWithinDeadline }
    }

    public enum Reason: String, Hashable, Sendable, Codable {
        /// The end came by the deadline.
        case endedByDeadline = "ended_by_deadline"
        /// The end came after the deadline.
        case endedLate = "ended_late"
        /// A supplement request is pending and was made by the deadline (rule 4).
        case pendingSupplementInTime = "pending_supplement_in_time"
        /// A supplement request is pending and was made after the deadline (rule 4).
        case pendingSupplementLate = "pending_supplement_late"
        /// More than one supplement request (rule 5).
        case repeatedSupplementRequest = "repeated_supplement_request"
        /// No deadline: processing time within the statutory time (rule 7).
        case withinStatutoryTime = "within_statutory_time"
        /// No deadline: processing time over the statutory time (rule 7).
        case statutoryTimeExceeded = "statutory_time_exceeded"
        /// Still open, the deadline not passed (rule 3).
        case openBeforeDeadline = "open_before_deadline"
        /// Still open, the deadline passed (rule 3).
        case openPastDeadline = "open_past_deadline"
        /// Neither a deadline nor a statutory time is known: the dossier cannot be late.
        case noDeadline = "no_deadline"
    }

    public var outcome: Outcome
    public var reason: Reason
    /// Whether processing has ended (a terminal event at or before the instant judged).
    public var isResolved: Bool
    /// The end the rules compare with the deadline, after moving it back for supplement time; nil while open.
    public var effectiveEnd: Instant?
    /// The deadline applied, nil when none is known.
    public var deadline: Instant?

    /// Whether the dossier is overdue, ended or not.
    public var isOverdue: Bool { outcome == .overdue || outcome == .openOverdue }
}

/// A violation of the processing discipline (DOMAIN §4 rule 9).
public enum Violation: String, Hashable, Sendable, Codable, CaseIterable {
    /// Processing was paused on the dossier's due date.
    case pausedOnDueDate = "paused_on_due_date"
    /// The return for supplement came later than the allowed working days after reception.
    case lateSupplementRequest = "late_supplement_request"
}

/// The on-time rules of the national portal (DOMAIN §4), in one pure function.
public enum Judge {
    /// The first terminal event of a dossier (rule 1): processed, then returned, then stopped, refused or
    /// withdrawn; nil when the dossier has not ended or ended after `asOf`.
    public static func end(of dossier: Dossier, asOf: Instant) -> Instant? {
        let candidate: Instant?
        switch dossier.state {
        case .processed, .returned:
            candidate = dossier.processedAt ?? dossier.returnedAt ?? dossier.stoppedAt
        case .refused, .stopped, .withdrawn:
            candidate = dossier.stoppedAt ?? dossier.processedAt ?? dossier.returnedAt
        default:
            candidate = nil
        }
        guard let end = candidate, end <= asOf else { return nil }
        return end
    }

    /// Whether a dossier is one of a period's dossiers when judged at `judgedAt` (DOMAIN §4, §4a D1 and D6):
    /// received (D1) by the instant of judgement, and not ended before the period began. The one definition
    /// of membership: the index, its drill-downs and the lists of dossiers all ask it.
    public static func belongs(_ dossier: Dossier, to period: Period, judgedAt: Instant) -> Bool {
        guard dossier.state.isReceived, dossier.receivedAt <= judgedAt else { return false }
        if let end = end(of: dossier, asOf: judgedAt), end < period.startInstant { return false }
        return true
    }

    /// Judges a dossier as of an instant (the end of the period, or now for the live view).
    ///
    /// Events after `asOf` are treated as not having happened yet, so judging a closed period later gives
    /// the same verdict as judging it at its end.
    /// - Parameters:
    ///   - dossier: the dossier as last synced.
    ///   - statutoryTime: the procedure's statutory time, used when the dossier has no deadline (rule 7).
    ///   - asOf: the instant of judgement.
    ///   - calendar: working days and holidays.
    ///   - settings: the province's variant of rule 6.
    public static func judge(
        _ dossier: Dossier, statutoryTime: StatutoryTime?, asOf: Instant, calendar: WorkCalendar,
        settings: JudgeSettings = .portal
    ) -> Verdict {
        let terminal = end(of: dossier, asOf: asOf)
        let resolved = terminal != nil
        var requestCount = 0
        var request: SupplementRequest?
        for r in dossier.supplements where r.requestedAt <= asOf && (terminal.map { r.requestedAt <= $0 } ?? true) {
            requestCount += 1
            if request == nil || r.requestedAt < request!.requestedAt { request = r }
        }

        // The deadline: the synced NgayHenTra, or the statutory time from reception (rule 7).
        let statutory = dossier.dueAt == nil ? statutoryTime : nil
        var deadline = dossier.dueAt ?? statutory?.deadline(from: dossier.receivedAt, calendar: calendar)

        // Rule 5: more than one supplement request makes the dossier overdue.
        if requestCount > 1 {
            return Verdict(
                outcome: resolved ? .overdue : .openOverdue, reason: .repeatedSupplementRequest, isResolved: resolved,
                effectiveEnd: terminal, deadline: deadline)
        }

        // Seconds the end is moved back by (rule 6, portal variant).
        var shift: Int64 = 0
        if let r = request {
            let supplied = r.suppliedAt.flatMap { $0 <= asOf ? $0 : nil }
            guard let supplied else {
                // Rule 4: while the request is pending, its time is the end.
                guard let deadline else {
                    return Verdict(
                        outcome: .onTime, reason: .noDeadline, isResolved: resolved, effectiveEnd: r.requestedAt,
                        deadline: nil)
                }
                let inTime = r.requestedAt <= deadline
                return Verdict(
                    outcome: inTime ? (isEarly(r.requestedAt, deadline, calendar) ? .early : .onTime) : .overdue,
                    reason: inTime ? .pendingSupplementInTime : .pendingSupplementLate, isResolved: resolved,
                    effectiveEnd: r.requestedAt, deadline: deadline)
            }
            if let statutory {
                // Rule 7: processing time less the waiting time, on the procedure's own clock.
                let waited = statutory.elapsed(from: r.requestedAt, to: supplied, calendar: calendar)
                deadline = statutory.deadline(from: dossier.receivedAt, extra: waited, calendar: calendar)
            } else {
                switch settings.supplementRule {
                case .excludeWaitingTime:
                    // Rule 6: the waiting time does not count.
                    shift = max(0, supplied.secondsSinceEpoch - r.requestedAt.secondsSinceEpoch)
                case .restartWithNewDeadline:
                    if let newDue = r.newDueAt { deadline = newDue }
                }
            }
        }

        guard let deadline else {
            return Verdict(
                outcome: resolved ? .onTime : .openWithinDeadline, reason: .noDeadline, isResolved: resolved,
                effectiveEnd: terminal, deadline: nil)
        }

        guard let terminal else {
            // Rule 3: an open dossier is judged at the instant of judgement.
            let late = asOf.adding(seconds: -shift) > deadline
            return Verdict(
                outcome: late ? .openOverdue : .openWithinDeadline, reason: late ? .openPastDeadline : .openBeforeDeadline,
                isResolved: false, effectiveEnd: nil, deadline: deadline)
        }

        // Rule 2: on time when the end is by the deadline; early when on an earlier working day.
        let effectiveEnd = terminal.adding(seconds: -shift)
        let inTime = effectiveEnd <= deadline
        let reason: Verdict.Reason =
            statutory != nil ? (inTime ? .withinStatutoryTime : .statutoryTimeExceeded) : (inTime ? .endedByDeadline : .endedLate)
        return Verdict(
            outcome: inTime ? (isEarly(effectiveEnd, deadline, calendar) ? .early : .onTime) : .overdue, reason: reason,
            isResolved: true, effectiveEnd: effectiveEnd, deadline: deadline)
    }

    /// The instants at which a dossier's verdict or its counting can change with the passing of time alone:
    /// its events (reception, ends, supplement requests and supplies) and its deadlines (with the time
    /// waited for a supplement added). A live view re-judges a dossier when the clock passes one of them.
    public static func changeInstants(of dossier: Dossier, statutoryTime: StatutoryTime?, calendar: WorkCalendar) -> [Instant] {
        var instants = [dossier.receivedAt]
        for i in [dossier.processedAt, dossier.returnedAt, dossier.stoppedAt, dossier.dueAt] { if let i { instants.append(i) } }
        let statutoryDeadline = statutoryTime?.deadline(from: dossier.receivedAt, calendar: calendar)
        if let statutoryDeadline { instants.append(statutoryDeadline) }
        for r in dossier.supplements {
            instants.append(r.requestedAt)
            if let newDue = r.newDueAt { instants.append(newDue) }
            guard let supplied = r.suppliedAt else { continue }
            instants.append(supplied)
            let waited = max(0, supplied.secondsSinceEpoch - r.requestedAt.secondsSinceEpoch)
            if let due = dossier.dueAt { instants.append(due.adding(seconds: waited)) }
            if let time = statutoryTime {
                let extra = time.elapsed(from: r.requestedAt, to: supplied, calendar: calendar)
                instants.append(time.deadline(from: dossier.receivedAt, extra: extra, calendar: calendar))
            }
        }
        return instants
    }

    /// Whether an end falls on an earlier working day than the deadline: the first working day on or after
    /// the end comes before the deadline's day.
    static func isEarly(_ end: Instant, _ deadline: Instant, _ calendar: WorkCalendar) -> Bool {
        calendar.workingDay(onOrAfter: end.localDate) < deadline.localDate
    }

    /// The violations of the processing discipline a dossier shows (rule 9).
    public static func violations(
        of dossier: Dossier, calendar: WorkCalendar, settings: JudgeSettings = .portal
    ) -> [Violation] {
        var found: [Violation] = []
        if let due = dossier.dueAt?.localDate, dossier.pauses.contains(where: { $0.startedAt.localDate == due }) {
            found.append(.pausedOnDueDate)
        }
        // Within N working days: until the end of the N-th working day after the day of reception.
        let lastDay = calendar.addingWorkingDays(settings.supplementRequestWorkingDays, to: dossier.receivedAt.localDate)
        let limit = Instant(local: lastDay.adding(days: 1))
        if dossier.supplements.contains(where: { $0.requestedAt >= limit }) {
            found.append(.lateSupplementRequest)
        }
        return found
    }
}
