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
    /// Started and not finished: still running, or interrupted (the batches committed so far are kept).
    case running
    case completed
    /// The file could not be read to the end.
    case failed
}

/// Counts of what happened to the records of an import or a batch.
public struct IngestCounts: Hashable, Sendable {
    /// New records stored (tiếp nhận mới).
    public var accepted = 0
    /// Records that replaced a different stored version (cập nhật).
    public var updated = 0
    /// Records identical to a stored version (không đổi).
    public var unchanged = 0
    /// Records that could not be read (cách ly).
    public var quarantined = 0

    public init(accepted: Int = 0, updated: Int = 0, unchanged: Int = 0, quarantined: Int = 0) {
        self.accepted = accepted
        self.updated = updated
        self.unchanged = unchanged
        self.quarantined = quarantined
    }

    /// Every record counted.
    public var total: Int { accepted + updated + unchanged + quarantined }

    public static func + (lhs: IngestCounts, rhs: IngestCounts) -> IngestCounts {
        IngestCounts(
            accepted: lhs.accepted + rhs.accepted, updated: lhs.updated + rhs.updated, unchanged: lhs.unchanged + rhs.unchanged,
            quarantined: lhs.quarantined + rhs.quarantined)
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

    public init(records: [Sourced<Record>], quarantine: [QuarantinedRecord] = [], importID: ImportID? = nil, at: Instant) {
        self.records = records
        self.quarantine = quarantine
        self.importID = importID
        self.at = at
    }
}

/// What happened to one ingested record.
public enum IngestOutcome<Record: Sendable>: Sendable {
    /// A new record.
    case accepted
    /// A different version replaced the stored one; `previous` is the value it replaced.
    case updated(previous: Record)
    /// The record is identical to the stored one, or to a version stored before (a stale re-import).
    case unchanged
}

extension IngestOutcome: Equatable where Record: Equatable {}

/// The result of ingesting a batch: one outcome per record, in order, and the batch's counts.
public struct IngestResult<Record: Sendable>: Sendable {
    public var outcomes: [IngestOutcome<Record>]
    public var counts: IngestCounts
    /// Quarantined records seen for the first time (the others were already in quarantine).
    public var newlyQuarantined: Int

    public init(outcomes: [IngestOutcome<Record>], counts: IngestCounts, newlyQuarantined: Int) {
        self.outcomes = outcomes
        self.counts = counts
        self.newlyQuarantined = newlyQuarantined
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
/// records, quarantine and import-log counters together, so every input record ends stored or quarantined.
public protocol Store: Sendable {
    /// Starts a file import in the import log.
    func beginImport(file: String, kind: RecordKind, at: Instant) async throws(StoreError) -> ImportID
    /// Marks an import finished.
    func finishImport(_ id: ImportID, status: ImportStatus, at: Instant) async throws(StoreError)

    /// Ingests dossiers: new ones are stored, a different version replaces the current state and is appended
    /// to the dossier's events, and an identical (or previously seen) version changes nothing.
    func ingest(dossiers batch: IngestBatch<Dossier>) async throws(StoreError) -> IngestResult<Dossier>
    /// Appends processing steps to the dossiers' events (a step already recorded is unchanged).
    func ingest(steps batch: IngestBatch<ProcessingStep>) async throws(StoreError) -> IngestResult<ProcessingStep>
    /// Upserts units by code.
    func ingest(units batch: IngestBatch<ChiSoCore.Unit>) async throws(StoreError) -> IngestResult<ChiSoCore.Unit>
    /// Upserts procedures by code.
    func ingest(procedures batch: IngestBatch<Procedure>) async throws(StoreError) -> IngestResult<Procedure>
    /// Upserts petitions by code.
    func ingest(petitions batch: IngestBatch<Petition>) async throws(StoreError) -> IngestResult<Petition>
    /// Upserts ratings by dossier and rating time.
    func ingest(ratings batch: IngestBatch<Rating>) async throws(StoreError) -> IngestResult<Rating>
    /// Upserts targets by indicator, scope and period.
    func ingest(targets batch: IngestBatch<Target>) async throws(StoreError) -> IngestResult<Target>

    /// Units and procedures, in the order they were first stored.
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
    /// Everything scoring needs for dossiers received before `receivedBefore` and not ended before `notEndedBefore`.
    func scoringData(receivedBefore: Instant, notEndedBefore: Instant) async throws(StoreError) -> ScoringData
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
}
