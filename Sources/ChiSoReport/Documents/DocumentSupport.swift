public import ChiSoCore

/// Exact rates and the Vietnamese number forms the documents print.
public enum DocumentNumbers {
    /// A count's rate in percent, rounded half away from zero to `places` decimals with integer arithmetic
    /// (no binary noise: 833/1313 → 63 with 0 places, 1/8 → 12,5 with 1); nil when the denominator is 0.
    public static func percent(_ count: Count, places: Int) -> Double? {
        guard count.denominator != 0 else { return nil }
        var scale = 1
        for _ in 0..<max(0, places) { scale *= 10 }
        let numerator = count.numerator.magnitude * 100 * UInt(scale)
        let denominator = count.denominator.magnitude
        let quotient = (2 * numerator + denominator) / (2 * denominator)
        let negative = (count.numerator < 0) != (count.denominator < 0)
        return (negative ? -1 : 1) * Double(quotient) / Double(scale)
    }

    /// A count's rate as an unrounded fraction for the workbook (2/3 → 0.666…), nil when the denominator is 0.
    public static func fraction(_ count: Count) -> Double? {
        count.denominator == 0 ? nil : Double(count.numerator) / Double(count.denominator)
    }

    /// A rate already in percent with trailing zeros dropped: "68,83%", "95%", "0%"; "-" for nil.
    public static func percentText(_ value: Double?, places: Int = 2) -> String {
        guard let value else { return "-" }
        return Decimal2.vietnamese(value, places: places) + "%"
    }

    /// Points out of a maximum: "7,52/18".
    public static func pointsOutOf(_ points: Double, max: Double) -> String {
        Decimal2.vietnamese(points) + "/" + Decimal2.vietnamese(max)
    }

    /// A difference as the comparison letter prints it: "+3,78", "-0,8", "-" when there is none.
    public static func difference(_ value: Double?, places: Int = 2) -> String {
        guard let value else { return "-" }
        let rounded = Decimal2.round(value, places: places)
        guard rounded != 0 else { return "-" }
        return (rounded > 0 ? "+" : "-") + Decimal2.vietnamese(abs(rounded), places: places)
    }

    /// A count of two digits at least, as the documents write counts of units: "02", "11", "150".
    public static func twoDigits(_ value: Int) -> String {
        value >= 0 && value < 10 ? "0\(value)" : "\(value)"
    }
}

extension Unit.Kind {
    /// The levels of a provincial document, in order.
    static let documentLevels: [Unit.Kind] = [.department, .district, .commune]

    /// "tại các sở, ban, ngành", "tại UBND các huyện, thị xã, thành phố", "tại UBND các xã, phường, thị trấn".
    var documentPlace: String {
        switch self {
        case .province: return "tại UBND tỉnh"
        case .department: return "tại các sở, ban, ngành"
        case .district: return "tại UBND các huyện, thị xã, thành phố"
        case .commune: return "tại UBND các xã, phường, thị trấn"
        case .other: return "tại các đơn vị khác"
        }
    }

    /// The short level label of the notices: "Cấp sở", "Cấp huyện", "Cấp xã".
    var shortLevel: String {
        switch self {
        case .province: return "Cấp tỉnh"
        case .department: return "Cấp sở"
        case .district: return "Cấp huyện"
        case .commune: return "Cấp xã"
        case .other: return "Đơn vị khác"
        }
    }
}

extension Scoreboard {
    /// The entries of one level, in rank order.
    func entries(of kind: Unit.Kind) -> [Entry] { entries.filter { $0.unit.kind == kind } }

    /// Whether the document shows the district level: periods starting before 1 July 2025, or when the
    /// scoreboard has district units.
    var showsDistricts: Bool {
        (period.start.year, period.start.month) < (2025, 7) || entries.contains { $0.unit.kind == .district }
    }

    /// Whether the period had not ended when the figures were taken.
    public var isOpen: Bool { asOf < period.endInstant.adding(seconds: -1) }

