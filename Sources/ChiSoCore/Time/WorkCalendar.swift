/// The working-day calendar of Vietnam's state agencies: Monday to Friday, less the official days off,
/// plus the make-up working days (ngày làm bù) the government announces.
///
/// The calendar is data: built from a holiday file (see `ChiSoIngest`), never from code. Days outside the
/// years the file covers follow the plain Monday-to-Friday rule. Lookups are O(1) or O(log n): the
/// calendar precomputes a prefix count of working days over the years it covers plus a margin.
public struct WorkCalendar: Sendable, Hashable {
    /// The adjustments of one year.
    public struct Year: Sendable, Hashable {
        /// Monday-to-Friday days that are not worked.
        public var daysOff: [LocalDate]
        /// Saturday or Sunday days that are worked.
        public var makeUpWorkingDays: [LocalDate]
        /// `final`, `decided`, `provisional`...: how sure the year's dates are.
        public var status: String

        public init(daysOff: [LocalDate], makeUpWorkingDays: [LocalDate], status: String = "final") {
            self.daysOff = daysOff
            self.makeUpWorkingDays = makeUpWorkingDays
            self.status = status
        }
    }

    /// The years the calendar holds adjustments for, by year.
    public let years: [Int: Year]
    private let base: Int
    /// prefix[i] = number of working days in [base, base + i).
    private let prefix: [Int32]
    /// Day numbers of the working days in the precomputed range, in order.
    private let workingDayNumbers: [Int32]
    private let daysOff: Set<Int>
    private let makeUp: Set<Int>

    /// Creates a calendar from per-year adjustments.
    ///
    /// - Throws: `CalendarError` when a day off falls on a weekend, a make-up day on a weekday, a date is
    ///   filed under another year, or a date is listed twice.
    public init(years: [Int: Year]) throws(CalendarError) {
        var off = Set<Int>()
        var work = Set<Int>()
        for (year, adjustments) in years {
            for d in adjustments.daysOff {
                guard d.year == year else { throw CalendarError(.wrongYear(d, year)) }
                guard !d.isWeekend else { throw CalendarError(.dayOffOnWeekend(d)) }
                guard off.insert(d.dayNumber).inserted else { throw CalendarError(.duplicate(d)) }
            }
            for d in adjustments.makeUpWorkingDays {
                guard d.year == year else { throw CalendarError(.wrongYear(d, year)) }
                guard d.isWeekend else { throw CalendarError(.makeUpDayOnWeekday(d)) }
                guard work.insert(d.dayNumber).inserted else { throw CalendarError(.duplicate(d)) }
            }
        }
        self.years = years
        self.daysOff = off
        self.makeUp = work
        let firstYear = (years.keys.min() ?? 2022) - 10
        let lastYear = (years.keys.max() ?? 2027) + 10
        let base = LocalDate(year: firstYear, month: 1, day: 1)!.dayNumber
        let end = LocalDate(year: lastYear + 1, month: 1, day: 1)!.dayNumber
        var prefix = [Int32](repeating: 0, count: end - base + 1)
        var numbers: [Int32] = []
        numbers.reserveCapacity((end - base) * 5 / 7 + 1)
        var count: Int32 = 0
        for day in base..<end {
            prefix[day - base] = count
            if WorkCalendar.isWorking(day, off: off, makeUp: work) {
                count += 1
                numbers.append(Int32(day))
            }
        }
        prefix[end - base] = count
        self.base = base
        self.prefix = prefix
        self.workingDayNumbers = numbers
    }

    /// A calendar with no holidays: every Monday to Friday is a working day.
    public static let weekdaysOnly: WorkCalendar = try! WorkCalendar(years: [:])

    private static func isWorking(_ day: Int, off: Set<Int>, makeUp: Set<Int>) -> Bool {
        if makeUp.contains(day) { return true }
        if off.contains(day) { return false }
        return !LocalDate(dayNumber: day).isWeekend
    }

    private func inRange(_ day: Int) -> Bool { day >= base && day < base + prefix.count - 1 }

