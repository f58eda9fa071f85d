/// Live counters of the open period: every indicator's numerator and denominator per unit, kept up to
/// date as records arrive and as time passes, equal at every moment to a full recomputation.
///
/// A newer version of a dossier replaces the old one's contribution (removed, then the new one added).
/// When the clock advances, only the dossiers and petitions with a change instant (a deadline, an event)
/// between the old and the new time are judged again, so publishing a change never means recomputing
/// the province.
public struct LiveIndex: Sendable {
    private var accumulator: IndexAccumulator
    private var dossiers: [String: Dossier] = [:]
    private var petitions: [String: Petition] = [:]
    private var ratings: [String: [Rating]] = [:]
    private var wakeups = MinHeap<Wakeup>()

    private struct Wakeup: Comparable, Sendable {
        let at: Instant
        let code: String
        let isPetition: Bool
        /// The second look, one second after a change instant the clock stopped at exactly.
        var isSecondLook = false

        static func < (a: Wakeup, b: Wakeup) -> Bool { (a.at, a.code) < (b.at, b.code) }
    }

    /// Starts live counting for a period, judged at `asOf`.
    public init(catalogue: Catalogue, period: Period, asOf: Instant, calendar: WorkCalendar, settings: JudgeSettings = .portal) {
        accumulator = IndexAccumulator(catalogue: catalogue, period: period, asOf: asOf, calendar: calendar, settings: settings)
    }

    /// The instant the counters are judged at.
    public var asOf: Instant { accumulator.judgedAt }

    /// The period counted.
    public var period: Period { accumulator.period }

    /// The earliest instant after ``asOf`` at which some figure may change by the passage of time alone (a deadline
    /// passing, a dossier or petition ending), or nil when none will: the instant a live clock must next wake at.
    ///
    /// It may be earlier than needed (a dossier replaced since keeps its old instants until they pass), never later.
    public var nextChange: Instant? { wakeups.min?.at }

    /// Adds a dossier, or replaces the version counted before.
    public mutating func upsert(_ dossier: Dossier) {
        if let old = dossiers[dossier.code] { accumulator.add(old, sign: -1) }
        dossiers[dossier.code] = dossier
        accumulator.add(dossier)
        let statutory = accumulator.catalogue.procedure(dossier.procedureCode)?.statutoryTime
        // Past the end of the period a dossier's verdict is fixed, but its ends still change what is observed of
        // it (DOMAIN §4a D7): only those wake-ups are kept beyond the period.
        let last = accumulator.periodLastInstant
        let ends = [dossier.processedAt, dossier.returnedAt, dossier.stoppedAt]
        for instant in Judge.changeInstants(of: dossier, statutoryTime: statutory, calendar: accumulator.calendar)
        where instant > accumulator.observedAt && (instant <= last || ends.contains(instant)) {
            wakeups.insert(Wakeup(at: instant, code: dossier.code, isPetition: false))
        }
    }

    /// Adds a petition, or replaces the version counted before.
    public mutating func upsert(_ petition: Petition) {
        let old = petitions[petition.code]
        // A petition about a dossier changes that dossier's satisfaction: count the dossiers it names again around it.
        let affected = Set([old?.dossierCode, petition.dossierCode].compactMap { $0 }).compactMap { dossiers[$0] }
        for d in affected { accumulator.add(d, sign: -1) }
        if let old { accumulator.add(old, sign: -1) }
        petitions[petition.code] = petition
        accumulator.add(petition)
        for d in affected { accumulator.add(d) }
        let instants = [petition.receivedAt, petition.resolvedAt, petition.deadline(calendar: accumulator.calendar)].compactMap { $0 }
        for instant in instants where instant > asOf && instant <= accumulator.periodLastInstant {
            wakeups.insert(Wakeup(at: instant, code: petition.code, isPetition: true))
        }
    }

    /// Adds a satisfaction rating.
    public mutating func add(_ rating: Rating) {
        let dossier = dossiers[rating.dossierCode]
        if let dossier { accumulator.add(dossier, sign: -1) }
        ratings[rating.dossierCode, default: []].append(rating)
        accumulator.add(rating)
        if let dossier { accumulator.add(dossier) }
    }

    /// Moves the clock forward, judging again what the passing time changes.
    public mutating func advance(to instant: Instant) {
        let target = instant
        guard target > accumulator.observedAt else { return }
        var dossierCodes = Set<String>()
        var petitionCodes = Set<String>()
        var again: [Wakeup] = []
        while let next = wakeups.min, next.at <= target {
            _ = wakeups.popMin()
            if next.isPetition { petitionCodes.insert(next.code) } else { dossierCodes.insert(next.code) }
            // Some verdicts change at a change instant (an end), others just after it (a deadline passes once the
            // instant is past): judged exactly at the instant, the record must be judged again a second later.
            if next.at == target && !next.isSecondLook {
                again.append(Wakeup(at: target.adding(seconds: 1), code: next.code, isPetition: next.isPetition, isSecondLook: true))
            }
        }
        for w in again { wakeups.insert(w) }
        let movedDossiers = dossierCodes.compactMap { dossiers[$0] }
        let movedPetitions = petitionCodes.compactMap { petitions[$0] }
        for d in movedDossiers { accumulator.add(d, sign: -1) }
        for p in movedPetitions { accumulator.add(p, sign: -1) }
        accumulator.moveJudgement(to: target)
        for p in movedPetitions { accumulator.add(p) }
        for d in movedDossiers { accumulator.add(d) }
    }

    /// The current figures of every unit.
    public func result(includeChildren: Bool = true) -> Aggregation {
        accumulator.result(includeChildren: includeChildren)
    }

    /// The dossiers counted, current versions.
    public var currentDossiers: Dictionary<String, Dossier>.Values { dossiers.values }
}

/// A binary min-heap.
struct MinHeap<Element: Comparable & Sendable>: Sendable {
    private var items: [Element] = []

    var min: Element? { items.first }
    var count: Int { items.count }

    mutating func insert(_ element: Element) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count && items[left] < items[smallest] { smallest = left }
            if right < items.count && items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
