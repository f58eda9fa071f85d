import ChiSoCore
import ChiSoStore
import Testing

/// Snapshots of the national portal's figures: kept whole with their raw answers, a partial one never replacing
/// a complete one, re-imports idempotent.
@Suite("Store contract: national snapshots")
struct NationalSnapshotStoreTests {
    static let august = Period.month(2026, 8)
    static let afterAugust = Instant(local: LocalDate(year: 2026, month: 9, day: 2)!, hour: 15)

    func snapshot(groups: Set<NationalGroup>, takenAt: Instant = afterAugust, period: Period = august) -> NationalSnapshot {
        var province = NationalUnitFigures(portalID: "root-1", portalCode: "H44", name: "Tỉnh Mẫu", level: "PROVINCE", isProvince: true)
        var unit = NationalUnitFigures(portalID: "dept-7", portalCode: "H44.07", name: "Sở Tư pháp", level: "PROVINCE")
        for group in groups {
            province.groups[group] = NationalGroupFigures(points: group.maxPoints - 1, maxPoints: group.maxPoints, rate: 93.75)
            unit.groups[group] = NationalGroupFigures(
                points: nil, maxPoints: group.maxPoints, rate: nil,
                metrics: [NationalMetric(code: "PUBLISH_ON_TIME", indicator: .publishOnTime, numerator: 3, denominator: nil, rate: nil)],
                counts: ["totalReceived": 120, "totalOverdue": nil])
        }
        return NationalSnapshot(
            period: period, takenAt: takenAt, origin: .portalAPI, provinceID: "root-1", groupsPresent: groups, units: [province, unit],
            provinces: [
                NationalProvinceResult(portalID: "root-1", name: "Tỉnh Mẫu", total: 88.5, groupPoints: [.timeliness: 19.5, .satisfaction: nil])
            ])
    }

    func answers(_ groups: Set<NationalGroup>, tag: String = "") -> [NationalRawAnswer] {
        groups.sorted().map { group in
            NationalRawAnswer(
                endpoint: group.endpoint, source: "\(group.endpoint).json", page: 1,
                bytes: Array("{\"code\":\"OK\",\"data\":{\"tag\":\"\(tag)\u{0000}\(group.rawValue)\"}}".utf8) + [0xFF, 0x00])
        }
    }

    @Test(arguments: Backend.all)
    func savedSnapshotComesBackWithItsFiguresAndRawAnswersByteForByte(backend: Backend) async throws {
        let store = try await backend.make()
        let all = Set(NationalGroup.allCases)
        let figures = snapshot(groups: all)
        let raw = answers(all) + [NationalRawAnswer(endpoint: nil, source: "rong.json", bytes: [])]
        let saved = try await store.save(
            nationalSnapshot: figures, takenAtSource: .file, answers: raw, quarantine: [], at: Self.afterAugust.adding(seconds: 60))
        #expect(saved.isNew)
        #expect(saved.isCurrent)
        #expect(!saved.keptComplete)

        let stored = try #require(try await store.nationalSnapshot(id: saved.id))
        #expect(stored.snapshot == figures)
        #expect(stored.snapshot.units[1].groups[.timeliness]?.points == nil)
        #expect(stored.snapshot.units[1].groups[.timeliness]?.counts["totalOverdue"] == .some(nil))
        #expect(stored.snapshot.provinces[0].groupPoints[.satisfaction] == .some(nil))
        #expect(stored.info.period == Self.august)
        #expect(stored.info.takenAt == Self.afterAugust)
        #expect(stored.info.takenAtSource == .file)
        #expect(stored.info.origin == .portalAPI)
        #expect(stored.info.provinceID == "root-1")
        #expect(stored.info.groupsPresent == all)
        #expect(stored.info.isComplete)
        #expect(!stored.info.isProvisional)
        #expect(stored.info.unitCount == 2)
        #expect(stored.info.answerCount == 7)
        #expect(stored.info.importedAt == Self.afterAugust.adding(seconds: 60))
        #expect(try await store.nationalAnswers(snapshot: saved.id) == raw)
        #expect(try await store.nationalSnapshot(id: NationalSnapshotID(rawValue: saved.id.rawValue + 1)) == nil)
    }

