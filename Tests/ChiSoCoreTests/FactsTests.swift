import ChiSoTesting
import Testing

@testable import ChiSoCore

@Suite struct FactsTests {
    static let settingsVariants = [JudgeSettings.portal, JudgeSettings(supplementRule: .restartWithNewDeadline)]
    static let statutoryVariants: [StatutoryTime?] = [nil, .init(10, .workingDays), .init(5, .days), .init(8, .hours)]

    @Test func theSegmentHoldingAnyInstantEqualsJudgeAtThatInstant() {
        var province = EdgeProvince(seed: 7, calendar: calendar2026)
        var checked = 0
        for n in 0..<1500 {
            let dossier = province.dossier("HS\(n)")
            let statutory = Self.statutoryVariants[n % Self.statutoryVariants.count]
            let settings = Self.settingsVariants[(n / 4) % 2]
            let timeline = VerdictTimeline(dossier: dossier, statutoryTime: statutory, calendar: calendar2026, settings: settings)
            var instants: [Instant] = EdgeProvince.edgeInstants + [dossier.receivedAt]
            for c in Judge.changeInstants(of: dossier, statutoryTime: statutory, calendar: calendar2026) {
                instants += [c.adding(seconds: -1), c, c.adding(seconds: 1), c.adding(seconds: 2)]
            }
            for _ in 0..<12 { instants.append(dossier.receivedAt.adding(seconds: province.seconds(upTo: 90))) }
            for at in instants where at >= dossier.receivedAt {
                let expected = Judge.judge(dossier, statutoryTime: statutory, asOf: at, calendar: calendar2026, settings: settings).outcome
                let segment = timeline.segments.first { $0.holds(at) }
                #expect(segment?.outcome == expected, "\(dossier.code) at \(at)")
                if segment?.outcome != expected { return }
                checked += 1
            }
        }
        #expect(checked > 40_000)
    }

