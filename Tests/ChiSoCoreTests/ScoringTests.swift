import ChiSoTesting
import Testing

@testable import ChiSoCore

/// The 2026 formula, built in code so that Core tests stay free of files (the YAML is tested in Ingest).
func portalSpec(linear: Bool = false) -> MethodologySpec {
    func i(_ id: String, _ max: Double, _ scoring: String = "linear", _ t: Double? = nil, _ zero: String = "zero") -> MethodologySpec.Indicator {
        linear
            ? .init(id: id, name: id, max: max, whenNoData: zero)
            : .init(id: id, name: id, max: max, scoring: scoring, threshold: t, whenNoData: zero)
    }
    return MethodologySpec(
        id: linear ? "linear" : "portal", name: "test", effectiveFrom: d(2026, 1, 1), total: 100,
        groups: [
            .init(
                id: "transparency", name: "Công khai, minh bạch", max: 18,
                indicators: [i("publish_on_time", 6), i("public_update_on_time", 4), i("public_content_full", 2), i("dossier_sync", 6)]),
            .init(id: "timeliness", name: "Tiến độ giải quyết", max: 20, indicators: [i("dossier_on_time", 20)]),
            .init(
                id: "online_service", name: "Dịch vụ công trực tuyến", max: 12,
                indicators: [
                    i("online_service_provision", 2, "threshold", 80), i("online_service_usage", 4), i("online_dossier", 6, "threshold", 50),
                ]),
            .init(
                id: "online_payment", name: "Thanh toán trực tuyến", max: 10,
                indicators: [
                    i("fee_procedure_integration", 2, "threshold", 80), i("procedure_online_payment", 2, "threshold", 80),
                    i("dossier_online_payment", 6),
                ]),
            .init(
                id: "digitization", name: "Số hóa hồ sơ", max: 22,
                indicators: [
                    i("e_result", 6), i("digitized_dossier", 4), i("reused_digitized_data", 2, "threshold", 80), i("shared_digitized_data", 4),
                    i("citizen_data_dossier", 2), i("citizen_data_procedure", 2), i("e_certified_copy", 2, "full", nil, "full"),
                ]),
            .init(
                id: "satisfaction", name: "Mức độ hài lòng", max: 18,
                indicators: [
                    i("petition_on_time", 6, "linear", nil, "full"), i("petition_satisfaction", 6, "linear", nil, "full"),
                    i("dossier_satisfaction", 6, "threshold", 90),
                ]),
        ],
        bands: [
            .init(name: "Xuất sắc", min: 90), .init(name: "Tốt", min: 80), .init(name: "Khá", min: 70), .init(name: "Trung bình", min: 50),
            .init(name: "Yếu", min: 0),
        ],
        presentations: [
            .init(
                id: "five", name: "five",
                groups: [
                    .init(id: "transparency", name: "Công khai, minh bạch", members: ["transparency"]),
                    .init(id: "timeliness", name: "Tiến độ", members: ["timeliness"]),
                    .init(id: "online", name: "Dịch vụ trực tuyến", members: ["online_service", "online_payment"]),
                    .init(id: "digitization", name: "Số hóa", members: ["digitization"]),
                    .init(id: "satisfaction", name: "Hài lòng", members: ["satisfaction"]),
                ])
        ])
}

@Suite struct ScoringTests {
    let portal = try! Methodology(portalSpec())
    let linear = try! Methodology(portalSpec(linear: true))
    let unit = Unit(code: "D1", name: "Sở Tư pháp", kind: .department)

    @Test func ratesAreNullWhenNothingToCount() {
        #expect(Count(0, 0).rate == nil)
        #expect(Count(0, 5).rate == 0)
        #expect(Count(1414, 2527).rate.map { Decimal2.round($0, places: 0) } == 56)  // seed 002, Sở Giao thông vận tải
    }

    // Seed 002 appendix rows: counts and printed rates.
    @Test(arguments: [
        (37, 45, 82), (3082, 3096, 100), (279, 466, 60), (72, 102, 71), (115, 221, 52), (78, 232, 34), (413, 730, 57),
        (227, 610, 37), (1074, 1302, 82), (3417, 4146, 82), (2499, 3096, 81), (13, 466, 3),
    ])
    func seed002PrintedRates(numerator: Int, denominator: Int, printed: Int) {
        #expect(Decimal2.round(Count(numerator, denominator).rate!, places: 0) == Double(printed))
    }

    @Test func seed000OnlinePaymentPoints() {
        // 64,67% of dossiers paid online → 3,88 of 6 points (linear).
        let rule = portal.rule(for: .dossierOnlinePayment)!
        #expect(Decimal2.round(portal.points(rule, Count(6467, 10000))) == 3.88)
        #expect(Decimal2.round(portal.points(rule, Count(35, 100))) == 2.1)
        #expect(Decimal2.round(portal.points(rule, Count(24, 100))) == 1.44)
        #expect(portal.points(rule, Count(0, 0)) == 0)
    }

