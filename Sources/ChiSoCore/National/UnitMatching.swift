/// The pairing of the portal's units with the province's own (DOMAIN §7.1): by an explicit mapping, by code, or
/// by the comparison form of the name. Every unit left unpaired on either side is listed with its closest
/// candidates, never dropped.
public struct UnitMatching: Sendable {
    /// How a pair was made.
    public enum Method: String, Hashable, Sendable, Codable {
        /// A row of the mapping file named the portal's id or code.
        case mapping
        /// The portal's code is the unit's code.
        case code
        /// The names are equal once normalised (`VietnameseName.comparisonForm`).
        case name
        /// The portal's row for the province as a whole, paired with the province's root unit.
        case province
    }

    /// A portal unit paired with a ChiSo unit.
    public struct Match: Sendable {
        public let portal: NationalUnitFigures
        public let unit: Unit
        public let method: Method
    }

    /// A close name on the other side, with its similarity in [0, 1].
    public struct Candidate: Hashable, Sendable, Codable {
        /// ChiSo's unit code, or the portal's key (id, else code, else name).
        public let key: String
        public let name: String
        public let similarity: Double
    }

    /// A portal unit no ChiSo unit was paired with.
    public struct UnmatchedPortalUnit: Sendable {
        public let portal: NationalUnitFigures
        public let candidates: [Candidate]
    }

    /// A ChiSo unit no portal unit was paired with.
    public struct UnmatchedUnit: Sendable {
        public let unit: Unit
        public let candidates: [Candidate]
    }

    public let matches: [Match]
    public let unmatchedPortal: [UnmatchedPortalUnit]
    public let unmatchedUnits: [UnmatchedUnit]

    /// The number of candidates listed for an unmatched unit.
    public static let candidateCount = 3

    /// Pairs the portal's units with ChiSo's.
    ///
    /// - Parameters:
    ///   - portal: the units of a snapshot (the province's own row included).
    ///   - units: ChiSo's units to pair (those scored in the period, at the levels the portal ranks).
    ///   - mapping: portal id or code → ChiSo unit code, from a mapping file; it wins over codes and names.
    ///   - provinceName: the province's name, whose "tỉnh X" suffix is dropped before names are compared.
    public init(portal: [NationalUnitFigures], units: [Unit], mapping: [String: String] = [:], provinceName: String? = nil) {
        let byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let byFoldedCode = Dictionary(units.map { (VietnameseName.fold($0.code), $0) }, uniquingKeysWith: { a, _ in a })
        let form = { (name: String) in VietnameseName.comparisonForm(name, provinceName: provinceName) }
        var byName: [String: [Unit]] = [:]
        for unit in units { byName[form(unit.name), default: []].append(unit) }
        let root = units.filter { $0.kind == .province }

        var taken = Set<String>()
        var matches: [Match] = []
        var left: [NationalUnitFigures] = []
        // The mapping first, so that a unit it names is not taken by a guess for another row.
        var pending: [NationalUnitFigures] = []
        for row in portal {
            let mapped = [row.portalID, row.portalCode].compactMap { $0 }.lazy.compactMap { mapping[$0] }.first
            if let mapped, let unit = byCode[mapped], !taken.contains(unit.code) {
                taken.insert(unit.code)
                matches.append(Match(portal: row, unit: unit, method: .mapping))
            } else {
                pending.append(row)
            }
        }
        for row in pending {
            var found: (Unit, Method)?
            if row.isProvince, root.count == 1 {
                found = (root[0], .province)
            } else if let code = row.portalCode, let unit = byCode[code] ?? byFoldedCode[VietnameseName.fold(code)] {
                found = (unit, .code)
            } else if let same = byName[form(row.name)]?.filter({ !taken.contains($0.code) }), same.count == 1 {
                found = (same[0], .name)
            }
            if let (unit, method) = found, !taken.contains(unit.code) {
                taken.insert(unit.code)
                matches.append(Match(portal: row, unit: unit, method: method))
            } else {
                left.append(row)
            }
        }
        let unitsLeft = units.filter { !taken.contains($0.code) }
        let portalForms = left.map { form($0.name) }
        let unitForms = unitsLeft.map { form($0.name) }
        self.matches = matches
        self.unmatchedPortal = left.enumerated().map { i, row in
            UnmatchedPortalUnit(
                portal: row,
                candidates: UnitMatching.closest(
                    to: portalForms[i], among: unitsLeft.enumerated().map { (key: $1.code, name: $1.name, form: unitForms[$0]) }))
        }
        self.unmatchedUnits = unitsLeft.enumerated().map { i, unit in
            UnmatchedUnit(
                unit: unit,
                candidates: UnitMatching.closest(
                    to: unitForms[i], among: left.enumerated().map { (key: $1.key, name: $1.name, form: portalForms[$0]) }))
        }
    }

    /// The match of a ChiSo unit, if paired.
    public func match(unitCode: String) -> Match? { matches.first { $0.unit.code == unitCode } }

    private static func closest(to form: String, among others: [(key: String, name: String, form: String)]) -> [Candidate] {
        let scored = others.map { Candidate(key: $0.key, name: $0.name, similarity: VietnameseName.similarity(form, $0.form)) }
        return Array(
            scored.filter { $0.similarity > 0 }.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.key < $1.key }
                .prefix(candidateCount))
    }
}
