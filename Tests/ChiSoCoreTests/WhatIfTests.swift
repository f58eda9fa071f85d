import ChiSoTesting
import Testing

@testable import ChiSoCore

/// "What it would take" (issue 11 part 1): each goal, the dossiers at risk, the goals that cannot be reached,
/// and a property over random provinces: the plan applied to the data reaches the goal, and no action of it
/// can be left out.
@Suite struct WhatIfTests {
    let march = Period("2026-03")!
    let methodology = try! Methodology(portalSpec())
    let now = t(2026, 3, 10, 9)

    func data(_ dossiers: [Dossier], petitions: [Petition] = [], targets: [Target] = []) -> WhatIfData {
        WhatIfData(
            catalogue: Fixture.catalogue(), methodology: methodology, calendar: calendar2026, targets: targets, dossiers: dossiers,
            petitions: petitions)
    }

    /// A D1 dossier of procedure 1.001 (online, fee-bearing) received in March; done on every count but the one a test looks at.
    func done(_ code: String, unit: String = "D1", procedure: String = "1.001", received: Instant = t(2026, 3, 2, 8)) -> Dossier {
        Dossier(
            code: code, procedureCode: procedure, unitCode: unit, channel: .online, receivedAt: received, dueAt: t(2026, 3, 6, 17),
            state: .returned, processedAt: t(2026, 3, 5, 10), fees: [Fee(amount: 1000)], payment: .nationalPortal,
            results: [ResultDocument(hasFile: true)], hasDigitizedComponents: true)
    }

    /// An open D1 dossier, done on every other count, due on `due`.
    func open(_ code: String, due: Instant, unit: String = "D1", procedure: String = "1.001") -> Dossier {
        var d = done(code, unit: unit, procedure: procedure)
        d.state = .processing
        d.processedAt = nil
        d.dueAt = due
        return d
    }

    // MARK: Goals

    @Test func goalsParseAndPrint() {
        #expect(WhatIfGoal("target") == .target)
        #expect(WhatIfGoal("next-class") == .nextClass)
        #expect(WhatIfGoal("points:85") == .points(85))
        #expect(WhatIfGoal("points:85.5") == .points(85.5))
        #expect(WhatIfGoal("rank:3") == .rank(3))
        #expect(WhatIfGoal("rank:x") == nil)
        #expect(WhatIfGoal("points") == nil)
        #expect(WhatIfGoal("class") == nil)
        #expect(WhatIfGoal.points(85).description == "points:85")
        #expect(WhatIfGoal.rank(2).description == "rank:2")
    }

    @Test func dossiersThatWillTurnOverdueAreListedWithTheirDay() throws {
        let soon = open("S", due: t(2026, 3, 16, 17))
        let later = open("L", due: t(2026, 4, 6, 17))
        let already = open("A", due: t(2026, 3, 9, 17))
        let plan = try #require(WhatIf.plan(unit: "D1", goal: .points(1), period: march, now: now, data: data([soon, later, already])))
        #expect(plan.atRisk.map(\.dossierCode) == ["S"])
        #expect(plan.atRisk.first?.overdueFrom == t(2026, 3, 16, 17).adding(seconds: 1))
        #expect(plan.atRisk.first?.deadline == t(2026, 3, 16, 17))
        #expect(plan.pointsAtRisk > 0)
    }

    @Test func pointsGoalResolvesTheFewestDossiers() throws {
        let dossiers = [done("D")] + (1...4).map { open("O\($0)", due: t(2026, 3, 12 + $0, 17)) }
        let d = data(dossiers)
        let baseline = try #require(WhatIf.plan(unit: "D1", goal: .points(1), period: march, now: now, data: d)).projected.total
        // Resolving one dossier raises the on-time rate from 1/5 to 2/5: 4 of the 20 points.
        let plan = try #require(WhatIf.plan(unit: "D1", goal: .points(baseline + 3), period: march, now: now, data: d))
        #expect(plan.status == .reachable)
        #expect(plan.steps.map(\.action) == [.resolveOnTime])
        #expect(plan.steps.first?.codes == ["O1"])
        #expect(plan.achieved.total >= baseline + 3)
        #expect(reaches(plan, data: d))
        let two = try #require(WhatIf.plan(unit: "D1", goal: .points(baseline + 7), period: march, now: now, data: d))
        #expect(two.steps.first?.codes == ["O1", "O2"])
        #expect(reaches(two, data: d))
    }

