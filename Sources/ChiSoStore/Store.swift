public import ChiSoCore

/// Where a record came from: the file (or source label) and its position there.
public struct RecordOrigin: Hashable, Sendable {
    public var fileName: String
    /// The record's number in the file, from 1.
    public var recordNumber: Int?
    /// The line on which the record starts.
    public var line: Int?

    public init(fileName: String, recordNumber: Int? = nil, line: Int? = nil) {
        self.fileName = fileName
        self.recordNumber = recordNumber
        self.line = line
    }
}

/// A record with its origin.
public struct Sourced<Record: Sendable>: Sendable {
    public var record: Record
    public var origin: RecordOrigin

    public init(_ record: Record, origin: RecordOrigin) {
        self.record = record
        self.origin = origin
    }
}

/// A record that could not be read: kept with its source, position, raw text and reason.
public struct QuarantinedRecord: Hashable, Sendable {
    public var fileName: String
    public var recordNumber: Int?
    public var line: Int?
    /// The raw text of the record (as the reader kept it, possibly truncated).
    public var rawText: String
    /// Why it was rejected, in Vietnamese.
    public var reason: String
    /// When it was first quarantined; set by the store, ignored on input.
    public var firstSeen: Instant?

    public init(fileName: String, recordNumber: Int?, line: Int?, rawText: String, reason: String, firstSeen: Instant? = nil) {
        self.fileName = fileName
        self.recordNumber = recordNumber
        self.line = line
        self.rawText = rawText
        self.reason = reason
        self.firstSeen = firstSeen
    }
}

/// The kinds of record the store ingests.
public enum RecordKind: String, Hashable, Sendable, CaseIterable {
    case units, procedures, dossiers, steps, petitions, ratings, targets
    /// The national portal's figures: one import log entry per snapshot saved.
    case national
}

/// Identifies one file import in the import log.
public struct ImportID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
}

/// How a file import ended.
public enum ImportStatus: String, Hashable, Sendable {
    /// Started and not finished: still running.
    case running
    case completed
    /// The file could not be read to the end.
    case failed
    /// The importing process ended without finishing (killed); the batches committed before are kept.
    case interrupted
}

/// Counts of what happened to the records of an import or a batch.
public struct IngestCounts: Hashable, Sendable {
    /// New records stored (tiếp nhận mới).
    public var accepted = 0
    /// Records that replaced a different stored version (cập nhật).
    public var updated = 0
    /// Records identical to a stored version (không đổi).
    public var unchanged = 0
    /// Records that could not be read, or break the unit hierarchy (cách ly).
    public var quarantined = 0
    /// Versions older, by the source's time, than the current one: kept in the history only (lưu lịch sử).
    public var superseded = 0
    /// Records refused and stored nowhere: a dossier another source owns (bị từ chối).
    public var refused = 0

    public init(accepted: Int = 0, updated: Int = 0, unchanged: Int = 0, quarantined: Int = 0, superseded: Int = 0, refused: Int = 0) {
        self.accepted = accepted
        self.updated = updated
        self.unchanged = unchanged
        self.quarantined = quarantined
        self.superseded = superseded
        self.refused = refused
    }

    /// Every record counted.
    public var total: Int { accepted + updated + unchanged + quarantined + superseded + refused }

    public static func + (lhs: IngestCounts, rhs: IngestCounts) -> IngestCounts {
        IngestCounts(
            accepted: lhs.accepted + rhs.accepted, updated: lhs.updated + rhs.updated, unchanged: lhs.unchanged + rhs.unchanged,
            quarantined: lhs.quarantined + rhs.quarantined, superseded: lhs.superseded + rhs.superseded, refused: lhs.refused + rhs.refused)
    }

    /// The counts in words, for summaries and the audit log.
    public var vietnamese: String {
        var parts = ["\(accepted) tiếp nhận mới", "\(updated) cập nhật", "\(unchanged) không đổi"]
        if superseded > 0 { parts.append("\(superseded) lưu vào lịch sử (cũ hơn phiên bản hiện hành)") }
        parts.append("\(quarantined) cách ly")
        if refused > 0 { parts.append("\(refused) bị từ chối") }
        return parts.joined(separator: ", ")
    }

    public static func += (lhs: inout IngestCounts, rhs: IngestCounts) { lhs = lhs + rhs }
}

