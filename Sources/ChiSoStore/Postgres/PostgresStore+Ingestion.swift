public import ChiSoCore
import Foundation
import Logging
import PostgresNIO

// MARK: - Ingestion

/// The ingestion transactions, with the decisions of ``SQLiteStore``'s (the version order, the owner's refusal, the unit
/// hierarchy, the quarantine's keys, the import log's counters and the audit line), made in memory for the whole batch
/// from the rows it touches (read in one query), then written in a few array statements.
extension PostgresStore {
    /// A dossier's row as the batch sees it: as stored, then as the batch's earlier records left it.
    private struct DossierRow {
        var province: String
        var data: [UInt8]
        var owner: String?
        /// Stored before the batch (an update), or new in it (an insert).
        var stored: Bool
        var changed = false
    }

    public func ingest(dossiers batch: IngestBatch<Dossier>) async throws(StoreError) -> IngestResult<Dossier> {
        // Encoded outside the transaction, as SQLiteStore does.
        let prepared = batch.records.map { Ingestion.PreparedDossier($0.record) }
        return try await write { c in
            let unitProvinces = try await Self.unitProvinces(c, logger: logger)
            let provinces = batch.records.map { unitProvinces[$0.record.unitCode] ?? "" }
            try await Self.ensurePartitions(c, Set(provinces), logger: logger)
            var rows: [String: DossierRow] = [:]
            let codes = Array(Set(batch.records.map(\.record.code)))
            for row in try await Self.rows(c, "SELECT code, province_code, data, source FROM dossiers WHERE code = ANY(\(codes))", logger: logger) {
                let (code, province, data, owner) = try row.decode((String, String, ByteBuffer, String?).self)
                rows[code] = DossierRow(province: province, data: Array(data.readableBytesView), owner: owner, stored: true)
            }
            var outcomes: [IngestOutcome<Dossier>] = []
            outcomes.reserveCapacity(batch.records.count)
            var warnings: [Int: [RecordWarning]] = [:]
            var counts = IngestCounts()
            var events = EventRows()
            /// The versions this batch added to the history, by code and digest (compared byte for byte).
            var added: [String: [Int64: [[UInt8]]]] = [:]
            for (index, (item, p)) in zip(batch.records, prepared).enumerated() {
                let d = item.record
                let blob = [UInt8](p.data)
                if var existing = rows[d.code] {
                    if let owner = existing.owner, let source = batch.source, owner != source {
                        outcomes.append(.refused(reason: Ingestion.refusal(code: d.code, owner: owner, source: source)))
                        counts.refused += 1
                        continue
                    }
                    if let source = batch.source, existing.owner == nil {
                        existing.owner = source
                        existing.changed = true
                        rows[d.code] = existing
                    }
                    if existing.data == blob {
                        outcomes.append(.unchanged)
                        counts.unchanged += 1
                        continue
                    }
                    let previous = try existing.data.withUnsafeBytes { raw in
                        do { return try RecordCoding.decodeDossier(raw) } catch { throw StoreError.corruptRecord(table: "dossiers") }
                    }
                    if !DossierVersionOrder.replaces(d, current: previous) {
                        // An older version arriving late: kept in the history once; the newer current state stays.
                        outcomes.append(.superseded)
                        counts.superseded += 1
                        if added[d.code]?[p.digest]?.contains(blob) == true { continue }
                        let stored = try await Self.rows(
                            c, "SELECT data FROM dossier_events WHERE dossier_code = \(d.code) AND kind = 'version' AND digest = \(p.digest)",
                            logger: logger)
                        if try stored.contains(where: { try Array($0.decode(ByteBuffer.self).readableBytesView) == blob }) { continue }
                    } else {
                        existing.data = blob
                        existing.province = provinces[index]
                        existing.changed = true
                        rows[d.code] = existing
                        outcomes.append(.updated(previous: previous))
                        counts.updated += 1
                    }
                } else {
                    rows[d.code] = DossierRow(province: provinces[index], data: blob, owner: batch.source, stored: false, changed: true)
                    outcomes.append(.accepted)
                    counts.accepted += 1
                }
                var found: [RecordWarning] = []
                if unitProvinces[d.unitCode] == nil { found.append(.unknownUnit(d.unitCode)) }
                if let due = d.dueAt, due < d.receivedAt { found.append(.deadlineBeforeReception) }
                if !found.isEmpty { warnings[index] = found }
                added[d.code, default: [:]][p.digest, default: []].append(blob)
                events.append(
                    province: rows[d.code]!.province, code: d.code, kind: "version", occurredAt: nil, digest: p.digest, data: blob,
                    origin: item.origin)
            }
            try await writeDossiers(c, rows: rows, order: batch.records.map(\.record.code))
            try await events.insert(c, at: batch.at, logger: logger)
            var result = try await finish(c, batch, outcomes: outcomes, counts: counts)
            result.warnings = warnings
            return result
        }
    }

