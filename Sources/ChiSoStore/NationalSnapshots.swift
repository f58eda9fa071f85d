public import ChiSoCore

/// Identifies a stored snapshot of the national portal's figures.
public struct NationalSnapshotID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
    public static func < (lhs: NationalSnapshotID, rhs: NationalSnapshotID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What the store lists of a snapshot, without its figures.
public struct NationalSnapshotInfo: Hashable, Sendable {
    public var id: NationalSnapshotID
    public var period: Period
    /// The time of export.
    public var takenAt: Instant
    /// Where the time of export comes from (the file, the fetch, the user, or the time of import).
    public var takenAtSource: NationalTakenAtSource
    public var origin: NationalSnapshot.Origin
    public var provinceID: String?
    public var groupsPresent: Set<NationalGroup>
    /// All six groups are present.
    public var isComplete: Bool
    /// The period had not ended at the time of export.
    public var isProvisional: Bool
    /// Units read (the province's own row included).
    public var unitCount: Int
    /// Raw answers (or files) kept.
    public var answerCount: Int
    /// When it was stored.
    public var importedAt: Instant
    /// Whether it is the period's current snapshot: the latest complete one, else the latest partial one.
    public var isCurrent: Bool

    public init(
        id: NationalSnapshotID, period: Period, takenAt: Instant, takenAtSource: NationalTakenAtSource, origin: NationalSnapshot.Origin,
        provinceID: String?, groupsPresent: Set<NationalGroup>, isComplete: Bool, isProvisional: Bool, unitCount: Int, answerCount: Int,
        importedAt: Instant, isCurrent: Bool
    ) {
        self.id = id
        self.period = period
        self.takenAt = takenAt
        self.takenAtSource = takenAtSource
        self.origin = origin
        self.provinceID = provinceID
        self.groupsPresent = groupsPresent
        self.isComplete = isComplete
        self.isProvisional = isProvisional
        self.unitCount = unitCount
        self.answerCount = answerCount
        self.importedAt = importedAt
        self.isCurrent = isCurrent
    }
}

/// A stored snapshot: its listing and the figures read.
public struct StoredNationalSnapshot: Hashable, Sendable {
    public var info: NationalSnapshotInfo
    public var snapshot: NationalSnapshot

    public init(info: NationalSnapshotInfo, snapshot: NationalSnapshot) {
        self.info = info
        self.snapshot = snapshot
    }
}

/// What saving a snapshot did.
public struct NationalSnapshotSaved: Hashable, Sendable {
    /// The snapshot stored, or the one already holding the same answers for the period.
    public var id: NationalSnapshotID
    /// False when the same answers were already stored for the period: nothing was written.
    public var isNew: Bool
    /// The period's current snapshot after the save.
    public var current: NationalSnapshotID
    /// Whether the saved snapshot is partial and a complete one stays current (a partial one never replaces it).
    public var keptComplete: Bool

    public init(id: NationalSnapshotID, isNew: Bool, current: NationalSnapshotID, keptComplete: Bool) {
        self.id = id
        self.isNew = isNew
        self.current = current
        self.keptComplete = keptComplete
    }

    /// Whether the saved snapshot is the period's current one.
    public var isCurrent: Bool { id == current }
}
