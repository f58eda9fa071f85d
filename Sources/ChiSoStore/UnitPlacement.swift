import ChiSoCore

/// Which units of a batch may be stored so that the stored units stay a tree: a unit is stored only when its parent is
/// stored and it is not among its parent's ancestors. A unit whose parent is not stored yet waits for the end of the
/// batch (a child may come before its parent); those still waiting then are quarantined, with the reason (an unknown
/// parent, or a cycle of parents). A later record of a unit supersedes an earlier one still waiting.
///
/// The decision needs no database: the stores read their units' parents, place the batch, then write the units placed.
struct UnitPlacement {
    /// The indices of the records to write, in the order they were placed.
    var stored: [Int] = []
    /// The outcome of each record not written (nil for those in `stored`, which the write decides).
    var outcomes: [IngestOutcome<ChiSoCore.Unit>?]
    /// The records quarantined, as quarantine rows.
    var rejected: [QuarantinedRecord] = []
    /// The counts of the records not written.
    var counts = IngestCounts()

    /// Places `records` given the stored units' parents (by code; nil for a root).
    static func place(_ records: [Sourced<ChiSoCore.Unit>], storedParents: [String: String?]) -> UnitPlacement {
        var result = UnitPlacement(outcomes: Array(repeating: nil, count: records.count))
        var parents = storedParents
        func parent(of i: Int) -> String? { records[i].record.parentCode.flatMap { $0.isEmpty ? nil : $0 } }
        /// Whether `code` is `start` or one of its stored ancestors.
        func closesCycle(_ code: String, from start: String) -> Bool {
            var current: String? = start
            while let c = current {
                if c == code { return true }
                current = parents[c] ?? nil
            }
            return false
        }
        func quarantine(_ i: Int, _ reason: String) {
            let item = records[i]
            result.outcomes[i] = .quarantined(reason: reason)
            result.counts.quarantined += 1
            result.rejected.append(
                QuarantinedRecord(
                    fileName: item.origin.fileName, recordNumber: item.origin.recordNumber, line: item.origin.line,
                    rawText: UnitText.csv(item.record), reason: reason))
        }
        func cycleReason(_ i: Int, _ p: String) -> String {
            "\(Ingestion.label(records[i])): đơn vị \(records[i].record.code) nhận \(p) làm cấp trên sẽ tạo vòng lặp cấp trên"
        }
        func place(_ i: Int) -> String? {
            let unit = records[i].record
            guard let p = parent(of: i) else { return unit.code }
            guard parents[p] != nil else { return nil }
            if closesCycle(unit.code, from: p) {
                quarantine(i, cycleReason(i, p))
                return nil
            }
            return unit.code
        }
        // Units waiting for their parent, by the parent's code and by their own code.
        var waitingFor: [String: [Int]] = [:]
        var waitingAs: [String: [Int]] = [:]
        var isWaiting = [Bool](repeating: false, count: records.count)
        for i in records.indices {
            let code = records[i].record.code
            for j in waitingAs.removeValue(forKey: code) ?? [] where isWaiting[j] {
                isWaiting[j] = false
                result.outcomes[j] = .superseded
                result.counts.superseded += 1
            }
            guard place(i) != nil else {
                if result.outcomes[i] == nil, let p = parent(of: i) {
                    isWaiting[i] = true
                    waitingFor[p, default: []].append(i)
                    waitingAs[code, default: []].append(i)
                }
                continue
            }
            parents.updateValue(parent(of: i), forKey: code)
            result.stored.append(i)
            // Children waiting for this unit (and, in turn, for them) can now be placed.
            var placedCodes = [code]
            while let placedCode = placedCodes.popLast() {
                for j in waitingFor.removeValue(forKey: placedCode) ?? [] where isWaiting[j] {
                    isWaiting[j] = false
                    if let placed = place(j) {
                        parents.updateValue(parent(of: j), forKey: placed)
                        result.stored.append(j)
                        placedCodes.append(placed)
                    }
                }
            }
        }
        let waiting = records.indices.filter { isWaiting[$0] }
        let pending = Dictionary(waiting.map { (records[$0].record.code, parent(of: $0)) }, uniquingKeysWith: { _, last in last })
        for i in waiting {
            let unit = records[i].record
            let p = parent(of: i) ?? ""
            // A parent among the waiting units that leads back to this one is a cycle; otherwise the parent is unknown.
            var seen: Set<String> = []
            var current: String? = p
            var cycle = false
            while let c = current, !seen.contains(c) {
                if c == unit.code { cycle = true }
                seen.insert(c)
                current = pending[c] ?? nil
            }
            quarantine(
                i, cycle ? cycleReason(i, p) : "\(Ingestion.label(records[i])): đơn vị \(unit.code) có đơn vị cấp trên \(p) không có trong danh mục")
        }
        return result
    }
}