    /// Inserts the batch's new dossiers (in the batch's order, so that ids follow arrival) and updates the changed ones.
    private func writeDossiers(_ c: PostgresConnection, rows: [String: DossierRow], order: [String]) async throws {
        var inserted = Set<String>()
        var insert = DossierColumns()
        var update = DossierColumns()
        for code in order {
            guard let row = rows[code], row.changed, inserted.insert(code).inserted else { continue }
            let d = try row.data.withUnsafeBytes { raw in
                do { return try RecordCoding.decodeDossier(raw) } catch { throw StoreError.corruptRecord(table: "dossiers") }
            }
            if row.stored { update.append(d, row) } else { insert.append(d, row) }
        }
        if !insert.codes.isEmpty {
            try await c.query(
                """
                INSERT INTO dossiers (province_code, code, unit_code, procedure_code, received_at, due_at, state, ended_at, data, source)
                SELECT province, code, unit, procedure, received, NULLIF(due, \(Int64.min)), state, NULLIF(ended, \(Int64.min)), data,
                    CASE WHEN has_source THEN source END
                FROM unnest(\(insert.provinces), \(insert.codes), \(insert.units), \(insert.procedures), \(insert.received), \(insert.due),
                    \(insert.states), \(insert.ended), \(insert.data), \(insert.sources), \(insert.hasSource))
                    WITH ORDINALITY AS u(province, code, unit, procedure, received, due, state, ended, data, source, has_source, n)
                ORDER BY n
                """, logger: logger)
        }
        if !update.codes.isEmpty {
            try await c.query(
                """
                UPDATE dossiers d SET province_code = u.province, unit_code = u.unit, procedure_code = u.procedure, received_at = u.received,
                    due_at = NULLIF(u.due, \(Int64.min)), state = u.state, ended_at = NULLIF(u.ended, \(Int64.min)), data = u.data,
                    source = CASE WHEN u.has_source THEN u.source END
                FROM unnest(\(update.provinces), \(update.codes), \(update.units), \(update.procedures), \(update.received), \(update.due),
                    \(update.states), \(update.ended), \(update.data), \(update.sources), \(update.hasSource))
                    AS u(province, code, unit, procedure, received, due, state, ended, data, source, has_source)
                WHERE d.code = u.code
                """, logger: logger)
        }
    }

    /// Dossier rows as column arrays (absent values as `Int64.min` or a flag), for one `unnest` statement.
    private struct DossierColumns {
        var provinces: [String] = [], codes: [String] = [], units: [String] = [], procedures: [String] = []
        var received: [Int64] = [], due: [Int64] = [], states: [String] = [], ended: [Int64] = []
        var data: [ByteBuffer] = [], sources: [String] = [], hasSource: [Bool] = []

        mutating func append(_ d: Dossier, _ row: DossierRow) {
            provinces.append(row.province)
            codes.append(d.code)
            units.append(d.unitCode)
            procedures.append(d.procedureCode)
            received.append(d.receivedAt.secondsSinceEpoch)
            due.append(d.dueAt?.secondsSinceEpoch ?? .min)
            states.append(d.state.rawValue)
            ended.append(Ingestion.endInstant(d)?.secondsSinceEpoch ?? .min)
            data.append(ByteBuffer(bytes: row.data))
            sources.append(row.owner ?? "")
            hasSource.append(row.owner != nil)
        }
    }

    /// History rows to append, as column arrays.
    struct EventRows {
        var provinces: [String] = [], codes: [String] = [], kinds: [String] = [], occurred: [Int64] = [], digests: [Int64] = []
        var data: [ByteBuffer] = [], files: [String] = [], records: [Int64] = [], lines: [Int64] = []

