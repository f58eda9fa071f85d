import ArgumentParser
import ChiSoCore
import ChiSoIngest
import ChiSoReport
import ChiSoStore

/// `chiso overdue`: open dossiers overdue, or due within N working days, by unit.
struct OverdueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overdue",
        abstract: "Hồ sơ đang xử lý đã quá hạn, hoặc sắp đến hạn trong N ngày làm việc, theo đơn vị."
    )

    @Option(help: "Thời điểm xét (mặc định: hiện tại): yyyy-MM-dd, yyyy-MM-dd HH:mm[:ss] hoặc yyyyMMddHHmmss.") var asOf: String?
    @Option(help: "Cũng liệt kê hồ sơ đến hạn trong số ngày làm việc này.") var within: Int?
    @Option(help: "Định dạng: table, json hoặc csv.") var format = "table"
    @Option(help: "Tệp lịch ngày làm việc (YAML); mặc định lịch chính thức kèm theo.") var calendar: String?
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let asOf, Instant(argument: asOf) == nil { throw ValidationError("thời điểm không hợp lệ: \(asOf)") }
        if let within, within < 0 { throw ValidationError("--within phải từ 0 trở lên") }
        guard ["table", "json", "csv"].contains(format) else { throw ValidationError("định dạng không hợp lệ: \(format) (table, json, csv)") }
    }

    func run() async throws {
        let asOf = asOf.flatMap(Instant.init(argument:)) ?? .now
        let calendar = try calendar.map { (path: String) throws(DataFileError) in try CalendarFile.load(path: path) } ?? CalendarFile.builtIn()
        let store = try await database.openExisting()
        let catalogue = try await store.catalogue()
        let open = try await store.openDossiers(asOf: asOf)
        let list = OverdueList.make(
            dossiers: open, units: catalogue.units, procedures: catalogue.procedures, asOf: asOf, within: within, calendar: calendar)
        print(try list.rendered(format), terminator: "")
    }
}

/// The overdue list: open dossiers judged by Core's `Judge` at an instant, grouped by unit.
struct OverdueList {
    struct Entry {
        let dossier: Dossier
        let procedureName: String
        let deadline: Instant
        /// Positive: working days late; negative or zero: working days left.
        let workingDaysLate: Int
        let overdue: Bool
    }

    struct Group {
        let unitCode: String
        let unitName: String
        var entries: [Entry]
    }

    let asOf: Instant
    let groups: [Group]

    static func make(
        dossiers: [Dossier], units: [ChiSoCore.Unit], procedures: [Procedure], asOf: Instant, within: Int?, calendar: WorkCalendar
    ) -> OverdueList {
        let unitNames = Dictionary(units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let procedureIndex = Dictionary(procedures.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var groups: [String: Group] = [:]
        for d in dossiers where d.state.isReceived {
            let procedure = procedureIndex[d.procedureCode]
            let verdict = Judge.judge(d, statutoryTime: procedure?.statutoryTime, asOf: asOf, calendar: calendar)
            guard !verdict.isResolved, let deadline = verdict.deadline else { continue }
            let overdue = verdict.outcome == .openOverdue
            let late: Int
            if overdue {
                late = calendar.workingDays(after: deadline.localDate, through: asOf.localDate)
            } else {
                // Past the deadline yet not overdue: a supplement request made in time is pending, the clock
                // waits for the applicant (DOMAIN §4 rule 4).
                guard deadline > asOf else { continue }
                let left = calendar.workingDays(after: asOf.localDate, through: deadline.localDate)
                guard let within, left <= within else { continue }
                late = -left
            }
            let entry = Entry(dossier: d, procedureName: procedure?.name ?? "", deadline: deadline, workingDaysLate: late, overdue: overdue)
            groups[d.unitCode, default: Group(unitCode: d.unitCode, unitName: unitNames[d.unitCode] ?? "", entries: [])].entries.append(entry)
        }
        let sorted = groups.values.sorted { $0.unitCode < $1.unitCode }.map { group -> Group in
            var g = group
            g.entries.sort { ($0.deadline, $0.dossier.code) < ($1.deadline, $1.dossier.code) }
            return g
        }
        return OverdueList(asOf: asOf, groups: sorted)
    }

    func rendered(_ format: String) throws -> String {
        switch format {
        case "json": return try json() + "\n"
        case "csv": return csv()
        default: return table()
        }
    }

    private func status(_ e: Entry) -> String {
        e.overdue ? "quá hạn \(e.workingDaysLate) ngày làm việc" : "còn \(-e.workingDaysLate) ngày làm việc"
    }

    func table() -> String {
        let total = groups.reduce(0) { $0 + $1.entries.count }
        let overdue = groups.reduce(0) { $0 + $1.entries.filter(\.overdue).count }
        var out = "Hồ sơ đang xử lý tại thời điểm \(asOf): \(overdue) quá hạn, \(total - overdue) sắp đến hạn\n"
        for g in groups {
            out += "\n\(g.unitName.isEmpty ? g.unitCode : "\(g.unitName) (\(g.unitCode))") — \(g.entries.count) hồ sơ\n"
            for e in g.entries {
                out += "  \(e.dossier.code)  \(e.dossier.procedureCode) \(e.procedureName)  hạn \(e.deadline)  \(status(e))\n"
            }
        }
        return out
    }

    /// The list as JSON: per unit, its dossiers with both `working_days_late` and `working_days_left`.
    func json() throws -> String { try JSONOutput.text(Document(self)) }

    private struct Document: Encodable {
        struct Item: Encodable {
            let code: String
            let procedureCode: String
            let procedureName: String
            let receivedAt: String
            let deadline: String
            let overdue: Bool
            let workingDaysLate: Int
            let workingDaysLeft: Int

            enum CodingKeys: String, CodingKey {
                case code, deadline, overdue
                case procedureCode = "procedure_code"
                case procedureName = "procedure_name"
                case receivedAt = "received_at"
                case workingDaysLate = "working_days_late"
                case workingDaysLeft = "working_days_left"
            }
        }

        struct UnitItems: Encodable {
            let unitCode: String
            let unitName: String
            let dossiers: [Item]

            enum CodingKeys: String, CodingKey {
                case dossiers
                case unitCode = "unit_code"
                case unitName = "unit_name"
            }
        }

        let asOf: String
        let units: [UnitItems]

        enum CodingKeys: String, CodingKey {
            case units
            case asOf = "as_of"
        }

        init(_ list: OverdueList) {
            asOf = list.asOf.description
            units = list.groups.map { g in
                UnitItems(
                    unitCode: g.unitCode, unitName: g.unitName,
                    dossiers: g.entries.map { e in
                        Item(
                            code: e.dossier.code, procedureCode: e.dossier.procedureCode, procedureName: e.procedureName,
                            receivedAt: e.dossier.receivedAt.description, deadline: e.deadline.description, overdue: e.overdue,
                            workingDaysLate: max(0, e.workingDaysLate), workingDaysLeft: max(0, -e.workingDaysLate))
                    })
            }
        }
    }

    func csv() -> String {
        var out = "unit_code,unit_name,dossier_code,procedure_code,procedure_name,received_at,deadline,overdue,working_days_late,working_days_left\n"
        for g in groups {
            for e in g.entries {
                let cells = [
                    g.unitCode, g.unitName, e.dossier.code, e.dossier.procedureCode, e.procedureName, e.dossier.receivedAt.description,
                    e.deadline.description, e.overdue ? "1" : "0", String(max(0, e.workingDaysLate)), String(max(0, -e.workingDaysLate)),
                ]
                out += cells.map { CSVWriter.field($0) }.joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
