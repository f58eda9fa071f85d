public import ChiSoCore
import Foundation
import Logging
import PostgresNIO

// MARK: - Reads

extension PostgresStore {
    public func catalogue() async throws(StoreError) -> StoredCatalogue {
        try await read { c in try await Self.catalogue(c, logger: logger) }
    }

    static func catalogue(_ c: PostgresConnection, logger: Logger) async throws -> StoredCatalogue {
        StoredCatalogue(
            units: Queries.rooted(
                try await decodeAll(c, "SELECT data FROM units ORDER BY id", table: "units", RecordCoding.decodeUnit, logger: logger)),
            procedures: try await decodeAll(
                c, "SELECT data FROM procedures ORDER BY id", table: "procedures", RecordCoding.decodeProcedure, logger: logger))
    }

    public func dossiers(receivedBefore: Instant, notEndedBefore: Instant) async throws(StoreError) -> [Dossier] {
        try await read { c in try await Self.dossiers(c, receivedBefore: receivedBefore, notEndedBefore: notEndedBefore, logger: logger) }
    }

    /// The period filter, as in ``SQLiteStore``: received before the end, and not ended before the start; in the order
    /// the dossiers were first stored.
    static func dossiers(_ c: PostgresConnection, receivedBefore: Instant, notEndedBefore: Instant, logger: Logger) async throws -> [Dossier] {
        try await decodeAll(
            c,
            """
            SELECT data FROM dossiers WHERE received_at < \(receivedBefore.secondsSinceEpoch)
                AND (ended_at IS NULL OR ended_at >= \(notEndedBefore.secondsSinceEpoch)) ORDER BY id
            """, table: "dossiers", RecordCoding.decodeDossier, logger: logger)
    }

    public func openDossiers(asOf: Instant) async throws(StoreError) -> [Dossier] {
        // Received at or before `asOf`, not ended at or before it: times are whole seconds.
        let next = Instant(secondsSinceEpoch: asOf.secondsSinceEpoch == .max ? .max : asOf.secondsSinceEpoch + 1)
        return try await dossiers(receivedBefore: next, notEndedBefore: next)
    }

    public func dossier(code: String) async throws(StoreError) -> Dossier? {
        try await read { c in
            try await Self.decodeAll(
                c, "SELECT data FROM dossiers WHERE code = \(code)", table: "dossiers", RecordCoding.decodeDossier, logger: logger
            )
            .first
        }
    }

    public func events(dossierCode: String) async throws(StoreError) -> [DossierEvent] {
        try await read { c in
            try await Self.rows(
                c,
                """
                SELECT seq, dossier_code, kind, data, source_file, record_number, line, recorded_at FROM dossier_events
                WHERE dossier_code = \(dossierCode) ORDER BY seq
                """, logger: logger
            ).map { row in
                let (seq, code, kind, data, file, record, line, recorded) = try row.decode(
                    (Int64, String, String, ByteBuffer, String, Int64?, Int64?, Int64).self)
                let payload = try data.withUnsafeReadableBytes { raw throws(StoreError) -> DossierEvent.Payload in
                    do {
                        return kind == "step" ? .step(try RecordCoding.decodeStep(raw)) : .version(try RecordCoding.decodeDossier(raw))
                    } catch {
                        throw .corruptRecord(table: "dossier_events")
                    }
                }
                return DossierEvent(
                    sequence: seq, dossierCode: code, payload: payload,
                    origin: RecordOrigin(fileName: file, recordNumber: record.map(Int.init), line: line.map(Int.init)),
                    recordedAt: Instant(secondsSinceEpoch: recorded))
            }
        }
    }

    public func petitions() async throws(StoreError) -> [Petition] {
        try await read { c in
            try await Self.decodeAll(c, "SELECT data FROM petitions ORDER BY id", table: "petitions", RecordCoding.decodePetition, logger: logger)
        }
    }

    public func ratings() async throws(StoreError) -> [Rating] {
        try await read { c in
            try await Self.decodeAll(c, "SELECT data FROM ratings ORDER BY id", table: "ratings", RecordCoding.decodeRating, logger: logger)
        }
    }

    public func targets() async throws(StoreError) -> [Target] {
        try await read { c in
            try await Self.decodeAll(c, "SELECT data FROM targets ORDER BY id", table: "targets", RecordCoding.decodeTarget, logger: logger)
        }
    }

    public func firstReception() async throws(StoreError) -> Instant? {
        try await read { c in
            try await Self.rows(c, "SELECT MIN(received_at) FROM dossiers", logger: logger).first?.decode(Int64?.self)
                .map(Instant.init(secondsSinceEpoch:))
        }
    }

