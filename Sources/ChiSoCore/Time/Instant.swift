/// A moment in time, as whole seconds since 1970-01-01T00:00:00Z.
///
/// ChiSo's data is in Asia/Ho_Chi_Minh time (UTC+7, no daylight saving), so local dates and times are
/// derived with a fixed offset; no time-zone database is needed.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since the Unix epoch (UTC).
    public let secondsSinceEpoch: Int64

    /// Offset of Asia/Ho_Chi_Minh from UTC, in seconds.
    public static let vietnamOffset: Int64 = 7 * 3600
    public static let secondsPerDay: Int64 = 86_400

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The instant at a local (Asia/Ho_Chi_Minh) date and time of day.
    public init(local date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let local = Int64(date.dayNumber) * Instant.secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
        self.secondsSinceEpoch = local - Instant.vietnamOffset
    }

    /// Seconds since the epoch counted on the local clock.
    var localSeconds: Int64 { secondsSinceEpoch + Instant.vietnamOffset }

    /// The local date (Asia/Ho_Chi_Minh).
    public var localDate: LocalDate {
        LocalDate(dayNumber: Int(Instant.floorDiv(localSeconds, Instant.secondsPerDay)))
    }

    /// Seconds since local midnight.
    public var localSecondOfDay: Int {
        Int(localSeconds - Int64(localDate.dayNumber) * Instant.secondsPerDay)
    }

    /// The instant `seconds` later.
    public func adding(seconds: Int64) -> Instant {
        Instant(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    /// Local date and time as `yyyy-MM-dd HH:mm:ss`.
    public var description: String {
        let s = localSecondOfDay
        return "\(localDate) \(LocalDate.pad(s / 3600, 2)):\(LocalDate.pad(s / 60 % 60, 2)):\(LocalDate.pad(s % 60, 2))"
    }

    /// Local date and time in the DVCQG form `yyyyMMddHHmmss`.
    public var dvcqg: String {
        let (y, m, d) = localDate.components
        let s = localSecondOfDay
        return LocalDate.pad(y, 4) + LocalDate.pad(m, 2) + LocalDate.pad(d, 2) + LocalDate.pad(s / 3600, 2)
            + LocalDate.pad(s / 60 % 60, 2) + LocalDate.pad(s % 60, 2)
    }

    /// Parses the DVCQG form `yyyyMMddHHmmss` (also `yyyyMMddHHmm` and `yyyyMMdd`) as local time.
    public init?(dvcqg text: some StringProtocol) {
        let digits = Array(text.utf8)
        guard digits.count == 14 || digits.count == 12 || digits.count == 8,
            digits.allSatisfy({ $0 >= 48 && $0 <= 57 })
        else { return nil }
        func number(_ from: Int, _ length: Int) -> Int {
            var value = 0
            for i in from..<(from + length) { value = value * 10 + Int(digits[i] - 48) }
            return value
        }
        guard let date = LocalDate(year: number(0, 4), month: number(4, 2), day: number(6, 2)) else { return nil }
        let hour = digits.count >= 12 ? number(8, 2) : 0
        let minute = digits.count >= 12 ? number(10, 2) : 0
        let second = digits.count == 14 ? number(12, 2) : 0
        guard hour < 24, minute < 60, second < 60 else { return nil }
        self.init(local: date, hour: hour, minute: minute, second: second)
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
