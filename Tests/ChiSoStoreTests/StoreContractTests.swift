import ChiSoCore
import ChiSoStore
import ChiSoTesting
import Foundation
import Testing

@testable import ChiSoStore

/// A backend under test: a name and a factory of empty stores.
struct Backend: CustomStringConvertible, Sendable {
    let description: String
    let make: @Sendable () async throws -> any Store

    static let sqliteMemory = Backend(description: "sqlite-memory") { try SQLiteStore.inMemory() }
    static let sqliteFile = Backend(description: "sqlite-file") {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chiso-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try SQLiteStore(path: dir.appendingPathComponent("test.sqlite").path)
    }
    /// A new database on the PostgreSQL server of `CHISO_TEST_POSTGRES`.
    static let postgres = Backend(description: "postgres") { try await PostgresTestServer.shared!.newStore() }
    /// SQLite, and PostgreSQL when `CHISO_TEST_POSTGRES` names a server.
    static let all: [Backend] = [.sqliteMemory, .sqliteFile] + (PostgresTestServer.shared == nil ? [] : [.postgres])
}

let t0 = Instant(local: LocalDate(year: 2026, month: 8, day: 3)!, hour: 8)

func day(_ n: Int, hour: Int = 8) -> Instant { t0.adding(seconds: Int64(n) * 86_400 + Int64(hour - 8) * 3600) }

func sourced<R: Sendable>(_ records: [R], file: String = "test.jsonl") -> [Sourced<R>] {
    records.enumerated().map { Sourced($1, origin: RecordOrigin(fileName: file, recordNumber: $0 + 1, line: $0 + 1)) }
}

@Suite("Store contract")
struct StoreContractTests {
    @Test(arguments: Backend.all)
    func reimportChangesNothing(_ backend: Backend) async throws {
        let store = try await backend.make()
        let dossiers = RandomDossiers.generated(300)
        let first = try await store.ingest(dossiers: IngestBatch(records: sourced(dossiers), at: t0))
        #expect(first.counts == IngestCounts(accepted: 300))
        let second = try await store.ingest(dossiers: IngestBatch(records: sourced(dossiers), at: day(1)))
        #expect(second.counts == IngestCounts(unchanged: 300))
        #expect(second.outcomes.allSatisfy { $0 == .unchanged })
        for d in dossiers.prefix(5) {
            #expect(try await store.events(dossierCode: d.code).count == 1)
        }
        let units = [
            ChiSoCore.Unit(code: "U0", name: "Sở Tư pháp", kind: .department),
            ChiSoCore.Unit(code: "U1", name: "UBND xã", kind: .commune, parentCode: "U0"),
        ]
        #expect(try await store.ingest(units: IngestBatch(records: sourced(units), at: t0)).counts == IngestCounts(accepted: 2))
        #expect(try await store.ingest(units: IngestBatch(records: sourced(units), at: t0)).counts == IngestCounts(unchanged: 2))
        let targets = [Target(indicator: .dossierOnlinePayment, scope: .kind(.commune), period: .year(2026), percent: 60, source: "1/QĐ")]
        #expect(try await store.ingest(targets: IngestBatch(records: sourced(targets), at: t0)).counts == IngestCounts(accepted: 1))
        #expect(try await store.ingest(targets: IngestBatch(records: sourced(targets), at: t0)).counts == IngestCounts(unchanged: 1))
        #expect(try await store.targets() == targets)
    }