/// A line of the import log.
public struct ImportLogEntry: Hashable, Sendable {
    public var id: ImportID
    public var file: String
    public var kind: RecordKind
    public var startedAt: Instant
    public var finishedAt: Instant?
    /// The counts of the batches committed so far.
    public var counts: IngestCounts
    public var status: ImportStatus
    /// The importing process (``ProcessOwner``-style identity chosen by the caller), nil when not recorded.
    public var owner: String?
}

/// A batch of records to ingest in one transaction, with the records of the same stretch of input that
/// could not be read.
public struct IngestBatch<Record: Sendable>: Sendable {
    public var records: [Sourced<Record>]
    public var quarantine: [QuarantinedRecord]
    /// The import the batch belongs to; its counters are updated in the batch's transaction.
    public var importID: ImportID?
    /// The time of ingestion (first-seen time of quarantined records, time of events).
    public var at: Instant
    /// The ingestion source (the name of a token's source) sending the batch; nil for an administrator's file import.
    ///
    /// A source owns the dossiers it sends first; a dossier another source owns is refused (``IngestOutcome/refused(reason:)``).
    /// A dossier stored from a file has no owner until a source sends it.
    public var source: String?
    /// The identity of the input the quarantined records come from (a file's full path), which keys the quarantine,
    /// so that two files of the same name in different folders keep their own entries; nil for the records' file name.
    public var inputKey: String?
    /// The audit line written in the batch's own transaction, when the batch changes anything.
    public var audit: IngestAudit?

    public init(
        records: [Sourced<Record>], quarantine: [QuarantinedRecord] = [], importID: ImportID? = nil, at: Instant, source: String? = nil,
        inputKey: String? = nil, audit: IngestAudit? = nil
    ) {
        self.records = records
        self.quarantine = quarantine
        self.importID = importID
        self.at = at
        self.source = source
        self.inputKey = inputKey
        self.audit = audit
    }
}

/// Who ingests a batch, for the audit line the store writes with the batch's data.
public struct IngestAudit: Hashable, Sendable {
    /// `source:NAME` or `cli`.
    public var actor: String
    /// `ingest.dossiers`, `import.units`...
    public var action: String
    /// Where the records came from (a file's path), added to the counts in the line; nil for none.
    public var input: String?

    public init(actor: String, action: String, input: String? = nil) {
        self.actor = actor
        self.action = action
        self.input = input
    }
}

/// What happened to one ingested record.
public enum IngestOutcome<Record: Sendable>: Sendable {
    /// A new record.
    case accepted
    /// A different version replaced the stored one; `previous` is the value it replaced.
    case updated(previous: Record)
    /// The record is identical to the current stored one.
    case unchanged
    /// A dossier version older, by the source's time, than the current one: kept in the history, the current
    /// state unchanged. (Also a unit record waiting for its parent that a later record of the same unit in the
    /// batch replaced.)
    case superseded
    /// Kept in quarantine with the reason (a unit whose parent is unknown or that closes a cycle of parents).
    case quarantined(reason: String)
    /// Refused and stored nowhere, with the reason (a dossier another source owns).
    case refused(reason: String)
}

extension IngestOutcome: Equatable where Record: Equatable {}

extension IngestOutcome {
    /// Whether the record was stored as new or replaced the stored one.
    var changedStoredRecord: Bool {
        switch self {
        case .accepted, .updated: return true
        case .unchanged, .superseded, .quarantined, .refused: return false
        }
    }
}

/// Something to check about a record that was stored: a data-quality warning.
public enum RecordWarning: Hashable, Sendable {
    /// The dossier's unit is not in the catalogue: the dossier is held (stored, counted in no indicator) until the unit arrives.
    case unknownUnit(String)
    /// The dossier's deadline (`NgayHenTra`) is before its reception.
    case deadlineBeforeReception

    /// The warning in Vietnamese.
    public var message: String {
        switch self {
        case .unknownUnit(let code):
            return "đơn vị \(code) chưa có trong danh mục: hồ sơ được lưu giữ nhưng chưa được tính vào chỉ số cho đến khi đơn vị được nhập"
        case .deadlineBeforeReception:
            return "hạn trả kết quả (NgayHenTra) trước thời điểm tiếp nhận (NgayTiepNhan): cần kiểm tra dữ liệu"
        }
    }
}

