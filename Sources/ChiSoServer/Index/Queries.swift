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
