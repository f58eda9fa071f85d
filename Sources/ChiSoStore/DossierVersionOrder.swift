public import ChiSoCore

/// The order of a dossier's versions: by the source's own time, then by arrival.
///
/// The DVCQG payload (`DongBoHoSoMC`) carries no sync time, so the source's time of a version is the latest
/// instant the version itself records: submission, reception, end of processing, hand-back, stop, supplement
/// requests and supplies, pauses. A version with a later time is newer whatever its arrival; two versions with the
/// same time are ordered by arrival (the later one wins), so that a correction of a field that is no date (or that
/// restores an earlier version's content) becomes current, while an older export imported again, whose versions
/// carry earlier times, does not roll a dossier back.
public enum DossierVersionOrder {
    /// The source's time of a version: its latest recorded instant.
    public static func sourceTime(_ d: Dossier) -> Instant {
        var latest = d.receivedAt
        func see(_ instant: Instant?) {
            if let instant, instant > latest { latest = instant }
        }
        see(d.submittedAt)
        see(d.processedAt)
        see(d.returnedAt)
        see(d.stoppedAt)
        for s in d.supplements {
            see(s.requestedAt)
            see(s.suppliedAt)
        }
        for p in d.pauses {
            see(p.startedAt)
            see(p.endedAt)
        }
        return latest
    }

    /// Whether `candidate`, arriving after `current`, becomes the current version.
    public static func replaces(_ candidate: Dossier, current: Dossier) -> Bool {
        sourceTime(candidate) >= sourceTime(current)
    }
}
