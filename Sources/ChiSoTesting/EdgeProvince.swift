public import ChiSoCore

/// A generated province whose dossiers cover the edges of DOMAIN §4 and §4a: receptions, deadlines and ends on
/// weekends, holidays, make-up days and month ends; every state (D1: registered and refused are not received;
/// withdrawn ends a received dossier); supplement requests pending, supplied, repeated, with a new deadline, or
/// after the end (D2); procedures with statutory times in working days, days and hours and none (rule 7, D5);
/// fees none, zero and paid; results with and without files (D7, D8); pauses on the due date (rule 9); unknown units
/// and procedures.
public struct EdgeProvince {
    public static let units = [
        Unit(code: "000.00.00.H10", name: "UBND tỉnh", kind: .province),
        Unit(code: "000.00.01.H10", name: "Sở Tư pháp", kind: .department, parentCode: "000.00.00.H10"),
        Unit(code: "000.00.02.H10", name: "Sở Y tế", kind: .department, parentCode: "000.00.00.H10"),
        Unit(code: "000.20.00.H10", name: "UBND huyện", kind: .district, parentCode: "000.00.00.H10"),
        Unit(
            code: "000.20.21.H10", name: "UBND xã A", kind: .commune, parentCode: "000.20.00.H10", offersElectronicCertifiedCopy: true),
        Unit(code: "000.20.22.H10", name: "UBND xã B", kind: .commune, parentCode: "000.20.00.H10"),
    ]
    public static let procedures = [
        Procedure(
            code: "1.001", name: "Lý lịch tư pháp", onlineLevel: .full, resultDocumentRequired: true, feeBearing: true,
            statutoryTime: .init(10, .workingDays), unitCodes: ["000.00.01.H10"],
            publication: Publication(decisionDate: d(2026, 3, 2), effectiveDate: d(2026, 3, 16), publicizedDate: d(2026, 3, 5), contentComplete: true)
        ),
        Procedure(
            code: "1.002", name: "Giấy phép hành nghề", onlineLevel: .none, resultDocumentRequired: false, feeBearing: false,
            statutoryTime: .init(5, .days), applicants: .businesses, unitCodes: ["000.00.02.H10"]),
        Procedure(
            code: "2.001", name: "Chứng thực bản sao", onlineLevel: .partial, resultDocumentRequired: true, feeBearing: true,
            statutoryTime: .init(8, .hours), applicants: .citizens, unitKinds: [.commune]),
        Procedure(
            code: "2.002", name: "Đăng ký hộ tịch", onlineLevel: .full, resultDocumentRequired: false, feeBearing: true,
            unitKinds: [.commune, .district]),
    ]
    public static let unitCodes = units.map(\.code) + ["999.99.99.H10"]
    public static let procedureCodes = procedures.map(\.code) + ["9.999"]

    public static func catalogue() -> Catalogue { try! Catalogue(units: units, procedures: procedures) }

    /// Instants on the edges: weekends, holidays (Tết, 30/4, 2/9), make-up days, month ends, the last second of a day.
    public static let edgeInstants: [Instant] = [
        t(2026, 1, 9, 16, 59), t(2026, 1, 10, 8), t(2026, 1, 31, 23, 59).adding(seconds: 59), t(2026, 2, 1),
        t(2026, 2, 13, 17), t(2026, 2, 14, 9), t(2026, 2, 16, 8), t(2026, 2, 20, 23, 59), t(2026, 2, 23, 7, 30),
        t(2026, 2, 28, 23, 59).adding(seconds: 59), t(2026, 3, 1), t(2026, 3, 31, 17), t(2026, 4, 1), t(2026, 4, 24, 17),
        t(2026, 4, 29, 16), t(2026, 4, 30, 10), t(2026, 5, 4, 8), t(2026, 6, 30, 23, 59).adding(seconds: 59),
        t(2026, 8, 21, 17), t(2026, 8, 22, 9), t(2026, 8, 31, 8), t(2026, 9, 2, 12), t(2026, 9, 3, 8), t(2026, 9, 30, 23, 59),
        t(2025, 12, 31, 23, 59).adding(seconds: 59),
    ]

    public var rng: SplitMix
    /// The working calendar deadlines are counted on (the official one of 2025–2026).
    public let calendar: WorkCalendar

    public init(seed: UInt64, calendar: WorkCalendar) {
        rng = SplitMix(seed: seed)
        self.calendar = calendar
    }

