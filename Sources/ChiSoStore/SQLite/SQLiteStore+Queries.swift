public import ChiSoCore
import Foundation
import GRDB
import Synchronization

extension SQLiteStore {
    public func catalogue() async throws(StoreError) -> StoredCatalogue {
        try await read { db in try Queries.catalogue(db) }
    }

    public func dossiers(receivedBefore: Instant, notEndedBefore: Instant) async throws(StoreError) -> [Dossier] {
        try await read { db in try Queries.dossiers(db, receivedBefore: receivedBefore, notEndedBefore: notEndedBefore) }
    }

    public func openDossiers(asOf: Instant) async throws(StoreError) -> [Dossier] {
        try await read { db in
            // Received at or before `asOf`, not ended at or before it: times are whole seconds.
            let next = Instant(secondsSinceEpoch: asOf.secondsSinceEpoch == .max ? .max : asOf.secondsSinceEpoch + 1)
            return try Queries.dossiers(db, receivedBefore: next, notEndedBefore: next, orderedByID: true)
        }
    }

    public func dossier(code: String) async throws(StoreError) -> Dossier? {
        try await read { db in
            try Queries.decodeAll(
                db, sql: "SELECT data FROM dossiers WHERE code = ?", arguments: [code], table: "dossiers", decode: RecordCoding.decodeDossier
            ).first
        }
    }

