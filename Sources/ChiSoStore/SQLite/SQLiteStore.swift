public import ChiSoCore
import Foundation
import GRDB

/// The embedded store: one SQLite file (a GRDB `DatabasePool`, WAL mode), or an in-memory database for tests.
///
/// Create one per database for the whole process. Migrations run when it is opened.
public struct SQLiteStore: Store {
    /// `DatabasePool` and `DatabaseQueue` are `Sendable`; all access goes through them.
    let writer: any DatabaseWriter
    /// The file, or `:memory:`.
    public let path: String

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    ///
    /// - Throws: ``StoreError`` when the file cannot be opened or migrated.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        // Another process may be writing (`chiso import` or `chiso user link` beside a running server, a server judging
        // facts): wait for its transaction instead of failing at once with "database is locked".
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync: a crash of the process never loses a committed transaction or leaves a
            // half-written one; a power loss may lose the last commits but never corrupts the file.
            // The page cache holds the random-order indexes' pages a batch touches (the `code` index of a
            // million dossiers is about 40 MB); checkpoints every 16 MB of WAL instead of 4 MB, so a page rewritten
            // by consecutive batches is copied back to the database file less often; the WAL file is truncated
            // back to 64 MB after a checkpoint.
            try db.execute(
                sql: """
                    PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -131072;
                    PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 4096; PRAGMA journal_size_limit = 67108864
                    """)
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, underlying: "\(error)")
        }
        try self.init(writer: pool, path: path)
    }

    /// An in-memory database (for tests): private to this value, gone when released.
    public static func inMemory() throws(StoreError) -> SQLiteStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw .cannotOpen(path: ":memory:", underlying: "\(error)")
        }
        return try SQLiteStore(writer: queue, path: ":memory:")
    }

    private init(writer: any DatabaseWriter, path: String) throws(StoreError) {
        self.writer = writer
        self.path = path
        do {
            try Schema.migrator.migrate(writer)
        } catch {
            throw .migrationFailed(underlying: "\(error)")
        }
    }

    // MARK: Access helpers

    /// Runs a write transaction, wrapping every failure in ``StoreError``.
    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw SQLiteStore.wrap(error)
        }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw SQLiteStore.wrap(error)
        }
    }

    /// A blocking read, for callers that are not async (the command line's scoring path).
    func readBlocking<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw SQLiteStore.wrap(error)
        }
    }

    static func wrap(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? DatabaseError {
            if e.resultCode == .SQLITE_CONSTRAINT { return .constraintViolated(underlying: e.message ?? "\(e)") }
            return .queryFailed(underlying: e.message ?? "\(e)")
        }
        return .queryFailed(underlying: "\(error)")
    }

    // MARK: Import log

    public func beginImport(file: String, kind: RecordKind, at: Instant, owner: String?) async throws(StoreError) -> ImportID {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO import_log (file, kind, started_at, status, owner) VALUES (?, ?, ?, 'running', ?)",
                arguments: [file, kind.rawValue, at.secondsSinceEpoch, owner])
            return ImportID(rawValue: db.lastInsertedRowID)
        }
    }

    public func finishImport(_ id: ImportID, status: ImportStatus, at: Instant) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE import_log SET status = ?, finished_at = ? WHERE id = ?",
                arguments: [status.rawValue, at.secondsSinceEpoch, id.rawValue])
        }
    }

    public func interruptAbandonedImports(at: Instant, isAlive: @Sendable (String) -> Bool) async throws(StoreError) -> Int {
        let running = try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, owner FROM import_log WHERE status = 'running'").map { row -> (Int64, String?) in
                (row["id"], row["owner"])
            }
        }
        let abandoned = running.filter { _, owner in owner.map { !isAlive($0) } ?? true }.map(\.0)
        guard !abandoned.isEmpty else { return 0 }
        return try await write { db in
            var count = 0
            for id in abandoned {
                // Still running: another process may have finished it meanwhile.
                try db.execute(
                    sql: "UPDATE import_log SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'",
                    arguments: [at.secondsSinceEpoch, id])
                count += db.changesCount
            }
            return count
        }
    }

    public func importLog() async throws(StoreError) -> [ImportLogEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import_log ORDER BY id").map { row -> ImportLogEntry in
                let finished: Int64? = row["finished_at"]
                return ImportLogEntry(
                    id: ImportID(rawValue: row["id"]), file: row["file"], kind: RecordKind(rawValue: row["kind"]) ?? .dossiers,
                    startedAt: Instant(secondsSinceEpoch: row["started_at"]), finishedAt: finished.map(Instant.init(secondsSinceEpoch:)),
                    counts: IngestCounts(
                        accepted: row["accepted"], updated: row["updated"], unchanged: row["unchanged"], quarantined: row["quarantined"],
                        superseded: row["superseded"], refused: row["refused"]),
                    status: ImportStatus(rawValue: row["status"]) ?? .failed, owner: row["owner"])
            }
        }
    }
}