    /// Whether a date is a working day.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        WorkCalendar.isWorking(date.dayNumber, off: daysOff, makeUp: makeUp)
    }

    /// Number of working days in the half-open range `(from, to]`: the days after `from` up to and
    /// including `to`. Negative when `to` is before `from`.
    public func workingDays(after from: LocalDate, through to: LocalDate) -> Int {
        if to < from { return -workingDays(after: to, through: from) }
        let a = from.dayNumber + 1
        let b = to.dayNumber + 1
        if inRange(a) && inRange(b - 1) {
            return Int(prefix[b - base] - prefix[a - base])
        }
        var n = 0
        for day in a..<b where isWorkingDay(LocalDate(dayNumber: day)) { n += 1 }
        return n
    }

    /// The `n`-th working day after `date` (n ≥ 1); `date` itself when n ≤ 0.
    public func addingWorkingDays(_ n: Int, to date: LocalDate) -> LocalDate {
        guard n > 0 else { return date }
        let next = date.dayNumber + 1
        if inRange(next) {
            let index = Int(prefix[next - base]) + n - 1
            if index < workingDayNumbers.count { return LocalDate(dayNumber: Int(workingDayNumbers[index])) }
        }
        var day = date
        var left = n
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// The instant `n` working days after `instant`, at the same time of day.
    public func addingWorkingDays(_ n: Int, to instant: Instant) -> Instant {
        let date = instant.localDate
        return Instant(local: addingWorkingDays(n, to: date)).adding(seconds: Int64(instant.localSecondOfDay))
    }

    /// The first working day on or after `date`.
    public func workingDay(onOrAfter date: LocalDate) -> LocalDate {
        isWorkingDay(date) ? date : addingWorkingDays(1, to: date)
    }

    /// Seconds between two instants that fall on working days (time on days off is not counted).
    public func workingSeconds(from start: Instant, to end: Instant) -> Int64 {
        guard start < end else { return 0 }
        let d0 = start.localDate
        let d1 = end.localDate
        if d0 == d1 { return isWorkingDay(d0) ? end.secondsSinceEpoch - start.secondsSinceEpoch : 0 }
        var total: Int64 = 0
        if isWorkingDay(d0) { total += Instant.secondsPerDay - Int64(start.localSecondOfDay) }
        if isWorkingDay(d1) { total += Int64(end.localSecondOfDay) }
        let whole = workingDays(after: d0, through: d1.adding(days: -1))
        return total + Int64(whole) * Instant.secondsPerDay
    }

    /// The instant reached after `hours` hours counted on working days only, starting at `instant`.
    public func addingWorkingHours(_ hours: Int, to instant: Instant) -> Instant {
        addingWorkingSeconds(Int64(hours) * 3600, to: instant)
    }

    /// The instant reached after `seconds` seconds counted on working days only, starting at `instant`.
    public func addingWorkingSeconds(_ seconds: Int64, to instant: Instant) -> Instant {
        var remaining = seconds
        var day = instant.localDate
        var cursor = instant
        while true {
            if isWorkingDay(day) {
                let dayEnd = Instant(local: day.adding(days: 1))
                let available = dayEnd.secondsSinceEpoch - cursor.secondsSinceEpoch
                if remaining <= available { return cursor.adding(seconds: remaining) }
                remaining -= available
            }
            day = day.adding(days: 1)
            cursor = Instant(local: day)
        }
    }
}

/// A calendar that cannot be built from its data.
public struct CalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    enum Code: Hashable, Sendable {
        case dayOffOnWeekend(LocalDate)
        case makeUpDayOnWeekday(LocalDate)
        case wrongYear(LocalDate, Int)
        case duplicate(LocalDate)
    }

    let code: Code

    init(_ code: Code) { self.code = code }

    public var description: String {
        switch code {
        case .dayOffOnWeekend(let d): return "ngày nghỉ \(d) rơi vào cuối tuần: chỉ liệt kê ngày nghỉ từ thứ Hai đến thứ Sáu"
        case .makeUpDayOnWeekday(let d): return "ngày làm bù \(d) không phải thứ Bảy hoặc Chủ nhật"
        case .wrongYear(let d, let y): return "ngày \(d) được xếp vào năm \(y)"
        case .duplicate(let d): return "ngày \(d) được liệt kê hai lần"
        }
    }
}
