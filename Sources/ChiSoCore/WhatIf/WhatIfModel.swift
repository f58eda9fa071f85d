/// One candidate change: an action on one dossier or petition.
struct WhatIfCandidate: Sendable {
    let action: WhatIfAction
    /// The dossier's or petition's code.
    let code: String
    let isPetition: Bool
    /// Candidates of the same action, unit and procedure gain alike (``WhatIf/buckets(_:)``).
    let unitCode: String
    let procedureCode: String
    /// When the change is most urgent (the instant a dossier turns overdue, a petition's deadline), for the order.
    let urgency: Instant?
}

/// How a unit stands in one state of the data: its score, its rank in its level, its targets.
struct WhatIfMeasure: Sendable {
    let score: UnitScore
    let rank: Int
    let rankedUnits: Int
    let targets: [TargetResult]

    var standing: WhatIfPlan.Standing {
        let measured = targets.filter { $0.met != nil }
        return .init(
            total: score.total, classification: score.classification, rank: rank, rankedUnits: rankedUnits,
            targetsMet: measured.filter { $0.met == true }.count, targetsMeasured: measured.count)
    }
}

/// The period's data with a set of changes applied, counted by the index's own accumulator: a change removes
/// the record's counted version and adds the changed one, so every measure is the index of the changed data.
struct WhatIfModel {
    let data: WhatIfData
    let unit: Unit
    let period: Period
    /// The instant the actions take effect.
    let actionInstant: Instant
    private var accumulator: IndexAccumulator
    private let dossiers: [String: Dossier]
    private let petitions: [String: Petition]
    /// The actions applied, per record (`d:` + dossier code or `p:` + petition code).
    private var applied: [String: Set<WhatIfAction>] = [:]

    /// - Parameters:
    ///   - asOf: the instant of judgement (the accumulator's `asOf`).
    ///   - actionInstant: the instant changes take effect.
    init(data: WhatIfData, unit: Unit, period: Period, asOf: Instant, actionInstant: Instant) {
        self.data = data
        self.unit = unit
        self.period = period
        self.actionInstant = actionInstant
        var accumulator = IndexAccumulator(
            catalogue: data.catalogue, period: period, asOf: asOf, calendar: data.calendar, settings: data.settings)
        // Ratings and petitions before the dossiers they concern (IndexAccumulator's order).
        for r in data.ratings { accumulator.add(r) }
        var petitions: [String: Petition] = [:]
        for p in data.petitions {
            accumulator.add(p)
            petitions[p.code] = p
        }
        var dossiers: [String: Dossier] = [:]
        for d in data.dossiers {
            accumulator.add(d)
            dossiers[d.code] = d
        }
        self.accumulator = accumulator
        self.dossiers = dossiers
        self.petitions = petitions
    }

    var judgedAt: Instant { accumulator.judgedAt }

    /// The unit's standing in the data as changed.
    func measure() -> WhatIfMeasure {
        let aggregation = accumulator.result()
        let methodology = data.methodology
        let peers = aggregation.figures.filter { $0.unit.kind == unit.kind && $0.unit.isValid(during: period) }
        let ranked = Ranking.rank(peers.map { methodology.score(unit: $0.unit, counts: $0.counts) })
        let figures = aggregation[unit.code] ?? UnitFigures(unit: unit)
        let mine = ranked.first { $0.score.unit.code == unit.code }
        let score = mine?.score ?? methodology.score(unit: unit, counts: figures.counts)
        return WhatIfMeasure(
            score: score, rank: mine?.rank ?? ranked.count + 1, rankedUnits: ranked.count,
            targets: Target.evaluate(data.targets, figures: [figures], period: period))
    }

    /// Applies (or with `on: false` withdraws) a candidate change.
    mutating func set(_ candidate: WhatIfCandidate, on: Bool) {
        let key = (candidate.isPetition ? "p:" : "d:") + candidate.code
        var actions = applied[key] ?? []
        guard actions.contains(candidate.action) != on else { return }
        let before = actions
        if on { actions.insert(candidate.action) } else { actions.remove(candidate.action) }
        applied[key] = actions.isEmpty ? nil : actions
        if candidate.isPetition {
            guard let p = petitions[candidate.code] else { return }
            accumulator.add(changed(p, before), sign: -1)
            accumulator.add(changed(p, actions))
        } else {
            guard let d = dossiers[candidate.code] else { return }
            accumulator.add(changed(d, before), sign: -1)
            accumulator.add(changed(d, actions))
        }
    }

    /// A petition with the actions applied.
    func changed(_ petition: Petition, _ actions: Set<WhatIfAction>) -> Petition {
        var p = petition
        if actions.contains(.answerPetition) { p.resolvedAt = actionInstant }
        return p
    }

    /// A dossier with the actions applied.
    func changed(_ dossier: Dossier, _ actions: Set<WhatIfAction>) -> Dossier {
        var d = dossier
        if actions.contains(.resolveOnTime) {
            d.state = .processed
            d.processedAt = actionInstant
        }
        if actions.contains(.payOnline) { d.payment = .provincialGateway }
        if actions.contains(.receiveOnline) { d.channel = .online }
        if actions.contains(.digitize) { d.hasDigitizedComponents = true }
        // A resolved dossier counts online or digitised, and resolved, only with its electronic result (DOMAIN §4a D7).
        let needsResult = actions.contains(.resolveOnTime) || actions.contains(.receiveOnline) || actions.contains(.digitize)
        let resolved = d.state == .processed || d.state == .returned
        if needsResult && resolved && !d.hasElectronicResult && data.catalogue.procedure(d.procedureCode)?.resultDocumentRequired == true {
            d.results.append(ResultDocument(name: "Kết quả điện tử", hasFile: true))
        }
        return d
    }
}
