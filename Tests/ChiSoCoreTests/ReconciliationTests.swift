import ChiSoTesting
import Testing

@testable import ChiSoCore

@Suite("Unit names, matching and reconciliation with the national portal")
struct ReconciliationTests {
    @Test("Names compare without case, diacritics (đ → d), UBND, Ủy ban nhân dân or the province suffix; Sở and Ban stay apart")
    func comparisonForms() {
        #expect(VietnameseName.comparisonForm("UBND xã Tân Lập") == "xa tan lap")
        #expect(VietnameseName.comparisonForm("Xã  Tân   Lập") == "xa tan lap")
        #expect(VietnameseName.comparisonForm("Ủy ban nhân dân phường Đông Xoài") == "phuong dong xoai")
        #expect(VietnameseName.comparisonForm("Sở Tư pháp - Tỉnh Bình Phước") == "so tu phap")
        #expect(VietnameseName.comparisonForm("Sở Tư pháp tỉnh Bình Phước", provinceName: "UBND tỉnh Bình Phước") == "so tu phap")
        // Decomposed text (o + horn + grave) folds like precomposed text.
        #expect(VietnameseName.comparisonForm("S\u{006F}\u{031B}\u{0300} Y te\u{0302}\u{0301}") == "so y te")
        #expect(VietnameseName.comparisonForm("Ban Dân tộc") != VietnameseName.comparisonForm("Sở Dân tộc"))
        #expect(VietnameseName.fold("ĐỒNG XOÀI") == "dong xoai")
        #expect(VietnameseName.similarity("so tu phap", "so tu phap") == 1)
        #expect(VietnameseName.similarity("so tu phap", "so y te") < VietnameseName.similarity("so tu phap", "so tu phap tinh"))
    }

