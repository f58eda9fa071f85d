/// "What it would take" (issue 11): for a unit, a period and a goal, the fewest changes that reach the goal.
///
/// Nothing here restates a rule of the index: every candidate change is applied to the period's data and the
/// data re-scored by ``IndexAccumulator``, ``Methodology/score(unit:counts:)``, ``Ranking`` and ``Target``,
/// as the index itself is. The goal is judged at the end of the period (what the unit will score there if
/// the changes are made from `now` on); changes take effect at `now`.
public enum WhatIf {
    /// The plan for a unit; nil when the unit is not in the catalogue.
    ///
    /// The changes are chosen greedily, the largest gain per action first, and then reduced: a change is
    /// dropped whenever the goal is reached without it, so that no action of the plan can be left out.
    public static func plan(unit code: String, goal: WhatIfGoal, period: Period, now: Instant, data: WhatIfData) -> WhatIfPlan? {
        guard let unit = data.catalogue.unit(code) else { return nil }
        let last = period.endInstant.adding(seconds: -1)
        let current = WhatIfModel(data: data, unit: unit, period: period, asOf: now, actionInstant: now).measure()
        var model = WhatIfModel(data: data, unit: unit, period: period, asOf: max(now, last), actionInstant: now)
        let projected = model.measure()
        let candidates = Self.candidates(for: unit, period: period, now: now, judgedAt: model.judgedAt, data: data)
        let risks = atRisk(candidates: candidates, now: now, data: data)

        // Points the dossiers at risk cost: the projection against the same data with all of them resolved.
        let resolutions = candidates.filter { $0.action == .resolveOnTime }
        for c in resolutions { model.set(c, on: true) }
        let pointsAtRisk = model.measure().score.total - projected.score.total
        for c in resolutions { model.set(c, on: false) }

        let requirement = Requirement(goal: goal, projected: projected, methodology: data.methodology)
        func finish(_ status: WhatIfPlan.Status, _ obstacle: WhatIfPlan.Obstacle?, achieved: WhatIfMeasure, steps: [WhatIfPlan.Step])
            -> WhatIfPlan
        {
            WhatIfPlan(
                unit: unit, period: period, goal: goal, asOf: now, status: status, obstacle: obstacle, current: current.standing,
                projected: projected.standing, achieved: achieved.standing, requiredTotal: requirement.total,
                requiredClassification: requirement.band?.name, steps: steps, atRisk: risks, pointsAtRisk: pointsAtRisk)
        }
        if let obstacle = requirement.obstacle { return finish(.unreachable, obstacle, achieved: projected, steps: []) }
        if requirement.isReached(projected) { return finish(.reached, nil, achieved: projected, steps: []) }
        if now >= period.endInstant { return finish(.unreachable, .periodEnded, achieved: projected, steps: []) }

        // Every possible change at once: the best the unit can do in the period.
        for c in candidates { model.set(c, on: true) }
        let best = model.measure()
        guard requirement.isReached(best) else { return finish(.unreachable, .notEnoughActions, achieved: best, steps: []) }
        for c in candidates { model.set(c, on: false) }

        let chosen = choose(candidates, requirement: requirement, model: &model)
        let (steps, achieved) = arrange(chosen.map { candidates[$0] }, baseline: projected, model: &model)
        return finish(.reachable, nil, achieved: achieved, steps: steps)
    }

    // MARK: Candidates