    @Test func aGoalAlreadyMetNeedsNothing() throws {
        let plan = try #require(WhatIf.plan(unit: "D1", goal: .points(10), period: march, now: now, data: data([done("D")])))
        #expect(plan.status == .reached)
        #expect(plan.steps.isEmpty)
    }

    @Test func nextClassAimsAtTheBandAbove() throws {
        let dossiers = [done("D")] + (1...4).map { open("O\($0)", due: t(2026, 3, 12 + $0, 17)) }
        let d = data(dossiers)
        let plan = try #require(WhatIf.plan(unit: "D1", goal: .nextClass, period: march, now: now, data: d))
        let current = methodology.classification(of: plan.projected.total)
        let next = try #require(methodology.bands.filter { $0.min > current.min }.min { $0.min < $1.min })
        #expect(plan.requiredClassification == next.name)
        #expect(plan.requiredTotal == next.min)
        if plan.status == .reachable {
            #expect(Decimal2.round(plan.achieved.total) >= next.min)
            #expect(reaches(plan, data: d))
        } else {
            #expect(plan.obstacle == .notEnoughActions)
        }
    }

    @Test func rankGoalOvertakesTheUnitAhead() throws {
        // D2 resolves everything on time; D1 will have three overdue dossiers by the end of March.
        let dossiers =
            [done("D1-A")]
            + (1...3).map { i -> Dossier in
                var d = open("D1-O\(i)", due: t(2026, 3, 12 + i, 17))
                d.channel = .inPerson
                d.payment = .notOnline
                d.hasDigitizedComponents = false
                return d
            }
            + [done("D2-A", unit: "D2", procedure: "1.002"), done("D2-B", unit: "D2", procedure: "1.002")]
        let d = data(dossiers)
        let plan = try #require(WhatIf.plan(unit: "D1", goal: .rank(1), period: march, now: now, data: d))
        #expect(plan.projected.rank == 2)
        #expect(plan.status == .reachable)
        #expect(plan.achieved.rank == 1)
        #expect(reaches(plan, data: d))
        #expect(irreducible(plan, data: d))
    }

    @Test func targetGoalReceivesJustEnoughOnline() throws {
        // Five dossiers received in March, one online: the 60% target needs two more online.
        let dossiers = (1...5).map { i -> Dossier in
            var d = open("T\(i)", due: t(2026, 4, 20, 17))
            d.channel = i == 1 ? .online : .inPerson
            return d
        }
        let target = Target(indicator: .onlineDossier, scope: .unit("D1"), period: march, percent: 60)
        let d = data(dossiers, targets: [target])
        let plan = try #require(WhatIf.plan(unit: "D1", goal: .target, period: march, now: now, data: d))
        #expect(plan.status == .reachable)
        #expect(plan.steps.map(\.action) == [.receiveOnline])
        #expect(plan.steps.first?.count == 2)
        #expect(plan.achieved.targetsMet == 1)
        #expect(reaches(plan, data: d))
    }

    @Test func petitionsAboutToBeLateAreAnswered() throws {
        let petition = Petition(code: "PA1", unitCode: "D1", receivedAt: t(2026, 3, 2, 8))
        let d = data([done("D")], petitions: [petition])
        let baseline = try #require(WhatIf.plan(unit: "D1", goal: .points(1), period: march, now: now, data: d)).projected.total
        let plan = try #require(WhatIf.plan(unit: "D1", goal: .points(baseline + 1), period: march, now: now, data: d))
        #expect(plan.steps.map(\.action) == [.answerPetition])
        #expect(plan.steps.first?.codes == ["PA1"])
        #expect(reaches(plan, data: d))
    }

    // MARK: Goals that cannot be reached

    @Test func aClosedPeriodCannotChange() throws {
        let d = data([open("O", due: t(2026, 3, 16, 17))])
        let plan = try #require(WhatIf.plan(unit: "D1", goal: .points(99), period: march, now: t(2026, 4, 2), data: d))
        #expect(plan.status == .unreachable)
        #expect(plan.obstacle == .periodEnded)
        #expect(plan.obstacleText?.contains("đã kết thúc") == true)
    }