    @Test(arguments: Backend.all)
    func newerVersionReplacesAndAppendsEvent(_ backend: Backend) async throws {
        let store = try await backend.make()
        let v1 = Dossier(code: "U1-260803-0001", procedureCode: "P1", unitCode: "U1", receivedAt: t0, dueAt: day(5), state: .processing)
        var v2 = v1
        v2.state = .returned
        v2.processedAt = day(3)
        v2.results = [ResultDocument(name: "Kết quả", hasFile: true)]
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced([v1]), at: t0))
        let update = try await store.ingest(dossiers: IngestBatch(records: sourced([v2], file: "later.jsonl"), at: day(3)))
        #expect(update.counts == IngestCounts(updated: 1))
        #expect(update.outcomes == [.updated(previous: v1)])
        #expect(try await store.dossier(code: v1.code) == v2)
        let events = try await store.events(dossierCode: v1.code)
        #expect(events.map(\.payload) == [.version(v1), .version(v2)])
        try #require(events.count == 2)
        #expect(events[1].origin == RecordOrigin(fileName: "later.jsonl", recordNumber: 1, line: 1))
        // The older file imported again does not roll the dossier back, and adds no event.
        let stale = try await store.ingest(dossiers: IngestBatch(records: sourced([v1]), at: day(4)))
        #expect(stale.counts == IngestCounts(superseded: 1))
        #expect(try await store.dossier(code: v1.code) == v2)
        #expect(try await store.events(dossierCode: v1.code).count == 2)
        // Two versions of one dossier in one batch: both kept, in order.
        var v3 = v2
        v3.returnedAt = day(4)
        var v4 = v3
        v4.vneidAuthenticated = true
        let both = try await store.ingest(dossiers: IngestBatch(records: sourced([v3, v4]), at: day(5)))
        #expect(both.outcomes == [.updated(previous: v2), .updated(previous: v3)])
        #expect(try await store.dossier(code: v1.code) == v4)
        // Steps are events too, idempotent.
        let step = ProcessingStep(dossierCode: v1.code, processedAt: day(1), handler: "Nguyễn Văn A", content: "Thẩm định", status: "4")
        #expect(
            try await store.ingest(steps: IngestBatch(records: sourced([step, step]), at: day(1))).counts == IngestCounts(accepted: 1, unchanged: 1))
        #expect(try await store.events(dossierCode: v1.code).last?.payload == .step(step))
        // Upserts return the previous value too.
        let unit = ChiSoCore.Unit(code: "U1", name: "UBND xã A", kind: .commune)
        var renamed = unit
        renamed.name = "UBND xã B"
        _ = try await store.ingest(units: IngestBatch(records: sourced([unit]), at: t0))
        #expect(try await store.ingest(units: IngestBatch(records: sourced([renamed]), at: t0)).outcomes == [.updated(previous: unit)])
        #expect(try await store.catalogue().units == [renamed])
    }

    @Test(arguments: Backend.all)
    func quarantineIsIdempotent(_ backend: Backend) async throws {
        let store = try await backend.make()
        let bad = [
            QuarantinedRecord(fileName: "a.jsonl", recordNumber: 3, line: 3, rawText: "{\"MaHoSo\": 1", reason: "bản ghi bị cắt cụt"),
            QuarantinedRecord(fileName: "a.jsonl", recordNumber: nil, line: nil, rawText: "x", reason: "không phải JSON"),
        ]
        let id = try await store.beginImport(file: "a.jsonl", kind: .dossiers, at: t0)
        let first = try await store.ingest(dossiers: IngestBatch(records: [], quarantine: bad, importID: id, at: t0))
        #expect(first.newlyQuarantined == 2)
        #expect(first.counts == IngestCounts(quarantined: 2))
        let second = try await store.ingest(dossiers: IngestBatch(records: [], quarantine: bad, at: day(1)))
        #expect(second.newlyQuarantined == 0)
        #expect(second.counts == IngestCounts(quarantined: 2))
        let stored = try await store.quarantined()
        #expect(stored.count == 2)
        #expect(stored.map(\.firstSeen) == [t0, t0])
        #expect(stored[0].recordNumber == 3 && stored[1].recordNumber == nil && stored[0].reason == "bản ghi bị cắt cụt")
        try await store.finishImport(id, status: .completed, at: day(1))
        let log = try await store.importLog()
        #expect(log.count == 1 && log[0].status == .completed && log[0].counts == IngestCounts(quarantined: 2) && log[0].finishedAt == day(1))
    }

    @Test(arguments: Backend.all)
    func failingBatchLeavesNothing(_ backend: Backend) async throws {
        let store = try await backend.make()
        let id = try await store.beginImport(file: "b.jsonl", kind: .dossiers, at: t0)
        let good = RandomDossiers.generated(10)
        let broken = Dossier(code: "", procedureCode: "P", unitCode: "U", receivedAt: t0)  // an empty key breaks a constraint
        let batch = IngestBatch(
            records: sourced(good + [broken]),
            quarantine: [QuarantinedRecord(fileName: "b.jsonl", recordNumber: 12, line: 12, rawText: "?", reason: "x")],
            importID: id, at: t0)
        await #expect(throws: StoreError.self) { try await store.ingest(dossiers: batch) }
        do {
            _ = try await store.ingest(dossiers: batch)
        } catch {
            #expect(error.isConstraintViolation)
        }
        let all = try await store.dossiers(receivedBefore: Instant(secondsSinceEpoch: .max), notEndedBefore: Instant(secondsSinceEpoch: .min))
        #expect(all.isEmpty)
        #expect(try await store.quarantined().isEmpty)
        #expect(try await store.events(dossierCode: good[0].code).isEmpty)
        #expect(try await store.importLog()[0].counts == IngestCounts())
        // The same batch without the broken record goes through.
        let fixed = try await store.ingest(dossiers: IngestBatch(records: sourced(good), importID: id, at: t0))
        #expect(fixed.counts.accepted == 10)
    }

    @Test(arguments: Backend.all)
    func periodQueryMatchesSwiftFilter(_ backend: Backend) async throws {
        let store = try await backend.make()
        let dossiers = RandomDossiers.generated(2_000, seed: 7)
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced(dossiers), at: t0))
        let never = Instant(secondsSinceEpoch: .max)
        for period in [
            Period.month(2026, 8), .month(2026, 7), .month(2026, 6), .quarter(2026, 3),
            .range(LocalDate(year: 2026, month: 8, day: 10)!, LocalDate(year: 2026, month: 8, day: 10)!)!,
        ] {
            let expected = dossiers.filter { d in
                d.receivedAt < period.endInstant && (Judge.end(of: d, asOf: never).map { $0 >= period.startInstant } ?? true)
            }
            let got = try await store.dossiers(receivedBefore: period.endInstant, notEndedBefore: period.startInstant)
            #expect(Set(got) == Set(expected), "\(period)")
            #expect(got.count == expected.count)
            #expect(!expected.isEmpty)
        }
        let asOf = day(2)
        let open = try await store.openDossiers(asOf: asOf)
        let expectedOpen = dossiers.filter { $0.receivedAt <= asOf && Judge.end(of: $0, asOf: asOf) == nil }
        #expect(open == expectedOpen)
    }

    @Test(arguments: Backend.all)
    func everyFieldRoundTrips(_ backend: Backend) async throws {
        let store = try await backend.make()
        let dossiers = RandomDossiers.generated(500, seed: 42)
        // The generator covers every optional field, list and enumeration case.
        #expect(
            dossiers.contains { !$0.supplements.isEmpty && !$0.fees.isEmpty && !$0.components.isEmpty && !$0.results.isEmpty && !$0.pauses.isEmpty })
        #expect(Set(dossiers.map(\.state)) == Set(Dossier.State.allCases))
        _ = try await store.ingest(dossiers: IngestBatch(records: sourced(dossiers), at: t0))
        for d in dossiers { #expect(try await store.dossier(code: d.code) == d) }
        let units = [
            ChiSoCore.Unit(code: "X", name: "Tỉnh X", kind: .province, validFrom: LocalDate(year: 2020, month: 1, day: 1)),
            ChiSoCore.Unit(
                code: "X.1", name: "Xã Một", kind: .commune, parentCode: "X", validFrom: nil, validTo: LocalDate(year: 2025, month: 6, day: 30),
                offersElectronicCertifiedCopy: true),
        ]
        let procedures = [
            Procedure(code: "1.0001", name: "Đăng ký khai sinh"),
            Procedure(
                code: "1.0002", name: "Cấp phép", fieldCode: "F", fieldName: "Xây dựng", onlineLevel: .full, resultDocumentRequired: false,
                feeBearing: true,
                statutoryTime: StatutoryTime(8, .hours), applicants: .businesses, unitCodes: ["X.1"], unitKinds: [.commune, .district],
                publication: Publication(
                    decisionDate: LocalDate(year: 2026, month: 1, day: 2), effectiveDate: LocalDate(year: 2026, month: 2, day: 1),
                    publicizedDate: LocalDate(year: 2026, month: 1, day: 5), contentComplete: false, byMinistry: true)),
        ]
        _ = try await store.ingest(units: IngestBatch(records: sourced(units), at: t0))
        _ = try await store.ingest(procedures: IngestBatch(records: sourced(procedures), at: t0))
        let catalogue = try await store.catalogue()
        #expect(catalogue.units == units)
        #expect(catalogue.procedures == procedures)
        let petitions = [
            Petition(code: "PA1", unitCode: "X.1", receivedAt: t0),
            Petition(code: "PA2", unitCode: "X", receivedAt: t0, resolvedAt: day(3), rating: .unsatisfied, repeated: true, dossierCode: "D1"),
        ]
        let ratings = [Rating(dossierCode: "D1", value: .verySatisfied), Rating(dossierCode: "D1", value: .normal, ratedAt: day(1))]
        _ = try await store.ingest(petitions: IngestBatch(records: sourced(petitions), at: t0))
        _ = try await store.ingest(ratings: IngestBatch(records: sourced(ratings), at: t0))
        #expect(try await store.petitions() == petitions)
        #expect(try await store.ratings() == ratings)
    }

    @Test func encodingIsVersionedAndStrict() throws {
        for d in RandomDossiers.generated(200, seed: 3) {
            let bytes = RecordCoding.encode(d)
            #expect(bytes[0] == RecordCoding.version)
            let back = try bytes.withUnsafeBytes { try RecordCoding.decodeDossier($0) }
            #expect(back == d)
            #expect(RecordCoding.encode(back) == bytes)
            // Truncated blobs are rejected, never misread.
            #expect(throws: CodingFailure.self) { try bytes.dropLast().withUnsafeBytes { try RecordCoding.decodeDossier($0) } }
        }
    }
}