// MARK: - Ingestion

extension SQLiteStore {
    public func ingest(dossiers batch: IngestBatch<Dossier>) async throws(StoreError) -> IngestResult<Dossier> {
        try await ingest(prepared: try await prepare(dossiers: batch))
    }

    /// Encodes the batch's dossiers and judges the facts of those that do not repeat their stored version, on the caller's
    /// task and on several threads, with the facts context read from the database: the writer then only runs SQLite.
    public func prepare(dossiers batch: IngestBatch<Dossier>) async throws(StoreError) -> PreparedDossiers {
        let records = batch.records
        var prepared = FactsContext.inParallel(records.count) { Ingestion.PreparedDossier(records[$0].record) }
        let encoded = prepared
        let (context, repeats) = try await read { db -> (FactsContext?, [Bool]) in
            guard let context = try FactsContext.load(db) else { return (nil, []) }
            return (context, try Ingestion.repeatsStoredVersion(db, records, encoded))
        }
        if let context {
            let facts = FactsContext.inParallel(records.count) { i in repeats[i] ? nil : context.facts(records[i].record) }
            for i in prepared.indices where !repeats[i] { prepared[i].judgement = .judged(facts[i]) }
        }
        return PreparedDossiers(batch: batch, sqlite: SQLitePreparation(dossiers: prepared, context: context))
    }

    public func ingest(prepared: PreparedDossiers) async throws(StoreError) -> IngestResult<Dossier> {
        let batch = prepared.batch
        let work = prepared.sqlite ?? SQLitePreparation(dossiers: batch.records.map { Ingestion.PreparedDossier($0.record) }, context: nil)
        return try await write { db in try Ingestion.dossiers(db, batch, work.dossiers, judgedWith: work.context) }
    }

    public func ingest(steps batch: IngestBatch<ProcessingStep>) async throws(StoreError) -> IngestResult<ProcessingStep> {
        try await write { db in try Ingestion.steps(db, batch) }
    }

    public func ingest(units batch: IngestBatch<ChiSoCore.Unit>) async throws(StoreError) -> IngestResult<ChiSoCore.Unit> {
        try await write { db in try Ingestion.units(db, batch) }
    }

    public func ingest(procedures batch: IngestBatch<Procedure>) async throws(StoreError) -> IngestResult<Procedure> {
        try await write { db in
            let before = try FactsContext.load(db)
            let result = try Ingestion.upsert(
                db, batch, table: "procedures", keyColumns: ["code"], key: { [$0.code] }, encode: RecordCoding.encode,
                decode: RecordCoding.decodeProcedure)
            // A changed statutory time changes the verdicts of the procedure's dossiers without a deadline (rule 7).
            if let before, let after = try FactsContext.load(db) {
                let changed = Set(after.statutoryTimes.keys).union(before.statutoryTimes.keys).filter {
                    before.statutoryTimes[$0] != after.statutoryTimes[$0]
                }
                try FactsWriter.rejudge(db, procedures: changed, context: after)
            }
            return result
        }
    }

