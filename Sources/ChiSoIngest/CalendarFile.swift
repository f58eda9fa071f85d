public import ChiSoCore
import Foundation

/// Reads working-day calendars (YAML): per year, `"off"` weekdays and make-up `workdays`.
public enum CalendarFile {
    /// The official calendar of Vietnam's state agencies shipped with ChiSo (2022–2027, 2027 provisional).
    public static func builtIn() throws(DataFileError) -> WorkCalendar {
        guard let url = Bundle.module.url(forResource: "vn-civil-service", withExtension: "yaml", subdirectory: "Resources/calendars")
        else { throw DataFileError(file: "vn-civil-service.yaml", reason: "thiếu tệp lịch tích hợp") }
        return try load(path: url.path, displayName: "vn-civil-service.yaml")
    }

    /// Reads a calendar file.
    public static func load(path: String, displayName: String? = nil) throws(DataFileError) -> WorkCalendar {
        let name = displayName ?? path
        return try parse(try DataFileError.text(ofFile: path, name: name), file: name)
    }

    /// Parses calendar YAML text.
    ///
    /// - Throws: `DataFileError` for a key that is not a year, a bad date, or a date the calendar rejects
    ///   (a day off on a weekend, a make-up day on a weekday, a date under the wrong year, a repeat).
    public static func parse(_ text: String, file: String) throws(DataFileError) -> WorkCalendar {
        let root = try YAMLNode.parse(text, file: file)
        var years: [Int: WorkCalendar.Year] = [:]
        for (key, node) in root.entries {
            guard let year = Int(key), year > 1900 else { throw node.fail("khóa phải là một năm, nhận được \(key)") }
            var off: [LocalDate] = []
            for d in try node.child("off")?.items() ?? [] { off.append(try d.date()) }
            var work: [LocalDate] = []
            for d in try node.child("workdays")?.items() ?? [] { work.append(try d.date()) }
            years[year] = WorkCalendar.Year(daysOff: off, makeUpWorkingDays: work, status: try node.child("status")?.string() ?? "final")
        }
        do {
            return try WorkCalendar(years: years)
        } catch {
            throw DataFileError(file: file, reason: error.description)
        }
    }
}
