public import ChiSoCore
import Foundation
import Logging
import PostgresNIO

// MARK: - Snapshots of the national portal's figures

extension PostgresStore {
    public func save(
        nationalSnapshot snapshot: NationalSnapshot, takenAtSource: NationalTakenAtSource, answers: [NationalRawAnswer],
        quarantine: [QuarantinedRecord], at: Instant
    ) async throws(StoreError) -> NationalSnapshotSaved {
        let figures = try NationalSnapshotRows.encode(snapshot)
        let digest = NationalSnapshotRows.contentDigest(answers)
        let period = snapshot.period.description
        return try await write { c in
            // The same answers for the same period: that snapshot, nothing written.
            let candidates = try await Self.rows(
                c, "SELECT id FROM national_snapshots WHERE period = \(period) AND content_digest = \(digest) ORDER BY id", logger: logger
            ).map { try $0.decode(Int64.self) }
            let wanted = answers.map(Self.identity).sorted { $0.lexicographicallyPrecedes($1) }
            for candidate in candidates {
                let stored = try await Self.answers(c, snapshot: candidate, logger: logger).map(Self.identity).sorted {
                    $0.lexicographicallyPrecedes($1)
                }
                if stored == wanted {
                    let current = try await Self.currentID(c, period: period, logger: logger) ?? NationalSnapshotID(rawValue: candidate)
                    return NationalSnapshotSaved(id: NationalSnapshotID(rawValue: candidate), isNew: false, current: current, keptComplete: false)
                }
            }
            let id = try await Self.rows(
                c,
                """
                INSERT INTO national_snapshots (period, taken_at, taken_at_source, origin, province_id, groups, complete, provisional,
                    unit_count, answer_count, content_digest, imported_at, figures)
                VALUES (\(period), \(snapshot.takenAt.secondsSinceEpoch), \(takenAtSource.rawValue), \(snapshot.origin.rawValue), \(snapshot.provinceID),
                    \(NationalSnapshotRows.groupsText(snapshot.groupsPresent)), \(snapshot.isComplete), \(snapshot.isProvisional),
                    \(Int64(snapshot.units.count)), \(Int64(answers.count)), \(digest), \(at.secondsSinceEpoch), \(figures))
                RETURNING id
                """, logger: logger)[0].decode(Int64.self)
            for (position, answer) in answers.enumerated() {
                try await c.query(
                    """
                    INSERT INTO national_answers (snapshot_id, position, endpoint, source, page, bytes)
                    VALUES (\(id), \(Int64(position)), \(answer.endpoint), \(answer.source), \(answer.page.map(Int64.init)), \(ByteBuffer(bytes: answer.bytes)))
                    """, logger: logger)
            }
            _ = try await Self.quarantine(c, quarantine, inputKey: nil, at: at, logger: logger)
            let current = try await Self.currentID(c, period: period, logger: logger) ?? NationalSnapshotID(rawValue: id)
            let currentIsComplete = try await Self.rows(
                c, "SELECT complete FROM national_snapshots WHERE id = \(current.rawValue)", logger: logger
            ).first?.decode(Bool.self)
            let keptComplete = !snapshot.isComplete && current.rawValue != id && currentIsComplete == true
            return NationalSnapshotSaved(id: NationalSnapshotID(rawValue: id), isNew: true, current: current, keptComplete: keptComplete)
        }
    }

    public func nationalSnapshots(period: Period?) async throws(StoreError) -> [NationalSnapshotInfo] {
        try await read { c in
            let infos = try await Self.infos(c, period: period?.description, logger: logger)
            return infos.sorted { ($0.period.start, $0.period.end, $0.takenAt, $0.id) < ($1.period.start, $1.period.end, $1.takenAt, $1.id) }
        }
    }

    public func nationalSnapshot(id: NationalSnapshotID) async throws(StoreError) -> StoredNationalSnapshot? {
        try await read { c in
            guard let info = try await Self.infos(c, id: id.rawValue, logger: logger).first else { return nil }
            return StoredNationalSnapshot(info: info, snapshot: try await Self.figures(c, id: id, logger: logger))
        }
    }

