public import ChiSoCore
import Foundation
import GRDB

// MARK: - Snapshots of the national portal's figures

extension SQLiteStore {
    public func save(
        nationalSnapshot snapshot: NationalSnapshot, takenAtSource: NationalTakenAtSource, answers: [NationalRawAnswer],
        quarantine: [QuarantinedRecord], at: Instant
    ) async throws(StoreError) -> NationalSnapshotSaved {
        let figures = try NationalSnapshotRows.encode(snapshot)
        let digest = NationalSnapshotRows.contentDigest(answers)
        return try await write { db in
            try NationalSnapshotRows.save(
                db, snapshot, takenAtSource: takenAtSource, answers: answers, quarantine: quarantine, figures: figures, digest: digest, at: at)
        }
    }

    public func nationalSnapshots(period: Period?) async throws(StoreError) -> [NationalSnapshotInfo] {
        try await read { db in
            let rows: [Row]
            if let period {
                rows = try Row.fetchAll(db, sql: NationalSnapshotRows.infoSelect + " WHERE period = ?", arguments: [period.description])
            } else {
                rows = try Row.fetchAll(db, sql: NationalSnapshotRows.infoSelect)
            }
            return try NationalSnapshotRows.infos(rows)
        }
    }

    public func nationalSnapshot(id: NationalSnapshotID) async throws(StoreError) -> StoredNationalSnapshot? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: NationalSnapshotRows.infoSelect + " WHERE id = ?", arguments: [id.rawValue]) else {
                return nil
            }
            let period: String = row["period"]
            let siblings = try Row.fetchAll(db, sql: NationalSnapshotRows.infoSelect + " WHERE period = ?", arguments: [period])
            guard let info = try NationalSnapshotRows.infos(siblings).first(where: { $0.id == id }) else { return nil }
            return StoredNationalSnapshot(info: info, snapshot: try NationalSnapshotRows.figures(db, id: id))
        }
    }

    public func currentNationalSnapshot(period: Period) async throws(StoreError) -> StoredNationalSnapshot? {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: NationalSnapshotRows.infoSelect + " WHERE period = ?", arguments: [period.description])
            guard let info = try NationalSnapshotRows.infos(rows).first(where: \.isCurrent) else { return nil }
            return StoredNationalSnapshot(info: info, snapshot: try NationalSnapshotRows.figures(db, id: info.id))
        }
    }

    public func nationalAnswers(snapshot: NationalSnapshotID) async throws(StoreError) -> [NationalRawAnswer] {
        try await read { db in try NationalSnapshotRows.answers(db, snapshot: snapshot.rawValue) }
    }
}

/// The rows of `national_snapshots` and `national_answers`.
enum NationalSnapshotRows {
    static let infoSelect = """
        SELECT id, period, taken_at, taken_at_source, origin, province_id, groups, complete, provisional, unit_count, answer_count,
        imported_at FROM national_snapshots
        """