    public func events(dossierCode: String) async throws(StoreError) -> [DossierEvent] {
        try await read { db in
            // Versions through their dossier's row, steps by code: each kind through its own partial index.
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM dossier_events WHERE kind = 'version' AND dossier_id = (SELECT id FROM dossiers WHERE code = ?)
                    UNION ALL
                    SELECT * FROM dossier_events WHERE kind = 'step' AND dossier_code = ?
                    ORDER BY seq
                    """, arguments: [dossierCode, dossierCode]
            ).map { row in
                let data: Data = row["data"]
                let kind: String = row["kind"]
                let payload = try data.withUnsafeBytes { raw throws(StoreError) -> DossierEvent.Payload in
                    do {
                        return kind == "step" ? .step(try RecordCoding.decodeStep(raw)) : .version(try RecordCoding.decodeDossier(raw))
                    } catch {
                        throw .corruptRecord(table: "dossier_events")
                    }
                }
                return DossierEvent(
                    sequence: row["seq"], dossierCode: row["dossier_code"], payload: payload,
                    origin: RecordOrigin(fileName: row["source_file"], recordNumber: row["record_number"], line: row["line"]),
                    recordedAt: Instant(secondsSinceEpoch: row["recorded_at"]))
            }
        }
    }

    public func petitions() async throws(StoreError) -> [Petition] {
        try await read { db in try Queries.petitions(db) }
    }

    public func ratings() async throws(StoreError) -> [Rating] {
        try await read { db in try Queries.ratings(db) }
    }

    public func targets() async throws(StoreError) -> [Target] {
        try await read { db in try Queries.targets(db) }
    }

    public func firstReception() async throws(StoreError) -> Instant? {
        try await read { db in try Queries.firstReception(db) }
    }

    /// ``firstReception()`` for synchronous callers.
    public func firstReceptionBlocking() throws(StoreError) -> Instant? {
        try readBlocking { db in try Queries.firstReception(db) }
    }

    public func scoringData(receivedBefore: Instant, notEndedBefore: Instant) async throws(StoreError) -> ScoringData {
        try await read { db in try Queries.scoringData(db, receivedBefore: receivedBefore, notEndedBefore: notEndedBefore) }
    }

    /// ``scoringData(receivedBefore:notEndedBefore:)`` for callers that are not async: blocks the calling thread.
    public func scoringDataBlocking(receivedBefore: Instant, notEndedBefore: Instant) throws(StoreError) -> ScoringData {
        try readBlocking { db in try Queries.scoringData(db, receivedBefore: receivedBefore, notEndedBefore: notEndedBefore) }
    }

    public func quarantined() async throws(StoreError) -> [QuarantinedRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM quarantine ORDER BY id").map { row in
                let key: Int = row["record_key"]
                return QuarantinedRecord(
                    fileName: row["source_file"], recordNumber: key < 0 ? nil : key, line: row["line"], rawText: row["raw_text"],
                    reason: row["reason"], firstSeen: Instant(secondsSinceEpoch: row["first_seen"]))
            }
        }
    }

    public func owner(ofDossier code: String) async throws(StoreError) -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT source FROM dossiers WHERE code = ?", arguments: [code]) }
    }

    public func transferDossier(code: String, to source: String, actor: String, at: Instant) async throws(StoreError) -> String? {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, source FROM dossiers WHERE code = ?", arguments: [code]) else {
                throw StoreError.unknownDossier(code: code)
            }
            let previous: String? = row["source"]
            let id: Int64 = row["id"]
            try db.execute(sql: "UPDATE dossiers SET source = ? WHERE id = ?", arguments: [source, id])
            try SQLiteStore.appendAudit(
                db,
                AuditEntry(
                    at: at, actor: actor, action: "dossier.transfer",
                    detail: "hồ sơ \(code): từ nguồn \(previous ?? "(chưa có)") sang nguồn \(source)"))
            return previous
        }
    }

    public func dataQuality() async throws(StoreError) -> [UnitDataQuality] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.unit_code AS unit_code, u.id IS NOT NULL AS known, COUNT(*) AS n,
                        SUM(d.due_at IS NOT NULL AND d.due_at < d.received_at) AS early
                    FROM dossiers d LEFT JOIN units u ON u.code = d.unit_code
                    GROUP BY d.unit_code HAVING NOT known OR early > 0 ORDER BY d.unit_code
                    """
            ).map { row in
                let unit: String = row["unit_code"]
                let early: Int = row["early"]
                let samples =
                    early == 0
                    ? []
                    : try String.fetchAll(
                        db,
                        sql: "SELECT code FROM dossiers WHERE unit_code = ? AND due_at < received_at ORDER BY code LIMIT 10",
                        arguments: [unit])
                return UnitDataQuality(
                    unitCode: unit, unitKnown: row["known"], dossiers: row["n"], deadlineBeforeReception: early,
                    deadlineBeforeReceptionSamples: samples)
            }
        }
    }

    /// Every row of the data tables (all but the import log) as text, one line a row in key order, leaving
    /// out the columns that record when (ingestion times), which differ between two imports of the same data.
    ///
    /// Used to compare two databases' contents.
    public func dataTableDump() async throws(StoreError) -> [String: [String]] {
        try await read { db in
            var dump: [String: [String]] = [:]
            for table in Schema.dataTables {
                let columns = try db.columns(in: table).map(\.name).filter { !["recorded_at", "first_seen", "source_key"].contains($0) }
                let rows = try Row.fetchAll(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY 1")
                dump[table] = rows.map { row in
                    columns.indices.map { i -> String in
                        let value: DatabaseValue = row[i]
                        switch value.storage {
                        case .null: return "NULL"
                        case .int64(let v): return String(v)
                        case .double(let v): return String(v)
                        case .string(let s): return "'" + s + "'"
                        case .blob(let b): return "x'" + b.map { String($0, radix: 16) }.joined(separator: ".") + "'"
                        }
                    }.joined(separator: "|")
                }
            }
            return dump
        }
    }
}

/// The read queries' bodies.
enum Queries {
    static func catalogue(_ db: Database) throws -> StoredCatalogue {
        StoredCatalogue(
            units: rooted(try decodeAll(db, sql: "SELECT data FROM units ORDER BY id", table: "units", decode: RecordCoding.decodeUnit)),
            procedures: try decodeAll(db, sql: "SELECT data FROM procedures ORDER BY id", table: "procedures", decode: RecordCoding.decodeProcedure))
    }