    public func ingest(petitions batch: IngestBatch<Petition>) async throws(StoreError) -> IngestResult<Petition> {
        try await write { db in
            let result = try Ingestion.upsert(
                db, batch, table: "petitions", keyColumns: ["code"], key: { [$0.code] }, encode: RecordCoding.encode,
                decode: RecordCoding.decodePetition)
            if let context = try FactsContext.load(db) {
                let find = try db.cachedStatement(sql: "SELECT id FROM petitions WHERE code = ?")
                for (item, outcome) in zip(batch.records, result.outcomes) where outcome.changedStoredRecord {
                    guard let id = try Int64.fetchOne(find, arguments: [item.record.code]) else { continue }
                    try FactsWriter.write(db, petitionID: id, facts: context.facts(item.record))
                }
            }
            return result
        }
    }

    public func ingest(ratings batch: IngestBatch<Rating>) async throws(StoreError) -> IngestResult<Rating> {
        try await write { db in
            let key: (Rating) -> [any DatabaseValueConvertible] = { [$0.dossierCode, $0.ratedAt?.secondsSinceEpoch ?? Int64.min] }
            let result = try Ingestion.upsert(
                db, batch, table: "ratings", keyColumns: ["dossier_code", "rated_key"], key: key, encode: RecordCoding.encode,
                decode: RecordCoding.decodeRating)
            if let context = try FactsContext.load(db) {
                let find = try db.cachedStatement(sql: "SELECT id FROM ratings WHERE dossier_code = ? AND rated_key = ?")
                for (item, outcome) in zip(batch.records, result.outcomes) where outcome.changedStoredRecord {
                    guard let id = try Int64.fetchOne(find, arguments: StatementArguments(key(item.record))) else { continue }
                    try FactsWriter.write(db, ratingID: id, facts: try FactsWriter.ratingFacts(db, item.record, context: context))
                }
            }
            return result
        }
    }

    public func ingest(targets batch: IngestBatch<Target>) async throws(StoreError) -> IngestResult<Target> {
        try await write { db in
            try Ingestion.upsert(
                db, batch, table: "targets", keyColumns: ["key"],
                key: { [$0.indicator.rawValue + "|" + RecordCoding.scopeText($0.scope) + "|" + $0.period.description] },
                encode: RecordCoding.encode, decode: RecordCoding.decodeTarget)
        }
    }
}

/// The work ``SQLiteStore/prepare(dossiers:)`` does ahead of the transaction.
struct SQLitePreparation: Sendable {
    /// The batch's dossiers, encoded, in the batch's order.
    let dossiers: [Ingestion.PreparedDossier]
    /// The facts context the dossiers were judged with; nil when none was recorded (nothing judged).
    let context: FactsContext?
}

/// The ingestion transactions' bodies (each runs inside one write transaction).
enum Ingestion {
    /// The end of processing as Core defines it, whatever `asOf`.
    static func endInstant(_ d: Dossier) -> Instant? {
        Judge.end(of: d, asOf: Instant(secondsSinceEpoch: Int64.max))
    }

    /// A dossier encoded outside the write transaction, so that the writer only runs SQLite; and its facts, when judged
    /// ahead.
    struct PreparedDossier: Sendable {
        let data: Data
        let digest: Int64
        let end: Int64?
        /// The facts judged ahead, with the context of ``SQLitePreparation/context``; not judged when the dossier repeated
        /// its stored version at the time (unchanged, most likely).
        var judgement = Judgement.notJudged

        enum Judgement: Sendable {
            case notJudged
            /// The facts; nil for a dossier that was not received, which has none.
            case judged(DossierFacts?)
        }

        init(_ d: Dossier) {
            let blob = RecordCoding.encode(d)
            data = Data(blob)
            digest = Digest.fnv1a(blob)
            end = Ingestion.endInstant(d)?.secondsSinceEpoch
        }
    }