    @Test func goalsOutsideTheScaleAreRefused() throws {
        let d = data([done("D")])
        #expect(WhatIf.plan(unit: "D1", goal: .points(101), period: march, now: now, data: d)?.obstacle == .outOfRange)
        #expect(WhatIf.plan(unit: "D1", goal: .rank(0), period: march, now: now, data: d)?.obstacle == .outOfRange)
        #expect(WhatIf.plan(unit: "D1", goal: .target, period: march, now: now, data: d)?.obstacle == .noTargets)
        #expect(WhatIf.plan(unit: "D2", goal: .nextClass, period: march, now: now, data: d)?.obstacle == .notClassified)
        #expect(WhatIf.plan(unit: "NOPE", goal: .target, period: march, now: now, data: d) == nil)
    }

    @Test func notEnoughChangesIsSaidWithTheBestReachable() throws {
        let d = data([done("D"), open("O", due: t(2026, 3, 16, 17))])
        let plan = try #require(WhatIf.plan(unit: "D1", goal: .points(99.5), period: march, now: now, data: d))
        #expect(plan.status == .unreachable)
        #expect(plan.obstacle == .notEnoughActions)
        #expect(plan.achieved.total > plan.projected.total)
        #expect(plan.achieved.total < 99.5)
    }

    // MARK: Property