    /// The period as a title names it: "tháng 8/2026", or "tháng 8/2026 (tính đến ngày 15/08/2026)" for a
    /// period that has not ended.
    public var periodTitle: String {
        isOpen ? "\(period.vietnameseName) (tính đến ngày \(asOf.localDate.vietnamese))" : period.vietnameseName
    }

    /// The levels a document shows, in order: departments, districts (see ``showsDistricts``), communes.
    var documentLevels: [Unit.Kind] {
        Unit.Kind.documentLevels.filter { $0 != .district || showsDistricts }
    }

    /// The province as a whole: the province unit's entry, or else the sum of the top units' figures.
    func province(named name: String) -> (figures: UnitFigures, score: UnitScore) {
        if let entry = entries.first(where: { $0.unit.kind == .province }) { return (entry.figures, entry.score) }
        let codes = Set(entries.map(\.unit.code))
        var figures = UnitFigures(unit: Unit(code: "", name: "Tỉnh \(name)", kind: .province))
        for entry in entries where entry.unit.parentCode.map({ !codes.contains($0) }) ?? true {
            figures.counts = figures.counts + entry.figures.counts
            figures.processing = figures.processing + entry.figures.processing
        }
        return (figures, methodology.score(unit: figures.unit, counts: figures.counts))
    }

    /// The five-group presentation of the 2024 reports when the methodology has one.
    var presentation: Methodology.Presentation? {
        methodology.presentations.first(where: { $0.id == "five-groups-2024" }) ?? methodology.presentations.first
    }

    /// A unit's groups as the documents show them: the presentation's groups, else the methodology's.
    func presentedGroups(_ score: UnitScore) -> [GroupScore] {
        presentation.map { score.groups(in: $0) } ?? score.groups
    }

    /// The presented groups' names and maxima (from the methodology, independent of any unit).
    var presentedGroupHeads: [(name: String, max: Double)] {
        guard let presentation else { return methodology.groups.map { ($0.name, $0.max) } }
        return presentation.groups.map { pg in
            (pg.name, methodology.groups.filter { pg.members.contains($0.id) }.reduce(0) { $0 + $1.max })
        }
    }
}

/// Small builders shared by the documents.
enum Blocks {
    static func body(_ text: String, bold: Bool = false, italic: Bool = false) -> ReportBlock {
        .paragraph(.body(text, bold: bold, italic: italic))
    }

    static func heading(_ text: String, level: Int = 1) -> ReportBlock {
        .heading(ReportHeading(level: level, text))
    }

    static func centred(_ text: String, bold: Bool = false, italic: Bool = false, size: Double? = nil) -> ReportBlock {
        .paragraph(ReportParagraph(text, bold: bold, italic: italic, fontSize: size, alignment: .center, spacingBefore: 6, spacingAfter: 3))
    }

    static func note(_ text: String) -> ReportBlock {
        .paragraph(ReportParagraph(runs: [ReportRun(text, italic: true, fontSize: 12)], alignment: .justify, firstLineIndent: 12.7, spacingAfter: 6))
    }

    /// "Trong kỳ, A, B không phát sinh …" footnote, or nothing when no unit is named.
    static func footnote(_ names: [String], _ what: String) -> [ReportBlock] {
        guard !names.isEmpty else { return [] }
        return [note("* Trong kỳ, \(names.joined(separator: ", ")) không phát sinh \(what).")]
    }

    /// "01/07/2024"
    static func date(_ date: LocalDate) -> String { date.vietnamese }

    /// "15 giờ 00 phút ngày 31/07/2024"
    static func moment(_ instant: Instant) -> String {
        let s = instant.localSecondOfDay
        let h = s / 3600
        let m = s / 60 % 60
        return "\(h < 10 ? "0" : "")\(h) giờ \(m < 10 ? "0" : "")\(m) phút ngày \(instant.localDate.vietnamese)"
    }
}
