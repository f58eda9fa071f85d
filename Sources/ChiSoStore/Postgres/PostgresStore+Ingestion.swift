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
        /// The row's id when stored before the batch (an update); nil for a row new in the batch (an insert).
        var id: Int64?
        var province: String
        var data: [UInt8]
        var owner: String?
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
            for row in try await Self.rows(c, "SELECT id, code, province_code, data, source FROM dossiers WHERE code = ANY(\(codes))", logger: logger)
            {
                let (id, code, province, data, owner) = try row.decode((Int64, String, String, ByteBuffer, String?).self)
                rows[code] = DossierRow(id: id, province: province, data: Array(data.readableBytesView), owner: owner)
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
                    rows[d.code] = DossierRow(id: nil, province: provinces[index], data: blob, owner: batch.source, changed: true)
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
            let written = try await writeDossiers(c, rows: rows, order: batch.records.map(\.record.code))
            if let context = try await Self.factsContext(c, logger: logger) {
                // The versions that became current, judged in their rows' partitions.
                let facts = context.judge(written.map(\.dossier), provinces: written.map(\.province))
                try await Self.writeFacts(
                    c, dossierIDs: written.map(\.id), facts: facts, replacing: written.contains { $0.replacing }, logger: logger)
            }
            try await events.insert(c, at: batch.at, logger: logger)
            var result = try await finish(c, batch, outcomes: outcomes, counts: counts)
            result.warnings = warnings
            return result
        }
    }

    /// Inserts the batch's new dossiers (in the batch's order, so that ids follow arrival) and updates the changed ones;
    /// returns the rows written, with their ids, provinces and current versions.
    private func writeDossiers(
        _ c: PostgresConnection, rows: [String: DossierRow], order: [String]
    ) async throws -> [(id: Int64, province: String, dossier: Dossier, replacing: Bool)] {
        var inserted = Set<String>()
        var insert = DossierColumns()
        var update = DossierColumns()
        var written: [(id: Int64, province: String, dossier: Dossier, replacing: Bool)] = []
        var insertedDossiers: [String: (province: String, dossier: Dossier)] = [:]
        for code in order {
            guard let row = rows[code], row.changed, inserted.insert(code).inserted else { continue }
            let d = try row.data.withUnsafeBytes { raw in
                do { return try RecordCoding.decodeDossier(raw) } catch { throw StoreError.corruptRecord(table: "dossiers") }
            }
            if let id = row.id {
                update.append(d, row)
                written.append((id, row.province, d, true))
            } else {
                insert.append(d, row)
                insertedDossiers[code] = (row.province, d)
            }
        }
        if !insert.codes.isEmpty {
            let ids = try await Self.rows(
                c,
                """
                INSERT INTO dossiers (province_code, code, unit_code, procedure_code, received_at, due_at, state, ended_at, data, source)
                SELECT province, code, unit, procedure, received, NULLIF(due, \(Int64.min)), state, NULLIF(ended, \(Int64.min)), data,
                    CASE WHEN has_source THEN source END
                FROM unnest(\(insert.provinces), \(insert.codes), \(insert.units), \(insert.procedures), \(insert.received), \(insert.due),
                    \(insert.states), \(insert.ended), \(insert.data), \(insert.sources), \(insert.hasSource))
                    WITH ORDINALITY AS u(province, code, unit, procedure, received, due, state, ended, data, source, has_source, n)
                ORDER BY n
                RETURNING id, code
                """, logger: logger)
            for row in ids {
                let (id, code) = try row.decode((Int64, String).self)
                if let new = insertedDossiers[code] { written.append((id, new.province, new.dossier, false)) }
            }
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
        return written
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
                c, placement.stored.map { batch.records[$0] }, table: "units", keys: [.text("code") { $0.code }], province: nil,
                encode: RecordCoding.encode, decode: RecordCoding.decodeUnit)
            for (i, outcome) in zip(placement.stored, upserted.outcomes) { placement.outcomes[i] = outcome }
            return try await finish(
                c, batch, outcomes: placement.outcomes.map { $0 ?? .unchanged }, counts: placement.counts + upserted.counts,
                rejected: placement.rejected)
        }
    }

    public func ingest(procedures batch: IngestBatch<Procedure>) async throws(StoreError) -> IngestResult<Procedure> {
        try await write { c in
            let before = try await Self.factsContext(c, logger: logger)
            let upserted = try await upsertRows(
                c, batch.records, table: "procedures", keys: [.text("code") { $0.code }], province: nil, encode: RecordCoding.encode,
                decode: RecordCoding.decodeProcedure)
            // A changed statutory time changes the verdicts of the procedure's dossiers without a deadline (rule 7).
            if let before, !upserted.written.isEmpty, let after = try await Self.factsContext(c, logger: logger) {
                let changed = Set(after.statutoryTimes.keys).union(before.statutoryTimes.keys).filter {
                    before.statutoryTimes[$0] != after.statutoryTimes[$0]
                }
                try await Self.rejudge(c, procedures: changed, context: after, logger: logger)
            }
            return try await finish(c, batch, outcomes: upserted.outcomes, counts: upserted.counts)
        }
    }

    public func ingest(petitions batch: IngestBatch<Petition>) async throws(StoreError) -> IngestResult<Petition> {
        try await write { c in
            let provinces = try await Self.unitProvinces(c, logger: logger)
            let upserted = try await upsertRows(
                c, batch.records, table: "petitions", keys: [.text("code") { $0.code }], province: { provinces[$0.unitCode] ?? "" },
                encode: RecordCoding.encode, decode: RecordCoding.decodePetition)
            if let context = try await Self.factsContext(c, logger: logger) {
                let written = upserted.written
                try await Self.writeFacts(
                    c, petitionIDs: written.map(\.id), facts: written.map { context.facts($0.record, provinceCode: $0.province) }, logger: logger)
            }
            return try await finish(c, batch, outcomes: upserted.outcomes, counts: upserted.counts)
        }
    }

    public func ingest(ratings batch: IngestBatch<Rating>) async throws(StoreError) -> IngestResult<Rating> {
        try await write { c in
            // A rating is placed with its dossier; one whose dossier is not stored (yet) in the default partition.
            let codes = Array(Set(batch.records.map(\.record.dossierCode)))
            var provinces: [String: String] = [:]
            for row in try await Self.rows(c, "SELECT code, province_code FROM dossiers WHERE code = ANY(\(codes))", logger: logger) {
                let (code, province) = try row.decode((String, String).self)
                provinces[code] = province
            }
            let upserted = try await upsertRows(
                c, batch.records, table: "ratings",
                keys: [.text("dossier_code") { $0.dossierCode }, .integer("rated_key") { $0.ratedAt?.secondsSinceEpoch ?? Int64.min }],
                province: { provinces[$0.dossierCode] ?? "" }, encode: RecordCoding.encode, decode: RecordCoding.decodeRating)
            if try await Self.basisText(c, logger: logger) != nil {
                let written = upserted.written
                try await Self.writeFacts(
                    c, ratingIDs: written.map(\.id), facts: written.map { RatingFacts($0.record, provinceCode: $0.province) }, logger: logger)
            }
            return try await finish(c, batch, outcomes: upserted.outcomes, counts: upserted.counts)
        }
    }

    public func ingest(targets batch: IngestBatch<Target>) async throws(StoreError) -> IngestResult<Target> {
        try await write { c in
            let upserted = try await upsertRows(
                c, batch.records, table: "targets",
                keys: [.text("key") { $0.indicator.rawValue + "|" + RecordCoding.scopeText($0.scope) + "|" + $0.period.description }], province: nil,
                encode: RecordCoding.encode, decode: RecordCoding.decodeTarget)
            return try await finish(c, batch, outcomes: upserted.outcomes, counts: upserted.counts)
        }
    }

    /// A key column of a table without history, and how a record gives its value.
    struct KeyColumn<R> {
        let name: String
        let isText: Bool
        let value: (R) -> KeyValue

        static func text(_ name: String, _ value: @escaping (R) -> String) -> KeyColumn { KeyColumn(name: name, isText: true) { .text(value($0)) } }
        static func integer(_ name: String, _ value: @escaping (R) -> Int64) -> KeyColumn {
            KeyColumn(name: name, isText: false) { .integer(value($0)) }
        }
    }

    /// A key column's value.
    enum KeyValue: Hashable {
        case text(String)
        case integer(Int64)
    }

    /// Binds a key column's values as one array (`text[]` or `bigint[]`).
    private static func bindArray(_ values: [KeyValue], text: Bool, to binds: inout PostgresBindings) {
        if text {
            binds.append(
                values.map { value -> String in
                    guard case .text(let s) = value else { return "" }
                    return s
                })
        } else {
            binds.append(
                values.map { value -> Int64 in
                    guard case .integer(let n) = value else { return 0 }
                    return n
                })
        }
    }

    /// Insert-or-update by key for the tables without history, in array statements: the stored rows of the batch's keys
    /// are read in one query, the outcomes decided in memory in the batch's order (as one record at a time would), then
    /// the new rows are inserted (in the order their keys first appear, so that ids follow arrival) and the changed
    /// ones updated. `province`, for a partitioned table, gives a new record's partition (created when missing); an
    /// updated row stays where it is. Returns the outcomes and the rows written, with their ids, records and provinces.
    private func upsertRows<R: Sendable>(
        _ c: PostgresConnection, _ records: [Sourced<R>], table: String, keys: [KeyColumn<R>], province: ((R) -> String)?,
        encode: (R) -> [UInt8], decode: (UnsafeRawBufferPointer) throws(CodingFailure) -> R
    ) async throws -> (outcomes: [IngestOutcome<R>], counts: IngestCounts, written: [(id: Int64, record: R, province: String)]) {
        guard !records.isEmpty else { return ([], IngestCounts(), []) }
        let recordKeys = records.map { item in keys.map { $0.value(item.record) } }
        var keyIndex: [[KeyValue]: Int] = [:]
        var distinct: [[KeyValue]] = []
        for key in recordKeys where keyIndex[key] == nil {
            keyIndex[key] = distinct.count
            distinct.append(key)
        }
        func keyBinds() -> PostgresBindings {
            var binds = PostgresBindings()
            for (i, key) in keys.enumerated() { Self.bindArray(distinct.map { $0[i] }, text: key.isText, to: &binds) }
            return binds
        }
        let keyTypes = keys.enumerated().map { "$\($0.offset + 1)::\($0.element.isText ? "text" : "bigint")[]" }.joined(separator: ", ")
        let keyNames = keys.indices.map { "k\($0)" }.joined(separator: ", ")
        var entries = [UpsertEntry<R>?](repeating: nil, count: distinct.count)
        let stored = try await Self.rows(
            c,
            PostgresQuery(
                unsafeSQL: """
                    SELECT t.id, t.data, \(province == nil ? "''" : "t.province_code"), k.n
                    FROM unnest(\(keyTypes)) WITH ORDINALITY AS k(\(keyNames), n)
                    JOIN \(table) t ON \(keys.enumerated().map { "t.\($0.element.name) = k.k\($0.offset)" }.joined(separator: " AND "))
                    """, binds: keyBinds()), logger: logger)
        for row in stored {
            let (id, data, province, n) = try row.decode((Int64, ByteBuffer, String, Int64).self)
            entries[Int(n) - 1] = UpsertEntry(id: id, blob: Array(data.readableBytesView), record: nil, province: province)
        }
        var outcomes: [IngestOutcome<R>] = []
        outcomes.reserveCapacity(records.count)
        var counts = IngestCounts()
        var inserts: [Int] = []
        for (item, key) in zip(records, recordKeys) {
            let k = keyIndex[key]!
            let blob = encode(item.record)
            if var entry = entries[k] {
                if entry.blob == blob {
                    outcomes.append(.unchanged)
                    counts.unchanged += 1
                    continue
                }
                let previous = try entry.blob.withUnsafeBytes { raw in
                    do { return try decode(raw) } catch { throw StoreError.corruptRecord(table: table) }
                }
                entry.blob = blob
                entry.record = item.record
                entry.changed = true
                entries[k] = entry
                outcomes.append(.updated(previous: previous))
                counts.updated += 1
            } else {
                entries[k] = UpsertEntry(id: nil, blob: blob, record: item.record, province: province?(item.record) ?? "", changed: true)
                inserts.append(k)
                outcomes.append(.accepted)
                counts.accepted += 1
            }
        }
        if !inserts.isEmpty {
            var binds = PostgresBindings()
            for (i, key) in keys.enumerated() { Self.bindArray(inserts.map { distinct[$0][i] }, text: key.isText, to: &binds) }
            binds.append(inserts.map { ByteBuffer(bytes: entries[$0]!.blob) })
            var columns = keys.map(\.name) + ["data"]
            var values = keys.indices.map { "k\($0)" } + ["data"]
            var types = keys.map { $0.isText ? "text[]" : "bigint[]" } + ["bytea[]"]
            if province != nil {
                let provinces = inserts.map { entries[$0]!.province }
                try await Self.ensurePartitions(c, Set(provinces), logger: logger)
                binds.append(provinces)
                columns.append("province_code")
                values.append("province")
                types.append("text[]")
            }
            let arrays = types.enumerated().map { "$\($0.offset + 1)::\($0.element)" }.joined(separator: ", ")
            let returned = try await Self.rows(
                c,
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO \(table) (\(columns.joined(separator: ", ")))
                        SELECT \(values.joined(separator: ", ")) FROM unnest(\(arrays)) WITH ORDINALITY AS u(\(values.joined(separator: ", ")), n)
                        ORDER BY n
                        RETURNING id, \(keys.map(\.name).joined(separator: ", "))
                        """, binds: binds), logger: logger)
            for row in returned {
                let cells = row.makeRandomAccess()
                var key: [KeyValue] = []
                for (i, column) in keys.enumerated() {
                    key.append(column.isText ? .text(try cells[i + 1].decode(String.self)) : .integer(try cells[i + 1].decode(Int64.self)))
                }
                guard let k = keyIndex[key] else { throw StoreError.queryFailed(underlying: "\(table): an inserted row's key is not the batch's") }
                entries[k]?.id = try cells[0].decode(Int64.self)
            }
        }
        let inserted = Set(inserts)
        let updates = entries.indices.filter { entries[$0]!.changed && !inserted.contains($0) }
        if !updates.isEmpty {
            try await c.query(
                PostgresQuery(
                    unsafeSQL: "UPDATE \(table) t SET data = u.data FROM unnest($1::bigint[], $2::bytea[]) AS u(id, data) WHERE t.id = u.id",
                    binds: Self.binds(updates.map { entries[$0]!.id! }, updates.map { ByteBuffer(bytes: entries[$0]!.blob) })), logger: logger)
        }
        var written: [(id: Int64, record: R, province: String)] = []
        for entry in entries {
            guard let entry, entry.changed, let id = entry.id, let record = entry.record else { continue }
            written.append((id, record, entry.province))
        }
        return (outcomes, counts, written)
    }

    /// A key's row as an upsert's batch sees it: as stored, then as the batch's earlier records left it.
    struct UpsertEntry<R> {
        var id: Int64?
        var blob: [UInt8]
        var record: R?
        var province: String
        var changed = false
    }

    static func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value) }
        return binds
    }

    /// Keeps records in quarantine, once each per input (`inputKey`, a file's full path; the record's file name when
    /// nil), in one statement; returns how many were new.
    static func quarantine(_ c: PostgresConnection, _ records: [QuarantinedRecord], inputKey: String?, at: Instant, logger: Logger) async throws
        -> Int
    {
        guard !records.isEmpty else { return 0 }
        let rows = try await Self.rows(
            c,
            """
            INSERT INTO quarantine (source_key, source_file, record_key, line, raw_text, reason, first_seen)
            SELECT key, file, record, NULLIF(line, \(Int64.min)), raw, reason, \(at.secondsSinceEpoch)
            FROM unnest(\(records.map { inputKey ?? $0.fileName }), \(records.map(\.fileName)), \(records.map { Int64($0.recordNumber ?? -1) }),
                \(records.map { $0.line.map(Int64.init) ?? .min }), \(records.map(\.rawText)), \(records.map(\.reason)))
                WITH ORDINALITY AS u(key, file, record, line, raw, reason, n)
            ORDER BY n
            ON CONFLICT DO NOTHING RETURNING id
            """, logger: logger)
        return rows.count
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
