/// A reporting period (kỳ báo cáo): a month, quarter, half-year, nine months, year, or a date range.
///
/// A period covers whole local days from `start` to `end` inclusive. It is written `2026-08`, `2026-Q3`,
/// `2026-H1`, `2026-9M`, `2026`, or `2026-08-01..2026-08-15`.
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        case month, quarter, halfYear = "half_year", nineMonths = "nine_months", year, range
    }

    public let kind: Kind
    /// First day of the period.
    public let start: LocalDate
    /// Last day of the period (inclusive).
    public let end: LocalDate

    private init(kind: Kind, start: LocalDate, end: LocalDate) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    public static func month(_ year: Int, _ month: Int) -> Period {
        let start = LocalDate(year: year, month: month, day: 1)!
        return Period(kind: .month, start: start, end: start.firstOfMonth(addingMonths: 1).adding(days: -1))
    }

    public static func quarter(_ year: Int, _ quarter: Int) -> Period {
        let start = LocalDate(year: year, month: (quarter - 1) * 3 + 1, day: 1)!
        return Period(kind: .quarter, start: start, end: start.firstOfMonth(addingMonths: 3).adding(days: -1))
    }

    public static func halfYear(_ year: Int, _ half: Int) -> Period {
        let start = LocalDate(year: year, month: (half - 1) * 6 + 1, day: 1)!
        return Period(kind: .halfYear, start: start, end: start.firstOfMonth(addingMonths: 6).adding(days: -1))
    }

    public static func nineMonths(_ year: Int) -> Period {
        Period(kind: .nineMonths, start: LocalDate(year: year, month: 1, day: 1)!, end: LocalDate(year: year, month: 9, day: 30)!)
    }

    public static func year(_ year: Int) -> Period {
        Period(kind: .year, start: LocalDate(year: year, month: 1, day: 1)!, end: LocalDate(year: year, month: 12, day: 31)!)
    }

    /// A date range; nil when `end` is before `start`.
    public static func range(_ start: LocalDate, _ end: LocalDate) -> Period? {
        end < start ? nil : Period(kind: .range, start: start, end: end)
    }

    /// Parses the written forms listed on the type; nil when the text is not one of them.
    public init?(_ text: String) {
        let t = text.trimmingSpaces()
        if let dots = t.firstRange(of: "..") {
            guard let s = LocalDate(iso: t[..<dots.lowerBound]), let e = LocalDate(iso: t[dots.upperBound...]),
                let p = Period.range(s, e)
            else { return nil }
            self = p
            return
        }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first), year > 1900 else { return nil }
        if parts.count == 1 {
            self = .year(year)
            return
        }
        guard parts.count == 2 else { return nil }
        let rest = parts[1].uppercased()
        switch rest {
        case "Q1", "Q2", "Q3", "Q4": self = .quarter(year, Int(rest.dropFirst())!)
        case "H1", "H2": self = .halfYear(year, Int(rest.dropFirst())!)
        case "9M": self = .nineMonths(year)
        default:
            guard rest.count == 2, let m = Int(rest), (1...12).contains(m) else { return nil }
            self = .month(year, m)
        }
    }

    /// The written form that `init(_:)` parses.
    public var description: String {
        let y = start.year
        switch kind {
        case .month: return "\(y)-\(LocalDate.pad(start.month, 2))"
        case .quarter: return "\(y)-Q\((start.month - 1) / 3 + 1)"
        case .halfYear: return "\(y)-H\(start.month == 1 ? 1 : 2)"
        case .nineMonths: return "\(y)-9M"
        case .year: return "\(y)"
        case .range: return "\(start)..\(end)"
        }
    }

    /// The Vietnamese name used in documents: "tháng 7/2024", "quý II/2024", "6 tháng đầu năm 2024"...
    public var vietnameseName: String {
        let y = start.year
        switch kind {
        case .month: return "tháng \(start.month)/\(y)"
        case .quarter: return "quý \(["I", "II", "III", "IV"][(start.month - 1) / 3])/\(y)"
        case .halfYear: return start.month == 1 ? "6 tháng đầu năm \(y)" : "6 tháng cuối năm \(y)"
        case .nineMonths: return "9 tháng năm \(y)"
        case .year: return "năm \(y)"
        case .range: return "từ ngày \(start.vietnamese) đến ngày \(end.vietnamese)"
        }
    }

    /// The first instant of the period (local midnight of `start`).
    public var startInstant: Instant { Instant(local: start) }

    /// The first instant after the period (local midnight after `end`).
    public var endInstant: Instant { Instant(local: end.adding(days: 1)) }

    /// Whether an instant falls in the period.
    public func contains(_ instant: Instant) -> Bool {
        instant >= startInstant && instant < endInstant
    }

    /// Whether a date falls in the period.
    public func contains(_ date: LocalDate) -> Bool {
        date >= start && date <= end
    }

    /// The period of the same kind just before this one; for a range, the range of equal length before it.
    public var previous: Period {
        let y = start.year
        switch kind {
        case .month: return .month(start.firstOfMonth(addingMonths: -1).year, start.firstOfMonth(addingMonths: -1).month)
        case .quarter:
            let q = (start.month - 1) / 3 + 1
            return q == 1 ? .quarter(y - 1, 4) : .quarter(y, q - 1)
        case .halfYear: return start.month == 1 ? .halfYear(y - 1, 2) : .halfYear(y, 1)
        case .nineMonths: return .nineMonths(y - 1)
        case .year: return .year(y - 1)
        case .range:
            let length = end.dayNumber - start.dayNumber + 1
            return Period(kind: .range, start: start.adding(days: -length), end: start.adding(days: -1))
        }
    }

    /// The same period one year earlier (cùng kỳ năm trước).
    public var sameLastYear: Period {
        let y = start.year
        switch kind {
        case .month: return .month(y - 1, start.month)
        case .quarter: return .quarter(y - 1, (start.month - 1) / 3 + 1)
        case .halfYear: return .halfYear(y - 1, start.month == 1 ? 1 : 2)
        case .nineMonths: return .nineMonths(y - 1)
        case .year: return .year(y - 1)
        case .range:
            func back(_ d: LocalDate) -> LocalDate {
                let (yy, m, day) = d.components
                return LocalDate(year: yy - 1, month: m, day: min(day, LocalDate.daysIn(month: m, year: yy - 1)))!
            }
            return Period(kind: .range, start: back(start), end: back(end))
        }
    }

    /// The calendar year's period that contains this one's start.
    public var containingYear: Period { .year(start.year) }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}