        mutating func append(
            province: String, code: String, kind: String, occurredAt: Int64?, digest: Int64, data blob: [UInt8], origin: RecordOrigin
        ) {
            provinces.append(province)
            codes.append(code)
            kinds.append(kind)
            occurred.append(occurredAt ?? .min)
            digests.append(digest)
            data.append(ByteBuffer(bytes: blob))
            files.append(origin.fileName)
            records.append(origin.recordNumber.map(Int64.init) ?? .min)
            lines.append(origin.line.map(Int64.init) ?? .min)
        }

        func insert(_ c: PostgresConnection, at: Instant, logger: Logger) async throws {
            guard !codes.isEmpty else { return }
            try await c.query(
                """
                INSERT INTO dossier_events (province_code, dossier_code, kind, occurred_at, digest, data, source_file, record_number, line, recorded_at)
                SELECT province, code, kind, NULLIF(occurred, \(Int64.min)), digest, data, file, NULLIF(record, \(Int64.min)),
                    NULLIF(line, \(Int64.min)), \(at.secondsSinceEpoch)
                FROM unnest(\(provinces), \(codes), \(kinds), \(occurred), \(digests), \(data), \(files), \(records), \(lines))
                    WITH ORDINALITY AS u(province, code, kind, occurred, digest, data, file, record, line, n)
                ORDER BY n
                """, logger: logger)
        }
    }

    public func ingest(steps batch: IngestBatch<ProcessingStep>) async throws(StoreError) -> IngestResult<ProcessingStep> {
        try await write { c in
            let codes = Array(Set(batch.records.map(\.record.dossierCode)))
            var dossiers: [String: (province: String, owner: String?)] = [:]
            for row in try await Self.rows(c, "SELECT code, province_code, source FROM dossiers WHERE code = ANY(\(codes))", logger: logger) {
                let (code, province, owner) = try row.decode((String, String, String?).self)
                dossiers[code] = (province, owner)
            }
            var known: [String: [Int64: [[UInt8]]]] = [:]
            for row in try await Self.rows(
                c, "SELECT dossier_code, digest, data FROM dossier_events WHERE kind = 'step' AND dossier_code = ANY(\(codes))", logger: logger)
            {
                let (code, digest, data) = try row.decode((String, Int64, ByteBuffer).self)
                known[code, default: [:]][digest, default: []].append(Array(data.readableBytesView))
            }
            var outcomes: [IngestOutcome<ProcessingStep>] = []
            var counts = IngestCounts()
            var events = EventRows()
            for item in batch.records {
                let code = item.record.dossierCode
                // Steps of a dossier another source owns are refused like its versions.
                if let source = batch.source, let other = dossiers[code]?.owner, other != source {
                    outcomes.append(.refused(reason: Ingestion.refusal(code: code, owner: other, source: source)))
                    counts.refused += 1
                    continue
                }
                let blob = RecordCoding.encode(item.record)
                let digest = Digest.fnv1a(blob)
                if known[code]?[digest]?.contains(blob) == true {
                    outcomes.append(.unchanged)
                    counts.unchanged += 1
                    continue
                }
                known[code, default: [:]][digest, default: []].append(blob)
                events.append(
                    province: dossiers[code]?.province ?? "", code: code, kind: "step", occurredAt: item.record.processedAt.secondsSinceEpoch,
                    digest: digest, data: blob, origin: item.origin)
                outcomes.append(.accepted)
                counts.accepted += 1
            }
            try await events.insert(c, at: batch.at, logger: logger)
            return try await finish(c, batch, outcomes: outcomes, counts: counts)
        }
    }

    public func ingest(units batch: IngestBatch<ChiSoCore.Unit>) async throws(StoreError) -> IngestResult<ChiSoCore.Unit> {
        try await write { c in
            var parents: [String: String?] = [:]
            for row in try await Self.rows(c, "SELECT data FROM units", logger: logger) {
                let unit = try Self.decode(row, table: "units", RecordCoding.decodeUnit)
                parents.updateValue(unit.parentCode.flatMap { $0.isEmpty ? nil : $0 }, forKey: unit.code)
            }
            var placement = UnitPlacement.place(batch.records, storedParents: parents)
            let upserted = try await upsertRows(
                c, placement.stored.map { batch.records[$0] }, table: "units", keys: [("code", { $0.code })], province: nil,
                encode: RecordCoding.encode,
                decode: RecordCoding.decodeUnit)
            for (i, outcome) in zip(placement.stored, upserted.outcomes) { placement.outcomes[i] = outcome }
            return try await finish(
                c, batch, outcomes: placement.outcomes.map { $0 ?? .unchanged }, counts: placement.counts + upserted.counts,
                rejected: placement.rejected)
        }
    }