    @Test func randomProvincesReachTheGoalWithNoActionToSpare() throws {
        var rng = SplitMix(seed: 11)
        var checked = 0
        for round in 0..<24 {
            let d = randomProvince(&rng, round: round)
            let now = t(2026, 3, 1).adding(seconds: Int64(rng.next() % (28 * 86400)))
            let unit = ["D1", "D2", "X1", "X2"][Int(rng.next() % 4)]
            let projected = try #require(WhatIf.plan(unit: unit, goal: .points(0), period: march, now: now, data: d)).projected
            let goals: [WhatIfGoal] = [
                .points(projected.total + Double(rng.next() % 1500) / 100 + 0.01), .rank(1), .nextClass, .target,
            ]
            for goal in goals {
                let plan = try #require(WhatIf.plan(unit: unit, goal: goal, period: march, now: now, data: d))
                switch plan.status {
                case .reachable:
                    #expect(reaches(plan, data: d), "\(unit) \(goal) round \(round)")
                    #expect(irreducible(plan, data: d), "\(unit) \(goal) round \(round)")
                    checked += 1
                case .reached:
                    #expect(plan.steps.isEmpty)
                case .unreachable:
                    if plan.obstacle == .notEnoughActions { #expect(!reachesWithEveryChange(plan, data: d)) }
                }
            }
        }
        #expect(checked > 10)
    }

    /// A random March in the fixture province, with targets on online dossiers and online payment.
    func randomProvince(_ rng: inout SplitMix, round: Int) -> WhatIfData {
        let places: [(String, String)] = [("D1", "1.001"), ("D2", "1.002"), ("X1", "2.001"), ("X2", "2.001")]
        var dossiers: [Dossier] = []
        for i in 0..<(30 + Int(rng.next() % 30)) {
            let (unit, procedure) = places[Int(rng.next() % 4)]
            let received = t(2026, 2, 24).adding(seconds: Int64(rng.next() % (34 * 86400)))
            let due = received.adding(seconds: Int64(2 * 86400 + rng.next() % (14 * 86400)))
            let ended = rng.next() % 3 == 0
            var supplements: [SupplementRequest] = []
            if rng.next() % 8 == 0 {
                let asked = received.adding(seconds: Int64(rng.next() % (2 * 86400)))
                supplements.append(.init(requestedAt: asked, suppliedAt: rng.next() % 2 == 0 ? asked.adding(seconds: 86400) : nil))
            }
            dossiers.append(
                Dossier(
                    code: "R\(round)-\(i)", procedureCode: procedure, unitCode: unit, channel: rng.next() % 3 == 0 ? .online : .inPerson,
                    receivedAt: received, dueAt: due, state: ended ? .returned : .processing,
                    processedAt: ended ? received.adding(seconds: Int64(rng.next() % (16 * 86400))) : nil, supplements: supplements,
                    fees: [Fee(amount: rng.next() % 5 == 0 ? 0 : 1000)], payment: rng.next() % 3 == 0 ? .nationalPortal : .notOnline,
                    results: [ResultDocument(hasFile: rng.next() % 2 == 0)], hasDigitizedComponents: rng.next() % 3 == 0))
        }
        let petitions = (0..<Int(rng.next() % 6)).map { i in
            Petition(
                code: "PA\(round)-\(i)", unitCode: places[Int(rng.next() % 4)].0,
                receivedAt: t(2026, 2, 20).adding(seconds: Int64(rng.next() % (30 * 86400))))
        }
        let targets = [
            Target(indicator: .onlineDossier, scope: .all, period: march, percent: Double(30 + rng.next() % 50)),
            Target(indicator: .dossierOnlinePayment, scope: .kind(.commune), period: march, percent: Double(20 + rng.next() % 60)),
        ]
        return data(dossiers, petitions: petitions, targets: targets)
    }

    // MARK: Checking a plan against the index itself

    /// The data with the plan's actions applied, except one.
    func applying(_ plan: WhatIfPlan, except: (WhatIfAction, String)? = nil, data: WhatIfData) -> ([Dossier], [Petition]) {
        let model = WhatIfModel(data: data, unit: plan.unit, period: plan.period, asOf: plan.asOf, actionInstant: plan.asOf)
        var actions: [String: Set<WhatIfAction>] = [:]
        for s in plan.steps {
            for c in s.codes where except.map({ $0 != (s.action, c) }) ?? true { actions[c, default: []].insert(s.action) }
        }
        let dossiers = data.dossiers.map { d in actions[d.code].map { model.changed(d, $0) } ?? d }
        let petitions = data.petitions.map { p in actions[p.code].map { model.changed(p, $0) } ?? p }
        return (dossiers, petitions)
    }

    /// Whether data reaches the plan's goal, by a full recomputation of the scoreboard at the end of the period.
    func goalHolds(_ plan: WhatIfPlan, dossiers: [Dossier], petitions: [Petition], data: WhatIfData) -> Bool {
        let last = plan.period.endInstant.adding(seconds: -1)
        let aggregation = IndexAccumulator.aggregate(
            catalogue: data.catalogue, dossiers: dossiers, petitions: petitions, period: plan.period, asOf: max(plan.asOf, last),
            calendar: data.calendar)
        let board = Scoreboard(methodology: data.methodology, current: aggregation, targets: data.targets)
        guard let entry = board.entries.first(where: { $0.unit.code == plan.unit.code }) else { return false }
        switch plan.goal {
        case .points(let n): return Decimal2.round(entry.score.total) >= Decimal2.round(n)
        case .nextClass: return Decimal2.round(entry.score.total) >= plan.requiredTotal!
        case .rank(let n): return entry.ranked.rank <= n
        case .target:
            let measured = entry.targets.filter { $0.met != nil }
            return !measured.isEmpty && measured.allSatisfy { $0.met == true }
        }
    }

    func reaches(_ plan: WhatIfPlan, data: WhatIfData) -> Bool {
        let (dossiers, petitions) = applying(plan, data: data)
        return goalHolds(plan, dossiers: dossiers, petitions: petitions, data: data)
    }

    /// Whether leaving out any one action misses the goal: no smaller set of that kind reaches it.
    func irreducible(_ plan: WhatIfPlan, data: WhatIfData) -> Bool {
        for s in plan.steps {
            for c in s.codes {
                let (dossiers, petitions) = applying(plan, except: (s.action, c), data: data)
                if goalHolds(plan, dossiers: dossiers, petitions: petitions, data: data) { return false }
            }
        }
        return true
    }

    /// Whether every possible change together reaches the goal.
    func reachesWithEveryChange(_ plan: WhatIfPlan, data: WhatIfData) -> Bool {
        let last = plan.period.endInstant.adding(seconds: -1)
        let all = WhatIf.candidates(for: plan.unit, period: plan.period, now: plan.asOf, judgedAt: max(plan.asOf, last), data: data)
        let model = WhatIfModel(data: data, unit: plan.unit, period: plan.period, asOf: plan.asOf, actionInstant: plan.asOf)
        var actions: [String: Set<WhatIfAction>] = [:]
        for c in all { actions[c.code, default: []].insert(c.action) }
        let dossiers = data.dossiers.map { d in actions[d.code].map { model.changed(d, $0) } ?? d }
        let petitions = data.petitions.map { p in actions[p.code].map { model.changed(p, $0) } ?? p }
        return goalHolds(plan, dossiers: dossiers, petitions: petitions, data: data)
    }
}
