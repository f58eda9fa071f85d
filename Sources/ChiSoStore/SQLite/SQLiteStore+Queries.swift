public import ChiSoCore
import Foundation
import GRDB

extension SQLiteStore {
    public func catalogue() async throws(StoreError) -> StoredCatalogue {
        try await read { db in try Queries.catalogue(db) }
    }

    public func dossiers(receivedBefore: Instant, notEndedBefore: Instant) async throws(StoreError) -> [Dossier] {
        try await read { db in try Queries.dossiers(db, receivedBefore: receivedBefore, notEndedBefore: notEndedBefore) }
    }

    public func openDossiers(asOf: Instant) async throws(StoreError) -> [Dossier] {
        try await read { db in
            try Queries.decodeAll(
                db, sql: "SELECT data FROM dossiers WHERE received_at <= ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY id",
                arguments: [asOf.secondsSinceEpoch, asOf.secondsSinceEpoch], table: "dossiers", decode: RecordCoding.decodeDossier)
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
            try Row.fetchAll(db, sql: "SELECT * FROM dossier_events WHERE dossier_code = ? ORDER BY seq", arguments: [dossierCode]).map { row in
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

    /// Every row of the data tables (all but the import log) as text, one line a row in key order, leaving
    /// out the columns that record when (ingestion times), which differ between two imports of the same data.
    ///
    /// Used to compare two databases' contents.
    public func dataTableDump() async throws(StoreError) -> [String: [String]] {
        try await read { db in
            var dump: [String: [String]] = [:]
            for table in Schema.dataTables {
                let columns = try db.columns(in: table).map(\.name).filter { $0 != "recorded_at" && $0 != "first_seen" }
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
            units: try decodeAll(db, sql: "SELECT data FROM units ORDER BY id", table: "units", decode: RecordCoding.decodeUnit),
            procedures: try decodeAll(db, sql: "SELECT data FROM procedures ORDER BY id", table: "procedures", decode: RecordCoding.decodeProcedure))
    }

    /// The period filter, in SQL: received before the end, and not ended before the start.
    static func dossiers(_ db: Database, receivedBefore: Instant, notEndedBefore: Instant) throws -> [Dossier] {
        try decodeAll(
            db, sql: "SELECT data FROM dossiers WHERE received_at < ? AND (ended_at IS NULL OR ended_at >= ?)",
            arguments: [receivedBefore.secondsSinceEpoch, notEndedBefore.secondsSinceEpoch], table: "dossiers",
            decode: RecordCoding.decodeDossier)
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