    public mutating func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }
    public mutating func chance(_ n: UInt64) -> Bool { rng.next() % n == 0 }
    public mutating func seconds(upTo days: Int64) -> Int64 { Int64(rng.next() % UInt64(days * 86_400)) }

    /// An instant on an edge or anywhere from December 2025 to October 2026.
    public mutating func instant() -> Instant {
        chance(3) ? pick(Self.edgeInstants) : t(2025, 12, 1).adding(seconds: seconds(upTo: 320))
    }

    /// An instant near another: exactly on it, a second either side, or a few days after.
    public mutating func near(_ base: Instant, days: Int64 = 20) -> Instant {
        switch rng.next() % 6 {
        case 0: return base
        case 1: return base.adding(seconds: 1)
        case 2: return base.adding(seconds: -1)
        case 3: return pick(Self.edgeInstants.filter { $0 >= base } + [base])
        default: return base.adding(seconds: seconds(upTo: days))
        }
    }

    public mutating func dossier(_ code: String) -> Dossier {
        let received = instant()
        let due: Instant?
        switch rng.next() % 8 {
        case 0: due = nil
        case 1: due = received.adding(seconds: -seconds(upTo: 3))  // a deadline before the reception (a data error)
        case 2: due = calendar.addingWorkingDays(Int(rng.next() % 12), to: received)
        default: due = near(received, days: 15)
        }
        let state = pick(Dossier.State.allCases)
        var processed: Instant?
        var returned: Instant?
        var stopped: Instant?
        let end = near(due ?? received, days: 10)
        switch state {
        case .processed:
            processed = end
            if chance(2) { returned = end.adding(seconds: seconds(upTo: 3)) }
        case .returned:
            returned = end
            if chance(2) { processed = end.adding(seconds: -seconds(upTo: 2)) }
        case .refused, .stopped, .withdrawn:
            stopped = end
        default:
            if chance(6) { processed = end }  // an end instant on a dossier whose state is not terminal: ignored
        }
        var supplements: [SupplementRequest] = []
        for _ in 0..<(chance(2) ? 0 : (chance(3) ? 2 : 1)) {
            let asked = chance(8) ? end.adding(seconds: 1 + seconds(upTo: 5)) : near(received, days: 6)
            let supplied: Instant? = chance(3) ? nil : near(asked, days: 8)
            let newDue: Instant? = chance(3) ? near(supplied ?? asked, days: 10) : nil
            supplements.append(.init(requestedAt: asked, suppliedAt: supplied, previousDueAt: due, newDueAt: newDue))
        }
        let pauses: [Pause] = chance(6) ? [Pause(startedAt: Instant(local: (due ?? received).localDate, hour: 9))] : []
        let fees: [Fee] = pick([[], [Fee(amount: 0)], [Fee(amount: 50_000)], [Fee(amount: 0), Fee(amount: 20_000)]])
        let components: [Component] =
            chance(2) ? [] : [Component(digitized: chance(2), reused: chance(3), fromDataStore: chance(4))]
        let results: [ResultDocument] = chance(3) ? [] : [ResultDocument(hasFile: chance(2), syncedToDataStore: chance(4))]
        return Dossier(
            code: code, procedureCode: chance(12) ? "9.999" : pick(Self.procedureCodes),
            unitCode: chance(15) ? "999.99.99.H10" : pick(Self.unitCodes),
            channel: pick([.online, .inPerson, .postal]), applicant: pick([.citizen, .business]), receivedAt: received, dueAt: due, state: state,
            processedAt: processed, returnedAt: returned, stoppedAt: stopped, supplements: supplements, pauses: pauses, fees: fees,
            payment: pick([.notOnline, .nationalPortal, .provincialGateway]), components: components, results: results,
            hasDigitizedComponents: chance(4), vneidAuthenticated: chance(3), databasesConsulted: chance(4) ? ["CSDLQGDC"] : [], synced: !chance(5))
    }

    public mutating func petition(_ code: String, dossiers: [String]) -> Petition {
        let received = instant()
        return Petition(
            code: code, unitCode: pick(Self.unitCodes), receivedAt: received,
            resolvedAt: chance(3) ? nil : near(calendar.addingWorkingDays(15, to: received), days: 5),
            rating: pick([nil, .satisfied, .unsatisfied]), repeated: chance(5), dossierCode: chance(2) ? pick(dossiers) : nil)
    }

    public mutating func rating(dossiers: [String]) -> Rating {
        Rating(dossierCode: pick(dossiers), value: pick([.satisfied, .unsatisfied]), ratedAt: chance(2) ? instant() : nil)
    }
}
