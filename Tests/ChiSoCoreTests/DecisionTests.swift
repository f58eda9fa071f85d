import ChiSoTesting
import Testing

@testable import ChiSoCore

/// The binding decisions of DOMAIN §4a that the first version got wrong (issue: hardening, item 12).
@Suite struct DecisionTests {
    let march = Period("2026-03")!
    let methodology = try! Methodology(portalSpec())

    func aggregate(_ dossiers: [Dossier], asOf: Instant? = nil) -> Aggregation {
        IndexAccumulator.aggregate(catalogue: Fixture.catalogue(), dossiers: dossiers, period: march, asOf: asOf, calendar: calendar2026)
    }

    // D1: status 1 (registered, not yet received) and status 3 (not accepted) count nowhere, whatever
    // their reception date says.
    @Test func notReceivedDossiersCountNowhere() throws {
        let registered = dossier("R", received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .registered, unit: "D1", procedure: "1.001")
        let refused = dossier(
            "N", received: t(2026, 3, 3, 8), due: t(2026, 3, 6, 17), state: .refused, stopped: t(2026, 3, 3, 9), unit: "D1", procedure: "1.001")
        let received = dossier("A", received: t(2026, 3, 4, 8), due: t(2026, 4, 20, 17), unit: "D1", procedure: "1.001")
        let figures = try #require(aggregate([registered, refused, received])["D1"])
        #expect(figures.processing.total == 1)
        #expect(figures.processing.newlyReceived == 1)
        #expect(figures.counts[.dossierOnTime] == Count(1, 1))
        #expect(figures.counts[.dossierSync] == Count(1, 1))
        #expect(figures.counts[.dossierSatisfaction] == Count(1, 1))
        #expect(!Judge.belongs(registered, to: march, judgedAt: t(2026, 3, 31, 23)))
        #expect(!Judge.belongs(refused, to: march, judgedAt: t(2026, 3, 31, 23)))
    }

    // D1: status 7 (withdrawn) ends a received dossier: it counts, resolved.
    @Test func withdrawnDossierIsReceivedAndResolved() throws {
        let withdrawn = dossier(
            "W", received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .withdrawn, stopped: t(2026, 3, 4, 9), unit: "D1", procedure: "1.001")
        let figures = try #require(aggregate([withdrawn])["D1"])
        #expect(figures.processing.total == 1)
        #expect(figures.processing.resolvedOnTime == 1)
    }

    // D7: a closed period computed after its end sees the dossiers resolved since: a dossier of a procedure
    // that requires a result document, received online in March and resolved in April without an electronic
    // result, counts as online at the end of March but not when March is computed in April.
    @Test func closedPeriodComputedLaterSeesResultsIssuedSince() throws {
        let d = Dossier(
            code: "E", procedureCode: "2.001", unitCode: "X1", channel: .online, receivedAt: t(2026, 3, 30, 8), dueAt: t(2026, 4, 3, 17),
            state: .returned, processedAt: t(2026, 4, 2, 10), results: [ResultDocument(hasFile: false)])
        let atEnd = try #require(aggregate([d], asOf: t(2026, 3, 31, 23, 59))["X1"])
        #expect(atEnd.counts[.onlineDossier] == Count(1, 1))
        let later = try #require(aggregate([d], asOf: t(2026, 4, 10, 9))["X1"])
        #expect(later.counts[.onlineDossier] == Count(0, 1))
        // The verdict is still the one at the end of March: open within its deadline.
        #expect(later.counts[.dossierOnTime] == Count(1, 1))
        #expect(later.processing.openNotDue == 1)
        // e_result (D8) counts dossiers resolved in the period only.
        #expect(later.counts[.eResult] == Count(0, 0))
    }

    // D11: a unit with no dossier is not classified; it keeps its total.
    @Test func unitWithNoDossiersIsNotClassified() {
        let none = methodology.score(unit: Fixture.units[1], counts: IndicatorCounts())
        #expect(none.classification == nil)
        #expect(none.classificationLabel == "-")
        var counts = IndicatorCounts()
        counts[.dossierOnTime] = Count(0, 3)
        let some = methodology.score(unit: Fixture.units[1], counts: counts)
        #expect(some.classification == "Yếu")
    }

    // D11: a period that has not started, or one with no data at all, is refused.
    @Test func periodsWithoutDataAreRefused() throws {
        let empty = aggregate([])
        #expect(throws: PeriodRefusal.noData(march)) { try PeriodRefusal.check(empty, now: t(2026, 4, 5)) }
        let notStarted = IndexAccumulator.aggregate(catalogue: Fixture.catalogue(), dossiers: [Dossier](), period: march, calendar: calendar2026)
        #expect(throws: PeriodRefusal.notStarted(march)) { try PeriodRefusal.check(notStarted, now: t(2026, 2, 20)) }
        let some = aggregate([dossier("A", received: t(2026, 3, 4, 8), unit: "D1", procedure: "1.001")])
        try PeriodRefusal.check(some, now: t(2026, 4, 5))
        #expect(PeriodRefusal.noData(march).description.contains("không có hồ sơ"))
    }

    // One definition of membership: a dossier ended before the period began does not belong to it, one
    // ended in it or still open does; the index counts exactly the dossiers that belong.
    @Test func membershipIsOneDefinition() throws {
        let endedBefore = dossier(
            "Z", received: t(2026, 2, 2, 8), due: t(2026, 2, 6, 17), state: .processed, processed: t(2026, 2, 27, 10), unit: "D1",
            procedure: "1.001")
        // Supplement waited 10 days: the effective end moves back into February, the end itself is in March.
        let supplied = dossier(
            "S", received: t(2026, 2, 2, 8), due: t(2026, 3, 6, 17), state: .processed, processed: t(2026, 3, 2, 10),
            supplements: [SupplementRequest(requestedAt: t(2026, 2, 10, 8), suppliedAt: t(2026, 2, 20, 8))], unit: "D1", procedure: "1.001")
        let judgedAt = t(2026, 3, 31, 23)
        #expect(!Judge.belongs(endedBefore, to: march, judgedAt: judgedAt))
        #expect(Judge.belongs(supplied, to: march, judgedAt: judgedAt))
        let figures = try #require(aggregate([endedBefore, supplied])["D1"])
        #expect(figures.processing.total == 1)
    }
}
