import ArgumentParser
import ChiSoCore
import ChiSoDemo
import ChiSoIngest
import Foundation

/// `chiso bench`: measures judging and aggregating a large synthetic data set, and prints the figures.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Đo tốc độ chấm và tổng hợp chỉ số trên dữ liệu tổng hợp (chạy bản release để có số liệu đúng)."
    )

    @Option(help: "Số hồ sơ.") var dossiers = 1_000_000
    @Option(help: "Số đơn vị.") var units = 200
    @Option(help: "Số lần chạy.") var runs = 5
    @Option(help: "Hạt giống ngẫu nhiên.") var seed: UInt64 = 766

    func validate() throws {
        guard dossiers > 0, units > 1, runs > 0 else { throw ValidationError("--dossiers, --units và --runs phải lớn hơn 0") }
    }

    func run() throws {
        let calendar = try CalendarFile.builtIn()
        let data = SyntheticProvince(units: units, dossiers: dossiers, seed: seed)
        let catalogue = try Catalogue(units: data.units, procedures: data.procedures)
        let period = Period("2026-08")!
        print("Dữ liệu: \(dossiers) hồ sơ, \(data.units.count) đơn vị, \(data.procedures.count) TTHC; kỳ \(period); \(runs) lần chạy")
        var seconds: [Double] = []
        var checksum = 0
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let elapsed = clock.measure {
                let a = IndexAccumulator.aggregate(catalogue: catalogue, dossiers: data.dossiers, period: period, calendar: calendar)
                checksum = a.figures[0].processing.total
            }
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let sorted = seconds.sorted()
        let median = sorted[sorted.count / 2]
        func ms(_ s: Double) -> String { Decimal2.vietnamese(s * 1000, places: 1) + " ms" }
        print("Chấm và tổng hợp: trung vị \(ms(median)), nhanh nhất \(ms(sorted[0])), chậm nhất \(ms(sorted[sorted.count - 1]))")
        print("Tốc độ: \(Int(Double(dossiers) / median)) hồ sơ/giây (trung vị); tổng hồ sơ của tỉnh trong kỳ: \(checksum)")
    }
}

/// A deterministic synthetic province for benchmarks: a tree of units and a month of dossiers.
struct SyntheticProvince {
    let units: [ChiSoCore.Unit]
    let procedures: [Procedure]
    let dossiers: [Dossier]

    init(units unitCount: Int, dossiers count: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var units = [ChiSoCore.Unit(code: "000.00.00.H00", name: "UBND tỉnh", kind: .province)]
        for i in 1..<unitCount {
            let kind: ChiSoCore.Unit.Kind = i <= 20 ? .department : .commune
            units.append(ChiSoCore.Unit(code: "U\(i)", name: "Đơn vị \(i)", kind: kind, parentCode: units[0].code))
        }
        var procedures: [Procedure] = []
        for i in 0..<300 {
            procedures.append(
                Procedure(
                    code: "1.\(100_000 + i)", name: "Thủ tục \(i)", onlineLevel: i % 3 == 0 ? .none : (i % 3 == 1 ? .partial : .full),
                    feeBearing: i % 2 == 0, statutoryTime: .init(5 + i % 10, .workingDays), unitKinds: [i < 150 ? .department : .commune]))
        }
        let start = Instant(local: LocalDate(year: 2026, month: 7, day: 1)!)
        var dossiers: [Dossier] = []
        dossiers.reserveCapacity(count)
        for i in 0..<count {
            let unit = 1 + Int(rng.next() % UInt64(unitCount - 1))
            let procedure = (unit <= 20 ? 0 : 150) + Int(rng.next() % 150)
            let received = start.adding(seconds: Int64(rng.next() % (62 * 86_400)))
            let due = received.adding(seconds: Int64(3 + rng.next() % 10) * 86_400)
            let ended = rng.next() % 10 < 8
            let end = received.adding(seconds: Int64(rng.next() % (12 * 86_400)))
            var supplements: [SupplementRequest] = []
            if rng.next() % 20 == 0 {
                let asked = received.adding(seconds: 86_400)
                supplements.append(SupplementRequest(requestedAt: asked, suppliedAt: rng.next() % 2 == 0 ? asked.adding(seconds: 2 * 86_400) : nil))
            }
            dossiers.append(
                Dossier(
                    code: "U\(unit)-260701-\(i)", procedureCode: procedures[procedure].code, unitCode: units[unit].code,
                    channel: rng.next() % 3 == 0 ? .inPerson : .online, receivedAt: received, dueAt: rng.next() % 10 == 0 ? nil : due,
                    state: ended ? .returned : .processing, processedAt: ended ? end : nil, supplements: supplements,
                    fees: procedures[procedure].feeBearing ? [Fee(amount: 50_000)] : [], payment: rng.next() % 2 == 0 ? .nationalPortal : .notOnline,
                    components: [Component(digitized: rng.next() % 4 != 0, reused: rng.next() % 3 == 0)],
                    results: ended ? [ResultDocument(hasFile: rng.next() % 5 != 0)] : [], vneidAuthenticated: rng.next() % 2 == 0))
        }
        self.units = units
        self.procedures = procedures
        self.dossiers = dossiers
    }
}