    /// The changes the unit (and the units below it) can still make in the period, most urgent first.
    static func candidates(for unit: Unit, period: Period, now: Instant, judgedAt: Instant, data: WhatIfData) -> [WhatIfCandidate] {
        let units = Set(data.catalogue.subtree(of: unit.code))
        var out: [WhatIfCandidate] = []
        for d in data.dossiers where units.contains(d.unitCode) && Judge.belongs(d, to: period, judgedAt: judgedAt) {
            let procedure = data.catalogue.procedure(d.procedureCode)
            func add(_ action: WhatIfAction, urgency: Instant? = nil) {
                out.append(
                    WhatIfCandidate(
                        action: action, code: d.code, isPetition: false, unitCode: d.unitCode, procedureCode: d.procedureCode, urgency: urgency))
            }
            if let turns = turnsOverdue(d, statutory: procedure?.statutoryTime, now: now, judgedAt: judgedAt, data: data) {
                add(.resolveOnTime, urgency: turns.overdueFrom)
            }
            // Channel, payment and digitisation count for the dossiers received in the period only.
            guard d.receivedAt >= period.startInstant else { continue }
            if procedure?.feeBearing == true && !d.allFeesZero && !d.paidOnline { add(.payOnline) }
            if procedure?.isOnline == true && d.channel != .online { add(.receiveOnline) }
            if !d.isDigitized { add(.digitize) }
        }
        for p in data.petitions where units.contains(p.unitCode) && p.receivedAt <= now && (p.resolvedAt.map { $0 > now } ?? true) {
            // Only a petition that will be late by the end of the period gains from an answer now.
            let deadline = p.deadline(calendar: data.calendar)
            guard now <= deadline, deadline < judgedAt else { continue }
            out.append(
                WhatIfCandidate(
                    action: .answerPetition, code: p.code, isPetition: true, unitCode: p.unitCode, procedureCode: "", urgency: deadline))
        }
        return out.sorted {
            ($0.action.order, $0.urgency?.secondsSinceEpoch ?? .max, $0.code) < ($1.action.order, $1.urgency?.secondsSinceEpoch ?? .max, $1.code)
        }
    }

    /// When an open dossier, within its deadline now, turns overdue before the instant of judgement; nil when
    /// it does not, or when resolving it now would not keep it on time.
    static func turnsOverdue(
        _ d: Dossier, statutory: StatutoryTime?, now: Instant, judgedAt: Instant, data: WhatIfData
    ) -> (deadline: Instant, overdueFrom: Instant)? {
        guard now < judgedAt, Judge.end(of: d, asOf: now) == nil else { return nil }
        func verdict(_ dossier: Dossier, _ at: Instant) -> Verdict {
            Judge.judge(dossier, statutoryTime: statutory, asOf: at, calendar: data.calendar, settings: data.settings)
        }
        guard !verdict(d, now).isOverdue else { return nil }
        let atEnd = verdict(d, judgedAt)
        guard atEnd.isOverdue, let deadline = atEnd.deadline else { return nil }
        var resolved = d
        resolved.state = .processed
        resolved.processedAt = now
        guard !verdict(resolved, judgedAt).isOverdue else { return nil }
        // The verdict changes only at the dossier's change instants (and the second after one).
        let instants =
            Judge.changeInstants(of: d, statutoryTime: statutory, calendar: data.calendar)
            .flatMap { [$0, $0.adding(seconds: 1)] }.filter { $0 > now && $0 < judgedAt }.sorted() + [judgedAt]
        let from = instants.first { verdict(d, $0).isOverdue } ?? judgedAt
        return (deadline, from)
    }

    /// The open dossiers that will turn overdue if nothing is done, soonest first.
    static func atRisk(candidates: [WhatIfCandidate], now: Instant, data: WhatIfData) -> [WhatIfPlan.AtRisk] {
        let byCode = Dictionary(data.dossiers.map { ($0.code, $0) }, uniquingKeysWith: { _, b in b })
        return candidates.filter { $0.action == .resolveOnTime }.compactMap { c -> WhatIfPlan.AtRisk? in
            guard let d = byCode[c.code], let from = c.urgency else { return nil }
            let statutory = data.catalogue.procedure(d.procedureCode)?.statutoryTime
            let deadline = Judge.judge(d, statutoryTime: statutory, asOf: now, calendar: data.calendar, settings: data.settings).deadline
            return WhatIfPlan.AtRisk(
                dossierCode: d.code, unitCode: d.unitCode, procedureCode: d.procedureCode, deadline: deadline ?? from, overdueFrom: from)
        }
    }

    // MARK: Choosing

    /// Buckets of at most this many are tried one by one; with more, candidates are grouped more coarsely.
    static let bucketLimit = 48
    /// A plan of at most this many actions is reduced action by action; a longer one bucket by bucket.
    static let singleReductionLimit = 300

