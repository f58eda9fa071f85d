public import ChiSoCore
import ChiSoIngest
import ChiSoReport
public import ChiSoStore
public import Logging

/// The store as the server needs it: the data store and the access tables.
public typealias ServerStore = Store & AccessStore

/// The index as the web application sees it: live counters for the open month, closed periods computed
/// once and cached, and the live stream of changes.
///
/// All mutable state is isolated in this actor; the request handlers only await its results.
public actor IndexService {
    nonisolated let store: any ServerStore
    nonisolated public let methodology: Methodology
    nonisolated public let calendar: WorkCalendar
    nonisolated let clock: @Sendable () -> Instant
    nonisolated let broadcaster = LiveBroadcaster()
    nonisolated let logger: Logger

    private(set) var catalogue: Catalogue
    private var targets: [Target] = []
    private var live: LiveIndex?
    private var lastScores: [String: UnitScore] = [:]
    private var closedAggregations: [Period: Aggregation] = [:]
    private var closedBoards: [String: Scoreboard] = [:]
    /// Closed periods being computed, so that concurrent requests wait for one computation.
    private var pending: [Period: Task<Aggregation, any Error>] = [:]
    /// Bumped whenever the cached closed periods are dropped (a computation started before is not cached).
    private var generation = 0
    /// The open period's scoreboards, valid until the live counters change.
    private var openBoards: [String: Scoreboard] = [:]
    private var openVersion = 0
    /// Changes whenever a figure may have changed (live counters, clock, closed periods, catalogue): the key of
    /// the rendered pages and documents below.
    public private(set) var dataVersion = 0
    private var renderedVersion = -1
    private var rendered: [String: String] = [:]
    private var loaded = false
    private var loading: Task<Void, any Error>?
    /// The import log as the last load saw it (national snapshots aside): when it changes, another process
    /// (`chiso import`) wrote to the store.
    private var importsSeen: [ImportLogEntry] = []
    /// While a reload reads the store: the records counted meanwhile, counted again in the new counters (a record
    /// stored after the reload read its data would be lost otherwise). Nil when no reload runs.
    private var countedDuringReload: [@Sendable (inout LiveIndex) -> Void]?
    /// A reload must follow the current one (a rating arrived meanwhile: adding it twice would count it twice).
    private var reloadAgain = false

    /// - Parameters:
    ///   - clock: the current instant (tests pass a fixed one).
    public init(store: any ServerStore, methodology: Methodology, calendar: WorkCalendar, logger: Logger, clock: @escaping @Sendable () -> Instant) {
        self.store = store
        self.methodology = methodology
        self.calendar = calendar
        self.clock = clock
        self.logger = logger
        self.catalogue = try! Catalogue(units: [], procedures: [])  // an empty catalogue is always valid
    }

    /// The current instant.
    public nonisolated var now: Instant { clock() }

    /// The open period: the month containing `now`.
    public nonisolated var openPeriod: Period {
        let d = now.localDate
        return .month(d.year, d.month)
    }

    /// Whether the period has ended (its figures no longer change with time, it may be published).
    public nonisolated func isClosed(_ period: Period) -> Bool { period.endInstant <= now }

    // MARK: Loading

    /// Loads the catalogue, targets and the open month's counters (first use, or after a catalogue change).
    func ensureLoaded() async throws {
        guard !loaded else { return }
        // Concurrent first requests (and the start-up services) share one load.
        if let loading { return try await loading.value }
        let task = Task { try await self.reload() }
        loading = task
        defer { loading = nil }
        try await task.value
    }

    /// Reads the catalogue, the targets and the open month's counters again. A reload asked for while one runs makes
    /// the running one read again once it is done.
    private func reload() async throws {
        guard countedDuringReload == nil else {
            reloadAgain = true
            return
        }
        countedDuringReload = []
        defer { countedDuringReload = nil }
        repeat {
            reloadAgain = false
            // The import log is read first: whatever is imported after it shows as a change at the next check.
            importsSeen = try await importLogSeen()
            let stored = try await store.catalogue()
            catalogue = try Catalogue(units: stored.units, procedures: stored.procedures)
            targets = try await store.targets()
            dropClosed()
            invalidateOpenBoards()
            let period = openPeriod
            let data = try await store.scoringData(receivedBefore: period.endInstant, notEndedBefore: period.startInstant)
            var index = LiveIndex(catalogue: catalogue, period: period, asOf: now, calendar: calendar)
            for r in data.ratings { index.add(r) }
            for p in data.petitions { index.upsert(p) }
            for d in data.dossiers { index.upsert(d) }
            for count in countedDuringReload ?? [] { count(&index) }
            countedDuringReload = []
            live = index
            lastScores = scores(of: index.result())
            loaded = true
            logger.info("index.loaded", metadata: ["index.period": "\(period)", "index.dossiers": "\(data.dossiers.count)"])
        } while reloadAgain
    }

    private func importLogSeen() async throws -> [ImportLogEntry] {
        try await store.importLog().filter { $0.kind != .national }
    }

    /// Reloads the counters when another process wrote to the store since the last load (`chiso import` into the
    /// database the server uses), and publishes every unit's figures. A cheap look at the import log, called by the
    /// live clock every second or so.
    public func checkImports() async throws {
        try await ensureLoaded()
        guard countedDuringReload == nil, try await importLogSeen() != importsSeen else { return }
        logger.info("index.imported", metadata: ["index.period": "\(openPeriod)"])
        try await reload()
        publishChanges(all: true)
    }

    private func scores(of aggregation: Aggregation) -> [String: UnitScore] {
        var out: [String: UnitScore] = [:]
        for f in aggregation.figures where f.unit.isValid(during: aggregation.period) {
            out[f.unit.code] = methodology.score(unit: f.unit, counts: f.counts)
        }
        return out
    }

    // MARK: Queries

    /// The current catalogue.
    public func currentCatalogue() async throws -> Catalogue {
        try await ensureLoaded()
        return catalogue
    }

    /// The aggregation of a period: live for the open month, cached for closed periods, computed for others.
    ///
    /// The computation runs off the actor (reading the store and counting do not hold up other requests), and
    /// concurrent requests for the same closed period share one computation.
    public func aggregation(_ period: Period) async throws -> Aggregation {
        try await ensureLoaded()
        if let live, period == live.period { return live.result() }
        if let cached = closedAggregations[period] { return cached }
        if let task = pending[period] { return try await task.value }
        let closed = isClosed(period)
        let task = Task { [store, catalogue, calendar, now] in
            try await Self.compute(store: store, catalogue: catalogue, calendar: calendar, period: period, asOf: now)
        }
        guard closed else { return try await task.value }
        pending[period] = task
        let started = generation
        do {
            let result = try await task.value
            if generation == started {
                pending[period] = nil
                closedAggregations[period] = result
            }
            return result
        } catch {
            if generation == started { pending[period] = nil }
            throw error
        }
    }

    private nonisolated static func compute(
        store: any ServerStore, catalogue: Catalogue, calendar: WorkCalendar, period: Period, asOf: Instant
    ) async throws -> Aggregation {
        // The store aggregates its judged facts (the catalogue is the store's own, as the live counters' after a reload).
        try await store.aggregate(period: period, asOf: asOf, basis: JudgingBasis(calendar: calendar), includeChildren: true)
    }

    /// The scoreboard of a period for some levels (all when nil); closed periods are computed once, the open
    /// period once per change of the live counters.
    public func scoreboard(_ period: Period, levels: Set<ChiSoCore.Unit.Kind>? = nil) async throws -> Scoreboard {
        try await ensureLoaded()
        let key = "\(period)|\(levels.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "all")"
        let isOpen = period == live?.period
        if isOpen, let cached = openBoards[key] { return cached }
        if let cached = closedBoards[key] { return cached }
        let started = generation, startedOpen = openVersion
        let current = try await aggregation(period)
        try PeriodRefusal.check(current, now: now)
        let previous = try await aggregation(period.previous)
        let lastYear = try await aggregation(period.sameLastYear)
        let board = Scoreboard(
            methodology: methodology, current: current, previous: previous.hasNoDossiers ? nil : previous,
            sameLastYear: lastYear.hasNoDossiers ? nil : lastYear, targets: targets, levels: levels)
        // Only cache what nothing changed under while it was computed.
        if generation == started {
            if isClosed(period) {
                closedBoards[key] = board
            } else if isOpen, period == live?.period, openVersion == startedOpen {
                openBoards[key] = board
            }
        }
        return board
    }

    /// Computes the closed periods the overview and the public page show (the last twelve months, their
    /// previous months and the same months a year before, the public page's default), so that the first
    /// visitors do not wait. Called once at start-up by ``IndexWarmupService``.
    public func warm() async throws {
        try await ensureLoaded()
        var periods = PublicPeriods.trend(now: now).filter { isClosed($0) }
        periods.append(contentsOf: PublicPeriods.list(now: now).prefix(1))
        for period in periods + [openPeriod] where closedBoards["\(period)|all"] == nil {
            do {
                _ = try await scoreboard(period)
            } catch is PeriodRefusal {
                continue  // a period with no data has nothing to warm
            }
        }
    }

    /// Number of closed periods cached (tests and logs).
    public var cachedClosedPeriods: Int { closedAggregations.count }

    /// Late data: drops every cached closed period that ends after `instant` (the earliest date of the changed
    /// records), so its next request recomputes it from the store.
    private func invalidateClosed(after instant: Instant) {
        let stale = closedAggregations.keys.filter { $0.endInstant > instant }
        let staleBoards = closedBoards.filter { $0.value.period.endInstant > instant }.map(\.key)
        guard !stale.isEmpty || !staleBoards.isEmpty || !pending.isEmpty else { return }
        for p in stale { closedAggregations[p] = nil }
        for k in staleBoards { closedBoards[k] = nil }
        pending = [:]
        generation += 1
        dataVersion &+= 1
        logger.debug("index.closed.invalidated", metadata: ["index.periods": "\(stale.count)"])
    }

    private func dropClosed() {
        closedAggregations = [:]
        closedBoards = [:]
        pending = [:]
        generation += 1
        dataVersion &+= 1
    }

    // MARK: Rendered text

    /// A page or document rendered from the figures of `version` (``dataVersion`` when its rendering started), if
    /// the figures have not changed since.
    public func renderedText(_ key: String, version: Int) -> String? {
        version == dataVersion && renderedVersion == version ? rendered[key] : nil
    }

    /// Keeps a rendering of the figures of `version` until they change (bounded: the oldest are dropped at once).
    public func keepRendered(_ text: String, key: String, version: Int) {
        guard version == dataVersion else { return }
        if renderedVersion != version || rendered.count >= 256 {
            rendered = [:]
            renderedVersion = version
        }
        rendered[key] = text
    }

    /// The dossiers of a period (received by its end, not ended before its start), from the store.
    public func dossiers(_ period: Period) async throws -> [Dossier] {
        try await ensureLoaded()
        if let live, period == live.period { return Array(live.currentDossiers) }
        return try await store.dossiers(receivedBefore: period.endInstant, notEndedBefore: period.startInstant)
    }

    // MARK: Live updates

    /// A subscription to the live stream.
    nonisolated func subscribe() -> AsyncStream<LiveEvent> { broadcaster.subscribe() }

    /// Counts accepted or updated dossiers in the open month at once and publishes what changed.
    public func apply(dossiers: [Dossier]) async throws {
        try await ensureLoaded()
        guard !dossiers.isEmpty else { return }
        if let earliest = dossiers.map(\.receivedAt).min() { invalidateClosed(after: earliest) }
        try await count { index in for d in dossiers { index.upsert(d) } }
    }

    /// Counts petitions at once.
    public func apply(petitions: [Petition]) async throws {
        try await ensureLoaded()
        guard !petitions.isEmpty else { return }
        if let earliest = petitions.map(\.receivedAt).min() { invalidateClosed(after: earliest) }
        try await count { index in for p in petitions { index.upsert(p) } }
    }

    /// Counts new ratings at once; a changed rating reloads the counters (ratings have no removal).
    public func apply(newRatings: [Rating], changed: Bool) async throws {
        try await ensureLoaded()
        // A rating counted during a reload could be counted twice: the reload reads again instead.
        if changed || (!newRatings.isEmpty && countedDuringReload != nil) {
            try await reload()
            publishChanges()
            return
        }
        guard !newRatings.isEmpty else { return }
        // A rating counts in its dossier's periods, which the rating alone does not tell: drop them all.
        dropClosed()
        try await count { index in for r in newRatings { index.add(r) } }
    }

    /// Counts records in the live counters at the current instant (a record accepted now was received by now, so it
    /// counts at once, not at the next move of the clock) and publishes what changed. A new month starts new
    /// counters from the store instead, which holds the records already.
    private func count(_ change: @escaping @Sendable (inout LiveIndex) -> Void) async throws {
        guard live?.period == openPeriod else {
            try await reload()
            publishChanges(all: true)
            return
        }
        countedDuringReload?.append(change)
        // In place: a copy of the counters would copy every dossier of the month.
        live!.advance(to: now)
        change(&live!)
        invalidateOpenBoards()
        publishChanges()
    }

    /// The catalogue or the targets changed: reload everything.
    public func catalogueChanged() async throws {
        try await reload()
        publishChanges(all: true)
    }

    /// The instant the live clock must next wake at: the earliest instant at which an open-month figure changes with
    /// the passage of time alone, or the end of the month (new counters), whichever comes first.
    public func nextWake() async throws -> Instant {
        try await ensureLoaded()
        let end = openPeriod.endInstant
        return min(live?.nextChange ?? end, end)
    }

    /// Moves the live clock to `now` and publishes what the passing time changed; a new month starts new counters.
    ///
    /// - Parameter heartbeat: publish an event even when nothing changed (keeps the stream's connections alive).
    public func tick(heartbeat: Bool = true) async throws {
        try await ensureLoaded()
        guard live != nil else { return }
        if live!.period != openPeriod {
            try await reload()
            publishChanges(all: true)
            return
        }
        let before = live!.asOf
        live!.advance(to: now)
        if live!.asOf != before { invalidateOpenBoards() }
        publishChanges(heartbeat: heartbeat)
    }

    /// The open period's counters changed: its scoreboards are recomputed on the next request.
    private func invalidateOpenBoards() {
        openBoards = [:]
        openVersion &+= 1
        dataVersion &+= 1
    }

    /// Publishes the units whose figures changed since the last publication.
    ///
    /// - Parameter heartbeat: publish an event without units when nothing changed (the live clock's ticks), so
    ///   the stream writes to every connection now and then.
    private func publishChanges(all: Bool = false, heartbeat: Bool = false) {
        guard let live else { return }
        let aggregation = live.result()
        let current = scores(of: aggregation)
        var changed: [LiveUnitFigures] = []
        for f in aggregation.figures {
            guard let score = current[f.unit.code] else { continue }
            if !all, let old = lastScores[f.unit.code], old == score { continue }
            changed.append(
                LiveUnitFigures(
                    code: f.unit.code, name: f.unit.name, kind: f.unit.kind.rawValue, total: JSONDecimal(score.total),
                    classification: score.classification, groups: ScoresDocument.Group.all(score), indicators: ScoresDocument.Indicator.all(score),
                    processing: ScoresDocument.Processing(f.processing)))
        }
        lastScores = current
        guard !changed.isEmpty || heartbeat, broadcaster.count > 0 else { return }
        broadcaster.publish(LiveEvent(period: live.period.description, asOf: live.asOf.iso8601, units: changed))
    }

    /// A snapshot of the open month's totals, sent when a subscriber connects.
    func snapshot() async throws -> LiveEvent {
        try await ensureLoaded()
        let period = live?.period.description ?? openPeriod.description
        let asOf = live?.asOf.iso8601 ?? now.iso8601
        let units = catalogue.units.compactMap { u -> LiveUnitFigures? in
            guard let s = lastScores[u.code] else { return nil }
            return LiveUnitFigures(code: u.code, total: JSONDecimal(s.total), classification: s.classification)
        }
        return LiveEvent(period: period, asOf: asOf, units: units)
    }

    /// Ends the live stream's subscriptions (graceful shutdown).
    public nonisolated func shutdownLive() { broadcaster.finishAll() }
}
