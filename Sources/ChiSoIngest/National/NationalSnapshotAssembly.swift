public import ChiSoCore
import Foundation

/// Puts the answers of one export together into a snapshot: pages of the same endpoint merged, each unit's rows of
/// the six groups merged into one unit (by the portal's id, else its code, else its normalised name).
///
/// A group is present when its answer was read with all its pages; an endpoint answered twice for the same page
/// with different content keeps the first answer and reports the other; a missing page is reported and leaves its
/// group out of the groups present (its rows are kept).
public enum NationalSnapshotAssembly {
    /// The snapshot and the problems found while merging.
    public struct Assembled: Sendable {
        public var snapshot: NationalSnapshot
        public var issues: [IngestIssue]
    }

    public static func snapshot(
        _ answers: [NationalAnswer], period: Period, takenAt: Instant, provinceID: String? = nil
    ) -> Assembled {
        var issues: [IngestIssue] = []
        // Pages by endpoint, the first answer of each page kept.
        var pages: [String: [Int: NationalAnswer]] = [:]
        var order: [String] = []
        for answer in answers {
            let endpoint = answer.endpoint
            let page = answer.pagination?.currentPage ?? 1
            if pages[endpoint] == nil { order.append(endpoint) }
            if let kept = pages[endpoint]?[page] {
                if kept.raw.bytes != answer.raw.bytes {
                    issues.append(
                        IngestIssue(
                            kind: .invalidValue, fileName: answer.raw.source, recordNumber: nil, line: nil, field: "pagination.currentPage",
                            expected:
                                "mỗi trang của điểm cuối \(endpoint) một lần (đã đọc trang \(page) từ \(kept.raw.source); câu trả lời này bị bỏ qua)",
                            found: String(page), rawRecord: String(decoding: answer.raw.bytes.prefix(IngestIssue.rawRecordLimit), as: UTF8.self)))
                }
                continue
            }
            pages[endpoint, default: [:]][page] = answer
        }
        var merger = UnitMerger()
        var provinces: [NationalProvinceResult] = []
        var present: Set<NationalGroup> = []
        for endpoint in order {
            guard let byPage = pages[endpoint] else { continue }
            let sorted = byPage.keys.sorted().compactMap { byPage[$0] }
            let expected = sorted.compactMap { $0.pagination?.pageCount }.max() ?? 1
            let missing = (1...max(expected, 1)).filter { byPage[$0] == nil }
            if !missing.isEmpty, let first = sorted.first {
                issues.append(
                    IngestIssue(
                        kind: .missingField, fileName: first.raw.source, recordNumber: nil, line: nil, field: "pagination",
                        expected: "đủ \(expected) trang của điểm cuối \(endpoint); thiếu trang \(missing.map(String.init).joined(separator: ", ")) "
                            + "(nhóm này không được tính là có đủ)",
                        found: nil, rawRecord: ""))
            }
            for answer in sorted {
                switch answer.content {
                case .group(let group, let units):
                    if missing.isEmpty { present.insert(group) }
                    for unit in units { merger.add(unit, group: group) }
                case .serviceResults(let rows):
                    for row in rows where !provinces.contains(where: { same($0, row) }) { provinces.append(row) }
                }
            }
        }
        let units = merger.units
        let root = provinceID ?? units.first(where: \.isProvince)?.portalID
        return Assembled(
            snapshot: NationalSnapshot(
                period: period, takenAt: takenAt, origin: .portalAPI, provinceID: root, groupsPresent: present, units: units, provinces: provinces),
            issues: issues)
    }

    /// The time of export the answers carry: the latest one written in them, nil when none is.
    public static func exportTime(_ answers: [NationalAnswer]) -> Instant? {
        answers.compactMap(\.takenAt).max()
    }

    private static func same(_ a: NationalProvinceResult, _ b: NationalProvinceResult) -> Bool {
        if let x = a.portalID, let y = b.portalID { return x == y }
        if let x = a.portalCode, let y = b.portalCode { return x == y }
        return NationalNames.normalised(a.name) == NationalNames.normalised(b.name)
    }
}

/// Merges the rows of the same unit across the groups' answers.
struct UnitMerger {
    private(set) var units: [NationalUnitFigures] = []
    private var byID: [String: Int] = [:]
    private var byCode: [String: Int] = [:]
    private var byName: [String: Int] = [:]
    private var province: Int?

    mutating func add(_ unit: NationalUnitFigures, group: NationalGroup) {
        let index: Int?
        if unit.isProvince {
            index = province
        } else {
            index = unit.portalID.flatMap { byID[$0] } ?? unit.portalCode.flatMap { byCode[$0] } ?? byName[NationalNames.normalised(unit.name)]
        }
        guard let index else {
            units.append(unit)
            register(units.count - 1)
            return
        }
        var merged = units[index]
        if merged.portalID == nil { merged.portalID = unit.portalID }
        if merged.portalCode == nil { merged.portalCode = unit.portalCode }
        if merged.level == nil { merged.level = unit.level }
        if merged.publishedTotal == nil { merged.publishedTotal = unit.publishedTotal }
        if merged.publishedRank == nil { merged.publishedRank = unit.publishedRank }
        for (g, figures) in unit.groups {
            guard var kept = merged.groups[g] else {
                merged.groups[g] = figures
                continue
            }
            // Rows of the same unit and group (a table's metrics, one per row): figures not yet known are added.
            if kept.points == nil { kept.points = figures.points }
            if kept.maxPoints == nil { kept.maxPoints = figures.maxPoints }
            if kept.rate == nil { kept.rate = figures.rate }
            if kept.pointsChange == nil { kept.pointsChange = figures.pointsChange }
            for metric in figures.metrics where !kept.metrics.contains(where: { $0.code == metric.code }) { kept.metrics.append(metric) }
            for (field, value) in figures.counts where kept.counts[field] == nil { kept.counts[field] = value }
            merged.groups[g] = kept
        }
        units[index] = merged
        register(index)
    }

    private mutating func register(_ index: Int) {
        let unit = units[index]
        if unit.isProvince { province = province ?? index }
        if let id = unit.portalID { byID[id] = byID[id] ?? index }
        if let code = unit.portalCode { byCode[code] = byCode[code] ?? index }
        let name = NationalNames.normalised(unit.name)
        byName[name] = byName[name] ?? index
    }
}

/// Vietnamese names compared without case, diacritics (đ as d) or repeated spaces.
public enum NationalNames {
    public static func normalised(_ name: String) -> String {
        let folded = name.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