    @Test func segmentsStartAtTheReceptionAndFollowEachOtherWithoutGaps() {
        var province = EdgeProvince(seed: 8, calendar: calendar2026)
        for n in 0..<500 {
            let dossier = province.dossier("HS\(n)")
            let segments = VerdictTimeline(dossier: dossier, statutoryTime: .init(3, .workingDays), calendar: calendar2026).segments
            #expect(segments.first?.from == dossier.receivedAt)
            #expect(segments.last?.to == nil)
            for (a, b) in zip(segments, segments.dropFirst()) {
                #expect(a.to == b.from)
                #expect(a.outcome != b.outcome)
            }
            #expect(
                VerdictTimeline(dossier: dossier, statutoryTime: nil, calendar: calendar2026).outcome(at: dossier.receivedAt.adding(seconds: -1))
                    == nil)
        }
    }

    /// An open dossier past its deadline turns overdue one second after the deadline (rule 3: on time while not passed).
    @Test func anOpenDossierTurnsOverdueTheSecondAfterItsDeadline() {
        let due = t(2026, 3, 13, 17)
        let timeline = VerdictTimeline(dossier: dossier(received: t(2026, 3, 9, 8), due: due), statutoryTime: nil, calendar: calendar2026)
        #expect(timeline.segments.map(\.outcome) == [.openWithinDeadline, .openOverdue])
        #expect(timeline.outcome(at: due) == .openWithinDeadline)
        #expect(timeline.outcome(at: due.adding(seconds: 1)) == .openOverdue)
    }

    @Test func factsCarryCoreJudgementsOfTheDossier() {
        let d = Dossier(
            code: "000.00.01.H10-260302-0001", procedureCode: "1.001", unitCode: "000.00.01.H10", channel: .online, receivedAt: t(2026, 3, 2, 8),
            dueAt: t(2026, 3, 6, 17), state: .returned, processedAt: t(2026, 3, 5, 10), returnedAt: t(2026, 3, 6, 9),
            pauses: [Pause(startedAt: t(2026, 3, 6, 9))], fees: [Fee(amount: 0)], results: [ResultDocument(hasFile: true)], synced: false)
        let facts = DossierFacts(d, provinceCode: "H10", statutoryTime: nil, calendar: calendar2026)
        #expect(facts.provinceCode == "H10")
        #expect(facts.endedAt == t(2026, 3, 5, 10))  // processed before returned (rule 1)
        #expect(facts.resultAt == t(2026, 3, 5, 10))
        #expect(facts.isReceived && facts.online && !facts.synced && facts.allFeesZero && facts.hasElectronicResult)
        #expect(facts.violations == [.pausedOnDueDate])
        var withdrawn = d
        withdrawn.state = .withdrawn
        withdrawn.stoppedAt = t(2026, 3, 4)
        let w = DossierFacts(withdrawn, provinceCode: "H10", statutoryTime: nil, calendar: calendar2026)
        #expect(w.endedAt == t(2026, 3, 4) && w.resultAt == nil)  // D1: withdrawal ends it, with no result
        var registered = d
        registered.state = .registered
        #expect(!DossierFacts(registered, provinceCode: "H10", statutoryTime: nil, calendar: calendar2026).isReceived)
    }

    @Test func aJudgingBasisRoundTripsThroughItsText() {
        let basis = JudgingBasis(
            calendar: calendar2026, settings: JudgeSettings(supplementRule: .restartWithNewDeadline, supplementRequestWorkingDays: 5))
        let text = basis.encoded
        #expect(JudgingBasis(encoded: text) == basis)
        #expect(JudgingBasis(encoded: text)?.encoded == text)
        #expect(JudgingBasis(calendar: calendar2026).encoded != text)
        #expect(JudgingBasis(encoded: "other") == nil)
    }

    /// The periods of the contract: a month, a quarter, a year, a month around Tết, an open month judged "now", and a
    /// closed month computed later (D7).
    static let periods: [(Period, Instant?)] = [
        (Period("2026-03")!, nil), (Period("2026-Q1")!, nil), (Period("2026")!, t(2026, 12, 31, 12)), (Period("2026-02")!, nil),
        (Period("2026-08")!, t(2026, 8, 21, 17)), (Period("2026-04")!, t(2026, 7, 1)),
    ]

    @Test(arguments: periods.indices)
    func countsOfFactsGiveTheSameFiguresAsTheDossiers(_ p: Int) {
        let (period, asOf) = Self.periods[p]
        var province = EdgeProvince(seed: 11, calendar: calendar2026)
        let dossiers = (0..<3000).map { province.dossier("HS\($0)") }
        let codes = dossiers.map(\.code) + ["HS-none"]
        let petitions = (0..<200).map { province.petition("PA\($0)", dossiers: codes) }
        let ratings = (0..<300).map { _ in province.rating(dossiers: codes) }
        let catalogue = EdgeProvince.catalogue()
        for settings in Self.settingsVariants {
            let expected = IndexAccumulator.aggregate(
                catalogue: catalogue, dossiers: dossiers, petitions: petitions, ratings: ratings, period: period, asOf: asOf,
                calendar: calendar2026, settings: settings)
            let facts = dossiers.map {
                DossierFacts(
                    $0, provinceCode: "", statutoryTime: catalogue.procedure($0.procedureCode)?.statutoryTime, calendar: calendar2026,
                    settings: settings)
            }
            let counts = ReferenceCounting(period: period, asOf: asOf)
            let actual = IndexAccumulator.aggregate(
                catalogue: catalogue, period: period, asOf: asOf, calendar: calendar2026, settings: settings,
                dossierCounts: counts.dossiers(
                    facts, codes: dossiers.map(\.code), ratings: ratings.map { RatingFacts($0, provinceCode: "") }, petitions: petitions),
                petitionCounts: counts.petitions(petitions.map { PetitionFacts($0, provinceCode: "", calendar: calendar2026) }))
            #expect(actual.figures == expected.figures)
            #expect(actual.unknownUnitDossiers == expected.unknownUnitDossiers)
            #expect(actual.unknownProcedureDossiers == expected.unknownProcedureDossiers)
            #expect(expected.figures[0].counts[.dossierOnTime].denominator > 100)
        }
    }

    /// A unit belongs to the province at the root of its tree, whatever its own code looks like: a department's code
    /// ends with the province's, a commune's begins with it.
    @Test func aUnitBelongsToTheProvinceAtTheRootOfItsTree() {
        let units = [
            Unit(code: "000.00.00.H10", name: "UBND tỉnh", kind: .province),
            Unit(code: "000.00.15.H10", name: "Sở Tư pháp", kind: .department, parentCode: "000.00.00.H10"),
            Unit(code: "000.00.31.H10", name: "UBND huyện", kind: .district, parentCode: "000.00.00.H10"),
            Unit(code: "H10.31.01", name: "UBND xã", kind: .commune, parentCode: "000.00.31.H10"),
            Unit(code: "H10.80.01", name: "UBND phường", kind: .commune, parentCode: "000.00.00.H10"),
            Unit(code: "X.1", name: "Tỉnh khác", kind: .province, parentCode: ""),
            Unit(code: "X.2", name: "Xã của tỉnh khác", kind: .commune, parentCode: "X.1"),
            Unit(code: "Y", name: "Cấp trên không có", kind: .commune, parentCode: "Z"),
        ]
        let provinces = UnitProvince.provinces(of: units)
        for code in ["000.00.00.H10", "000.00.15.H10", "000.00.31.H10", "H10.31.01", "H10.80.01"] { #expect(provinces[code] == "H10", "\(code)") }
        #expect(provinces["X.2"] == "1" && provinces["X.1"] == "1")
        #expect(provinces["Y"] == nil)
        #expect(UnitProvince.provinces(parents: ["A": "B", "B": "A"]).isEmpty)
        #expect(UnitProvince.code(ofRoot: "000.00.00.h37") == "H37")
        #expect(UnitProvince.code(ofRoot: "U1") == "U1")
        #expect(UnitProvince.code(ofRoot: "000.00.00.H-10") == "")
        #expect(UnitProvince.code(ofRoot: "000.00.00.") == "")
        #expect(UnitProvince.code(ofRoot: "") == "")
    }
}