    /// The units whose chain of parents reaches a root, in their order. Ingestion stores no other unit; a database
    /// written by an older version may hold some (an unknown parent, a cycle), which are left out rather than
    /// making every load fail.
    static func rooted(_ units: [ChiSoCore.Unit]) -> [ChiSoCore.Unit] {
        let parents = Dictionary(units.map { ($0.code, $0.parentCode.flatMap { $0.isEmpty ? nil : $0 }) }, uniquingKeysWith: { first, _ in first })
        var verdict: [String: Bool] = [:]
        func isRooted(_ code: String) -> Bool {
            var chain: [String] = []
            var current: String? = code
            var result = false
            while let c = current {
                if let known = verdict[c] {
                    result = known
                    break
                }
                guard let parent = parents[c], !chain.contains(c) else { break }  // unknown unit, or a cycle
                chain.append(c)
                guard let p = parent else {
                    result = true
                    break
                }
                current = p
            }
            for c in chain { verdict[c] = result }
            return result
        }
        var seen: Set<String> = []
        return units.filter { isRooted($0.code) && seen.insert($0.code).inserted }
    }

    /// The period filter, in SQL: received before the end, and not ended before the start.
    /// Rows come in table order when the table is scanned, in `received_at` order through the index, or in
    /// table order always with `orderedByID` (which SQLite may prefer to satisfy by scanning).
    static func dossiers(_ db: Database, receivedBefore: Instant, notEndedBefore: Instant, orderedByID: Bool = false) throws -> [Dossier] {
        let end = receivedBefore.secondsSinceEpoch
        // `+received_at` keeps SQLite off the index when the bound covers most of the table: walking the index
        // then fetching rows at random is several times slower than reading the table in order. The choice only
        // changes the plan; the filter is the same.
        let column = try coversMostDossiers(db, receivedBefore: end) ? "+received_at" : "received_at"
        return try decodeDossiers(
            db, sql: "SELECT data FROM dossiers WHERE \(column) < ? AND (ended_at IS NULL OR ended_at >= ?)\(orderedByID ? " ORDER BY id" : "")",
            arguments: [end, notEndedBefore.secondsSinceEpoch])
    }

    /// Whether `received_at < end` holds for more than about a quarter of the dossiers, estimated from the
    /// smallest and largest `received_at` (two index look-ups) as if receipts were spread evenly.
    static func coversMostDossiers(_ db: Database, receivedBefore end: Int64) throws -> Bool {
        guard let low = try Int64.fetchOne(db, sql: "SELECT min(received_at) FROM dossiers"),
            let high = try Int64.fetchOne(db, sql: "SELECT max(received_at) FROM dossiers")
        else { return false }
        if end > high { return true }
        if end <= low { return false }
        return Double(end) - Double(low) > 0.25 * (Double(high) - Double(low))
    }

