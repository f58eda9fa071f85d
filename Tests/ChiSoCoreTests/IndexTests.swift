import ChiSoTesting
import Testing

@testable import ChiSoCore

/// A small province: P ⊃ {D1, D2, H1 ⊃ {X1, X2}}.
struct Fixture {
    static let units = [
        Unit(code: "P", name: "UBND tỉnh", kind: .province),
        Unit(code: "D1", name: "Sở Tư pháp", kind: .department, parentCode: "P"),
        Unit(code: "D2", name: "Sở Y tế", kind: .department, parentCode: "P"),
        Unit(code: "H1", name: "UBND huyện Phú Riềng", kind: .district, parentCode: "P", validTo: d(2025, 6, 30)),
        Unit(code: "X1", name: "UBND xã Bù Nho", kind: .commune, parentCode: "H1", offersElectronicCertifiedCopy: true),
        Unit(code: "X2", name: "UBND xã Phú Nghĩa", kind: .commune, parentCode: "H1"),
    ]
    static let procedures = [
        Procedure(
            code: "1.001", name: "Cấp phiếu lý lịch tư pháp", onlineLevel: .full, feeBearing: true, statutoryTime: .init(10, .workingDays),
            unitCodes: ["D1"],
            publication: Publication(decisionDate: d(2026, 3, 2), effectiveDate: d(2026, 3, 16), publicizedDate: d(2026, 3, 5), contentComplete: true)
        ),
        Procedure(
            code: "1.002", name: "Cấp giấy phép hành nghề", onlineLevel: .none, feeBearing: false, unitCodes: ["D2"],
            publication: Publication(
                decisionDate: d(2026, 3, 10), effectiveDate: d(2026, 3, 12), publicizedDate: d(2026, 3, 30), contentComplete: false)),
        Procedure(
            code: "2.001", name: "Chứng thực bản sao", onlineLevel: .partial, resultDocumentRequired: true, feeBearing: true, applicants: .citizens,
            unitKinds: [.commune]),
    ]

    static func catalogue() -> Catalogue { try! Catalogue(units: units, procedures: procedures) }
}

@Suite struct AggregationTests {
    let march = Period("2026-03")!

    func make(
        _ code: String, unit: String, procedure: String, received: Instant, due: Instant?, state: Dossier.State = .processing,
        processed: Instant? = nil, channel: Dossier.Channel = .inPerson, payment: Dossier.Payment = .notOnline, fees: [Fee] = [],
        results: [ResultDocument] = [], components: [Component] = [], synced: Bool = true
    ) -> Dossier {
        Dossier(
            code: code, procedureCode: procedure, unitCode: unit, channel: channel, receivedAt: received, dueAt: due, state: state,
            processedAt: processed, fees: fees, payment: payment, components: components, results: results, synced: synced)
    }

    func sample() -> [Dossier] {
        [
            // D1: online, paid online, on time, electronic result.
            make(
                "A", unit: "D1", procedure: "1.001", received: t(2026, 3, 2, 8), due: t(2026, 3, 6, 17), state: .returned,
                processed: t(2026, 3, 5, 10),
                channel: .online, payment: .nationalPortal, fees: [Fee(amount: 200_000)], results: [ResultDocument(hasFile: true)],
                components: [Component(digitized: true, reused: true)]),
            // D1: in person, fee 0 (excluded from online payment), late.
            make(
                "B", unit: "D1", procedure: "1.001", received: t(2026, 3, 3, 8), due: t(2026, 3, 6, 17), state: .processed,
                processed: t(2026, 3, 9, 10),
                fees: [Fee(amount: 0)], results: [ResultDocument(hasFile: false)], synced: false),
            // D1: carried over from February, still open and overdue at the end of March.
            make("C", unit: "D1", procedure: "1.001", received: t(2026, 2, 25, 8), due: t(2026, 3, 20, 17)),
            // D1: ended in February: not in March at all.
            make(
                "Z", unit: "D1", procedure: "1.001", received: t(2026, 2, 2, 8), due: t(2026, 2, 6, 17), state: .processed,
                processed: t(2026, 2, 5, 10)),
            // X1: online, open within deadline at month end.
            make(
                "E", unit: "X1", procedure: "2.001", received: t(2026, 3, 30, 8), due: t(2026, 4, 3, 17), channel: .online,
                payment: .provincialGateway, fees: [Fee(amount: 10_000)]),
            // X2: in person, unpaid.
            make(
                "F", unit: "X2", procedure: "2.001", received: t(2026, 3, 10, 8), due: t(2026, 3, 12, 17), state: .returned,
                processed: t(2026, 3, 12, 9),
                fees: [Fee(amount: 10_000)], results: [ResultDocument(hasFile: true)]),
            // April: not yet received at the end of March.
            make("G", unit: "X2", procedure: "2.001", received: t(2026, 4, 1, 8), due: t(2026, 4, 3, 17)),
        ]
    }

