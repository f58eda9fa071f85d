public import ChiSoCore

/// Random dossiers exercising every field (channels, applicants, states, end instants, supplements, pauses, fees,
/// components, results, consulted databases, synced), deterministic for a seed: the one generator of the property
/// and contract tests. ``EdgeProvince`` is the generator aimed at the edges of the on-time rules.
public struct RandomDossiers: Sendable {
    /// The unit codes dossiers are spread over.
    public let units: [String]
    /// The procedure codes dossiers are spread over.
    public let procedures: [String]
    /// The first day receptions fall on (at 8:00 local time).
    public let from: Instant
    /// The number of days receptions are spread over.
    public let days: Int

    public init(
        units: [String] = (0..<7).map { "U\($0)" }, procedures: [String] = (0..<5).map { "P\($0)" }, from: Instant = t(2026, 6, 4, 8),
        days: Int = 120
    ) {
        self.units = units
        self.procedures = procedures
        self.from = from
        self.days = days
    }

    /// `count` dossiers coded `<unit>-260801-<i>`, the units and procedures taken in turn.
    public static func generated(_ count: Int, seed: UInt64 = 1) -> [Dossier] {
        let generator = RandomDossiers()
        var rng = SplitMix(seed: seed)
        return (0..<count).map { i in
            let unit = generator.units[i % generator.units.count]
            return generator.dossier(
                "\(unit)-260801-\(i)", unit: unit, procedure: generator.procedures[i % generator.procedures.count], using: &rng)
        }
    }

    /// A dossier (or a new version of one, for a code already used), in a unit and procedure picked at random unless given.
    public func dossier(_ code: String, unit: String? = nil, procedure: String? = nil, using rng: inout SplitMix) -> Dossier {
        let received = from.adding(seconds: Int64(rng.next() % UInt64(days)) * 86_400 + Int64(rng.next() % 10) * 3600 - 3600)
        let state = Dossier.State.allCases[Int(rng.next() % UInt64(Dossier.State.allCases.count))]
        func maybe(_ instant: Instant) -> Instant? { rng.next() % 2 == 0 ? instant : nil }
        var d = Dossier(
            code: code, procedureCode: procedure ?? procedures[Int(rng.next() % UInt64(procedures.count))],
            unitCode: unit ?? units[Int(rng.next() % UInt64(units.count))],
            channel: [.inPerson, .online, .postal][Int(rng.next() % 3)], applicant: rng.next() % 2 == 0 ? .citizen : .business,
            submittedAt: maybe(received.adding(seconds: -3600)), receivedAt: received, dueAt: maybe(received.adding(seconds: 5 * 86_400)),
            state: state, processedAt: maybe(received.adding(seconds: 3 * 86_400)), returnedAt: maybe(received.adding(seconds: 4 * 86_400)),
            stoppedAt: maybe(received.adding(seconds: 2 * 86_400)), payment: [.notOnline, .nationalPortal, .provincialGateway][Int(rng.next() % 3)],
            hasDigitizedComponents: rng.next() % 2 == 0, vneidAuthenticated: rng.next() % 2 == 0, synced: rng.next() % 2 == 0)
        for k in 0..<Int(rng.next() % 3) {
            d.supplements.append(
                SupplementRequest(
                    requestedAt: received.adding(seconds: Int64(k + 1) * 86_400), suppliedAt: maybe(received.adding(seconds: Int64(k + 2) * 86_400)),
                    previousDueAt: maybe(received), newDueAt: maybe(received.adding(seconds: 9 * 86_400))))
        }
        for _ in 0..<Int(rng.next() % 2) {
            d.pauses.append(Pause(startedAt: received.adding(seconds: 600), endedAt: maybe(received.adding(seconds: 7200))))
        }
        for k in 0..<Int(rng.next() % 3) {
            d.fees.append(Fee(code: "LP\(k)", name: "Lệ phí trước bạ \(k)", amount: Int64(rng.next() % 1_000_000) - 1000))
        }
        for k in 0..<Int(rng.next() % 4) {
            d.components.append(
                Component(code: "TP\(k)", digitized: rng.next() % 2 == 0, reused: rng.next() % 2 == 0, fromDataStore: rng.next() % 2 == 0))
        }
        for k in 0..<Int(rng.next() % 3) {
            d.results.append(
                ResultDocument(name: "Giấy chứng nhận \(k) — bản điện tử", hasFile: rng.next() % 2 == 0, syncedToDataStore: rng.next() % 2 == 0))
        }
        if rng.next() % 2 == 0 { d.databasesConsulted = ["CSDLQGDC", "CSDL đất đai"] }
        return d
    }
}