    /// Greedy choice, largest gain per action first, then reduction.
    ///
    /// Candidates are grouped in buckets that gain alike (same action, unit and procedure; coarser when there are
    /// many). The bucket with the largest gain per action is taken first (lazily re-evaluated: gains only fall as
    /// changes are made), in growing chunks while its gain holds. The reduction then keeps, bucket by bucket (latest
    /// first), the fewest of its actions with which the goal still holds (a binary search, gains being monotone),
    /// and for plans of up to ``singleReductionLimit`` actions drops every single action the goal does not need.
    static func choose(_ candidates: [WhatIfCandidate], requirement: Requirement, model: inout WhatIfModel) -> [Int] {
        let lists = buckets(candidates)
        var heads = [Int](repeating: 0, count: lists.count)
        var stale = [Double](repeating: .infinity, count: lists.count)
        var chunk = [Int](repeating: 1, count: lists.count)
        var chosen: [Int] = []
        var bucketOf: [Int: Int] = [:]
        var progress = requirement.progress(model.measure())
        var reached = false
        while !reached {
            let open = lists.indices.filter { heads[$0] < lists[$0].count }
            guard let b = open.max(by: { (stale[$0], $1) < (stale[$1], $0) }) else { break }
            let batch = Array(lists[b][heads[b]..<min(lists[b].count, heads[b] + chunk[b])])
            for c in batch { model.set(candidates[c], on: true) }
            let measure = model.measure()
            let gain = (requirement.progress(measure) - progress) / Double(batch.count)
            let rival = open.filter { $0 != b }.map { stale[$0] }.max() ?? -.infinity
            if gain >= rival - 1e-12 || requirement.isReached(measure) && gain > 1e-12 {
                chosen += batch
                for c in batch { bucketOf[c] = b }
                heads[b] += batch.count
                stale[b] = gain
                chunk[b] *= 2
                progress = requirement.progress(measure)
                reached = requirement.isReached(measure)
            } else {
                for c in batch { model.set(candidates[c], on: false) }
                stale[b] = gain
                chunk[b] = 1
            }
            if !reached && open.allSatisfy({ stale[$0] <= 1e-12 && chunk[$0] == 1 }) {
                // No single change makes progress: take the rest in order until the goal holds.
                for c in open.flatMap({ lists[$0][heads[$0]...] }) where !reached {
                    model.set(candidates[c], on: true)
                    chosen.append(c)
                    bucketOf[c] = -1
                    reached = requirement.isReached(model.measure())
                }
                break
            }
        }
        var kept = Set(chosen)
        // Reduction by bucket, latest first: the fewest first actions of the bucket that keep the goal.
        var bucketOrder: [Int] = []
        for c in chosen where !bucketOrder.contains(bucketOf[c]!) { bucketOrder.append(bucketOf[c]!) }
        for b in bucketOrder.reversed() {
            let members = chosen.filter { bucketOf[$0] == b }
            func keep(_ k: Int) {
                for (i, c) in members.enumerated() {
                    model.set(candidates[c], on: i < k)
                    if i < k { kept.insert(c) } else { kept.remove(c) }
                }
            }
            var low = 0
            var high = members.count
            while low < high {
                let mid = (low + high) / 2
                keep(mid)
                if requirement.isReached(model.measure()) { high = mid } else { low = mid + 1 }
            }
            keep(high)
        }
        // Reduction by action, latest first, for plans short enough.
        if kept.count <= singleReductionLimit {
            for c in chosen.reversed() where kept.contains(c) {
                model.set(candidates[c], on: false)
                if requirement.isReached(model.measure()) {
                    kept.remove(c)
                } else {
                    model.set(candidates[c], on: true)
                }
            }
        }
        for c in kept { model.set(candidates[c], on: false) }
        return chosen.filter { kept.contains($0) }
    }