    func aggregate(includeChildren: Bool = true) -> Aggregation {
        IndexAccumulator.aggregate(
            catalogue: Fixture.catalogue(), dossiers: sample(), period: march, calendar: calendar2026, includeChildren: includeChildren)
    }

    @Test func processingTable() throws {
        let d1 = try #require(aggregate()["D1"]).processing
        #expect(d1 == ProcessingTable(carriedOver: 1, newlyReceived: 2, resolvedOnTime: 1, resolvedOverdue: 1, openNotDue: 0, openOverdue: 1))
        let h1 = try #require(aggregate()["H1"]).processing
        #expect(h1 == ProcessingTable(carriedOver: 0, newlyReceived: 2, resolvedOnTime: 1, resolvedOverdue: 0, openNotDue: 1, openOverdue: 0))
        let p = try #require(aggregate()["P"]).processing
        #expect(p.total == 5)
        #expect(p.total == p.resolved + p.open)
    }

    @Test func dossierIndicators() throws {
        let d1 = try #require(aggregate()["D1"]).counts
        #expect(d1[.dossierOnTime] == Count(1, 3))
        #expect(d1[.dossierSync] == Count(1, 2))
        #expect(d1[.onlineDossier] == Count(1, 2))
        #expect(d1[.dossierOnlinePayment] == Count(1, 1))  // B's fees are all 0
        #expect(d1[.eResult] == Count(1, 2))
        #expect(d1[.digitizedDossier] == Count(1, 2))
        #expect(d1[.reusedDigitizedData] == Count(1, 2))
        #expect(d1[.dossierSatisfaction] == Count(1, 3))
    }

    @Test func procedureIndicators() throws {
        let a = aggregate()
        let d1 = try #require(a["D1"]).counts
        #expect(d1[.onlineServiceProvision] == Count(1, 1))
        #expect(d1[.onlineServiceUsage] == Count(1, 1))
        #expect(d1[.feeProcedureIntegration] == Count(1, 1))
        #expect(d1[.procedureOnlinePayment] == Count(1, 1))
        #expect(d1[.publishOnTime] == Count(1, 1))  // 2/3 → 16/3 is 10 working days ≥ 5
        let d2 = try #require(a["D2"]).counts
        #expect(d2[.onlineServiceProvision] == Count(0, 1))
        #expect(d2[.publishOnTime] == Count(0, 1))
        let x2 = try #require(a["X2"]).counts
        #expect(x2[.onlineServiceUsage] == Count(0, 1))
        #expect(x2[.procedureOnlinePayment] == Count(0, 1))
        #expect(x2[.feeProcedureIntegration] == Count(1, 1))
        #expect(x2[.eCertifiedCopy] == Count(0, 1))
        #expect(try #require(a["H1"]).counts[.eCertifiedCopy] == Count(1, 2))
    }

    @Test func provinceWideIndicatorsAreTheSameEverywhere() {
        for f in aggregate().figures {
            #expect(f.counts[.publicUpdateOnTime] == Count(1, 2))
            #expect(f.counts[.publicContentFull] == Count(1, 2))
        }
    }

    @Test func childrenCanBeLeftOut() throws {
        let own = aggregate(includeChildren: false)
        #expect(try #require(own["H1"]).processing.total == 0)
        #expect(try #require(own["P"]).counts[.dossierOnTime] == Count(0, 0))
    }

    @Test func removingUndoesAdding() {
        var acc = IndexAccumulator(catalogue: Fixture.catalogue(), period: march, calendar: calendar2026)
        for d in sample() { acc.add(d) }
        let before = acc.result()
        var updated = sample()[0]
        updated.state = .processed
        acc.add(sample()[0], sign: -1)
        acc.add(updated)
        acc.add(updated, sign: -1)
        acc.add(sample()[0])
        let after = acc.result()
        #expect(before.figures == after.figures)
    }

