/// Why a period is not scored (DOMAIN §4a D11): a period that has not started, or one with no data at all,
/// is refused with a clear message, never scored as if it were real.
public enum PeriodRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The period begins after the instant of judgement.
    case notStarted(Period)
    /// No unit had a dossier to judge in the period.
    case noData(Period)

    /// Refuses an aggregation that cannot be scored as of `now`.
    public static func check(_ aggregation: Aggregation, now: Instant) throws(PeriodRefusal) {
        if aggregation.period.startInstant > now { throw .notStarted(aggregation.period) }
        if aggregation.hasNoDossiers { throw .noData(aggregation.period) }
    }

    public var period: Period {
        switch self {
        case .notStarted(let p), .noData(let p): return p
        }
    }

    /// The message a user reads.
    public var description: String {
        switch self {
        case .notStarted(let p):
            return "Kỳ \(p.vietnameseName) (\(p)) chưa bắt đầu: chưa có số liệu để đánh giá, xếp hạng."
        case .noData(let p):
            return "Kỳ \(p.vietnameseName) (\(p)) không có hồ sơ nào trong dữ liệu: không đánh giá, xếp hạng một kỳ không có số liệu."
        }
    }
}