/// What the store's SQL computes, written in Swift over the facts: only comparisons of the facts' instants with the
/// instants of judgement, and counts.
struct ReferenceCounting {
    let judgedAt: Instant
    let observedAt: Instant
    let start: Instant

    init(period: Period, asOf: Instant?) {
        (judgedAt, observedAt, start) = IndexAccumulator.judgingInstants(period: period, asOf: asOf)
    }

    func dossiers(_ facts: [DossierFacts], codes: [String], ratings: [RatingFacts], petitions: [Petition]) -> [DossierFactCounts] {
        let complained = Set(
            ratings.filter(\.unsatisfied).map(\.dossierCode) + petitions.compactMap { $0.dossierCode.flatMap { $0.isEmpty ? nil : $0 } })
        var out: [String: DossierFactCounts] = [:]
        for (f, code) in zip(facts, codes) {
            guard f.isReceived, f.receivedAt <= judgedAt else { continue }
            let resolved = f.endedAt.map { $0 <= judgedAt } ?? false
            if resolved, f.endedAt! < start { continue }
            let outcome = f.timeline.segments.first { $0.holds(judgedAt) }!.outcome
            let overdue = outcome == .overdue || outcome == .openOverdue
            var c = out[f.unitCode + "|" + f.procedureCode] ?? DossierFactCounts(unitCode: f.unitCode, procedureCode: f.procedureCode)
            let carried = f.receivedAt < start
            if carried { c.carriedOver += 1 } else { c.newlyReceived += 1 }
            switch (resolved, overdue) {
            case (true, false): c.resolvedOnTime += 1
            case (true, true): c.resolvedOverdue += 1
            case (false, false): c.openNotDue += 1
            case (false, true): c.openOverdue += 1
            }
            if outcome.countsAsOnTime { c.onTime += 1 }
            if !overdue && !complained.contains(code) { c.satisfied += 1 }
            if let r = f.resultAt, r <= judgedAt {
                c.resolvedWithResult += 1
                if f.hasElectronicResult { c.resolvedWithElectronicResult += 1 }
            }
            if f.violations.contains(.pausedOnDueDate) { c.pausedOnDueDate += 1 }
            if f.violations.contains(.lateSupplementRequest) { c.lateSupplementRequest += 1 }
            if !carried {
                let fileOK = f.resultAt.map { $0 > observedAt } ?? true || f.hasElectronicResult
                if f.synced { c.synced += 1 }
                if f.online { c.online += 1 }
                if f.online && fileOK { c.onlineWithResultFile += 1 }
                if f.digitized { c.digitized += 1 }
                if f.digitized && fileOK { c.digitizedWithResultFile += 1 }
                if f.reusesDigitizedData { c.reused += 1 }
                if f.sharesDigitizedData { c.shared += 1 }
                if f.usesCitizenData { c.citizenData += 1 }
                if f.hasFeeData { c.feeData += 1 }
                if f.paidOnline { c.paidOnline += 1 }
                if !f.allFeesZero {
                    c.feesNotAllZero += 1
                    if f.paidOnline { c.feesNotAllZeroPaidOnline += 1 }
                }
            }
            out[f.unitCode + "|" + f.procedureCode] = c
        }
        return Array(out.values)
    }

    func petitions(_ facts: [PetitionFacts]) -> [PetitionFactCounts] {
        var out: [String: PetitionFactCounts] = [:]
        for p in facts where p.receivedAt <= judgedAt {
            let answered = p.resolvedAt.flatMap { $0 <= judgedAt ? $0 : nil }
            if let answered, answered < start { continue }
            let onTime = answered.map { $0 <= p.deadline } ?? (judgedAt <= p.deadline)
            var c = out[p.unitCode] ?? PetitionFactCounts(unitCode: p.unitCode)
            c.petitions += 1
            if onTime { c.onTime += 1 }
            if onTime && p.satisfiedIfOnTime { c.satisfied += 1 }
            out[p.unitCode] = c
        }
        return Array(out.values)
    }
}