    @Test func liveViewJudgesAtAsOf() throws {
        let live = IndexAccumulator.aggregate(
            catalogue: Fixture.catalogue(), dossiers: sample(), period: march, asOf: t(2026, 3, 5, 12), calendar: calendar2026)
        let d1 = try #require(live["D1"]).processing
        // At 5/3 noon: A ended early (resolved), B open within deadline, C open within deadline; received later not counted.
        #expect(d1 == ProcessingTable(carriedOver: 1, newlyReceived: 2, resolvedOnTime: 1, resolvedOverdue: 0, openNotDue: 2, openOverdue: 0))
    }

    @Test func unknownUnitsAndProceduresAreCounted() {
        let stray = [
            make("Q", unit: "NOPE", procedure: "1.001", received: t(2026, 3, 2), due: nil),
            make("R", unit: "D1", procedure: "9.999", received: t(2026, 3, 2), due: nil),
        ]
        let a = IndexAccumulator.aggregate(catalogue: Fixture.catalogue(), dossiers: stray, period: march, calendar: calendar2026)
        #expect(a.unknownUnitDossiers == 1)
        #expect(a.unknownProcedureDossiers == 1)
    }

    // Property: over generated dossiers, the table adds up and a parent without own dossiers equals the sum of its children.
    @Test func parentEqualsSumOfChildren() throws {
        var rng = SplitMix(seed: 11)
        let codes = ["D1", "D2", "X1", "X2"]
        var dossiers: [Dossier] = []
        for i in 0..<3000 {
            let received = t(2026, 2, 1).adding(seconds: Int64(rng.next() % (58 * 86400)))
            let due = received.adding(seconds: Int64(rng.next() % (10 * 86400)))
            let terminal = rng.next() % 3 != 0
            dossiers.append(
                make(
                    "N\(i)", unit: codes[Int(rng.next() % 4)], procedure: rng.next() % 2 == 0 ? "2.001" : "1.001", received: received, due: due,
                    state: terminal ? .processed : .processing, processed: received.adding(seconds: Int64(rng.next() % (12 * 86400))),
                    channel: rng.next() % 2 == 0 ? .online : .inPerson, payment: rng.next() % 2 == 0 ? .nationalPortal : .notOnline,
                    fees: [Fee(amount: Int64(rng.next() % 3) * 1000)], synced: rng.next() % 5 != 0))
        }
        let a = IndexAccumulator.aggregate(catalogue: Fixture.catalogue(), dossiers: dossiers, period: march, calendar: calendar2026)
        let h1 = try #require(a["H1"])
        let x1 = try #require(a["X1"])
        let x2 = try #require(a["X2"])
        #expect(h1.processing == x1.processing + x2.processing)
        for indicator in Indicator.allCases where !indicator.isProvinceWide {
            #expect(h1.counts[indicator] == x1.counts[indicator] + x2.counts[indicator])
        }
        for f in a.figures {
            let p = f.processing
            #expect(p.total == p.resolved + p.open)
            #expect(p.total == p.carriedOver + p.newlyReceived)
            for indicator in Indicator.allCases {
                #expect(f.counts[indicator].numerator <= f.counts[indicator].denominator)
                #expect(f.counts[indicator].numerator >= 0)
            }
        }
    }
}

@Suite struct CatalogueTests {
    @Test func rejectsDuplicatesUnknownParentsAndCycles() {
        #expect(throws: CatalogueError.self) {
            try Catalogue(units: [Unit(code: "A", name: "A", kind: .department), Unit(code: "A", name: "B", kind: .department)], procedures: [])
        }
        #expect(throws: CatalogueError.self) {
            try Catalogue(units: [Unit(code: "A", name: "A", kind: .department, parentCode: "Q")], procedures: [])
        }
        #expect(throws: CatalogueError.self) {
            try Catalogue(
                units: [
                    Unit(code: "R", name: "R", kind: .province), Unit(code: "A", name: "A", kind: .district, parentCode: "B"),
                    Unit(code: "B", name: "B", kind: .district, parentCode: "A"),
                ], procedures: [])
        }
    }

    @Test func subtreeAndProcedures() {
        let c = Fixture.catalogue()
        #expect(Set(c.subtree(of: "H1")) == ["H1", "X1", "X2"])
        #expect(c.procedures(of: "X1").map(\.code) == ["2.001"])
        #expect(c.procedures(of: "D1").map(\.code) == ["1.001"])
    }
}
