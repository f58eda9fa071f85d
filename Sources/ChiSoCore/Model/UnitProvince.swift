/// The province a unit belongs to: the one rule both stores and the judged facts use to place a record by province (the
/// key the tables that grow with dossiers are partitioned and distributed by, DESIGN §5).
///
/// A unit belongs to the province at the root of its tree in the catalogue (DOMAIN §2: the province, its departments,
/// districts and communes). Identifier codes alone do not say it: a department's code ends with the province's
/// (`000.00.15.H10`), a commune's begins with it (`H10.80.01`), and a province may keep codes of its own. The province
/// is named by its root's code (``code(ofRoot:)``).
public enum UnitProvince {
    /// The province code a root unit's identifier names: its last dot-separated part (`H10` in `000.00.00.H10`),
    /// upper-cased, when that part is 1 to 16 ASCII letters and digits (so that a partition's name needs no quoting);
    /// empty otherwise.
    public static func code(ofRoot unitCode: String) -> String {
        guard let last = unitCode.split(separator: ".", omittingEmptySubsequences: false).last, (1...16).contains(last.count),
            last.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return "" }
        return last.uppercased()
    }

    /// The province of each unit, given every unit's parent (nil for a root): the code of the root its chain of parents
    /// reaches. A unit whose chain does not reach a root (an unknown parent, a cycle) belongs to none and is left out.
    public static func provinces(parents: [String: String?]) -> [String: String] {
        var provinces: [String: String] = [:]
        provinces.reserveCapacity(parents.count)
        for start in parents.keys where provinces[start] == nil {
            var chain = [start]
            var seen: Set<String> = [start]
            var province: String?
            while let parent = parents[chain.last!] {
                guard let parent else {
                    province = Self.code(ofRoot: chain.last!)
                    break
                }
                if let known = provinces[parent] {
                    province = known
                    break
                }
                guard seen.insert(parent).inserted else { break }
                chain.append(parent)
            }
            guard let province else { continue }
            for unit in chain { provinces[unit] = province }
        }
        return provinces
    }

    /// The province of each unit of a catalogue (``provinces(parents:)``); an empty parent code marks a root.
    public static func provinces(of units: some Sequence<Unit>) -> [String: String] {
        var parents: [String: String?] = [:]
        for unit in units { parents.updateValue(unit.parentCode.flatMap { $0.isEmpty ? nil : $0 }, forKey: unit.code) }
        return provinces(parents: parents)
    }
}
