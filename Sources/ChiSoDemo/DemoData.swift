public import ChiSoCore

/// A generated demo province: every kind of record ChiSo ingests.
public struct DemoData: Hashable, Sendable {
    /// The options the data was generated with.
    public var options: DemoOptions
    /// Name of the province, e.g. "tỉnh Phước An".
    public var provinceName: String
    /// Units: the province, departments, districts and communes (with their validity).
    public var units: [Unit]
    /// The procedure catalogue, with publication facts.
    public var procedures: [Procedure]
    /// Dossiers received from the first generated month to `options.today`, in order of reception.
    public var dossiers: [Dossier]
    /// Petitions (phản ánh, kiến nghị).
    public var petitions: [Petition]
    /// Satisfaction ratings of dossiers.
    public var ratings: [Rating]
    /// Targets assigned for each year covered.
    public var targets: [Target]

    public init(
        options: DemoOptions, provinceName: String, units: [Unit], procedures: [Procedure], dossiers: [Dossier],
        petitions: [Petition], ratings: [Rating], targets: [Target]
    ) {
        self.options = options
        self.provinceName = provinceName
        self.units = units
        self.procedures = procedures
        self.dossiers = dossiers
        self.petitions = petitions
        self.ratings = ratings
        self.targets = targets
    }
}