    @Test("Units pair by mapping, code, name and the province row; the unpaired on both sides are listed with candidates")
    func matching() {
        let units = [
            Unit(code: "000.00.00.H15", name: "UBND tỉnh Bình Phước", kind: .province),
            Unit(code: "000.00.01.H15", name: "Sở Tư pháp", kind: .department, parentCode: "000.00.00.H15"),
            Unit(code: "000.00.02.H15", name: "Sở Y tế", kind: .department, parentCode: "000.00.00.H15"),
            Unit(code: "H15.07", name: "Sở Xây dựng", kind: .department, parentCode: "000.00.00.H15"),
            Unit(code: "000.00.04.H15", name: "Ban Quản lý Khu Kinh tế", kind: .department, parentCode: "000.00.00.H15"),
            Unit(code: "000.00.05.H15", name: "Sở Nội vụ", kind: .department, parentCode: "000.00.00.H15"),
        ]
        let portal = [
            NationalUnitFigures(portalID: "p0", portalCode: "H15", name: "Tỉnh Bình Phước", isProvince: true),
            NationalUnitFigures(portalID: "p1", portalCode: "H15.01", name: "Sở Tư pháp - tỉnh Bình Phước"),
            NationalUnitFigures(portalID: "p2", portalCode: "H15.02", name: "SỞ Y TẾ"),
            NationalUnitFigures(portalID: "p3", portalCode: "H15.07", name: "Sở Xây Dựng tỉnh Bình Phước"),
            NationalUnitFigures(portalID: "p4", portalCode: "H15.04", name: "BQL Khu kinh tế"),
            NationalUnitFigures(portalID: "p9", portalCode: "H15.09", name: "Sở Ngoại vụ"),
        ]
        let m = UnitMatching(portal: portal, units: units, mapping: ["p4": "000.00.04.H15"], provinceName: "UBND tỉnh Bình Phước")
        let pairs = Dictionary(uniqueKeysWithValues: m.matches.map { ($0.portal.portalID!, "\($0.unit.code) \($0.method.rawValue)") })
        #expect(
            pairs == [
                "p0": "000.00.00.H15 province", "p1": "000.00.01.H15 name", "p2": "000.00.02.H15 name", "p3": "H15.07 code",
                "p4": "000.00.04.H15 mapping",
            ])
        #expect(m.unmatchedPortal.map(\.portal.name) == ["Sở Ngoại vụ"])
        #expect(m.unmatchedUnits.map(\.unit.code) == ["000.00.05.H15"])
        // Each side's leftover is the other's closest candidate, with its similarity.
        #expect(m.unmatchedPortal[0].candidates.first?.key == "000.00.05.H15")
        #expect(m.unmatchedUnits[0].candidates.first?.key == "p9")
        #expect((m.unmatchedUnits[0].candidates.first?.similarity ?? 0) > 0.3)
    }

    // A province where ChiSo's data and a portal snapshot differ in known ways.
    static let root = "000.00.00.H15"
    static let units = [
        Unit(code: root, name: "UBND tỉnh Bình Phước", kind: .province),
        Unit(code: "D1", name: "Sở Tư pháp", kind: .department, parentCode: root),
        Unit(code: "D2", name: "Sở Y tế", kind: .department, parentCode: root),
        Unit(code: "D3", name: "Sở Xây dựng", kind: .department, parentCode: root),
        Unit(code: "D4", name: "Sở Nội vụ", kind: .department, parentCode: root),
        Unit(code: "D5", name: "Sở Công Thương", kind: .department, parentCode: root),
    ]

    static func onTime(_ code: String, unit: String, day: Int = 3, synced: Bool = true) -> Dossier {
        Dossier(
            code: code, procedureCode: "P1", unitCode: unit, receivedAt: t(2026, 8, day, 9), dueAt: t(2026, 8, day + 10, 17),
            state: .processed, processedAt: t(2026, 8, day + 2, 10), synced: synced)
    }

    static let dossiers: [Dossier] = [
        // D1: four synced, two never synced.
        onTime("D1-260803-0001", unit: "D1"), onTime("D1-260803-0002", unit: "D1"), onTime("D1-260803-0003", unit: "D1"),
        onTime("D1-260803-0004", unit: "D1"), onTime("D1-260803-0005", unit: "D1", synced: false),
        onTime("D1-260803-0006", unit: "D1", synced: false),
        // D2: three of the province system and one of a ministry's system.
        onTime("D2-260804-0001", unit: "D2", day: 4), onTime("D2-260804-0002", unit: "D2", day: 4),
        onTime("D2-260804-0003", unit: "D2", day: 4), onTime("D2-260804-001234", unit: "D2", day: 4),
        // D3: not on the portal at all.
        onTime("D3-260805-0001", unit: "D3", day: 5), onTime("D3-260805-0002", unit: "D3", day: 5),
        // D4: one processed late, which the portal counts on time.
        onTime("D4-260806-0001", unit: "D4", day: 6), onTime("D4-260806-0002", unit: "D4", day: 6),
        Dossier(
            code: "D4-260806-0003", procedureCode: "P1", unitCode: "D4", receivedAt: t(2026, 8, 6, 9), dueAt: t(2026, 8, 10, 17),
            state: .processed, processedAt: t(2026, 8, 12, 10)),
        // D5: both sides agree.
        onTime("D5-260807-0001", unit: "D5", day: 7), onTime("D5-260807-0002", unit: "D5", day: 7),
    ]

    static func portalUnit(
        _ id: String, _ name: String, received: Double, onTime: Double, overdue: Double, synced: Double, province: Bool = false
    ) -> NationalUnitFigures {
        NationalUnitFigures(
            portalID: id, name: name, level: province ? "PROVINCE" : "DEPARTMENT", isProvince: province,
            groups: [
                .timeliness: NationalGroupFigures(
                    points: received == 0 ? 0 : 20 * onTime / received, maxPoints: 20, rate: received == 0 ? nil : onTime * 100 / received,
                    counts: ["totalReceived": received, "totalOnTime": onTime, "totalOverdue": overdue]),
                .transparency: NationalGroupFigures(
                    points: 6, maxPoints: 18,
                    metrics: [
                        NationalMetric(
                            code: "DOSSIER_SYNC", indicator: .dossierSync, numerator: synced, denominator: synced, rate: 100, points: 6,
                            maxPoints: 6)
                    ]),
            ])
    }

    static let snapshot = NationalSnapshot(
        period: .month(2026, 8), takenAt: t(2026, 9, 5, 8), origin: .portalAPI, provinceID: "bp", groupsPresent: [.timeliness, .transparency],
        units: [
            portalUnit("bp", "Tỉnh Bình Phước", received: 12, onTime: 12, overdue: 0, synced: 12, province: true),
            portalUnit("p1", "Sở Tư pháp - tỉnh Bình Phước", received: 4, onTime: 4, overdue: 0, synced: 4),
            portalUnit("p2", "Sở Y tế - tỉnh Bình Phước", received: 3, onTime: 3, overdue: 0, synced: 3),
            portalUnit("p4", "Sở Nội vụ - tỉnh Bình Phước", received: 3, onTime: 3, overdue: 0, synced: 3),
            portalUnit("p5", "Sở Công Thương - tỉnh Bình Phước", received: 2, onTime: 2, overdue: 0, synced: 2),
        ],
        provinces: [
            NationalProvinceResult(portalID: "hn", name: "Hà Nội", total: 90.5),
            NationalProvinceResult(portalID: "bp", name: "Bình Phước", total: 88.25),
            NationalProvinceResult(portalID: "dn", name: "Đà Nẵng", total: 88.25),
            NationalProvinceResult(portalID: "x", name: "Cao Bằng", total: nil),
            NationalProvinceResult(portalID: "hcm", name: "Hồ Chí Minh", total: 80),
        ])

    static func reconciled() throws -> Reconciliation {
        let catalogue = try Catalogue(units: units, procedures: [Procedure(code: "P1", name: "Thủ tục thử", unitKinds: [.department])])
        let previous = NationalSnapshot(
            period: .month(2026, 7), takenAt: t(2026, 8, 5, 8), origin: .portalAPI, provinceID: "bp", groupsPresent: [],
            units: [NationalUnitFigures(portalID: "bp", name: "Tỉnh Bình Phước", isProvince: true)],
            provinces: [
                NationalProvinceResult(portalID: "hn", name: "Hà Nội", total: 91),
                NationalProvinceResult(portalID: "dn", name: "Đà Nẵng", total: 89),
                NationalProvinceResult(portalID: "hcm", name: "Hồ Chí Minh", total: 85),
                NationalProvinceResult(portalID: "bp", name: "Bình Phước", total: 84.5),
            ])
        return Reconciliation(
            snapshot: snapshot, catalogue: catalogue, dossiers: dossiers, methodology: try Methodology(portalSpec()), calendar: calendar2026,
            previous: previous)
    }

    @Test("Reconcile finds exactly the unsynced dossiers, the ministry dossier, the overdue one and the missing unit")
    func knownDifferences() throws {
        let r = try Self.reconciled()
        func line(_ code: String) -> Reconciliation.UnitLine? { r.units.first { $0.unit?.code == code } }
        let explained = r.units.filter { !$0.explanations.isEmpty }.map(\.code).sorted()
        #expect(explained == ["D1", "D2", "D3", "D4"])

        let d1 = try #require(line("D1"))
        #expect(d1.explanations.map(\.kind) == [.notSynced])
        #expect(d1.explanation(.notSynced)?.dossierCodes == ["D1-260803-0005", "D1-260803-0006"])
        let onTime = try #require(d1.indicator(.dossierOnTime))
        #expect(onTime.chiso?.denominator == 6)
        #expect(onTime.portal?.denominator == 4)
        #expect(onTime.denominatorDifference == 2)
        #expect(onTime.differs)

        let d2 = try #require(line("D2"))
        #expect(d2.explanations.map(\.kind) == [.ministrySystem])
        #expect(d2.explanation(.ministrySystem)?.dossierCodes == ["D2-260804-001234"])

        let d3 = try #require(line("D3"))
        #expect(d3.presence == .chisoOnly)
        #expect(d3.explanations.map(\.kind) == [.unitOneSide])
        #expect(d3.explanation(.unitOneSide)?.dossierCodes == ["D3-260805-0001", "D3-260805-0002"])

        let d4 = try #require(line("D4"))
        #expect(d4.explanations.map(\.kind) == [.overdueOneSide])
        #expect(d4.explanation(.overdueOneSide)?.dossierCodes == ["D4-260806-0003"])
        #expect(d4.explanation(.overdueOneSide)?.countDifference == 1)
        #expect(d4.chisoOverdue == 1)
        #expect(d4.portalOverdue == 0)

        let d5 = try #require(line("D5"))
        #expect(d5.presence == .both)
        #expect(d5.indicator(.dossierOnTime)?.differs == false)
        #expect(d5.group(.timeliness)?.pointsDifference == 0)

        #expect(r.units.count == 5)
        #expect(r.matching.unmatchedPortal.isEmpty)
        #expect(r.matching.unmatchedUnits.map(\.unit.code) == ["D3"])

        // The province as a whole carries every explanation, with all of its dossiers.
        let province = try #require(r.province)
        #expect(province.matchedBy == .province)
        #expect(province.explanation(.notSynced)?.dossierCodes.count == 2)
        #expect(province.explanation(.ministrySystem)?.dossierCodes == ["D2-260804-001234"])
        #expect(province.explanation(.overdueOneSide)?.dossierCodes == ["D4-260806-0003"])
        #expect(province.indicator(.dossierOnTime)?.chiso?.denominator == 17)
        #expect(province.portalTotal == 26.0)
        #expect(province.portalRank == 2)
    }

    @Test("ChiSo's side is judged at the snapshot's time of export, and ranks on both sides are within the level")
    func judgedAtTimeOfExport() throws {
        // Taken before the late dossier of D4 was processed: it is open and overdue at that instant.
        var early = Self.snapshot
        early.takenAt = t(2026, 8, 11, 12)
        let catalogue = try Catalogue(units: Self.units, procedures: [Procedure(code: "P1", name: "Thủ tục thử", unitKinds: [.department])])
        let r = Reconciliation(
            snapshot: early, catalogue: catalogue, dossiers: Self.dossiers, methodology: try Methodology(portalSpec()), calendar: calendar2026)
        #expect(r.isProvisional)
        let d4 = try #require(r.units.first { $0.unit?.code == "D4" })
        #expect(d4.figures?.processing.total == 3)
        #expect(d4.chisoOverdue == 1)
        // Dossiers received after the time of export are not counted.
        let d5 = try #require(r.units.first { $0.unit?.code == "D5" })
        #expect(d5.indicator(.dossierOnTime)?.chiso?.denominator == 2)
        var later = Self.snapshot
        later.takenAt = t(2026, 8, 6, 12)
        let r2 = Reconciliation(
            snapshot: later, catalogue: catalogue, dossiers: Self.dossiers, methodology: try Methodology(portalSpec()), calendar: calendar2026)
        #expect(r2.units.first { $0.unit?.code == "D5" }?.indicator(.dossierOnTime)?.chiso?.denominator == 0)
        #expect(r2.units.first { $0.unit?.code == "D5" }?.chisoClassification == "-")
    }

    @Test("The national standing ranks the provinces the answer lists, with the change since the previous snapshot")
    func standing() throws {
        let r = try Self.reconciled()
        let s = try #require(r.standing)
        #expect(s.provinceCount == 5)
        #expect(s.province.name == "Bình Phước")
        #expect(s.province.rank == 2)
        #expect(s.entries.map(\.rank) == [1, 2, 2, 4])
        #expect(s.previous?.rank == 4)
        #expect(s.rankChange == 2)
        #expect(s.pointChange == 3.75)
        #expect(s.top.count == 4)
        #expect(Reconciliation.isMinistrySystemCode("H15.50-260105-0001234"))
        #expect(!Reconciliation.isMinistrySystemCode("H15.50-260105-0001"))
    }

    @Test("A closed period reconciled later sees the dossiers resolved since: resolved without its electronic result, a dossier is not online (D7)")
    func resolvedSinceNeedsAnElectronicResult() throws {
        let units = [
            Unit(code: "P", name: "UBND tỉnh Bình Phước", kind: .province), Unit(code: "D1", name: "Sở Tư pháp", kind: .department, parentCode: "P"),
        ]
        let catalogue = try Catalogue(units: units, procedures: [Procedure(code: "P1", name: "Thủ tục thử", unitKinds: [.department])])
        let resolvedSince = Dossier(
            code: "D1-260828-0001", procedureCode: "P1", unitCode: "D1", channel: .online, receivedAt: t(2026, 8, 28, 9), dueAt: t(2026, 9, 10, 17),
            state: .processed, processedAt: t(2026, 9, 2, 10))
        let stillOpen = Dossier(
            code: "D1-260828-0002", procedureCode: "P1", unitCode: "D1", channel: .online, receivedAt: t(2026, 8, 28, 9), dueAt: t(2026, 9, 10, 17),
            state: .processing)
        let snapshot = NationalSnapshot(period: .month(2026, 8), takenAt: t(2026, 9, 5, 8), origin: .portalAPI, groupsPresent: [], units: [])
        let r = Reconciliation(
            snapshot: snapshot, catalogue: catalogue, dossiers: [resolvedSince, stillOpen], methodology: try Methodology(portalSpec()),
            calendar: calendar2026)
        let d1 = try #require(r.units.first { $0.unit?.code == "D1" })
        #expect(d1.indicator(.onlineDossier)?.chiso?.numerator == 1)
        #expect(d1.indicator(.onlineDossier)?.chiso?.denominator == 2)
        // On time is still judged at the end of the period: both are open within their deadline then.
        #expect(d1.indicator(.dossierOnTime)?.chiso?.numerator == 2)
        // Scored at the end of the period without the later view, both count as online.
        let plain = IndexAccumulator.aggregate(
            catalogue: catalogue, dossiers: [resolvedSince, stillOpen], period: .month(2026, 8), calendar: calendar2026)
        #expect(plain["D1"]?.counts[.onlineDossier] == Count(2, 2))
    }
}