    public func scoringData(receivedBefore: Instant, notEndedBefore: Instant) async throws(StoreError) -> ScoringData {
        try await read { c in
            // One snapshot of the database for the catalogue, the dossiers and the rest.
            try await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let data = ScoringData(
                    catalogue: try await Self.catalogue(c, logger: logger),
                    dossiers: try await Self.dossiers(c, receivedBefore: receivedBefore, notEndedBefore: notEndedBefore, logger: logger),
                    petitions: try await Self.decodeAll(
                        c, "SELECT data FROM petitions ORDER BY id", table: "petitions", RecordCoding.decodePetition, logger: logger),
                    ratings: try await Self.decodeAll(
                        c, "SELECT data FROM ratings ORDER BY id", table: "ratings", RecordCoding.decodeRating, logger: logger),
                    targets: try await Self.decodeAll(
                        c, "SELECT data FROM targets ORDER BY id", table: "targets", RecordCoding.decodeTarget, logger: logger))
                try await c.query("COMMIT", logger: logger)
                return data
            } catch {
                _ = try? await c.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public func quarantined() async throws(StoreError) -> [QuarantinedRecord] {
        try await read { c in
            try await Self.rows(c, "SELECT source_file, record_key, line, raw_text, reason, first_seen FROM quarantine ORDER BY id", logger: logger)
                .map {
                    row in
                    let (file, key, line, raw, reason, first) = try row.decode((String, Int64, Int64?, String, String, Int64).self)
                    return QuarantinedRecord(
                        fileName: file, recordNumber: key < 0 ? nil : Int(key), line: line.map(Int.init), rawText: raw, reason: reason,
                        firstSeen: Instant(secondsSinceEpoch: first))
                }
        }
    }

    public func owner(ofDossier code: String) async throws(StoreError) -> String? {
        try await read { c in
            try await Self.rows(c, "SELECT source FROM dossiers WHERE code = \(code)", logger: logger).first?.decode(String?.self) ?? nil
        }
    }

    public func transferDossier(code: String, to source: String, actor: String, at: Instant) async throws(StoreError) -> String? {
        try await write { c in
            guard let row = try await Self.rows(c, "SELECT source FROM dossiers WHERE code = \(code)", logger: logger).first else {
                throw StoreError.unknownDossier(code: code)
            }
            let previous = try row.decode(String?.self)
            try await c.query("UPDATE dossiers SET source = \(source) WHERE code = \(code)", logger: logger)
            try await Self.appendAudit(
                c,
                AuditEntry(
                    at: at, actor: actor, action: "dossier.transfer",
                    detail: "hồ sơ \(code): từ nguồn \(previous ?? "(chưa có)") sang nguồn \(source)"),
                logger: logger)
            return previous
        }
    }

    public func dataQuality() async throws(StoreError) -> [UnitDataQuality] {
        try await read { c in
            var found: [UnitDataQuality] = []
            let rows = try await Self.rows(
                c,
                """
                SELECT d.unit_code, bool_or(u.id IS NOT NULL), COUNT(*), COUNT(*) FILTER (WHERE d.due_at IS NOT NULL AND d.due_at < d.received_at)
                FROM dossiers d LEFT JOIN units u ON u.code = d.unit_code
                GROUP BY d.unit_code
                HAVING NOT bool_or(u.id IS NOT NULL) OR COUNT(*) FILTER (WHERE d.due_at IS NOT NULL AND d.due_at < d.received_at) > 0
                ORDER BY d.unit_code COLLATE "C"
                """, logger: logger)
            for row in rows {
                let (unit, known, n, early) = try row.decode((String, Bool, Int64, Int64).self)
                let samples =
                    early == 0
                    ? []
                    : try await Self.rows(
                        c, "SELECT code FROM dossiers WHERE unit_code = \(unit) AND due_at < received_at ORDER BY code COLLATE \"C\" LIMIT 10",
                        logger: logger
                    ).map { try $0.decode(String.self) }
                found.append(
                    UnitDataQuality(
                        unitCode: unit, unitKnown: known, dossiers: Int(n), deadlineBeforeReception: Int(early),
                        deadlineBeforeReceptionSamples: samples))
            }
            return found
        }
    }

    /// Decodes the blob in the first column of every row, in row order.
    static func decodeAll<R>(
        _ c: PostgresConnection, _ query: PostgresQuery, table: String, _ decode: (UnsafeRawBufferPointer) throws(CodingFailure) -> R, logger: Logger
    ) async throws -> [R] {
        var values: [R] = []
        for try await buffer in try await c.query(query, logger: logger).decode(ByteBuffer.self) {
            values.append(
                try buffer.withUnsafeReadableBytes { raw in
                    do { return try decode(raw) } catch { throw StoreError.corruptRecord(table: table) }
                })
        }
        return values
    }
}