    @Test(arguments: Backend.all)
    func aPartialSnapshotAfterACompleteOneDoesNotReplaceIt(backend: Backend) async throws {
        let store = try await backend.make()
        let all = Set(NationalGroup.allCases)
        let complete = try await store.save(
            nationalSnapshot: snapshot(groups: all), takenAtSource: .file, answers: answers(all), quarantine: [], at: Self.afterAugust)
        let later = Self.afterAugust.adding(seconds: 86_400)
        let partialGroups: Set<NationalGroup> = [.transparency, .timeliness]
        let partial = try await store.save(
            nationalSnapshot: snapshot(groups: partialGroups, takenAt: later), takenAtSource: .given, answers: answers(partialGroups, tag: "b"),
            quarantine: [], at: later)
        #expect(partial.isNew)
        #expect(!partial.isCurrent)
        #expect(partial.keptComplete)
        #expect(partial.current == complete.id)
        #expect(try await store.currentNationalSnapshot(period: Self.august)?.info.id == complete.id)

        // Both stay listed; only the complete one is current.
        let listed = try await store.nationalSnapshots(period: Self.august)
        #expect(listed.map(\.id) == [complete.id, partial.id])
        #expect(listed.map(\.isCurrent) == [true, false])
        #expect(listed.map(\.isComplete) == [true, false])
        #expect(try await store.nationalSnapshot(id: partial.id)?.info.isCurrent == false)

        // A later complete one replaces the first.
        let newer = try await store.save(
            nationalSnapshot: snapshot(groups: all, takenAt: later.adding(seconds: 60)), takenAtSource: .fetch, answers: answers(all, tag: "c"),
            quarantine: [], at: later)
        #expect(newer.isCurrent)
        #expect(try await store.currentNationalSnapshot(period: Self.august)?.info.id == newer.id)
    }

    @Test(arguments: Backend.all)
    func withoutACompleteSnapshotTheLatestPartialOneIsCurrent(backend: Backend) async throws {
        let store = try await backend.make()
        #expect(try await store.currentNationalSnapshot(period: Self.august) == nil)
        let first = try await store.save(
            nationalSnapshot: snapshot(groups: [.transparency]), takenAtSource: .file, answers: answers([.transparency]), quarantine: [],
            at: Self.afterAugust)
        #expect(first.isCurrent)
        #expect(!first.keptComplete)
        let second = try await store.save(
            nationalSnapshot: snapshot(groups: [.satisfaction], takenAt: Self.afterAugust.adding(seconds: 3600)), takenAtSource: .file,
            answers: answers([.satisfaction]), quarantine: [], at: Self.afterAugust)
        #expect(second.isCurrent)
        #expect(!second.keptComplete)
        // An older partial one imported afterwards does not become current.
        let older = try await store.save(
            nationalSnapshot: snapshot(groups: [.timeliness], takenAt: Self.afterAugust.adding(seconds: -3600)), takenAtSource: .file,
            answers: answers([.timeliness]), quarantine: [], at: Self.afterAugust)
        #expect(!older.isCurrent)
        #expect(!older.keptComplete)
        #expect(try await store.currentNationalSnapshot(period: Self.august)?.info.id == second.id)
        #expect(try await store.nationalSnapshots(period: Self.august).map(\.id) == [older.id, first.id, second.id])
    }

    @Test(arguments: Backend.all)
    func reImportingTheSameAnswersIsIdempotent(backend: Backend) async throws {
        let store = try await backend.make()
        let all = Set(NationalGroup.allCases)
        let raw = answers(all)
        let bad = QuarantinedRecord(fileName: "a.json", recordNumber: 2, line: 1, rawText: "{\"code\":\"ERR\"}", reason: "không đọc được")
        let first = try await store.save(
            nationalSnapshot: snapshot(groups: all), takenAtSource: .importTime, answers: raw, quarantine: [bad], at: Self.afterAugust)
        // The same answers in another order, imported later (another time of import stands for the export).
        let again = try await store.save(
            nationalSnapshot: snapshot(groups: all, takenAt: Self.afterAugust.adding(seconds: 600)), takenAtSource: .importTime,
            answers: raw.reversed(), quarantine: [bad], at: Self.afterAugust.adding(seconds: 600))
        #expect(!again.isNew)
        #expect(again.id == first.id)
        #expect(again.isCurrent)
        #expect(try await store.nationalSnapshots(period: nil).count == 1)
        #expect(try await store.quarantined().count == 1)

        // The same answers for another period are another snapshot.
        let july = try await store.save(
            nationalSnapshot: snapshot(groups: all, period: .month(2026, 7)), takenAtSource: .importTime, answers: raw, quarantine: [],
            at: Self.afterAugust)
        #expect(july.isNew)
        // One answer different: a new snapshot.
        var changed = raw
        changed[0].bytes.append(0x20)
        let other = try await store.save(
            nationalSnapshot: snapshot(groups: all), takenAtSource: .importTime, answers: changed, quarantine: [], at: Self.afterAugust)
        #expect(other.isNew)
        let listed = try await store.nationalSnapshots(period: nil)
        #expect(listed.map(\.period) == [.month(2026, 7), Self.august, Self.august])
    }

    @Test(arguments: Backend.all)
    func figuresOfAnOpenPeriodAreProvisional(backend: Backend) async throws {
        let store = try await backend.make()
        let during = Instant(local: LocalDate(year: 2026, month: 8, day: 20)!, hour: 9)
        let saved = try await store.save(
            nationalSnapshot: snapshot(groups: Set(NationalGroup.allCases), takenAt: during), takenAtSource: .fetch,
            answers: answers([.transparency]), quarantine: [], at: during)
        let info = try #require(try await store.nationalSnapshot(id: saved.id)?.info)
        #expect(info.isProvisional)
        #expect(info.takenAtSource == .fetch)
    }
}
