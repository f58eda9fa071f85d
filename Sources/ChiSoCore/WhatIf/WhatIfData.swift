/// The facts "what it would take" is computed from: the same the index is computed from.
public struct WhatIfData: Sendable {
    public var catalogue: Catalogue
    public var methodology: Methodology
    public var calendar: WorkCalendar
    public var settings: JudgeSettings
    public var targets: [Target]
    /// The period's dossiers (received by its end, not ended before its start), current versions.
    public var dossiers: [Dossier]
    public var petitions: [Petition]
    public var ratings: [Rating]

    public init(
        catalogue: Catalogue, methodology: Methodology, calendar: WorkCalendar, settings: JudgeSettings = .portal, targets: [Target] = [],
        dossiers: [Dossier], petitions: [Petition] = [], ratings: [Rating] = []
    ) {
        self.catalogue = catalogue
        self.methodology = methodology
        self.calendar = calendar
        self.settings = settings
        self.targets = targets
        self.dossiers = dossiers
        self.petitions = petitions
        self.ratings = ratings
    }
}
