import ChiSoCore
import ChiSoStore

/// A procedure's figures in a unit (and its children) for a period: the drill-down behind the on-time losses.
struct ProcedureFigures: Sendable {
    let code: String
    let name: String
    var dossiers = 0
    var onTime = 0
    var overdue = 0
    var openOverdue = 0
    var online = 0

    /// Dossiers that cost points: ended late or still open past the deadline.
    var losses: Int { overdue + openOverdue }
}

/// An open dossier overdue or due soon.
struct OverdueItem: Sendable {
    let dossier: Dossier
    let procedureName: String
    let deadline: Instant
    let overdue: Bool
    /// Working days late (overdue) or left (due soon).
    let workingDays: Int
}

extension IndexService {
    /// Per-procedure figures of the dossiers of `units` in a period, worst first.
    func procedureFigures(units: Set<String>, period: Period, procedure: String? = nil) async throws -> [ProcedureFigures] {
        let catalogue = try await currentCatalogue()
        let dossiers = try await self.dossiers(period)
        let asOf = min(now, period.endInstant.adding(seconds: -1))
        var table: [String: ProcedureFigures] = [:]
        for d in dossiers where units.contains(d.unitCode) && (procedure == nil || d.procedureCode == procedure) {
            guard Judge.belongs(d, to: period, judgedAt: asOf) else { continue }
            let p = catalogue.procedure(d.procedureCode)
            let verdict = Judge.judge(d, statutoryTime: p?.statutoryTime, asOf: asOf, calendar: calendar)
            var f = table[d.procedureCode] ?? ProcedureFigures(code: d.procedureCode, name: p?.name ?? "")
            f.dossiers += 1
            if verdict.outcome.countsAsOnTime { f.onTime += 1 }
            if verdict.outcome == .overdue { f.overdue += 1 }
            if verdict.outcome == .openOverdue { f.openOverdue += 1 }
            if d.channel == .online { f.online += 1 }
            table[d.procedureCode] = f
        }
        return table.values.sorted { ($0.losses, $0.dossiers, $1.code) > ($1.losses, $1.dossiers, $0.code) }
    }

    /// The dossiers of one procedure in `units` for a period, judged.
    func procedureDossiers(units: Set<String>, period: Period, procedure: String) async throws -> [(Dossier, Verdict)] {
        let catalogue = try await currentCatalogue()
        let asOf = min(now, period.endInstant.adding(seconds: -1))
        let p = catalogue.procedure(procedure)
        return try await dossiers(period)
            .filter { units.contains($0.unitCode) && $0.procedureCode == procedure && Judge.belongs($0, to: period, judgedAt: asOf) }
            .map { ($0, Judge.judge($0, statutoryTime: p?.statutoryTime, asOf: asOf, calendar: calendar)) }
            .sorted { $0.0.receivedAt > $1.0.receivedAt }
    }

    /// Open dossiers of `units` (all when nil) overdue now, or due within `within` working days.
    func overdue(units: Set<String>?, within: Int) async throws -> [OverdueItem] {
        let catalogue = try await currentCatalogue()
        let asOf = now
        var out: [OverdueItem] = []
        for d in try await store.openDossiers(asOf: asOf) where d.state.isReceived && units?.contains(d.unitCode) ?? true {
            let p = catalogue.procedure(d.procedureCode)
            let verdict = Judge.judge(d, statutoryTime: p?.statutoryTime, asOf: asOf, calendar: calendar)
            guard !verdict.isResolved, let deadline = verdict.deadline else { continue }
            if verdict.outcome == .openOverdue {
                out.append(
                    OverdueItem(
                        dossier: d, procedureName: p?.name ?? "", deadline: deadline, overdue: true,
                        workingDays: calendar.workingDays(after: deadline.localDate, through: asOf.localDate)))
            } else if deadline > asOf {
                let left = calendar.workingDays(after: asOf.localDate, through: deadline.localDate)
                if left <= within {
                    out.append(OverdueItem(dossier: d, procedureName: p?.name ?? "", deadline: deadline, overdue: false, workingDays: left))
                }
            }
        }
        return out.sorted { ($0.overdue ? 0 : 1, $0.deadline, $0.dossier.code) < ($1.overdue ? 0 : 1, $1.deadline, $1.dossier.code) }
    }
}

/// A unit's score at one point of a trend; nil where the unit had no dossier (không phát sinh hồ sơ).
struct TrendPoint: Sendable {
    let period: Period
    let score: UnitScore?
}

extension IndexService {
    /// A unit's score month by month over the last twelve months, the open month included.
    func monthlyTrend(unit code: String) async throws -> [TrendPoint] {
        var out: [TrendPoint] = []
        for period in PublicPeriods.trend(now: now) {
            out.append(TrendPoint(period: period, score: try await score(unit: code, period: period)))
        }
        return out
    }

    /// A unit's score day by day in the open month: the month's index as it stood at the end of each day from the
    /// first of the month (a closed range, computed once), and the open month itself as of now for today.
    func dailyTrend(unit code: String) async throws -> [TrendPoint] {
        let month = openPeriod
        let today = now.localDate
        var out: [TrendPoint] = []
        var day = month.start
        while day <= today {
            let period = day == today ? month : Period.range(month.start, day)!
            out.append(TrendPoint(period: period, score: try await score(unit: code, period: period)))
            day = day.adding(days: 1)
        }
        return out
    }

    /// A unit's score in a period, nil when it had no dossier there (or was not in force).
    private func score(unit code: String, period: Period) async throws -> UnitScore? {
        guard let figures = try await aggregation(period)[code], !figures.hasNoDossiers, figures.unit.isValid(during: period) else { return nil }
        return methodology.score(unit: figures.unit, counts: figures.counts)
    }
}
