public import ChiSoCore

/// The office's own words: the paragraphs that close each document (directions, recommendations), written
/// once in the settings file with placeholders such as `{ky}` that are filled from the period's figures.
///
/// A placeholder is a name in braces. The names are those of ``placeholders``; any other name is an error
/// (``ReportError/unknownPlaceholder(file:documentType:paragraph:placeholder:)``) raised before a document is
/// written, so that a misspelt name never reaches a signed document.
public enum DocumentText {
    /// The placeholders and what they are filled with.
    public static let placeholders: [(name: String, meaning: String)] = [
        ("ky", "the period in words: \"tháng 8/2026\", \"quý II/2026\""),
        ("tinh", "the province's name: \"Bình Phước\""),
        ("co_quan", "the issuing office in running text: \"Văn phòng UBND tỉnh\""),
        ("ngay_so_lieu", "the date the figures run to: \"15/08/2026\""),
        ("diem_tinh", "the province's total: \"72,35\""),
        ("xep_loai_tinh", "the province's class: \"Khá\""),
        ("don_vi_duoi_nguong", "the units of the lowest class, summarised by level; \"không có\" when there are none"),
        ("so_don_vi_duoi_nguong", "how many units are in the lowest class: \"03\""),
        ("chi_so_mat_diem_nhieu_nhat", "the three indicators that lose the province most points, quoted"),
        ("don_vi_chua_dat_chi_tieu", "the units that missed a target, summarised by level"),
        ("so_chi_tieu", "how many indicators have targets for the period: \"07\""),
    ]

    /// The value of a placeholder that names units or indicators when there are none.
    public static let none = "không có"

    /// The names in braces of a paragraph, in order of appearance.
    public static func names(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.append(String(after[..<close]).trimmingSpaces)
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// The first unknown placeholder of a paragraph, or nil when every name is known.
    public static func unknownPlaceholder(in template: String) -> String? {
        let known = Set(placeholders.map(\.name))
        return names(in: template).first { !known.contains($0) }
    }

    /// Checks every paragraph of a document type.
    ///
    /// - Throws: ``ReportError`` naming the file, the document type, the paragraph and the unknown name.
    public static func validate(_ paragraphs: [String], file: String, documentType: String) throws(ReportError) {
        for (index, paragraph) in paragraphs.enumerated() {
            if let name = unknownPlaceholder(in: paragraph) {
                throw .unknownPlaceholder(file: file, documentType: documentType, paragraph: index + 1, placeholder: name)
            }
        }
    }

    /// The values of the placeholders for a period.
    public static func values(scoreboard: Scoreboard, options: DocumentOptions) -> [String: String] {
        let province = scoreboard.province(named: options.provinceName).score
        let lowest = scoreboard.methodology.bands.first?.name
        let below = scoreboard.entries.filter { $0.unit.kind != .province && lowest != nil && $0.score.classification == lowest }
        let results = scoreboard.entries.filter { $0.unit.kind != .province }.flatMap(\.targets)
        let missed = scoreboard.entries.filter { entry in entry.unit.kind != .province && entry.targets.contains { $0.met == false } }
        return [
            "ky": scoreboard.period.vietnameseName,
            "tinh": options.provinceName,
            "co_quan": options.officeShortName,
            "ngay_so_lieu": Blocks.date(min(scoreboard.period.end, scoreboard.asOf.localDate)),
            "diem_tinh": Decimal2.vietnamese(province.total),
            "xep_loai_tinh": province.classificationLabel,
            "don_vi_duoi_nguong": summary(below.map(\.unit), of: scoreboard),
            "so_don_vi_duoi_nguong": DocumentNumbers.twoDigits(below.count),
            "chi_so_mat_diem_nhieu_nhat": mostLost(province).isEmpty ? none : mostLost(province).map { "“\($0)”" }.joined(separator: ", "),
            "don_vi_chua_dat_chi_tieu": summary(missed.map(\.unit), of: scoreboard),
            "so_chi_tieu": DocumentNumbers.twoDigits(Set(results.map(\.target.indicator)).count),
        ]
    }

    /// A paragraph with its placeholders replaced; an unknown name is left as written (``validate`` refuses
    /// it before).
    public static func fill(_ template: String, values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else {
                rest = rest[open...]
                break
            }
            let name = String(after[..<close]).trimmingSpaces
            out += values[name] ?? "{\(name)}"
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    /// The closing paragraphs of a document: the settings' paragraphs when given, else the built-in ones,
    /// filled from the figures. A paragraph ending with ":" leads in to the next and is kept with it.
    static func closing(_ kind: OfficialDocumentKind, scoreboard: Scoreboard, options: DocumentOptions) -> [ReportBlock] {
        let values = values(scoreboard: scoreboard, options: options)
        return (options.paragraphs ?? kind.defaultParagraphs(districts: scoreboard.hasDistrictLevel, values: values)).map {
            Blocks.body(fill($0, values: values))
        }
    }

    /// Three indicators that lose the most points (maximum less points), largest loss first.
    static func mostLost(_ score: UnitScore) -> [String] {
        let lost = score.groups.flatMap(\.indicators).filter { $0.max - $0.points > 0.005 }
        return lost.sorted { ($0.max - $0.points, $1.name) > ($1.max - $1.points, $0.name) }.prefix(3).map(\.name)
    }

    /// Units named, by level: up to eight of a level by name, more as a count ("12/40 UBND cấp xã");
    /// "không có" when there are none.
    static func summary(_ units: [Unit], of scoreboard: Scoreboard) -> String {
        guard !units.isEmpty else { return none }
        var parts: [String] = []
        for kind in Unit.Kind.allCases {
            let names = units.filter { $0.kind == kind }.map(\.name)
            guard !names.isEmpty else { continue }
            if names.count <= 8 {
                parts.append(names.joined(separator: ", "))
            } else {
                let all = scoreboard.entries(of: kind).count
                parts.append("\(DocumentNumbers.twoDigits(names.count))/\(DocumentNumbers.twoDigits(all)) \(ClassificationNotice.noun(kind))")
            }
        }
        return parts.joined(separator: "; ")
    }
}