    /// For each record, whether the stored current version of its dossier has the same bytes (a repeat: unchanged,
    /// unless another version is stored before the batch is written).
    static func repeatsStoredVersion(_ db: Database, _ records: [Sourced<Dossier>], _ prepared: [PreparedDossier]) throws -> [Bool] {
        let find = try RawStatement(db, sql: "SELECT data FROM dossiers WHERE code = ?")
        var repeats = [Bool](repeating: false, count: records.count)
        for (i, item) in records.enumerated() {
            find.bind(1, item.record.code)
            if try find.step() { repeats[i] = find.blob(column: 0, equals: prepared[i].data) }
            find.reset()
        }
        return repeats
    }

    /// The versions stored (new or replacing the current one) get their judged facts with the recorded basis (none while
    /// no basis is recorded): the facts judged ahead when `judgedWith` is the context recorded now, the others judged
    /// here, on several threads, at the end of the batch.
    static func dossiers(
        _ db: Database, _ batch: IngestBatch<Dossier>, _ prepared: [PreparedDossier], judgedWith: FactsContext? = nil
    ) throws -> IngestResult<Dossier> {
        precondition(prepared.count == batch.records.count)
        let context = try FactsContext.load(db)
        let ahead = context != nil && context == judgedWith
        /// The stored versions to judge: row id, index in the batch, and whether facts exist to replace.
        var judged: [(id: Int64, index: Int, replacing: Bool)] = []
        let find = try RawStatement(db, sql: "SELECT id, data, source FROM dossiers WHERE code = ?")
        let insert = try RawStatement(
            db,
            sql: """
                INSERT INTO dossiers (code, unit_code, procedure_code, received_at, due_at, state, ended_at, data, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let event = try RawStatement(
            db,
            sql: """
                INSERT INTO dossier_events (dossier_code, dossier_id, kind, occurred_at, digest, data, source_file, record_number, line, recorded_at)
                VALUES (?, ?, 'version', NULL, ?, ?, ?, ?, ?, ?)
                """)
        let update = try db.cachedStatement(
            sql: """
                UPDATE dossiers SET unit_code = ?, procedure_code = ?, received_at = ?, due_at = ?, state = ?, ended_at = ?, data = ?
                WHERE id = ?
                """)
        let claim = try db.cachedStatement(sql: "UPDATE dossiers SET source = ? WHERE id = ? AND source IS NULL")
        let seen = try db.cachedStatement(
            sql: "SELECT data FROM dossier_events WHERE dossier_id = ? AND kind = 'version' AND digest = ?")
        let units = try Set(String.fetchAll(db, sql: "SELECT code FROM units"))
        var outcomes: [IngestOutcome<Dossier>] = []
        outcomes.reserveCapacity(batch.records.count)
        var warnings: [Int: [RecordWarning]] = [:]
        var counts = IngestCounts()
        let recordedAt = batch.at.secondsSinceEpoch
        for (index, (item, p)) in zip(batch.records, prepared).enumerated() {
            let d = item.record
            // The stored row, read in place: its id, owner, and its bytes only when they differ (an update, rare).
            var existing: (id: Int64, same: Bool, data: Data?, owner: String?)?
            find.bind(1, d.code)
            if try find.step() {
                let same = find.blob(column: 1, equals: p.data)
                existing = (find.int64(column: 0), same, same ? nil : find.blob(column: 1), find.text(column: 2))
            }
            find.reset()
            let dossierID: Int64
            if let existing {
                if let owner = existing.owner, let source = batch.source, owner != source {
                    outcomes.append(.refused(reason: refusal(code: d.code, owner: owner, source: source)))
                    counts.refused += 1
                    continue
                }
                if let source = batch.source, existing.owner == nil { try claim.execute(arguments: [source, existing.id]) }
                if existing.same {
                    outcomes.append(.unchanged)
                    counts.unchanged += 1
                    continue
                }
                let previous = try (existing.data ?? Data()).withUnsafeBytes { raw in
                    do { return try RecordCoding.decodeDossier(raw) } catch { throw StoreError.corruptRecord(table: "dossiers") }
                }
                if !DossierVersionOrder.replaces(d, current: previous) {
                    // An older version arriving late: kept in the history once; the newer current state stays.
                    var known = false
                    let candidates = try Row.fetchCursor(seen, arguments: [existing.id, p.digest])
                    while !known, let candidate = try candidates.next() { known = try candidate.withUnsafeData(atIndex: 0) { $0 == p.data } }
                    outcomes.append(.superseded)
                    counts.superseded += 1
                    if known { continue }
                } else {
                    try update.execute(arguments: [
                        d.unitCode, d.procedureCode, d.receivedAt.secondsSinceEpoch, d.dueAt?.secondsSinceEpoch, d.state.rawValue, p.end, p.data,
                        existing.id,
                    ])
                    judged.append((existing.id, index, true))
                    outcomes.append(.updated(previous: previous))
                    counts.updated += 1
                }
                dossierID = existing.id
            } else {
                insert.bind(1, d.code)
                insert.bind(2, d.unitCode)
                insert.bind(3, d.procedureCode)
                insert.bind(4, d.receivedAt.secondsSinceEpoch)
                insert.bind(5, d.dueAt?.secondsSinceEpoch)
                insert.bind(6, d.state.rawValue)
                insert.bind(7, p.end)
                insert.bind(8, p.data)
                insert.bind(9, batch.source)
                _ = try insert.step()
                insert.reset()
                dossierID = db.lastInsertedRowID
                judged.append((dossierID, index, false))
                outcomes.append(.accepted)
                counts.accepted += 1
            }
            var found: [RecordWarning] = []
            if !units.contains(d.unitCode) { found.append(.unknownUnit(d.unitCode)) }
            if let due = d.dueAt, due < d.receivedAt { found.append(.deadlineBeforeReception) }
            if !found.isEmpty { warnings[index] = found }
            event.bind(1, d.code)
            event.bind(2, dossierID)
            event.bind(3, p.digest)
            event.bind(4, p.data)
            event.bind(5, item.origin.fileName)
            event.bind(6, item.origin.recordNumber)
            event.bind(7, item.origin.line)
            event.bind(8, recordedAt)
            _ = try event.step()
            event.reset()
        }
        if let context {
            // The facts judged ahead, and the others judged now.
            let late = judged.indices.filter { k in
                guard ahead, case .judged = prepared[judged[k].index].judgement else { return true }
                return false
            }
            let lateFacts = context.judge(late.map { batch.records[judged[$0].index].record })
            var facts = judged.map { j -> DossierFacts? in
                if case .judged(let f) = prepared[j.index].judgement { return f }
                return nil
            }
            for (k, f) in zip(late, lateFacts) { facts[k] = f }
            let rows = try FactsWriter.DossierRows(db)
            for (j, f) in zip(judged, facts) { try rows.write(dossierID: j.id, facts: f, replacing: j.replacing) }
        }
        var result = try finish(db, batch, outcomes: outcomes, counts: counts)
        result.warnings = warnings
        return result
    }

    /// Units, keeping the hierarchy valid at every step (``UnitPlacement``).
    static func units(_ db: Database, _ batch: IngestBatch<ChiSoCore.Unit>) throws -> IngestResult<ChiSoCore.Unit> {
        var parents: [String: String?] = [:]
        for unit in try Queries.decodeAll(db, sql: "SELECT data FROM units", table: "units", decode: RecordCoding.decodeUnit) {
            parents.updateValue(unit.parentCode.flatMap { $0.isEmpty ? nil : $0 }, forKey: unit.code)
        }
        var placement = UnitPlacement.place(batch.records, storedParents: parents)
        // The units that keep the tree valid are written in the order they were placed.
        let upserted = try upsertRows(
            db, placement.stored.map { batch.records[$0] }, table: "units", keyColumns: ["code"], key: { [$0.code] },
            encode: RecordCoding.encode, decode: RecordCoding.decodeUnit)
        for (i, outcome) in zip(placement.stored, upserted.outcomes) { placement.outcomes[i] = outcome }
        return try finish(
            db, batch, outcomes: placement.outcomes.map { $0 ?? .unchanged }, counts: placement.counts + upserted.counts,
            rejected: placement.rejected)
    }

    /// Why a source may not change a dossier another source owns.
    static func refusal(code: String, owner: String, source: String) -> String {
        "hồ sơ \(code) do nguồn \(owner) gửi trước; nguồn \(source) không được thay đổi hồ sơ này "
            + "(quản trị viên có thể chuyển quyền: chiso dossier transfer)"
    }

    /// A record's place for messages: file, record and line.
    static func label<R>(_ item: Sourced<R>) -> String {
        var text = item.origin.fileName
        switch (item.origin.recordNumber, item.origin.line) {
        case (let record?, let line?): text += ", bản ghi \(record) (dòng \(line))"
        case (let record?, nil): text += ", bản ghi \(record)"
        case (nil, let line?): text += ", dòng \(line)"
        case (nil, nil): break
        }
        return text
    }

    static func steps(_ db: Database, _ batch: IngestBatch<ProcessingStep>) throws -> IngestResult<ProcessingStep> {
        let seen = try db.cachedStatement(
            sql: "SELECT data FROM dossier_events WHERE dossier_code = ? AND kind = 'step' AND digest = ?")
        let owner = try db.cachedStatement(sql: "SELECT source FROM dossiers WHERE code = ?")
        var outcomes: [IngestOutcome<ProcessingStep>] = []
        var counts = IngestCounts()
        for item in batch.records {
            // Steps of a dossier another source owns are refused like its versions.
            if let source = batch.source, let other = try String.fetchOne(owner, arguments: [item.record.dossierCode]), other != source {
                outcomes.append(.refused(reason: refusal(code: item.record.dossierCode, owner: other, source: source)))
                counts.refused += 1
                continue
            }
            let blob = RecordCoding.encode(item.record)
            let data = Data(blob)
            let digest = Digest.fnv1a(blob)
            var known = false
            let candidates = try Data.fetchCursor(seen, arguments: [item.record.dossierCode, digest])
            while !known, let candidate = try candidates.next() { known = candidate == data }
            if known {
                outcomes.append(.unchanged)
                counts.unchanged += 1
            } else {
                try appendEvent(
                    db, code: item.record.dossierCode, dossierID: nil, kind: "step", occurredAt: item.record.processedAt.secondsSinceEpoch,
                    digest: digest, data: data, origin: item.origin, at: batch.at)
                outcomes.append(.accepted)
                counts.accepted += 1
            }
        }
        return try finish(db, batch, outcomes: outcomes, counts: counts)
    }

    static func appendEvent(
        _ db: Database, code: String, dossierID: Int64?, kind: String, occurredAt: Int64?, digest: Int64, data: Data, origin: RecordOrigin,
        at: Instant
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO dossier_events (dossier_code, dossier_id, kind, occurred_at, digest, data, source_file, record_number, line, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            code, dossierID, kind, occurredAt, digest, data, origin.fileName, origin.recordNumber, origin.line, at.secondsSinceEpoch,
        ])
    }

    /// Insert-or-update by key for the tables without history.
    static func upsert<R: Sendable>(
        _ db: Database, _ batch: IngestBatch<R>, table: String, keyColumns: [String], key: (R) -> [any DatabaseValueConvertible],
        encode: (R) -> [UInt8], decode: (UnsafeRawBufferPointer) throws(CodingFailure) -> R
    ) throws -> IngestResult<R> {
        let (outcomes, counts) = try upsertRows(
            db, batch.records, table: table, keyColumns: keyColumns, key: key, encode: encode, decode: decode)
        return try finish(db, batch, outcomes: outcomes, counts: counts)
    }

    /// The rows of ``upsert(_:_:table:keyColumns:key:encode:decode:)``, without the batch's quarantine and import log.
    static func upsertRows<R: Sendable>(
        _ db: Database, _ records: [Sourced<R>], table: String, keyColumns: [String], key: (R) -> [any DatabaseValueConvertible],
        encode: (R) -> [UInt8], decode: (UnsafeRawBufferPointer) throws(CodingFailure) -> R
    ) throws -> (outcomes: [IngestOutcome<R>], counts: IngestCounts) {
        let condition = keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
        let find = try db.cachedStatement(sql: "SELECT id, data FROM \(table) WHERE \(condition)")
        let insert = try db.cachedStatement(
            sql:
                "INSERT INTO \(table) (\(keyColumns.joined(separator: ", ")), data) VALUES (\(keyColumns.map { _ in "?" }.joined(separator: ", ")), ?)"
        )
        let update = try db.cachedStatement(sql: "UPDATE \(table) SET data = ? WHERE id = ?")
        var outcomes: [IngestOutcome<R>] = []
        var counts = IngestCounts()
        for item in records {
            let data = Data(encode(item.record))
            let keyValues = key(item.record)
            if let row = try Row.fetchOne(find, arguments: StatementArguments(keyValues)) {
                let stored: Data = row[1]
                if stored == data {
                    outcomes.append(.unchanged)
                    counts.unchanged += 1
                    continue
                }
                let previous = try stored.withUnsafeBytes { raw in
                    do { return try decode(raw) } catch { throw StoreError.corruptRecord(table: table) }
                }
                let id: Int64 = row[0]
                try update.execute(arguments: [data, id])
                outcomes.append(.updated(previous: previous))
                counts.updated += 1
            } else {
                try insert.execute(arguments: StatementArguments(keyValues + [data]))
                outcomes.append(.accepted)
                counts.accepted += 1
            }
        }
        return (outcomes, counts)
    }

    /// Keeps records in quarantine, once each per input (`inputKey`, a file's full path; the record's file name
    /// when nil); returns how many were new.
    static func quarantine(_ db: Database, _ records: [QuarantinedRecord], inputKey: String?, at: Instant) throws -> Int {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO quarantine (source_key, source_file, record_key, line, raw_text, reason, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
        var added = 0
        for q in records {
            try insert.execute(arguments: [
                inputKey ?? q.fileName, q.fileName, q.recordNumber ?? -1, q.line, q.rawText, q.reason, at.secondsSinceEpoch,
            ])
            added += db.changesCount
        }
        return added
    }

    /// Quarantines the batch's bad records (and `rejected`, the records the store quarantined, already counted), adds
    /// the batch's counts to its import and writes its audit line, in the same transaction.
    static func finish<R>(
        _ db: Database, _ batch: IngestBatch<R>, outcomes: [IngestOutcome<R>], counts: IngestCounts, rejected: [QuarantinedRecord] = []
    ) throws -> IngestResult<R> {
        var counts = counts
        var newlyQuarantined = 0
        let all = batch.quarantine + rejected
        if !all.isEmpty {
            newlyQuarantined = try quarantine(db, all, inputKey: batch.inputKey, at: batch.at)
            counts.quarantined += batch.quarantine.count
        }
        if let id = batch.importID {
            try db.execute(
                sql: """
                    UPDATE import_log SET accepted = accepted + ?, updated = updated + ?, unchanged = unchanged + ?,
                    quarantined = quarantined + ?, superseded = superseded + ?, refused = refused + ? WHERE id = ?
                    """,
                arguments: [counts.accepted, counts.updated, counts.unchanged, counts.quarantined, counts.superseded, counts.refused, id.rawValue])
        }
        if let audit = batch.audit, counts.total > counts.unchanged {
            var detail = "nhận \(counts.total): \(counts.vietnamese)"
            if let input = audit.input { detail += " (\(input))" }
            try SQLiteStore.appendAudit(db, AuditEntry(at: batch.at, actor: audit.actor, action: audit.action, detail: detail))
        }
        return IngestResult(outcomes: outcomes, counts: counts, newlyQuarantined: newlyQuarantined)
    }
}

/// FNV-1a, 64 bits: narrows the candidates when looking for a known version (the bytes are then compared).
enum Digest {
    static func fnv1a(_ bytes: [UInt8]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            hash ^= UInt64(b)
            hash &*= 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