    /// The candidates' indices in buckets: by action, unit and procedure; by action and unit, or by action alone,
    /// when that makes more than ``bucketLimit`` buckets.
    static func buckets(_ candidates: [WhatIfCandidate]) -> [[Int]] {
        let keys: [(WhatIfCandidate) -> String] = [
            { "\($0.action)|\($0.unitCode)|\($0.procedureCode)" }, { "\($0.action)|\($0.unitCode)" }, { "\($0.action)" },
        ]
        var lists: [[Int]] = []
        for key in keys {
            var index: [String: Int] = [:]
            lists = []
            for (i, c) in candidates.enumerated() {
                let k = key(c)
                if let b = index[k] {
                    lists[b].append(i)
                } else {
                    index[k] = lists.count
                    lists.append([i])
                }
            }
            if lists.count <= bucketLimit { break }
        }
        return lists
    }

    /// Groups the chosen changes into steps by action, highest points per action first, each measured on top of
    /// those before it; returns the steps and the standing once all are made.
    static func arrange(_ chosen: [WhatIfCandidate], baseline: WhatIfMeasure, model: inout WhatIfModel) -> ([WhatIfPlan.Step], WhatIfMeasure) {
        var groups: [WhatIfAction: [WhatIfCandidate]] = [:]
        for c in chosen { groups[c.action, default: []].append(c) }
        var alone: [(WhatIfAction, Double)] = []
        for (action, list) in groups {
            for c in list { model.set(c, on: true) }
            alone.append((action, (model.measure().score.total - baseline.score.total) / Double(list.count)))
            for c in list { model.set(c, on: false) }
        }
        alone.sort { ($0.1, $1.0.order) > ($1.1, $0.0.order) }
        var steps: [WhatIfPlan.Step] = []
        var total = baseline.score.total
        var last = baseline
        for (action, _) in alone {
            let list = groups[action]!
            for c in list { model.set(c, on: true) }
            last = model.measure()
            steps.append(.init(action: action, codes: list.map(\.code), pointsGained: last.score.total - total, totalAfter: last.score.total))
            total = last.score.total
        }
        for c in chosen { model.set(c, on: false) }
        return (steps, last)
    }
}

extension WhatIfAction {
    /// The order candidates of different actions are listed in.
    var order: Int { WhatIfAction.allCases.firstIndex(of: self)! }
}

/// A goal turned into a test on a measure and a quantity that grows as the unit comes closer to it.
struct Requirement {
    let goal: WhatIfGoal
    /// The total needed (points, next class).
    let total: Double?
    /// The band aimed at (next class).
    let band: Methodology.Band?
    /// Why the goal cannot be aimed at, whatever the data.
    let obstacle: WhatIfPlan.Obstacle?

    init(goal: WhatIfGoal, projected: WhatIfMeasure, methodology: Methodology) {
        self.goal = goal
        var total: Double?
        var band: Methodology.Band?
        var obstacle: WhatIfPlan.Obstacle?
        switch goal {
        case .points(let n):
            total = n
            if n < 0 || Decimal2.round(n) > methodology.total { obstacle = .outOfRange }
        case .nextClass:
            if projected.score.classification == nil {
                obstacle = .notClassified
            } else {
                let now = methodology.classification(of: projected.score.total)
                band = methodology.bands.filter { $0.min > now.min }.min { $0.min < $1.min }
                total = band?.min
                if band == nil { obstacle = .topClass }
            }
        case .rank(let n):
            if n < 1 || n > projected.rankedUnits { obstacle = .outOfRange }
        case .target:
            if !projected.targets.contains(where: { $0.met != nil }) { obstacle = .noTargets }
        }
        self.total = total
        self.band = band
        self.obstacle = obstacle
    }

    func isReached(_ m: WhatIfMeasure) -> Bool {
        switch goal {
        case .points, .nextClass: return total.map { Decimal2.round(m.score.total) >= Decimal2.round($0) } ?? false
        case .rank(let n): return m.rank <= n
        case .target:
            let measured = m.targets.filter { $0.met != nil }
            return !measured.isEmpty && measured.allSatisfy { $0.met == true }
        }
    }

    /// Points for the point goals; for targets, the rates counted up to each target.
    func progress(_ m: WhatIfMeasure) -> Double {
        switch goal {
        case .points, .nextClass, .rank: return m.score.total
        case .target: return m.targets.reduce(0) { $0 + Swift.min($1.actual ?? 0, $1.target.percent) }
        }
    }
}
