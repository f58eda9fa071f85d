/// One stretch of a dossier's verdict timeline: judged at any instant in `[from, to)`, the dossier's outcome is `outcome`.
public struct VerdictSegment: Hashable, Sendable {
    /// The first instant of the stretch.
    public var from: Instant
    /// The first instant after the stretch; nil when the stretch never ends.
    public var to: Instant?
    public var outcome: Verdict.Outcome

    public init(from: Instant, to: Instant?, outcome: Verdict.Outcome) {
        self.from = from
        self.to = to
        self.outcome = outcome
    }

    /// Whether the stretch holds the instant.
    public func holds(_ instant: Instant) -> Bool { from <= instant && to.map { instant < $0 } ?? true }
}

/// A dossier's verdict as a function of the instant of judgement (DESIGN §5).
///
/// `Judge.judge` compares the instant of judgement only with the dossier's own instants: an event counts once
/// `event ≤ instant`, a deadline is passed once `instant > deadline` (with the waiting time added). Its verdict is
/// therefore constant between consecutive instants among `Judge.changeInstants` and the second after each of them,
/// and the timeline judges the dossier once at each of those instants, merging equal neighbours. The timeline starts
/// at the reception: before it, the dossier is no period's dossier (``Judge/belongs(_:to:judgedAt:)``).
public struct VerdictTimeline: Hashable, Sendable {
    /// The stretches, in time order, without gaps, the first starting at the reception and the last never ending.
    public let segments: [VerdictSegment]

    /// Judges a dossier at every instant where its verdict can change.
    public init(
        dossier: Dossier, statutoryTime: StatutoryTime?, calendar: WorkCalendar, settings: JudgeSettings = .portal
    ) {
        let start = dossier.receivedAt
        var points: Set<Int64> = [start.secondsSinceEpoch]
        for instant in Judge.changeInstants(of: dossier, statutoryTime: statutoryTime, calendar: calendar) {
            let s = instant.secondsSinceEpoch
            if s > start.secondsSinceEpoch { points.insert(s) }
            if s < Int64.max, s + 1 > start.secondsSinceEpoch { points.insert(s + 1) }
        }
        var segments: [VerdictSegment] = []
        for s in points.sorted() {
            let at = Instant(secondsSinceEpoch: s)
            let outcome = Judge.judge(dossier, statutoryTime: statutoryTime, asOf: at, calendar: calendar, settings: settings).outcome
            if let last = segments.last, last.outcome == outcome { continue }
            if !segments.isEmpty { segments[segments.count - 1].to = at }
            segments.append(VerdictSegment(from: at, to: nil, outcome: outcome))
        }
        self.segments = segments
    }

    /// The outcome at an instant; nil before the reception.
    public func outcome(at instant: Instant) -> Verdict.Outcome? {
        // Few segments: a linear search is as fast as a binary one.
        segments.last { $0.from <= instant }?.outcome
    }
}