/// The data-quality findings of one unit code, from the stored dossiers.
public struct UnitDataQuality: Hashable, Sendable {
    public var unitCode: String
    /// Whether the unit is in the catalogue.
    public var unitKnown: Bool
    /// The unit's dossiers.
    public var dossiers: Int
    /// Dossiers whose deadline is before their reception.
    public var deadlineBeforeReception: Int
    /// Up to ten codes of such dossiers.
    public var deadlineBeforeReceptionSamples: [String]

    public init(unitCode: String, unitKnown: Bool, dossiers: Int, deadlineBeforeReception: Int, deadlineBeforeReceptionSamples: [String]) {
        self.unitCode = unitCode
        self.unitKnown = unitKnown
        self.dossiers = dossiers
        self.deadlineBeforeReception = deadlineBeforeReception
        self.deadlineBeforeReceptionSamples = deadlineBeforeReceptionSamples
    }
}

/// The result of ingesting a batch: one outcome per record, in order, and the batch's counts.
public struct IngestResult<Record: Sendable>: Sendable {
    public var outcomes: [IngestOutcome<Record>]
    public var counts: IngestCounts
    /// Quarantined records seen for the first time (the others were already in quarantine).
    public var newlyQuarantined: Int
    /// Data-quality warnings of stored records, by index in the batch's records (absent: none).
    public var warnings: [Int: [RecordWarning]]

    public init(outcomes: [IngestOutcome<Record>], counts: IngestCounts, newlyQuarantined: Int, warnings: [Int: [RecordWarning]] = [:]) {
        self.outcomes = outcomes
        self.counts = counts
        self.newlyQuarantined = newlyQuarantined
        self.warnings = warnings
    }
}

/// An entry of a dossier's history.
public struct DossierEvent: Hashable, Sendable {
    public enum Payload: Hashable, Sendable {
        /// A version of the dossier that was accepted.
        case version(Dossier)
        /// A processing step.
        case step(ProcessingStep)
    }

    /// Position in the append-only log (increasing).
    public var sequence: Int64
    public var dossierCode: String
    public var payload: Payload
    public var origin: RecordOrigin
    /// When it was recorded.
    public var recordedAt: Instant
}

/// The catalogue as stored.
public struct StoredCatalogue: Sendable {
    public var units: [ChiSoCore.Unit]
    public var procedures: [Procedure]

    public init(units: [ChiSoCore.Unit], procedures: [Procedure]) {
        self.units = units
        self.procedures = procedures
    }
}

/// Everything scoring needs for a stretch of time.
public struct ScoringData: Sendable {
    public var catalogue: StoredCatalogue
    public var dossiers: [Dossier]
    public var petitions: [Petition]
    public var ratings: [Rating]
    public var targets: [Target]
}

/// ChiSo's storage: the catalogue, the current state and history of dossiers, petitions, ratings, targets,
/// quarantine and the import log.
///
/// Ingestion is idempotent: re-importing the same records changes nothing. Each batch is one transaction,
/// records, quarantine, import-log counters and audit line together, so every input record ends stored,
/// quarantined or refused, and no change is without its audit line.
public protocol Store: Sendable {
    /// Starts a file import in the import log; `owner` identifies the importing process, so that an import whose
    /// process died can be told from a running one (``interruptAbandonedImports(at:isAlive:)``).
    func beginImport(file: String, kind: RecordKind, at: Instant, owner: String?) async throws(StoreError) -> ImportID
    /// Marks an import finished.
    func finishImport(_ id: ImportID, status: ImportStatus, at: Instant) async throws(StoreError)
    /// Marks the running imports whose owner is not alive (or not recorded) as interrupted; returns how many.
    func interruptAbandonedImports(at: Instant, isAlive: @Sendable (String) -> Bool) async throws(StoreError) -> Int