    /// The figures as JSON, keys sorted so that the same figures give the same text.
    static func encode(_ snapshot: NationalSnapshot) throws(StoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(snapshot), as: UTF8.self)
        } catch {
            throw .queryFailed(underlying: "cannot encode the snapshot's figures: \(error)")
        }
    }

    /// A digest of the answers that does not depend on their order (each answer's bytes with its endpoint and
    /// page); candidates with the same digest are then compared byte for byte.
    static func contentDigest(_ answers: [NationalRawAnswer]) -> Int64 {
        let each = answers.map { Digest.fnv1a(identity($0)) }.sorted()
        return Digest.fnv1a(each.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } })
    }

    private static func identity(_ answer: NationalRawAnswer) -> [UInt8] {
        Array((answer.endpoint ?? "").utf8) + [0] + Array(String(answer.page ?? 0).utf8) + [0] + answer.bytes
    }

    static func save(
        _ db: Database, _ snapshot: NationalSnapshot, takenAtSource: NationalTakenAtSource, answers: [NationalRawAnswer],
        quarantine: [QuarantinedRecord], figures: String, digest: Int64, at: Instant
    ) throws -> NationalSnapshotSaved {
        let period = snapshot.period.description
        // The same answers for the same period: that snapshot, nothing written.
        let candidates = try Int64.fetchAll(
            db, sql: "SELECT id FROM national_snapshots WHERE period = ? AND content_digest = ? ORDER BY id", arguments: [period, digest])
        let wanted = answers.map(identity).sorted { $0.lexicographicallyPrecedes($1) }
        for candidate in candidates {
            let stored = try self.answers(db, snapshot: candidate).map(identity).sorted { $0.lexicographicallyPrecedes($1) }
            if stored == wanted {
                let current = try currentID(db, period: period) ?? NationalSnapshotID(rawValue: candidate)
                return NationalSnapshotSaved(id: NationalSnapshotID(rawValue: candidate), isNew: false, current: current, keptComplete: false)
            }
        }
        try db.execute(
            sql: """
                INSERT INTO national_snapshots (period, taken_at, taken_at_source, origin, province_id, groups, complete, provisional,
                unit_count, answer_count, content_digest, imported_at, figures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                period, snapshot.takenAt.secondsSinceEpoch, takenAtSource.rawValue, snapshot.origin.rawValue, snapshot.provinceID,
                groupsText(snapshot.groupsPresent), snapshot.isComplete, snapshot.isProvisional, snapshot.units.count, answers.count, digest,
                at.secondsSinceEpoch, figures,
            ])
        let id = db.lastInsertedRowID
        let insert = try db.cachedStatement(
            sql: "INSERT INTO national_answers (snapshot_id, position, endpoint, source, page, bytes) VALUES (?, ?, ?, ?, ?, ?)")
        for (position, answer) in answers.enumerated() {
            try insert.execute(arguments: [id, position, answer.endpoint, answer.source, answer.page, Data(answer.bytes)])
        }
        _ = try Ingestion.quarantine(db, quarantine, inputKey: nil, at: at)
        let current = try currentID(db, period: period) ?? NationalSnapshotID(rawValue: id)
        let currentIsComplete = try Bool.fetchOne(db, sql: "SELECT complete FROM national_snapshots WHERE id = ?", arguments: [current.rawValue])
        let keptComplete = !snapshot.isComplete && current.rawValue != id && currentIsComplete == true
        return NationalSnapshotSaved(id: NationalSnapshotID(rawValue: id), isNew: true, current: current, keptComplete: keptComplete)
    }

    /// The period's current snapshot: the latest complete one, else the latest partial one (time of export, then id).
    static func currentID(_ db: Database, period: String) throws -> NationalSnapshotID? {
        try Int64.fetchOne(
            db, sql: "SELECT id FROM national_snapshots WHERE period = ? ORDER BY complete DESC, taken_at DESC, id DESC LIMIT 1",
            arguments: [period]
        ).map(NationalSnapshotID.init(rawValue:))
    }

    /// Listing rows, each flagged current or not, sorted by period, time of export and id.
    static func infos(_ rows: [Row]) throws -> [NationalSnapshotInfo] {
        var infos = try rows.map { row throws -> NationalSnapshotInfo in
            let periodText: String = row["period"]
            let sourceText: String = row["taken_at_source"]
            let originText: String = row["origin"]
            guard let period = Period(periodText), let source = NationalTakenAtSource(rawValue: sourceText),
                let origin = NationalSnapshot.Origin(rawValue: originText)
            else { throw StoreError.corruptRecord(table: "national_snapshots") }
            let groupsText: String = row["groups"]
            return NationalSnapshotInfo(
                id: NationalSnapshotID(rawValue: row["id"]), period: period, takenAt: Instant(secondsSinceEpoch: row["taken_at"]),
                takenAtSource: source, origin: origin, provinceID: row["province_id"],
                groupsPresent: Set(groupsText.split(separator: ",").compactMap { NationalGroup(rawValue: String($0)) }), isComplete: row["complete"],
                isProvisional: row["provisional"], unitCount: row["unit_count"], answerCount: row["answer_count"],
                importedAt: Instant(secondsSinceEpoch: row["imported_at"]), isCurrent: false)
        }
        var best: [Period: Int] = [:]
        for (i, info) in infos.enumerated() {
            guard let j = best[info.period] else {
                best[info.period] = i
                continue
            }
            let other = infos[j]
            if (info.isComplete ? 1 : 0, info.takenAt, info.id) > (other.isComplete ? 1 : 0, other.takenAt, other.id) { best[info.period] = i }
        }
        for i in best.values { infos[i].isCurrent = true }
        return infos.sorted { ($0.period.start, $0.period.end, $0.takenAt, $0.id) < ($1.period.start, $1.period.end, $1.takenAt, $1.id) }
    }

    static func figures(_ db: Database, id: NationalSnapshotID) throws -> NationalSnapshot {
        guard let text = try String.fetchOne(db, sql: "SELECT figures FROM national_snapshots WHERE id = ?", arguments: [id.rawValue]) else {
            throw StoreError.corruptRecord(table: "national_snapshots")
        }
        do {
            return try JSONDecoder().decode(NationalSnapshot.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptRecord(table: "national_snapshots")
        }
    }

    static func answers(_ db: Database, snapshot: Int64) throws -> [NationalRawAnswer] {
        try Row.fetchAll(
            db, sql: "SELECT endpoint, source, page, bytes FROM national_answers WHERE snapshot_id = ? ORDER BY position", arguments: [snapshot]
        ).map { row in
            let bytes: Data = row["bytes"]
            return NationalRawAnswer(endpoint: row["endpoint"], source: row["source"], page: row["page"], bytes: [UInt8](bytes))
        }
    }

    static func groupsText(_ groups: Set<NationalGroup>) -> String {
        groups.sorted().map(\.rawValue).joined(separator: ",")
    }
}