    public func ingest(procedures batch: IngestBatch<Procedure>) async throws(StoreError) -> IngestResult<Procedure> {
        try await upsert(
            batch, table: "procedures", keys: [("code", { $0.code })], province: nil, encode: RecordCoding.encode,
            decode: RecordCoding.decodeProcedure)
    }

    public func ingest(petitions batch: IngestBatch<Petition>) async throws(StoreError) -> IngestResult<Petition> {
        try await upsert(
            batch, table: "petitions", keys: [("code", { $0.code })],
            province: { c, p in try await Self.unitProvinces(c, logger: logger)[p.unitCode] ?? "" },
            encode: RecordCoding.encode, decode: RecordCoding.decodePetition)
    }

    public func ingest(ratings batch: IngestBatch<Rating>) async throws(StoreError) -> IngestResult<Rating> {
        try await upsert(
            batch, table: "ratings", keys: [("dossier_code", { $0.dossierCode }), ("rated_key", { $0.ratedAt?.secondsSinceEpoch ?? Int64.min })],
            province: { c, r in try await Self.dossierProvince(c, code: r.dossierCode, logger: logger) }, encode: RecordCoding.encode,
            decode: RecordCoding.decodeRating)
    }

    public func ingest(targets batch: IngestBatch<Target>) async throws(StoreError) -> IngestResult<Target> {
        try await upsert(
            batch, table: "targets",
            keys: [("key", { $0.indicator.rawValue + "|" + RecordCoding.scopeText($0.scope) + "|" + $0.period.description })], province: nil,
            encode: RecordCoding.encode, decode: RecordCoding.decodeTarget)
    }

    /// The province of a stored dossier's partition; empty when the dossier is not stored (yet).
    static func dossierProvince(_ c: PostgresConnection, code: String, logger: Logger) async throws -> String {
        try await rows(c, "SELECT province_code FROM dossiers WHERE code = \(code) LIMIT 1", logger: logger).first?.decode(String.self) ?? ""
    }

    /// A key column and how a record gives its value.
    typealias KeyColumn<R> = (name: String, value: (R) -> any PostgresDynamicTypeEncodable)

    /// Insert-or-update by key for the tables without history, in one transaction with the batch's bookkeeping.
    private func upsert<R: Sendable>(
        _ batch: IngestBatch<R>, table: String, keys: [KeyColumn<R>], province: ((PostgresConnection, R) async throws -> String)?,
        encode: @escaping (R) -> [UInt8], decode: @escaping (UnsafeRawBufferPointer) throws(CodingFailure) -> R
    ) async throws(StoreError) -> IngestResult<R> {
        try await write { c in
            let (outcomes, counts) = try await upsertRows(
                c, batch.records, table: table, keys: keys, province: province, encode: encode, decode: decode)
            return try await finish(c, batch, outcomes: outcomes, counts: counts)
        }
    }