    /// Ingests dossiers, keeping every version in the dossier's events.
    ///
    /// Versions are ordered by the source's own time, then by arrival: the source's time of a version is its latest
    /// event instant (`DossierVersionOrder.sourceTime`), because the DVCQG payload carries no sync time. A new dossier is stored;
    /// a version whose time is not earlier than the current one's becomes current (updated), even when its content
    /// equals an earlier version's (a correction); a repeat of the current content is the only "unchanged"; a
    /// version older than the current one (a late arrival, an older file imported again) is kept in the history
    /// once and does not replace the current state (superseded). A dossier owned by another source than the
    /// batch's is refused, and nothing changes. Stored dossiers of an unknown unit, or whose deadline is before their
    /// reception, carry warnings in the result.
    func ingest(dossiers batch: IngestBatch<Dossier>) async throws(StoreError) -> IngestResult<Dossier>
    /// Does the work of ``ingest(dossiers:)`` that needs no write transaction (encoding the dossiers, judging their
    /// facts), so that a caller can do it while the previous batch is written; ``ingest(prepared:)`` writes the batch.
    func prepare(dossiers batch: IngestBatch<Dossier>) async throws(StoreError) -> PreparedDossiers
    /// Ingests a batch made ready by ``prepare(dossiers:)``, exactly as ``ingest(dossiers:)`` ingests its records.
    func ingest(prepared: PreparedDossiers) async throws(StoreError) -> IngestResult<Dossier>
    /// Appends processing steps to the dossiers' events (a step already recorded is unchanged); a step of a dossier
    /// another source owns than the batch's is refused.
    func ingest(steps batch: IngestBatch<ProcessingStep>) async throws(StoreError) -> IngestResult<ProcessingStep>
    /// Upserts units by code, keeping the hierarchy valid: a unit whose parent is unknown, or that would close a
    /// cycle of parents, is quarantined with the reason (the stored version, if any, stays). Within a batch, a
    /// child may come before its parent.
    func ingest(units batch: IngestBatch<ChiSoCore.Unit>) async throws(StoreError) -> IngestResult<ChiSoCore.Unit>
    /// Upserts procedures by code.
    func ingest(procedures batch: IngestBatch<Procedure>) async throws(StoreError) -> IngestResult<Procedure>
    /// Upserts petitions by code.
    func ingest(petitions batch: IngestBatch<Petition>) async throws(StoreError) -> IngestResult<Petition>
    /// Upserts ratings by dossier and rating time.
    func ingest(ratings batch: IngestBatch<Rating>) async throws(StoreError) -> IngestResult<Rating>
    /// Upserts targets by indicator, scope and period.
    func ingest(targets batch: IngestBatch<Target>) async throws(StoreError) -> IngestResult<Target>

    /// Units and procedures, in the order they were first stored; units whose chain of parents does not reach a
    /// root (left by older versions) are left out, so that loading never fails because of one row.
    func catalogue() async throws(StoreError) -> StoredCatalogue
    /// Dossiers received before `receivedBefore` that had not ended before `notEndedBefore`
    /// (a period's dossiers: received by its end, still open at its start).
    func dossiers(receivedBefore: Instant, notEndedBefore: Instant) async throws(StoreError) -> [Dossier]
    /// Dossiers received by `asOf` and not ended at `asOf`.
    func openDossiers(asOf: Instant) async throws(StoreError) -> [Dossier]
    /// One dossier's current state.
    func dossier(code: String) async throws(StoreError) -> Dossier?
    /// A dossier's history, oldest first.
    func events(dossierCode: String) async throws(StoreError) -> [DossierEvent]
    func petitions() async throws(StoreError) -> [Petition]
    func ratings() async throws(StoreError) -> [Rating]
    func targets() async throws(StoreError) -> [Target]
    /// When the earliest stored dossier was received (nil when none): how far back the data reach, for the caveat of a
    /// comparison with a period the data cover only in part.
    func firstReception() async throws(StoreError) -> Instant?
    /// Everything scoring needs for dossiers received before `receivedBefore` and not ended before `notEndedBefore`.
    func scoringData(receivedBefore: Instant, notEndedBefore: Instant) async throws(StoreError) -> ScoringData
    /// Every unit's figures for a period judged at `asOf` (the end of the period when nil): the figures
    /// `IndexAccumulator.aggregate` gives for the stored dossiers, petitions and ratings, with `basis`'s calendar and
    /// settings. A store that keeps judged facts aggregates them in the database, so that memory does not grow with
    /// dossiers; the default reads the period's records and counts them in memory.
    func aggregate(period: Period, asOf: Instant?, basis: JudgingBasis, includeChildren: Bool) async throws(StoreError) -> Aggregation
    /// The quarantine, oldest first.
    func quarantined() async throws(StoreError) -> [QuarantinedRecord]
    /// The import log, oldest first.
    func importLog() async throws(StoreError) -> [ImportLogEntry]