    public func currentNationalSnapshot(period: Period) async throws(StoreError) -> StoredNationalSnapshot? {
        try await read { c in
            guard let id = try await Self.currentID(c, period: period.description, logger: logger),
                let info = try await Self.infos(c, id: id.rawValue, logger: logger).first
            else { return nil }
            return StoredNationalSnapshot(info: info, snapshot: try await Self.figures(c, id: id, logger: logger))
        }
    }

    public func nationalAnswers(snapshot: NationalSnapshotID) async throws(StoreError) -> [NationalRawAnswer] {
        try await read { c in try await Self.answers(c, snapshot: snapshot.rawValue, logger: logger) }
    }

    /// An answer's identity for comparing two sets of answers: its endpoint, page and bytes.
    private static func identity(_ answer: NationalRawAnswer) -> [UInt8] {
        Array((answer.endpoint ?? "").utf8) + [0] + Array(String(answer.page ?? 0).utf8) + [0] + answer.bytes
    }

    /// The period's current snapshot: the latest complete one, else the latest partial one (time of export, then id).
    private static func currentID(_ c: PostgresConnection, period: String, logger: Logger) async throws -> NationalSnapshotID? {
        try await rows(
            c, "SELECT id FROM national_snapshots WHERE period = \(period) ORDER BY complete DESC, taken_at DESC, id DESC LIMIT 1", logger: logger
        ).first.map { NationalSnapshotID(rawValue: try $0.decode(Int64.self)) }
    }

    /// Listing rows of a period, or the one of an id (every row when both are nil), each flagged current or not.
    private static func infos(_ c: PostgresConnection, period: String? = nil, id: Int64? = nil, logger: Logger) async throws -> [NationalSnapshotInfo]
    {
        let query: PostgresQuery = """
            SELECT s.id, s.period, s.taken_at, s.taken_at_source, s.origin, s.province_id, s.groups, s.complete, s.provisional, s.unit_count,
                s.answer_count, s.imported_at,
                s.id = (SELECT o.id FROM national_snapshots o WHERE o.period = s.period ORDER BY o.complete DESC, o.taken_at DESC, o.id DESC LIMIT 1)
            FROM national_snapshots s WHERE (\(period)::text IS NULL OR s.period = \(period)) AND (\(id)::bigint IS NULL OR s.id = \(id))
            """
        return try await rows(c, query, logger: logger).map { row in
            let (id, periodText, takenAt, sourceText, originText, province, groupsText, complete, provisional, units, answers, imported, current) =
                try row.decode((Int64, String, Int64, String, String, String?, String, Bool, Bool, Int64, Int64, Int64, Bool).self)
            guard let period = Period(periodText), let source = NationalTakenAtSource(rawValue: sourceText),
                let origin = NationalSnapshot.Origin(rawValue: originText)
            else { throw StoreError.corruptRecord(table: "national_snapshots") }
            return NationalSnapshotInfo(
                id: NationalSnapshotID(rawValue: id), period: period, takenAt: Instant(secondsSinceEpoch: takenAt), takenAtSource: source,
                origin: origin, provinceID: province,
                groupsPresent: Set(groupsText.split(separator: ",").compactMap { NationalGroup(rawValue: String($0)) }), isComplete: complete,
                isProvisional: provisional, unitCount: Int(units), answerCount: Int(answers), importedAt: Instant(secondsSinceEpoch: imported),
                isCurrent: current)
        }
    }

    private static func figures(_ c: PostgresConnection, id: NationalSnapshotID, logger: Logger) async throws -> NationalSnapshot {
        guard
            let text = try await rows(c, "SELECT figures FROM national_snapshots WHERE id = \(id.rawValue)", logger: logger).first?.decode(
                String.self)
        else { throw StoreError.corruptRecord(table: "national_snapshots") }
        do {
            return try JSONDecoder().decode(NationalSnapshot.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptRecord(table: "national_snapshots")
        }
    }

    private static func answers(_ c: PostgresConnection, snapshot: Int64, logger: Logger) async throws -> [NationalRawAnswer] {
        try await rows(
            c, "SELECT endpoint, source, page, bytes FROM national_answers WHERE snapshot_id = \(snapshot) ORDER BY position", logger: logger
        ).map { row in
            let (endpoint, source, page, bytes) = try row.decode((String?, String, Int64?, ByteBuffer).self)
            return NationalRawAnswer(endpoint: endpoint, source: source, page: page.map(Int.init), bytes: Array(bytes.readableBytesView))
        }
    }
}
