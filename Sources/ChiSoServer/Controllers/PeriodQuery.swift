import ChiSoCore
import Hummingbird

/// `?period=` and `?level=` of the query API and the pages.
enum PeriodQuery {
    static func period(_ request: Request, default fallback: Period) throws -> Period {
        guard let text = request.uri.queryParameters.get("period"), !text.isEmpty else { return fallback }
        guard let period = Period(text) else { throw HTTPError(.badRequest, message: "Kỳ không hợp lệ: \(text) (ví dụ 2026-08, 2026-Q3, 2026).") }
        return period
    }

    /// The levels asked for; nil for all.
    static func levels(_ request: Request) throws -> Set<ChiSoCore.Unit.Kind>? {
        guard let text = request.uri.queryParameters.get("level"), !text.isEmpty, text != "all" else { return nil }
        guard let kind = ChiSoCore.Unit.Kind(rawValue: text) else {
            throw HTTPError(.badRequest, message: "Cấp không hợp lệ: \(text) (province, department, district, commune, other, all).")
        }
        return [kind]
    }
}

/// The closed periods offered on the public page, newest first.
enum PublicPeriods {
    static func list(now: Instant) -> [Period] {
        let d = now.localDate
        var months: [Period] = []
        var p = Period.month(d.year, d.month).previous
        for _ in 0..<12 {
            months.append(p)
            p = p.previous
        }
        var quarters: [Period] = []
        var q = Period.quarter(d.year, (d.month - 1) / 3 + 1).previous
        for _ in 0..<4 {
            quarters.append(q)
            q = q.previous
        }
        return months + quarters + [Period.year(d.year - 1)]
    }

    /// The last twelve months up to and including the open one, oldest first (the trend chart).
    static func trend(now: Instant) -> [Period] {
        let d = now.localDate
        var p = Period.month(d.year, d.month)
        var out = [p]
        for _ in 0..<11 {
            p = p.previous
            out.append(p)
        }
        return out.reversed()
    }
}