    /// Decodes the dossier blobs in the first column of every row, in row order, on several threads.
    ///
    /// The rows are read once, in one transaction, on the calling thread: their blobs are copied into chunks
    /// of contiguous bytes, and each full chunk is decoded by a worker while the next one is read. The last
    /// chunk is decoded on the calling thread, which then waits for the workers.
    static func decodeDossiers(_ db: Database, sql: String, arguments: StatementArguments, chunkBytes: Int = 4 << 20) throws -> [Dossier] {
        let decoded = DecodedChunks()
        let group = DispatchGroup()
        var chunks = 0
        var bytes: [UInt8] = []
        var ends: [Int] = []
        bytes.reserveCapacity(chunkBytes + 4096)
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let ok = try row.withUnsafeData(atIndex: 0) { data -> Bool in
                guard let data else { return false }
                bytes.append(contentsOf: data)
                ends.append(bytes.count)
                return true
            }
            guard ok else { throw StoreError.corruptRecord(table: "dossiers") }
            if bytes.count >= chunkBytes {
                let chunk = Chunk(index: chunks, bytes: bytes, ends: ends)
                DispatchQueue.global().async(group: group) { decoded.store(chunk.index, chunk.decode()) }
                chunks += 1
                bytes = []
                bytes.reserveCapacity(chunkBytes + 4096)
                ends = []
            }
        }
        let last = Chunk(index: chunks, bytes: bytes, ends: ends)
        decoded.store(last.index, last.decode())
        group.wait()
        return try decoded.joined(count: chunks + 1)
    }

    /// Blobs laid end to end.
    struct Chunk: Sendable {
        let index: Int
        let bytes: [UInt8]
        /// The end offset of each blob.
        let ends: [Int]

        func decode() -> Result<[Dossier], StoreError> {
            bytes.withUnsafeBytes { all in
                var values: [Dossier] = []
                values.reserveCapacity(ends.count)
                var start = 0
                for end in ends {
                    do {
                        values.append(try RecordCoding.decodeDossier(UnsafeRawBufferPointer(rebasing: all[start..<end])))
                    } catch {
                        return .failure(.corruptRecord(table: "dossiers"))
                    }
                    start = end
                }
                return .success(values)
            }
        }
    }

    /// The workers' results, by chunk.
    final class DecodedChunks: Sendable {
        private let results = Mutex<[Int: Result<[Dossier], StoreError>]>([:])

        func store(_ index: Int, _ result: Result<[Dossier], StoreError>) {
            results.withLock { $0[index] = result }
        }

        /// The chunks' values in order; the first failure if any.
        func joined(count: Int) throws(StoreError) -> [Dossier] {
            let parts = results.withLock { results in
                let taken = results
                results = [:]
                return taken
            }
            var values: [Dossier] = []
            var total = 0
            for i in 0..<count {
                guard let part = parts[i] else { throw .corruptRecord(table: "dossiers") }
                total += try part.get().count
            }
            values.reserveCapacity(total)
            for i in 0..<count { values += try parts[i]!.get() }
            return values
        }
    }

    static func petitions(_ db: Database) throws -> [Petition] {
        try decodeAll(db, sql: "SELECT data FROM petitions ORDER BY id", table: "petitions", decode: RecordCoding.decodePetition)
    }

    static func ratings(_ db: Database) throws -> [Rating] {
        try decodeAll(db, sql: "SELECT data FROM ratings ORDER BY id", table: "ratings", decode: RecordCoding.decodeRating)
    }

    static func targets(_ db: Database) throws -> [Target] {
        try decodeAll(db, sql: "SELECT data FROM targets ORDER BY id", table: "targets", decode: RecordCoding.decodeTarget)
    }

    static func firstReception(_ db: Database) throws -> Instant? {
        try Int64.fetchOne(db, sql: "SELECT MIN(received_at) FROM dossiers").map(Instant.init(secondsSinceEpoch:))
    }

    static func scoringData(_ db: Database, receivedBefore: Instant, notEndedBefore: Instant) throws -> ScoringData {
        let catalogue = try catalogue(db)
        return ScoringData(
            catalogue: catalogue, dossiers: try dossiers(db, receivedBefore: receivedBefore, notEndedBefore: notEndedBefore),
            petitions: try petitions(db), ratings: try ratings(db), targets: try targets(db))
    }

    /// Decodes the blob in the first column of every row, without copying it out of SQLite.
    static func decodeAll<R>(
        _ db: Database, sql: String, arguments: StatementArguments = [], table: String,
        decode: (UnsafeRawBufferPointer) throws(CodingFailure) -> R
    ) throws -> [R] {
        var values: [R] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let value = try row.withUnsafeData(atIndex: 0) { data throws -> R in
                guard let data else { throw StoreError.corruptRecord(table: table) }
                return try data.withUnsafeBytes { raw throws -> R in
                    do { return try decode(raw) } catch { throw StoreError.corruptRecord(table: table) }
                }
            }
            values.append(value)
        }
        return values
    }
}