    /// Stores a snapshot of the national portal's figures with its raw answers kept byte for byte, and the
    /// unreadable parts of those answers in quarantine, in one transaction.
    ///
    /// Idempotent: answers already stored for the same period (the same bytes, in any order) give back that
    /// snapshot and write nothing. Every snapshot stays listed; a partial one never replaces a complete one as
    /// the period's current snapshot.
    func save(
        nationalSnapshot snapshot: NationalSnapshot, takenAtSource: NationalTakenAtSource, answers: [NationalRawAnswer],
        quarantine: [QuarantinedRecord], at: Instant
    ) async throws(StoreError) -> NationalSnapshotSaved
    /// The snapshots of a period (every period when nil), by period, then time of export, then id.
    func nationalSnapshots(period: Period?) async throws(StoreError) -> [NationalSnapshotInfo]
    /// One snapshot with its figures; nil when there is none with that id.
    func nationalSnapshot(id: NationalSnapshotID) async throws(StoreError) -> StoredNationalSnapshot?
    /// The period's current snapshot: the latest complete one (by time of export), else the latest partial one.
    func currentNationalSnapshot(period: Period) async throws(StoreError) -> StoredNationalSnapshot?
    /// A snapshot's raw answers, as received, in the order they were read.
    func nationalAnswers(snapshot: NationalSnapshotID) async throws(StoreError) -> [NationalRawAnswer]

    /// The source owning a dossier (nil when none, or no such dossier).
    func owner(ofDossier code: String) async throws(StoreError) -> String?
    /// Gives a dossier to another source, with its audit line in the same transaction; returns the previous owner.
    ///
    /// - Throws: ``StoreError`` when no dossier has that code.
    func transferDossier(code: String, to source: String, actor: String, at: Instant) async throws(StoreError) -> String?
    /// The units with data-quality findings in the stored dossiers (unknown unit, deadline before reception), by code.
    func dataQuality() async throws(StoreError) -> [UnitDataQuality]
}

/// A batch of dossiers with the work that needs no write transaction done (``Store/prepare(dossiers:)``).
public struct PreparedDossiers: Sendable {
    /// The records, as given.
    public let batch: IngestBatch<Dossier>
    /// What the SQLite store did ahead; nil for a store that does everything in the transaction.
    let sqlite: SQLitePreparation?

    init(batch: IngestBatch<Dossier>, sqlite: SQLitePreparation? = nil) {
        self.batch = batch
        self.sqlite = sqlite
    }
}

extension Store {
    /// Nothing done ahead: ``ingest(prepared:)`` does it all.
    public func prepare(dossiers batch: IngestBatch<Dossier>) async throws(StoreError) -> PreparedDossiers {
        PreparedDossiers(batch: batch)
    }

    public func ingest(prepared: PreparedDossiers) async throws(StoreError) -> IngestResult<Dossier> {
        try await ingest(dossiers: prepared.batch)
    }

    public func aggregate(period: Period, asOf: Instant?, basis: JudgingBasis, includeChildren: Bool) async throws(StoreError) -> Aggregation {
        let start = asOf.map { min(period.startInstant, $0) } ?? period.startInstant
        let data = try await scoringData(receivedBefore: period.endInstant, notEndedBefore: start)
        let catalogue: Catalogue
        do {
            catalogue = try Catalogue(units: data.catalogue.units, procedures: data.catalogue.procedures)
        } catch {
            throw .queryFailed(underlying: "\(error)")
        }
        return IndexAccumulator.aggregate(
            catalogue: catalogue, dossiers: data.dossiers, petitions: data.petitions, ratings: data.ratings, period: period, asOf: asOf,
            calendar: basis.calendar, settings: basis.settings, includeChildren: includeChildren)
    }

    /// Starts a file import with no owner recorded.
    public func beginImport(file: String, kind: RecordKind, at: Instant) async throws(StoreError) -> ImportID {
        try await beginImport(file: file, kind: kind, at: at, owner: nil)
    }
}