    @Test func seed000DigitisationPointsUnderTheLinearVariant() {
        var counts = IndicatorCounts()
        for rule in linear.groups.first(where: { $0.id == "digitization" })!.indicators { counts[rule.indicator] = Count(7273, 10000) }
        let score = linear.score(unit: unit, counts: counts)
        let digitization = score.group("digitization")!
        #expect(Decimal2.vietnamese(digitization.points, places: 1) == "16")
        #expect(Decimal2.round(digitization.rate!) == 72.73)
    }

    @Test func seed004SeventyFivePercentOfTwentyTwo() {
        var counts = IndicatorCounts()
        for rule in linear.groups.first(where: { $0.id == "digitization" })!.indicators { counts[rule.indicator] = Count(3, 4) }
        #expect(Decimal2.round(linear.score(unit: unit, counts: counts).group("digitization")!.points) == 16.5)
    }

    @Test func thresholds() {
        let provision = portal.rule(for: .onlineServiceProvision)!
        #expect(portal.points(provision, Count(80, 100)) == 2)
        #expect(portal.points(provision, Count(95, 100)) == 2)
        #expect(portal.points(provision, Count(40, 100)) == 1)
        let online = portal.rule(for: .onlineDossier)!
        #expect(portal.points(online, Count(25, 100)) == 3)
    }

    @Test func zeroRules() {
        #expect(portal.points(portal.rule(for: .petitionOnTime)!, Count()) == 6)
        #expect(portal.points(portal.rule(for: .dossierSatisfaction)!, Count()) == 0)
        #expect(portal.points(portal.rule(for: .dossierOnTime)!, Count()) == 0)
        #expect(portal.points(portal.rule(for: .eCertifiedCopy)!, Count(0, 3)) == 2)
    }

    @Test(arguments: [
        (95.0, "Xuất sắc"), (90.0, "Xuất sắc"), (89.999, "Xuất sắc"), (89.99, "Tốt"), (80, "Tốt"), (79.99, "Khá"), (70, "Khá"), (50, "Trung bình"),
        (49.99, "Yếu"), (0, "Yếu"), (100, "Xuất sắc"),
    ])
    func bands(total: Double, name: String) {
        // 89,999 is shown as 90,00 and classified as shown.
        #expect(portal.classification(of: total).name == name)
    }

    // Properties: points within maxima, 100% gives full points, groups add up to the total.
    @Test func scoringProperties() {
        var rng = SplitMix(seed: 3)
        for _ in 0..<2000 {
            var counts = IndicatorCounts()
            for indicator in Indicator.allCases {
                let den = Int(rng.next() % 50)
                counts[indicator] = Count(den == 0 ? 0 : Int(rng.next() % UInt64(den + 1)), den)
            }
            for m in [portal, linear] {
                let s = m.score(unit: unit, counts: counts)
                var sum = 0.0
                for g in s.groups {
                    #expect(g.points <= g.max + 1e-9)
                    #expect(g.points >= 0)
                    #expect(abs(g.points - g.indicators.reduce(0) { $0 + $1.points }) < 1e-9)
                    for i in g.indicators { #expect(i.points <= i.max + 1e-9) }
                    sum += g.points
                }
                #expect(abs(sum - s.total) < 1e-9)
                #expect(s.total <= 100 + 1e-9)
                let five = s.groups(in: m.presentations[0])
                #expect(abs(five.reduce(0) { $0 + $1.points } - s.total) < 1e-9)
                #expect(five.first { $0.id == "online" }?.max == 22)
            }
        }
        for indicator in portal.indicators {
            #expect(portal.points(indicator, Count(7, 7)) == indicator.max)
        }
    }

    @Test func validation() {
        var spec = portalSpec()
        spec.groups[0].indicators[0].id = "made_up"
        #expect(throws: MethodologyError.self) { try Methodology(spec) }
        spec = portalSpec()
        spec.groups[0].max = 19
        #expect { try Methodology(spec) } throws: { ($0 as? MethodologyError)?.description.contains("transparency") == true }
        spec = portalSpec()
        spec.total = 99
        #expect(throws: MethodologyError.self) { try Methodology(spec) }
        spec = portalSpec()
        spec.bands[1] = .init(name: "Tốt", min: 80, below: 95)
        #expect { try Methodology(spec) } throws: { ($0 as? MethodologyError)?.description.contains("chồng lấn") == true }
        spec = portalSpec()
        spec.bands.remove(at: 3)
        #expect(throws: Never.self) { try Methodology(spec) }  // Khá then covers 50–70: no gap
        spec = portalSpec()
        spec.bands[3] = .init(name: "Trung bình", min: 50, below: 60)
        #expect { try Methodology(spec) } throws: { ($0 as? MethodologyError)?.description.contains("60") == true }
        spec = portalSpec()
        spec.bands.removeLast()
        #expect(throws: MethodologyError.self) { try Methodology(spec) }
        spec = portalSpec()
        spec.groups[2].indicators[0].threshold = 0
        #expect(throws: MethodologyError.self) { try Methodology(spec) }
        spec = portalSpec()
        spec.presentations[0].groups.removeLast()
        #expect(throws: MethodologyError.self) { try Methodology(spec) }
    }
}

@Suite struct RankingTests {
    let m = try! Methodology(portalSpec())

