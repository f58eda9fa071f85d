/// What facts are judged with besides the dossier and its procedure: the working calendar and the province's
/// settings of the rules. Facts judged with one basis are valid for scoring with that basis only.
public struct JudgingBasis: Hashable, Sendable {
    public var calendar: WorkCalendar
    public var settings: JudgeSettings

    public init(calendar: WorkCalendar, settings: JudgeSettings = .portal) {
        self.calendar = calendar
        self.settings = settings
    }

    /// A text that identifies the basis and rebuilds it (``init(encoded:)``): equal bases give equal texts.
    public var encoded: String {
        var lines = ["chiso-judging-basis 1", "settings\t\(settings.supplementRule.rawValue)\t\(settings.supplementRequestWorkingDays)"]
        for year in calendar.years.keys.sorted() {
            let y = calendar.years[year]!
            let off = y.daysOff.map(\.dayNumber).sorted().map(String.init).joined(separator: ",")
            let makeUp = y.makeUpWorkingDays.map(\.dayNumber).sorted().map(String.init).joined(separator: ",")
            lines.append("year\t\(year)\t\(off)\t\(makeUp)\t\(y.status)")
        }
        return lines.joined(separator: "\n")
    }

    /// Rebuilds a basis from its text; nil when the text is not one ``encoded`` writes.
    public init?(encoded text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "chiso-judging-basis 1", lines.count >= 2 else { return nil }
        let s = lines[1].split(separator: "\t", omittingEmptySubsequences: false)
        guard s.count == 3, s[0] == "settings", let rule = SupplementRule(rawValue: String(s[1])), let days = Int(s[2]) else { return nil }
        func dates(_ field: Substring) -> [LocalDate]? {
            var out: [LocalDate] = []
            for part in field.split(separator: ",") {
                guard let n = Int(part) else { return nil }
                out.append(LocalDate(dayNumber: n))
            }
            return out
        }
        var years: [Int: WorkCalendar.Year] = [:]
        for line in lines.dropFirst(2) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 5, f[0] == "year", let year = Int(f[1]), let off = dates(f[2]), let makeUp = dates(f[3]) else { return nil }
            years[year] = WorkCalendar.Year(daysOff: off, makeUpWorkingDays: makeUp, status: String(f[4]))
        }
        guard let calendar = try? WorkCalendar(years: years) else { return nil }
        self.init(calendar: calendar, settings: JudgeSettings(supplementRule: rule, supplementRequestWorkingDays: days))
    }
}
