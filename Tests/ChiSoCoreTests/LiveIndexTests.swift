import ChiSoTesting
import Testing

@testable import ChiSoCore

@Suite struct LiveIndexTests {
    let period = Period("2026-03")!

    /// Random dossier versions in the fixture's units and procedures, received over the month and the days around it.
    let dossiers = RandomDossiers(units: ["D1", "D2", "X1", "X2"], procedures: ["1.001", "2.001"], from: t(2026, 2, 20, 8), days: 38)

    func randomDossier(_ code: String, _ rng: inout SplitMix) -> Dossier { dossiers.dossier(code, using: &rng) }

    @Test func equalsAFullRecomputationAtEveryStep() {
        var rng = SplitMix(seed: 99)
        let catalogue = Fixture.catalogue()
        var clock = t(2026, 3, 1)
        var live = LiveIndex(catalogue: catalogue, period: period, asOf: clock, calendar: calendar2026)
        var current: [String: Dossier] = [:]
        var petitions: [String: Petition] = [:]
        var ratings: [Rating] = []
        for step in 0..<400 {
            switch rng.next() % 10 {
            case 0...5:
                // A new dossier or a newer version of an existing one.
                let code = "HS\(rng.next() % 120)"
                let d = randomDossier(code, &rng)
                current[code] = d
                live.upsert(d)
            case 6:
                let code = "PA\(rng.next() % 20)"
                let received = t(2026, 2, 25).adding(seconds: Int64(rng.next() % (30 * 86400)))
                let p = Petition(
                    code: code, unitCode: ["D1", "X1"][Int(rng.next() % 2)], receivedAt: received,
                    resolvedAt: rng.next() % 2 == 0 ? received.adding(seconds: Int64(rng.next() % (25 * 86400))) : nil,
                    rating: rng.next() % 3 == 0 ? .unsatisfied : nil, dossierCode: rng.next() % 2 == 0 ? "HS\(rng.next() % 120)" : nil)
                petitions[code] = p
                live.upsert(p)
            case 7:
                let r = Rating(dossierCode: "HS\(rng.next() % 120)", value: rng.next() % 2 == 0 ? .unsatisfied : .satisfied)
                ratings.append(r)
                live.add(r)
            default:
                clock = clock.adding(seconds: Int64(rng.next() % (2 * 86400)))
                live.advance(to: clock)
            }
            if step % 7 == 0 || step == 399 {
                let full = IndexAccumulator.aggregate(
                    catalogue: catalogue, dossiers: Array(current.values), petitions: Array(petitions.values), ratings: ratings,
                    period: period, asOf: clock, calendar: calendar2026)
                let same = live.result().figures == full.figures
                #expect(same, "step \(step)")
                if !same { return }
            }
        }
        #expect(clock > t(2026, 3, 20))  // the clock went through most of the month
    }

    /// A live clock that wakes exactly at each change instant (DESIGN §6) sees every verdict change: a deadline passing
    /// changes the verdict one second after the deadline, an end at the end itself.
    @Test func wakingAtEachChangeInstantEqualsAFullRecomputation() {
        var rng = SplitMix(seed: 7)
        let catalogue = Fixture.catalogue()
        var live = LiveIndex(catalogue: catalogue, period: period, asOf: t(2026, 3, 1), calendar: calendar2026)
        var current: [String: Dossier] = [:]
        for i in 0..<150 {
            let d = randomDossier("HS\(i)", &rng)
            current[d.code] = d
            live.upsert(d)
        }
        var wakes = 0
        while let next = live.nextChange, next < period.endInstant {
            live.advance(to: next)
            wakes += 1
            guard wakes < 5_000 else {
                Issue.record("the clock wakes without end")
                return
            }
            let full = IndexAccumulator.aggregate(
                catalogue: catalogue, dossiers: Array(current.values), period: period, asOf: next, calendar: calendar2026)
            let same = live.result().figures == full.figures
            #expect(same, "woken at \(next)")
            if !same { return }
        }
        #expect(wakes > 100)
    }
}
