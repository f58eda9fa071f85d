import ChiSoTesting

@testable import ChiSoCore

/// The official calendar's 2026 adjustments (a copy of the shipped data, to keep Core tests pure).
let calendar2026: WorkCalendar = try! WorkCalendar(years: [
    2025: .init(
        daysOff: [
            d(2025, 1, 1), d(2025, 1, 27), d(2025, 1, 28), d(2025, 1, 29), d(2025, 1, 30), d(2025, 1, 31), d(2025, 4, 7),
            d(2025, 4, 30), d(2025, 5, 1), d(2025, 5, 2), d(2025, 9, 1), d(2025, 9, 2),
        ], makeUpWorkingDays: [d(2025, 4, 26)]),
    2026: .init(
        daysOff: [
            d(2026, 1, 1), d(2026, 1, 2), d(2026, 2, 16), d(2026, 2, 17), d(2026, 2, 18), d(2026, 2, 19), d(2026, 2, 20),
            d(2026, 4, 27), d(2026, 4, 30), d(2026, 5, 1), d(2026, 8, 31), d(2026, 9, 1), d(2026, 9, 2),
        ], makeUpWorkingDays: [d(2026, 1, 10), d(2026, 8, 22)]),
])

func dossier(
    _ code: String = "H15.50-260105-0001", received: Instant, due: Instant? = nil, state: Dossier.State = .received,
    processed: Instant? = nil, returned: Instant? = nil, stopped: Instant? = nil, supplements: [SupplementRequest] = [],
    unit: String = "U1", procedure: String = "P1"
) -> Dossier {
    Dossier(
        code: code, procedureCode: procedure, unitCode: unit, receivedAt: received, dueAt: due, state: state,
        processedAt: processed, returnedAt: returned, stoppedAt: stopped, supplements: supplements)
}
