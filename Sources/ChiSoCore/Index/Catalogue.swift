/// Units and procedures indexed for aggregation: the unit tree, and which procedures each unit handles.
public struct Catalogue: Sendable {
    public let units: [Unit]
    public let procedures: [Procedure]
    let unitIndex: [String: Int]
    let procedureIndex: [String: Int]
    /// Indices of each unit's children.
    let children: [[Int]]
    /// Indices of the procedures each unit handles.
    let unitProcedures: [[Int]]
    /// Unit indices with parents after their children (for bottom-up roll-up).
    let bottomUp: [Int]

    /// Indexes units and procedures.
    ///
    /// - Throws: `CatalogueError` for a duplicate unit code, an unknown parent, or a cycle in the tree.
    public init(units: [Unit], procedures: [Procedure]) throws(CatalogueError) {
        var unitIndex: [String: Int] = [:]
        for (i, u) in units.enumerated() {
            guard unitIndex.updateValue(i, forKey: u.code) == nil else { throw CatalogueError(.duplicateUnit(u.code)) }
        }
        var children = [[Int]](repeating: [], count: units.count)
        var roots: [Int] = []
        for (i, u) in units.enumerated() {
            if let parent = u.parentCode, !parent.isEmpty {
                guard let p = unitIndex[parent] else { throw CatalogueError(.unknownParent(unit: u.code, parent: parent)) }
                children[p].append(i)
            } else {
                roots.append(i)
            }
        }
        // Depth-first order from the roots; a unit not reached sits on a cycle.
        var order: [Int] = []
        order.reserveCapacity(units.count)
        var stack = roots
        while let i = stack.popLast() {
            order.append(i)
            stack.append(contentsOf: children[i])
        }
        if order.count != units.count {
            let reached = Set(order)
            let stuck = units.indices.first { !reached.contains($0) }!
            throw CatalogueError(.cycle(units[stuck].code))
        }
        var procedureIndex: [String: Int] = [:]
        for (i, p) in procedures.enumerated() {
            guard procedureIndex.updateValue(i, forKey: p.code) == nil else {
                throw CatalogueError(.duplicateProcedure(p.code))
            }
        }
        var unitProcedures = [[Int]](repeating: [], count: units.count)
        for (pi, p) in procedures.enumerated() {
            for code in p.unitCodes {
                if let ui = unitIndex[code] { unitProcedures[ui].append(pi) }
            }
            if !p.unitKinds.isEmpty {
                for (ui, u) in units.enumerated() where p.unitKinds.contains(u.kind) && !p.unitCodes.contains(u.code) {
                    unitProcedures[ui].append(pi)
                }
            }
        }
        self.units = units
        self.procedures = procedures
        self.unitIndex = unitIndex
        self.procedureIndex = procedureIndex
        self.children = children
        self.unitProcedures = unitProcedures
        self.bottomUp = order.reversed()
    }

    /// The unit with a code.
    public func unit(_ code: String) -> Unit? { unitIndex[code].map { units[$0] } }

    /// The procedure with a code.
    public func procedure(_ code: String) -> Procedure? { procedureIndex[code].map { procedures[$0] } }

    /// Codes of a unit and all units below it.
    public func subtree(of code: String) -> [String] {
        guard let root = unitIndex[code] else { return [] }
        var out: [String] = []
        var stack = [root]
        while let i = stack.popLast() {
            out.append(units[i].code)
            stack.append(contentsOf: children[i])
        }
        return out
    }

    /// The procedures a unit handles.
    public func procedures(of code: String) -> [Procedure] {
        guard let i = unitIndex[code] else { return [] }
        return unitProcedures[i].map { procedures[$0] }
    }
}

/// A catalogue whose units or procedures do not form a consistent whole.
public struct CatalogueError: Error, Hashable, Sendable, CustomStringConvertible {
    enum Code: Hashable, Sendable {
        case duplicateUnit(String)
        case duplicateProcedure(String)
        case unknownParent(unit: String, parent: String)
        case cycle(String)
    }

    let code: Code

    init(_ code: Code) { self.code = code }

    public var description: String {
        switch code {
        case .duplicateUnit(let c): return "mã đơn vị \(c) xuất hiện hai lần"
        case .duplicateProcedure(let c): return "mã TTHC \(c) xuất hiện hai lần"
        case .unknownParent(let u, let p): return "đơn vị \(u) có đơn vị cấp trên \(p) không có trong danh mục"
        case .cycle(let c): return "đơn vị \(c) là cấp trên của chính nó: quan hệ cấp trên tạo thành vòng lặp"
        }
    }
}