    func score(_ code: String, _ name: String, _ total: Double) -> UnitScore {
        UnitScore(unit: Unit(code: code, name: name, kind: .department), groups: [], total: total, classification: m.classification(of: total).name)
    }

    @Test func equalTotalsShareARankAndAreOrderedByName() {
        let ranked = Ranking.rank([
            score("A", "Sở Y tế", 80), score("B", "Sở Công Thương", 90.91), score("C", "Sở Nội vụ", 90.91), score("D", "Ban Dân tộc", 32),
        ])
        #expect(ranked.map(\.score.unit.code) == ["B", "C", "A", "D"])
        #expect(ranked.map(\.rank) == [1, 1, 3, 4])
    }

    @Test func totalsEqualAsDisplayedShareARank() {
        let ranked = Ranking.rank([score("A", "A", 85.054), score("B", "B", 85.046)])
        #expect(ranked.map(\.rank) == [1, 1])
    }

    @Test func comparisonsWithPreviousAndLastYear() throws {
        let now = [score("A", "Sở A", 85.05), score("B", "Sở B", 87.93)]
        let before = [score("A", "Sở A", 66.36), score("B", "Sở B", 88.99), score("C", "Sở C", 90)]
        let ranked = Ranking.ranked(current: now, previous: before, sameLastYear: [])
        let a = try #require(ranked.first { $0.unit.code == "A" })
        #expect(a.rank == 2)
        #expect(try #require(a.previous).rankChange == 1)
        #expect(try #require(a.previous).rankChangeSymbol == "▲1")
        #expect(try #require(a.previous).pointChangeSymbol == "▲18,69")
        #expect(try #require(a.previous).classificationChanged(from: a.score.classification))
        let b = try #require(ranked.first { $0.unit.code == "B" })
        #expect(try #require(b.previous).pointChangeSymbol == "▼1,06")
        #expect(b.sameLastYear == nil)
    }
}

@Suite struct DecimalTests {
    @Test func roundsHalfAwayFromZero() {
        #expect(Decimal2.round(201.0 / 200.0) == 1.01)
        #expect(Decimal2.round(-1.005) == -1.01)
        #expect(Decimal2.round(3.8802) == 3.88)
        #expect(Decimal2.round(0.125) == 0.13)
        #expect(Decimal2.round(2.675) == 2.68)
    }

    @Test func vietnameseFormat() {
        #expect(Decimal2.vietnamese(85.05) == "85,05")
        #expect(Decimal2.vietnamese(16.0006) == "16")
        #expect(Decimal2.vietnamese(90.4) == "90,4")
        #expect(Decimal2.plain(90.4) == "90.40")
        #expect(Decimal2.vietnamese(-0.001) == "0")
    }
}

@Suite struct TargetTests {
    @Test func mostSpecificTargetApplies() {
        let units = [
            Unit(code: "D1", name: "Sở NN&PTNT", kind: .department), Unit(code: "H1", name: "UBND TP Đồng Xoài", kind: .district),
            Unit(code: "X1", name: "Xã A", kind: .commune),
        ]
        let year = Period("2024")!
        let q1 = Period("2024-Q1")!
        let targets = [
            Target(indicator: .dossierOnlinePayment, scope: .kind(.department), period: year, percent: 70, source: "127/QĐ-UBND"),
            Target(indicator: .dossierOnlinePayment, scope: .kind(.department), period: q1, percent: 40, source: "127/QĐ-UBND"),
            Target(indicator: .dossierOnlinePayment, scope: .kind(.district), period: q1, percent: 30),
            Target(indicator: .dossierOnlinePayment, scope: .all, period: q1, percent: 20),
            Target(indicator: .dossierOnlinePayment, scope: .unit("X1"), period: year, percent: 25),
        ]
        var figures = units.map { UnitFigures(unit: $0) }
        figures[0].counts[.dossierOnlinePayment] = Count(761, 1000)  // 76,1% / 40%
        figures[1].counts[.dossierOnlinePayment] = Count(482, 1000)  // 48,2% / 30%
        let results = Target.evaluate(targets, figures: figures, period: q1)
        #expect(results.count == 3)
        #expect(results[0].target.percent == 40)
        #expect(results[0].met == true)
        #expect(abs(results[0].gap! - 36.1) < 1e-9)
        #expect(results[1].target.percent == 30)
        #expect(results[2].target.percent == 25)  // a unit's own target beats a more exact period for all units
        #expect(results[2].met == nil)
        #expect(Target.evaluate(targets, figures: figures, period: Period("2024-Q3")!).allSatisfy { $0.target.period == year })
    }
}