    /// The rows of an upsert, without the batch's quarantine and import log. `province`, for a partitioned table, gives
    /// a new record's partition (its partition is created when missing); an updated row stays where it is.
    private func upsertRows<R: Sendable>(
        _ c: PostgresConnection, _ records: [Sourced<R>], table: String, keys: [KeyColumn<R>],
        province: ((PostgresConnection, R) async throws -> String)?, encode: (R) -> [UInt8],
        decode: (UnsafeRawBufferPointer) throws(CodingFailure) -> R
    ) async throws -> (outcomes: [IngestOutcome<R>], counts: IngestCounts) {
        let condition = keys.enumerated().map { "\($0.element.name) = $\($0.offset + 1)" }.joined(separator: " AND ")
        /// The provinces whose partitions this batch has made sure of.
        var ensured: Set<String> = []
        var outcomes: [IngestOutcome<R>] = []
        var counts = IngestCounts()
        for item in records {
            let blob = encode(item.record)
            var binds = PostgresBindings()
            for key in keys { binds.append(key.value(item.record)) }
            let found = try await Self.rows(
                c, PostgresQuery(unsafeSQL: "SELECT id, data FROM \(table) WHERE \(condition)", binds: binds), logger: logger)
            if let row = found.first {
                let (id, stored) = try row.decode((Int64, ByteBuffer).self)
                if Array(stored.readableBytesView) == blob {
                    outcomes.append(.unchanged)
                    counts.unchanged += 1
                    continue
                }
                let previous = try stored.withUnsafeReadableBytes { raw in
                    do { return try decode(raw) } catch { throw StoreError.corruptRecord(table: table) }
                }
                try await c.query(
                    PostgresQuery(unsafeSQL: "UPDATE \(table) SET data = $1 WHERE id = $2", binds: Self.binds(ByteBuffer(bytes: blob), id)),
                    logger: logger)
                outcomes.append(.updated(previous: previous))
                counts.updated += 1
            } else {
                var columns = keys.map(\.name)
                binds.append(ByteBuffer(bytes: blob))
                columns.append("data")
                if let province {
                    let code = try await province(c, item.record)
                    if ensured.insert(code).inserted { try await Self.ensurePartitions(c, [code], logger: logger) }
                    binds.append(code)
                    columns.append("province_code")
                }
                let placeholders = columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
                try await c.query(
                    PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))", binds: binds),
                    logger: logger)
                outcomes.append(.accepted)
                counts.accepted += 1
            }
        }
        return (outcomes, counts)
    }

    static func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }

    /// Keeps records in quarantine, once each per input (`inputKey`, a file's full path; the record's file name when
    /// nil); returns how many were new.
    static func quarantine(_ c: PostgresConnection, _ records: [QuarantinedRecord], inputKey: String?, at: Instant, logger: Logger) async throws
        -> Int
    {
        var added = 0
        for q in records {
            let rows = try await Self.rows(
                c,
                """
                INSERT INTO quarantine (source_key, source_file, record_key, line, raw_text, reason, first_seen)
                VALUES (\(inputKey ?? q.fileName), \(q.fileName), \(Int64(q.recordNumber ?? -1)), \(q.line.map(Int64.init)), \(q.rawText), \(q.reason),
                    \(at.secondsSinceEpoch))
                ON CONFLICT DO NOTHING RETURNING id
                """, logger: logger)
            added += rows.count
        }
        return added
    }

    /// Quarantines the batch's bad records (and `rejected`, already counted), adds the batch's counts to its import
    /// and writes its audit line, in the batch's transaction.
    func finish<R>(
        _ c: PostgresConnection, _ batch: IngestBatch<R>, outcomes: [IngestOutcome<R>], counts: IngestCounts, rejected: [QuarantinedRecord] = []
    ) async throws -> IngestResult<R> {
        var counts = counts
        var newlyQuarantined = 0
        let all = batch.quarantine + rejected
        if !all.isEmpty {
            newlyQuarantined = try await Self.quarantine(c, all, inputKey: batch.inputKey, at: batch.at, logger: logger)
            counts.quarantined += batch.quarantine.count
        }
        if let id = batch.importID {
            try await c.query(
                """
                UPDATE import_log SET accepted = accepted + \(counts.accepted), updated = updated + \(counts.updated),
                    unchanged = unchanged + \(counts.unchanged), quarantined = quarantined + \(counts.quarantined),
                    superseded = superseded + \(counts.superseded), refused = refused + \(counts.refused)
                WHERE id = \(id.rawValue)
                """, logger: logger)
        }
        if let audit = batch.audit, counts.total > counts.unchanged {
            var detail = "nhận \(counts.total): \(counts.vietnamese)"
            if let input = audit.input { detail += " (\(input))" }
            try await Self.appendAudit(c, AuditEntry(at: batch.at, actor: audit.actor, action: audit.action, detail: detail), logger: logger)
        }
        return IngestResult(outcomes: outcomes, counts: counts, newlyQuarantined: newlyQuarantined)
    }

    /// Decodes a row's first column, a record blob.
    static func decode<R>(_ row: PostgresRow, table: String, _ decode: (UnsafeRawBufferPointer) throws(CodingFailure) -> R) throws -> R {
        let buffer = try row.decode(ByteBuffer.self)
        return try buffer.withUnsafeReadableBytes { raw in
            do { return try decode(raw) } catch { throw StoreError.corruptRecord(table: table) }
        }
    }
}
